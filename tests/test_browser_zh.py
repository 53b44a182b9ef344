"""The Chinese edition as a student meets it: `scripts/lab --zh` and Voilà in headless Chromium.

For every notebook of notebooks/zh/: open it, Run All from the Chinese menus, wait until every cell has
run, and find no error output; the playground's sliders and the stepper's steps, as in the English
module (tests/test_browser.py, whose twin this is: a module each, so that the suite's two workers run
them side by side).  `scripts/lab --zh` shows its menus in Chinese; Voilà's classroom mode serves the
Chinese playground.  Skipped when Chromium is missing.
"""

import os
import re

import pytest

import browser_support as B

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING),
]

PLAYGROUND = B.PLAYGROUND


# Notebooks 03 and 07 are run by the tests of their widgets, which begin with the same Run All.
@pytest.mark.parametrize("name", [n for n in B.notebook_names("zh") if n not in (B.STEPPER, PLAYGROUND)])
def test_chinese_notebook_runs_in_jupyterlab_without_errors(page, lab_zh, name):
    B.run_all_and_check(page, lab_zh, name, "zh")


def test_chinese_stepper_notebook_runs_and_clicks_through_every_step_in_jupyterlab(page, lab_zh):
    B.run_all_and_check(page, lab_zh, B.STEPPER, "zh")
    B.stepper_check(page, "zh")


def test_chinese_playground_notebook_runs_and_follows_keys_in_jupyterlab(page, lab_zh):
    B.run_all_and_check(page, lab_zh, PLAYGROUND, "zh")
    B.move_sliders_and_check(page, "lab-zh")


def test_lab_zh_speaks_chinese_and_serves_the_chinese_edition(page, lab_zh):
    B.open_notebook(page, lab_zh, "01_forward_pass.ipynb")
    # JupyterLab's own menus read in Chinese; nbgrader's menu (classroom/) keeps its name, "Nbgrader",
    # which the language pack does not translate.
    jupyterlab_menus = [m for m in B.menu_bar(page) if m != "Nbgrader"]
    assert jupyterlab_menus == ["文件", "编辑", "查看", "运行", "内核", "标签页", "设置", "帮助"]
    page.wait_for_selector(".jp-StatusBar-Widget >> text=| 空闲")  # the kernel's status, in Chinese too
    # the folder served is notebooks/zh/: its notebooks, in Chinese
    names = B.notebook_names("zh")
    page.wait_for_function("""(names) => {
        const listed = [...document.querySelectorAll('.jp-DirListing-itemText')].map(e => e.textContent);
        return names.every(n => listed.map(l => l.trim()).includes(n));
    }""", arg=names)
    page.wait_for_function("""() => document.querySelector('.jp-Notebook .jp-Cell')
                                      .textContent.includes('你将学到')""")
    page.screenshot(path=str(B.SCREENSHOTS / "lab-zh-menus.png"))


@pytest.mark.skipif(not (B.ROOT / "notebooks" / "zh" / PLAYGROUND).exists(), reason="no Chinese playground")
def test_voila_chinese_playground_sliders(page, voila_zh):
    """Classroom mode on the Chinese playground: what the notebook hides (cells tagged voila-hide) is absent,
    its text is there, the sliders drive the same numbers."""
    import nbformat

    nb = nbformat.read(B.ROOT / "notebooks" / "zh" / PLAYGROUND, as_version=4)
    page.goto(voila_zh.url + "/", timeout=90_000)
    page.wait_for_selector(".bp-readout code", timeout=90_000)
    B.wait_for_picture(page, ".bp-plot")
    assert page.locator(".cm-editor, .CodeMirror").count() == 0  # no code shown
    assert "board = playground.dashboard()" not in page.content()
    text = B.clean(page.inner_text("body"))
    hidden = [c for c in nb.cells if "voila-hide" in c.metadata.get("tags", [])]
    assert hidden, "the Chinese playground lost its voila-hide tags"
    # lines only the hidden cells have (the dashboard's own readout is also printed by a hidden cell)
    elsewhere = {line for c in nb.cells if c not in hidden for line in _shown_lines(c)}
    elsewhere |= {B.clean(line) for line in _playground_readout().splitlines()}
    only_hidden = {line for c in hidden for line in _shown_lines(c)} - elsewhere
    assert only_hidden
    for line in only_hidden:
        assert line not in text, f"hidden cell's text shown by Voilà: {line!r}"
    shown = [c for c in nb.cells
             if c.cell_type == "markdown" and "voila-hide" not in c.metadata.get("tags", [])]
    heading = next(line for line in shown[0].source.splitlines() if line.startswith("# "))
    assert B.clean(heading.removeprefix("# ")) in text
    assert B.error_outputs(page) == []
    page.screenshot(path=str(B.SCREENSHOTS / "voila-zh-playground.png"), full_page=True)
    B.move_sliders_and_check(page, "voila-zh")


def _playground_readout():
    from bpcore import scenario

    return scenario.readout(scenario.compute(scenario.WORKED_EXAMPLE))


def _shown_lines(cell):
    """Distinctive lines a cell would put on the page: its printed lines, or its markdown's summary/text."""
    if cell.cell_type == "code":
        lines = [line for o in cell.outputs if o.output_type == "stream" for line in o.text.splitlines()]
    else:
        lines = [re.sub(r"<[^>]+>", "", line) for line in cell.source.splitlines()]
    return [B.clean(line) for line in lines if len(B.clean(line)) > 12 and not line.startswith("```")]
