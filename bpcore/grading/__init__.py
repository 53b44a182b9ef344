"""The autograder of classroom/ (nbgrader): `reports` (a Verdict, the tolerances, answers compared),
`mistakes`, the checks of each assignment (`backprop`, `hand`, `autograd`), `hidden` cases, `submission`."""

from .hidden import graded_cases, hidden_cases
from .submission import graded_id, my_variant, numbers_text

__all__ = ["graded_cases", "graded_id", "hidden_cases", "my_variant", "numbers_text"]
