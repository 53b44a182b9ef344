"""Every "Try it" accepts its own solution: the number its solution prints, typed in, passes its check.

Each Chinese notebook is executed in a fresh kernel with every exercise's placeholder `my_... = None`
replaced by what a student who read the solution would type: the number it states, to the digits it states
(or, where the answer is code or a choice, the solution's own expression; where it is a function, the
solution's own `def`).  Each exercise's cell must then print a ✓ and no ✗.  The number must stand in the
solution's text, in both editions, so the two cannot drift apart.  The English notebooks are not executed
here: their code is the Chinese twins' but for comments and strings (test_zh_twins), so the same answers
reach the same checks; nbval runs them as committed.

Each exercise is also given a wrong answer (WRONG), in a copy of its cell run just before it in the same
kernel (no notebook runs twice): the copy must print a Chinese ✗ that names the mistake, with no English
words in it, and the exercise itself, answered after it, still a ✓.

And none gives its solution away before the student has answered: the committed outputs of every
exercise cell (Run All on a fresh notebook), in both editions, show no verdict, no number the solution
states and no line of the solution's code.
"""

import os
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EDITIONS = (NOTEBOOKS, NOTEBOOKS / "zh")

# notebook: {placeholder variable: what the student types, as it stands in the solution}
ANSWERS = {
    "01_forward_pass.ipynb": {"my_out_o1": "0.4837", "my_in_o1": "-1.208"},
    "02_loss.ipynb": {"my_loss": "0.0006775", "my_lowest": "0.065", "my_dL_dout_o1": "0.2469"},
    "03_backprop_derivation.ipynb": {
        "my_grad_w3": "-0.005053", "my_grad_w4": "0.008783",
        "my_weights": "bpcore.Weights(w.w1, w.w2, w.w3, w.w4, out_h1, out_h1, w.w7, w.w8)"},
    "04_gradient_descent.ipynb": {"my_w5": "0.065367", "my_epoch": "103", "my_frozen_loss": "0.02890",
                                  "my_last_loss": "0.1078"},
    "05_autograd.ipynb": {"my_dw3": "-0.004539", "my_loss": "0.007676",
                          "my_fd32": "(loss_at(plus, torch.float32) - loss_at(minus, torch.float32))"
                                     " / (2 * eps)"},
    "06_comparison.ipynb": {"my_dw2": "-0.01296", "my_k": "5",
                            "my_d_w3": "(delta_o1 * w.w5 + delta_o2 * w.w6) * out_h1 * (1 - out_h1) * x2"},
    "07_playground.ipynb": {"my_epoch": "3", "my_floor": "0.002450", "my_ratio": "1.678"},
    "08_matrix_form.ipynb": {"my_dw3": "dW1[1, 0]", "my_width": "2",
                             "my_mean": "np.mean([mlp.backprop(start, X_xor[[k]], Y_xor[[k]])[0][0][0, 0] "
                                        "for k in range(4)])"},
    "09_beyond_the_exercise.ipynb": {"my_delta_o2": "0.1820", "my_grad_w6": "0.2579", "my_epochs": "88",
                                     "my_b_o2": "0.4367"},
}
# Code a solution needs before its answer line (what a student who followed it has run), where the
# answer is an expression rather than a number.
SETUP = {
    ("05_autograd.ipynb", "my_fd32"): "eps = 1e-4\nplus, minus = list(SEED_WEIGHTS), list(SEED_WEIGHTS)\n"
                                      "plus[4] += eps\nminus[4] -= eps\n",
}
# Exercises whose answer is a function: the solution's code block that defines it replaces the exercise's
# `def` up to its line marked ←.
FUNCTIONS = {"01_forward_pass.ipynb": ["sigmoid_stable"]}
# Exercises that hand the student a wrong line to fix: their check runs on it from the start.
FIX_THE_LINE = {("06_comparison.ipynb", "my_d_w3")}
# Exercises that measure rather than judge: their cell prints a figure, no ✓ or ✗.
MEASURED = {("05_autograd.ipynb", "my_fd32"): {"notebooks": "relative error", "zh": "相对误差"}}
# zh only: notebook: {placeholder variable (or function): (a wrong answer, Chinese words its ✗ must say)}.
# Each is a mistake the check names where it knows one (its words from bpcore's zh catalogue, or from the
# notebook's own `mistakes=`); the rest get the generic ✗ and its hint (GENERIC_*), named in their comment.
NAMED_WORKED_X = "是算例的输入 x = (0.5, 0.3) 时的 out_o1"   # 01's own mistakes= entry
GENERIC_STEP = "这不是正确值舍入后的结果：有一步算错了"      # check_number's hint for an unnamed wrong value
GENERIC_EXPECTED = "正确值是"                               # an exact (whole-number) or rtol check: no hint
WRONG = {
    "01_forward_pass.ipynb": {
        "my_out_o1": ("0.4769", NAMED_WORKED_X),                    # out_o1 at the worked example's x
        "my_in_o1": ("0.23", GENERIC_STEP),                         # generic: typed σ's value, not z
        # generic: no branch for z < 0, σ(|z|) (rtol check). The exercise's own mistake, e^1000 overflowing,
        # prints Python's English "math range error" inside the Chinese sentence, so it is not used here.
        "sigmoid_stable": ("def sigmoid_stable(z):\n    return 1 / (1 + math.exp(-abs(z)))",
                           GENERIC_EXPECTED)},
    "02_loss.ipynb": {"my_loss": ("0.001355", GENERIC_STEP),              # generic: the loss without ½
                      "my_lowest": ("0.13", GENERIC_STEP),                # generic: without ½
                      "my_dL_dout_o1": ("0.4938", GENERIC_STEP)},         # generic: 2(out_o1 − y1)
    "03_backprop_derivation.ipynb": {
        "my_grad_w3": ("0.008750", "是原练习给出的公式算出的值"),         # the exercise's published formula
        "my_grad_w4": ("0.01464", "在该用 x2 的地方用了 x1"),              # δ_h2·x1
        "my_weights": ("w", GENERIC_EXPECTED)},                            # generic (rtol): w5, w6 unchanged
    "04_gradient_descent.ipynb": {"my_w5": ("0.1346", GENERIC_STEP),       # generic: w5 + η·∂L/∂w5
                                  "my_epoch": ("102", GENERIC_EXPECTED),   # generic (whole number): one early
                                  "my_frozen_loss": ("0.05780", GENERIC_STEP),   # generic: without ½
                                  "my_last_loss": ("0.2156", GENERIC_STEP)},     # generic: without ½
    "05_autograd.ipynb": {"my_dw3": ("-0.005053", "按算例的目标值 y = (0.23, -0.07)"),  # at the seed's y
                          "my_loss": ("0.01535", GENERIC_STEP)},           # generic: without ½
    "06_comparison.ipynb": {"my_dw2": ("0.01261", "按算例的权重（SEED_WEIGHTS）"),     # at SEED_WEIGHTS
                            "my_d_w3": ("(delta_o1 * w.w5 + delta_o2 * w.w6) * x2",  # the fix without σ′
                                        "漏掉了隐藏层神经元的 σ′"),
                            "my_k": ("12", GENERIC_EXPECTED)},             # generic (whole number)
    "07_playground.ipynb": {"my_epoch": ("10", GENERIC_EXPECTED),          # generic (whole number): the last
                            "my_floor": ("0.004900", GENERIC_STEP),        # generic: without ½
                            "my_ratio": ("0.5959", GENERIC_STEP)},         # generic: the ratio upside down
    "08_matrix_form.ipynb": {"my_dw3": ("dW1[0, 0]", "在该用 x2 的地方用了 x1"),    # x1's row: ∂L/∂w1
                             "my_width": ("1", GENERIC_EXPECTED),                    # generic (whole number)
                             "my_mean": ("4 * mlp.backprop(start, X_xor, Y_xor)[0][0][0, 0]",
                                         GENERIC_STEP)},                             # generic: the sum
    "09_beyond_the_exercise.ipynb": {"my_delta_o2": ("-0.1820", GENERIC_STEP),   # generic: sign flipped
                                     "my_grad_w6": ("-0.2579", GENERIC_STEP),    # generic: sign flipped
                                     "my_epochs": ("87", GENERIC_EXPECTED),      # generic (whole number)
                                     "my_b_o2": ("0.7633", GENERIC_STEP)},       # generic: the step's sign
}
# ASCII words a zh verdict may print: symbols and Python names, not English (a run of 2+ ASCII letters that
# is not one of these, and not a name with a digit or an underscore like in_h1, w5, SEED_WEIGHTS, fails).
SYMBOLS = {"sigmoid", "tanh", "lr", "XOR", "bpcore"}
ENGLISH = r"(?<![A-Za-z0-9_])[A-Za-z]{2,}(?![A-Za-z0-9_])"
# The last line of an unanswered exercise, in each edition (the folder's name): it asks for the answer.
ASKS = {"notebooks": "run this cell again", "zh": "再运行这个单元格"}
# The summary line of a solution's <details>, in each edition.
SOLUTION = {"notebooks": "<summary>Solution", "zh": "<summary>解答"}


def placeholder(var):
    """The exercise's line for `var`: `my_... = None  # ← ...`, or a line to fix, also marked ←."""
    return re.compile(rf"^{var} = .*# ←.*$", re.M)


def function_placeholder(name):
    """The exercise's `def name(...):` up to its line marked ←."""
    return re.compile(rf"^def {name}\(.*?# ←[^\n]*$", re.M | re.S)


def function_solution(text, name):
    """The solution's code block that defines `name`."""
    found = re.search(rf"```python\n(def {name}\(.*?)```", text, re.S)
    assert found, f"no solution defines {name}"
    return found.group(1).rstrip()


def solutions_text(nb, edition=NOTEBOOKS):
    """The text of the solutions (the markdown cells that hold one), with the typographic minus
    written as the one a student types."""
    return "\n".join(c.source for c in nb.cells
                     if c.cell_type == "markdown" and SOLUTION[edition.name] in c.source).replace("−", "-")


def states(text, typed):
    """Whether `typed` stands in `text` as a whole: "3" in "epoch 3", not in "0.3" or "30"."""
    return re.search(rf"(?<![\w.]){re.escape(typed)}(?![\w]|\.\d)", text) is not None


def answered(name, edition):
    """The notebook with every exercise answered as its solution says, and in the Chinese edition a copy of
    each judged exercise, answered wrongly (WRONG), just before it: (notebook, {exercise: its cell},
    {exercise: (its cell, the wrong copy)}).  Asserts on the way that each solution states its answer, that
    each exercise has one cell, and that no exercise is left out of the tables."""
    nb = nbformat.read(edition / name, as_version=4)
    text = solutions_text(nb, edition)
    answered, wrong = {}, {}
    for var, typed in ANSWERS[name].items():
        assert states(text, typed), f"{name}: the solution no longer states {typed!r} for {var}"
        cells = [c for c in nb.cells if c.cell_type == "code" and placeholder(var).search(c.source)]
        assert len(cells) == 1, f"{name}: expected one cell with `{var} = None`, found {len(cells)}"
        if edition.name == "zh" and var in WRONG[name]:
            mistaken = f"{var} = {WRONG[name][var][0]}"
            wrong[var] = (cells[0], new_code_cell(placeholder(var).sub(lambda _: mistaken, cells[0].source)))
        line = SETUP.get((name, var), "") + f"{var} = {typed}"
        cells[0].source = placeholder(var).sub(lambda _: line, cells[0].source)
        answered[var] = cells[0]
    for function in FUNCTIONS.get(name, []):
        cells = [c for c in nb.cells
                 if c.cell_type == "code" and function_placeholder(function).search(c.source)]
        assert len(cells) == 1, f"{name}: expected one cell defining {function} with a line marked ←"
        solution = function_solution(text, function)
        if edition.name == "zh" and function in WRONG[name]:
            mistaken = WRONG[name][function][0]
            wrong[function] = (cells[0], new_code_cell(
                function_placeholder(function).sub(lambda _: mistaken, cells[0].source)))
        cells[0].source = function_placeholder(function).sub(lambda _: solution, cells[0].source)
        answered[function] = cells[0]
    # Every exercise of the notebook is in the tables: none is left unanswered (and so untested).
    left = [line for c in nb.cells if c.cell_type == "code"
            for line in re.findall(r"^.*# ←.*$", c.source, re.M)]
    assert not left, f"{name}: exercises missing from ANSWERS or FUNCTIONS: {left}"
    if edition.name == "zh":
        judged = {var for var in answered if (name, var) not in MEASURED}
        assert set(WRONG[name]) == judged, f"{name}: WRONG must give every judged exercise a wrong answer"
    for exercise, copy in wrong.values():   # the wrong answer first, then the exercise answered rightly
        nb.cells.insert(next(i for i, c in enumerate(nb.cells) if c is exercise), copy)
    return nb, answered, wrong


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_each_english_solution_states_its_answer(name):
    """The English edition's solutions state the same answers, each exercise in one cell.  Its exercises
    are not run here: their code is the Chinese twin's but for comments and strings (test_zh_twins), and
    the Chinese run below answers each of them rightly and wrongly."""
    answered(name, NOTEBOOKS)


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_each_try_it_accepts_its_own_solution(name):
    """Each solution's number typed into its exercise gets a ✓, in the Chinese edition (its checks speak
    Chinese: its measured exercise says 相对误差); a wrong answer (WRONG) typed into a copy of each judged
    exercise, run just before it, gets a Chinese ✗ with its named mistake, and no English."""
    edition = NOTEBOOKS / "zh"
    nb, answers, wrong = answered(name, edition)
    # The Agg backend: the figures are drawn but not rendered to PNG (what they show, nbval compares; here
    # only the exercises' outputs count), which halves the run (03: 4.3 -> 2.3 s, 09: 12.8 -> 7.8 s).
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(edition)}}
                   ).execute(env={**os.environ, "MPLBACKEND": "Agg"})
    for var, cell in answers.items():
        out = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        if (name, var) in MEASURED:
            assert MEASURED[name, var][edition.name] in out and "✗" not in out, f"{name}, {var}: {out!r}"
        else:
            assert "✓" in out and "✗" not in out, f"{name}, {var}: {out!r}"
    for var, (_, copy) in wrong.items():
        out = "".join(o.get("text", "") for o in copy.outputs if o.output_type == "stream")
        errors = [o for o in copy.outputs if o.output_type == "error"]
        typed, named = WRONG[name][var]
        assert not errors and "✗" in out, f"zh/{name}, {var} = {typed}: {out!r}"
        assert re.search(r"[\u4e00-\u9fff]", out), f"zh/{name}, {var} = {typed}: no Chinese in {out!r}"
        words = [w for w in re.findall(ENGLISH, out) if w not in SYMBOLS]
        assert not words, f"zh/{name}, {var} = {typed}: English {words} in {out!r}"
        assert named in out, f"zh/{name}, {var} = {typed}: {named!r} is not in {out!r}"


def exercises(nb):
    """(exercise cell, the solution's text) for every exercise: a code cell with a line marked ←, and the
    first markdown cell after it that holds a solution."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "# ←" in cell.source:
            solution = next(c.source for c in nb.cells[i + 1:]
                            if c.cell_type == "markdown" and "<summary>" in c.source)
            yield cell, solution.replace("−", "-")


def stated_numbers(solution):
    """The numbers a solution states with 3 or more significant digits (0.4837, -1.208, 0.02890, 103)."""
    numbers = re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.]*\d)", solution)
    return {n for n in numbers if len(n.lstrip("-").replace(".", "").lstrip("0")) >= 3}


def code_lines(solution):
    """The solution's lines of code, stripped of comments: `e = math.exp(z)`, `return e / (1 + e)`."""
    blocks = re.findall(r"```python\n(.*?)```", solution, re.S)
    lines = (line.split("#")[0].strip() for block in blocks for line in block.splitlines())
    return {line for line in lines if len(line) >= 10}


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_an_unanswered_try_it_gives_nothing_away(name, edition):
    nb = nbformat.read(edition / name, as_version=4)
    for cell, solution in exercises(nb):
        out = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream").replace("−", "-")
        if not any(f"{var} = " in cell.source for nb_name, var in FIX_THE_LINE if nb_name == name):
            # it asks for an answer, and that is all it does after any context it prints first
            assert "✓" not in out and "✗" not in out and "Error" not in out, f"{name}: {out!r}"
            assert ASKS[edition.name] in out.strip().splitlines()[-1], f"{edition.name}/{name}: {out!r}"
        given = [n for n in stated_numbers(solution) if n in out and n not in cell.source]
        assert not given, f"{edition.name}/{name}: the unanswered exercise shows {given}: {out!r}"
        fixes = [line for line in code_lines(solution) if line in out]
        assert not fixes, f"{edition.name}/{name}: the unanswered exercise shows the fix {fixes}: {out!r}"
