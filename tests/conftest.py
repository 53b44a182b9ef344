"""Shared by every test: matplotlib draws off screen (Agg), and each test's pyplot figures are closed
after it.  For the browser tests (tests/test_browser*.py): their servers and headless Chromium, and the
artefacts of a failing one, kept in tests/screenshots/failed/."""

import matplotlib

matplotlib.use("Agg")

import re  # noqa: E402
import shutil  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

import browser_support as B  # noqa: E402

# The property tests' profile (tests/strategies.py): the same examples on every run, no deadline on a
# machine shared with other work.
settings.register_profile("bp", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("bp")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def pytest_collection_modifyitems(config, items):
    """The browser modules first, then the other modules and notebooks, the largest first (each keeping
    its order): with `--dist loadscope --no-loadscope-reorder` (pyproject.toml) the two workers start on
    the English and the Chinese browser modules, the longest units of the suite, and share the rest as
    they finish, instead of one worker starting a browser module when the rest is nearly done."""
    scopes = {}
    for item in items:
        scopes.setdefault(item.nodeid.split("::")[0], []).append(item)

    def order(scope):
        browser = any(item.get_closest_marker("browser") for item in scopes[scope])
        return (not browser, -len(scopes[scope]) if not browser else 0)

    items[:] = [item for scope in sorted(scopes, key=order) for item in scopes[scope]]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Each phase's report on the test item (item.report_setup, item.report_call), for the fixtures
    below to see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _failed(item) -> bool:
    return any(getattr(getattr(item, f"report_{when}", None), "failed", False) for when in ("setup", "call"))


# --- the browser tests ---


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module, in one context: its HTTP cache keeps JupyterLab's
    scripts from one test to the next (a fresh context would fetch and compile them again each time)."""
    from playwright.sync_api import sync_playwright

    B.SCREENSHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = B.launch_browser(p)
        try:
            yield chromium.new_context(viewport={"width": 1400, "height": 1000})
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request):
    """A new page (tab), 1400 x 1000.  When the test fails, its artefacts go to
    tests/screenshots/failed/<test>/: the failure (failure.txt), the page as it was (page.png), what the
    page wrote to its console and any uncaught error (console.txt), and the log of every server running
    (<folder>-<server>.log).  After the test, every kernel the labs run is shut down: the next test
    starts from fresh kernels, failed or not (and opens a fresh copy of its notebook, ?reset: lab's
    workspace restores no tab)."""
    browser.set_default_timeout(60_000)
    page = browser.new_page()
    console = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"uncaught: {e}"))
    try:
        yield page
    finally:
        try:
            if _failed(request.node):
                _keep_artefacts(request.node, page, console)
        finally:
            page.close()
            for server in list(B.RUNNING):
                if server.token is not None and server.process.poll() is None:
                    server.shut_down_sessions(wait=False)


def _keep_artefacts(item, page, console):
    folder = B.SCREENSHOTS / "failed" / re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    reports = [getattr(item, f"report_{when}", None) for when in ("setup", "call")]
    (folder / "failure.txt").write_text("".join(f"{r.nodeid} ({r.when}):\n{r.longreprtext}\n"
                                                for r in reports if r is not None and r.failed))
    try:
        page.screenshot(path=str(folder / "page.png"), full_page=True, timeout=15_000)
    except Exception as e:  # a page that cannot be photographed still has its logs
        (folder / "page.png.txt").write_text(f"no screenshot: {e}\n")
    (folder / "console.txt").write_text("\n".join(console) + "\n")
    for server in B.RUNNING:
        shutil.copyfile(server.log, folder / f"{server.log.parent.name}-{server.log.name}")


def _served(server: B.Server):
    """A test module's server, stopped when the module is done."""
    yield server
    server.stop()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`scripts/lab` serving a copy of notebooks/, for a test module."""
    yield from _served(B.start_lab(tmp_path_factory.mktemp("lab")))


@pytest.fixture(scope="module")
def lab_zh(tmp_path_factory):
    """`scripts/lab --zh` serving a copy of notebooks/zh/, for a test module."""
    yield from _served(B.start_lab(tmp_path_factory.mktemp("lab-zh"), zh=True))


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """`voila notebooks/07_playground.ipynb`, the classroom command."""
    yield from _served(B.start_voila(tmp_path_factory.mktemp("voila")))


@pytest.fixture(scope="module")
def voila_zh(tmp_path_factory):
    """`voila notebooks/zh/07_playground.ipynb`."""
    yield from _served(B.start_voila(tmp_path_factory.mktemp("voila-zh"),
                                     notebook="notebooks/zh/07_playground.ipynb"))
