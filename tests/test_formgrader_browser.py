"""The formgrader, as a teacher opens it: scripts/formgrader in a copy of classroom/ with both assignments
generated, then Nbgrader ▸ Formgrader in JupyterLab, in headless Chromium.  The screenshot goes to
tests/screenshots/.  Skipped when Chromium is missing."""

import os

import classroom_support as C
import pytest

import browser_support as B

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING),
]


def test_the_formgrader_lists_both_assignments(tmp_path):
    from playwright.sync_api import sync_playwright

    course, env = C.copy_course(tmp_path), C.course_env(tmp_path)
    for assignment in C.ASSIGNMENTS:
        C.nbgrader(course, env, "generate_assignment", assignment, "--force")
    lab = C.start_formgrader(tmp_path, course)
    try:
        with sync_playwright() as p:
            context = B.launch_chromium(p, tmp_path)
            context.set_default_timeout(60_000)
            page = context.new_page()
            page.goto(f"{lab.url}/lab?reset&token={lab.token}")
            page.click(".lm-MenuBar-item:has-text('Nbgrader')")
            page.click(".lm-Menu-item[data-command='nbgrader:open-formgrader']")
            formgrader = page.frame_locator(".jp-MainAreaWidget iframe").first
            formgrader.locator("h1:has-text('Manage Assignments')").wait_for()
            rows = formgrader.locator("tbody#main-table tr")  # "Loading, please wait..." until the rows come
            formgrader.locator("tbody#main-table td a:text-is('backprop')").wait_for()
            names = sorted(r.locator("td").first.inner_text().strip() for r in rows.all())
            assert names == sorted(C.ASSIGNMENTS)
            (B.ROOT / "tests" / "screenshots").mkdir(exist_ok=True)
            page.screenshot(path=str(B.ROOT / "tests" / "screenshots" / "formgrader.png"))
            assert "official Jupyter news" not in page.content()
            context.close()
    finally:
        lab.stop()
