"""A class on this machine: N students on the class hub, what each costs and how the playground answers.

    python benchmarks/bench_class.py --students 20          # root: the hub makes system users

A hub on 127.0.0.1 with the class's own configuration (classroom/hub/local_hub.py) and N system users,
driven through the hub's REST API with its service token, the students' servers through their Jupyter
server API and kernel websockets, through the proxy, as a browser would (no browser: the frontend's part
is the widget protocol's messages, written here, in the websocket protocol JupyterLab 4 and Voilà speak,
v1.kernel.websocket.jupyter.org; --legacy-protocol for the JSON one, which runs before Dec 7 spoke).
All N students at once:

1. spawn (POST /hub/api/users/NAME/server): the time until the hub says each server is ready;
2. pull the series with nbgitpuller (/user/NAME/git-pull/api, the link's own request) into ~/backprop;
3. open notebook 03 (a session: a kernel in its folder) and run its code cells in order (Run All);
   memory then; close it (the student moves on: one notebook open at a time);
4. open notebook 07 and run it (its dashboard among its cells); memory then.

Then K of them drag the playground's target-y1 slider at once (K = 1, 10, 20 up to N), for --seconds s:
as the widgets' frontend does during a drag, each sends the slider's next value (a comm "update") as soon
as its kernel has finished with the last (status idle); a frame's latency is from the send to that idle,
with the new picture sent on the way.  Memory is PSS (psutil, /proc/PID/smaps_rollup): a student's is the
sum over the processes of their user (the server and its kernels); the hub and the proxy are counted
apart.  Capacity: how many such students fit in 24 GB beside the hub and the proxy.  The load average is
printed with each measurement: seven helpers may share the 2 cores.  Figures only, never asserted.

Measured here (Dec 2026, 2 cores, 23.5 GiB, shared with other sessions' tests: load average 7-21 during the
runs, up to 18-19 while dragging), one run each:

    N   spawn, all at once     PSS per student (MB): server / +03's kernel / +07's kernel   hub + proxy
    10  median 34.9 s, max 35.9 s       121 / 228 / 205                                     165 MB
    20  median 33.7 s, max 37.2 s       120 / 228 / 204                                     192 MB
    30  median 51.9 s, max 54.5 s       120 / 229 / 204                                     193 MB

    slider latency (ms), target y1 dragged   K = 1          K = 10          K = 20
    N = 10                                   94 / p95 196   189 / p95 333   -
    N = 20                                   64 / p95 80    128 / p95 229   244 / p95 405
    N = 30                                   63 / p95 84    145 / p95 250   265 / p95 442

    class: 20 students, 204 MB per student, capacity 119 students in 24 GB, slider p95 405 ms with 20 dragging
    class: 30 students, 204 MB per student, capacity 119 students in 24 GB, slider p95 442 ms with 20 dragging

After the cuts of Dec 6-7 (glyph cache; a label laid out once, ISA-L's deflate, the axes' pictures kept;
TCP_NODELAY on the kernels' websockets), N = 20, one run each on a quiet machine (load average 1.1-1.5
before, 15-20 while dragging); spawn median 37.7-37.9 s, max 41.3-42.0 s; PSS 120 / 228-233 / 205-206 MB:

    slider latency (ms), target y1 dragged   K = 1          K = 10          K = 20
    legacy JSON protocol (as the runs above)  14 / p95 19    94 / p95 185    201 / p95 319
    JupyterLab's v1 protocol (the default)    13 / p95 19    73 / p95 173    161 / p95 260

    class: 20 students, 205 MB per student, capacity 118 students in 24 GB, slider p95 319 ms with 20 dragging
    class: 20 students, 206 MB per student, capacity 118 students in 24 GB, slider p95 260 ms with 20 dragging

The v1 protocol is what a student's JupyterLab and Voilà speak (the server passes each message's parts on
unparsed); the runs before Dec 7 spoke the legacy one, which made the server parse and re-encode every
message: 951 frames in 10 s with 20 dragging, against 1216.

    N = 30: Run All of notebook 03 by 30 at once took the load average to 24-32, and the students' servers
    dropped kernel websockets (ping timeouts after 118 s, kernel_info timeouts, a kernel gone before its
    socket opened): the first run hung on such a socket; bench_class now reconnects (1 socket and 1 kernel
    in the run above), as JupyterLab does.

Memory is not the limit (60 students with a notebook open: about 12 GB); the CPU is.  K students dragging
on 2 cores each wait about K x (the CPU time of a frame) / 2: a frame of this drag cost 17.6 ms of CPU
before the changes of Dec 7 (kernel 12.7, server 3.4, this client 1.5: bench_frame_cpu.py, which has the
figures after them), plus the hub's proxy here; the K = 20 medians above agree (187 ms x 2 / 20 = 19 ms).

Skipped values.  A student's frontend sends a slider's next value only once the kernel is idle after the
last one, and merges the values the mouse passes meanwhile into the newest (ipywidgets' throttle); the
students here do the same: one value in flight each, the next sent at idle.  So no kernel ever holds two
values of one slider, and coalescing them in the kernel would find nothing to skip.  A latency here runs
from a value's send to its picture (the kernel idle after it); the values merged away are never sent,
so they are neither counted nor late: their pictures are never drawn, and a student never waits for
them.  What a student sees lags the mouse by up to about two latencies: the value the mouse has reached
waits in the frontend until the frame before it is done (up to one latency), then takes its own.
torch stays out of notebooks 03 and 07 (a kernel that loads it, as 03's answered check_gradient does,
holds about 117 MB more: kernel_cost.py).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import pwd
import statistics
import struct
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import psutil
import websocket
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "classroom" / "hub"))
import local_hub  # noqa: E402  (classroom/hub/local_hub.py)

NOTEBOOKS = "backprop/notebooks"  # where the pull puts them, in each home
MB = 2**20
MACHINE_MB = 24 * 1024  # "24 GB"


def load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


# --- a student's kernel, over the server's websocket ---


# The kernels' websocket protocol JupyterLab 4 and Voilà ask for, and jupyter_server 2 speaks: each message's
# parts as the kernel sent them, behind a table of offsets, which the server passes on without parsing them.
# --legacy-protocol speaks the JSON one instead (the server parses and re-encodes every message).
V1 = "v1.kernel.websocket.jupyter.org"
SUBPROTOCOLS = [V1]


def decode(frame, v1: bool) -> dict:
    """A message from the kernel's websocket: in the v1 protocol, a binary frame (offsets, the channel, the
    header, parent header, metadata and content as JSON, then the buffers); in the legacy one, JSON text or
    a binary frame (a message with buffers: a count, offsets, then the JSON and the buffers)."""
    if v1:
        _, parts = deserialize_msg_from_ws_v1(frame)
        header, parent, metadata, content = (json.loads(part) for part in parts[:4])
        return {"header": header, "parent_header": parent, "metadata": metadata, "content": content,
                "buffers": len(parts) - 4}
    if isinstance(frame, str):
        return json.loads(frame)
    count = struct.unpack("!I", frame[:4])[0]
    offsets = struct.unpack(f"!{count}I", frame[4:4 + 4 * count])
    end = offsets[1] if count > 1 else len(frame)
    message = json.loads(frame[offsets[0]:end])
    message["buffers"] = count - 1
    return message


class Kernel:
    """A notebook's kernel of one student: a session on their server and its websocket."""

    def __init__(self, student: Student, notebook: str):
        self.student = student
        self.comms: dict[str, dict] = {}  # comm id -> the widget's state when it was opened
        for attempt in range(3):
            session = student.server_api("api/sessions", "POST", {
                "path": f"{NOTEBOOKS}/{notebook}", "type": "notebook", "name": notebook,
                "kernel": {"name": "python3"}})
            self.session_id, self.id = session["id"], session["kernel"]["id"]
            try:
                self.handshake()
                return
            except websocket.WebSocketBadStatusException:  # the kernel is gone (404): a new session
                student.lost_kernels += 1
        raise RuntimeError(f"{student.name}: no kernel for {notebook} in 3 sessions")

    def handshake(self) -> None:
        """20 kernels starting at once on 2 cores may take longer than the server waits for a new
        websocket's kernel_info, and it closes the socket: connect again until the kernel has answered."""
        for attempt in range(10):
            try:
                self.connect()
                self.wait_idle(self.send("kernel_info_request", {}))
                return
            except websocket.WebSocketConnectionClosedException:
                self.student.reconnects += 1
        raise RuntimeError(f"{self.student.name}: kernel {self.id} never answered")

    def connect(self) -> None:
        url = self.student.base.replace("http://", "ws://") + f"api/kernels/{self.id}/channels"
        self.ws = websocket.create_connection(f"{url}?session_id={uuid.uuid4().hex}", timeout=600,
                                              header=[f"Authorization: token {self.student.token}"],
                                              subprotocols=SUBPROTOCOLS)
        self.v1 = self.ws.getsubprotocol() == V1

    def send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "session": self.session_id, "username": "",
                  "version": "5.3", "date": ""}
        message = {"header": header, "parent_header": {}, "metadata": {}, "content": content}
        if self.v1:
            packed = serialize_msg_to_ws_v1(message, "shell", pack=lambda part: json.dumps(part).encode())
            self.ws.send_binary(packed)
        else:
            self.ws.send(json.dumps({**message, "channel": "shell", "buffers": []}))
        return msg_id

    def wait_idle(self, msg_id: str, patience: float = 300.0) -> dict:
        """Read the kernel's messages until it is idle after `msg_id`; what came of it.  After `patience`
        s the socket is closed (WebSocketConnectionClosedException: the caller reconnects): with 30
        students on 2 cores the server's websocket pings time out and it drops sockets that the proxy
        keeps open, silent but for pings (a hang of bench_class's N = 30 run)."""
        watchdog = threading.Timer(patience, self.ws.abort)
        watchdog.start()
        try:
            return self._until_idle(msg_id)
        finally:
            watchdog.cancel()

    def _until_idle(self, msg_id: str) -> dict:
        seen = {"error": None, "pictures": 0}
        while True:
            message = decode(self.ws.recv(), self.v1)
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "comm_open":
                self.comms[content["comm_id"]] = content.get("data", {}).get("state", {})
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if kind == "error" or (kind == "execute_reply" and content.get("status") == "error"):
                seen["error"] = f"{content.get('ename')}: {content.get('evalue')}"
            if kind == "comm_msg" and message.get("buffers"):
                seen["pictures"] += 1
            if kind == "status" and content["execution_state"] == "idle":
                return seen

    def run(self, code: str) -> None:
        request = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        try:
            seen = self.wait_idle(self.send("execute_request", request))
        except websocket.WebSocketConnectionClosedException:  # counted, then the cell once more
            self.student.reconnects += 1
            self.connect()
            seen = self.wait_idle(self.send("execute_request", request))
        if seen["error"]:
            raise RuntimeError(f"{self.student.name}: {seen['error']}\n{code}")

    def run_notebook(self, notebook: str) -> None:
        for cell in nbformat.read(ROOT / "notebooks" / notebook, as_version=4).cells:
            if cell.cell_type == "code":
                self.run(cell.source)

    def slider(self, description: str) -> str:
        return next(cid for cid, state in self.comms.items() if state.get("description") == description)

    def move(self, comm_id: str, value: float) -> tuple[float, int]:
        """The slider at `comm_id` to `value`, as the frontend sends it; (seconds until idle, pictures)."""
        t0 = time.perf_counter()
        seen = self.wait_idle(self.send("comm_msg", {
            "comm_id": comm_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}))
        return time.perf_counter() - t0, seen["pictures"]

    def close(self) -> None:
        self.ws.close()
        self.student.server_api(f"api/sessions/{self.session_id}", "DELETE")


class Student:
    def __init__(self, hub, name: str):
        self.hub, self.name = hub, name
        self.uid = pwd.getpwnam(name).pw_uid
        self.base = f"{hub.url}/user/{name}/"
        self.token = ""
        self.spawn = math.nan
        self.reconnects = 0  # kernel websockets the server closed under load (bench_class reconnects)
        self.lost_kernels = 0  # kernels gone (404) before their websocket opened: a new session each
        self.kernel: Kernel | None = None
        self.moves = 0  # of target y1, over all drags: a drag goes on where the last one stopped

    def server_api(self, path: str, method: str = "GET", body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=300) as response:
            text = response.read()
        return json.loads(text) if text else None

    def log_in_and_spawn(self) -> None:
        t0 = time.perf_counter()
        self.hub.start_server(self.name, timeout=600)
        self.spawn = time.perf_counter() - t0
        self.token = self.hub.user_token(self.name)

    def pull(self) -> None:
        """nbgitpuller's own request (the link's page makes it): pull the series into ~/backprop."""
        query = urllib.parse.urlencode({"repo": self.hub.repo_url, "branch": "main",
                                        "targetpath": local_hub.TARGET})
        request = urllib.request.Request(f"{self.base}git-pull/api?{query}",
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=600) as response:
            for line in response:
                if line.startswith(b"data:"):
                    event = json.loads(line[5:])
                    if event.get("phase") == "error":
                        raise RuntimeError(f"{self.name}: nbgitpuller: {event.get('message')}")
                    if event.get("phase") == "finished":
                        return
        raise RuntimeError(f"{self.name}: nbgitpuller did not finish")

    def lesson_03(self) -> None:
        kernel = Kernel(self, "03_backprop_derivation.ipynb")
        kernel.run_notebook("03_backprop_derivation.ipynb")
        self.kernel = kernel

    def playground(self) -> None:
        kernel = Kernel(self, "07_playground.ipynb")
        kernel.run_notebook("07_playground.ipynb")
        self.kernel = kernel

    def drag(self, until: float) -> list[float]:
        """Drag target y1 up and down in steps of 0.01 (each frame a new value), frame after frame, until
        `until`; the latencies.  Each drag goes on from where this student's last one stopped: started
        again at its first value, a drag could send the value the slider holds, which moves nothing."""
        y1 = self.kernel.slider("target y1")
        up = [round(0.24 + k / 100, 2) for k in range(50)]  # from the worked example's 0.23 and back
        values = up + [round(0.72 - k / 100, 2) for k in range(50)]
        latencies = []
        while time.perf_counter() < until:
            seconds, pictures = self.kernel.move(y1, values[self.moves % len(values)])
            if pictures < 1:
                raise RuntimeError(f"{self.name}: a move of target y1 sent no picture")
            latencies.append(seconds)
            self.moves += 1
        return latencies


# --- memory ---


def pss_mb(processes) -> float:
    total = 0
    for p in processes:
        try:
            total += p.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / MB


def memory(hub, students: list[Student]) -> tuple[float, list[float]]:
    """(PSS of the hub and the proxy, [PSS of each student's processes]) in MB."""
    by_uid: dict[int, list] = {}
    for p in psutil.process_iter(["uids"]):
        by_uid.setdefault(p.info["uids"].real, []).append(p)
    hub_process = psutil.Process(hub.process.pid)
    hub_side = [hub_process, *(p for p in hub_process.children(recursive=True) if p.uids().real == 0)]
    return pss_mb(hub_side), [pss_mb(by_uid.get(s.uid, [])) for s in students]


def at_once(students, step, what: str) -> float:
    """`step` of every student at once (threads); the seconds until all are done."""
    t0 = time.perf_counter()
    with ThreadPoolExecutor(len(students)) as pool:
        for future in [pool.submit(step, s) for s in students]:
            future.result()
    seconds = time.perf_counter() - t0
    print(f"  {what}: {seconds:6.1f} s for all ({load()})", flush=True)
    return seconds


def percentile(values, q) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--dragging", type=int, nargs="+", default=[1, 10, 20], help="K, each in turn")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long K students drag")
    parser.add_argument("--legacy-protocol", action="store_true",
                        help="the kernels' JSON websocket protocol, not JupyterLab's v1")
    args = parser.parse_args(argv)
    if args.legacy_protocol:
        SUBPROTOCOLS.clear()
    n = args.students
    print(f"class: {n} students on a hub at 127.0.0.1 ({load()}; {os.cpu_count()} cores, "
          f"{psutil.virtual_memory().total / 2**30:.1f} GiB)", flush=True)
    with local_hub.start_hub(students=local_hub.unique_names(*[f"s{k + 1}" for k in range(n)])) as hub:
        students = [Student(hub, name) for name in hub.students]
        at_once(students, Student.log_in_and_spawn, "log in and spawn")
        hub_mb, idle = memory(hub, students)
        at_once(students, Student.pull, "pull the series (nbgitpuller)")
        at_once(students, Student.lesson_03, "run notebook 03")
        _, after_03 = memory(hub, students)
        at_once(students, lambda s: s.kernel.close(), "close notebook 03")
        at_once(students, Student.playground, "open and run notebook 07")
        hub_mb, after_07 = memory(hub, students)
        spawns = [s.spawn for s in students]
        closed, lost = sum(s.reconnects for s in students), sum(s.lost_kernels for s in students)
        if closed or lost:
            print(f"under load: {closed} kernel websockets closed by the server (reconnected), "
                  f"{lost} kernels gone before their websocket opened (a new session each)")
        print(f"\nspawn, {n} at once: median {statistics.median(spawns):.1f} s, max {max(spawns):.1f} s")
        print(f"memory (PSS, MB; hub + proxy {hub_mb:.0f} MB):")
        print("  per student              median    max   all students")
        for label, values in (("server alone", idle), ("server + 03's kernel", after_03),
                              ("server + 07's kernel", after_07)):
            print(f"  {label:22} {statistics.median(values):7.0f} {max(values):6.0f} {sum(values):10.0f}")
        print("\nslider latency, target y1 dragged (ms):")
        print("    K   frames   median      p95      max   (load average after)")
        p95 = {}
        for k in [k for k in args.dragging if k <= n]:
            until = time.perf_counter() + args.seconds
            with ThreadPoolExecutor(k) as pool:
                runs = [f.result() for f in [pool.submit(s.drag, until) for s in students[:k]]]
            frames = [1000 * seconds for run in runs for seconds in run]
            p95[k] = percentile(frames, 0.95)
            print(f"  {k:3d} {len(frames):8d} {statistics.median(frames):8.0f} {p95[k]:8.0f} "
                  f"{max(frames):8.0f}   ({load()})", flush=True)
        per_student = statistics.mean(after_07)
        capacity = int((MACHINE_MB - hub_mb) // per_student)
        k = max(p95)
        print(f"class: {n} students, {per_student:.0f} MB per student, capacity {capacity} students in "
              f"24 GB, slider p95 {p95[k]:.0f} ms with {k} dragging")


if __name__ == "__main__":
    sys.exit(main())
