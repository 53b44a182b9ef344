"""The test suite's time, split into its three parts, each run as its own pytest process.

    python benchmarks/bench_suite.py

units: tests/ without the browser tests; nbval: every notebook's outputs compared;
browser: JupyterLab and Voilà in headless Chromium.  For each: wall time of the process
(interpreter start and imports included) and pytest's own count line.  Figures only.
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = {
    "units": ["tests", "-m", "not browser"],
    "nbval": ["notebooks"],
    "browser": ["tests", "-m", "browser"],
}

if __name__ == "__main__":
    total = 0.0
    for name, args in PARTS.items():
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT, capture_output=True,
                             text=True)
        seconds = time.perf_counter() - start
        total += seconds
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else f"exit {run.returncode}"
        print(f"{name:8s} {seconds:6.1f} s wall   {summary}", flush=True)
    print(f"{'total':8s} {total:6.1f} s wall")
