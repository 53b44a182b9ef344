"""bpcore.backward: the four error terms δ against torch float64 (.retain_grad() on the net inputs)."""

import math

import pytest
from hypothesis import given

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from strategies import inputs, targets, weights
from torch_witness import deltas_and_grads

DELTAS = ("delta_o1", "delta_o2", "delta_h1", "delta_h2")


def _close(a, b, scale):
    """Equal to a few ulps of the larger numbers in play (torch and Python may round differently)."""
    return abs(a - b) <= 1e-13 * max(scale, 1e-300)


@given(weights, inputs, targets)
def test_deltas_equal_the_net_inputs_grad_by_autograd(w, x, y):
    mine, torch_says = bpcore.backward(w, x, y), deltas_and_grads(w, x, y)
    scale = max(abs(v) for v in torch_says.values())
    for name in DELTAS:
        assert _close(getattr(mine, name), torch_says[name], scale), name
    for name, g in zip(bpcore.WEIGHT_NAMES, mine.grads):
        assert _close(g, torch_says[f"grad_{name}"], scale), name


def test_deltas_of_the_worked_example():
    b = bpcore.backward(SEED_WEIGHTS, SEED_X, SEED_Y)
    torch_says = deltas_and_grads(SEED_WEIGHTS, SEED_X, SEED_Y)
    for name in DELTAS:
        assert math.isclose(getattr(b, name), torch_says[name], rel_tol=1e-14), name
    # notebook 03's printed values, six decimals
    assert [round(getattr(b, n), 6) for n in DELTAS] == [0.061605, 0.149181, -0.016843, 0.025213]


def test_backprop_is_backwards_grads():
    for w, x, y in ((SEED_WEIGHTS, SEED_X, SEED_Y),
                    ([1, -2, 0.5, 3, -1, 2, 0.25, -0.75], (1.5, -0.2), (0.9, 0.1))):
        assert bpcore.backprop(w, x, y) == bpcore.backward(w, x, y).grads


def test_a_gradient_is_the_delta_of_the_unit_it_feeds_times_the_value_it_carries():
    b, f = bpcore.backward(SEED_WEIGHTS, SEED_X, SEED_Y), bpcore.forward(SEED_WEIGHTS, SEED_X)
    x1, x2 = SEED_X
    assert b.grads.w1 == b.delta_h1 * x1 and b.grads.w4 == b.delta_h2 * x2
    assert b.grads.w5 == b.delta_o1 * f.out_h1 and b.grads.w8 == b.delta_o2 * f.out_h2


def test_backward_names_bad_arguments():
    with pytest.raises(ValueError, match="w must hold 8 numbers"):
        bpcore.backward([0.1] * 7, SEED_X, SEED_Y)
    with pytest.raises(TypeError, match="x must be a pair"):
        bpcore.backward(SEED_WEIGHTS, 0.5, SEED_Y)
    with pytest.raises(ValueError, match="y2 must be a finite number"):
        bpcore.backward(SEED_WEIGHTS, SEED_X, (0.2, math.nan))
