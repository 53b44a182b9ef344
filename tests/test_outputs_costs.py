"""Notebook 09's output units and costs (output=, cost=) against torch float64, in all three forms.

The combinations: a sigmoid, tanh or identity output with the squared error, and a sigmoid output with
the cross-entropy.  Witnesses:
1. tests/torch_witness.py, the scalar network written in torch from the definitions (the cross-entropy
   from ln out_o), never told a derivative: for bpcore.backward's δ and gradients, and for bpcore.autograd;
2. centred finite differences (bpcore.numeric_grad, and of mlp.loss for the matrix form);
3. a matrix network in torch with biases, written here from the definitions, for bpcore.mlp;
4. torch's own binary_cross_entropy_with_logits where out_o rounds to 0 or 1 (|in_o| from 40 to 1e4),
   where ln out_o of the definitions is −inf;
5. the exercise itself: the defaults, spelled out, give what no keywords give, bit for bit.
"""

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st
from torch.nn.functional import binary_cross_entropy_with_logits

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, mlp
from bpcore.gradients import output_delta
from torch_witness import ACTIVATIONS, cost_of, forward_and_backward

settings.register_profile("bp", derandomize=True, deadline=None, max_examples=150)
settings.load_profile("bp")

COMBINATIONS = [("sigmoid", "squared"), ("tanh", "squared"), ("identity", "squared"),
                ("sigmoid", "cross_entropy")]
IDS = [f"{output}-{cost}" for output, cost in COMBINATIONS]
DELTAS = ("delta_o1", "delta_o2", "delta_h1", "delta_h2")

value = st.floats(-3, 3)
weights = st.lists(value, min_size=8, max_size=8)
inputs = st.tuples(st.floats(-2, 2), st.floats(-2, 2))


def targets(cost):
    """Any target for the squared error (beyond every unit's range too); a probability for cross-entropy."""
    side = st.floats(0, 1) if cost == "cross_entropy" else st.floats(-1.5, 1.5)
    return st.tuples(side, side)


def problems(cost):
    return st.tuples(weights, inputs, targets(cost))


# --- the scalar core and the autograd twin against the torch witness ------------------------------

@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_backward_equals_the_torch_witness(output, cost):
    @given(problems(cost))
    def check(problem):
        w, x, y = problem
        L, outputs, torch_says = forward_and_backward(w, x, y, output, cost)
        mine = bpcore.backward(w, x, y, output=output, cost=cost)
        f = bpcore.forward(w, x, output=output)
        assert bpcore.rel_error((f.out_o1, f.out_o2), outputs) < 1e-14
        assert math.isclose(bpcore.loss(w, x, y, output=output, cost=cost), L, rel_tol=1e-12, abs_tol=1e-300)
        expected = [torch_says[f"grad_{name}"] for name in bpcore.WEIGHT_NAMES]
        assert bpcore.rel_error(mine.grads, expected) < 1e-12
        assert bpcore.rel_error([getattr(mine, d) for d in DELTAS], [torch_says[d] for d in DELTAS]) < 1e-12
        assert bpcore.backprop(w, x, y, output=output, cost=cost) == mine.grads
    check()


@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_the_autograd_twin_equals_the_torch_witness(output, cost):
    @settings(max_examples=60)
    @given(problems(cost))
    def check(problem):
        w, x, y = problem
        _, _, torch_says = forward_and_backward(w, x, y, output, cost)
        expected = [torch_says[f"grad_{name}"] for name in bpcore.WEIGHT_NAMES]
        assert bpcore.rel_error(bpcore.autograd.backprop(w, x, y, output=output, cost=cost), expected) < 1e-12
    check()


@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_backprop_equals_finite_differences(output, cost):
    @given(problems(cost))
    def check(problem):
        w, x, y = problem
        g = bpcore.backprop(w, x, y, output=output, cost=cost)
        assume(max(map(abs, g)) > 1e-3)  # below, the differences' own rounding rivals the gradient
        assert bpcore.rel_error(g, bpcore.numeric_grad(w, x, y, output=output, cost=cost)) < 1e-7
    check()


@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_training_by_hand_equals_training_by_autograd(output, cost):
    y = SEED_Y if cost == "squared" else (0.23, 0.07)
    mine = bpcore.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=50, output=output, cost=cost)
    theirs = bpcore.autograd.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=50, output=output, cost=cost)
    for a, b in zip(mine.weights, theirs.weights):
        assert bpcore.rel_error(a, b) < 1e-12
    assert bpcore.rel_error(mine.losses, theirs.losses) < 1e-12
    assert bpcore.rel_error([o for pair in mine.outputs for o in pair],
                            [o for pair in theirs.outputs for o in pair]) < 1e-12
    for i in (0, 17, 49):  # the History's record: each epoch's loss and outputs before its update
        f = bpcore.forward(mine.weights[i], SEED_X, output=output)
        assert mine.outputs[i] == (f.out_o1, f.out_o2)
        assert mine.losses[i] == bpcore.loss(mine.weights[i], SEED_X, y, output=output, cost=cost)
        assert mine.grads[i] == bpcore.backprop(mine.weights[i], SEED_X, y, output=output, cost=cost)


def test_the_output_deltas_are_the_formulas():
    """δ_o for each unit and cost, against the formulas computed here, and against the witness."""
    w, x, y = SEED_WEIGHTS, SEED_X, (0.23, 0.07)
    for output, cost in COMBINATIONS:
        f, b = bpcore.forward(w, x, output=output), bpcore.backward(w, x, y, output=output, cost=cost)
        slope = {"sigmoid": f.out_o2 * (1 - f.out_o2), "tanh": 1 - f.out_o2 ** 2, "identity": 1.0}[output]
        expected = f.out_o2 - y[1] if cost == "cross_entropy" else (f.out_o2 - y[1]) * slope
        assert math.isclose(b.delta_o2, expected, rel_tol=1e-15)
        torch_says = forward_and_backward(w, x, y, output, cost)[2]
        assert math.isclose(b.delta_o2, torch_says["delta_o2"], rel_tol=1e-13)
    # the three output units on the exercise's net input in_o2
    f = bpcore.forward(w, x)
    assert bpcore.forward(w, x, output="tanh").out_o2 == math.tanh(f.in_o2)
    assert bpcore.forward(w, x, output="identity").out_o2 == f.in_o2


def test_output_delta_refuses_the_cross_entropy_of_an_output_other_than_sigmoid():
    """δ_o = out − y is the cross-entropy's δ for a sigmoid output only: output_delta refuses the others
    at its own door (issue 18: it returned 0.3 for tanh), naming both arguments."""
    for output in ("tanh", "identity"):
        with pytest.raises(ValueError, match=rf"cost='cross_entropy'.*output='sigmoid' only.*"
                                             rf"got output='{output}'"):
            output_delta(0.5, 0.2, output=output, cost="cross_entropy")
    # where it holds: a sigmoid with the cross-entropy, and (f' = 1) an identity with the squared error;
    # witness: ∂L/∂in_o written out by hand from L and out = σ(in) or out = in
    out, y = 0.5, 0.2
    sigma_slope = out * (1 - out)
    dL_dout_ce = -y / out + (1 - y) / (1 - out)
    assert math.isclose(output_delta(out, y, "sigmoid", "cross_entropy"), dL_dout_ce * sigma_slope,
                        rel_tol=1e-15)
    assert math.isclose(output_delta(out, y, "identity", "squared"), (out - y) * 1.0, rel_tol=1e-15)
    assert math.isclose(output_delta(out, y, "sigmoid", "cross_entropy"), 0.3, rel_tol=1e-15)


# --- the cross-entropy where out_o rounds to 0 or 1 --------------------------------------------

def _with_net_inputs(in_o1, in_o2):
    """Weights whose hidden units both output exactly 0.5 (x = (0, 0)) and whose output net inputs are
    in_o1, in_o2: in_o = 0.5 (w5 + w7) = w5 when w7 = w5."""
    return [0.3, -0.2, 0.1, 0.4, in_o1, in_o2, in_o1, in_o2], (0.0, 0.0)


@pytest.mark.parametrize("in_o1, in_o2",
                         [(40.0, -40.0), (-745.0, 745.0), (1e3, -1e3), (1e4, 1e4), (-1e4, 37.0)])
@pytest.mark.parametrize("y", [(1.0, 0.0), (0.0, 1.0), (0.23, 0.07), (0.5, 0.5)])
def test_cross_entropy_stays_finite_where_the_outputs_round_to_0_or_1(in_o1, in_o2, y):
    w, x = _with_net_inputs(in_o1, in_o2)
    f = bpcore.forward(w, x)
    assert (f.in_o1, f.in_o2) == (in_o1, in_o2)
    assert all(out == 1.0 or out < 1e-17 for out in (f.out_o1, f.out_o2))  # ln(1 − out) −inf, ln out far
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        L = bpcore.loss(w, x, y, cost="cross_entropy")
        g = bpcore.backprop(w, x, y, cost="cross_entropy")
        n = bpcore.numeric_grad(w, x, y, cost="cross_entropy")
        h = bpcore.train(w, x, y, lr=1.0, epochs=5, cost="cross_entropy")
    z = torch.tensor([in_o1, in_o2], dtype=torch.float64)
    y_t = torch.tensor(y, dtype=torch.float64)
    torch_says = binary_cross_entropy_with_logits(z, y_t, reduction="sum").item()
    assert math.isfinite(L) and abs(L - torch_says) <= 1e-12 * max(1.0, abs(torch_says))
    assert all(math.isfinite(v) for v in (*g, *n, *h.losses)) and all(math.isfinite(v) for v in h.weights[-1])
    # δ_o = out_o − y: a saturated output still pulls with the whole of its error
    b = bpcore.backward(w, x, y, cost="cross_entropy")
    assert (b.delta_o1, b.delta_o2) == (f.out_o1 - y[0], f.out_o2 - y[1])
    twin = bpcore.autograd.backprop(w, x, y, cost="cross_entropy")
    assert bpcore.rel_error(g, twin) < 1e-12


def test_cross_entropy_of_a_saturated_output_matches_the_closed_form():
    """Far out, softplus(z) = z + ln(1 + e^−z) ≈ z: L ≈ (1 − y)·in_o for in_o ≫ 0 and −y·in_o for in_o ≪ 0."""
    w, x = _with_net_inputs(1e4, -1e4)
    assert bpcore.loss(w, x, (0.25, 0.75), cost="cross_entropy") == pytest.approx(0.75e4 + 0.75e4, rel=1e-15)
    w, x = _with_net_inputs(40.0, -40.0)  # right on both: L = 2 ln(1 + e^−40), tiny but not 0
    assert bpcore.loss(w, x, (1.0, 0.0), cost="cross_entropy") == pytest.approx(2 * math.exp(-40), rel=1e-12)


def test_cross_entropy_in_matrix_form_stays_finite_and_quiet():
    X = np.array([[0.0, 0.0], [1.0, -1.0], [-1.0, 1.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [0.3, 0.7]])
    params = [(np.array([[1e4, -1e4], [-1e4, 1e4]]), np.array([0.0, 0.0])),
              (np.array([[1e4, -1e4], [-1e4, 1e4]]), np.array([40.0, -1e4]))]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        L = mlp.loss(params, X, Y, cost="cross_entropy")
        grads = mlp.backprop(params, X, Y, cost="cross_entropy")
        h = mlp.train(params, X, Y, lr=1.0, epochs=5, cost="cross_entropy")
    A = mlp.forward(params, X)
    assert {0.0, 1.0} <= set(A[-1].ravel().tolist())  # outputs that round to 0 and to 1
    Z = torch.tensor(A[1] @ params[1][0] + params[1][1])
    torch_says = binary_cross_entropy_with_logits(Z, torch.tensor(Y), reduction="sum").item() / 3
    assert math.isfinite(L) and L == pytest.approx(torch_says, rel=1e-12)
    assert all(np.isfinite(a).all() for layer in grads for a in layer)
    assert all(math.isfinite(v) for v in h.losses)


# --- the matrix form, with biases ------------------------------------------------------------------

@st.composite
def batch_problems(draw, cost):
    """(params, X, Y) with biases: 1-4 layers of widths 1-5, batch 1-8."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    batch = draw(st.integers(1, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    params = [(rng.uniform(-2, 2, (n_in, n_out)), rng.uniform(-1, 1, n_out))
              for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    X = rng.uniform(-2, 2, (batch, sizes[0]))
    Y = rng.uniform(0, 1, (batch, sizes[-1])) if cost == "cross_entropy" else rng.uniform(-1.5, 1.5,
                                                                                          (batch, sizes[-1]))
    return params, X, Y


def torch_matrix(params, X, Y, output, cost):
    """The loss and its gradients in torch float64: hidden sigmoids, the output unit, the mean cost."""
    leaves = [(torch.tensor(W, requires_grad=True), torch.tensor(b, requires_grad=True)) for W, b in params]
    A = torch.tensor(X)
    for l, (W, b) in enumerate(leaves):
        Z = A @ W + b
        A = ACTIVATIONS[output](Z) if l == len(leaves) - 1 else torch.sigmoid(Z)
    L = cost_of(A, torch.tensor(Y), cost).sum(dim=1).mean()
    L.backward()
    return L.item(), np.concatenate([t.grad.numpy().ravel() for layer in leaves for t in layer])


def flat(grads):
    return np.concatenate([a.ravel() for layer in grads for a in layer if a is not None])


@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_matrix_backprop_with_biases_equals_torch(output, cost):
    @settings(max_examples=80)
    @given(batch_problems(cost))
    def check(problem):
        params, X, Y = problem
        L, expected = torch_matrix(params, X, Y, output, cost)
        assert bpcore.rel_error(flat(mlp.backprop(params, X, Y, output=output, cost=cost)), expected) < 1e-12
        assert math.isclose(mlp.loss(params, X, Y, output=output, cost=cost), L, rel_tol=1e-12)
        Z_L = torch.tensor(mlp.forward(params, X)[-2] @ params[-1][0] + params[-1][1])
        assert bpcore.rel_error(mlp.forward(params, X, output=output)[-1].ravel(),
                                ACTIVATIONS[output](Z_L).numpy().ravel()) < 1e-15
    check()


def _numeric_grads(params, X, Y, output, cost, eps=1e-6):
    """∂L/∂(every weight and bias) by centred differences of mlp.loss, flat, in params' order."""
    grads = []
    for l, (W, b) in enumerate(params):
        for k, a in enumerate((W, b)):
            for i in np.ndindex(a.shape):
                moved = []
                for step in (eps, -eps):
                    changed = a.copy()
                    changed[i] += step
                    layer = (changed, b) if k == 0 else (W, changed)
                    changed_params = params[:l] + [layer] + params[l + 1:]
                    moved.append(mlp.loss(changed_params, X, Y, output=output, cost=cost))
                grads.append((moved[0] - moved[1]) / (2 * eps))
    return np.array(grads)


@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_matrix_backprop_with_biases_equals_finite_differences(output, cost):
    @settings(max_examples=30)
    @given(batch_problems(cost))
    def check(problem):
        params, X, Y = problem
        g = flat(mlp.backprop(params, X, Y, output=output, cost=cost))
        assume(np.abs(g).max() > 1e-3)
        assert bpcore.rel_error(g, _numeric_grads(params, X, Y, output, cost)) < 1e-7
    check()


@pytest.mark.parametrize("output, cost", COMBINATIONS, ids=IDS)
def test_matrix_form_of_the_exercise_equals_the_scalar_core(output, cost):
    y = SEED_Y if cost == "squared" else (0.23, 0.07)
    params, X, Y = mlp.from_weights(SEED_WEIGHTS), np.array([SEED_X]), np.array([y])
    grads = mlp.to_weights(mlp.backprop(params, X, Y, output=output, cost=cost))
    assert bpcore.rel_error(grads, bpcore.backprop(SEED_WEIGHTS, SEED_X, y, output=output, cost=cost)) < 1e-15
    h = mlp.train(params, X, Y, lr=1.0, epochs=20, output=output, cost=cost)
    s = bpcore.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=20, output=output, cost=cost)
    assert bpcore.rel_error(mlp.to_weights(h.params), s.weights[-1]) < 1e-14
    assert bpcore.rel_error(h.losses, s.losses) < 1e-14


# --- what the issue measured: −0.07 reached, and the crawl that the cross-entropy cures ------------

@pytest.mark.parametrize("output", ["tanh", "identity"])
def test_tanh_and_identity_outputs_reach_the_exercise_targets_in_100_epochs(output):
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=100, output=output)
    f = bpcore.forward(h.weights[-1], SEED_X, output=output)  # after the 100th update
    for out_o1, out_o2 in (h.outputs[-1], (f.out_o1, f.out_o2)):  # before it (epoch 99), and after
        assert abs(out_o1 - 0.23) < 1e-6 and abs(out_o2 - (-0.07)) < 1e-6
    twin = bpcore.autograd.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=100, output=output)
    assert bpcore.rel_error(twin.weights[-1], h.weights[-1]) < 1e-12
    # the sigmoid cannot: after 100 epochs out_o2 is still 0.07 above 0, its nearest reachable point
    sigmoid = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=100)
    assert sigmoid.outputs[-1][1] > 0.07 and round(sigmoid.losses[-1], 4) == 0.0103  # the figures


def test_cross_entropy_brings_out_o2_nearer_0_07_in_100_epochs():
    """The issue's figures: after 100 epochs on targets (0.23, 0.07), out_o2 ≈ 0.0702 with the
    cross-entropy and ≈ 0.131 with the squared error (autograd, float64, as the witness)."""
    y = (0.23, 0.07)
    for cost, expected in (("cross_entropy", 0.0702), ("squared", 0.131)):
        run = bpcore.autograd.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=100, cost=cost)
        out_o2 = run.outputs[-1][1]  # epoch 99's, the last the History records, as notebook 04 counts
        assert round(out_o2, 4 if cost == "cross_entropy" else 3) == expected
        mine = bpcore.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=100, cost=cost)
        assert bpcore.rel_error(mine.weights[-1], run.weights[-1]) < 1e-12


# --- the defaults are the exercise -----------------------------------------------------------------

def test_the_defaults_spelled_out_are_the_exercise_bit_for_bit():
    w, x, y = SEED_WEIGHTS, SEED_X, SEED_Y
    keywords = {"output": "sigmoid", "cost": "squared"}
    assert bpcore.forward(w, x, output="sigmoid") == bpcore.forward(w, x)
    assert bpcore.loss(w, x, y, **keywords) == bpcore.loss(w, x, y)
    assert bpcore.backward(w, x, y, **keywords) == bpcore.backward(w, x, y)
    assert bpcore.numeric_grad(w, x, y, **keywords) == bpcore.numeric_grad(w, x, y)
    assert bpcore.train(w, x, y, epochs=20, **keywords) == bpcore.train(w, x, y, epochs=20)
    assert bpcore.train(w, x, y, grad=bpcore.backprop_original, **keywords) == \
        bpcore.train(w, x, y, grad=bpcore.backprop_original)
    assert bpcore.autograd.train(w, x, y, **keywords) == bpcore.autograd.train(w, x, y)
    params, X, Y = mlp.from_weights(w), np.array([x]), np.array([y])
    assert mlp.loss(params, X, Y, **keywords) == mlp.loss(params, X, Y)
    assert all(np.array_equal(a, b) for a, b in zip(flat(mlp.backprop(params, X, Y, **keywords)),
                                                    flat(mlp.backprop(params, X, Y))))
    assert mlp.train(params, X, Y, **keywords).losses == mlp.train(params, X, Y).losses
    assert f"{bpcore.train(w, x, y, lr=1.0, epochs=10, **keywords).losses[-1]:.6f}" == "0.110823"


# --- bad input is named ------------------------------------------------------------------------------

W, X1, Y1 = SEED_WEIGHTS, SEED_X, (0.23, 0.07)
P, X2, Y2 = mlp.init([2, 2, 2], seed=0), np.array([[0.5, 0.3]]), np.array([[0.23, 0.07]])
BAD = [
    (lambda: bpcore.forward(W, X1, output="relu"), ["output must be one of sigmoid, tanh, identity", "relu"]),
    (lambda: bpcore.loss(W, X1, Y1, output="Sigmoid"), ["output must be one of sigmoid, tanh, identity"]),
    (lambda: bpcore.loss(W, X1, Y1, cost="mse"), ["cost must be one of squared, cross_entropy", "'mse'"]),
    (lambda: bpcore.backward(W, X1, Y1, cost=None), ["cost must be one of squared, cross_entropy"]),
    (lambda: bpcore.backprop(W, X1, Y1, output=["tanh"]), ["output must be one of"]),
    (lambda: bpcore.numeric_grad(W, X1, Y1, cost="hinge"), ["cost must be one of"]),
    (lambda: bpcore.train(W, X1, Y1, output="linear"), ["output must be one of sigmoid, tanh, identity"]),
    (lambda: bpcore.loss(W, X1, Y1, output="tanh", cost="cross_entropy"),
     ["cost", "output='sigmoid'", "'tanh'"]),
    (lambda: bpcore.backprop(W, X1, Y1, output="identity", cost="cross_entropy"),
     ["cost", "output", "'identity'"]),
    (lambda: bpcore.train(W, X1, Y1, output="tanh", cost="cross_entropy"), ["cost", "output"]),
    (lambda: bpcore.loss(W, X1, SEED_Y, cost="cross_entropy"), ["y2 must be in [0, 1]", "entropy", "-0.07"]),
    (lambda: bpcore.backward(W, X1, (1.2, 0.5), cost="cross_entropy"), ["y1 must be in [0, 1]", "1.2"]),
    (lambda: bpcore.numeric_grad(W, X1, (0.5, -0.5), cost="cross_entropy"), ["y2 must be in [0, 1]"]),
    (lambda: bpcore.train(W, X1, SEED_Y, cost="cross_entropy"), ["y2 must be in [0, 1]"]),
    (lambda: bpcore.train(W, X1, Y1, grad=bpcore.backprop_original, output="tanh"),
     ["grad=backprop_original", "output='sigmoid'", "'tanh'"]),
    (lambda: bpcore.train(W, X1, Y1, grad=bpcore.backprop_original, cost="cross_entropy"),
     ["grad=backprop_original", "cost='squared'", "'cross_entropy'"]),
    (lambda: bpcore.autograd.backprop(W, X1, Y1, output="relu"), ["output must be one of"]),
    (lambda: bpcore.autograd.backprop(W, X1, SEED_Y, cost="cross_entropy"), ["y2 must be in [0, 1]"]),
    (lambda: bpcore.autograd.train(W, X1, Y1, output="tanh", cost="cross_entropy"), ["cost", "output"]),
    (lambda: bpcore.autograd.train(W, X1, Y1, cost="squared error"), ["cost must be one of"]),
    (lambda: mlp.forward(P, X2, output="softmax"), ["output must be one of sigmoid, tanh, identity"]),
    (lambda: mlp.loss(P, X2, Y2, cost="mse"), ["cost must be one of squared, cross_entropy"]),
    (lambda: mlp.backprop(P, X2, Y2, output="tanh", cost="cross_entropy"), ["cost", "output"]),
    (lambda: mlp.train(P, X2, Y2, output="relu"), ["output must be one of"]),
    (lambda: mlp.loss(P, X2, np.array([[0.23, -0.07]]), cost="cross_entropy"),
     ["Y must hold targets in [0, 1]", "-0.07", "(0, 1)"]),
    (lambda: mlp.backprop(P, X2, np.array([[1.5, 0.07]]), cost="cross_entropy"), ["Y must hold", "1.5"]),
    (lambda: mlp.train(P, X2, np.array([[0.5, 2.0]]), cost="cross_entropy"), ["Y must hold", "(0, 1)"]),
]


@pytest.mark.parametrize("call, words", BAD, ids=[f"{i}" for i in range(len(BAD))])
def test_bad_output_or_cost_is_named(call, words):
    with pytest.raises(ValueError) as e:
        call()
    for word in words:
        assert word in str(e.value)


def test_targets_on_the_edges_of_0_1_are_legal_for_the_cross_entropy():
    for y in ((0.0, 1.0), (1.0, 0.0)):
        assert math.isfinite(bpcore.loss(W, X1, y, cost="cross_entropy"))
    assert math.isfinite(mlp.loss(P, X2, np.array([[0.0, 1.0]]), cost="cross_entropy"))


def test_an_identity_output_sent_to_infinity_is_a_named_divergence():
    """At x = (0, 0) both hidden units output 0.5, and an identity output's loss is a bowl in w5...w8 of
    curvature 0.5: from lr 4 on, every step overshoots further.  Each form names the learning rate."""
    y = (0.23, -0.07)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        for lr in (5.0, 10.0, 100.0):
            with pytest.raises(ValueError, match=f"lr={lr} sent the weights to infinity at epoch .* smaller"):
                bpcore.train(W, (0.0, 0.0), y, lr=lr, epochs=3000, output="identity")
            with pytest.raises(ValueError, match=f"lr={lr} sent the weights to infinity"):
                bpcore.autograd.train(W, (0.0, 0.0), y, lr=lr, epochs=3000, output="identity")
            with pytest.raises(ValueError, match=f"lr={lr} sent the weights to infinity"):
                mlp.train(mlp.from_weights(W), np.zeros((1, 2)), np.array([y]), lr=lr, epochs=3000,
                          output="identity")
        assert bpcore.train(W, (0.0, 0.0), y, lr=3.0, epochs=3000, output="identity").losses[-1] < 1e-20


def test_an_outside_gradient_keeps_its_own_errors():
    with pytest.raises(ValueError, match=r"grad\(w, x, y\) must hold 8 numbers"):
        bpcore.train(W, X1, Y1, grad=lambda w, x, y: [0.0] * 7, output="tanh")
