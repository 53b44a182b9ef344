"""The Chinese edition keeps step with the English: every numbered notebook has its twin in notebooks/zh/.

For each notebook the test fails, naming the notebook and the cell, when
- an English markdown cell changed after its translation (the hash its twin records differs),
- a markdown cell is not translated (no hash; 待翻译),
- a cell was added or removed on one side, or the cells' order, types or tags differ,
- a code cell differs beyond comments and string literals (compared with both masked, through ast),
- a code cell with the same code prints something else beyond its language: other kinds of output (a
  figure, an error more or less) or other numbers, in order (the words may be Chinese);
- the first code cell does not choose its edition's language, bpcore.use_language("en") / ("zh").
`python scripts/sync_zh.py status` lists the same, with how the English changed; `build` and `accept`
mend it (see that script).  The first tests here check the checker itself on made-up cells.
"""

import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import sync_zh as S  # noqa: E402

# Twins still to be translated: their markdown may be untranslated or stale; everything else is checked.
# (empty: every twin is translated; a twin left for later goes here by its file name)
PENDING: set[str] = set()

NOTEBOOKS = [p.name for p in S.english_notebooks()]


# --- the checker ---------------------------------------------------------------------------------

@pytest.mark.parametrize("en, zh", [
    ("x = 1  # one\n", "x = 1  # 一\n"),
    ('print("Fill in my_w5, then run this cell again.")', 'print("填入 my_w5，再运行本单元。")'),
    ('print(f"loss {L:.6f} at epoch {k}")', 'print(f"损失 {L:.6f}，在第 {k} 回合")'),
    ('def f(x):\n    """Square."""\n    return x * x', 'def f(x):\n    """平方。"""\n    return x * x'),
    ('d = {"manual": m}', 'd = {"手算": m}'),
    ('print(f"{\'< 1e-15\':>18s}")', 'print(f"{\'< 1e-15\':>18s} 以内")'),
    ("%matplotlib inline\nx = 1", "%matplotlib inline\nx = 1  # 一"),
])
def test_comments_and_string_text_may_differ(en, zh):
    assert S.same_code(en, zh)


@pytest.mark.parametrize("en, zh", [
    ("x = 1", "x = 2"),                                             # a number
    ("y = f(x)", "y = g(x)"),                                       # a name
    ('print(f"{L:.6f}")', 'print(f"{L:.5f}")'),                     # a format spec
    ('print(f"{L:.6f}")', 'print(f"{L + 1:.6f}")'),                 # an expression inside an f-string
    ('print(f"{a} {b}")', 'print(f"{b} {a}")'),                     # the order of the printed values
    ("# NBVAL_IGNORE_OUTPUT\nw.box", "w.box"),                      # an nbval marker
    ('print("a")', 'print("a", end="")'),                           # an argument
    ("x = 1\ny = 2", "x = 1"),                                      # a line
])
def test_code_may_not_differ(en, zh):
    assert not S.same_code(en, zh)


def _pair(tmp_path, en_cells, zh_cells):
    en = nbformat.v4.new_notebook(cells=en_cells)
    zh = nbformat.v4.new_notebook(cells=zh_cells)
    paths = tmp_path / "en.ipynb", tmp_path / "zh.ipynb"
    for nb, path in zip((en, zh), paths):
        nbformat.write(nb, path)
    return paths


def _md(source, cell_id, translates=None):
    cell = nbformat.v4.new_markdown_cell(source, id=cell_id)
    if translates is not None:
        cell.metadata["i18n"] = {"en_sha256": S.en_hash(translates)}
    return cell


def test_a_stale_translation_is_named(tmp_path):
    en, zh = _pair(tmp_path, [_md("## The loss, revised", "a1"), nbformat.v4.new_code_cell("x = 1", id="a2")],
                   [_md("## 损失", "a1", translates="## The loss"),
                    nbformat.v4.new_code_cell("x = 1", id="a2")])
    [problem] = S.problems(en, zh)
    assert "cell 0" in problem and "id a1" in problem and "changed after its translation" in problem
    assert S.problems(en, zh, pending=True) == []


def test_an_untranslated_cell_is_named(tmp_path):
    en, zh = _pair(tmp_path, [_md("## The loss", "a1")], [_md(S.UNTRANSLATED + "## The loss", "a1")])
    [problem] = S.problems(en, zh)
    assert "cell 0" in problem and "not translated" in problem


@pytest.mark.parametrize("side", ["en", "zh"])
def test_an_added_cell_is_named(tmp_path, side):
    shared = [_md("## A", "a1"), nbformat.v4.new_code_cell("x = 1", id="a2")]
    zh_shared = [_md("## 甲", "a1", translates="## A"), nbformat.v4.new_code_cell("x = 1", id="a2")]
    extra = _md("## B", "b9", translates="## B")
    en_cells = shared[:1] + [extra] + shared[1:] if side == "en" else shared
    zh_cells = zh_shared[:1] + [extra] + zh_shared[1:] if side == "zh" else zh_shared
    [problem] = S.problems(*_pair(tmp_path, en_cells, zh_cells))
    assert "cell 1" in problem and "id b9" in problem
    assert ("has no Chinese twin" if side == "en" else "has no English original") in problem


def test_a_code_change_is_named_with_its_line(tmp_path):
    en, zh = _pair(tmp_path, [nbformat.v4.new_code_cell("lr = 1.0\nprint(lr)", id="c1")],
                   [nbformat.v4.new_code_cell("lr = 10.0  # 学习率\nprint(lr)", id="c1")])
    [problem] = S.problems(en, zh)
    assert "cell 0" in problem and "code differs" in problem and "+lr = 10.0" in problem


def test_a_missing_twin_is_named(tmp_path):
    en, _ = _pair(tmp_path, [_md("## A", "a1")], [])
    assert "missing" in S.problems(en, tmp_path / "none.ipynb")[0]


def test_build_carries_translations_over_and_marks_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(S, "ZH_DIR", tmp_path / "zh")
    (tmp_path / "zh").mkdir()
    en_path = tmp_path / "01_x.ipynb"
    code = nbformat.v4.new_code_cell('print("Fill in")', id="c2")
    nbformat.write(nbformat.v4.new_notebook(cells=[_md("## A", "a1"), code, _md("## C, new", "a3"),
                                                   _md("## D, changed", "a4")]), en_path)
    nbformat.write(nbformat.v4.new_notebook(cells=[
        _md("## 甲", "a1", translates="## A"), nbformat.v4.new_code_cell('print("请填入")', id="c2"),
        _md("## 丁", "a4", translates="## D")]), tmp_path / "zh" / "01_x.ipynb")
    zh = nbformat.read(S.build(en_path, execute=False), as_version=4)
    assert [c.source for c in zh.cells] == ["## 甲", 'print("请填入")', S.UNTRANSLATED + "## C, new",
                                            S.OUTDATED + "## 丁"]
    assert [c.id for c in zh.cells] == ["a1", "c2", "a3", "a4"]
    problems = S.problems(en_path, tmp_path / "zh" / "01_x.ipynb")
    assert len(problems) == 2 and "cell 2" in problems[0] and "cell 3" in problems[1]


def test_build_names_only_code_cells_that_lose_a_translation(tmp_path, monkeypatch, capsys):
    """A twin's code cell that was an earlier English version, untranslated, is replaced silently;
    one with translated comments is named, since its translation is dropped."""
    monkeypatch.setattr(S, "ZH_DIR", tmp_path / "zh")
    monkeypatch.setattr(S, "committed_code", lambda en_path: {"x = 1\nprint(x)", "y = 1  # one"})
    (tmp_path / "zh").mkdir()
    en_path = tmp_path / "01_x.ipynb"
    def notebook(*sources):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s, id=f"c{k}")
                                               for k, s in enumerate(sources, 1)])

    nbformat.write(notebook("x = 2\nprint(x)", "y = 2  # one"), en_path)
    nbformat.write(notebook("x = 1\nprint(x)", "y = 1  # 一"), tmp_path / "zh" / "01_x.ipynb")
    zh = nbformat.read(S.build(en_path, execute=False), as_version=4)
    assert [c.source for c in zh.cells] == ["x = 2\nprint(x)", "y = 2  # one"]
    said = capsys.readouterr().out
    assert "cell 1: the English code changed" in said and "cell 0" not in said


def _ran(source, cell_id, *printed, images=0, error=None):
    """A code cell as executed: what it printed, its figures (PNG), its error."""
    cell = nbformat.v4.new_code_cell(source, id=cell_id)
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text) for text in printed]
    cell.outputs += [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain":
                                                                   "<Figure size 640x480 with 1 Axes>"})
                     for _ in range(images)]
    if error:
        cell.outputs.append(nbformat.v4.new_output("error", ename=error, evalue="at epoch 3", traceback=[]))
    return cell


@pytest.mark.parametrize("text, expected", [
    ("L = 0.298371 after 10,000 epochs (第9轮)", ["0.298371", "10,000", "9"]),
    ("∂L/∂w5 = +0.082167, δ_o1 = −0.138499; w5 in_h1 out_o1 float32", ["+0.082167", "-0.138499"]),
    ("relative error 1.2e-16 < 1e-15 at lr = 0.5", ["1.2e-16", "1e-15", "0.5"]),
    ("<Figure size 2073.68x1400 with 1 Axes>", ["1"]),  # the size follows the texts' widths
])
def test_the_numbers_of_a_printed_text(text, expected):
    assert S.numbers(text) == expected


def test_a_translation_that_prints_the_same_numbers_is_accepted(tmp_path):
    """bpcore and the cell's own strings speak Chinese: other words, the same numbers in the same order."""
    en = _ran('print(f"loss {L:.6f} after {k} epochs")\nbpcore.checks.answer(my_w5)', "c1",
              "loss 0.298371 after 9 epochs\n", "✓ w5 after one step = 0.35891 is right.\n", images=1)
    zh = _ran('print(f"损失 {L:.6f}，{k} 个回合之后")\nbpcore.checks.answer(my_w5)', "c1",
              "损失 0.298371，9 个回合之后\n", "✓ 一步之后的 w5 = 0.35891，正确。\n", images=1)
    assert S.problems(*_pair(tmp_path, [en], [zh])) == []


def test_a_language_only_difference_is_accepted_in_an_identical_cell(tmp_path):
    en = _ran("bpcore.train(w, x, y, lr=-1)", "c1", error="ValueError")
    zh = _ran("bpcore.train(w, x, y, lr=-1)", "c1", error="ValueError")
    zh.outputs[0].evalue = "在第 3 回合"
    assert S.problems(*_pair(tmp_path, [en], [zh])) == []


@pytest.mark.parametrize("zh_cell, named", [
    (_ran("print(L)", "c1", "损失 0.298372\n", images=1), "its number 1 is 0.298372, the English 0.298371"),
    (_ran("print(L)", "c1", "损失 0.298371，9 个回合\n", images=1), "its number 2 is 9, the English 1"),
    (_ran("print(L)", "c1", "损失 0.298371\n"), "other kinds of output"),                # a figure lost
    (_ran("print(L)", "c1", "损失 0.298371\n", images=2), "other kinds of output"),      # one figure more
    (_ran("print(L)", "c1", "损失 0.298371\n", images=1, error="ValueError"), "other kinds of output"),
    (_ran("print(L)", "c1", "损失 0.298371\n", "又一行\n", images=1), "other kinds of output"),
])
def test_a_change_beyond_the_language_is_still_named(tmp_path, zh_cell, named):
    """The same code, executed: a changed number, a lost or extra figure, a new error is not a translation."""
    en = _ran("print(L)", "c1", "loss 0.298371\n", images=1)
    [problem] = S.problems(*_pair(tmp_path, [en], [zh_cell]))
    assert "cell 0" in problem and "prints something else" in problem and named in problem


def test_a_code_change_is_named_even_when_it_prints_the_same(tmp_path):
    en = _ran('lr = 1.0\nprint("lr =", lr)', "c1", "lr = 1.0\n")
    zh = _ran('lr = 1.00\nprint("学习率 =", lr)', "c1", "学习率 = 1.0\n")
    assert S.problems(*_pair(tmp_path, [en], [zh])) == []  # 1.00 == 1.0: the same constant, as ast reads it
    zh = _ran('lr = 1.5\nprint("学习率 =", lr)', "c1", "学习率 = 1.0\n")
    [problem] = S.problems(*_pair(tmp_path, [en], [zh]))
    assert "code differs" in problem and "+lr = 1.5" in problem


@pytest.mark.parametrize("zh_first, named", [
    ('import bpcore\n\nbpcore.use_language("zh")', None),
    ('import bpcore\n\nbpcore.use_language("en")', 'must choose its language with bpcore.use_language("zh"), '
                                                     'not "en"'),
    ("import bpcore", 'must choose its language with bpcore.use_language("zh")'),
])
def test_the_twin_chooses_chinese_in_its_first_code_cell(tmp_path, zh_first, named):
    """The language string is the one literal of the first cell that must differ: "en" / "zh"."""
    en = nbformat.v4.new_code_cell('import bpcore\n\nbpcore.use_language("en")', id="c1")
    zh = nbformat.v4.new_code_cell(zh_first, id="c1")
    found = S.problems(*_pair(tmp_path, [_md("## A", "a0"), en], [_md("## 甲", "a0", translates="## A"), zh]))
    if named is None:
        assert found == []
    else:
        assert any(named in problem for problem in found), found


# --- the notebooks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_english_notebook_chooses_english_once_at_its_top(name):
    """A string literal in the first code cell chooses the language (issue 20): "en" here, "zh" in the twin
    (test_twin_in_step_with_english checks the twin); no other cell changes it."""
    cells = [c for c in nbformat.read(S.EN_DIR / name, as_version=4).cells if c.cell_type == "code"]
    assert S.language_of(cells[0].source) == "en"
    assert [S.language_of(c.source) for c in cells[1:]] == [None] * (len(cells) - 1)


def test_every_numbered_notebook_is_checked():
    assert len(NOTEBOOKS) >= 8 and PENDING <= set(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_twin_in_step_with_english(name):
    found = S.problems(S.EN_DIR / name, pending=name in PENDING)
    if found:
        pytest.fail(f"{len(found)} problems (`python scripts/sync_zh.py status {name}` shows how the English "
                    "changed):\n" + "\n".join(found), pytrace=False)


@pytest.mark.parametrize("name", sorted(PENDING))
def test_pending_twin_still_needs_translating(name):
    """A twin translated in full leaves PENDING, so that the test above holds it to everything."""
    assert S.untranslated_cells(S.ZH_DIR / name) or any(
        "changed after its translation" in p for p in S.problems(S.EN_DIR / name)), \
        f"notebooks/zh/{name} is fully translated: remove it from PENDING in tests/test_zh_twins.py"


@pytest.mark.parametrize("name", sorted(set(NOTEBOOKS) - PENDING))
def test_translation_keeps_the_try_it_answers(name):
    """Each Try it's solution states the number a student types (tests/test_try_its.py); the Chinese
    solution states the same number."""
    from test_try_its import ANSWERS

    text = "\n".join(c.source for c in nbformat.read(S.ZH_DIR / name, as_version=4).cells
                     if c.cell_type == "markdown").replace("−", "-")
    for var, typed in ANSWERS.get(name, {}).items():
        assert typed in text, f"notebooks/zh/{name}: the solution no longer states {typed!r} for {var}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_links_in_the_twin_resolve(name):
    """Relative links and images in the Chinese notebook point to files that exist (e.g. its zh siblings)."""
    if not (S.ZH_DIR / name).exists():
        pytest.skip("no twin yet: test_twin_in_step_with_english names it")
    zh = nbformat.read(S.ZH_DIR / name, as_version=4)
    for j, cell in enumerate(zh.cells):
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            assert (S.ZH_DIR / target.split("#")[0]).exists(), \
                f"notebooks/zh/{name} cell {j}: {target} not found"


# --- around the notebooks -----------------------------------------------------------------------------

def _bash_blocks(text):
    return re.findall(r"```bash\n(.*?)```", text, re.S)


def test_chinese_readme_has_the_same_two_commands_and_links_both_ways():
    en = (ROOT / "README.md").read_text(encoding="utf-8")
    zh = (ROOT / "README.zh.md").read_text(encoding="utf-8")
    install, test = _bash_blocks(en)[:2]  # README: "Start" (install and open), then the test command
    assert "pip install -r requirements.txt" in install and "pytest" in test
    assert install in _bash_blocks(zh) and test in _bash_blocks(zh)
    assert "(README.zh.md)" in en and "(README.md)" in zh
    for target in re.findall(r"\]\((notebooks/[^)]+)\)", zh):
        assert (ROOT / target).exists(), target


def test_chinese_lab_settings_keep_the_english_ones():
    """`scripts/lab --zh` reads its own settings: the English ones (no news pop-up), plus the locale."""
    import json

    en = json.loads((ROOT / ".jupyter/lab/settings/overrides.json").read_text())
    zh = json.loads((ROOT / ".jupyter/lab/settings-zh/overrides.json").read_text())
    assert {k: v for k, v in zh.items() if k in en} == en
    assert zh["@jupyterlab/translation-extension:plugin"] == {"locale": "zh_CN"}
