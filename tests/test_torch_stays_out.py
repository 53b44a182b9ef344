"""A class hub's memory per student depends on torch staying out of the lessons that do not need it: a kernel
that imported torch holds about 117 MB more (PSS, benchmarks/kernel_cost.py), more than the lesson itself.

Notebooks 03 and 07, run top to bottom (their Try-its unanswered), must not import torch; answering 03's
check_gradient does (its witness is PyTorch's autograd), and that is the one door through which it comes in.
Each run is a fresh interpreter, as a fresh kernel is.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RUN = """
import json, sys
import matplotlib
matplotlib.use("Agg")
import nbformat
namespace = {}
for cell in nbformat.read(sys.argv[1], as_version=4).cells:
    if cell.cell_type == "code":
        exec(compile(cell.source, sys.argv[1], "exec"), namespace)
exec(sys.argv[2], namespace)
print(json.dumps({"torch": "torch" in sys.modules, "numpy": "numpy" in sys.modules}))
"""


def modules_after(notebook: str, then: str = "") -> dict:
    """Whether a fresh interpreter holds torch and numpy after `notebook`'s code cells, then `then`."""
    done = subprocess.run([sys.executable, "-c", RUN, str(ROOT / "notebooks" / notebook), then],
                          cwd=ROOT / "notebooks", capture_output=True, text=True, timeout=300,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("notebook", ["03_backprop_derivation.ipynb", "07_playground.ipynb"])
def test_the_lesson_does_not_import_torch(notebook):
    found = modules_after(notebook)
    assert found == {"torch": False, "numpy": True}  # numpy: the run did load the lesson's figures


def test_an_answered_gradient_check_does():
    """The witness: the same run, then 03's first Try-it answered, imports torch."""
    answer = "_ = bpcore.checks.check_gradient('w3', delta_h1 * x2)"
    found = modules_after("03_backprop_derivation.ipynb", answer)
    assert found["torch"] is True
