"""The formgrader, as a teacher opens it: scripts/formgrader in a copy of classroom/ with its four
assignments (two, and their Chinese versions) generated, then Nbgrader ▸ Formgrader in JupyterLab, in
headless Chromium.  The screenshot goes to tests/screenshots/, and on failure the page, console and server
logs to tests/screenshots/failed/.  Skipped when Chromium is missing."""

import os

import classroom_support as C
import pytest

import browser_support as B

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING),
]


@pytest.fixture
def formgrader(tmp_path):
    """`scripts/formgrader` serving a copy of classroom/ with every assignment generated."""
    course, env = C.copy_course(tmp_path), C.course_env(tmp_path)
    C.nbgrader(course, env, "generate_assignment", "*", "--force")
    server = B.start_lab(tmp_path / "lab-state", script="formgrader", env_extra={"COURSE": str(course)})
    yield server
    server.stop()


def test_the_formgrader_lists_every_assignment(page, formgrader):
    page.goto(f"{formgrader.url}/lab?reset&token={formgrader.token}")
    B.wait_restored(page)
    page.click(".lm-MenuBar-item:has-text('Nbgrader')")
    page.click(".lm-Menu-item[data-command='nbgrader:open-formgrader']")
    formgrader_page = page.frame_locator(".jp-MainAreaWidget iframe").first
    formgrader_page.locator("h1:has-text('Manage Assignments')").wait_for()
    # "Loading, please wait..." until the rows come
    for assignment in C.ASSIGNMENTS:
        formgrader_page.locator(f"tbody#main-table td a:text-is('{assignment}')").wait_for()
    rows = formgrader_page.locator("tbody#main-table tr")
    names = sorted(r.locator("td").first.inner_text().strip() for r in rows.all())
    assert names == sorted(C.ASSIGNMENTS)
    page.screenshot(path=str(B.SCREENSHOTS / "formgrader.png"))
    assert "official Jupyter news" not in page.content()
