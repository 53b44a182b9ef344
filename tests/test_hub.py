"""The class server (classroom/hub/, README: "Teaching a class on one server"), for real: a JupyterHub on
127.0.0.1 with its own configuration, three students and a teacher as system users made for this module, the
shared environment, nbgrader's exchange and a repository of this checkout for nbgitpuller
(classroom/hub/local_hub.py).  Everything is removed after the module, failed or not: the hub, the proxy,
every process of those users, the users, their homes, the exchange.

- a student logs in through Chromium (PAM, the password the roster gave), follows the nbgitpuller link to
  notebook 07, runs it (Run All: every cell, no error) and moves the playground's sliders (the numbers and
  the picture are bpcore's, as in tests/test_browser.py);
- another student follows a scenario link: the playground opens in Voilà through the hub at the link's
  settings (readout, sliders, picture), with the series' Voilà settings in force;
- the teacher releases assignment 1 through the exchange, two students fetch and submit it (one right, one
  with the exercise's published formula), the teacher collects and autogrades: 12/12, and 3/12 with the
  mistake named; a student can neither list the exchange's inbound folder nor open another's home;
- the teacher opens the formgrader through the hub and sees the assignment with its two submissions.

Root only (it makes system users), with configurable-http-proxy from npm (`npm ci` in classroom/hub/ the
first time) and Chromium for the browser tests; skipped otherwise.  Screenshots go to tests/screenshots/
(hub-*.png), and a failure keeps the page, console and the hub's log in tests/screenshots/failed/.
"""

import os
import shutil
import sys
import types
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import classroom_support as C
import hub_support as H
import nbformat
import pytest

import browser_support as B
from bpcore import links, scenario
from bpcore.plots.style import PROJECTOR_DPI
from bpcore.widgets import playground, scenario_link

sys.path.insert(0, str(B.ROOT / "classroom" / "hub"))
import local_hub  # noqa: E402 (classroom/hub/local_hub.py, the launcher the benchmarks use too)


def _system_python():
    try:
        return local_hub.system_python()
    except RuntimeError:
        return None


pytestmark = [
    pytest.mark.skipif(_system_python() is None, reason="no system python3.11 that every user may run"),
    pytest.mark.skipif(os.geteuid() != 0, reason="the class hub makes system users: run as root"),
    pytest.mark.skipif(shutil.which("npm") is None and not local_hub.PROXY.exists(),
                       reason="configurable-http-proxy needs Node's npm (classroom/hub/package.json)"),
    pytest.mark.skipif(not shutil.which("jupyterhub", path=str(Path(sys.executable).parent)),
                       reason="jupyterhub is not installed here (classroom/hub/requirements.txt)"),
]

PLAYGROUND = "notebooks/07_playground.ipynb"
SCENARIO = "lr=0.316&y2=0.07&output=tanh&epochs=50"  # a playground scenario in a link (bpcore.links)
ASSIGNMENT = "backprop"


@pytest.fixture(scope="module")
def hub():
    """The class hub: students s1, s2, s3 and teacher t1 (with a random tag), for this module."""
    *students, teacher = local_hub.unique_names("s1", "s2", "s3", "t1")
    with local_hub.start_hub(students, [teacher],
                             server_args=("--LabApp.expose_app_in_browser=True",)) as hub:
        # its log is kept with a failing browser test's artefacts (conftest.py reads B.RUNNING)
        shown = types.SimpleNamespace(log=hub.log, token=None, process=hub.process)
        B.RUNNING.append(shown)
        try:
            hub.teacher = teacher
            # The second student's server starts now, while the first student's test runs (as a student who
            # logged in before class would have it); the first student's login spawns theirs.
            hub.api(f"users/{students[1]}/server", "POST")
            yield hub
        finally:
            B.RUNNING.remove(shown)


def log_in(page, hub, name, then):
    """The hub's login page, as a student sees it: name, password, Sign in; then the page goes to `then`."""
    page.context.clear_cookies()  # nobody logged in (the module's tests share one browser context)
    page.goto(f"{hub.url}/hub/login?next={urllib.parse.quote(then)}")
    page.fill("#username_input", name)
    page.fill("#password_input", hub.passwords[name])
    page.click("#login_submit")


def wait_notebook_ready(page, path, timeout=180_000):
    """JupyterLab (reached through the hub) has opened `path` and its kernel is idle."""
    B.wait_restored(page, timeout)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout)
    page.wait_for_function(B.KERNEL_READY, arg=path, timeout=timeout, polling=100)
    page.evaluate("path => { window.bpNotebook = path; }", path)


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING)
def test_a_student_pulls_the_series_runs_the_playground_and_moves_sliders(page, hub, exchange):
    student = hub.students[0]
    link = hub.pull_link(PLAYGROUND)
    assert f"targetpath={local_hub.TARGET}" in link
    log_in(page, hub, student, link)
    path = f"{local_hub.TARGET}/{PLAYGROUND}"
    page.wait_for_url(f"**/user/{student}/lab/tree/{path}*", timeout=180_000)
    wait_notebook_ready(page, path)
    # the series, both editions, in the student's home, pulled by nbgitpuller as the student
    home = hub.home(student) / local_hub.TARGET
    assert (home / PLAYGROUND).exists() and (home / "notebooks" / "zh" / "07_playground.ipynb").exists()
    assert (home / PLAYGROUND).stat().st_uid == local_hub.pwd.getpwnam(student).pw_uid
    assert B.run_all(page) == "done"
    assert B.error_outputs(page) == []
    assert page.locator(f"text={B.NEWS_QUESTION['en']}").count() == 0
    # a student's lab: nbgrader's Assignment List and Validate, not its teacher tools
    assert page.get_by_text("Create Assignment").count() == 0
    B.move_sliders_and_check(page, "hub-lab")
    page.locator(".bp-lr").scroll_into_view_if_needed()
    page.screenshot(path=str(B.SCREENSHOTS / "hub-student-lab.png"))


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING)
def test_a_scenario_link_opens_the_playground_in_voila_with_the_series_settings(page, hub):
    """Another student follows a scenario link (links.py --voila --settings): the series is pulled into their
    home and the playground opens in Voilà at the link's settings, with the series' Voilà settings in force
    although the server runs in the student's home (the environment's etc/jupyter/ holds voila.json: the
    cells tagged voila-hide are removed).  The sliders' moves are the first student's test, in JupyterLab."""
    student = hub.students[1]
    link = hub.pull_link(PLAYGROUND, app="voila", settings=SCENARIO)
    log_in(page, hub, student, link)
    page.wait_for_url(f"**/user/{student}/voila/render/{local_hub.TARGET}/{PLAYGROUND}*", timeout=180_000)
    page.wait_for_selector(".bp-readout code", timeout=180_000)
    expected = scenario.compute(links.parse(SCENARIO, scenario_link.LIMITS))
    assert B.wait_for_readout(page, scenario.readout(expected)) == B.clean(scenario.readout(expected))
    assert B.playground_settings(page) == expected.settings  # the sliders' readouts and the switches
    B.wait_for_picture(page, ".bp-plot")
    assert B.painted_differing(page, ".bp-plot", playground.Picture(PROJECTOR_DPI).render(expected)) < 0.001
    text = page.inner_text("body")
    for hidden in ("Fill in my_epoch", "Solution in code", "A still picture of what the dashboard draws"):
        assert hidden not in text
    assert "What the dashboard shows" in text
    assert page.locator(".cm-editor, .CodeMirror").count() == 0  # no code shown
    assert page.locator(".bp-link-error").count() == 0
    assert B.error_outputs(page) == []
    # the text under the dashboard typeset by Voilà's own MathJax, with no network beyond the machine
    page.wait_for_function(B.TYPESET_TEXT, timeout=60_000, polling=200)
    page.screenshot(path=str(B.SCREENSHOTS / "hub-voila-scenario-link.png"))


def hand_in_and_grade(hub):
    """Assignment 1 through the exchange, as README tells a class: the teacher generates and releases it
    (the formgrader's buttons), s1 and s2 fetch it, write it and submit it (Nbgrader ▸ Assignment List),
    s1 the source's solution and s2 the exercise's published formula, and the teacher collects and
    autogrades both.  Each as its system user (tests/hub_support.py)."""
    from test_classroom import PUBLISHED_BACKPROP

    teacher, (right, published, _) = hub.teacher, hub.students
    hub.api(f"users/{teacher}/server", "POST")  # the teacher's server starts meanwhile, for the formgrader
    H.teacher(hub, teacher, [("generate_assignment", ASSIGNMENT), ("release_assignment", ASSIGNMENT)],
              cwd=hub.course)
    hand_ins = {right: C.source_solutions(hub.course, ASSIGNMENT),
                published: {"backprop": PUBLISHED_BACKPROP.strip()}}
    with ThreadPoolExecutor(len(hand_ins)) as pool:  # two students at once, as in a class
        for done in [pool.submit(H.student, hub, name, local_hub.COURSE_ID, ASSIGNMENT, solutions)
                     for name, solutions in hand_ins.items()]:
            done.result()
    H.teacher(hub, teacher, [("collect", ASSIGNMENT), ("autograde", ASSIGNMENT, right),
                             ("autograde", ASSIGNMENT, published)], cwd=hub.course)
    return right, published


@pytest.fixture(scope="module")
def exchange(hub):
    """hand_in_and_grade, started in the background as soon as a test asks for it (the first test does,
    so that it runs while the student's browser waits for the notebook)."""
    with ThreadPoolExecutor(1) as pool:
        yield pool.submit(hand_in_and_grade, hub)


@pytest.fixture(scope="module")
def graded(exchange):
    return exchange.result(timeout=900)


def test_the_teacher_collects_and_autogrades_through_the_exchange(hub, graded):
    right, published = graded
    assert sorted(p.name for p in (hub.course / "submitted").iterdir()) == sorted(graded)
    assert sum(score for score, _ in C.scores(hub.course, ASSIGNMENT, right).values()) == 12
    grades = C.scores(hub.course, ASSIGNMENT, published)
    assert {name: score for name, (score, _) in grades.items()} == \
        {"test_forward": 0, "test_loss": 0, "test_hand_derivation": 0, "test_output_layer": 3,
         "test_hidden_layer": 0, "test_training": 0}
    notebook = hub.course / "autograded" / published / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    graded_nb = nbformat.read(notebook, as_version=4)
    said = "".join(o.get("text", "") + o.get("evalue", "")
                   for o in C.cell(graded_nb, "test_hidden_layer").outputs)
    numbers = "".join(o.get("text", "") for o in C.cell(graded_nb, "numbers").outputs)
    assert f"(student id {published!r}," in numbers  # graded at the submitter's own numbers
    assert "the exercise's published formula (bpcore.backprop_original)" in said


def test_a_student_cannot_read_another_students_work(hub, graded):
    right, published = graded
    other = hub.students[2]
    inbound = hub.exchange / local_hub.COURSE_ID / "inbound"
    assert any(p.name.startswith(f"{right}+{ASSIGNMENT}+") for p in inbound.iterdir())  # it is there
    for snoop in (published, other):
        listing = hub.run_as(snoop, "ls", str(inbound), check=False)
        assert listing.returncode != 0 and "Permission denied" in listing.stderr
        work = hub.home(right) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        opened = hub.run_as(snoop, "cat", str(work), check=False)
        assert opened.returncode != 0 and "Permission denied" in opened.stderr
        home = hub.run_as(snoop, "ls", str(hub.home(right)), check=False)
        assert home.returncode != 0 and "Permission denied" in home.stderr
    assert hub.home(right).stat().st_mode & 0o777 == 0o700


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING)
def test_the_teacher_sees_the_submissions_in_the_formgrader(page, hub, graded):
    """The formgrader in a tab of its own, /hub/user-redirect/formgrader (the hub starts the teacher's
    server if it is not running, as a lesson link does): behind the hub, JupyterLab's
    Nbgrader ▸ Formgrader shows it in an iframe, which the hub's servers forbid (frame-ancestors 'none';
    README says why the class server keeps it so)."""
    log_in(page, hub, hub.teacher, "/hub/user-redirect/formgrader")  # the teacher's bookmark (README)
    page.wait_for_url(f"**/user/{hub.teacher}/formgrader/manage_assignments*", timeout=180_000)
    page.locator("h1:has-text('Manage Assignments')").wait_for()
    row = page.locator(f"tbody#main-table tr:has(td a:text-is('{ASSIGNMENT}'))")
    row.wait_for()  # "Loading, please wait..." until the rows come
    cells = [c.inner_text().strip() for c in row.locator("td").all()]
    page.screenshot(path=str(B.SCREENSHOTS / "hub-formgrader.png"))
    assert "2" in cells, cells  # the two submissions collected
