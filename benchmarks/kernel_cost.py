"""What one student's kernel costs: its memory (PSS) after running a notebook, and whether torch got in.

    python benchmarks/kernel_cost.py notebooks/03_backprop_derivation.ipynb notebooks/07_playground.ipynb

For each notebook: a fresh kernel (jupyter_client, this environment) runs the notebook's code cells in
order, as "Run All" does; then the kernel's PSS (proportional set size: its private pages plus its share
of the pages it shares with other processes, psutil's memory_full_info, from /proc/PID/smaps_rollup) and
its USS (private pages only), the modules it loaded, and, if torch was imported, the line of the notebook
or of bpcore that imported it first.  Figures only, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import nbformat
import psutil
from jupyter_client.manager import start_new_kernel

# Run in the kernel before the notebook: remember the stack of the first import of torch.
WATCH_TORCH = '''
import sys, traceback
class _TorchWatch:
    stack = None
    def find_spec(self, name, path=None, target=None):
        if name == "torch" and _TorchWatch.stack is None:
            _TorchWatch.stack = [f"{f.filename}:{f.lineno} {f.line}" for f in traceback.extract_stack()
                                 if "importlib" not in f.filename and "_TorchWatch" not in (f.line or "")]
        return None
sys.meta_path.insert(0, _TorchWatch())
'''

REPORT = '''
import json, sys
print(json.dumps({"torch": "torch" in sys.modules, "modules": len(sys.modules),
                  "stack": _TorchWatch.stack}))
'''


def run(client, code: str) -> str:
    """Execute `code`; its stdout, or an error naming the failing code."""
    out = []

    def output(msg):
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])

    reply = client.execute_interactive(code, output_hook=output, timeout=300, store_history=False)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}\n{code}")
    return "".join(out)


def memory_mb(pid: int) -> tuple[float, float]:
    """(PSS, USS) of process `pid` in MB."""
    info = psutil.Process(pid).memory_full_info()
    return info.pss / 2**20, info.uss / 2**20


def cost(notebook: Path) -> dict:
    """A fresh kernel runs `notebook`'s code cells; what it then holds."""
    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(notebook.parent))
    try:
        pid = manager.provisioner.process.pid
        idle = memory_mb(pid)
        run(client, WATCH_TORCH)
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                run(client, cell.source)
        found = json.loads(run(client, REPORT).strip().splitlines()[-1])
        return {"notebook": notebook.name, "idle": idle, "after": memory_mb(pid), **found}
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for notebook in args.notebooks:
        c = cost(notebook)
        torch = "loaded" if c["torch"] else "not loaded"
        print(f"{c['notebook']:32} kernel idle PSS {c['idle'][0]:6.1f} MB; after Run All PSS "
              f"{c['after'][0]:6.1f} MB (USS {c['after'][1]:6.1f} MB), {c['modules']} modules, torch {torch}")
        if c["stack"]:
            bpcore_or_cell = [line for line in c["stack"] if "bpcore" in line or "ipython-input" in line
                              or "/tmp/ipykernel" in line]
            print("  torch imported by:\n    " + "\n    ".join(bpcore_or_cell or c["stack"][-6:]))


if __name__ == "__main__":
    sys.exit(main())
