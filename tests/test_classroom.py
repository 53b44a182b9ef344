"""The course in classroom/ through nbgrader, as a teacher runs it (classroom/README.md), in a copy.

Both student versions are generated from the source; no solution and no hidden test survives in them.
Then submissions made here are autograded and given feedback:
- "solution": the source's own solution cells, typed in (markers removed): full marks;
- "blank": the student version handed in unchanged: zero points, and autograde still finishes;
- "published" (assignment 1 only): the student version with `backprop` alone written, as the exercise's
  published derivation: the output-layer points only, and feedback that names the published formula;
- "no_zeroing" (assignment 2 only): the solution without `w.grad.zero_()`: the zeroing and training points
  are lost, and the outputs say the gradients pile up.
"""

import html
import re

import classroom_support as C
import nbformat
import pytest

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


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A copy of classroom/, both assignments generated, the submissions autograded, feedback made."""
    tmp = tmp_path_factory.mktemp("classroom")
    course, env = C.copy_course(tmp), C.course_env(tmp)
    for assignment in C.ASSIGNMENTS:
        C.nbgrader(course, env, "generate_assignment", assignment, "--force")
        C.submit(course, "solution", assignment, C.source_solutions(course, assignment))
        C.submit(course, "blank", assignment, {})
    C.submit(course, "published", "backprop", {"backprop": PUBLISHED_BACKPROP.strip()})
    solution = C.source_solutions(course, "autograd")
    forgot = solution["step"].replace("w.grad.zero_()", "pass  # w.grad.zero_() forgotten")
    assert forgot != solution["step"]
    C.submit(course, "no_zeroing", "autograd", dict(solution, step=forgot))
    for assignment in C.ASSIGNMENTS:
        C.nbgrader(course, env, "autograde", assignment, "--force", "--create")
    C.nbgrader(course, env, "generate_feedback", "backprop", "--force")
    return course


def student_version(course, assignment):
    return nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_no_solution_and_no_hidden_test_survives(course, assignment):
    source = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    released = student_version(course, assignment)
    text = "\n".join(c.source for c in released.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "OTHER_CASES"):
        assert marker not in text
    public = {line.strip() for c in source.cells for line in C.regions(c.source)[1]}
    secret = [line.strip() for c in source.cells for line in C.regions(c.source)[0]
              if line.strip() and line.strip() not in public]  # a line also shown elsewhere is no secret
    assert len(secret) >= 10  # the check below has something to find
    released_lines = {line.strip() for line in text.splitlines()}
    assert [line for line in secret if line in released_lines] == []
    assert all(not c.outputs for c in released.cells if c.cell_type == "code")


def test_backprop_lives_in_the_cell_named_backprop(course):
    released = student_version(course, "backprop")
    stub = C.cell(released, "backprop").source
    assert stub.startswith("def backprop(w, x, y):") and "raise NotImplementedError()" in stub
    grade_ids = {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.get("points") for c in released.cells
                 if c.metadata.get("nbgrader", {}).get("grade")}
    assert grade_ids == {"test_forward": 2, "test_loss": 1, "test_output_layer": 3, "test_hidden_layer": 3,
                         "test_training": 1}
    for name in ("test_output_layer", "test_hidden_layer"):  # they call the student's backprop, nothing else
        calls = re.findall(r"\b(check_\w+)\((\w+)", C.cell(released, name).source)
        assert calls == [("check_backprop", "backprop")]


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_the_source_solution_gets_full_marks(course, assignment):
    grades = C.scores(course, assignment, "solution")
    assert len(grades) == 5
    assert {name: score for name, (score, _) in grades.items()} == \
        {name: top for name, (_, top) in grades.items()}
    assert sum(top for _, top in grades.values()) == 10


@pytest.mark.parametrize("assignment", C.ASSIGNMENTS)
def test_the_unmodified_student_version_scores_zero(course, assignment):
    grades = C.scores(course, assignment, "blank")
    assert len(grades) == 5 and all(score == 0 for score, _ in grades.values())
    graded = nbformat.read(course / "autograded" / "blank" / assignment / f"{assignment}.ipynb", as_version=4)
    errors = [o.ename for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade")
              for o in c.outputs if o.output_type == "error"]
    assert len(errors) == 5 and set(errors) == {"NotImplementedError"}  # every test ran and failed


def feedback_text(course, student):
    page = (course / "feedback" / student / "backprop" / "backprop.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_the_published_derivation_earns_the_output_layer_only(course):
    grades = C.scores(course, "backprop", "published")
    assert {name: score for name, (score, _) in grades.items()} == \
        {"test_forward": 0, "test_loss": 0, "test_output_layer": 3, "test_hidden_layer": 0,
         "test_training": 0}
    text = feedback_text(course, "published")
    assert "∂L/∂w1, ∂L/∂w2, ∂L/∂w3 and ∂L/∂w4: the exercise's published formula (bpcore.backprop_original)." \
        in text
    assert "∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6, not d_w5 + d_w6" in text
    assert "Which factor is wrong, and why" in text
    assert "∂L/∂w1        +0.01458333    -0.00842148   ✗" in text  # which gradient: yours, right


def test_feedback_for_the_solution_shows_every_check_passed(course):
    text = feedback_text(course, "solution")
    assert text.count("✓ Right at the exercise's numbers") == 4  # forward, loss, output and hidden layer
    assert "✓ The loop is gradient descent at the exercise's numbers" in text
    assert "is not right" not in text and "AssertionError" not in text


def test_forgetting_to_zero_the_gradients_costs_the_zeroing_and_training_points(course):
    grades = C.scores(course, "autograd", "no_zeroing")
    assert {name: score for name, (score, _) in grades.items()} == \
        {"test_make_weights": 1, "test_forward_loss": 2, "test_step": 2, "test_zero_grad": 0, "test_train": 0}
    graded = nbformat.read(course / "autograded" / "no_zeroing" / "autograd" / "autograd.ipynb", as_version=4)
    said = {name: "".join(o.get("evalue", "") for o in C.cell(graded, name).outputs) for name in grades}
    assert "still hold their gradients in .grad" in said["test_zero_grad"]
    assert "They are those of a run whose gradients pile up" in said["test_train"]
