"""JupyterLab, Voilà and headless Chromium for the browser tests (tests/test_browser*.py, their fixtures in
tests/conftest.py) and scripts/make_readme_images.py.

Each server runs on loopback, on a port it is the only one to hold, with its Jupyter, IPython and matplotlib
folders in a temporary directory (nothing of the user's is read or written), and is stopped by its PID.
Chromium is Debian's /usr/bin/chromium, driven by Playwright (no browser download).

Every wait here is for a state the page or the server reaches, never for a length of time: a server answers
on its port; the notebook's kernel is connected and idle; every code cell has run (read from the notebook's
own model, which JupyterLab exposes with --LabApp.expose_app_in_browser); every widget and figure is on
the page; a picture is decoded and painted as bpcore draws it; a readout says what bpcore computes.  Each
has a timeout, and a timeout fails the test, whose page, console and server logs conftest.py keeps.
"""

from __future__ import annotations

import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import numpy as np
from matplotlib.image import imread, imsave

import bpcore
from bpcore import scenario
from bpcore.language import tr

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_MISSING = f"{CHROMIUM} not found: install Debian's Chromium with `apt-get install chromium`"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  # a page in a background tab or behind another window is painted as if in front: the
                  # tests wait for pictures to be painted
                  "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                  "--disable-backgrounding-occluded-windows"]
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
WIDGET = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.widget-view+json"]'


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
    """A port free a moment ago.  Another process may take it before the server binds it: the servers are
    started with no retries on another port (which could be someone else's server), and `serve` starts
    again on a new port when the port was taken."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerExited(RuntimeError):
    pass


RUNNING: list[Server] = []  # the servers running now, whose logs conftest.py keeps when a test fails


class Server:
    """A server process started in its own process group, stopped by its PID.

    ready_path: the URL path that answers 200 once the server serves (lab: /api/status with the token);
    None: the server is ready when its log says `ready_line`."""

    def __init__(self, args, env, url, ready_path, log: Path, token=None, ready_line=None, timeout=90.0):
        self.url, self.token, self.log = url, token, log
        self._log_file = open(log, "w")
        self.process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=self._log_file,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        RUNNING.append(self)
        try:
            self._wait_ready(ready_path, ready_line, timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self, path, line, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerExited(f"server exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                if path is None:
                    if line in self.log.read_text():
                        with urllib.request.urlopen(self.url + "/", timeout=10):
                            return
                else:
                    with urllib.request.urlopen(self.url + path, timeout=10) as response:
                        if response.status == 200:
                            return
            except OSError:  # not listening yet (HTTPError is an OSError too: not serving yet)
                pass
            time.sleep(0.2)  # the next look: the server is polled, not waited for blindly
        raise TimeoutError(f"server not ready after {timeout} s:\n{self.log.read_text()}")

    def stop(self):
        """SIGTERM (lab and Voilà shut their kernels down), then SIGKILL to the group if it hangs."""
        for thread in getattr(self, "_ending", []):
            thread.join(timeout=60)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log_file.close()
        if self in RUNNING:
            RUNNING.remove(self)

    # --- a lab's REST API ---

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.url}/api/{path}?token={self.token}", method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_sessions(self, wait=True):
        """End every session and kernel the lab runs now: the next notebook opened starts a fresh kernel,
        and finished notebooks hold no memory or CPU.  wait=False: the lab ends them while the next test
        begins (a kernel takes a second or more to stop); `stop` waits for them."""
        sessions = [f"sessions/{s['id']}" for s in self.api("sessions")]
        kernels = [f"kernels/{k['id']}" for k in self.api("kernels")]  # those of these sessions, or none

        def end():
            for path in sessions + kernels:
                try:
                    self.api(path, "DELETE")
                except urllib.error.HTTPError as e:
                    if e.code != 404:  # 404: ended with its session, or meanwhile
                        raise

        self._ending = [t for t in getattr(self, "_ending", []) if t.is_alive()]
        if wait:
            end()
        else:
            thread = threading.Thread(target=end, daemon=True)
            thread.start()
            self._ending.append(thread)

    def fresh_folder(self) -> str:
        """A new folder in the lab's root holding a copy of the edition it serves, as committed: a test
        that opens a notebook there finds no output or state left by an earlier test."""
        name = f"t{next(self._folders)}"
        skip = shutil.ignore_patterns(".ipynb_checkpoints", "zh")  # the English folder holds the Chinese one
        shutil.copytree(self.served_from, self.root / name, ignore=skip)
        return name


def serve(start, attempts=5) -> Server:
    """start(port) -> Server, again on a new port while the one it was given was taken meanwhile."""
    for attempt in range(attempts):
        try:
            return start(free_port())
        except ServerExited as e:
            if "already in use" not in str(e) or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def start_lab(tmp: Path, zh: bool = False, script="lab", env_extra=None, served_from=None) -> Server:
    """scripts/lab (with `zh`: `scripts/lab --zh`), the README's launch command, on a free loopback
    port with a known token.  script="formgrader" (with env_extra={"COURSE": ...}) is the teachers' command.

    It serves a copy of notebooks/ (with `zh`: of notebooks/zh/): a student's Run All makes a notebook
    unsaved, and lab's autosave must not write browser-run outputs over the committed ones.  The app is
    exposed to the page's scripts (window.jupyterapp), so that a test can read the notebook's model:
    which cells have run, the kernel's state.
    """
    token = secrets.token_hex(16)
    env = dict(isolated_env(tmp), **(env_extra or {}))
    root = tmp / "served"
    if served_from is None and script == "lab":
        served_from = ROOT / "notebooks" / ("zh" if zh else "")
    if served_from is not None:
        shutil.copytree(served_from, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    def start(port):
        args = [str(ROOT / "scripts" / script), *(["--zh"] if zh else []), "--no-browser", f"--port={port}",
                "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
                f"--IdentityProvider.token={token}", "--LabApp.expose_app_in_browser=True",
                *([f"--notebook-dir={root}"] if served_from else [])]
        return Server(args, env, f"http://127.0.0.1:{port}", f"/api/status?token={token}",
                      tmp / f"{script}.log", token)

    server = serve(start)
    server.root, server.served_from, server._folders = root, served_from, count(1)
    return server


def start_voila(tmp: Path, notebook="notebooks/07_playground.ipynb") -> Server:
    """`voila NOTEBOOK --no-browser --port N`, the README's classroom command, run from the repository's
    folder: Voilà reads ./voila.json there, which removes the cells tagged voila-hide.  Ready when its log
    says it runs and its port answers (Voilà has no /api/status; with no retries the port is its own)."""
    def start(port):
        args = [str(Path(sys.executable).parent / "voila"), notebook, "--no-browser", f"--port={port}",
                "--Voila.port_retries=0", "--Voila.ip=127.0.0.1"]
        return Server(args, isolated_env(tmp), f"http://127.0.0.1:{port}", None, tmp / "voila.log",
                      ready_line="Voilà is running at")

    return serve(start)


def launch_chromium(playwright, tmp: Path, width=1400, height=1000):
    """A headless Chromium context with its profile in `tmp` (scripts/make_readme_images.py)."""
    return playwright.chromium.launch_persistent_context(
        str(tmp / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
        viewport={"width": width, "height": height})


def launch_browser(playwright):
    """Headless Chromium, for a test module: each test gets its own context (fresh storage) from it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


# --- JupyterLab: open a notebook, Run All ---

# The notebook panel showing `path`, from JupyterLab's own model (window.jupyterapp).
PANEL = """(path) => {
    const app = window.jupyterapp;
    if (!app || !app.shell) return null;
    return [...app.shell.widgets('main')].find(w => w.context && w.context.path === path) || null;
}"""

KERNEL_READY = """(path) => {
    const panel = (%s)(path);
    if (!panel || !panel.context.isReady || !panel.sessionContext.isReady) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}""" % PANEL

# The code cells that run (an empty one is skipped by lab and gets no number), as the model holds them.
CODE_CELLS = """(panel) => [...panel.content.model.cells]
    .filter(c => c.type === 'code' && c.sharedModel.getSource().trim() !== '')"""

OUTPUTS_CLEARED = """(path) => {
    const panel = (%s)(path);
    return (%s)(panel).every(c => c.executionCount === null && c.outputs.length === 0);
}""" % (PANEL, CODE_CELLS)

# Run All is done when the kernel is idle and every code cell has run, numbered 1...n in the fresh kernel
# (lab numbers a cell once it has its reply *and* all its outputs), or a cell failed (Run All stops there,
# the cells after it are not run: 'error').
RAN_ALL = """(path) => {
    const panel = (%s)(path);
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    const cells = (%s)(panel);
    if (!kernel || kernel.status !== 'idle' || cells.some(c => c.executionState === 'running')) return false;
    const outputs = c => Array.from({length: c.outputs.length}, (_, i) => c.outputs.get(i).toJSON());
    if (cells.some(c => outputs(c).some(o => o.output_type === 'error'))) return 'error';
    const numbers = cells.map(c => c.executionCount);
    return numbers.every((n, i) => n === i + 1) ? 'done' : false;
}""" % (PANEL, CODE_CELLS)

# Every output is on the page: each widget view rendered (not "Loading widget...", and an "Error displaying
# widget" counts as shown: the test then fails on it), each image loaded, MathJax done with the page.
RENDERED = """(widget) => {
    const views = [...document.querySelectorAll(widget)];
    if (views.some(v => v.textContent.startsWith('Loading widget'))) return false;
    const failed = v => v.textContent.startsWith('Error displaying widget');
    if (views.some(v => !failed(v) && !v.querySelector('.lm-Widget'))) return false;
    const images = [...document.querySelectorAll('.jp-OutputArea-output img')];
    if (images.some(i => !i.complete || i.naturalWidth === 0)) return false;
    return !document.querySelector('.jp-Notebook .MathJax_Processing, .jp-Notebook mjx-processing');
}"""


# The page's text typeset: formulas there (MathJax's output) and no raw `$` left in any markdown cell.
TYPESET_TEXT = """() => document.querySelectorAll('mjx-container').length > 0 &&
    ![...document.querySelectorAll('.jp-RenderedMarkdown')].some(e => e.innerText.includes('$'))"""


def notebook_path(page) -> str:
    """The path of the notebook the page opened (open_notebook keeps it in the page)."""
    return page.evaluate("() => window.bpNotebook")


def open_notebook(page, lab: Server, name: str, timeout=90_000):
    """Open `name` (a path in the lab's root) in a fresh workspace (?reset: no tabs restored) and wait
    until its kernel is connected and idle."""
    page.goto(f"{lab.url}/lab/tree/{name}?reset&token={lab.token}", timeout=timeout)
    wait_restored(page, timeout)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
    page.wait_for_function(KERNEL_READY, arg=name, timeout=timeout, polling=100)
    page.evaluate("path => { window.bpNotebook = path; }", name)


def wait_restored(page, timeout=90_000):
    """JupyterLab has started: every extension active (its menus in the menu bar), the layout restored."""
    page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=timeout)
    page.evaluate("async () => { await window.jupyterapp.restored; }")


def wait_idle(page, timeout=120_000):
    """The kernel of the notebook the page opened is connected and idle."""
    page.wait_for_function(KERNEL_READY, arg=notebook_path(page), timeout=timeout, polling=100)


# The menus Run All uses, by the interface's language (`scripts/lab` and `scripts/lab --zh`).
MENUS = {"en": {"edit": "Edit", "run": "Run"}, "zh": {"edit": "编辑", "run": "运行"}}


def run_all(page, timeout=180_000, language="en") -> str:
    """Edit ▸ Clear Outputs of All Cells, then Run ▸ Run All Cells, from the menus as a student would;
    wait until every code cell has run (or one failed: Run All stops there) and the kernel is idle, then
    until every output (widgets, figures) is on the page.  The kernel must be fresh (open_notebook's).
    Returns 'done' or 'error'."""
    path, menus = notebook_path(page), MENUS[language]
    # The committed outputs' numbers ([1], [2], ...) must not pass for this run's.
    page.click(f".lm-MenuBar-item:has-text('{menus['edit']}')")
    page.click(".lm-Menu-item[data-command='editmenu:clear-all']")
    page.wait_for_function(OUTPUTS_CLEARED, arg=path, timeout=timeout, polling=100)
    page.click(f".lm-MenuBar-item:has-text('{menus['run']}')")
    page.click(".lm-Menu-item[data-command='runmenu:run-all']")
    outcome = page.wait_for_function(RAN_ALL, arg=path, timeout=timeout, polling=100).json_value()
    page.wait_for_function(RENDERED, arg=WIDGET, timeout=timeout, polling=100)
    return outcome


def shutdown_kernels(lab: Server):
    """Stop every session and kernel the lab runs (scripts/make_readme_images.py)."""
    lab.shut_down_sessions()


def error_outputs(page) -> list[str]:
    """Error and stderr outputs, and widgets that failed to show, as the page shows them."""
    errors = [e.text_content()[:500] for e in page.query_selector_all(f"{STDERR}, {ERROR}")]
    return errors + [e.text_content()[:500] for e in page.query_selector_all(WIDGET)
                     if e.text_content().startswith("Error displaying widget")]


# --- the widgets ---


def readout_number(text: str) -> float:
    """A slider readout as a float; d3-format writes a minus as U+2212."""
    return float(text.strip().replace("\u2212", "-"))


@contextmanager
def speaking(language: str):
    """bpcore speaks `language` ("en" or "zh") in this process inside the block: what the test expects the
    page to say and paint is what bpcore says and draws in the page's language.  English after it."""
    bpcore.use_language(language)
    try:
        yield
    finally:
        bpcore.use_language("en")


def language_of(where: str) -> str:
    """The language of a page: "zh" for lab-zh and voila-zh, "en" for lab and voila."""
    return "zh" if where.endswith("-zh") else "en"


def playground_settings(page):
    """The playground's settings as the page shows them in the sliders' readouts and the switches' buttons,
    read in the language bpcore speaks (`speaking`), the page's."""

    # text_content, not inner_text: what the widget holds even while JupyterLab, which lays out only the
    # cells in view, has the dashboard scrolled away (inner_text is then "")
    def read(css):
        return readout_number(page.locator(f".{css} .widget-readout").first.text_content())

    def active(css):
        return page.locator(f".{css} .mod-active").first.text_content().strip()

    gradients = {tr("correct (chain rule)"): "correct", tr("published (flawed)"): "published"}
    costs = {tr(words): cost for cost, words in scenario.COST_WORDS.items()}
    outputs = {tr(words): output for output, words in scenario.OUTPUT_WORDS.items()}
    return scenario.Settings(lr=read("bp-lr"), y1=read("bp-y1"), y2=read("bp-y2"),
                             epochs=int(read("bp-epochs")), gradient=gradients[active("bp-gradient")],
                             output=outputs[active("bp-output")], cost=costs[active("bp-cost")])


# The playground's labels, as bpcore says them: each control's (CSS class, its label's words).
PLAYGROUND_LABELS = [("bp-lr", "learning rate η"), ("bp-epochs", "epochs"), ("bp-output", "output unit"),
                     ("bp-cost", "cost"), ("bp-gradient", "gradients")]


def playground_labels(page) -> dict[str, str]:
    """What the page writes as each control's label, the targets' sliders', the switches' buttons and the
    reset button: {what: text}."""
    labels = {css: text(page, f".{css} > .widget-label") for css, _ in PLAYGROUND_LABELS}
    labels |= {css: text(page, f".{css} > .widget-label") for css in ("bp-y1", "bp-y2")}
    for css in ("bp-output", "bp-cost", "bp-gradient"):
        labels |= {f"{css} {k}": b.text_content().strip()
                   for k, b in enumerate(page.locator(f".{css} button").all())}
    labels["bp-reset"] = text(page, ".bp-reset")
    return labels


def expected_playground_labels(projector: bool) -> dict[str, str]:
    """playground_labels as bpcore says them, in the language it speaks."""
    labels = {css: tr(words) for css, words in PLAYGROUND_LABELS}
    labels |= {"bp-y1": tr("target {name}", name="y1"), "bp-y2": tr("target {name}", name="y2")}
    for css, words in (("bp-output", scenario.OUTPUT_WORDS), ("bp-cost", scenario.COST_WORDS)):
        labels |= {f"{css} {k}": tr(w) for k, w in enumerate(words.values())}
    labels |= {"bp-gradient 0": tr("correct (chain rule)"), "bp-gradient 1": tr("published (flawed)")}
    labels["bp-reset"] = tr("reset") if projector else tr("reset to the worked example")
    return labels


def press(page, css, key, times):
    handle = page.locator(f".{css} .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    for _ in range(times):
        page.keyboard.press(key)


# An element's text with its <br> as line breaks, whitespace cleaned as `clean` does: what the widget holds,
# even while JupyterLab, which lays out only the cells in view, has it scrolled away (innerText is then "").
TEXT = """el => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll('br').forEach(br => br.replaceWith('\\n'));
    return copy.textContent.replace(/\\s+/g, ' ').trim();
}"""
SAYS = """([css, expected]) => {
    const el = document.querySelector(css);
    return el !== null && (%s)(el) === expected;
}""" % TEXT


def text(page, css) -> str:
    """The text of the element at `css`, its lines joined by a space (TEXT)."""
    return page.locator(css).first.evaluate(TEXT)


def wait_for_text(page, css, expected: str, timeout=30_000) -> str:
    """Wait until the element at `css` says `expected` (whitespace aside: its lines are HTML); return what
    it last said, whitespace cleaned, for the test to compare."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(SAYS, arg=[css, clean(expected)], timeout=timeout, polling=50)
    except PlaywrightTimeout:
        pass  # the caller's assertion shows what it said instead
    return text(page, css)


def wait_for_readout(page, expected: str, timeout=30_000) -> str:
    """Wait until the playground's text is `expected`; return what it last showed, whitespace cleaned."""
    return wait_for_text(page, ".bp-readout", expected, timeout)


# Resolves once the <img>'s current picture is loaded and decoded, and two frames later: the frame that
# shows it has been painted.
DECODED = """async img => {
    if (!img.complete) await new Promise(done => img.addEventListener('load', done, {once: true}));
    await img.decode();
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    return img.src;
}"""


def painted(page, css):
    """The picture the <img> at `css` shows, as the page paints it, once the browser has decoded and
    painted it: an (height, width, 3) array of floats in [0, 1], a pixel larger than the picture where
    its box starts at a fraction of a pixel."""
    image = page.locator(css)
    image.scroll_into_view_if_needed()
    image.evaluate(DECODED)
    return imread(io.BytesIO(image.screenshot(animations="disabled")), format="png")[..., :3]


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


_mismatches = count(1)


def painted_differing(page, css, expected, timeout=15.0) -> float:
    """Wait until the picture the page paints at `css` is `expected` (differing < 0.001), for up to
    `timeout` s; return the last `differing`.

    The page reaches it through states that are not failures: the <img> may still hold the previous
    picture (a widget's new value comes after its readout's), and headless Chromium rasters a new picture
    tile by tile, so a screenshot can catch a mosaic of the old and the new.  A picture that stays wrong
    fails; what was painted and what was expected are kept in tests/screenshots/."""
    deadline = time.monotonic() + timeout
    while True:
        shown = painted(page, css)
        fraction = differing(shown, expected)
        if fraction < 0.001:
            return fraction
        if time.monotonic() > deadline:  # kept for whoever reads the failure: what was painted, and why not
            SCREENSHOTS.mkdir(exist_ok=True)
            k = next(_mismatches)
            imsave(SCREENSHOTS / f"painted-mismatch-{os.getpid()}-{k}.png", shown)
            (SCREENSHOTS / f"painted-mismatch-{os.getpid()}-{k}-expected.png").write_bytes(expected)
            return fraction
        page.wait_for_timeout(100)  # the next look


def plot_src(page) -> str:
    return page.get_attribute(".bp-plot", "src") or ""


def notebook_names(edition=""):
    """The notebooks of an edition: "" for notebooks/, "zh" for notebooks/zh/."""
    return sorted(p.name for p in (ROOT / "notebooks" / edition).glob("*.ipynb"))


def run_all_names(edition=""):
    """The notebooks whose Run All a browser test watches in this edition, besides 03 and 07 (their
    widgets' tests run them): the first, for a notebook with no widget, and half of those that show a
    widget (a cell tagged nbval-ignore-output, which only widget cells carry), the other half in the other
    edition, taking turns (02 and 08 in English, 04 in Chinese).  A twin's widgets are the same code in
    another language, which the widgets' own tests check in both, and twins run the same cells
    (test_zh_twins).  A notebook without widgets shows in JupyterLab only what nbval already compares, cell
    by cell in a fresh kernel, stderr and errors included (and the site's browser test typesets every
    formula): its Run All in a browser would repeat that, at 15-35 s."""
    names = notebook_names(edition)

    def has_widget(name):
        cells = json.loads((ROOT / "notebooks" / edition / name).read_text(encoding="utf-8"))["cells"]
        return any("nbval-ignore-output" in c.get("metadata", {}).get("tags", []) for c in cells)

    with_widgets = [n for n in names if n not in (STEPPER, PLAYGROUND) and has_widget(n)]
    turn = 1 if edition == "zh" else 0
    return [names[0]] + [n for i, n in enumerate(with_widgets) if i % 2 == turn and n != names[0]]


def menu_bar(page) -> list[str]:
    """The labels of JupyterLab's menu bar, left to right."""
    return [e.inner_text().strip() for e in page.query_selector_all(".lm-MenuBar-content > .lm-MenuBar-item")]


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


# --- the checks the English and the Chinese test modules share ---

PLAYGROUND = "07_playground.ipynb"
STEPPER = "03_backprop_derivation.ipynb"
# The news pop-up's question, as each interface would ask it (the repo's settings silence it).
NEWS_QUESTION = {"en": "official Jupyter news", "zh": "官方 Jupyter 新闻"}
PREFIX = {"en": "lab", "zh": "lab-zh"}


def poll(look, done, timeout=30.0):
    """look() again and again until done(what it saw), for up to `timeout` s; returns what it last saw.
    For a state the page reaches that a script in the page cannot tell (a value read back in Python)."""
    deadline = time.monotonic() + timeout
    while True:
        seen = look()
        if done(seen) or time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


def wait_for_picture(page, css):
    """The <img> at `css` has a picture, decoded and painted."""
    page.wait_for_selector(css)
    page.locator(css).first.evaluate(DECODED)


def run_all_and_check(page, lab: Server, name: str, language: str):
    """Open a fresh copy of notebook `name`, Run All from the menus, and find every cell run and no error
    or stderr output on the page."""
    open_notebook(page, lab, f"{lab.fresh_folder()}/{name}")
    outcome = run_all(page, language=language)
    page.screenshot(path=str(SCREENSHOTS / f"{PREFIX[language]}-{name.removesuffix('.ipynb')}.png"))
    assert error_outputs(page) == []
    assert outcome == "done"
    assert page.locator(f"text={NEWS_QUESTION[language]}").count() == 0


def move_sliders_and_check(page, where):
    """Move the learning rate and target y2 by keyboard: the text must be what bpcore computes for the
    settings the sliders show, and the picture, as painted, the one bpcore draws for them; then reset.
    All in the page's language (`where`: lab or voila, lab-zh or voila-zh), labels included: what bpcore
    says and draws in it."""
    with speaking(language_of(where)):
        _move_sliders_and_check(page, where)


def _move_sliders_and_check(page, where):
    from bpcore.plots.style import NOTEBOOK_DPI, PROJECTOR_DPI
    from bpcore.widgets import playground

    page.wait_for_selector(".bp-readout code")
    page.locator(".bp-lr").scroll_into_view_if_needed()  # the dashboard heads the notebook: scroll up
    assert playground_labels(page) == expected_playground_labels(projector=where.startswith("voila"))
    start = playground_settings(page)
    assert start == scenario.WORKED_EXAMPLE
    shown = scenario.readout(scenario.compute(start))
    assert wait_for_readout(page, shown) == clean(shown)
    page.locator(".bp-readout").scroll_into_view_if_needed()
    assert page.inner_text(".bp-readout").count("\n") == 1  # two lines: settings; where the run ends
    wait_for_picture(page, ".bp-plot")
    src = plot_src(page)
    # a notebook's width (lab, lab-zh); Voilà's page on a 1280 x 720 projector (voila, voila-zh)
    width = 1233 if where.startswith("voila") else 940
    assert page.locator(".bp-plot").bounding_box()["width"] == width  # the PNG's own size: sharp, unstretched
    press(page, "bp-lr", "ArrowRight", 5)  # 1 → 10^0.5 = 3.16 (the slider's step: 0.1 of a decade)
    press(page, "bp-y2", "ArrowRight", 30)  # -0.07 → +0.23 (its step: 0.01)
    moved = (round(10 ** (np.log10(start.lr) + 0.5), 2), round(start.y2 + 0.30, 2))
    settings = poll(lambda: playground_settings(page), lambda s: (s.lr, s.y2) == moved)
    assert (settings.lr, settings.y2) == moved, settings
    expected = scenario.readout(scenario.compute(settings))
    assert wait_for_readout(page, expected) == clean(expected)
    page.wait_for_function("src => document.querySelector('.bp-plot').src !== src", arg=src)
    # what the class sees is the picture bpcore draws for the settings the sliders show, drawn afresh here
    # (the dashboard redraws only the layers a move changes)
    dpi = PROJECTOR_DPI if where.startswith("voila") else NOTEBOOK_DPI
    fresh = playground.Picture(dpi).render(scenario.compute(settings))
    assert painted_differing(page, ".bp-plot", fresh) < 0.001
    page.screenshot(path=str(SCREENSHOTS / f"{where}-playground-moved.png"))
    page.click(".bp-reset")
    worked = scenario.compute(scenario.WORKED_EXAMPLE)
    assert wait_for_readout(page, scenario.readout(worked)) == clean(scenario.readout(worked))
    back = poll(lambda: playground_settings(page), lambda s: s == scenario.WORKED_EXAMPLE)
    assert back == scenario.WORKED_EXAMPLE
    assert painted_differing(page, ".bp-plot", playground.Picture(dpi).render(worked)) < 0.001


# Whether the formula has been replaced since the flag was lowered (a new value, then MathJax's output).
FORMULA_WATCH = """() => {
    const el = document.querySelector('.bp-step-formula');
    window.bpFormulaChanged = false;
    if (!window.bpFormulaWatched) {
        new MutationObserver(() => { window.bpFormulaChanged = true; })
            .observe(el, {childList: true, subtree: true, characterData: true});
        window.bpFormulaWatched = true;
    }
}"""
FORMULA_TYPESET = """(changed) => {
    const el = document.querySelector('.bp-step-formula');
    return (!changed || window.bpFormulaChanged) && el.querySelector('mjx-container') !== null
        && !el.textContent.includes('$$');
}"""


def stepper_check(page, language: str):
    """Notebook 03's stepper, once the notebook has run (run_all_and_check), in either edition
    (`scripts/lab` or `scripts/lab --zh`): ▶ through all seven steps, then the published switch; the text
    must be bpcore.stepper's step, the picture must change and, as the page paints it, be the picture
    bpcore draws for that step; the formula must be typeset.  All in the edition's language: the buttons,
    the slider's label, the text and the pictures are what bpcore says and draws in it."""
    with speaking(language):
        _stepper_check(page, language)


def stepper_labels(page) -> list[str]:
    """The stepper's words outside its readout: the switch's buttons, the slider's label, ◀'s and ▶'s
    tooltips."""
    return [b.text_content().strip() for b in page.locator(".bp-step-gradients button").all()] + [
        text(page, ".bp-step > .widget-label"), page.get_attribute(".bp-step-back", "title"),
        page.get_attribute(".bp-step-forth", "title")]


def _stepper_check(page, language: str):
    from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, stepper
    from bpcore.stepper import WRONG_STEP
    from bpcore.widgets import stepper as stepper_widget

    prefix = PREFIX[language]
    expected_pictures = stepper_widget.Stepper(SEED_WEIGHTS, SEED_X, SEED_Y)  # each step's PNG, drawn here
    page.wait_for_selector(".bp-step-readout .bp-step-title")
    assert stepper_labels(page) == [tr("chain rule"), tr("published (flawed)"), tr("step"),
                                    tr("previous step"), tr("next step")]
    page.locator(".bp-step-plot").scroll_into_view_if_needed()
    assert page.locator(".bp-step-plot").bounding_box()["width"] == 940  # the PNG's own size, unscaled
    page.screenshot(path=str(SCREENSHOTS / f"{prefix}-stepper-in-notebook.png"))
    page.wait_for_function(FORMULA_TYPESET, arg=False)
    shown = {"latex": stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "correct")[0].latex}

    def go(click, step, count):
        """Click `click` and wait until the stepper shows `step`: its text, then (the kernel idle: every
        message of the move received) its formula typeset, a new one where it differs from the last."""
        page.evaluate(FORMULA_WATCH)
        page.click(click)
        expected = stepper.readout(step, count) + "\n" + step.words
        said = wait_for_text(page, ".bp-step-readout", expected)
        assert said == clean(expected), step.number
        wait_idle(page)
        page.wait_for_function(FORMULA_TYPESET, arg=step.latex != shown["latex"])
        shown["latex"] = step.latex

    for gradients in ("correct", "published"):
        all_steps = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients)
        count = len(all_steps)
        if gradients == "published":  # the switch keeps the step (the last); back to the first, one by one
            go(f".bp-step-gradients button:has-text('{tr('published (flawed)')}')", all_steps[-1], count)
            for step in reversed(all_steps[:-1]):
                go(".bp-step-back", step, count)
        sources = set()
        for k, step in enumerate(all_steps):
            if k:
                go(".bp-step-forth", step, count)
            expected = stepper.readout(step, count) + "\n" + step.words
            said = wait_for_text(page, ".bp-step-readout", expected)
            assert said == clean(expected), (gradients, step.number)
            for value in step.values.values():
                assert f"{value:+.6f}" in said  # the numbers bpcore computed, as printed in notebook 03
            slider = poll(lambda: readout_number(page.locator(".bp-step .widget-readout").text_content()),
                          lambda n: n == step.number)
            assert slider == step.number
            assert (clean(tr(WRONG_STEP)) in said) == step.wrong
            # what the student sees, once painted, is bpcore's picture of the step
            picture = expected_pictures.render(step.number, gradients)
            assert painted_differing(page, ".bp-step-plot", picture) < 0.001, (gradients, step.number)
            sources.add(page.get_attribute(".bp-step-plot", "src"))
            if step.number in (2, 5, 7):
                page.locator(".bp-stepper").screenshot(
                    path=str(SCREENSHOTS / f"{prefix}-stepper-{gradients}-{step.number}.png"))
        assert len(sources) == count  # a picture per step
        assert page.locator(".bp-step-forth").is_disabled()  # no step 8
