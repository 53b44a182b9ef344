"""Training a [2, 64, 64, 1] sigmoid network at batch 256: hand-written numpy (bpcore.mlp)
against PyTorch autograd, float64, on the same data, in the same run.

    python benchmarks/bench_mlp.py              # the two comparisons and their ratios
    python benchmarks/bench_mlp.py --profile    # and where bpcore.mlp's step spends its time

Both are run twice: with the libraries' default threads, then in a fresh process with one thread
each (OPENBLAS_NUM_THREADS=1, torch.set_num_threads(1)).  On a small, loaded machine torch's
thread pool can cost more than it gains, so the one-thread figures are the fairer comparison.

What is timed, and why:
(a) one step through the public API, `mlp.train(params, X, Y, lr, epochs=1)`: what a student's
    call costs, input checks included;
(b) a 100-epoch `mlp.train`, per epoch: the checks are paid once, so this is the cost of the
    arithmetic itself, as in any real training run.
Autograd does the same work each time: forward, loss, `loss.backward()`, and the update
W ← W − lr·∂L/∂W under `torch.no_grad()`; for (b) it also reads each epoch's loss (`.item()`),
as mlp.train records it.  The contenders take turns in short blocks and each figure is a median
over blocks, so that a neighbour's load on a shared machine hits both alike.  Ratios are
autograd time / numpy time: above 1 the hand-written numpy is faster.  Nothing is asserted.
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
EPOCHS = 100  # for (b)
ROUNDS = 40  # blocks per contender


def data():
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (BATCH, SIZES[0]))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    return mlp.init(SIZES, seed=0), X, Y


def torch_stepper(params, X, Y):
    """One autograd step on leaves made once (the cheapest fair step: no tensor copies per call).

    Each call does forward, loss, `L.backward()` and the update W ← W − lr·∂L/∂W, and returns L.
    """
    leaves = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in params]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)

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


def torch_train(params, X, Y, epochs):
    """Autograd's training run, as mlp.train does it: fresh leaves from params, float64, each epoch's loss
    read."""
    step = torch_stepper(params, X, Y)
    return [step().item() for _ in range(epochs)]


def race(contenders: dict, calls_per_block: int, per_call: int = 1) -> dict:
    """Median seconds per unit of work (a call / per_call), the contenders timed in turns."""
    times = {name: [] for name in contenders}
    for name, f in contenders.items():  # warm-up
        for _ in range(calls_per_block):
            f()
    for _ in range(ROUNDS):
        for name, f in contenders.items():
            start = time.perf_counter()
            for _ in range(calls_per_block):
                f()
            times[name].append((time.perf_counter() - start) / (calls_per_block * per_call))
    return {name: statistics.median(t) for name, t in times.items()}


def report(title, t, numpy_name, torch_name):
    print(f"\n{title}")
    for name, seconds in t.items():
        print(f"  {name:48s} {seconds * 1e6:8.1f} µs")
    print(f"  ratio autograd / numpy = {t[torch_name] / t[numpy_name]:.2f}"
          "   (> 1: the hand-written numpy is faster)")


def profile(params, X, Y):
    """The time of each operation in bpcore.mlp's step, written as its formula (bpcore.mlp's docstrings),
    with the arrays the step really uses; the activations and gradients come from mlp's public API."""
    A = mlp.forward(params, X)
    (W1, b1), (W2, b2), (W3, b3) = params
    Z2 = A[1] @ W2 + b2
    delta2 = np.ones((BATCH, SIZES[2]))
    grads = mlp.backprop(params, X, Y)
    ops = {
        "input checks (layer_params, shaped X and Y)": lambda: (
            mlp.layer_params(params), mlp.shaped(X, (None, SIZES[0]), "X"),
            mlp.shaped(Y, (BATCH, SIZES[-1]), "Y")),
        "X @ W1           (256, 2) @ (2, 64)": lambda: X @ W1,
        "A1 @ W2          (256, 64) @ (64, 64)": lambda: A[1] @ W2,
        "A1 @ W2 + b      (256, 64) @ (64, 64), b added": lambda: A[1] @ W2 + b2,
        "sigmoid          (256, 64), one hidden layer": lambda: mlp.sigmoid(Z2),
        "A2 @ W3 + σ      (256, 64) @ (64, 1)": lambda: mlp.sigmoid(A[2] @ W3 + b3),
        "loss ½Σ(A − Y)²  (256, 1), mean": lambda: float(np.mean(0.5 * np.sum((A[-1] - Y) ** 2, axis=1))),
        "A1ᵀ @ δ2         (64, 256) @ (256, 64)": lambda: A[1].T @ delta2,
        "δ2 @ W2ᵀ         (256, 64) @ (64, 64)": lambda: delta2 @ W2.T,
        "δ ⊙ A ⊙ (1 − A)  (256, 64)": lambda: delta2 * A[1] * (1 - A[1]),
        "db = Σ rows δ    (256, 64)": lambda: delta2.sum(axis=0),
        "update W − lr·dW, all layers": lambda: [(W - LR * dW, b - LR * db)
                                                 for (W, b), (dW, db) in zip(params, grads)],
        "finite check of the weights, per epoch": lambda: all(np.isfinite(W).all() for W, _ in params),
        "one epoch, mlp.train(..., epochs=1), checks included": lambda: mlp.train(params, X, Y, lr=LR,
                                                                                   epochs=1),
    }
    t = race(ops, calls_per_block=50)
    print("\nwhere bpcore.mlp's step spends its time (median µs per call)")
    for name, seconds in t.items():
        print(f"  {name:52s} {seconds * 1e6:7.1f}")


ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


if __name__ == "__main__":
    child = "--one-thread" in sys.argv
    if child:
        torch.set_num_threads(1)
    params, X, Y = data()
    print(f"\n=== {'one thread' if child else 'default threads'} ===")
    print(f"sizes {SIZES}, batch {BATCH}, float64; numpy {np.__version__}, torch {torch.__version__}, "
          f"torch threads {torch.get_num_threads()}; median over {ROUNDS} blocks, contenders in turns")

    # The two runs compute the same losses (to rounding): the comparison is of equal work.
    ours = mlp.train(params, X, Y, lr=LR, epochs=5).losses
    theirs = torch_train(params, X, Y, 5)
    assert np.allclose(ours, theirs, rtol=1e-12), (ours, theirs)

    report("(a) one step through the public API: mlp.train(params, X, Y, lr, epochs=1)",
           race({"numpy: mlp.train(..., epochs=1)": lambda: mlp.train(params, X, Y, lr=LR, epochs=1),
                 "autograd: one step": torch_stepper(params, X, Y)}, calls_per_block=25),
           "numpy: mlp.train(..., epochs=1)", "autograd: one step")
    numpy_run = f"numpy: mlp.train(..., epochs={EPOCHS})"
    torch_run = f"autograd: {EPOCHS} steps, loss read each epoch"
    report(f"(b) a {EPOCHS}-epoch training run, per epoch",
           race({numpy_run: lambda: mlp.train(params, X, Y, lr=LR, epochs=EPOCHS),
                 torch_run: lambda: torch_train(params, X, Y, EPOCHS)},
                calls_per_block=1, per_call=EPOCHS),
           numpy_run, torch_run)
    if "--profile" in sys.argv:
        profile(params, X, Y)
    if not child:
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--one-thread", *sys.argv[1:]],
                       env={**os.environ, **ONE_THREAD}, check=True)
