"""bpcore.grading.feedback.ForStudents on a notebook made here (no kernel, no nbgrader run): what the feedback
page gets of a test cell.  tests/test_classroom.py checks the pages nbgrader makes with it."""

import nbformat

from bpcore.grading.feedback import VERDICT_MIME, ForStudents

HIDDEN = """verdict = check_backprop(backprop, "hidden")
assert verdict.passed, verdict
### BEGIN HIDDEN TESTS
verdict = check_backprop(backprop, "hidden", SECRET_CASES)
### END HIDDEN TESTS"""


def graded_cell(grade_id, outputs):
    cell = nbformat.v4.new_code_cell(HIDDEN)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id, "points": 3,
                                 "locked": True, "schema_version": 3}
    cell.outputs = outputs
    return cell


def notebook(chinese: bool):
    error = nbformat.v4.new_output("error", ename="AssertionError", evalue="✗ ∂L/∂w1 is not right.",
                                   traceback=["Traceback", "Cell In[7], line 4", HIDDEN, "AssertionError: ✗"])
    verdict = nbformat.v4.new_output("display_data", data={VERDICT_MIME: {
        "part": "backprop.hidden", "title": "The verdict's own title", "passed": False,
        "mistakes": ["published formula"], "variant_of": None, "student_id": "bob"},
        "text/plain": ""})  # as Verdict.show displays it: empty text, which the page must not show as a box
    printed = nbformat.v4.new_output("stream", name="stdout", text="✓ Right at the exercise's numbers.\n")
    setup = nbformat.v4.new_code_cell("import bpcore" + ('\nbpcore.use_language("zh")' if chinese else ""))
    return nbformat.v4.new_notebook(cells=[setup, graded_cell("test_hidden_layer", [verdict, error]),
                                           graded_cell("test_output_layer", [printed])])


def test_a_test_cell_keeps_its_verdict_and_loses_its_code(tmp_path):
    nb, resources = ForStudents(mathjax=str(tmp_path / "none.js")).preprocess(notebook(False), {})
    hidden, output = nb.cells[1], nb.cells[2]
    assert hidden.source == "" and output.source == ""
    assert hidden.outputs == [nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="✗ ∂L/∂w1 is not right.",
        traceback=["AssertionError: ✗ ∂L/∂w1 is not right."])]  # the JSON display gone, the frames too
    assert output.outputs[0].text == "✓ Right at the exercise's numbers.\n"
    assert hidden.metadata.bpcore.title == "The verdict's own title"  # the verdict's title first
    assert output.metadata.bpcore.title == "Backprop: output layer"  # else bpcore.grading.parts'
    assert resources["bpcore_mathjax"] == "" and resources["bpcore_language"] == "en"  # no MathJax there


def test_a_chinese_notebook_gets_chinese_titles_and_mathjax_inline(tmp_path):
    mathjax = tmp_path / "tex-svg.js"
    mathjax.write_text('window.MathJax = {}; "</script>";', encoding="utf-8")
    nb, resources = ForStudents(mathjax=str(mathjax)).preprocess(notebook(True), {})
    assert nb.cells[2].metadata.bpcore.title == "反向传播：输出层" and resources["bpcore_language"] == "zh"
    assert resources["bpcore_mathjax"] == 'window.MathJax = {}; "<\\/script>";'  # cannot close its <script>
    assert nb.cells[0].source.endswith('bpcore.use_language("zh")')  # other cells as they were
