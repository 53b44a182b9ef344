"""A check's result, the Verdict: what a student reads, and what a graded test cell displays for the class
report (`Verdict.show`: the printed verdict, then one output of VERDICT_MIMETYPE); the graded parts and
their titles (TITLES, from bpcore.grading.parts); and HiddenCase, a hidden test's case, whose numbers a
report never says."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from ..language import tr
from . import parts
from .submission import graded_id

# The machine-readable verdict a graded test cell displays after its printed one (Verdict.show), for the
# class report: {"part", "title", "passed", "mistakes", "variant_of", "student_id"}.
VERDICT_MIMETYPE = "application/vnd.bpcore.verdict+json"
# Each graded part's stable key (the class report's) -> its title, said in the notebook's language
# (bpcore.grading.parts holds them, by test cell)
TITLES = {p.key: p.title for p in parts.PARTS.values()}


class HiddenCase(tuple):
    """A hidden test's (w, x, y): a report says that it is one, never its numbers."""

    __slots__ = ()


@dataclass(frozen=True)
class Verdict:
    """A check's result: passed or not, the report a student reads, the known mistakes it recognised, and
    (the hand derivation's) the student id whose variant the submitted numbers are, if another's."""

    passed: bool
    report: str
    mistakes: tuple[str, ...] = ()
    variant_of: str | None = None

    def __str__(self) -> str:
        return self.report

    def then(self, other: Verdict) -> Verdict:
        """This verdict and then `other` (the hidden tests' after the visible ones): one verdict."""
        if not self.passed:
            return self
        return Verdict(other.passed, "\n".join((self.report, other.report)), self.mistakes + other.mistakes,
                       other.variant_of)

    def show(self, part: str, student_id: str | None = None) -> None:
        """What a graded test cell ends with: print the report, display the machine-readable verdict (one
        output of VERDICT_MIMETYPE, for the class report), and fail the cell (AssertionError) if not passed.
        student_id: the id graded, by default the submission's (bpcore.grading.submission.graded_id)."""
        __tracebackhide__ = True  # IPython shows the test cell's line, not this one
        if part not in TITLES:
            raise ValueError(tr("part must be one of {parts}, got {part!r}", parts=", ".join(TITLES),
                                part=part))
        print(self.report)
        display = builtins.__dict__.get("display")  # IPython's, in a kernel; no import (bpcore's rooms)
        if display is not None:
            display({VERDICT_MIMETYPE: self.data(part, student_id), "text/plain": ""}, raw=True)
        if not self.passed:
            raise AssertionError(tr("✗ Not passed: {title} (the verdict above says why).",
                                    title=tr(TITLES[part])))

    def data(self, part: str, student_id: str | None = None) -> dict:
        """The verdict as the class report reads it (VERDICT_MIMETYPE's data)."""
        if student_id is None:
            student_id = graded_id(required=False)
        return {"part": part, "title": tr(TITLES[part]), "passed": bool(self.passed),
                "mistakes": list(self.mistakes), "variant_of": self.variant_of, "student_id": student_id}
