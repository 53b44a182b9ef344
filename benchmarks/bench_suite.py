"""The test suite's time, split into its three parts, each run as its own pytest process.

    python benchmarks/bench_suite.py

units: tests/ without the browser tests; nbval: every notebook's outputs compared, the English
edition (notebooks/), the Chinese (notebooks/zh/), then both as the suite runs them; browser:
JupyterLab and Voilà in headless Chromium.  Each part runs as pyproject.toml's addopts say (two workers);
"nbval, one worker" runs both editions with `-n 0`, to show what the second worker buys.  For each: wall
time of the process (interpreter start and imports included) and pytest's own count line.  The total
counts each test once (units, nbval of both editions, browser).  Figures only.
"""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = {
    "units": ["tests", "-m", "not browser"],
    "nbval, English": ["notebooks", "--ignore=notebooks/zh"],
    "nbval, Chinese": ["notebooks/zh"],
    "nbval, both": ["notebooks"],
    "nbval, both, one worker": ["notebooks", "-n", "0"],
    "browser": ["tests", "-m", "browser"],
}
IN_TOTAL = ("units", "nbval, both", "browser")

if __name__ == "__main__":
    total = 0.0
    for name, args in PARTS.items():
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT, capture_output=True,
                             text=True)
        seconds = time.perf_counter() - start
        total += seconds if name in IN_TOTAL else 0.0
        summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else f"exit {run.returncode}"
        print(f"{name:24s} {seconds:6.1f} s wall   {summary}", flush=True)
    print(f"{'total':24s} {total:6.1f} s wall")
