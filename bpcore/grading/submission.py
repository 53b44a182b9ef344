"""Whose numbers a notebook is graded at: the student id, the course secret and the class roster, as the
teacher's autograder hands them to the kernel (classroom/nbgrader_config.py puts them in its environment).

- BPCORE_SUBMISSION_ID: the id of the submission being graded (nbgrader's student id).  At grading it
  decides the student's numbers, whatever id the notebook itself was given: a notebook copied from a
  classmate is graded at its submitter's numbers.
- BPCORE_COURSE_SECRET: the course's secret, from which the hidden cases are drawn (bpcore.grading.hidden).
- BPCORE_ROSTER: the class's student ids, a JSON list, so that numbers from another student's variant can
  be named.

In a student's own session none is set: the id is JupyterHub's user (JUPYTERHUB_USER), or else the one the
student typed in the notebook.
"""

from __future__ import annotations

import json
import os

from ..language import tr
from ..network import WEIGHT_NAMES
from ..variant import Variant, identifier, variant

SUBMISSION_ID = "BPCORE_SUBMISSION_ID"
COURSE_SECRET = "BPCORE_COURSE_SECRET"
ROSTER = "BPCORE_ROSTER"
HUB_USER = "JUPYTERHUB_USER"


class MissingStudentId(ValueError):
    """No student id: neither JupyterHub's user nor one typed in the notebook."""


typed_ids: list[str] = []  # the ids this kernel's notebook typed (my_variant): whose numbers a copy holds


def graded_id(typed: str = "", required: bool = True) -> str | None:
    """The student id the notebook is graded at: the submission's at grading, else JupyterHub's user, else
    `typed` (the id the student typed in the notebook).  None if there is none and not `required`."""
    __tracebackhide__ = True  # IPython shows the notebook's line and the message, not this function
    for found in (os.environ.get(SUBMISSION_ID), os.environ.get(HUB_USER), typed):
        if isinstance(found, str) and found.strip():
            return identifier(found, "student_id")
    if not isinstance(typed, str):
        identifier(typed, "student_id")  # says what a student id is
    if required:
        raise MissingStudentId(tr("No student id.  Type yours between the quotes of STUDENT_ID = \"\" in the "
                                  "cell above (for example STUDENT_ID = \"alice.smith\"), then run the "
                                  "cells again."))
    return None


def current_id() -> str | None:
    """The id the notebook is at: graded_id of the id it typed last (my_variant), or None."""
    return graded_id(typed_ids[-1] if typed_ids else "", required=False)


def my_variant(typed: str = "", assignment: str = "backprop") -> Variant:
    """The student's own numbers (bpcore.variant) at the id `graded_id(typed)`."""
    __tracebackhide__ = True
    if isinstance(typed, str) and typed.strip():
        typed_ids.append(identifier(typed, "student_id"))
    return variant(graded_id(typed), assignment)


def roster() -> list[str]:
    """The class's student ids the autograder passed (BPCORE_ROSTER), and the ids the notebook typed."""
    listed = json.loads(os.environ.get(ROSTER) or "[]")
    return list(dict.fromkeys([*typed_ids, *listed]))


def course_secret() -> str | None:
    """The course secret the autograder passed, or None (a student's session)."""
    return os.environ.get(COURSE_SECRET) or None


def numbers_text(v: Variant) -> str:
    """A variant's numbers as the notebook shows them."""
    w = ", ".join(f"{name} = {value:+.2f}" for name, value in zip(WEIGHT_NAMES, v.w))
    return "\n".join((tr("Your numbers (student id {sid!r}, variant {code}):", sid=v.student_id, code=v.code),
                      f"  {w}",
                      f"  x1 = {v.x[0]:.2f}, x2 = {v.x[1]:.2f}   y1 = {v.y[0]:.2f}, y2 = {v.y[1]:.2f}"))
