"""What nbgrader does for the course in classroom/ beyond its defaults (classroom/nbgrader_config.py):

- `ForStudents`, a preprocessor of `nbgrader generate_feedback`: the feedback page gives nothing away.  A test
  cell's code (hidden tests included) is not shown, only its outputs; an error's traceback, which quotes
  the cell's lines, is cut to its last line (the verdict); each test cell gets its part's title in the
  notebook's language (the verdict's "title" where the cell displays one, else `parts.title`).  It also
  hands the template MathJax's es5 build, which the page carries inline, so that formulas are typeset
  offline.
- `RestoresHiddenTests`, nbgrader's OverwriteCells for `nbgrader autograde`: nbgrader restores each locked
  test cell from the gradebook, whose copy still holds the hidden tests the student version lacks, and says
  `Attribute 'checksum' for cell ... has changed!` for every one of them.  This one says it only when the
  student's cell is not the released cell, i.e. when a student did change a locked cell.

The verdict a test cell displays for the class report and the feedback: a display_data output whose data
has VERDICT_MIME, {"part", "title", "passed", "mistakes", "variant_of", "student_id"}.
"""

from __future__ import annotations

import copy
import os

from nbconvert.preprocessors import Preprocessor
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells
from traitlets import Bool, Unicode

from . import parts

VERDICT_MIME = "application/vnd.bpcore.verdict+json"
CHINESE = 'bpcore.use_language("zh")'
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# MathJax 3's es5 build from npm, as the course website uses it (site/package.json; `npm ci --prefix site`,
# which scripts/site runs the first time).  tex-svg.js draws with SVG paths: one file, no fonts to fetch.
MATHJAX = os.path.join(ROOT, "site", "node_modules", "mathjax", "es5", "tex-svg.js")


def notebook_language(nb) -> str:
    """"zh" for a notebook whose code calls bpcore.use_language("zh"), else "en"."""
    return "zh" if any(c.cell_type == "code" and CHINESE in c.source for c in nb.cells) else "en"


def is_test_cell(cell) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def verdicts(cell) -> list[dict]:
    """The verdicts a cell displays (VERDICT_MIME outputs), in order."""
    return [o["data"][VERDICT_MIME] for o in cell.get("outputs", [])
            if o.get("output_type") == "display_data" and VERDICT_MIME in o.get("data", {})]


def last_line(output) -> dict:
    """An error output whose traceback is only its last line, `AssertionError: <the verdict>`: the frames
    above it quote the test cell's code, hidden tests included."""
    said = f"{output.get('ename', '')}: {output.get('evalue', '')}"
    return dict(output, traceback=[said])


def without_verdict_data(outputs) -> list:
    """The outputs with the verdict's JSON taken out of each display (an output left with nothing to show,
    such as the verdict's empty text/plain, goes: it would be an empty box): the student reads the verdict
    in words."""
    kept = []
    for o in outputs:
        if o.get("output_type") == "display_data" and VERDICT_MIME in o.get("data", {}):
            o = copy.deepcopy(o)
            del o["data"][VERDICT_MIME]
            if not any(str(v).strip() for v in o["data"].values()):
                continue
        kept.append(o)
    return kept


class ForStudents(Preprocessor):
    """The feedback page's notebook: test cells titled and without their code, tracebacks cut to the
    verdict; MathJax in resources["bpcore_mathjax"] for the template to inline."""

    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled; nbgrader's are on
    mathjax = Unicode(MATHJAX, help="MathJax's es5 tex-svg.js, inline in each feedback page").tag(config=True)
    missing: set = set()  # MathJax paths found missing in this run

    def preprocess(self, nb, resources):
        code = notebook_language(nb)
        resources["bpcore_language"] = code
        resources["bpcore_mathjax"] = self.mathjax_source()
        for cell in nb.cells:
            if is_test_cell(cell):
                shown = verdicts(cell)
                grade_id = cell.metadata.nbgrader.get("grade_id", "")
                titled = [v["title"] for v in shown if v.get("title")]
                cell.metadata["bpcore"] = {"title": titled[0] if titled else parts.title(grade_id, code)}
                cell.source = ""
                cell.outputs = [last_line(o) if o.get("output_type") == "error" else o
                                for o in without_verdict_data(cell.get("outputs", []))]
        return nb, resources

    def mathjax_source(self) -> str:
        if not os.path.isfile(self.mathjax):
            if self.mathjax in ForStudents.missing:  # said once per run, not once per notebook
                return ""
            ForStudents.missing.add(self.mathjax)
            self.log.warning("MathJax is not at %s, so the feedback's formulas stay LaTeX: install it once "
                             "with `npm ci --prefix site` in the repository (classroom/README.md)",
                             self.mathjax)
            return ""
        with open(self.mathjax, encoding="utf-8") as f:
            return f.read().replace("</script", "<\\/script")


class RestoresHiddenTests(OverwriteCells):
    """nbgrader's OverwriteCells, silent when it restores a locked cell that is the released cell (the
    source cell without its hidden tests): the gradebook's checksum is of the cell with its hidden tests."""

    def preprocess_cell(self, cell, resources, cell_index):
        self.as_released = False
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None:
            try:
                source = self.gradebook.find_source_cell(grade_id, self.notebook_id, self.assignment_id)
            except MissingEntry:  # OverwriteCells says so itself
                source = None
            if source is not None:
                released = copy.deepcopy(cell)
                released.source = source.source
                ClearHiddenTests().preprocess_cell(released, resources, cell_index)
                self.as_released = released.source == cell.source
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum" and self.as_released:
            self.log.debug("Cell %s restored with its hidden tests", name)
            return
        super().report_change(name, attr, old, new)
