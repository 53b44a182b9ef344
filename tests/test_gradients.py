"""bpcore.backprop against three independent witnesses, over random networks.

1. PyTorch autograd in float64 (bpcore.autograd, which never sees a hand formula);
2. centred finite differences (bpcore.numeric_grad, which only ever calls the loss);
3. torch.autograd.gradcheck, run on a torch Function whose backward *is* bpcore.backprop.
"""

import math

import pytest
import torch
from hypothesis import assume, given, settings

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from strategies import inputs, targets, weights


@given(weights, inputs, targets)
def test_backprop_equals_autograd_float64(w, x, y):
    assert bpcore.rel_error(bpcore.backprop(w, x, y), bpcore.autograd.backprop(w, x, y)) < 1e-12


@given(weights, inputs, targets)
def test_backprop_equals_finite_differences(w, x, y):
    g = bpcore.backprop(w, x, y)
    # A relative error means little when every gradient is tiny: the differences' own
    # rounding (~1e-16 / 1e-6 = 1e-10) is then as large as the gradient (CS231n, "kinks").
    assume(max(map(abs, g)) > 1e-3)
    assert bpcore.rel_error(g, bpcore.numeric_grad(w, x, y)) < 1e-7


class HandBackprop(torch.autograd.Function):
    """L(w) whose backward pass is bpcore.backprop, so gradcheck tests our hand formulas."""

    @staticmethod
    def forward(ctx, w, x, y):
        ctx.x, ctx.y = x, y
        ctx.save_for_backward(w)
        return torch.tensor(bpcore.loss(w.tolist(), x, y), dtype=torch.float64)

    @staticmethod
    def backward(ctx, grad_out):
        (w,) = ctx.saved_tensors
        g = torch.tensor(list(bpcore.backprop(w.tolist(), ctx.x, ctx.y)), dtype=torch.float64)
        return grad_out * g, None, None


@settings(max_examples=40)
@given(weights, inputs, targets)
def test_gradcheck_on_hand_backprop(w, x, y):
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda t: HandBackprop.apply(t, x, y), (wt,), eps=1e-6, atol=1e-8,
                                    rtol=1e-6)


def test_gradcheck_catches_the_published_formula():
    """The third witness can fail: with the exercise's formulas in backward, gradcheck says no."""
    class Published(HandBackprop):
        @staticmethod
        def backward(ctx, grad_out):
            (w,) = ctx.saved_tensors
            g = torch.tensor(list(bpcore.backprop_original(w.tolist(), ctx.x, ctx.y)), dtype=torch.float64)
            return grad_out * g, None, None

    wt = torch.tensor(list(SEED_WEIGHTS), dtype=torch.float64, requires_grad=True)
    assert not torch.autograd.gradcheck(lambda t: Published.apply(t, SEED_X, SEED_Y), (wt,),
                                        raise_exception=False)


def test_published_formula_right_on_output_layer_only():
    truth = bpcore.autograd.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)
    published = bpcore.backprop_original(SEED_WEIGHTS, SEED_X, SEED_Y)
    for name in ("w5", "w6", "w7", "w8"):
        assert getattr(published, name) == pytest.approx(getattr(truth, name), rel=1e-12)
    for name in ("w1", "w2", "w3", "w4"):
        assert getattr(published, name) != pytest.approx(getattr(truth, name), rel=0.01)
    assert truth.w1 < 0 < published.w1  # the sign of ∂L/∂w1 is wrong


def test_autograd_training_equals_hand_training():
    mine = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=50)
    theirs = bpcore.autograd.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=50)
    assert mine.losses == pytest.approx(theirs.losses, rel=1e-12)
    for a, b in zip(mine.weights, theirs.weights):
        assert bpcore.rel_error(a, b) < 1e-12
    assert [o for pair in mine.outputs for o in pair] == pytest.approx(
        [o for pair in theirs.outputs for o in pair], rel=1e-12)


def test_autograd_float32_matches_to_single_precision():
    h32 = bpcore.autograd.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=10, dtype="float32")
    h64 = bpcore.autograd.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=10, dtype=torch.float64)
    assert h32.losses == pytest.approx(h64.losses, rel=1e-6)
    assert h32.losses != h64.losses  # it really ran in single precision
    assert round(h32.losses[0], 7) == round(0.2097097937, 7)


def test_autograd_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="dtype"):
        bpcore.autograd.backprop(SEED_WEIGHTS, SEED_X, SEED_Y, dtype="float16")
    with pytest.raises(ValueError, match="dtype"):
        bpcore.autograd.backprop(SEED_WEIGHTS, SEED_X, SEED_Y, dtype=torch.int64)
    with pytest.raises(ValueError, match="lr"):
        bpcore.autograd.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=math.nan)


def test_rel_error_is_the_cs231n_formula():
    assert bpcore.rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert bpcore.rel_error([1.0, -2.0], [1.0, -2.2]) == pytest.approx(0.2 / 4.2)
    assert bpcore.rel_error([0.0], [1e-12]) == pytest.approx(1e-4)  # the 1e-8 floor


def test_rel_error_refuses_vectors_of_different_lengths():
    with pytest.raises(ValueError, match="a and b must hold the same number"):
        bpcore.rel_error([1.0, 2.0, 3.0], [1.0, 2.0])
