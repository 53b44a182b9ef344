"""Every "Try it" accepts its own solution: the number its solution prints, typed in, passes its check.

Each notebook is executed in a fresh kernel with every exercise's placeholder `my_... = None` replaced
by what a student who read the solution would type: the number it states, to the digits it states
(or, where the answer is code or a choice, the solution's own expression; where it is a function, the
solution's own `def`).  Each exercise's cell must then print a ✓ and no ✗.  The number must stand in the
solution's text, so the two cannot drift apart.

And none gives its solution away before the student has answered: the committed outputs of every
exercise cell (Run All on a fresh notebook), in both editions, show no verdict, no number the solution
states and no line of the solution's code.
"""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

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


@pytest.mark.parametrize("edition", EDITIONS, ids=["en", "zh"])
@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_each_try_it_accepts_its_own_solution(name, edition):
    """Each solution's number typed into its exercise gets a ✓, in both editions (the zh twin's checks speak
    Chinese: its measured exercise says 相对误差)."""
    nb = nbformat.read(edition / name, as_version=4)
    text = solutions_text(nb, edition)
    answered = {}
    for var, typed in ANSWERS[name].items():
        assert states(text, typed), f"{name}: the solution no longer states {typed!r} for {var}"
        cells = [c for c in nb.cells if c.cell_type == "code" and placeholder(var).search(c.source)]
        assert len(cells) == 1, f"{name}: expected one cell with `{var} = None`, found {len(cells)}"
        line = SETUP.get((name, var), "") + f"{var} = {typed}"
        cells[0].source = placeholder(var).sub(lambda _: line, cells[0].source)
        answered[var] = cells[0]
    for function in FUNCTIONS.get(name, []):
        cells = [c for c in nb.cells
                 if c.cell_type == "code" and function_placeholder(function).search(c.source)]
        assert len(cells) == 1, f"{name}: expected one cell defining {function} with a line marked ←"
        solution = function_solution(text, function)
        cells[0].source = function_placeholder(function).sub(lambda _: solution, cells[0].source)
        answered[function] = cells[0]
    # Every exercise of the notebook is in the tables: none is left unanswered (and so untested).
    left = [line for c in nb.cells if c.cell_type == "code"
            for line in re.findall(r"^.*# ←.*$", c.source, re.M)]
    assert not left, f"{name}: exercises missing from ANSWERS or FUNCTIONS: {left}"
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(edition)}}).execute()
    for var, cell in answered.items():
        out = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        if (name, var) in MEASURED:
            assert MEASURED[name, var][edition.name] in out and "✗" not in out, f"{name}, {var}: {out!r}"
        else:
            assert "✓" in out and "✗" not in out, f"{name}, {var}: {out!r}"


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
