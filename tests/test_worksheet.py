"""scripts/worksheet: the class's worksheet and the teacher's key, in English and Chinese, hold each student's
numbers by the variant rule.

Two ways of reading them: the PDFs that `scripts/worksheet` writes, read back as text by pdftotext
(Debian's poppler-utils; those tests are skipped, with that hint, without it), and the pages' figures
before they are saved, whose texts and extents matplotlib gives (no dependency).  The numbers are held
against test_variant's witnesses: the rule written again in plain Python, torch float64 autograd, the
exercise's back_propagate transcribed.
"""

import csv
import importlib.util
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import segno
from test_variant import exercise_back_propagate, witness

import bpcore
from bpcore.variant import variant
from torch_witness import deltas_and_grads, forward_and_backward

ROOT = Path(__file__).resolve().parent.parent
IDS = ["alice.smith", "张伟", "2024_001"]
NAMES = [f"w{i}" for i in range(1, 9)]


def load_script():
    """scripts/worksheet.py as a module, to draw its pages without saving them."""
    spec = importlib.util.spec_from_file_location("worksheet_script", ROOT / "scripts" / "worksheet.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def four_digits(text: str, truth: float) -> bool:
    """`text` is `truth` to 4 significant digits: 4 digits from the first non-zero one, at most half a unit
    of the last one off."""
    digits = re.sub(r"[^0-9]", "", text).lstrip("0")
    last = 10 ** (math.floor(math.log10(abs(truth))) - 3)  # the place of the 4th significant digit
    return len(digits) == 4 and abs(float(text) - truth) <= 0.5 * last * (1 + 1e-9)


def truth_of(student_id):
    """The witnesses' numbers of a student's variant: (w, x, y, code), chain rule, published, (L, outs, δ)."""
    w, x, y, code, _ = witness(student_id)
    found = deltas_and_grads(w, x, y)
    grads = [found[f"grad_w{i}"] for i in range(1, 9)]
    L, outs, _ = forward_and_backward(w, x, y)
    return (w, x, y, code), grads, exercise_back_propagate(w, x, y), (L, outs, found)


# --- the PDFs, read back with pdftotext ---

@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """The worksheet and key for IDS, in English from an nbgrader roster and in Chinese from the command line:
    {(kind, lang): [page text, ...]}."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    out = tmp_path_factory.mktemp("worksheets")
    roster = out / "roster.csv"
    with open(roster, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["id", "first_name", "last_name", "email"], *([i, "", "", ""] for i in IDS)])
    found = {}
    for lang, ids in (("en", [str(roster)]), ("zh", IDS)):
        run = subprocess.run([str(ROOT / "scripts" / "worksheet"), "--ids", *ids, "--lang", lang, "--out",
                              str(out)], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert run.stderr == ""  # no glyph missing, no font warning
        for kind in ("worksheet", "key"):
            path = out / f"{kind}-backprop-{lang}.pdf"
            assert run.stdout.split() .count(str(path)) == 1
            text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout
            found[kind, lang] = text.split("\f")[:-1]  # a form feed ends each page
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_page_per_student_with_their_numbers_code_and_no_answer(pdfs, lang):
    pages = pdfs["worksheet", lang]
    assert len(pages) == 3
    for student_id, page in zip(IDS, pages):
        (w, x, y, code), grads, published, _ = truth_of(student_id)
        assert student_id in page and code in page
        for name, value in zip(NAMES, w):
            assert re.search(rf"{name} = {value:.2f}\b", page), (name, value)  # on the network's edge
            assert re.search(rf"^ *{name} +{value:.2f} *$", page, re.M)  # its row, the answer left blank
        for k in (1, 2):
            assert f"x{k} = {x[k - 1]:.2f}" in page and f"y{k} = {y[k - 1]:.2f}" in page
        numbers = re.findall(r"-?\d+\.\d{3,}", page)
        assert not [n for n in numbers if any(four_digits(n, g) for g in grads)]  # no answer is printed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_key_has_the_chain_rule_and_the_published_formula_to_4_digits(pdfs, lang):
    pages = pdfs["key", lang]
    assert len(pages) == 3
    wrong = "✗ wrong" if lang == "en" else "✗ 错误"
    for student_id, page in zip(IDS, pages):
        (w, x, y, code), grads, published, (L, outs, found) = truth_of(student_id)
        assert student_id in page and code in page
        for i, name in enumerate(NAMES):
            row = re.search(rf"^ *{name} +(-?\d\.\d\d) +(\S+) +(\S+) *(.*)$", page, re.M)  # not "w1 = ..."
            assert row, name
            value, chain, formula, mark = row.groups()
            assert float(value) == w[i]
            assert four_digits(chain, grads[i]) and four_digits(formula, published[i]), (name, row.group(0))
            assert mark.strip() == (wrong if i < 4 else "")
        checks = {"L": L, "out_o1": outs[0], "out_o2": outs[1],
                  **{f"δ_{u}": found[f"delta_{u}"] for u in ("o1", "o2", "h1", "h2")}}
        for name, truth in checks.items():
            shown = re.search(rf"(?<![\w_]){name} = (\S+)", page).group(1)
            assert four_digits(shown, truth), (name, shown, truth)


def test_the_chinese_pages_say_it_in_chinese(pdfs):
    sheet, key = pdfs["worksheet", "zh"][1], pdfs["key", "zh"][1]
    code = variant("张伟").code
    for said in ("手算反向传播：练习单", "学生：张伟", f"题目编号 {code}", "权重", "∂L/∂w，4 位有效数字",
                 "演算", "损失函数：L = ½(out_o1 − y1)² + ½(out_o2 − y2)²，即平方误差。", "第 2 页，共 3 页"):
        assert said in sheet, said
    for said in ("手算反向传播：参考答案", "教师用，请勿发给学生。", "链式法则", "原练习的公式",
                 "前向传播与误差项"):
        assert said in key, said
    english = pdfs["worksheet", "en"][1]
    assert "Backpropagation by hand: worksheet" in english and "Student: 张伟" in english


# --- the pages as drawn, before they are saved ---

@pytest.fixture(scope="module")
def script():
    return load_script()


def texts(fig):
    """Every text of a figure, its own and its Axes', as drawn."""
    return [t for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", ["worksheet_page", "key_page"])
def test_every_text_fits_on_the_a4_page(script, page, lang):
    bpcore.use_language(lang)
    try:
        with script.matplotlib.rc_context({"font.family": script.fonts.families("zh")}):  # as write() draws
            fig = getattr(script, page)(variant("张伟"), 2, 3)
        renderer = fig.canvas.get_renderer()
        page_box = fig.bbox
        (qr,) = [ax.get_window_extent(renderer) for ax in fig.axes if ax.get_images()]
        assert tuple(fig.get_size_inches()) == (8.27, 11.69)
        for t in texts(fig):
            box = t.get_window_extent(renderer)
            assert not box.overlaps(qr), t.get_text()  # the title ends before the QR code
            left, right = script.LEFT * page_box.width, script.RIGHT * page_box.width  # the page's margins
            assert left - 1 <= box.x0 and box.x1 <= right + 1, t.get_text()
            assert page_box.y0 + 10 <= box.y0 and box.y1 <= page_box.y1 - 10, t.get_text()
            assert t.get_fontsize() >= 7.5, t.get_text()
    finally:
        bpcore.use_language("en")
        plt.close("all")


def test_the_qr_code_says_the_assignment_the_code_and_the_id(script):
    v = variant("张伟")
    fig = script.worksheet_page(v, 1, 1)
    (image,) = [im for ax in fig.axes for im in ax.get_images()]
    expected = f"bpcore.variant:backprop:{v.code}:张伟"
    rows = [list(row) for row in segno.make(expected, error="m").matrix_iter(border=2)]
    assert image.get_array().tolist() == rows


def test_a_roster_is_read_by_its_id_column_or_one_id_per_line(script, tmp_path):
    nbgrader = tmp_path / "nbgrader.csv"
    nbgrader.write_text("first_name,last_name,id,email\nAlice,Smith,alice.smith,a@b\n伟,张,张伟,\n\n",
                        encoding="utf-8")
    plain = tmp_path / "plain.csv"
    plain.write_text("alice.smith\n张伟\n 2024_001 \n", encoding="utf-8")
    assert script.read_ids([str(nbgrader)]) == ["alice.smith", "张伟"]
    assert script.read_ids([str(plain)]) == ["alice.smith", "张伟", "2024_001"]
    assert script.read_ids(["alice.smith", "b"]) == ["alice.smith", "b"]


def test_chinese_lines_break_between_characters_and_never_before_a_comma(script):
    text = "原练习的公式把 out_h1 放在了 w5 和 w6 应在的位置，把 out_h2 放在了 w7 和 w8 应在的位置。"
    lines = script.wrap(text, 30)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(script.width(line) <= 31 for line in lines)  # a closing comma may overhang by one
    assert not any(line.startswith(("，", "。")) for line in lines)


def test_an_empty_roster_is_refused(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("id,first_name\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "worksheet.py"), "--ids", str(empty),
                          "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2 and "no student ids" in run.stderr


@pytest.mark.parametrize("lang, ids, said", [
    ("en", ["nosuch.csv"], "--ids: there is no roster file nosuch.csv"),
    ("zh", ["nosuch.csv"], "--ids：没有名册文件 nosuch.csv"),
    ("en", ["alice", " "], "--ids: a student id must not be empty or blank, got ' '"),
    ("zh", ["alice", "--assignment", "autograd"], "--assignment：练习单是作业 1 的"),
])
def test_a_wrong_argument_is_named_in_the_teachers_language(script, capsys, lang, ids, said):
    with pytest.raises(SystemExit) as stopped:
        script.main(["--lang", lang, "--out", "unused", "--ids", *ids])
    assert stopped.value.code == 2 and said in capsys.readouterr().err
