"""bpcore.mlp (backprop in matrix form) against independent witnesses.

1. PyTorch autograd in float64, on random layer sizes, batch sizes, with and without bias;
2. centred finite differences of bpcore.mlp.loss, which never calls backprop;
3. the scalar core (bpcore.backprop, bpcore.train) through from_weights.

On "exactly": for one example, from_weights makes the matrix code do the scalar core's
arithmetic in the same order, but two operations may round their last bit differently from
pure Python, and how depends on the CPU and the BLAS kernel numpy picks: numpy's vectorised
exp against math.exp, and a BLAS product, which may compute a·b + c·d with a fused
multiply-add (one rounding fewer).  The same clone gave all ten losses of the worked example
equal on one machine and one of them an ulp apart on another.  So nothing here compares a
result of numpy's BLAS or exp with pure Python by ==: they are held to a few ulps, or to the
standard bound on a rounded dot product (Higham): |fl(a·b + c·d) − (a·b + c·d)| ≤ γ₂(|a·b| + |c·d|)
with γ₂ ≈ 2ε, so two roundings of one dot product differ by at most 2γ₂(|a·b| + |c·d|).
Comparisons of numpy with numpy, or Python with Python, stay exact.
"""

import math
import warnings

import numpy as np
import pytest
import torch
from hypothesis import assume, given, settings, strategies as st

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, mlp

SETTINGS = dict(derandomize=True, deadline=None)


# --- random networks and batches -------------------------------------------------------

@st.composite
def problems(draw, bias=None):
    """(params, X, Y): 1-4 layers of widths 1-5, batch 1-8, moderate values so gradients are not tiny."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=5))
    with_bias = draw(st.booleans()) if bias is None else bias
    batch = draw(st.integers(1, 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    params = [(rng.uniform(-2, 2, (n_in, n_out)), rng.uniform(-1, 1, n_out) if with_bias else None)
              for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    X = rng.uniform(-2, 2, (batch, sizes[0]))
    Y = rng.uniform(-0.2, 1.2, (batch, sizes[-1]))
    return params, X, Y


def flat(grads):
    """Every number of a params-shaped structure in one vector (None biases contribute none)."""
    return np.concatenate([a.ravel() for layer in grads for a in layer if a is not None])


def norm_rel_error(a, b):
    """Relative error with Euclidean norms, ‖a − b‖ / (‖a‖ + ‖b‖), for whole arrays of gradients
    (bpcore.rel_error, used below for Weights, takes max norms)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))


def autograd_grads(params, X, Y):
    """The same network and loss in torch float64; gradients by loss.backward(), no hand formula."""
    leaves = [(torch.tensor(W, requires_grad=True),
               None if b is None else torch.tensor(b, requires_grad=True)) for W, b in params]
    A = torch.tensor(X)
    for W, b in leaves:
        A = torch.sigmoid(A @ W + (0 if b is None else b))
    L = (0.5 * ((A - torch.tensor(Y)) ** 2).sum(dim=1)).mean()
    L.backward()
    return L.item(), [(W.grad.numpy(), None if b is None else b.grad.numpy()) for W, b in leaves]


def numeric_grads(params, X, Y, eps=1e-6):
    """∂L/∂(every weight and bias) by centred differences of mlp.loss."""
    grads = []
    for l, (W, b) in enumerate(params):
        layer = []
        for a in (W, b):
            if a is None:
                layer.append(None)
                continue
            g = np.zeros_like(a)
            for i in np.ndindex(a.shape):
                plus, minus = a.copy(), a.copy()
                plus[i] += eps
                minus[i] -= eps
                g[i] = (mlp.loss(_swap(params, l, a is W, plus), X, Y)
                        - mlp.loss(_swap(params, l, a is W, minus), X, Y)) / (2 * eps)
            layer.append(g)
        grads.append(tuple(layer))
    return grads


def _swap(params, l, is_W, new):
    params = list(params)
    W, b = params[l]
    params[l] = (new, b) if is_W else (W, new)
    return params


# --- backprop against autograd and finite differences ---------------------------------

@settings(max_examples=120, **SETTINGS)
@given(problems())
def test_backprop_equals_autograd_float64(problem):
    params, X, Y = problem
    L, expected = autograd_grads(params, X, Y)
    grads = mlp.backprop(params, X, Y)
    assert [(dW.shape, None if db is None else db.shape) for dW, db in grads] == \
           [(W.shape, None if b is None else b.shape) for W, b in params]
    assert norm_rel_error(flat(grads), flat(expected)) < 1e-10
    assert mlp.loss(params, X, Y) == pytest.approx(L, rel=1e-12)


@settings(max_examples=60, **SETTINGS)
@given(problems())
def test_backprop_equals_finite_differences(problem):
    params, X, Y = problem
    g = flat(mlp.backprop(params, X, Y))
    # When every gradient is tiny the differences' own rounding (~1e-16 / 1e-6) rivals them.
    assume(np.linalg.norm(g) > 1e-5)
    assert norm_rel_error(g, flat(numeric_grads(params, X, Y))) < 1e-6


# --- from_weights: the scalar series in matrix form -------------------------------------

EPS = 2.0 ** -52  # float64's machine epsilon
GAMMA_2 = 2 * EPS / (1 - 2 * EPS)  # Higham's γ₂: the relative bound on a rounded two-term dot product


def dot_bound(*terms):
    """How far two roundings of the dot product Σ terms (each a product a·b) may lie apart: 2γ₂ Σ|terms|.

    Each rounding, with or without a fused multiply-add, lies within γ₂ Σ|terms| of the exact value."""
    return 2 * GAMMA_2 * sum(abs(t) for t in terms)


def test_from_weights_places_w1_to_w8_as_the_wiring_says():
    """The wiring is exact (copies of the weights); the product X @ W1 goes through BLAS, which may
    fuse a multiply-add, so it is held to the dot-product bound rather than compared by ==."""
    (W1, b1), (W2, b2) = mlp.from_weights(SEED_WEIGHTS)
    assert W1.tolist() == [[0.2, -0.4], [0.5, 0.6]]  # rows = x1, x2; columns = h1, h2
    assert W2.tolist() == [[0.1, -0.5], [-0.3, 0.8]]  # rows = h1, h2; columns = o1, o2
    assert b1 is None and b2 is None
    x1, x2 = SEED_X
    Z1 = np.array([SEED_X]) @ W1
    in_h1, in_h2 = 0.2 * x1 + 0.5 * x2, -0.4 * x1 + 0.6 * x2  # w1·x1 + w3·x2, w2·x1 + w4·x2
    assert abs(Z1[0, 0] - in_h1) <= dot_bound(0.2 * x1, 0.5 * x2)
    assert abs(Z1[0, 1] - in_h2) <= dot_bound(-0.4 * x1, 0.6 * x2)
    # A wrong wiring (W1 transposed) is far outside the bound: the test can tell.
    assert abs((np.array([SEED_X]) @ W1.T)[0, 1] - in_h2) > 1e3 * dot_bound(-0.4 * x1, 0.6 * x2)
    assert mlp.to_weights(mlp.from_weights(SEED_WEIGHTS)) == SEED_WEIGHTS


ULPS = 4 * EPS  # "a few ulps", relative


def test_worked_example_forward_and_gradients_agree_to_a_few_ulps():
    """numpy's exp and BLAS may each round a last bit differently from math.exp and Python's
    a·b + c·d, depending on the CPU: a few ulps, relative, is what the two forms may differ by."""
    params, X, Y = mlp.from_weights(SEED_WEIGHTS), np.array([SEED_X]), np.array([SEED_Y])
    f = bpcore.forward(SEED_WEIGHTS, SEED_X)
    _, H, O = mlp.forward(params, X)
    np.testing.assert_allclose(H[0], [f.out_h1, f.out_h2], rtol=ULPS, atol=0)
    np.testing.assert_allclose(O[0], [f.out_o1, f.out_o2], rtol=ULPS, atol=0)
    assert mlp.loss(params, X, Y) == pytest.approx(bpcore.loss(SEED_WEIGHTS, SEED_X, SEED_Y), rel=ULPS, abs=0)
    # Gradients by bpcore.rel_error, which divides by the largest: one ulp of a product moves a small
    # gradient by far more than an ulp of its own, relative (a sum that nearly cancels).
    grads = mlp.to_weights(mlp.backprop(params, X, Y))
    assert bpcore.rel_error(grads, bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)) < 1e-15


def test_worked_example_training_run():
    """The weights after every epoch and the ten losses agree to better than 1e-15 (bpcore.rel_error, as
    notebook 08 asserts): on one CPU all are equal with ==, on another one loss is an ulp apart (numpy's
    exp), so == would pass or fail with the machine.  rel_error divides by the largest weight: w5 passes
    near 0 (−0.000465 after 3 epochs), where one ulp of a gradient is many of its own."""
    scalar = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=10)
    for epochs in range(11):  # the weights after every epoch, not only the last
        h = mlp.train(mlp.from_weights(SEED_WEIGHTS), np.array([SEED_X]), np.array([SEED_Y]), lr=1.0,
                      epochs=epochs)
        assert bpcore.rel_error(mlp.to_weights(h.params), scalar.weights[epochs]) < 1e-15
    assert bpcore.rel_error(h.losses, scalar.losses) < 1e-15
    assert f"{h.losses[-1]:.6f}" == "0.110823"  # the series' figure after 10 epochs


scalar_w = st.lists(st.floats(-3, 3), min_size=8, max_size=8)
pair = st.tuples(st.floats(-2, 2), st.floats(-2, 2))


@settings(max_examples=100, **SETTINGS)
@given(scalar_w, pair, pair)
def test_from_weights_agrees_with_the_scalar_core_on_random_weights(w, x, y):
    params, X, Y = mlp.from_weights(w), np.array([x]), np.array([y])
    assert bpcore.rel_error(mlp.to_weights(mlp.backprop(params, X, Y)), bpcore.backprop(w, x, y)) < 1e-13
    h = mlp.train(params, X, Y, lr=1.0, epochs=5)
    s = bpcore.train(w, x, y, lr=1.0, epochs=5)
    assert bpcore.rel_error(h.losses, s.losses) < 1e-13
    assert bpcore.rel_error(mlp.to_weights(h.params), s.weights[-1]) < 1e-13


def _scalar_sigmoid(Z):
    """bpcore.sigmoid (math.exp) applied elementwise: the scalar core's exp, in a numpy array."""
    return np.vectorize(bpcore.sigmoid, otypes=[float])(Z)


@settings(max_examples=100, **SETTINGS)
@given(scalar_w, pair)
def test_forward_is_the_scalar_arithmetic_up_to_the_rounding_of_each_sum(w, x):
    """With the scalar core's exp put in, the matrix forward pass differs from bpcore.forward only by
    how BLAS rounds each two-term sum (a fused multiply-add or not): every net input lies within the
    dot-product bound of the scalar one, widened by what the layer below already differed by
    (σ' ≤ 1/4), and every output within σ' times that, plus an ulp for σ's own rounding."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(mlp, "sigmoid", _scalar_sigmoid)
        _, H, O = mlp.forward(mlp.from_weights(w), np.array([x]))
    f = bpcore.forward(w, x)
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    hidden_in = [(w1 * x[0], w3 * x[1]), (w2 * x[0], w4 * x[1])]
    dh = [abs(H[0, j] - out) for j, out in enumerate((f.out_h1, f.out_h2))]
    for j, terms in enumerate(hidden_in):
        assert dh[j] <= 0.25 * dot_bound(*terms) + 2 * math.ulp(max(H[0, j], 1e-300))
    output_in = [(w5 * f.out_h1, w7 * f.out_h2, abs(w5) * dh[0] + abs(w7) * dh[1]),
                 (w6 * f.out_h1, w8 * f.out_h2, abs(w6) * dh[0] + abs(w8) * dh[1])]
    for k, (a, b, carried) in enumerate(output_in):
        out = (f.out_o1, f.out_o2)[k]
        assert abs(O[0, k] - out) <= 0.25 * (dot_bound(a, b) + carried) + 2 * math.ulp(max(out, 1e-300))


# --- init, forward, train ----------------------------------------------------------------

def test_init_is_deterministic_and_shaped():
    a, b = mlp.init([2, 4, 3], seed=7), mlp.init([2, 4, 3], seed=7)
    assert all(np.array_equal(Wa, Wb) and np.array_equal(ba, bb) for (Wa, ba), (Wb, bb) in zip(a, b))
    assert not np.array_equal(a[0][0], mlp.init([2, 4, 3], seed=8)[0][0])
    assert [(W.shape, bias.shape) for W, bias in a] == [((2, 4), (4,)), ((4, 3), (3,))]
    assert all(np.all(bias == 0) for _, bias in a)
    assert np.all(np.abs(a[0][0]) <= math.sqrt(6 / 6)) and np.all(np.abs(a[1][0]) <= math.sqrt(6 / 7))
    assert [bias for _, bias in mlp.init([3, 1], bias=False)] == [None]


def test_forward_returns_every_activation():
    params = mlp.init([3, 5, 2], seed=1)
    X = np.arange(12.0).reshape(4, 3) / 10
    A = mlp.forward(params, X)
    assert [a.shape for a in A] == [(4, 3), (4, 5), (4, 2)]
    assert np.array_equal(A[0], X)
    (W1, b1), (W2, b2) = params
    assert np.allclose(A[2], 1 / (1 + np.exp(-((1 / (1 + np.exp(-(X @ W1 + b1)))) @ W2 + b2))), rtol=1e-15)


def test_train_records_losses_before_each_update_and_keeps_the_input():
    params = mlp.init([2, 3, 1], seed=0)
    kept = [W.copy() for W, _ in params]
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    h = mlp.train(params, X, Y, lr=2.0, epochs=3)
    assert len(h.losses) == 3 and h.losses[0] == mlp.loss(params, X, Y)
    by_hand = params
    for _ in range(3):
        grads = mlp.backprop(by_hand, X, Y)
        by_hand = [(W - 2.0 * dW, b - 2.0 * db) for (W, b), (dW, db) in zip(by_hand, grads)]
    assert all(np.array_equal(a, b)
               for layer_a, layer_b in zip(h.params, by_hand) for a, b in zip(layer_a, layer_b))
    assert all(np.array_equal(W, k) for (W, _), k in zip(params, kept))
    assert h.losses[2] < h.losses[0]
    assert mlp.train(params, X, Y, lr=1.0, epochs=0).losses == ()


def test_sigmoid_matches_the_scalar_one_and_saturates_quietly():
    z = np.array([-1e4, -745.0, -40.0, -1.0, 0.0, 1.0, 40.0, 745.0, 1e4])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        s = mlp.sigmoid(z)
    assert np.allclose(s, [bpcore.sigmoid(v) for v in z], rtol=1e-15, atol=0)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[4] == 0.5


def test_accuracy_counts_the_outputs_on_the_right_side_of_one_half():
    # Hand-made: σ(3) > 0.5 everywhere, so exactly the targets above 0.5 are right, 3 of 5.
    always_one = [(np.zeros((2, 1)), np.array([3.0]))]
    assert mlp.accuracy(always_one, np.zeros((5, 2)), np.array([[1.0], [0.9], [0.2], [1.0], [0.5]])) == 3 / 5
    # Against the scalar core, a hand loop over rows and both outputs of the 2-2-2 network.
    rng = np.random.default_rng(3)
    w, X, Y = rng.uniform(-3, 3, 8), rng.uniform(-2, 2, (40, 2)), rng.uniform(0, 1, (40, 2))
    right = 0
    for x, y in zip(X, Y):
        f = bpcore.forward(w, x)
        right += (f.out_o1 > 0.5) == (y[0] > 0.5)
        right += (f.out_o2 > 0.5) == (y[1] > 0.5)
    assert 0 < right < 80  # neither all right nor all wrong: the count can tell
    assert mlp.accuracy(mlp.from_weights(w), X, Y) == right / 80


# --- bad input -------------------------------------------------------------------------------

@pytest.mark.parametrize("call, kind, words", [
    (lambda: mlp.init([2]), ValueError, ["sizes", "at least 2"]),
    (lambda: mlp.init([2, 0, 1]), ValueError, ["sizes[1]", ">= 1"]),
    (lambda: mlp.init([2, 2.5]), TypeError, ["sizes[1]", "whole number"]),
    (lambda: mlp.init(3), TypeError, ["sizes"]),
    (lambda: mlp.init([2, 1], seed=-1), ValueError, ["seed", ">= 0"]),
    (lambda: mlp.init([2, 1], seed=1.5), TypeError, ["seed", "whole number"]),
    (lambda: mlp.init([2, 1], seed="0"), TypeError, ["seed", "whole number"]),
    (lambda: mlp.forward(mlp.init([2, 3, 1]), np.zeros(2)), ValueError, ["X", "(batch, 2)", "(2,)"]),
    (lambda: mlp.forward(mlp.init([2, 3, 1]), np.zeros((4, 3))), ValueError, ["X", "(batch, 2)", "(4, 3)"]),
    (lambda: mlp.forward(mlp.init([2, 3, 1]), np.zeros((0, 2))), ValueError,
     ["X", "at least one row", "(0, 2)"]),
    (lambda: mlp.loss(mlp.init([2, 1]), np.zeros((0, 2)), np.zeros((0, 1))), ValueError, ["X", "batch >= 1"]),
    (lambda: mlp.train(mlp.init([2, 1]), np.zeros((0, 2)), np.zeros((0, 1)), lr=1, epochs=1), ValueError,
     ["X", "at least one row", "(0, 2)"]),
    (lambda: mlp.forward([(np.zeros((2, 0)), None)], np.zeros((1, 2))), ValueError,
     ["params[0] W", "n_out >= 1"]),
    (lambda: mlp.loss(mlp.init([2, 3, 1]), np.zeros((4, 2)), np.zeros((4, 2))), ValueError,
     ["Y", "(4, 1)", "(4, 2)"]),
    (lambda: mlp.backprop(mlp.init([2, 3, 1]), np.zeros((4, 2)), np.zeros(4)), ValueError,
     ["Y", "(4, 1)", "(4,)"]),
    (lambda: mlp.forward([(np.zeros((2, 3)), None), (np.zeros((4, 1)), None)], np.zeros((1, 2))), ValueError,
     ["params[1] W", "(3, 1)", "(4, 1)"]),
    (lambda: mlp.forward([(np.zeros((2, 3)), np.zeros(2))], np.zeros((1, 2))), ValueError,
     ["params[0] b", "(3,)", "(2,)"]),
    (lambda: mlp.forward([(np.zeros(3), None)], np.zeros((1, 2))), ValueError,
     ["params[0] W", "(n_in, n_out)"]),
    (lambda: mlp.forward([np.zeros((2, 3))], np.zeros((1, 2))), TypeError, ["params[0]", "pair (W, b)"]),
    (lambda: mlp.forward([], np.zeros((1, 2))), TypeError, ["params"]),
    (lambda: mlp.forward(mlp.init([2, 1]), [[0.1, "a"]]), TypeError, ["X"]),
    (lambda: mlp.forward(mlp.init([2, 1]), np.array([[0.1, np.nan]])), ValueError, ["X", "finite", "(0, 1)"]),
    (lambda: mlp.loss(mlp.init([2, 1]), np.zeros((1, 2)), np.array([[np.inf]])), ValueError, ["Y", "finite"]),
    (lambda: mlp.forward([(np.array([[1.0], [np.inf]]), None)], np.zeros((1, 2))), ValueError,
     ["params[0] W", "finite"]),
    (lambda: mlp.train(mlp.init([2, 1]), np.zeros((1, 2)), np.zeros((1, 1)), lr=-1, epochs=1), ValueError,
     ["lr"]),
    (lambda: mlp.train(mlp.init([2, 1]), np.zeros((1, 2)), np.zeros((1, 1)), lr=1, epochs=2.0), TypeError,
     ["epochs"]),
    (lambda: mlp.loss(mlp.init([2, 1]), np.zeros((1, 2)), None), TypeError, ["Y", "got None"]),
    (lambda: mlp.backprop(mlp.init([2, 1]), np.zeros((1, 2)), None), TypeError, ["Y", "got None"]),
    (lambda: mlp.train(mlp.init([2, 1]), np.zeros((1, 2)), None), TypeError, ["Y", "got None"]),
    (lambda: mlp.forward(mlp.init([2, 1]), None), TypeError, ["X", "got None"]),
    (lambda: mlp.from_weights([0.1] * 7), ValueError, ["w", "8 numbers"]),
    (lambda: mlp.to_weights(mlp.init([2, 3, 2], bias=False)), ValueError, ["[2, 2, 2]"]),
    (lambda: mlp.accuracy(mlp.init([2, 3, 1]), np.zeros((4, 2)), np.zeros(4)), ValueError,
     ["Y", "(4, 1)", "(4,)"]),
])
def test_bad_input_is_named(call, kind, words):
    with pytest.raises(kind) as e:
        call()
    for word in words:
        assert word in str(e.value)


def test_extreme_values_stay_finite_without_warnings():
    X = np.array([[1e4, -1e4], [-1e4, 1e4], [0.0, 0.0]])
    Y = np.array([[1.0], [0.0], [0.5]])
    params = [(np.array([[1e4, -1e4, 5.0], [-1e4, 1e4, 0.0]]), np.array([1e4, -1e4, 0.0])),
              (np.array([[1e4], [-1e4], [1.0]]), np.array([-1e4]))]
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        A = mlp.forward(params, X)
        grads = mlp.backprop(params, X, Y)
        h = mlp.train(params, X, Y, lr=1e3, epochs=20)
        assert all(np.all(np.isfinite(a)) for a in A)
        assert np.all(np.isfinite(flat(grads)))
        assert np.all(np.isfinite(h.losses)) and np.all(np.isfinite(flat(h.params)))


@pytest.mark.parametrize("call, chinese", [
    (lambda: mlp.forward([(np.ones((2, 2)), None)], np.ones((1, 3))),
     "X 的形状必须是 (批量, 2)，而实际是 (1, 3)"),
    (lambda: mlp.forward([], np.ones((1, 2))), "params 必须是由 (W, b) 对组成的非空列表"),
    (lambda: mlp.to_weights([(np.ones((2, 3)), None), (np.ones((3, 2)), None)]),
     "params 必须是不带偏置的 [2, 2, 2] 网络，而 W 的形状是 [(2, 3), (3, 2)]"),
])
def test_the_errors_speak_chinese_after_use_language(call, chinese):
    """bpcore.mlp's refusals go through the catalogue (bpcore.language): Chinese after use_language("zh")."""
    bpcore.use_language("zh")
    try:
        with pytest.raises((TypeError, ValueError)) as said:
            call()
    finally:
        bpcore.use_language("en")
    assert chinese in str(said.value)
