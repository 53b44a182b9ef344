"""JupyterHub for a class on one server: the series' configuration (README: "Teaching a class on one server").

One file for the real server and for the tests.  Everything that differs between them comes from the
environment (classroom/hub/install writes /etc/backprop-class/hub.env; classroom/hub/local_hub.py sets them
for a test hub on 127.0.0.1):

    BP_HUB_ENV        the shared environment of the series, readable by every user  (/opt/backprop-class/env)
    BP_HUB_STATE      the hub's own files: database, cookie secret, logs            (/srv/backprop-class/hub)
    BP_HUB_ROSTER     the class list, a CSV with columns login,role (student or teacher)
                                                                                   (/srv/backprop-class/roster.csv)
    BP_HUB_IP         where students connect                          (127.0.0.1; a server: 0.0.0.0)
    BP_HUB_PORT       their port                                                  (8000)
    BP_HUB_API_PORT, BP_HUB_PROXY_API_PORT   the hub's and the proxy's own ports, on 127.0.0.1 (8081, 8001)
    BP_HUB_PROXY      configurable-http-proxy (npm ci in classroom/hub/ puts it in node_modules/.bin)
    BP_HUB_MEM_LIMIT  each student's memory limit under systemd                    (1G)
    BP_HUB_CULL_AFTER seconds before an idle server is stopped; kernels: half of it (3600)
    BP_HUB_SERVICE_TOKEN  optional: a service "bp-driver" that may manage users and servers (tests,
                      benchmarks)
    BP_HUB_GIT_CONFIG optional: a git config file given to every server as GIT_CONFIG_SYSTEM (tests: the
                      safe.directory of a local repository that nbgitpuller pulls; a real server sets it
                      in /etc/gitconfig)

Logins: PAM against the server's own accounts.  The teacher's roster makes one system account per student
(classroom/hub/roster.py, with a first password for each, printed for the teacher to hand out); only the
logins on the roster may log in (allowed_users), the teachers are the hub's admins.  Each student is a
system user, so the operating system itself keeps them apart: homes 0700, and nbgrader's exchange lets a
student write into the inbound folder but not list or read it.
"""

import csv
import importlib.util
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

HERE = Path(__file__).resolve().parent
ENV = Path(os.environ.get("BP_HUB_ENV", "/opt/backprop-class/env"))
STATE = Path(os.environ.get("BP_HUB_STATE", "/srv/backprop-class/hub"))
ROSTER = Path(os.environ.get("BP_HUB_ROSTER", "/srv/backprop-class/roster.csv"))
CULL_AFTER = int(os.environ.get("BP_HUB_CULL_AFTER", "3600"))


def roster(path: Path) -> dict[str, str]:
    """login -> role ("student" or "teacher"), from the class list."""
    with open(path, newline="") as f:
        return {row["login"].strip(): row.get("role", "student").strip() or "student"
                for row in csv.DictReader(f) if row.get("login", "").strip()}


# --- hub and proxy: the students' port on BP_HUB_IP, everything else on loopback ---
c.JupyterHub.ip = os.environ.get("BP_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("BP_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("BP_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('BP_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [os.environ.get("BP_HUB_PROXY")
                                   or str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# --- logins: the roster's accounts, by PAM; the teachers are admins ---
people = roster(ROSTER)
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {login for login, role in people.items() if role == "student"}
c.Authenticator.admin_users = {login for login, role in people.items() if role == "teacher"}
c.JupyterHub.admin_access = False  # admins manage servers but do not open students' ones

# --- each student's server: the shared environment, run as the student, in their home ---
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
# Nothing of the hub's own environment leaks into a student's (PYTHONPATH, VIRTUAL_ENV): PATH starts with
# the shared environment, whose bin/ holds jupyter, nbgrader and alembic (nbgrader runs it as a subprocess).
c.Spawner.env_keep = ["LANG", "LC_ALL"]
environment = {"PATH": f"{ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
if os.environ.get("BP_HUB_GIT_CONFIG"):
    environment["GIT_CONFIG_SYSTEM"] = os.environ["BP_HUB_GIT_CONFIG"]
c.Spawner.environment = environment
c.Spawner.start_timeout = 180  # a loaded 2-core machine: 35 s for 10 students at once
c.Spawner.http_timeout = 180

if Path("/run/systemd/system").is_dir() and importlib.util.find_spec("systemdspawner"):
    # Each student's server in a systemd unit of its own, as that system user: a memory limit the kernel
    # enforces (the server and every kernel it starts together), and a CPU share.
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.mem_limit = os.environ.get("BP_HUB_MEM_LIMIT", "1G")
    c.SystemdSpawner.cpu_limit = 1.0
    c.SystemdSpawner.dynamic_users = False  # the roster's system users: their homes, nbgrader's exchange
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.unit_extra_properties = {"Environment": f"PATH={environment['PATH']}"}
else:
    # No systemd (a container, this CI): local processes as the students' system users, with no memory
    # limit; the idle culling below is what gives memory back.  README says so.
    c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
    c.LocalProcessSpawner.shell_cmd = []


def pre_spawn_hook(spawner):
    """Students get no formgrader (nbgrader's teacher pages); a teacher's server keeps it and opens in the
    course folder that classroom/hub/roster.py made in their home."""
    if spawner.user.admin:
        return
    spawner.args = [*spawner.args, "--ServerApp.jpserver_extensions="
                    "{'nbgrader.server_extensions.formgrader': False}"]


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --- idle culling: servers (a hub service) and kernels (in the environment's jupyter_server_config.py) ---
services, roles = [], []
if importlib.util.find_spec("jupyterhub_idle_culler"):
    services.append({"name": "idle-culler",
                     "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={CULL_AFTER}",
                                 "--cull-every=300"]})
    roles.append({"name": "idle-culler", "services": ["idle-culler"],
                  "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})
if os.environ.get("BP_HUB_SERVICE_TOKEN"):
    services.append({"name": "bp-driver", "api_token": os.environ["BP_HUB_SERVICE_TOKEN"]})
    roles.append({"name": "bp-driver", "services": ["bp-driver"],
                  "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users",
                             "read:users"]})
c.JupyterHub.services = services
c.JupyterHub.load_roles = roles
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
