"""bpcore's scalar network against the exercise: its published figures and its own code.

The witnesses here are the numbers the exercise publishes, the exercise's script itself
(tests/exercise_original.py, transcribed line for line) and arithmetic done independently
in the test.  The autograd and finite-difference witnesses are in test_gradients.py.
"""

import itertools
import math
import subprocess
import sys
import warnings
from dataclasses import replace

import pytest

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, Weights
from exercise_original import run_exercise

# --- the exercise's published figures -------------------------------------------------

def test_forward_reproduces_the_published_outputs():
    f = bpcore.forward(SEED_WEIGHTS, SEED_X)
    assert round(f.out_o1, 5) == 0.47695
    assert round(f.out_o2, 5) == 0.52870


def test_forward_intermediates_by_hand():
    f = bpcore.forward(SEED_WEIGHTS, SEED_X)
    assert f.in_h1 == pytest.approx(0.2 * 0.5 + 0.5 * 0.3, abs=1e-15)  # 0.25
    assert f.in_h2 == pytest.approx(-0.4 * 0.5 + 0.6 * 0.3, abs=1e-15)  # -0.02
    assert f.out_h1 == pytest.approx(1 / (1 + math.exp(-0.25)), rel=1e-15)
    assert f.in_o1 == pytest.approx(0.1 * f.out_h1 - 0.3 * f.out_h2, rel=1e-15)
    assert f.in_o2 == pytest.approx(-0.5 * f.out_h1 + 0.8 * f.out_h2, rel=1e-15)


def test_first_loss_is_the_published_one():
    assert bpcore.loss(SEED_WEIGHTS, SEED_X, SEED_Y) == pytest.approx(0.2097097937, abs=5e-11)


def test_worked_gradients_correct_and_published():
    g = bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)
    p = bpcore.backprop_original(SEED_WEIGHTS, SEED_X, SEED_Y)
    assert round(g.w1, 6) == -0.008421
    assert round(p.w1, 6) == +0.014583
    assert list(g)[4:] == list(p)[4:]  # the output layer is right in the exercise
    assert all(abs(a - b) > 1e-4 for a, b in zip(list(g)[:4], list(p)[:4]))


def test_ten_epochs_at_step_one():
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=10)
    hp = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=10, grad=bpcore.backprop_original)
    assert round(h.losses[-1], 6) == 0.110823
    assert round(hp.losses[-1], 6) == 0.116185
    assert h.losses[0] == hp.losses[0] == bpcore.loss(SEED_WEIGHTS, SEED_X, SEED_Y)


def test_published_path_equals_the_exercise_script():
    losses, grads, outputs = run_exercise(epochs=25)
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=25, grad=bpcore.backprop_original)
    assert h.losses == pytest.approx(losses, rel=1e-13)
    for mine, theirs in zip(h.grads, grads):
        assert list(mine) == pytest.approx(theirs, rel=1e-12, abs=1e-16)
    assert [o for pair in h.outputs for o in pair] == pytest.approx([o for pair in outputs for o in pair],
                                                                    rel=1e-13)


# --- training history -----------------------------------------------------------------

def test_history_shape_and_update_rule():
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=0.5, epochs=4)
    assert len(h.losses) == len(h.outputs) == len(h.grads) == 4
    assert len(h.weights) == 5 and h.weights[0] == SEED_WEIGHTS
    for i in range(4):
        assert h.grads[i] == bpcore.backprop(h.weights[i], SEED_X, SEED_Y)
        expected = [w - 0.5 * g for w, g in zip(h.weights[i], h.grads[i])]
        assert list(h.weights[i + 1]) == pytest.approx(expected, rel=1e-15)
        assert h.losses[i] == bpcore.loss(h.weights[i], SEED_X, SEED_Y)
        f = bpcore.forward(h.weights[i], SEED_X)
        assert h.outputs[i] == (f.out_o1, f.out_o2)


def test_numpy_integers_count_as_epochs():
    import numpy as np
    assert len(bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=np.int64(3)).losses) == 3


def test_zero_epochs_and_zero_rate():
    assert bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=0).weights == (SEED_WEIGHTS,)
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=0.0, epochs=3)
    assert set(h.weights) == {SEED_WEIGHTS}


# --- Weights --------------------------------------------------------------------------

def test_weights_arithmetic_iteration_and_repr():
    a = Weights(1, 2, 3, 4, 5, 6, 7, 8)
    b = Weights(*[0.5] * 8)
    assert list(a - 2 * b) == [0, 1, 2, 3, 4, 5, 6, 7]
    assert list(a + b * 2) == [2, 3, 4, 5, 6, 7, 8, 9]
    assert list(-a)[0] == -1 and a[7] == 8 and len(a) == 8
    assert all(isinstance(v, float) for v in a)
    assert repr(SEED_WEIGHTS) == ("Weights(w1=+0.2, w2=-0.4, w3=+0.5, w4=+0.6, "
                                  "w5=+0.1, w6=-0.5, w7=-0.3, w8=+0.8)")
    with pytest.raises(AttributeError):
        a.w1 = 0.0  # immutable
    assert Weights.of([1, 2, 3, 4, 5, 6, 7, 8]) == a


# --- the lowest loss within reach -----------------------------------------------------

def test_lowest_loss_within_reach_formula():
    assert bpcore.lowest_loss_within_reach((0.23, -0.07)) == pytest.approx(0.00245, rel=1e-12)
    assert bpcore.lowest_loss_within_reach((0.5, 0.9)) == 0.0
    assert bpcore.lowest_loss_within_reach((1.2, -0.3)) == pytest.approx(0.065, rel=1e-12)
    assert bpcore.closest_reachable((1.5, -0.5)) == (1.0, 0.0)
    with pytest.raises(ValueError, match="y"):
        bpcore.lowest_loss_within_reach((0.1,))


@pytest.mark.parametrize("y", [(0.23, -0.07), (1.2, -0.3), (0.4, 0.6), (-0.5, 1.5)])
def test_lowest_loss_within_reach_against_a_search_over_outputs(y):
    """Witness: the smallest ½Σ(o − y)² over a fine grid of outputs strictly inside (0, 1)²."""
    grid = [i / 400 for i in range(1, 400)]
    best = min(0.5 * (o1 - y[0]) ** 2 + 0.5 * (o2 - y[1]) ** 2
               for o1, o2 in itertools.product(grid[::4], grid[::4]))
    floor = bpcore.lowest_loss_within_reach(y)
    assert floor <= best + 1e-15  # never above what some outputs achieve
    assert best - floor < 0.02  # and approached by them (grid step 0.01)


def test_training_approaches_but_never_beats_the_lowest_loss_within_reach():
    history = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=3000)
    floor = bpcore.lowest_loss_within_reach(SEED_Y)
    assert min(history.losses) > floor
    assert history.losses[-1] - floor < 1e-3


# --- bad input gets a clear answer ----------------------------------------------------

BAD = [
    (lambda: bpcore.forward(SEED_WEIGHTS, (float("nan"), 0.3)), ValueError, "x1"),
    (lambda: bpcore.forward(SEED_WEIGHTS, (0.5, float("inf"))), ValueError, "x2"),
    (lambda: bpcore.forward(SEED_WEIGHTS, (0.5, 0.3, 0.1)), ValueError, "x must hold 2"),
    (lambda: bpcore.forward(SEED_WEIGHTS, 0.5), TypeError, "x must be a pair"),
    (lambda: bpcore.forward(SEED_WEIGHTS, "ab"), TypeError, "x must be a pair"),
    (lambda: bpcore.forward(SEED_WEIGHTS, {0.5, 0.3}), TypeError, "x must be a pair"),  # a set has no order
    (lambda: bpcore.loss(SEED_WEIGHTS, SEED_X, {0: 0.23, 1: -0.07}), TypeError, "y must be a pair"),
    (lambda: bpcore.loss(dict(enumerate(SEED_WEIGHTS)), SEED_X, SEED_Y), TypeError, "w must be Weights"),
    (lambda: bpcore.forward(SEED_WEIGHTS, ("a", 0.3)), TypeError, "x1 must be a real number"),
    (lambda: bpcore.loss(SEED_WEIGHTS, SEED_X, (0.23, float("nan"))), ValueError, "y2"),
    (lambda: bpcore.loss(SEED_WEIGHTS, SEED_X, (0.23,)), ValueError, "y must hold 2"),
    (lambda: bpcore.backprop(SEED_WEIGHTS, SEED_X, None), TypeError, "y must be a pair"),
    (lambda: bpcore.backprop([0.1] * 7, SEED_X, SEED_Y), ValueError, "w must hold 8"),
    (lambda: bpcore.backprop([0.1] * 7 + [float("nan")], SEED_X, SEED_Y), ValueError, "w8"),
    (lambda: Weights(0.1, 0.2, float("-inf"), 0, 0, 0, 0, 0), ValueError, "w3"),
    (lambda: Weights(0.1, 0.2, "0.3", 0, 0, 0, 0, 0), TypeError, "w3 must be a real number"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=float("nan")), ValueError, "lr"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=-1.0), ValueError, "lr must be >= 0"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=-1), ValueError, "epochs must be >= 0"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, epochs=2.5), TypeError,
     "epochs must be a whole number"),
    (lambda: bpcore.numeric_grad(SEED_WEIGHTS, SEED_X, SEED_Y, eps=0), ValueError, "eps must be > 0"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, (1e10, 0.0), lr=1e300, epochs=3), ValueError, "smaller lr"),
]


@pytest.mark.parametrize("call, error, words", BAD, ids=[b[2] for b in BAD])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_numpy_learning_rate_keeps_weights_weights():
    np = pytest.importorskip("numpy")
    g = bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)
    step = SEED_WEIGHTS - np.float64(0.5) * g  # numpy on the left must not make an array of it
    assert type(step) is Weights and all(type(v) is float for v in step)
    assert step == SEED_WEIGHTS - 0.5 * g


def test_targets_outside_the_sigmoid_range_are_legal():
    assert bpcore.loss(SEED_WEIGHTS, SEED_X, (1.5, -0.5)) > 0


# --- extreme values stay finite and quiet ---------------------------------------------

@pytest.mark.parametrize("z", [-1e308, -1e4, -745.2, -40.0, -1e-12, 0.0, 1e-12, 40.0, 745.2, 1e4, 1e308])
def test_sigmoid_is_stable(z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = bpcore.sigmoid(z)
    assert 0.0 <= s <= 1.0
    if abs(z) <= 30:
        assert s == pytest.approx(0.5 * (1 + math.tanh(z / 2)), rel=1e-14)  # another closed form
    elif z < 0:
        assert s == pytest.approx(math.exp(z) if z > -746 else 0.0, rel=1e-12)  # σ(z) ≈ e^z far left
    else:
        assert s == 1.0


@pytest.mark.parametrize("scale", [1.0, 1e2, 1e4])
@pytest.mark.parametrize("lr", [0.0, 1e-3, 1.0, 10.0, 100.0])
def test_extreme_weights_and_rates_stay_finite(scale, lr):
    # |in_h| = scale * (0.5 + 0.3) * ... reaches 1e4 at the largest scale
    w = [scale * v for v in (1.25, -1.25, 1.25, -1.25, 1.0, -1.0, 1.0, -1.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = bpcore.train(w, (5.0, 3.0), (-0.5, 1.5), lr=lr, epochs=50)
        n = bpcore.numeric_grad(w, (5.0, 3.0), (-0.5, 1.5))
    assert all(math.isfinite(v) for v in h.losses)
    assert all(math.isfinite(v) for ws in h.weights for v in ws)
    assert all(math.isfinite(v) for v in n)


def test_import_bpcore_loads_neither_torch_nor_numpy():
    code = "import sys, bpcore; print('torch' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_the_wiring_is_the_forward_pass():
    """bpcore.network.WIRING, held against the forward pass itself: nudging a weight moves the net input of
    the unit it feeds by the nudge times the value it carries, and leaves the other unit of that layer be."""
    f = bpcore.forward(SEED_WEIGHTS, SEED_X)
    carried_values = {"x1": SEED_X[0], "x2": SEED_X[1], "h1": f.out_h1, "h2": f.out_h2}
    sibling = {"h1": "h2", "h2": "h1", "o1": "o2", "o2": "o1"}
    assert sorted(bpcore.network.WIRING) == list(bpcore.WEIGHT_NAMES)
    for name, (carried, fed) in bpcore.network.WIRING.items():
        nudged = bpcore.forward(replace(SEED_WEIGHTS, **{name: getattr(SEED_WEIGHTS, name) + 1e-3}), SEED_X)
        moved = getattr(nudged, f"in_{fed}") - getattr(f, f"in_{fed}")
        assert moved == pytest.approx(1e-3 * carried_values[carried], rel=1e-9), name
        assert getattr(nudged, f"in_{sibling[fed]}") == getattr(f, f"in_{sibling[fed]}"), name


def test_a_step_is_w_minus_lr_times_g_weight_by_weight():
    """train's `w = w - lr * g` is, bit for bit, each weight's float w_i − lr·g_i: Weights' arithmetic adds
    nothing, and train's record is those steps."""
    g = bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)
    lr = 0.37
    stepped = SEED_WEIGHTS - lr * g
    assert list(stepped) == [w - lr * gi for w, gi in zip(SEED_WEIGHTS, g)]
    history = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=lr, epochs=3)
    for before, after, grad in zip(history.weights, history.weights[1:], history.grads):
        assert list(after) == [w - lr * gi for w, gi in zip(before, grad)]
    with pytest.raises(TypeError):
        SEED_WEIGHTS - 0.5


@pytest.fixture
def zh():
    """bpcore speaks Chinese during the test, English again after it."""
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")


@pytest.mark.parametrize("call, english, chinese", [
    (lambda: Weights.of([1.0, 2.0]), "w must hold 8 numbers (w1...w8), got 2",
     "w 必须含有 8 个数（w1...w8），而传入的有 2 个"),
    (lambda: Weights.of("abc"), "w must be Weights or a sequence of 8 numbers",
     "w 必须是 Weights 或由 8 个数组成的序列"),
    (lambda: bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y, output="tanh", cost="cross_entropy"),
     "cost='cross_entropy' is defined for output='sigmoid' only",
     "cost='cross_entropy' 只对 output='sigmoid' 有定义"),
    (lambda: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, output="tanh", grad=bpcore.backprop_original),
     "grad=backprop_original is the exercise's formula", "grad=backprop_original 是原练习的公式"),
    (lambda: bpcore.rel_error([1.0], [1.0, 2.0]), "got 1 and 2", "而传入的分别有 1 个和 2 个"),
])
def test_the_errors_speak_the_language_chosen(call, english, chinese):
    """The same refusal, in English by default and in Chinese after bpcore.use_language("zh")."""
    with pytest.raises((TypeError, ValueError)) as said:
        call()
    assert english in str(said.value)
    bpcore.use_language("zh")
    try:
        with pytest.raises(type(said.value)) as said_zh:
            call()
    finally:
        bpcore.use_language("en")
    assert chinese in str(said_zh.value)


def test_the_cost_names_are_said_in_the_language_chosen(zh):
    """COST_NAMES[cost] is what a figure or a table prints: 平方误差 in Chinese; its items stay the English
    message ids, the catalogue's keys."""
    assert bpcore.network.COST_NAMES["squared"] == "平方误差"
    assert bpcore.network.COST_NAMES["cross_entropy"] == "交叉熵"
    assert dict(bpcore.network.COST_NAMES.items()) == {"squared": "squared error",
                                                       "cross_entropy": "cross-entropy"}
    bpcore.use_language("en")
    assert bpcore.network.COST_NAMES["squared"] == "squared error"
