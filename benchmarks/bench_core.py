"""How fast is the scalar core?  Both sides measured in one run, reported as ratios.

    python benchmarks/bench_core.py

1. `import bpcore` in a fresh interpreter: its time, and whether torch or numpy came along.
2. bpcore.train (hand-written, plain floats) against bpcore.autograd.train (PyTorch
   loss.backward()) over the same 2,000 epochs of the worked example.
Prints figures; asserts nothing (the machines are shared and noisy).
"""

import statistics
import subprocess
import sys
import time

import bpcore

EPOCHS = 2000
REPEATS = 5


def import_time():
    code = ("import sys, time; t = time.perf_counter(); import bpcore; t = time.perf_counter() - t; "
            "print(t, 'torch' in sys.modules, 'numpy' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
            for _ in range(REPEATS)]
    return statistics.median(float(r[0]) for r in runs), runs[0][1], runs[0][2]


def best_of(*fns, rounds=2 * REPEATS):
    """Each function's best time over `rounds`, the functions taking turns in each round, so that a busy
    moment of a shared machine slows both sides of the ratio, not one."""
    times = [[] for _ in fns]
    for _ in range(rounds):
        for fn, kept in zip(fns, times):
            start = time.perf_counter()
            fn()
            kept.append(time.perf_counter() - start)
    return [min(kept) for kept in times]


if __name__ == "__main__":
    seconds, torch_loaded, numpy_loaded = import_time()
    print(f"import bpcore: {seconds * 1000:.1f} ms (median of {REPEATS} fresh interpreters), "
          f"torch loaded: {torch_loaded}, numpy loaded: {numpy_loaded}")

    args = (bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y)
    bpcore.autograd.train(*args, epochs=5)  # import torch and warm it up outside the timing
    hand, auto = best_of(lambda: bpcore.train(*args, lr=1.0, epochs=EPOCHS),
                         lambda: bpcore.autograd.train(*args, lr=1.0, epochs=EPOCHS))
    print(f"train, {EPOCHS} epochs (best of {2 * REPEATS}, taking turns):")
    print(f"  bpcore.train (hand, floats)       {hand * 1000:8.1f} ms  {hand / EPOCHS * 1e6:7.1f} µs/epoch")
    print(f"  bpcore.autograd.train (float64)   {auto * 1000:8.1f} ms  {auto / EPOCHS * 1e6:7.1f} µs/epoch")
    print(f"  hand-written is {auto / hand:.1f}x faster")
