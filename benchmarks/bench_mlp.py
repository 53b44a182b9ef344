"""One training step of a [2, 64, 64, 1] sigmoid network at batch 256: hand-written numpy
(bpcore.mlp) against PyTorch autograd, on the same data, in the same run.

    python benchmarks/bench_mlp.py

A step is forward, loss, backward and the update W ← W − lr·∂L/∂W.  Each timing is the median
of many repeats after a warm-up.  Prints figures and ratios; asserts nothing (shared, noisy
machines).  Also shown, to explain the ratio: bpcore.mlp without its input checks, torch in
float32, and two re-runs in fresh processes: one thread everywhere, and glibc's malloc told
to keep freed blocks (a (256, 64) float64 temporary is exactly 128 KiB, glibc's default
threshold for serving a block by a fresh mmap, so page faults were a suspect).

Measured here (2 shared cores): numpy's unchecked step about 1.1x faster than autograd float64,
bpcore.mlp.train with its input checks about even (0.97x); threads and malloc change neither.
Where numpy's time goes: the two 64x64 matrix products of each pass (~25 µs each, as in torch),
and the sigmoid, five numpy passes (abs, negate, exp, where, divide; ~33 µs per hidden layer)
where torch runs one fused kernel forward and one fused sigmoid_backward.
"""

import os
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

from bpcore import mlp

SIZES = [2, 64, 64, 1]
BATCH = 256
LR = 0.5
REPEATS = 1000
WARMUP = 100
RERUNS = {
    "one thread (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1))": {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
    "malloc keeps freed blocks (MALLOC_MMAP_THRESHOLD_=1 MiB, MALLOC_TRIM_THRESHOLD_=64 MiB)":
        {"MALLOC_MMAP_THRESHOLD_": "1048576", "MALLOC_TRIM_THRESHOLD_": "67108864"},
}


def median_time(step):
    for _ in range(WARMUP):
        step()
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def numpy_step(params, X, Y):
    """The public API: checks its inputs, then one epoch of gradient descent."""
    return lambda: mlp.train(params, X, Y, lr=LR, epochs=1)


def numpy_step_unchecked(params, X, Y):
    """The same arithmetic without the shape and finiteness checks."""
    def step():
        A = mlp._forward(params, X)
        mlp._loss(A[-1], Y)
        return mlp._step(params, mlp._backprop(params, A, Y), LR)
    return step


def torch_step(params, X, Y, dtype):
    leaves = [(torch.tensor(W, dtype=dtype, requires_grad=True), torch.tensor(b, dtype=dtype, requires_grad=True))
              for W, b in params]
    Xt, Yt = torch.tensor(X, dtype=dtype), torch.tensor(Y, dtype=dtype)

    def step():
        A = Xt
        for W, b in leaves:
            A = torch.sigmoid(A @ W + b)
        L = (0.5 * ((A - Yt) ** 2).sum(dim=1)).mean()
        L.backward()
        with torch.no_grad():
            for W, b in leaves:
                W -= LR * W.grad
                b -= LR * b.grad
                W.grad = None
                b.grad = None
        return L
    return step


def measure(label_threads):
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (BATCH, SIZES[0]))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    params = mlp.init(SIZES, seed=0)
    t = {
        "numpy float64, bpcore.mlp.train (checked)": median_time(numpy_step(params, X, Y)),
        "numpy float64, unchecked core": median_time(numpy_step_unchecked(params, X, Y)),
        "torch float64, autograd": median_time(torch_step(params, X, Y, torch.float64)),
        "torch float32, autograd": median_time(torch_step(params, X, Y, torch.float32)),
    }
    print(f"\n{label_threads}")
    for label, seconds in t.items():
        print(f"  {label:44s} {seconds * 1e6:8.1f} µs")
    auto = t["torch float64, autograd"]
    print(f"  autograd float64 / numpy (checked)   = {auto / t['numpy float64, bpcore.mlp.train (checked)']:.2f}"
          "  (> 1: the hand-written numpy step is faster)")
    print(f"  autograd float64 / numpy (unchecked) = {auto / t['numpy float64, unchecked core']:.2f}")
    return t


if __name__ == "__main__":
    if len(sys.argv) > 1:  # a re-run in a fresh process, under the environment it was given
        if os.environ.get("OMP_NUM_THREADS") == "1":
            torch.set_num_threads(1)
        measure(sys.argv[1])
        sys.exit()
    print(f"one training step, sizes {SIZES}, batch {BATCH}; median of {REPEATS} after {WARMUP} warm-up steps")
    print(f"numpy {np.__version__}, torch {torch.__version__}, torch threads {torch.get_num_threads()}")
    measure("default settings")
    for label, env in RERUNS.items():
        subprocess.run([sys.executable, __file__, label], env={**os.environ, **env}, check=True)
