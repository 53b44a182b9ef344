"""nbgrader's settings for the course in this folder.  Run every nbgrader command from here
(classroom/); README.md in this folder gives the commands."""

import json
import os
from pathlib import Path

import nbgrader
from nbgrader.api import Gradebook
from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.preprocessors import ClearSolutions, NbGraderPreprocessor, OverwriteCells

from bpcore.grading.collect import ByStudentAndNotebook
from bpcore.grading.feedback import ForStudents, RestoresHiddenTests

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "backprop-series"
# A cell may run up to two minutes when grading (importing torch alone takes several seconds).
c.Execute.timeout = 120
# Hand-ins collected by folder (an LMS download, a shared drive, e-mail): each student's notebook saved
# as <student>_<notebook>.ipynb, for example alice.smith_backprop.ipynb, in downloaded/<assignment>/archive/
# (zip files of such notebooks too); `nbgrader zip_collect <assignment>` files them under submitted/.  The
# student id is what comes before the last "_<notebook>.ipynb" naming one of the assignment's notebooks, as it
# is (dots, underscores, digits, spaces, Chinese); a file not so named is listed as NOT COLLECTED
# (bpcore/grading/collect.py).
c.ZipCollectApp.collector_plugin = ByStudentAndNotebook

# The Chinese assignments (source/backprop_zh, source/autograd_zh) speak Chinese from the line
# bpcore.use_language("zh") in their first code cell: bpcore's test messages do (bpcore.grading), and so do
# the two things nbgrader writes, the stub that replaces a solution and the feedback page's headings.
CHINESE = 'bpcore.use_language("zh")'
STUB_ZH = "# 在这里写你的代码\nraise NotImplementedError()"


def speaks_chinese(nb) -> bool:
    return any(cell.cell_type == "code" and CHINESE in cell.source for cell in nb.cells)


# The hand-derivation table (assignment 1's cell hand_derivation) is given blank, one `"w1": ...,` a line.
BLANK_TABLE = "\n".join(f'"w{i}": ...,' for i in range(1, 9))


class ClearSolutionsInTheNotebooksLanguage(ClearSolutions):
    """nbgrader's ClearSolutions, whose stub says "在这里写你的代码" in a notebook that speaks Chinese, and
    which gives the hand-derivation table blank."""

    def preprocess(self, nb, resources):
        english = ClearSolutions.class_traits()["code_stub"].default()["python"]
        self.language_stub = STUB_ZH if speaks_chinese(nb) else english
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        table = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "hand_derivation"
        self.code_stub = dict(self.code_stub, python=BLANK_TABLE if table else self.language_stub)
        return super().preprocess_cell(cell, resources, cell_index)


c.GenerateAssignment.preprocessors = [
    ClearSolutionsInTheNotebooksLanguage if p is ClearSolutions else p
    for p in GenerateAssignment.class_traits()["preprocessors"].default()]

# Autograde restores each locked test cell from the gradebook, hidden tests included; nbgrader's own
# OverwriteCells calls that a changed checksum, for every test cell with hidden tests.  This one speaks only
# when a student changed a locked cell (bpcore/grading/feedback.py).
c.Autograde.sanitize_preprocessors = [
    RestoresHiddenTests if p is OverwriteCells else p
    for p in Autograde.class_traits()["sanitize_preprocessors"].default()]

# The feedback page gives nothing away: test cells show their verdict, titled by their part, never their code
# or a traceback that quotes it; MathJax comes inline with the page (bpcore/grading/feedback.py, ForStudents).
c.GenerateFeedback.preprocessors = [*GenerateFeedback.class_traits()["preprocessors"].default(), ForStudents]

# The feedback page: nbgrader's own template, "feedback", extended by templates/feedback_in_language/, which
# says its headings (Score, Test cell, ...) in Chinese for a notebook that speaks Chinese.  (Its file is not
# index.html.j2, so that its `extends 'index.html.j2'` finds nbgrader's.)
c.HTMLExporter.template_name = "feedback_in_language"
c.HTMLExporter.template_file = "feedback_in_language.html.j2"
c.HTMLExporter.extra_template_basedirs = [
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates"),
    os.path.join(os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"),
]


# --- Grading: each student's numbers, the hidden cases, the class roster -------------------------------
# The course secret, from which the hidden tests' cases are drawn (bpcore.grading.hidden): a teacher sets
# their own, as the environment variable BPCORE_COURSE_SECRET or in the file course_secret.txt in this
# folder (one line; .gitignore keeps it out of git, and it is not in source/, so never released).  Keep it
# for the whole course: it is what makes a student's hidden cases the same at every autograde.  Without
# either, the repository's demo secret below is used: anyone can read it here, so it hides nothing.
DEMO_SECRET = "demo secret of the bpcore repository: set your own (classroom/README.md, Grading)"
SECRET_FILE = Path(__file__).resolve().parent / "course_secret.txt"


def course_secret() -> str:
    if os.environ.get("BPCORE_COURSE_SECRET"):
        return os.environ["BPCORE_COURSE_SECRET"]
    in_file = SECRET_FILE.read_text(encoding="utf-8").strip() if SECRET_FILE.is_file() else ""
    return in_file or DEMO_SECRET


# A notebook run outside autograde by the teacher's nbgrader (`nbgrader validate source/...`, a kernel of the
# formgrader's JupyterLab) runs as the student "teacher", with the course secret: its hidden tests run too.
os.environ.setdefault("BPCORE_COURSE_SECRET", course_secret())
os.environ.setdefault("BPCORE_SUBMISSION_ID", "teacher")


class SubmissionEnvironment(NbGraderPreprocessor):
    """Before the notebook runs (Autograde's Execute starts its kernel with this process's environment):
    BPCORE_SUBMISSION_ID = the submission's student id, which decides the student's numbers whatever id
    the notebook says; BPCORE_COURSE_SECRET = the course secret; BPCORE_ROSTER = the class's ids (the
    gradebook's students and every folder of submitted/), so that copied numbers can be named.  Warns once
    when the secret is the repository's demo secret."""

    warned = False

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        os.environ["BPCORE_SUBMISSION_ID"] = info["student"]
        os.environ["BPCORE_COURSE_SECRET"] = course_secret()
        if os.environ["BPCORE_COURSE_SECRET"] == DEMO_SECRET and not SubmissionEnvironment.warned:
            SubmissionEnvironment.warned = True
            self.log.warning("No course secret (BPCORE_COURSE_SECRET or %s): the hidden cases come from the "
                             "repository's demo secret, which students can read (classroom/README.md, "
                             "'The course secret')", SECRET_FILE)
        os.environ["BPCORE_ROSTER"] = json.dumps(roster(info["db_url"]), ensure_ascii=False)
        return nb, resources


def roster(db_url: str) -> list:
    with Gradebook(db_url) as gb:
        ids = {student.id for student in gb.students}
    if db_url.startswith("sqlite:///"):  # nbgrader's default: gradebook.db in the course folder
        submitted = Path(db_url[len("sqlite:///"):]).parent / "submitted"
        if submitted.is_dir():
            ids.update(p.name for p in submitted.iterdir() if p.is_dir())
    return sorted(ids)


c.Autograde.autograde_preprocessors = [
    SubmissionEnvironment, *Autograde.class_traits()["autograde_preprocessors"].default()]
