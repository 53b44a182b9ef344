"""The Chinese edition as a student meets it: `scripts/lab --zh` and Voilà in headless Chromium.

For every notebook of notebooks/zh/: open it, Run All from the Chinese menus, wait until every cell has
run, and find no error output; the playground's sliders and the stepper's steps, as in the English
module (tests/test_browser.py, whose twin this is: a module each, so that the suite's two workers run
them side by side).  `scripts/lab --zh` shows its menus in Chinese; Voilà's classroom mode serves the
Chinese playground.  Skipped when Chromium is missing.

The Chinese notebooks speak Chinese: their first code cell says bpcore.use_language("zh").  So the stepper's
readout, buttons and pictures, and the playground's labels, readout and picture are Chinese: each text is
what bpcore says in Chinese (browser_support.speaking), with Chinese characters and no English word, and
each picture, as Chromium paints it, is bpcore's Chinese drawing, which differs from the English one.
"""

import os
import re
from dataclasses import replace

import pytest

import browser_support as B
from bpcore import scenario
from bpcore.language import tr

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING),
]

PLAYGROUND = B.PLAYGROUND
SYMBOLS = {"out", "in", "pub", "sigmoid", "tanh"}  # the series' symbols, which stay as they are in Chinese


def english_words(text: str) -> list[str]:
    """Runs of two or more ASCII letters that are not a symbol (one letter is one: L, y1, w5, d_w5)."""
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in SYMBOLS]


def assert_chinese(texts):
    for text in texts:
        assert re.search(r"[\u4e00-\u9fff]", text) and english_words(text) == [], text


def assert_painted_in_chinese(page, css, chinese: bytes, english: bytes):
    """The picture painted at `css` is bpcore's Chinese drawing `chinese`, not its English one."""
    assert B.painted_differing(page, css, chinese) < 0.001
    assert B.differing(B.painted(page, css), english) > 0.001  # Chinese text where the English has words


# Notebooks 03 and 07 are run by the tests of their widgets, which begin with the same Run All; of the rest,
# 01 and half of those with widgets, the other half in the other edition (browser_support.run_all_names).
@pytest.mark.parametrize("name", B.run_all_names("zh"))
def test_chinese_notebook_runs_in_jupyterlab_without_errors(page, lab_zh, name):
    B.run_all_and_check(page, lab_zh, name, "zh")


def test_chinese_stepper_notebook_runs_and_clicks_through_every_step_in_jupyterlab(page, lab_zh):
    from bpcore.widgets.stepper import Stepper

    B.run_all_and_check(page, lab_zh, B.STEPPER, "zh")
    B.stepper_check(page, "zh")  # every step's text and picture: bpcore's, in Chinese
    # where stepper_check leaves it: the published derivation's last step, a wrong one
    assert_chinese([*B.stepper_labels(page), B.text(page, ".bp-step-readout")])
    assert "✗ 这一步错了。" in B.text(page, ".bp-step-readout")
    english = Stepper().render(7, "published")
    with B.speaking("zh"):
        chinese = Stepper().render(7, "published")
    assert_painted_in_chinese(page, ".bp-step-plot", chinese, english)
    page.locator(".bp-stepper").screenshot(path=str(B.SCREENSHOTS / "lab-zh-stepper-chinese.png"))


def test_chinese_playground_notebook_runs_and_follows_keys_in_jupyterlab(page, lab_zh):
    B.run_all_and_check(page, lab_zh, PLAYGROUND, "zh")
    B.move_sliders_and_check(page, "lab-zh")  # labels, readout and picture: bpcore's, in Chinese
    _playground_is_chinese(page, projector=False)


def _playground_is_chinese(page, projector):
    """Back at the worked example (move_sliders_and_check's end): labels and readout in Chinese, and the
    picture bpcore's Chinese drawing; then the tanh output, whose switches' notes say in Chinese why the
    cross-entropy and the published gradients are off."""
    from bpcore.plots.style import NOTEBOOK_DPI, PROJECTOR_DPI
    from bpcore.widgets import playground

    dpi = PROJECTOR_DPI if projector else NOTEBOOK_DPI
    labels = B.playground_labels(page)
    assert [labels[f"bp-output {k}"] for k in range(3)] == ["sigmoid", "tanh", "恒等"]  # the units' names
    assert_chinese([t for t in labels.values() if t not in ("sigmoid", "tanh")])
    assert_chinese([B.text(page, ".bp-readout")])
    worked = scenario.compute(scenario.WORKED_EXAMPLE)
    english = playground.Picture(dpi).render(worked)
    with B.speaking("zh"):
        chinese = playground.Picture(dpi).render(worked)
        tanh = scenario.compute(replace(scenario.WORKED_EXAMPLE, output="tanh"))
        expected = scenario.readout(tanh)
        notes = [tr("Off: {why}", why=why) for why in
                 scenario.unavailable(tanh.settings.y1, tanh.settings.y2, "tanh", "squared").values()]
        tanh_picture = playground.Picture(dpi).render(tanh)
    assert_painted_in_chinese(page, ".bp-plot", chinese, english)
    page.click(".bp-output button:has-text('tanh')")
    assert B.wait_for_readout(page, expected) == B.clean(expected)
    assert B.painted_differing(page, ".bp-plot", tanh_picture) < 0.001  # its title and band's words
    assert [B.wait_for_text(page, ".bp-note-cost", notes[0]), B.wait_for_text(page, ".bp-note-gradient",
                                                                               notes[1])] == notes
    assert_chinese([B.text(page, ".bp-readout"), *notes])
    page.locator(".bp-dashboard").screenshot(path=str(B.SCREENSHOTS / f"{'voila' if projector else 'lab'}"
                                                                       "-zh-playground-tanh.png"))
    page.click(".bp-reset")
    worked_text = B.wait_for_readout(page, _playground_readout())
    assert worked_text == B.clean(_playground_readout())


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
    _playground_is_chinese(page, projector=True)


def _playground_readout():
    """The playground's readout of the worked example, in Chinese."""
    with B.speaking("zh"):
        return scenario.readout(scenario.compute(scenario.WORKED_EXAMPLE))


def _shown_lines(cell):
    """Distinctive lines a cell would put on the page: its printed lines, or its markdown's summary/text."""
    if cell.cell_type == "code":
        lines = [line for o in cell.outputs if o.output_type == "stream" for line in o.text.splitlines()]
    else:
        lines = [re.sub(r"<[^>]+>", "", line) for line in cell.source.splitlines()]
    return [B.clean(line) for line in lines if len(B.clean(line)) > 12 and not line.startswith("```")]
