"""What one student's Jupyter server costs before any kernel: its PSS with the environment's server
extensions, and with some of them turned off.

    python benchmarks/server_cost.py

For each set: `python -m jupyter_server` (the server jupyterhub-singleuser runs, with the same extensions
from this environment's etc/jupyter) on 127.0.0.1 with a token, ready when /api/status answers; then
JupyterLab's page and Voilà's tree are fetched once (each loads its handlers' templates), and the server's
PSS (psutil, /proc/PID/smaps_rollup) is read.  Figures only, never asserted.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import psutil

OFF = {
    "every extension of the environment": [],
    "without jupyter_lsp": ["jupyter_lsp"],
    "without jupyter_lsp, nbgrader's course_list": ["jupyter_lsp", "nbgrader.server_extensions.course_list"],
    "without jupyter_lsp, nbgrader (all four)": [
        "jupyter_lsp", "nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.assignment_list",
        "nbgrader.server_extensions.course_list", "nbgrader.server_extensions.validate_assignment"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def server_pss(off: list[str]) -> float:
    port, token = free_port(), secrets.token_hex(16)
    extensions = "{" + ", ".join(f"'{name}': False" for name in off) + "}"
    with tempfile.TemporaryDirectory() as home:
        args = [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                "--allow-root", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}"]
        if off:
            args.append(f"--ServerApp.jpserver_extensions={extensions}")
        env = {**os.environ, "HOME": home, "JUPYTER_RUNTIME_DIR": home}
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while get(f"{base}/api/status", token) != 200:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"the server did not start: {args}")
                time.sleep(0.3)
            get(f"{base}/lab", token)
            get(f"{base}/voila/tree", token)
            time.sleep(1)
            return psutil.Process(process.pid).memory_full_info().pss / 2**20
        finally:
            process.terminate()
            process.wait(timeout=30)


def main():
    print(f"a student's Jupyter server, PSS after start, /lab and /voila/tree "
          f"(load average {' '.join(f'{v:.2f}' for v in os.getloadavg())})")
    for label, off in OFF.items():
        print(f"  {label:45} {server_pss(off):6.1f} MB", flush=True)


if __name__ == "__main__":
    main()
