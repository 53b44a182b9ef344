"""The autograder of classroom/ (nbgrader): `verdict`, `reports` (tolerances, answers compared), `mistakes`,
the checks of each assignment (`backprop`, `hand`, `autograd`), the `hidden` cases, the `submission`'s id."""

from .hidden import graded_cases, hidden_cases
from .submission import graded_id, my_variant, numbers_text

__all__ = ["graded_cases", "graded_id", "hidden_cases", "my_variant", "numbers_text"]
