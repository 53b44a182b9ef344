"""JupyterLab, Voilà and headless Chromium for tests/test_browser.py and scripts/make_readme_images.py.

Each server runs on loopback with its Jupyter, IPython and matplotlib folders in a temporary
directory (nothing of the user's is read or written), and is stopped by its PID.
Chromium is Debian's /usr/bin/chromium, driven by Playwright (no browser download).
"""

from __future__ import annotations

import io
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
from matplotlib.image import imread, imsave

from bpcore import network, scenario

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = f"{CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'


def isolated_env(tmp: Path) -> dict:
    """The environment for a server whose Jupyter state lives in `tmp`; this venv's jupyter first on PATH."""
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("JUPYTERLAB_SETTINGS_DIR", "lab-user-settings"),
                     ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"), ("IPYTHONDIR", "ipython"),
                     ("MPLCONFIGDIR", "matplotlib")):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(tmp / sub)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONHASHSEED"] = "0"
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process started in its own process group, stopped by its PID."""

    def __init__(self, args, env, url, ready_path, log: Path, token=None):
        self.url, self.token = url, token
        self.log = log
        self._log_file = open(log, "w")
        self.process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=self._log_file,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        self._wait_ready(ready_path)

    def _wait_ready(self, path, timeout=90.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if path is None:  # listening is enough (Voilà renders its page on the first GET)
                    socket.create_connection(self.url.removeprefix("http://").split(":"), timeout=2).close()
                    return
                with urllib.request.urlopen(self.url + path, timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise TimeoutError(f"server not ready after {timeout} s:\n{self.log.read_text()}")

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # lab shuts its kernels down cleanly on SIGTERM
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


def start_lab(tmp: Path, zh: bool = False) -> Server:
    """scripts/lab (with `zh`: `scripts/lab --zh`), the README's launch command, on a free loopback
    port with a known token.

    It serves a copy of notebooks/ (with `zh`: of notebooks/zh/): a student's Run All makes a notebook
    unsaved, and lab's autosave must not write browser-run outputs over the committed ones.
    """
    port, token = free_port(), secrets.token_hex(16)
    served = tmp / "notebooks"
    shutil.copytree(ROOT / "notebooks" / ("zh" if zh else ""), served,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    args = [str(ROOT / "scripts" / "lab"), *(["--zh"] if zh else []), "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}", f"--notebook-dir={served}"]
    return Server(args, isolated_env(tmp), f"http://127.0.0.1:{port}", f"/api/status?token={token}",
                  tmp / "lab.log", token)


def start_voila(tmp: Path, notebook="notebooks/07_playground.ipynb") -> Server:
    """`voila NOTEBOOK --no-browser --port N`, the README's classroom command, run from the repository's
    folder: Voilà reads ./voila.json there, which removes the cells tagged voila-hide."""
    port = free_port()
    args = [str(Path(sys.executable).parent / "voila"), notebook, "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1"]
    return Server(args, isolated_env(tmp), f"http://127.0.0.1:{port}", None, tmp / "voila.log")


def launch_chromium(playwright, tmp: Path, width=1400, height=1000):
    """A headless Chromium context with its profile in `tmp`."""
    return playwright.chromium.launch_persistent_context(
        str(tmp / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
        viewport={"width": width, "height": height})


def open_notebook(page, lab: Server, name: str, timeout=60_000):
    """Open notebooks/`name` in a fresh workspace (?reset: no tabs restored) and wait for its kernel."""
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}", timeout=timeout)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
    wait_idle(page, timeout)


def wait_idle(page, timeout=120_000):
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-StatusBar-Widget, .jp-StatusBar-TextItem')]
                   .some(e => /\\| (Idle|空闲)/.test(e.textContent))""", timeout=timeout)  # en, zh


# The menus Run All uses, by the interface's language (`scripts/lab` and `scripts/lab --zh`).
MENUS = {"en": {"edit": "Edit", "run": "Run"}, "zh": {"edit": "编辑", "run": "运行"}}


def run_all(page, timeout=120_000, language="en"):
    """Run ▸ Run All Cells from the menu, then wait until every code cell has run (or one failed: Run All
    stops there) and the kernel is idle.  The kernel must be fresh (open_notebook's), its count at 0."""
    menus = MENUS[language]
    # First Edit ▸ Clear Outputs of All Cells: the committed outputs' prompts ([1], [2], ...) must not
    # pass for this run's.
    page.click(f".lm-MenuBar-item:has-text('{menus['edit']}')")
    page.click(".lm-Menu-item[data-command='editmenu:clear-all']")
    page.wait_for_function("""() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                                      .every(p => !/\\d/.test(p.textContent))""", timeout=timeout)
    page.click(f".lm-MenuBar-item:has-text('{menus['run']}')")
    page.click(".lm-Menu-item[data-command='runmenu:run-all']")
    # Done when the last cell has run: in the fresh kernel every prompt is numbered and the highest number is
    # the count of code cells (a prompt that merely lacks a "*" can be a cell not yet queued).
    page.wait_for_function(
        """(errors) => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
            if (prompts.some(p => p.textContent.includes('*'))) return false;
            if (document.querySelector(errors) !== null) return true;
            const numbers = prompts.map(p => /\\[(\\d+)\\]/.exec(p.textContent));
            return numbers.every(n => n !== null)
                && Math.max(...numbers.map(n => Number(n[1]))) === prompts.length;
        }""", arg=f"{STDERR}, {ERROR}", timeout=timeout)
    wait_idle(page, timeout)


def shutdown_kernels(lab: Server):
    """Stop every kernel the lab runs, so that finished notebooks do not hold memory and CPU."""
    import json

    with urllib.request.urlopen(f"{lab.url}/api/kernels?token={lab.token}", timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(f"{lab.url}/api/kernels/{kernel['id']}?token={lab.token}",
                                         method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


def error_outputs(page) -> list[str]:
    return [e.inner_text()[:500] for e in page.query_selector_all(f"{STDERR}, {ERROR}")]


def readout_number(text: str) -> float:
    """A slider readout as a float; d3-format writes a minus as U+2212."""
    return float(text.strip().replace("\u2212", "-"))


def playground_settings(page):
    """The playground's settings as the page shows them in the sliders' readouts."""

    # text_content, not inner_text: what the widget holds even while JupyterLab, which renders only the
    # cells in view, has the dashboard scrolled away (inner_text is then "")
    def read(css):
        return readout_number(page.locator(f".{css} .widget-readout").first.text_content())

    def active(css):
        return page.locator(f".{css} .mod-active").first.text_content().strip()

    gradient = "published" if active("bp-gradient").startswith("published") else "correct"
    cost = {name: cost for cost, name in network.COST_NAMES.items()}[active("bp-cost")]
    return scenario.Settings(lr=read("bp-lr"), y1=read("bp-y1"), y2=read("bp-y2"),
                               epochs=int(read("bp-epochs")), gradient=gradient, output=active("bp-output"),
                               cost=cost)


def press(page, css, key, times):
    handle = page.locator(f".{css} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)


def wait_for_readout(page, expected: str, timeout=20.0) -> str:
    """Wait until the playground's text is `expected` (whitespace aside: its two lines are HTML);
    return what it last showed, whitespace cleaned."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = clean(page.inner_text(".bp-readout"))
        if shown == clean(expected):
            break
        time.sleep(0.1)
    return shown


def painted(page, css):
    """The picture the <img> at `css` shows, as the page paints it, once the browser has decoded it: an
    (height, width, 3) array of floats in [0, 1], a pixel larger than the picture where its box starts at
    a fraction of a pixel."""
    image = page.locator(css)
    image.evaluate("img => img.decode()")  # resolves once the current src is decoded and can be painted
    return imread(io.BytesIO(image.screenshot()), format="png")[..., :3]


def differing(shown, expected, by=0.25) -> float:
    """The fraction of the pixels of `expected` (PNG bytes) that `shown` paints differently, by more than
    `by` in a colour channel, at the best of its offsets of up to a pixel; 1.0 when their sizes differ by
    more than that pixel."""
    expected = imread(io.BytesIO(expected), format="png")[..., :3]
    (h, w), (shown_h, shown_w) = expected.shape[:2], shown.shape[:2]
    if not (0 <= shown_h - h <= 1 and 0 <= shown_w - w <= 1):
        return 1.0
    return min(float(np.mean(np.abs(shown[dy:dy + h, dx:dx + w] - expected).max(axis=2) > by))
               for dy in range(shown_h - h + 1) for dx in range(shown_w - w + 1))


def painted_differing(page, css, expected, timeout=5.0) -> float:
    """`differing(painted(page, css), expected)`, asked again for up to `timeout` s until it is below
    0.001; returns the last answer.  Headless Chromium rasters a new picture tile by tile and a screenshot
    can catch some tiles still showing the previous one (a mosaic of both): a transient of its own, not
    what the page settles on, which is what this asks about."""
    deadline = time.monotonic() + timeout
    while True:
        shown = painted(page, css)
        fraction = differing(shown, expected)
        if fraction < 0.001:
            return fraction
        if time.monotonic() > deadline:  # kept for whoever reads the failure: what was painted, and why not
            folder = ROOT / "tests" / "screenshots"
            folder.mkdir(exist_ok=True)
            imsave(folder / "painted-mismatch.png", shown)
            (folder / "painted-mismatch-expected.png").write_bytes(expected)
            return fraction
        time.sleep(0.2)


def plot_src(page) -> str:
    return page.get_attribute(".bp-plot", "src") or ""


def notebook_names(edition=""):
    """The notebooks of an edition: "" for notebooks/, "zh" for notebooks/zh/."""
    return sorted(p.name for p in (ROOT / "notebooks" / edition).glob("*.ipynb"))


def menu_bar(page) -> list[str]:
    """The labels of JupyterLab's menu bar, left to right."""
    return [e.inner_text().strip() for e in page.query_selector_all(".lm-MenuBar-content > .lm-MenuBar-item")]


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
