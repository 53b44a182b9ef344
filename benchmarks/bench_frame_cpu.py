"""The CPU time one frame of a playground drag costs, in each process that handles it.

    python benchmarks/bench_frame_cpu.py [--frames 300]

One student, no hub: a `jupyter server` on 127.0.0.1 (this user, a token), notebook 07 run in a kernel
through it, then target y1 dragged as bench_class.py drags it (its Kernel: the comm "update" sent when
the kernel is idle after the last one, through the server's websocket; 0.24 up to 0.73 and back).
Printed: the CPU time (user + system, psutil) per frame of the kernel, the server and this client, and
their sum; and the median latency.  On 2 cores K students dragging at once wait about K x that sum / 2
(bench_class measures the hub's proxy too).  The CPU times hardly depend on what else the machine runs;
the latency does.  Figures only, never asserted.

Measured here (Dec 7 2026, 2 cores shared with other sessions, load average 1.5-3.3; 300 frames; two
runs each, before and after in turn), CPU per frame in ms:

                                               kernel    server   client    sum      latency median
    before (the glyph cache alone)             13.4 14.2  3.9 3.4  1.8 1.6  19.1 19.3   60 56 ms
    after (a label laid out once, ISA-L's      9.6 11.2   3.6 3.7  1.4 1.7  14.7 16.6   48 48 ms
    deflate, the axes' last 6 pictures kept)

The kernel's redraw itself (Dashboard's, timed inside the kernel) took 8.4 ms of its 10: the rest is
ipykernel's and ipywidgets' messages.  The latency of one student alone is not CPU: about 35 ms of it
is TCP's delayed ACK against Nagle's algorithm, because jupyter_server does not set TCP_NODELAY on its
kernel websockets (the kernel's "busy" goes out at once, the messages after it wait for the client's
ACK): with the server's KernelWebsocketHandler calling self.set_nodelay(True) in open(), the same drag
had a median latency of 14 ms instead of 48.  The class server does that now (bpcore.widgets.server, in
its jupyter_server_config.py); `--prompt` runs this server so: one run each, load average 1.4-1.5,

    python benchmarks/bench_frame_cpu.py            latency median 51.7 ms (CPU 17.9 ms a frame)
    python benchmarks/bench_frame_cpu.py --prompt   latency median 12.5 ms (CPU 12.9 ms a frame)

K students dragging at once on 2 cores are bound by the CPU instead, and that wait overlaps with the
others' frames.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_class  # noqa: E402  (its Kernel and Student speak the server's API as bench_class does)


def cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


PROMPT = "bpcore.widgets.server.PromptConnection"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--port", type=int, default=18977)
    parser.add_argument("--prompt", action="store_true",
                        help="the class server's kernel websockets, TCP_NODELAY (bpcore.widgets.server)")
    args = parser.parse_args(argv)
    token = secrets.token_hex(16)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "server", "--no-browser", f"--port={args.port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
         *(["--allow-root"] if os.geteuid() == 0 else []),
         *([f"--ServerApp.kernel_websocket_connection_class={PROMPT}"] if args.prompt else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bench_class.NOTEBOOKS = "notebooks"  # the server's root is this repository
        student = bench_class.Student.__new__(bench_class.Student)  # no hub: the server's URL and token
        student.name, student.base, student.token = "student", f"http://127.0.0.1:{args.port}/", token
        student.reconnects = student.lost_kernels = student.moves = 0
        for _ in range(200):
            try:
                student.server_api("api/status")
                break
            except OSError:
                time.sleep(0.2)
        student.playground()
        kernel = next(p for p in psutil.Process(server.pid).children(recursive=True)
                      if "ipykernel" in " ".join(p.cmdline()))
        processes = {"kernel": kernel, "server": psutil.Process(server.pid), "client": psutil.Process()}
        student.drag(time.perf_counter() + 2)  # warm: the layers, the glyphs
        before = {name: cpu(p) for name, p in processes.items()}
        y1 = student.kernel.slider("target y1")
        up = [round(0.24 + k / 100, 2) for k in range(50)]
        values = up + [round(0.72 - k / 100, 2) for k in range(50)]
        latencies = []
        for k in range(args.frames):
            seconds, _ = student.kernel.move(y1, values[(student.moves + k) % len(values)])
            latencies.append(seconds)
        per_frame = {name: 1000 * (cpu(p) - before[name]) / args.frames for name, p in processes.items()}
        student.kernel.close()
    finally:
        server.terminate()
        server.wait(30)
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"one student dragging target y1, {args.frames} frames, CPU per frame: "
          + "   ".join(f"{name} {ms:.1f} ms" for name, ms in per_frame.items())
          + f"   sum {sum(per_frame.values()):.1f} ms;   latency median "
          f"{1000 * statistics.median(latencies):.1f} ms (load average {load})")


if __name__ == "__main__":
    sys.exit(main())
