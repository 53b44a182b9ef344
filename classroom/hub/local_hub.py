"""A class hub on 127.0.0.1, started and removed again: for tests/test_hub.py and benchmarks/bench_class.py.

It runs the class server's own configuration (classroom/hub/jupyterhub_config.py) with system users made for
it, and takes everything away afterwards: the hub, the proxy and every process of those users, the users and
their homes, the exchange and the shared environment.  Root only (it makes system users).

    import sys; sys.path.insert(0, "classroom/hub")
    import local_hub

    with local_hub.start_hub(students=["s1", "s2"], teachers=["t1"]) as hub:
        hub.url                      # http://127.0.0.1:PORT, the students' address
        hub.passwords["s1"]          # PAM login: the user's name and this password (/hub/login)
        hub.start_server("s1")       # spawn through the hub's REST API; returns when the server is ready
        hub.api("users")             # the hub's REST API as the service "bp-driver" (admin scopes)
        hub.user_token("s1")         # a token that acts as s1 (e.g. to call /user/s1/api/...)
        hub.run_as("s1", "nbgrader", "fetch_assignment", "backprop", "--course=backprop-series")
        hub.pull_link("notebooks/07_playground.ipynb")   # nbgitpuller link to the series' repository
        hub.home("s1"), hub.env, hub.exchange, hub.course  # paths (hub.course: the first teacher's course)
    # (or hub = start_hub(...); ...; hub.stop())

User names are used as given: pick ones no one else has (`unique_names("s1", "s2")` prefixes a random tag).
Each hub has a folder of its own under /tmp (`hub.root`, mode 755) holding the shared environment (`env/`),
the students' homes (`home/<name>`, 0700), the exchange (`exchange/`, 0777 as nbgrader needs), a bare
repository of the series (`series.git`, branch main = this checkout's HEAD) and the hub's own state
(`state/`, 0700: database, cookie secret, logs in `state/hub.log`).

The shared environment (`shared_environment`): the students' servers run as other users, who cannot enter
/root, where CI's venv (and its pyenv python) may live.  So the environment is a venv made from the system
python (/usr/bin/python3.X, the same minor version, so the same compiled wheels fit), whose site-packages
holds one .pth line pointing at this interpreter's site-packages when every user can read that in place,
else at a hard-linked copy of it (same file system: a second or two, no bytes copied; no second pip install
of torch), with bpcore copied from this checkout, this venv's share/jupyter (hard-linked) and etc/jupyter
(copied), console scripts written for the new interpreter, and the class's settings (`configure_environment`,
which the real install runs too).

Command line (root): `python classroom/hub/local_hub.py --students 3 --teachers 1` starts one and prints its
address and logins until Ctrl-C; `python classroom/hub/local_hub.py configure ENV --exchange DIR` writes the
class's settings into an environment (classroom/hub/install uses it).
"""

from __future__ import annotations

import argparse
import csv
import fcntl
import json
import os
import pwd
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib.metadata import distributions
from pathlib import Path

import links  # classroom/hub/links.py, beside this file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONFIG = HERE / "jupyterhub_config.py"
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE_ID = "backprop-series"
RUNUSER = shutil.which("runuser", path="/usr/sbin:/sbin:/usr/bin:/bin") or "runuser"
TARGET = links.TARGET  # the folder nbgitpuller makes in each home (targetpath)

# --- the class's settings, in the shared environment (the real install and the tests) ---

NBGRADER_CONFIG = '''"""nbgrader's settings for everyone on the class server (written by local_hub.py)."""
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = {course!r}
c.Exchange.root = {exchange!r}
c.Execute.timeout = 120  # importing torch alone takes seconds on a loaded server
'''

SERVER_CONFIG = '''"""Every student's Jupyter server on the class server (written by local_hub.py)."""
c = get_config()  # noqa: F821
# Idle kernels are shut down (a kernel with torch holds about 200 MB); the hub's idle-culler stops
# idle servers.
c.MappingKernelManager.cull_idle_timeout = {cull}
c.MappingKernelManager.cull_interval = 120
c.MappingKernelManager.cull_connected = True
c.MappingKernelManager.cull_busy = False
# Each frame of a widget goes out at once: TCP_NODELAY on the kernels' websockets (bpcore.widgets.server says
# why: a lone student's slider move waited 35 ms for the browser's delayed ACK)
c.ServerApp.kernel_websocket_connection_class = "bpcore.widgets.server.PromptConnection"
# Voilà's pages typeset their formulas with the MathJax that Voilà bundles, offline, as standalone Voilà
# does: inside a Jupyter server, without these two, Voilà's page loads MathJax from cdnjs, and on a network
# that does not reach it the playground's text shows raw LaTeX under the dashboard
# (an assignment, not .update(): jupyterhub-singleuser reads this setting as a dict; nothing else sets it)
c.ServerApp.tornado_settings = {{"mathjax_url": None, "mathjax_config": None}}
# No news or update checks (the lab settings' overrides.json removes the pop-up)
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
'''


def _write(path: Path, text: str) -> None:
    """Write a new file, never through a hard link into the environment it was copied from."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    path.write_text(text)
    path.chmod(0o644)


def configure_environment(prefix: Path, exchange: Path, course_id: str = COURSE_ID,
                          cull_kernels_after: int = 1800) -> None:
    """The class's Jupyter settings, in the shared environment `prefix`, read by every user's server:
    - etc/jupyter/voila.json, the repository's (a server runs in the student's home, where the repository's
      ./voila.json is not read);
    - etc/jupyter/jupyter_server_config.py: voila.json's exporter sections (cells tagged voila-hide
      removed), which Voilà's pages behind the hub are rendered with; kernel culling; no news;
    - etc/jupyter/nbgrader_config.py: the course and its exchange;
    - share/jupyter/lab/settings/overrides.json: no news pop-up;
    - etc/jupyter-student/: the students' servers' own settings (no formgrader, no Create Assignment)."""
    prefix = Path(prefix)
    etc = prefix / "etc" / "jupyter"
    _write(etc / "voila.json", (ROOT / "voila.json").read_text())
    _write(etc / "nbgrader_config.py", NBGRADER_CONFIG.format(course=course_id, exchange=str(exchange)))
    # Behind the hub Voilà renders inside each user's Jupyter server (/voila/render/...), whose exporter is
    # configured by the server's configuration, not by voila.json (which sets only Voilà's own options
    # there): the sections of voila.json for the exporter's preprocessors go into the server's too.
    voila = json.loads((ROOT / "voila.json").read_text())
    exporter = "".join(f"c.{section}.{key} = {value!r}\n" for section, options in voila.items()
                       if section not in ("Voila", "VoilaConfiguration") for key, value in options.items())
    _write(etc / "jupyter_server_config.py", SERVER_CONFIG.format(cull=cull_kernels_after)
           + "# Voilà's page, from the series' voila.json (cells tagged voila-hide removed)\n" + exporter)
    # the students' own settings (jupyterhub_config.py gives their servers JUPYTER_CONFIG_PATH=<this>):
    # nbgrader's teacher tools off, its Assignment List (fetch, submit) and Validate kept
    student = prefix / "etc" / "jupyter-student"
    _write(student / "jupyter_server_config.json", json.dumps({"ServerApp": {"jpserver_extensions": {
        f"nbgrader.server_extensions.{name}": False for name in ("formgrader", "course_list")}}}, indent=2))
    _write(student / "labconfig" / "page_config.json", json.dumps({"disabledExtensions": {
        f"@jupyter/nbgrader:{name}": True for name in ("formgrader", "course-list", "create-assignment")}},
        indent=2))
    overrides = ROOT / ".jupyter" / "lab" / "settings" / "overrides.json"
    _write(prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json", overrides.read_text())


# --- the shared environment, for a test hub ---


def readable_by_all(path: Path) -> bool:
    """Every user can reach `path` (x on each folder above it) and list and read it (r-x)."""
    path = Path(path).resolve()
    if any(not os.stat(parent).st_mode & 0o001 for parent in path.parents):
        return False
    return path.stat().st_mode & 0o005 == 0o005


def _copy_tree(src: Path, dst: Path) -> None:
    """src copied to dst as hard links (same file system: no bytes copied), else copied."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    same_device = os.stat(src).st_dev == os.stat(dst.parent).st_dev
    subprocess.run(["cp", "-al" if same_device else "-a", str(src), str(dst)], check=True)


def system_python() -> Path:
    """The system's python of this interpreter's minor version, which every user may run."""
    name = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in ("/usr/bin", "/usr/local/bin"):
        candidate = Path(folder) / name
        if candidate.exists() and readable_by_all(candidate.resolve().parent):
            return candidate
    raise RuntimeError(f"no {name} that every user can run in /usr/bin or /usr/local/bin: "
                       f"install Debian's {name} (apt-get install {name})")


def shared_environment(prefix: Path) -> Path:
    """A Python environment at `prefix` that every user can run, with every package of this one
    (the module's docstring says how, without a second install)."""
    prefix = Path(prefix)
    subprocess.run([str(system_python()), "-m", "venv", "--without-pip", str(prefix)], check=True)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    own = prefix / "lib" / version / "site-packages"
    paths = []
    for k, source in enumerate(dict.fromkeys(Path(sysconfig.get_paths()[p]) for p in ("purelib", "platlib"))):
        if not readable_by_all(source):
            copy = prefix / "lib" / f"series-site-packages-{k}"
            _copy_tree(source, copy)
            source = copy
        paths.append(str(source))
    _write(own / "series.pth", "".join(f"{p}\n" for p in paths))
    shutil.copytree(ROOT / "bpcore", own / "bpcore", ignore=shutil.ignore_patterns("__pycache__"))
    data = Path(sys.prefix) / "share" / "jupyter"
    if data.is_dir():
        _copy_tree(data, prefix / "share" / "jupyter")
    config = Path(sys.prefix) / "etc" / "jupyter"
    if config.is_dir():
        shutil.copytree(config, prefix / "etc" / "jupyter", dirs_exist_ok=True)
    _console_scripts(prefix, paths)
    return prefix


def _console_scripts(prefix: Path, paths: list[str]) -> None:
    """bin/<script> for every console script of the packages in `paths`, run by the new interpreter."""
    python = prefix / "bin" / "python"
    for dist in distributions(path=paths):
        for ep in dist.entry_points:
            script = prefix / "bin" / ep.name
            if ep.group != "console_scripts" or script.exists() or "/" in ep.name:
                continue
            target = f"{ep.module}.{ep.attr}" if ep.attr else ep.module
            script.write_text(f"#!{python}\nimport sys\nimport {ep.module}\n"
                              f"if __name__ == '__main__':\n    sys.exit({target}())\n")
            script.chmod(0o755)


# --- system users ---


def unique_names(*names: str) -> list[str]:
    """`names`, each with the same random prefix: logins that no other hub on this machine has."""
    tag = "bp" + secrets.token_hex(3)
    return [f"{tag}-{name}" for name in names]


def create_user(name: str, password: str, home: Path) -> None:
    """A system user with a home that only they can open (0700) and a PAM password."""
    subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                    "--user-group", name], check=True, capture_output=True, text=True)
    home.chmod(0o700)
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", check=True, capture_output=True, text=True)


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except FileNotFoundError:
                pass
    return pids


def remove_user(name: str) -> None:
    """End every process of the user (by PID: they are this hub's students), remove the user and home."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = processes_of(entry.pw_uid)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        while processes_of(entry.pw_uid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if not processes_of(entry.pw_uid):
            break
    subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
    shutil.rmtree(entry.pw_dir, ignore_errors=True)
    subprocess.run(["groupdel", name], capture_output=True, text=True)  # if userdel left it


def teacher_course(name: str, home: Path) -> Path:
    """The course (classroom/, without this folder) in the teacher's home, ~/course, and
    ~/nbgrader_config.py pointing at it: the formgrader, which reads ./nbgrader_config.py in the folder
    the server starts in (the home), finds the course, and its settings (~/course/nbgrader_config.py: the
    autograde that grades each submission at its student's numbers, with the course secret)."""
    course = home / "course"
    shutil.copytree(ROOT / "classroom", course, ignore=shutil.ignore_patterns(
        "hub", "release", "submitted", "autograded", "feedback", "downloaded", "gradebook.db", "grades.csv",
        ".ipynb_checkpoints", "__pycache__"))
    (home / "nbgrader_config.py").write_text(  # the course's own settings (its autograde's), then its root
        f"c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(course / 'nbgrader_config.py')!r})  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(course)!r}\n")
    subprocess.run(["chown", "-R", f"{name}:{name}", str(course), str(home / "nbgrader_config.py")],
                   check=True)
    return course


def remove_folder(folder: Path) -> None:
    """Remove `folder`: renamed at once, deleted by a process of its own that outlives this one (a
    hard-linked copy of a site-packages is some 50,000 files: seconds to unlink on a loaded machine)."""
    if not folder.exists():
        return
    doomed = folder.with_name(folder.name + ".removing")
    folder.rename(doomed)
    subprocess.Popen(["rm", "-rf", "--one-file-system", str(doomed)], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# --- the proxy, from npm ---


def ensure_proxy() -> Path:
    """configurable-http-proxy from classroom/hub/package-lock.json (`npm ci`), installed once."""
    with open(Path(tempfile.gettempdir()) / "bp-hub-npm.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one npm ci at a time (tests and benchmarks may start together)
        if not PROXY.exists():
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True,
                           capture_output=True, text=True)
    return PROXY


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- the hub ---


class HubExited(RuntimeError):
    pass


class Hub:
    """A running class hub (start_hub makes it); stop() removes it and everything it made."""

    def __init__(self, root: Path, students: list[str], teachers: list[str]):
        self.root, self.students, self.teachers = root, list(students), list(teachers)
        self.env, self.exchange, self.state = root / "env", root / "exchange", root / "state"
        self.repo = root / "series.git"
        self.git_config = root / "gitconfig"
        self.log = self.state / "hub.log"
        self.token = secrets.token_hex(32)
        self.passwords: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        self.course: Path | None = None
        self.url = ""

    # -- paths and links --

    def home(self, name: str) -> Path:
        return self.root / "home" / name

    @property
    def repo_url(self) -> str:
        return f"file://{self.repo}"

    def pull_link(self, path: str = "notebooks/07_playground.ipynb", app: str = "lab",
                  settings: str = "") -> str:
        """The nbgitpuller link, relative to the hub's address, that pulls the series into ~/backprop-series
        opens `path` there (links.py makes the same for the class's real repository); `settings`, a
        playground scenario's query for Voilà's page (bpcore.links)."""
        return links.pull_link("", self.repo_url, path, branch="main", app=app, settings=settings)

    # -- the REST API --

    def api(self, path: str, method: str = "GET", body=None, token: str | None = None):
        """The hub's REST API (/hub/api/<path>) as the service bp-driver (or with `token`)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/hub/api/{path}", data=data, method=method,
                                         headers={"Authorization": f"token {token or self.token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
        return json.loads(text) if text else None

    def user_token(self, name: str) -> str:
        return self.api(f"users/{name}/tokens", "POST", {"note": "local_hub", "expires_in": 7200})["token"]

    def start_server(self, name: str, timeout: float = 180.0) -> str:
        """Spawn `name`'s server (if not running) and wait until the hub says it is ready; its URL."""
        user = self.api(f"users/{name}")
        if not user["servers"].get("", {}).get("ready"):
            if not user["servers"].get(""):
                self.api(f"users/{name}/server", "POST")
            self.wait(lambda: self.api(f"users/{name}")["servers"].get("", {}).get("ready"), timeout,
                      f"{name}'s server")
        return f"{self.url}/user/{name}/"

    def stop_server(self, name: str, timeout: float = 60.0) -> None:
        try:
            self.api(f"users/{name}/server", "DELETE")
        except urllib.error.HTTPError as e:
            if e.code not in (400, 404):
                raise
        self.wait(lambda: not self.api(f"users/{name}")["servers"], timeout, f"{name}'s server stopped")

    def wait(self, done, timeout: float, what: str):
        """done() again and again until it is true; the hub's death or the timeout fails with its log."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise HubExited(f"the hub exited ({self.process.returncode}):\n{self.log_text()}")
            result = done()
            if result:
                return result
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what}: not after {timeout} s\n{self.log_text()[-6000:]}")
            time.sleep(0.2)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    # -- commands as a user --

    def user_env(self, name: str) -> dict:
        """The environment a user's server has (jupyterhub_config.py's Spawner.environment), in their home."""
        return {"PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "HOME": str(self.home(name)),
                "USER": name, "LOGNAME": name, "LANG": "C.UTF-8", "SHELL": "/bin/bash",
                "GIT_CONFIG_SYSTEM": str(self.git_config)}

    def run_as(self, name: str, *args: str, cwd: Path | None = None, check: bool = True,
               timeout: float = 300, input: str | None = None) -> subprocess.CompletedProcess:
        """`args` run as the system user `name`, in their home (or `cwd`), with the shared environment
        (`input`: its stdin)."""
        done = subprocess.run([RUNUSER, "-u", name, "--", *args], cwd=cwd or self.home(name),
                              env=self.user_env(name), capture_output=True, text=True, timeout=timeout,
                              input=input)
        if check and done.returncode != 0:
            raise AssertionError(f"{name}$ {' '.join(args)} failed ({done.returncode}):\n"
                                 f"{done.stdout}\n{done.stderr}")
        return done

    # -- stopping --

    def stop(self) -> None:
        """Stop the hub (it stops every server and the proxy), end what is left of the users' processes
        and the proxy, remove the users and their homes, and the hub's folder."""
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(self.process.pid, signal.SIGKILL)
                    self.process.wait()
            proxy_pid = self.state / "jupyterhub-proxy.pid"
            if proxy_pid.exists():  # the hub removes it when it stops the proxy itself
                try:
                    os.kill(int(proxy_pid.read_text().strip()), signal.SIGTERM)
                except (ValueError, ProcessLookupError):
                    pass
        finally:
            for name in self.students + self.teachers:
                remove_user(name)
            remove_folder(self.root)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def start_hub(students: list[str], teachers: list[str] = (), root: Path | None = None,
              series_repo: bool = True, cull_after: int = 3600, server_args: tuple[str, ...] = (),
              timeout: float = 120.0) -> Hub:
    """A class hub on 127.0.0.1 with these system users (made here, each with a random password; the first
    teacher gets the course in ~/course), the shared environment, nbgrader's exchange and (series_repo)
    a bare repository of this checkout for nbgitpuller; `server_args` are given to every user's Jupyter
    server.  Returns once the hub answers; stop() undoes it all,
    and so does a failure here."""
    if os.geteuid() != 0:
        raise PermissionError("a class hub makes system users: run as root")
    proxy = ensure_proxy()
    root = Path(root) if root is not None else Path(tempfile.mkdtemp(prefix="bp-hub-"))
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    hub = Hub(root, students, teachers)
    try:
        hub.state.mkdir(mode=0o700)
        (root / "home").mkdir(mode=0o755)
        hub.exchange.mkdir()
        hub.exchange.chmod(0o777)
        shared_environment(hub.env)
        configure_environment(hub.env, hub.exchange)
        if series_repo:
            subprocess.run(["git", "init", "--quiet", "--bare", str(hub.repo)], check=True)
            subprocess.run(["git", "-C", str(ROOT), "push", "--quiet", str(hub.repo), "HEAD:refs/heads/main"],
                           check=True, capture_output=True, text=True)
            subprocess.run(["git", "-C", str(hub.repo), "symbolic-ref", "HEAD", "refs/heads/main"],
                           check=True)
        # git refuses another user's repository (safe.directory); the students' git reads this file
        _write(hub.git_config, f"[safe]\n\tdirectory = {hub.repo}\n")
        with open(root / "roster.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["login", "role"])
            writer.writerows([(name, "student") for name in students]
                             + [(name, "teacher") for name in teachers])
        for name in [*students, *teachers]:
            hub.passwords[name] = secrets.token_urlsafe(12)
            create_user(name, hub.passwords[name], hub.home(name))
        if teachers:
            hub.course = teacher_course(teachers[0], hub.home(teachers[0]))
        _launch(hub, proxy, cull_after, server_args, timeout)
    except BaseException:
        hub.stop()
        raise
    return hub


def _launch(hub: Hub, proxy: Path, cull_after: int, server_args, timeout: float, attempts: int = 4) -> None:
    for attempt in range(attempts):
        port, api_port, proxy_port = free_port(), free_port(), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "BP_HUB_"))}
        env.update(BP_HUB_ENV=str(hub.env), BP_HUB_STATE=str(hub.state),
                   BP_HUB_ROSTER=str(hub.root / "roster.csv"),
                   BP_HUB_IP="127.0.0.1", BP_HUB_PORT=str(port), BP_HUB_API_PORT=str(api_port),
                   BP_HUB_PROXY_API_PORT=str(proxy_port), BP_HUB_PROXY=str(proxy),
                   BP_HUB_CULL_AFTER=str(cull_after), BP_HUB_SERVICE_TOKEN=hub.token,
                   BP_HUB_GIT_CONFIG=str(hub.git_config), BP_HUB_SERVER_ARGS=shlex.join(server_args))
        hub.url = f"http://127.0.0.1:{port}"
        with open(hub.log, "w") as log:
            hub.process = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)],
                                           cwd=hub.state, env=env, stdout=log, stderr=subprocess.STDOUT,
                                           start_new_session=True)

        def answers():
            try:
                with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=10) as response:
                    return response.status == 200
            except OSError:
                return False

        try:
            hub.wait(answers, timeout, "the hub")
            return
        except HubExited as e:
            if "in use" not in str(e) or attempt == attempts - 1:
                raise


# --- command line ---


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    configure = sub.add_parser("configure", help="write the class's settings into an environment")
    configure.add_argument("prefix", type=Path)
    configure.add_argument("--exchange", type=Path, default=Path("/srv/nbgrader/exchange"))
    configure.add_argument("--cull-kernels-after", type=int, default=1800)
    parser.add_argument("--students", type=int, default=3)
    parser.add_argument("--teachers", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "configure":
        configure_environment(args.prefix, args.exchange, cull_kernels_after=args.cull_kernels_after)
        return
    names = unique_names(*[f"s{k + 1}" for k in range(args.students)],
                         *[f"t{k + 1}" for k in range(args.teachers)])
    with start_hub(names[:args.students], names[args.students:]) as hub:
        print(f"hub: {hub.url}   (log: {hub.log})")
        for name, password in hub.passwords.items():
            print(f"  {name}  {password}")
        print(f"pull the series: {hub.url}{hub.pull_link()}")
        print("Ctrl-C stops it and removes the users.")
        try:
            hub.process.wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
