"""The course in classroom/ through nbgrader, as a teacher runs it (classroom/README.md), in a copy.

The four student versions (both assignments, in English and in Chinese) are generated from the source, in
one run; no solution and no hidden test survives in them.  Then submissions made here are autograded, in
one run, and given feedback:
- "solution": the source's own solution cells, typed in (markers removed): full marks, in both languages;
- "blank": the student version handed in unchanged: zero points, and autograde still finishes;
- "published" (assignment 1, in both languages): the student version with `backprop` alone written, as
  the exercise's published derivation: the output-layer points only, and feedback that names the
  published formula, in Chinese in the Chinese assignment;
- "no_zeroing" (assignment 2 only): the solution without `w.grad.zero_()`: the zeroing and training points
  are lost, and the outputs say the gradients pile up;
- STUDENTS (assignment 1, "solution" among them): three students, each with their own numbers
  (bpcore.variant), hand in the solution with their own hand-derivation table, typed to 4 significant
  digits from the chain rule written in tests/test_grading.py: full marks each;
- COPIER (assignment 1): hands in the first student's notebook, table and all: the hand derivation is
  lost, and its verdict names whose variant the numbers are.
Autograde runs with a course secret of the test's (BPCORE_COURSE_SECRET): none of the hidden cases it
draws, nor the secret, is in release/, and no autograded notebook or feedback page shows them.
The Chinese assignments are twins of the English: the same cells, ids, points and grade ids, the same code
but for comments, strings and the line bpcore.use_language("zh"), and links to notebooks/zh/.
"""

import csv
import html
import io
import json
import os
import re
import tokenize

import classroom_support as C
import nbformat
import pytest
from test_grading import student

import browser_support as B
from bpcore.grading.hand import COPIED
from bpcore.grading.hidden import hidden_cases
from bpcore.grading.verdict import VERDICT_MIMETYPE
from bpcore.variant import variant

SECRET = "the classroom test's course secret"
# Three students with their own numbers (they differ: tested); "solution" hands in the source's solution as
# above, but in assignment 1 with the table typed (one autograde run less: CI time)
STUDENTS = ("ada.lovelace", "李雷", "solution")
COPIER = "dan"  # hands in STUDENTS[0]'s notebook
NUMBERS_CELL = "numbers"  # the grade id of the cell that prints a student's numbers

# The exercise's published back_propagate as a student might hand it in: its own forward pass inside,
# the signature the assignment asks for, and the published hidden layer, (d_w5 + d_w6) where the chain
# rule has δ_o1·w5 + δ_o2·w6 (bpcore.backprop_original is the same formulas).
PUBLISHED_BACKPROP = '''
def backprop(w, x, y):
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    x1, x2 = x
    y1, y2 = y
    out_h1 = 1 / (1 + math.exp(-(w1 * x1 + w3 * x2)))
    out_h2 = 1 / (1 + math.exp(-(w2 * x1 + w4 * x2)))
    out_o1 = 1 / (1 + math.exp(-(w5 * out_h1 + w7 * out_h2)))
    out_o2 = 1 / (1 + math.exp(-(w6 * out_h1 + w8 * out_h2)))
    d_o1 = out_o1 - y1
    d_o2 = out_o2 - y2

    d_w5 = d_o1 * out_o1 * (1 - out_o1) * out_h1
    d_w7 = d_o1 * out_o1 * (1 - out_o1) * out_h2
    d_w6 = d_o2 * out_o2 * (1 - out_o2) * out_h1
    d_w8 = d_o2 * out_o2 * (1 - out_o2) * out_h2

    d_w1 = (d_w5 + d_w6) * out_h1 * (1 - out_h1) * x1
    d_w3 = (d_w5 + d_w6) * out_h1 * (1 - out_h1) * x2
    d_w2 = (d_w7 + d_w8) * out_h2 * (1 - out_h2) * x1
    d_w4 = (d_w7 + d_w8) * out_h2 * (1 - out_h2) * x2
    return d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_w7, d_w8
'''


def hand_table(sid: str) -> str:
    """The hand-derivation cell as a student types it: the chain rule at their numbers, by
    tests/test_grading.py's hand formulas, to 4 significant digits (Python's format)."""
    rows = "".join(f'\n    "w{i}": {g:.4g},' for i, g in enumerate(student()(*variant(sid)), 1))
    return "dL_dw = {" + rows + "\n}"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of classroom/, the four assignments generated, the submissions autograded, feedback made: one
    nbgrader run for each step, each over every assignment (an assignment id may be a glob)."""
    tmp = tmp_path_factory.mktemp("classroom")
    course, env = C.copy_course(tmp), dict(C.course_env(tmp), BPCORE_COURSE_SECRET=SECRET)
    C.nbgrader(course, env, "generate_assignment", "*", "--force")
    for assignment in C.ASSIGNMENTS:
        C.submit(course, "solution", assignment, C.source_solutions(course, assignment))
    for assignment in C.ENGLISH:
        C.submit(course, "blank", assignment, {})
    for assignment in ("backprop", "backprop_zh"):
        C.submit(course, "published", assignment, {"backprop": PUBLISHED_BACKPROP.strip()})
    solution = C.source_solutions(course, "autograd")
    forgot = solution["step"].replace("w.grad.zero_()", "pass  # w.grad.zero_() forgotten")
    assert forgot != solution["step"]
    C.submit(course, "no_zeroing", "autograd", dict(solution, step=forgot))
    code = {k: v for k, v in C.source_solutions(course, "backprop").items() if k != "hand_derivation"}
    for sid in STUDENTS:
        handed_in = C.submit(course, sid, "backprop", dict(code, hand_derivation=hand_table(sid)))
        nb = nbformat.read(handed_in, as_version=4)
        next(c for c in nb.cells if c.source.startswith("STUDENT_ID = ")).source = f"STUDENT_ID = {sid!r}"
        nbformat.write(nb, handed_in)
    # the copier's notebook is the first student's, but for the id: none typed, as in JupyterHub
    C.submit(course, COPIER, "backprop", dict(code, hand_derivation=hand_table(STUDENTS[0])))
    # a student who emptied a locked test cell: autograde restores it, and says so
    tampered = C.submit(course, "tampered", "backprop", C.source_solutions(course, "backprop"))
    nb = nbformat.read(tampered, as_version=4)
    C.cell(nb, "test_forward").source = "pass"
    nbformat.write(nb, tampered)
    autograde = C.nbgrader(course, env, "autograde", "*", "--force", "--create")
    (tmp / "autograde.log").write_text(autograde.stdout + autograde.stderr)
    mathjax = C.mathjax(tmp)
    C.nbgrader(course, env, "generate_feedback", "backprop*", "--force",
               *([f"--ForStudents.mathjax={mathjax}"] if mathjax else []))
    return course


def student_version(course, assignment):
    return nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_no_solution_and_no_hidden_test_survives(course, assignment):
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    released = student_version(course, assignment)
    text = "\n".join(c.source for c in released.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "graded_cases",
                   "typed_key"):
        assert marker not in text
    public = {line.strip() for c in source.cells for line in C.regions(c.source)[1]}
    secret = [line.strip() for c in source.cells for line in C.regions(c.source)[0]
              if line.strip() and line.strip() not in public]  # a line also shown elsewhere is no secret
    assert len(secret) >= 10  # the check below has something to find
    released_lines = {line.strip() for line in text.splitlines()}
    assert [line for line in secret if line in released_lines] == []
    assert all(not c.outputs for c in released.cells if c.cell_type == "code")


@pytest.mark.parametrize("assignment, stub_says", [("backprop", "# YOUR CODE HERE"),
                                                    ("backprop_zh", "# 在这里写你的代码")])
def test_backprop_lives_in_the_cell_named_backprop(course, assignment, stub_says):
    released = student_version(course, assignment)
    stub = C.cell(released, "backprop").source
    assert stub.startswith("def backprop(w, x, y):") and "raise NotImplementedError()" in stub
    assert stub_says in stub  # nbgrader's stub in the notebook's language (classroom/nbgrader_config.py)
    grade_ids = {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.get("points") for c in released.cells
                 if c.metadata.get("nbgrader", {}).get("grade")}
    assert grade_ids == {"test_forward": 2, "test_loss": 1, "test_hand_derivation": 2, "test_output_layer": 3,
                         "test_hidden_layer": 3, "test_training": 1}
    assert C.cell(released, "hand_derivation").source.endswith("{\n" + "".join(
        f'    "w{i}": ...,\n' for i in range(1, 9)) + "}")  # the table given blank
    for name in ("test_output_layer", "test_hidden_layer"):  # they call the student's backprop, nothing else
        calls = re.findall(r"\b(check_\w+)\((\w+)", C.cell(released, name).source)
        assert calls == [("check_backprop", "backprop")]


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_the_source_solution_gets_full_marks(course, assignment):
    grades = C.scores(course, assignment, "solution")
    assert len(grades) == (6 if assignment.startswith("backprop") else 5)
    assert {name: score for name, (score, _) in grades.items()} == \
        {name: top for name, (_, top) in grades.items()}
    assert sum(top for _, top in grades.values()) == (12 if assignment.startswith("backprop") else 10)


@pytest.mark.parametrize("assignment", C.ENGLISH)
def test_the_unmodified_student_version_scores_zero(course, assignment):
    grades = C.scores(course, assignment, "blank")
    assert len(grades) in (5, 6) and all(score == 0 for score, _ in grades.values())
    graded = nbformat.read(course / "autograded" / "blank" / assignment / f"{assignment}.ipynb", as_version=4)
    errors = {c.metadata.nbgrader.grade_id: o.ename for c in graded.cells
              if c.metadata.get("nbgrader", {}).get("grade") for o in c.outputs if o.output_type == "error"}
    assert set(errors) == set(grades)  # every test ran and failed
    blank_table = errors.pop("test_hand_derivation", "AssertionError")  # its verdict: not filled in yet
    assert blank_table == "AssertionError" and set(errors.values()) == {"NotImplementedError"}


def feedback_text(course, student, assignment="backprop"):
    page = (course / "feedback" / student / assignment / f"{assignment}.html").read_text()
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)  # MathJax and the CSS are no text
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


PUBLISHED_MARKS = {"test_forward": 0, "test_loss": 0, "test_hand_derivation": 0, "test_output_layer": 3,
                   "test_hidden_layer": 0, "test_training": 0}
# which gradient: yours, right, at the numbers of the student "published" (the same in both languages)
PUBLISHED_ROWS = tuple(f"∂L/∂w{i}     {yours:>+14.8f} {right:>+14.8f}   ✗" for i, yours, right in zip(
    (1, 3), student("published")(*variant("published"))[:3:2], student()(*variant("published"))[:3:2]))


def test_the_published_derivation_earns_the_output_layer_only(course):
    grades = C.scores(course, "backprop", "published")
    assert {name: score for name, (score, _) in grades.items()} == PUBLISHED_MARKS
    text = feedback_text(course, "published")
    assert "∂L/∂w1, ∂L/∂w2, ∂L/∂w3 and ∂L/∂w4: the exercise's published formula (bpcore.backprop_original)." \
        in text
    assert "∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6, not d_w5 + d_w6" in text
    assert "Which factor is wrong, and why" in text
    assert all(row in text for row in PUBLISHED_ROWS)


def test_the_published_derivation_earns_the_same_in_chinese_and_is_named_in_chinese(course):
    grades = C.scores(course, "backprop_zh", "published")
    assert {name: score for name, (score, _) in grades.items()} == PUBLISHED_MARKS
    text = feedback_text(course, "published", "backprop_zh")
    assert "✗ ∂L/∂w1、∂L/∂w2、∂L/∂w3 和 ∂L/∂w4 在你的数值上不对。" in text
    assert "∂L/∂w1、∂L/∂w2、∂L/∂w3 和 ∂L/∂w4：原练习给出的公式（bpcore.backprop_original）算出的值。" in text
    assert "∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6，而不是 d_w5 + d_w6 = δ_o1·out_h1 + δ_o2·out_h1。" in text
    assert "见笔记本 03“哪个因子错了，为什么”一节。" in text
    assert "你的答案" in text and all(row in text for row in PUBLISHED_ROWS)
    assert "backprop_zh (得分：3.0 / 12.0)" in text and "反向传播：隐藏层" in text
    assert "未作答。" in text  # nbgrader's comment on the solution cells left as they were
    for english in ("is not right", "published formula", "Which factor", "Score:", "Test cell", "Grade cell",
                    "Student's answer", "No response", "YOUR CODE HERE", "at the exercise's numbers"):
        assert english not in text


# --- the feedback page gives nothing away (bpcore.grading.feedback.ForStudents) ---------------------

FEEDBACK = [("published", "backprop"), ("published", "backprop_zh"), ("solution", "backprop"),
            ("solution", "backprop_zh"), ("blank", "backprop")]
TITLES = {"en": ["Backprop: forward pass", "Backprop: loss", "Backprop: hand derivation",
                 "Backprop: output layer", "Backprop: hidden layer",
                 "Backprop: ten epochs of gradient descent"],
          "zh": ["反向传播：前向传播", "反向传播：损失函数", "反向传播：手算推导", "反向传播：输出层",
                 "反向传播：隐藏层", "反向传播：10 个回合的梯度下降"]}


def feedback_page(course, student, assignment):
    return (course / "feedback" / student / assignment / f"{assignment}.html").read_text()


@pytest.mark.parametrize("student, assignment", FEEDBACK)
def test_the_feedback_shows_no_test_code(course, student, assignment):
    page, text = feedback_page(course, student, assignment), feedback_text(course, student, assignment)
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    tests = [c for c in source.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]
    code_lines = {line.strip() for c in tests for line in c.source.splitlines() if len(line.strip()) > 12}
    assert len(tests) == 6 and len(code_lines) >= 10
    for line in code_lines:  # no line of any test, visible or hidden, and no traceback quoting one
        assert html.escape(line) not in page and line not in text, line
    # (a traceback of the student's own cell may quote it: that is their code)
    assert "BEGIN HIDDEN" not in text and "OTHER_CASES" not in text


@pytest.mark.parametrize("student, assignment", FEEDBACK)
def test_the_feedback_names_each_part_in_the_notebooks_language(course, student, assignment):
    text = feedback_text(course, student, assignment)
    titles = TITLES["zh" if assignment.endswith("_zh") else "en"]
    toc = text[:text.index(titles[-1]) + len(titles[-1])]  # the list at the top, in the cells' order
    assert [t for t in titles if t in toc] == titles
    failed = ("Not passed: {}", "未通过：{}")  # a failed part's AssertionError names it too
    assert all(text.count(t) - sum(text.count(f.format(t)) for f in failed) == 2 for t in titles)  # in the
    # list and above the cell's outputs
    page = feedback_page(course, student, assignment)  # (the notebook's own text may say "test cell")
    for generic in ("Test cell", "测试单元格", "Grade cell", "评分单元格"):
        assert f">{generic}</a>" not in page and f"<b>{generic}" not in page and f">{generic}：" not in page


def test_the_feedback_keeps_the_verdict(course):
    text = feedback_text(course, "published")
    assert "✗ ∂L/∂w1, ∂L/∂w2, ∂L/∂w3 and ∂L/∂w4 are not right" in text
    assert "AssertionError: ✗ Not passed: Backprop: hidden layer (the verdict above says why)." in text
    assert "NotImplementedError" in feedback_text(course, "blank")


@pytest.mark.parametrize("student, assignment", FEEDBACK[:2])
def test_the_feedback_carries_mathjax_inline(course, student, assignment):
    if C.mathjax(course.parent) is None:
        pytest.skip("no MathJax: Node's npm installs it (`npm ci --prefix site`)")
    page = feedback_page(course, student, assignment)
    inline = re.search(r'<script id="MathJax-script">(.*?)</script>', page, re.S)
    assert inline and len(inline.group(1)) > 1_000_000 and "MathJax" in inline.group(1)
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="', page)  # nothing fetched, from anywhere
    assert "cdnjs" not in page and "$$" in page  # the formulas, for MathJax to typeset


TYPESET = """async () => {
  await window.MathJax.startup.promise;
  return {formulas: document.querySelectorAll("mjx-container").length, text: document.body.innerText};
}"""


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(B.CHROMIUM), reason=B.CHROMIUM_MISSING)
def test_the_feedback_typesets_its_formulas_offline(course, page):
    """The Chinese feedback page opened from its file in Chromium, every request but the file refused."""
    if C.mathjax(course.parent) is None:
        pytest.skip("no MathJax: Node's npm installs it (`npm ci --prefix site`)")
    asked = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else (asked.append(route.request.url), route.abort()))
    page.goto((course / "feedback" / "published" / "backprop_zh" / "backprop_zh.html").as_uri())
    shown = page.evaluate(TYPESET)
    assert shown["formulas"] >= 10 and "$" not in shown["text"] and "\\frac" not in shown["text"]
    assert "反向传播：隐藏层" in shown["text"] and asked == []


def test_autograde_says_checksum_only_of_a_changed_locked_cell(course):
    log = (course.parent / "autograde.log").read_text()
    changed = re.findall(r"Attribute '(\w+)' for cell (\w+) has changed!", log)
    assert changed == [("checksum", "test_forward")]  # the tampered one; every hidden test restored silently
    grades = C.scores(course, "backprop", "tampered")
    assert [score for score, _ in grades.values()] == [top for _, top in grades.values()]  # full marks


@pytest.mark.parametrize("readme", ["README.md", "README.zh.md"])
def test_the_readmes_quote_the_feedback_for_the_published_formula(course, readme):
    quoted = re.findall(r"```\n(✗ .*?)\n```", (C.COURSE / readme).read_text(), re.S)
    assert len(quoted) == (2 if readme == "README.md" else 1)
    for block in quoted:
        assignment = "backprop_zh" if "、" in block else "backprop"
        assert block in feedback_text(course, "published", assignment)


def test_feedback_for_the_solution_shows_every_check_passed(course):
    text = feedback_text(course, "solution")
    assert text.count("✓ Right at your numbers") == 4  # forward, loss, output and hidden layer
    assert text.count("✓ Right at the 3 hidden cases") == 4
    assert "✓ Your hand derivation is right at your numbers, to 4 significant digits." in text
    assert "✓ The loop is gradient descent at your numbers" in text
    assert "is not right" not in text and "AssertionError" not in text


def test_chinese_feedback_for_the_solution_shows_every_check_passed_in_chinese(course):
    text = feedback_text(course, "solution", "backprop_zh")
    assert text.count("✓ 在你的数值上正确") == 4  # forward, loss, output and hidden layer
    assert "✓ 在你的数值上，用你的 backprop 和 loss，这个循环正是梯度下降。" in text
    assert "✓ 你的手算推导在你的数值上正确，精确到 4 位有效数字。" in text
    assert "你的数值（学号 'solution'，编号" in text and "backprop_zh (得分：12.0 / 12.0)" in text
    assert "Right" not in text and "AssertionError" not in text


def test_the_chinese_autograd_assignment_runs_in_chinese(course):
    graded = nbformat.read(course / "autograded" / "solution" / "autograd_zh" / "autograd_zh.ipynb",
                           as_version=4)
    said = "".join(o.get("text", "") for c in graded.cells for o in c.get("outputs", []))
    assert "✓ 在练习的数值上，step 之后每个 .grad 都是零：" in said
    assert "✓ 在练习的数值上，train 的损失和最终权重都与梯度下降一致。" in said
    assert "✓ 八个需要梯度的 float64 叶子节点张量，值依次为" in said and "chain rule" not in said


def test_forgetting_to_zero_the_gradients_costs_the_zeroing_and_training_points(course):
    grades = C.scores(course, "autograd", "no_zeroing")
    assert {name: score for name, (score, _) in grades.items()} == \
        {"test_make_weights": 1, "test_forward_loss": 2, "test_step": 2, "test_zero_grad": 0, "test_train": 0}
    graded = nbformat.read(course / "autograded" / "no_zeroing" / "autograd" / "autograd.ipynb", as_version=4)
    said = {name: "".join(o.get("text", "") + o.get("evalue", "") for o in C.cell(graded, name).outputs)
            for name in grades}
    assert "still hold their gradients in .grad" in said["test_zero_grad"]
    assert "They are those of a run whose gradients pile up" in said["test_train"]


# --- every student their own numbers, graded at the submission's id ---------------------------------

def graded_notebook(course, student, assignment="backprop"):
    return nbformat.read(course / "autograded" / student / assignment / f"{assignment}.ipynb", as_version=4)


def verdicts(nb) -> dict:
    """grade id -> the verdict each graded cell displayed (VERDICT_MIMETYPE): one at most (none where the
    student's function raised before there was a verdict)."""
    found = {}
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade"):
            shown = [o.data[VERDICT_MIMETYPE] for o in c.outputs if VERDICT_MIMETYPE in o.get("data", {})]
            assert len(shown) <= 1, (c.metadata.nbgrader.grade_id, c.outputs)
            found.update({c.metadata.nbgrader.grade_id: v for v in shown})
    return found


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs)


def test_three_students_each_get_their_own_numbers_and_full_marks(course):
    shown = {}
    for sid in STUDENTS:
        assert {n: score for n, (score, _) in C.scores(course, "backprop", sid).items()} == \
            {n: top for n, (_, top) in C.scores(course, "backprop", sid).items()}
        assert sum(score for score, _ in C.scores(course, "backprop", sid).values()) == 12
        said = printed(C.cell(graded_notebook(course, sid), NUMBERS_CELL))
        w, x, y = variant(sid)
        assert f"(student id {sid!r}, variant {variant(sid).code})" in said
        assert ", ".join(f"w{i} = {v:+.2f}" for i, v in enumerate(w, 1)) in said
        assert f"x1 = {x[0]:.2f}, x2 = {x[1]:.2f}   y1 = {y[0]:.2f}, y2 = {y[1]:.2f}" in said
        shown[sid] = said.splitlines()[1:]
    assert len({tuple(lines) for lines in shown.values()}) == len(STUDENTS)  # three sets of numbers


def test_a_copied_notebook_loses_the_hand_derivation_and_its_verdict_names_the_classmate(course):
    grades = {n: score for n, (score, _) in C.scores(course, "backprop", COPIER).items()}
    assert grades == dict(PUBLISHED_MARKS, test_forward=2, test_loss=1, test_output_layer=3,
                          test_hidden_layer=3, test_training=1)  # all but the table: the code is right
    graded = graded_notebook(course, COPIER)
    assert f"(student id {COPIER!r}," in printed(C.cell(graded, NUMBERS_CELL))  # graded at the submitter's
    hand = verdicts(graded)["test_hand_derivation"]
    assert hand == {"part": "backprop.hand", "title": "Backprop: hand derivation", "passed": False,
                    "mistakes": [COPIED], "variant_of": STUDENTS[0], "student_id": COPIER}
    text = feedback_text(course, COPIER)
    assert f"they belong to another variant, {STUDENTS[0]}'s" in text


def test_every_graded_cell_displays_its_verdict_for_the_class_report(course):
    for assignment in C.ASSIGNMENTS:
        found = verdicts(graded_notebook(course, "solution", assignment))
        assert set(found) == set(C.scores(course, assignment, "solution"))  # one in every graded cell
        prefix = assignment.removesuffix("_zh") + "."
        assert all(v["passed"] and v["student_id"] == "solution" and v["part"].startswith(prefix) and
                   v["mistakes"] == [] and v["variant_of"] is None for v in found.values()), found
        assert len({v["part"] for v in found.values()}) == len(found)
        chinese = all(re.search("[\u4e00-\u9fff]", v["title"]) for v in found.values())
        assert chinese == (assignment in C.CHINESE)
    published = verdicts(graded_notebook(course, "published"))
    assert published["test_hidden_layer"]["mistakes"] == ["published formula"]
    assert published["test_hidden_layer"]["title"] == "Backprop: hidden layer"
    assert json.loads(json.dumps(published)) == published


def test_no_hidden_case_and_no_secret_is_in_the_release_or_shown(course):
    """The secret, and every number of the hidden cases drawn for each student graded (each has three
    decimals, where a student's own numbers have two), are in no file of release/; nor is any of those
    numbers in an autograded notebook's outputs or a feedback page."""
    students = [p.name for p in (course / "autograded").iterdir()]
    numbers = {f"{v:.3f}" for sid in students for case in hidden_cases(SECRET, sid) for part in case
               for v in part if round(v * 1000) % 10}  # a third decimal: 0.123, -1.234
    assert len(numbers) > 100
    # a number of its own, not the start of a longer one (0.1234) nor the end of one (10.123)
    hidden = re.compile(r"(?<![\d.])(" + "|".join(map(re.escape, numbers)) + r")(?!\d)")
    shown = [v for part in hidden_cases(SECRET, "solution")[0] for v in part if round(v * 1000) % 10]
    assert len(hidden.findall(", ".join(f"{v:g}" for v in shown))) == len(shown)  # it sees them if there
    released = "".join(p.read_text() for p in (course / "release").rglob("*") if p.is_file())
    assert SECRET not in released and hidden.findall(released) == []
    for sid in students:
        for page in (course / "feedback" / sid).rglob("*.html"):
            text = re.sub(r"<script.*?</script>", "", page.read_text(), flags=re.S)  # not MathJax's code
            assert SECRET not in text and hidden.findall(text) == [], page
        for nb in (course / "autograded" / sid).rglob("*.ipynb"):
            outputs = json.dumps([c.get("outputs", []) for c in nbformat.read(nb, as_version=4).cells],
                                 ensure_ascii=False)
            assert SECRET not in outputs and hidden.findall(outputs) == [], nb


# --- the Chinese assignments are twins of the English ---------------------------------------------

LANGUAGE_LINE = 'bpcore.use_language("zh")'


def source(assignment):
    return nbformat.read(C.COURSE / "source" / assignment / f"{assignment}.ipynb", as_version=4)


def code_tokens(code: str) -> list[str]:
    """The code's tokens, comments left out and every string literal (f-strings too) the same token."""
    return [("STRING" if t.type == tokenize.STRING else t.string)
            for t in tokenize.generate_tokens(io.StringIO(code).readline)
            if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)]


@pytest.mark.parametrize("english", C.ENGLISH)
def test_the_chinese_assignment_is_the_english_in_chinese(english):
    en, zh = source(english), source(f"{english}_zh")
    assert [(c.cell_type, c.get("id"), c.metadata) for c in zh.cells] == \
        [(c.cell_type, c.get("id"), c.metadata) for c in en.cells]  # cells, grade ids, points, locks
    for e, z in zip(en.cells, zh.cells):
        assert re.search("[\u4e00-\u9fff]", z.source) or e.source == z.source
        if e.cell_type != "code":
            assert z.source != e.source  # every text is translated
            continue
        code = z.source
        if e.metadata.get("nbgrader", {}).get("grade_id") == "setup":
            assert code.count(LANGUAGE_LINE) == 1 and LANGUAGE_LINE not in e.source
            code = "\n".join(line for line in code.splitlines() if not line.startswith(LANGUAGE_LINE))
        assert code_tokens(code) == code_tokens(e.source)
        markers = lambda text: [line.strip() for line in text.splitlines() if C.SECRET.match(line)]  # noqa: E731
        assert markers(code) == markers(e.source)  # the same solutions and hidden tests, where they were


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_the_assignments_link_to_the_notebooks_of_their_language(assignment):
    text = "\n".join(c.source for c in source(assignment).cells if c.cell_type == "markdown")
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    folder = C.COURSE / "source" / assignment
    assert len(links) >= 2 and all((folder / link).resolve().is_file() for link in links)
    wanted = "notebooks/zh" if assignment in C.CHINESE else "notebooks"
    assert {str((folder / link).resolve().parent.relative_to(C.ROOT)) for link in links} == {wanted}


def test_the_class_report_reads_the_course(course, tmp_path):
    """The class report over the course's own gradebook and autograded notebooks (python -m
    bpcore.grading.report backprop, in the course folder)."""
    from bpcore.grading.report import main

    main(["backprop", "--course", str(course), "--out", str(tmp_path)])
    rows = {r["student_id"]: r for r in csv.DictReader((tmp_path / "report.csv").open(encoding="utf-8"))}
    assert set(rows) == {"solution", "blank", "published", "tampered", *STUDENTS, COPIER}
    parts = {"test_forward": "backprop.forward", "test_loss": "backprop.loss", "test_hand_derivation":
             "backprop.hand", "test_output_layer": "backprop.output", "test_hidden_layer": "backprop.hidden",
             "test_training": "backprop.training"}
    assert {p: rows["published"][p] for p in parts.values()} == \
        {parts[g]: f"{v:g}" for g, v in PUBLISHED_MARKS.items()}
    totals = {sid: row["total"] for sid, row in rows.items()}
    assert totals == {"solution": "12", "blank": "0", "published": "3", "tampered": "12",
                      "ada.lovelace": "12", "李雷": "12", COPIER: "10"}
    assert rows[COPIER]["variant_of"] == STUDENTS[0]  # the copy, named
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "7 students handed it in; 12 points in all." in page and "Backprop: hidden layer" in page
    assert f"{COPIER} handed in the numbers of {STUDENTS[0]}’s variant" in page


# --- collecting by folder (bpcore.grading.collect) ------------------------------------------------

HANDED_IN = {"alice.smith_backprop.ipynb": "alice.smith", "Alice Smith_backprop.ipynb": "Alice Smith",
             "alice_smith_backprop.ipynb": "alice_smith", "s2024_001_backprop.ipynb": "s2024_001",
             "张三_backprop.ipynb": "张三"}
NOT_COLLECTED = ("backprop.ipynb", "alice-backprop.ipynb", "bob_autograd.ipynb")


def test_zip_collect_takes_every_student_id_and_names_what_it_leaves(course, tmp_path):
    released = course / "release" / "backprop" / "backprop.ipynb"
    archive = course / "downloaded" / "backprop" / "archive"
    archive.mkdir(parents=True)
    for name in (*HANDED_IN, *NOT_COLLECTED):
        (archive / name).write_bytes(released.read_bytes())
    done = C.nbgrader(course, C.course_env(tmp_path), "zip_collect", "backprop")
    for sid in HANDED_IN.values():
        assert (course / "submitted" / sid / "backprop" / "backprop.ipynb").is_file(), sid
    said = done.stdout + done.stderr
    for name in NOT_COLLECTED:
        assert f"NOT COLLECTED: {name}: name it <student>_<notebook>.ipynb, the notebook one of " \
            "backprop.ipynb" in said
    collected = [line for line in said.splitlines() if any(name in line for name in HANDED_IN)]
    assert collected and not any("NOT COLLECTED" in line for line in collected)


def test_a_file_zip_collect_leaves_is_named_in_the_assignments_language():
    from bpcore.grading.collect import not_collected

    assert not_collected("a/backprop_zh.ipynb", ["backprop_zh"], "zh") == \
        "未收集：backprop_zh.ipynb：请把它命名为 <学号>_<笔记本名>.ipynb，笔记本名须是 backprop_zh.ipynb 之一"
    assert not_collected("a/x.ipynb", ["backprop"]).startswith("NOT COLLECTED: x.ipynb: name it")


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_every_test_cell_has_a_part_and_a_title_in_both_languages(assignment):
    """bpcore.grading.parts names each graded part, for the feedback page and the class report."""
    from bpcore.grading.parts import PARTS, title

    graded = [c.metadata.nbgrader.grade_id for c in source(assignment).cells
              if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata.nbgrader.get("solution")]
    assert len(graded) == (6 if assignment.startswith("backprop") else 5) and set(graded) <= set(PARTS)
    for grade_id in graded:
        english, chinese = title(grade_id, "en"), title(grade_id, "zh")
        assert english.startswith(assignment.split("_")[0].capitalize() + ": ")
        assert chinese.startswith("反向传播：" if assignment.startswith("backprop") else "自动微分：")
