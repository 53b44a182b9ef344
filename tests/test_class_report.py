"""The class report (bpcore.grading.report) on a small class made here: a gradebook written with nbgrader's
own API and autograded notebooks whose test cells display verdicts (bpcore.grading.feedback.VERDICT_MIME),
one without any.  No kernel runs.  The expected counts are read off the class below by hand."""

from __future__ import annotations

import csv
import os
import re
import sqlite3

import nbformat
import nbgrader
import pytest
from alembic.script import ScriptDirectory
from nbgrader.api import Gradebook

from bpcore.grading.feedback import VERDICT_MIME
from bpcore.grading.hand import COPIED
from bpcore.grading.report import buckets, main
from bpcore.language import use_language

# nbgrader's add_submission adds its rows so that SQLAlchemy warns; they are added all the same
pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")
POINTS = {"test_forward": 2, "test_loss": 1, "test_output_layer": 3, "test_hidden_layer": 3,
          "test_training": 1}
KEYS = ["backprop.forward", "backprop.loss", "backprop.output", "backprop.hidden", "backprop.training"]
FULL = {g: (p, [], None) for g, p in POINTS.items()}
# student -> grade id -> (points, mistakes named, variant_of); None: the notebook displays no verdict at all
CLASS = {
    "alice.smith": FULL,
    "bob": dict(FULL, test_hidden_layer=(0, ["published formula"], None),
                test_training=(0, ["climbs"], None)),
    "张三": dict(FULL, test_forward=(0, ["missing sigmoid"], None),
                test_hidden_layer=(0, ["published formula"], None)),
    "carol": dict(FULL, test_hidden_layer=(0, [COPIED], "alice.smith")),
    "dave": None,
}
DAVE = {"test_forward": 2, "test_loss": 0, "test_output_layer": 0, "test_hidden_layer": 0, "test_training": 0}


def verdict_output(student, grade_id, points, mistakes, variant_of):
    data = {"part": grade_id, "title": grade_id, "passed": points == POINTS[grade_id], "mistakes": mistakes,
            "variant_of": variant_of, "student_id": student}
    return nbformat.v4.new_output("display_data", data={VERDICT_MIME: data, "text/plain": "verdict"})


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("report") / "course"
    course.mkdir()
    # nbgrader stamps a new gradebook with its schema's version by running `alembic heads` (10 s here);
    # stamped beforehand, with the same head read by alembic's API, the gradebook is made at once
    head = ScriptDirectory(os.path.join(os.path.dirname(nbgrader.__file__), "alembic")).get_current_head()
    with sqlite3.connect(course / "gradebook.db") as db:
        db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        db.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (head,))
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.add_assignment("backprop")
        gb.add_notebook("backprop", "backprop")
        for grade_id, points in POINTS.items():
            gb.add_grade_cell(grade_id, "backprop", "backprop", max_score=points, cell_type="code")
        for student, graded in CLASS.items():
            gb.add_student(student)
            gb.add_submission("backprop", student)
            for grade_id in POINTS:
                grade = gb.find_grade(grade_id, "backprop", "backprop", student)
                grade.auto_score = graded[grade_id][0] if graded else DAVE[grade_id]
            gb.db.commit()
            nb = nbformat.v4.new_notebook()
            for grade_id in POINTS:
                cell = nbformat.v4.new_code_cell("check(...)")
                cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id,
                                             "points": POINTS[grade_id], "locked": True, "schema_version": 3}
                cell.outputs = [verdict_output(student, grade_id, *graded[grade_id])] if graded else []
                nb.cells.append(cell)
            folder = course / "autograded" / student / "backprop"
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / "backprop.ipynb")
    try:
        for language in ("en", "zh"):  # as `python -m bpcore.grading.report backprop --language zh` runs it
            main(["backprop", "--course", str(course), "--language", language,
                  "--out", str(course / language)])
    finally:
        use_language("en")
    return course


def text(course, language):
    page = (course / language / "report.html").read_text(encoding="utf-8")
    return page, re.sub(r"<[^>]+>", " ", page)


def test_the_csv_has_each_students_points_mistakes_and_variant(course):
    rows = list(csv.DictReader((course / "en" / "report.csv").open(encoding="utf-8")))
    assert [r["student_id"] for r in rows] == sorted(CLASS)
    assert list(rows[0]) == ["student_id", "total", "max_score", *KEYS, "mistakes", "variant_of",
                             "no_verdict"]
    by = {r["student_id"]: r for r in rows}
    assert [by["bob"][k] for k in KEYS] == ["2", "1", "3", "0", "0"] and by["bob"]["total"] == "6"
    assert by["bob"]["mistakes"] == "published formula;climbs" and by["bob"]["max_score"] == "10"
    assert by["张三"]["mistakes"] == "missing sigmoid;published formula" and by["张三"]["total"] == "5"
    assert by["carol"]["variant_of"] == "alice.smith" and by["carol"]["total"] == "7"
    assert by["alice.smith"]["total"] == "10" and by["alice.smith"]["mistakes"] == ""
    assert by["dave"]["no_verdict"] == ";".join(KEYS) and by["dave"]["total"] == "2"


def test_the_page_counts_each_mistake_and_names_the_copy(course):
    page, said = text(course, "en")
    for line in ("published formula: 2 of 5", "steps up the gradient: 1 of 5", "missing sigmoid: 1 of 5",
                 "no verdict (a test cell that displayed none): 1 of 5",
                 "numbers of another student’s variant: 1 of 5",
                 "carol handed in the numbers of alice.smith’s variant"):
        assert line in said, line
    assert said.index("published formula: 2 of 5") < said.index("missing sigmoid: 1 of 5")  # most made first
    assert 'aria-label="Backprop: hidden layer: mean 0.6 of 3"' in page  # 3 of 15 points over 5 students
    assert 'aria-label="Total: mean 6.0 of 10"' in page  # (10 + 6 + 5 + 7 + 2) / 5
    assert page.count("<svg") == 6 and "http" not in page  # a histogram per part and the total; no fetch


def test_the_histogram_has_a_bar_per_point():
    hidden = [3, 0, 0, 0, 0]  # the hidden layer's points above
    assert buckets(hidden, 3) == [("0", 4), ("1", 0), ("2", 0), ("3", 1)]
    assert buckets([0.5, 2.5, 12.0], 12.5) == [("≥0", 1), ("≥2.5", 1), ("≥5", 0), ("≥7.5", 0), ("≥10", 1)]


def test_the_chinese_report_is_chinese(course):
    page, said = text(course, "zh")
    for line in ("原练习的公式：5 人中 2 人", "别的学生的变体的数值：5 人中 1 人",
                 "carol 交上的是 alice.smith 的变体的数值", "反向传播：隐藏层"):
        assert line in said, line
    assert 'lang="zh-CN"' in page
    for english in ("published formula", "of 5", "handed in", "Backprop", "Students", "Mistakes", "variant"):
        assert english not in said, english


def test_a_missing_gradebook_or_assignment_is_said(course, tmp_path):
    with pytest.raises(SystemExit, match="No .*gradebook.db: run this in the course folder"):
        main(["backprop", "--course", str(tmp_path)])
    assert not (tmp_path / "gradebook.db").exists()  # (nbgrader's Gradebook would have made one)
    with pytest.raises(SystemExit, match="knows no assignment autograd"):
        main(["autograd", "--course", str(course)])
