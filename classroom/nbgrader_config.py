"""nbgrader's settings for the course in this folder.  Run every nbgrader command from here
(classroom/); README.md in this folder gives the commands."""

import os

import nbgrader
from nbgrader.converters import Autograde, GenerateAssignment, GenerateFeedback
from nbgrader.preprocessors import ClearSolutions, OverwriteCells

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


class ClearSolutionsInTheNotebooksLanguage(ClearSolutions):
    """nbgrader's ClearSolutions, whose stub says "在这里写你的代码" in a notebook that speaks Chinese."""

    def preprocess(self, nb, resources):
        english = ClearSolutions.class_traits()["code_stub"].default()["python"]
        self.code_stub = dict(self.code_stub, python=STUB_ZH if speaks_chinese(nb) else english)
        return super().preprocess(nb, resources)


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
