"""Produce the committed outputs: run each notebook top to bottom in a fresh kernel, save it.

    python scripts/execute_notebooks.py                 # every notebook, English and Chinese (notebooks/zh/)
    python scripts/execute_notebooks.py notebooks/03_*.ipynb notebooks/zh/03_*.ipynb

Nobody edits notebook outputs by hand; change the source cell, then run this. Widget state
and timing metadata are not stored, and live widget views (whose model ids are random, and which
only a running kernel can show) are dropped, so that re-running an unchanged notebook changes nothing.
"""

import argparse
import glob
import os
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def merge_streams(outputs):
    """Join consecutive prints to the same stream: how they were split into messages is chance."""
    merged = []
    for o in outputs:
        if (merged and o.output_type == "stream" and merged[-1].output_type == "stream"
                and merged[-1].name == o.name):
            merged[-1].text += o.text
        else:
            merged.append(o)
    return merged


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python",
                                 "name": "python3"}
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False, store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams([o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})])
    nbformat.write(nb, path)
    return seconds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="the notebooks to execute (default: all)")
    args = parser.parse_args()
    missing = [str(p) for p in args.notebooks if p.suffix != ".ipynb" or not p.is_file()]
    if missing:
        parser.error(f"not a notebook file (NAME.ipynb): {', '.join(missing)}")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    every_notebook = [p for edition in ("", "zh")  # English, then the Chinese edition
                      for p in sorted(glob.glob(str(ROOT / "notebooks" / edition / "*.ipynb")))]
    paths = args.notebooks or [Path(p) for p in every_notebook]
    for path in paths:
        name = f"{path.parent.name}/{path.name}" if path.parent.name == "zh" else path.name
        print(f"{name:45s} {execute(path):6.1f} s", flush=True)
