"""Notebooks 09 and 07 on tanh and identity outputs, against witnesses that share no code with bpcore:

- the loss floor (issue 18, item 1): on the exercise at lr 1 the loss of a tanh or an identity output
  falls geometrically through 1e-20 (epoch 31 / 26, |out − y| still about 1e-10: not rounding) down to
  float64's floor, about 1e-33, where |out − y| is a few ulps of the targets, reached near epoch 50;
- the dead network (item 2): an identity output at lr 100 goes 0.069 → 168.5 → 0.0289 and stays there,
  because both hidden outputs underflow to 0.0 and every gradient is 0.

The witnesses: a plain-float re-implementation of the 2-2-2 network written here from the formulas
(math.exp, math.tanh, no bpcore), and PyTorch autograd in float64.  The floor lives in the last bits,
which another CPU or another order of operations may round differently: its tests bound orders of
magnitude and epochs, never last digits.
"""

import math

import pytest
import torch

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.plots import style

X1, X2 = 0.5, 0.3          # the exercise's input and targets, typed again
Y1, Y2 = 0.23, -0.07
START = (0.2, -0.4, 0.5, 0.6, 0.1, -0.5, -0.3, 0.8)   # w1 ... w8


def _sigma(z):
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def plain_train(output, lr, epochs):
    """Gradient descent by hand, in plain floats; returns (losses, outputs), each epoch's before its
    update: entry k is the state after k updates, as bpcore.train records it."""
    f = {"tanh": math.tanh, "identity": lambda z: z}[output]
    slope = {"tanh": lambda out: 1.0 - out * out, "identity": lambda out: 1.0}[output]
    w1, w2, w3, w4, w5, w6, w7, w8 = START
    losses, outputs = [], []
    for _ in range(epochs):
        h1, h2 = _sigma(w1 * X1 + w3 * X2), _sigma(w2 * X1 + w4 * X2)
        o1, o2 = f(w5 * h1 + w7 * h2), f(w6 * h1 + w8 * h2)
        losses.append(0.5 * (o1 - Y1) ** 2 + 0.5 * (o2 - Y2) ** 2)
        outputs.append((o1, o2))
        d1, d2 = (o1 - Y1) * slope(o1), (o2 - Y2) * slope(o2)
        e1 = (d1 * w5 + d2 * w6) * h1 * (1 - h1)
        e2 = (d1 * w7 + d2 * w8) * h2 * (1 - h2)
        w1, w2, w3, w4 = w1 - lr * e1 * X1, w2 - lr * e2 * X1, w3 - lr * e1 * X2, w4 - lr * e2 * X2
        w5, w6, w7, w8 = w5 - lr * d1 * h1, w6 - lr * d2 * h1, w7 - lr * d1 * h2, w8 - lr * d2 * h2
    return losses, outputs


def test_the_witness_is_the_exercise():
    assert (X1, X2) == SEED_X and (Y1, Y2) == SEED_Y and START == tuple(SEED_WEIGHTS)


RUNS = {unit: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=101, output=unit)
        for unit in ("tanh", "identity")}
WITNESS = {unit: plain_train(unit, 1.0, 101) for unit in ("tanh", "identity")}


def _first_below(losses, level):
    return next(k for k, v in enumerate(losses) if v < level)


@pytest.mark.parametrize("unit, epoch, far", [("tanh", 31, 7.5e-11), ("identity", 26, 1.3e-10)])
def test_the_loss_crosses_1e_20_with_the_outputs_still_1e_10_away(unit, epoch, far):
    for losses, outputs in ((RUNS[unit].losses, RUNS[unit].outputs), WITNESS[unit]):
        assert _first_below(losses, 1e-20) == epoch
        distance = max(abs(outputs[epoch][0] - Y1), abs(outputs[epoch][1] - Y2))
        assert distance == pytest.approx(far, rel=0.03)  # the two digits
        assert distance > 1e6 * math.ulp(Y1)  # millions of ulps: not rounding
        # geometric: from epoch 5 to there, each epoch divides the loss by 3 to 7
        ratios = [losses[k + 1] / losses[k] for k in range(5, epoch + 5)]
        assert all(1 / 7 < r < 1 / 3 for r in ratios), ratios


@pytest.mark.parametrize("unit", ["tanh", "identity"])
def test_the_loss_stops_at_float64s_floor_near_epoch_50(unit):
    for losses, outputs in ((RUNS[unit].losses, RUNS[unit].outputs), WITNESS[unit]):
        floor = min(losses)
        assert 1e-35 < floor < 1e-32  # about 1e-33: 4.8e-34 to 2.8e-33 on the machines measured
        reached = losses.index(floor)
        assert 40 <= reached <= 60
        assert max(losses[reached:]) < 10 * floor  # and it stays there to epoch 100
        assert losses[reached - 10] > 1e4 * floor  # it was still falling ten epochs before
        # at the floor the outputs are a few ulps from the targets: ulp(0.23) = 2.8e-17
        for o, t in zip(outputs[-1], (Y1, Y2)):
            assert abs(o - t) <= 8 * math.ulp(t)
    bp, witness = RUNS[unit].losses, WITNESS[unit][0]
    assert abs(bp.index(min(bp)) - witness.index(min(witness))) <= 5


def test_bpcore_weights_stop_changing_at_the_floor():
    """Each update is then below the weights' last bit: w − lr·g rounds back to w (identity), or to a
    neighbour and back (tanh); the loss no longer moves."""
    for unit, run in RUNS.items():
        reached = run.losses.index(min(run.losses))
        steps = [max(abs(a - b) for a, b in zip(run.weights[k + 1], run.weights[k]))
                 for k in range(reached, 100)]
        assert max(steps) < 1e-16
        assert len(set(run.losses[reached:])) == 1


DEAD = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=100.0, epochs=300, output="identity")


def _torch_identity_run(lr, epochs):
    """Autograd in float64: the losses, the hidden outputs and the gradients of each epoch."""
    w = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in START]
    x1, x2 = torch.tensor(X1, dtype=torch.float64), torch.tensor(X2, dtype=torch.float64)
    record = []
    for _ in range(epochs):
        h1, h2 = torch.sigmoid(w[0] * x1 + w[2] * x2), torch.sigmoid(w[1] * x1 + w[3] * x2)
        o1, o2 = w[4] * h1 + w[6] * h2, w[5] * h1 + w[7] * h2
        L = 0.5 * (o1 - Y1) ** 2 + 0.5 * (o2 - Y2) ** 2
        grads = torch.autograd.grad(L, w)
        record.append((L.item(), (h1.item(), h2.item()), [g.item() for g in grads]))
        with torch.no_grad():
            w = [(v - lr * g).requires_grad_() for v, g in zip(w, grads)]
    return record


def test_an_identity_output_at_lr_100_dies_instead_of_running_away():
    by_torch = _torch_identity_run(100.0, 6)
    losses = [L for L, _, _ in by_torch]
    assert losses[0] == pytest.approx(0.069029, abs=1e-6)
    assert losses[1] == pytest.approx(168.5345, rel=1e-6)
    dead = 0.5 * (0.23 ** 2 + 0.07 ** 2)  # both outputs 0.0: ½(y1² + y2²) = 0.0289
    for L, hidden, grads in by_torch[2:]:
        assert hidden == (0.0, 0.0)  # σ(in_h) with in_h about −2237 and −1078: below the smallest float
        assert all(g == 0.0 for g in grads)
        assert L == pytest.approx(dead, rel=1e-14)
    # bpcore: the same numbers, and dead to the slider's end, 300 epochs
    assert DEAD.losses[:2] == pytest.approx(losses[:2], rel=1e-9)
    assert set(DEAD.losses[2:]) == {dead} or max(abs(v - dead) for v in DEAD.losses[2:]) < 1e-15
    assert all(g == 0.0 for grads in DEAD.grads[2:] for g in grads)
    assert len(set(DEAD.weights[2:])) == 1  # nothing moves any more
    f = bpcore.forward(DEAD.weights[-1], SEED_X, output="identity")
    assert f.out_h1 == f.out_h2 == 0.0 and f.out_o1 == f.out_o2 == 0.0
    assert f.in_h1 == pytest.approx(-2237.13, rel=1e-5) and f.in_h2 == pytest.approx(-1078.20, rel=1e-5)


def test_an_identity_output_runs_away_only_far_beyond_the_slider():
    assert style.LR_RANGE[1] == 100.0
    for lr in (100.0, 1000.0, 3000.0):
        bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=lr, epochs=300, output="identity")  # no error
    with pytest.raises(ValueError, match="lr=3500.0 sent the weights to infinity"):
        bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=3500.0, epochs=300, output="identity")
