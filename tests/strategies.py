"""The random networks of the property tests: eight weights, two inputs and two targets (hypothesis).

Every property test runs under the profile "bp" that conftest.py loads: the same examples on every run.
"""

from hypothesis import strategies as st

value = st.floats(-3, 3, allow_nan=False)
weights = st.lists(value, min_size=8, max_size=8)
inputs = st.tuples(st.floats(-2, 2), st.floats(-2, 2))
targets = st.tuples(st.floats(-0.5, 1.5), st.floats(-0.5, 1.5))
