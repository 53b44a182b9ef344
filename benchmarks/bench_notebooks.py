"""Where the notebooks' time goes: each notebook in a fresh kernel, against a kernel that only starts and
imports.

    python benchmarks/bench_notebooks.py

For each notebook: its execution time in a fresh kernel (as scripts/execute_notebooks.py runs it),
and the part of it that is kernel start + imports, measured by running only its import lines in a
fresh kernel.  Then the series total.  Figures only, never asserted.
"""

import ast
import glob
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run(nb) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    return time.perf_counter() - start


def imports_only(nb):
    """A notebook holding just the import statements of `nb`'s code cells."""
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        lines += [ast.get_source_segment(cell.source, node) for node in tree.body
                  if isinstance(node, (ast.Import, ast.ImportFrom))]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("\n".join(lines))])


def main():
    paths = sorted(glob.glob(str(ROOT / "notebooks" / "*.ipynb")))
    empty = run(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]))
    print(f"kernel start alone (one 'pass' cell): {empty:5.2f} s\n")
    print(f"{'notebook':32s} {'total':>7s} {'start+imports':>14s} {'own work':>9s}")
    total = imports_total = 0.0
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        seconds = run(nb)
        imports = run(imports_only(nb))
        total += seconds
        imports_total += imports
        print(f"{Path(path).name:32s} {seconds:6.2f}s {imports:13.2f}s {seconds - imports:8.2f}s")
    print(f"{'series':32s} {total:6.2f}s {imports_total:13.2f}s {total - imports_total:8.2f}s")
    if total:
        print(f"\nkernel start + imports are {imports_total / total:.0%} of the series' execution time")


if __name__ == "__main__":
    main()
