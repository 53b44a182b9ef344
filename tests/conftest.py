"""Shared by every test: matplotlib draws off screen (Agg), and each test's pyplot figures are closed
after it."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# The property tests' profile (tests/strategies.py): the same examples on every run, no deadline on a
# machine shared with other work.
settings.register_profile("bp", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("bp")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
