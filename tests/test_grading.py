"""bpcore.grading, the autograder of classroom/, against independent witnesses.

The truth is PyTorch autograd in float64, written here.  Each known mistake is written here too, as a
student would write it (hand formulas, not bpcore's), and must be recognised by name; right answers,
in every accepted form, must pass; answers of the wrong shape must get a message, not a crash.
"""

import math
import re
import subprocess
import sys

import numpy as np
import pytest
import torch

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.grading.autograd import (
    check_forward_loss,
    check_make_weights,
    check_step,
    check_train,
    check_zero_grad,
)
from bpcore.grading.backprop import LAYERS, check_backprop, check_forward, check_loss, check_training
from bpcore.grading.hidden import hidden_cases
from bpcore.grading.mistakes import BACKPROP_MISTAKES, accumulated_run
from bpcore.grading.reports import EXERCISE, compare

# The hidden tests' cases of one student under a course secret (bpcore.grading.hidden)
OTHER_CASES = hidden_cases("the tests' course secret", "test.student")
ALL_CASES = EXERCISE + OTHER_CASES


def sigma(z):
    return 1 / (1 + math.exp(-z))


def autograd_truth(w, x, y):
    """∂L/∂w1...∂L/∂w8 by torch autograd in float64: the witness no hand formula enters."""
    ws = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in w]
    (x1, x2), (y1, y2) = x, y
    out_h1, out_h2 = torch.sigmoid(ws[0] * x1 + ws[2] * x2), torch.sigmoid(ws[1] * x1 + ws[3] * x2)
    out_o1 = torch.sigmoid(ws[4] * out_h1 + ws[6] * out_h2)
    out_o2 = torch.sigmoid(ws[5] * out_h1 + ws[7] * out_h2)
    (0.5 * (out_o1 - y1) ** 2 + 0.5 * (out_o2 - y2) ** 2).backward()
    return [t.grad.item() for t in ws]


def student(mistake=None):
    """A student's backprop, by hand, right or with one known mistake."""
    def backprop(w, x, y):
        w1, w2, w3, w4, w5, w6, w7, w8 = w
        if mistake == "mazur":  # Matt Mazur's numbering: in_h1 = w1·x1 + w2·x2
            w2, w3 = w3, w2
        (x1, x2), (y1, y2) = x, y
        out_h1, out_h2 = sigma(w1 * x1 + w3 * x2), sigma(w2 * x1 + w4 * x2)
        out_o1, out_o2 = sigma(w5 * out_h1 + w7 * out_h2), sigma(w6 * out_h1 + w8 * out_h2)
        if mistake == "flipped":
            d_o1, d_o2 = y1 - out_o1, y2 - out_o2
        elif mistake == "no half":  # L = (o1 − y1)² + (o2 − y2)²
            d_o1, d_o2 = 2 * (out_o1 - y1), 2 * (out_o2 - y2)
        else:
            d_o1, d_o2 = out_o1 - y1, out_o2 - y2
        delta_o1, delta_o2 = d_o1 * out_o1 * (1 - out_o1), d_o2 * out_o2 * (1 - out_o2)
        if mistake == "published":  # the exercise's d_w5 + d_w6
            back_h1 = delta_o1 * out_h1 + delta_o2 * out_h1
            back_h2 = delta_o1 * out_h2 + delta_o2 * out_h2
        else:
            back_h1, back_h2 = delta_o1 * w5 + delta_o2 * w6, delta_o1 * w7 + delta_o2 * w8
        if mistake == "no sigma'":
            delta_h1, delta_h2 = back_h1, back_h2
        else:
            delta_h1, delta_h2 = back_h1 * out_h1 * (1 - out_h1), back_h2 * out_h2 * (1 - out_h2)
        g = [delta_h1 * x1, delta_h2 * x1, delta_h1 * x2, delta_h2 * x2,
             delta_o1 * out_h1, delta_o2 * out_h1, delta_o1 * out_h2, delta_o2 * out_h2]
        if mistake == "mazur":
            g[1], g[2] = g[2], g[1]
        if mistake == "order":  # grouped by hidden unit: w1, w3, w2, w4
            g[1], g[2] = g[2], g[1]
        return g
    return backprop


def worked_example_only(w, x, y):
    """The worked example's answers, typed in (notebook 03 prints them)."""
    return [-0.0084214805, 0.0126066531, -0.0050528883, 0.0075639918,
            0.0346329893, 0.0838660995, 0.0304945786, 0.0738446612]


def test_the_hand_student_is_autograd():
    for case in ALL_CASES:
        assert np.allclose(student()(*case), autograd_truth(*case), rtol=1e-13, atol=0)


def test_every_case_separates_every_mistake():
    """At each case every gradient is far from 0, and each mistake is either exact or more than 1e-3
    relative off, a thousand times the tolerance: no mistake can pass for the truth by rounding."""
    for case in ALL_CASES:
        truth = autograd_truth(*case)
        assert min(map(abs, truth)) > 1e-3
        for mistake in ("published", "flipped", "no half", "no sigma'", "mazur", "order"):
            for mine, right in zip(student(mistake)(*case), truth):
                off = abs(mine - right) / abs(right)
                assert off < 1e-12 or off > 1e-3, (mistake, case)


@pytest.mark.parametrize("form", [list, tuple, np.array, lambda g: bpcore.Weights(*g),
                                  lambda g: np.array(g).reshape(8, 1), lambda g: [np.float64(v) for v in g]])
def test_right_answers_pass_in_every_form(form):
    def backprop(w, x, y):
        return form(student()(w, x, y))

    for layer in ("output", "hidden"):
        for cases in (EXERCISE, OTHER_CASES):
            verdict = check_backprop(backprop, layer, cases)
            assert verdict.passed and verdict.mistakes == (), verdict
    assert str(check_backprop(backprop, "output")) == (
        "✓ Right at the exercise's numbers:\n"
        "  ∂L/∂w5 = +0.03463299, ∂L/∂w6 = +0.08386610, ∂L/∂w7 = +0.03049458, ∂L/∂w8 = +0.07384466")


def test_the_tolerance_is_relative_1e_6():
    """A student computes in code: float64 rounding in another order (1e-16) and even float32 (6e-8) pass."""
    def off_by(r):
        return lambda w, x, y: [g * (1 + r) for g in student()(w, x, y)]

    assert check_backprop(off_by(6e-8), "hidden", ALL_CASES).passed
    assert not check_backprop(off_by(1e-5), "hidden").passed


@pytest.mark.parametrize("mistake, output_layer, hidden_layer", [
    ("published", None, "published formula"),
    ("flipped", "flipped sign", "flipped sign"),
    ("no half", "loss without ½", "loss without ½"),
    ("no sigma'", None, "missing hidden σ′"),
    ("mazur", "swapped w2/w3", "swapped w2/w3"),
    ("order", None, "order"),
])
def test_each_known_mistake_is_named(mistake, output_layer, hidden_layer):
    for layer, expected in (("output", output_layer), ("hidden", hidden_layer)):
        for cases in (EXERCISE, OTHER_CASES):
            verdict = check_backprop(student(mistake), layer, cases)
            assert verdict.passed == (expected is None), verdict
            assert verdict.mistakes == (() if expected is None else (expected,)), verdict


def test_the_published_formula_report_names_the_gradients_and_the_fix():
    verdict = check_backprop(student("published"), "hidden")
    report = str(verdict)
    assert report.startswith("✗ ∂L/∂w1, ∂L/∂w2, ∂L/∂w3 and ∂L/∂w4 are not right at the exercise's numbers.")
    # yours and right, as notebook 03 prints them: +0.014583 published, -0.008421 by the chain rule
    assert "  ∂L/∂w1        +0.01458333    -0.00842148   ✗" in report
    assert "∂L/∂w1, ∂L/∂w2, ∂L/∂w3 and ∂L/∂w4: the exercise's published formula (bpcore.backprop_original)." \
        in report
    assert "∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6" in report and "notebook 03" in report.lower()


def test_bpcore_backprop_original_is_recognised_as_the_published_formula():
    def backprop(w, x, y):  # a student who copied the exercise's code, as bpcore keeps it
        return list(published(w, x, y))

    published = bpcore.backprop_original
    assert check_backprop(backprop, "hidden").mistakes == ("borrowed",)  # taken from bpcore: refused
    verdict = compare("∂L/∂{}", LAYERS["hidden"],
                              [dict(zip(bpcore.WEIGHT_NAMES, published(*c))) for c in ALL_CASES],
                              [dict(zip(bpcore.WEIGHT_NAMES, autograd_truth(*c))) for c in ALL_CASES],
                              BACKPROP_MISTAKES, ALL_CASES, "hint")
    assert verdict.mistakes == ("published formula",)


def test_the_worked_examples_answers_earn_nothing_in_the_hidden_tests():
    assert check_backprop(worked_example_only, "output").passed
    assert check_backprop(worked_example_only, "hidden").passed
    for layer in ("output", "hidden"):
        verdict = check_backprop(worked_example_only, layer, OTHER_CASES)
        assert not verdict.passed and verdict.mistakes == ("worked example's globals",)


@pytest.mark.parametrize("answer, message", [
    (None, "returned None: does it end with `return`"),
    ([0.1] * 7, "returned 7 numbers; it must return 8, w1, w2, w3, w4, w5, w6, w7, w8."),
    ([0.1] * 7 + [float("nan")], "returned nan for w8"),
    ([0.1] * 7 + [math.inf], "returned inf for w8"),
    ({"w1": 0.1}, "returned {'w1': 0.1} (dict); it must return 8 numbers w1...w8\n  in that order"),
    (0.1, "returned 0.1 (float); it must return 8 numbers w1...w8\n  in that order"),
    ([0.1] * 7 + ["0.1"], "returned '0.1' (str) for w8; it must be a number."),
    (np.zeros((2, 2)), "returned 4 numbers"),
])
def test_answers_of_the_wrong_shape_get_a_message(answer, message):
    verdict = check_backprop(lambda w, x, y: answer, "hidden")
    assert not verdict.passed and message in str(verdict), str(verdict)


def test_a_function_with_the_exercises_signature_or_none_at_all_gets_a_message():
    def back_propagate(out_o1, out_o2, out_h1, out_h2):
        return [0.0] * 8

    verdict = check_backprop(back_propagate, "output")
    assert str(verdict) == "✗ backprop must take (w, x, y); yours takes (out_o1, out_o2, out_h1, out_h2)."
    assert str(check_backprop(None, "output")) == "✗ backprop must be a function, got None."
    with pytest.raises(ValueError, match="layer must be 'output' or 'hidden'"):
        check_backprop(student(), "middle")


def helper(w, x, y):
    return bpcore.backprop(w, x, y)


def test_gradients_taken_from_bpcore_or_autograd_are_refused():
    from bpcore import backprop as imported

    takers = [bpcore.backprop, imported, lambda w, x, y: bpcore.backprop(w, x, y),
              lambda w, x, y: bpcore.autograd.backprop(w, x, y), lambda w, x, y: helper(w, x, y),
              lambda w, x, y: bpcore.numeric_grad(w, x, y), lambda w, x, y: bpcore.backward(w, x, y).grads,
              lambda w, x, y: getattr(bpcore, "back" + "prop")(w, x, y)]
    for taker in takers:
        verdict = check_backprop(taker, "output")
        assert not verdict.passed and verdict.mistakes == ("borrowed",), verdict
    uses_backward = check_backprop(lambda w, x, y: torch.tensor(0.0).backward(), "output")
    assert "autograd's .backward()" in str(uses_backward)
    # using bpcore's sigmoid or forward pass is fine: the chain rule is still the student's
    def with_bpcore_forward(w, x, y):
        f = bpcore.forward(w, x)
        assert bpcore.sigmoid(f.in_h1) == f.out_h1
        return student()(w, x, y)

    assert check_backprop(with_bpcore_forward, "hidden").passed


# --- forward, loss, training loop ---------------------------------------------------------------

def forward_by_hand(w, x, mazur=False, sigmoid=sigma):
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    if mazur:
        w2, w3 = w3, w2
    x1, x2 = x
    out_h1, out_h2 = sigmoid(w1 * x1 + w3 * x2), sigmoid(w2 * x1 + w4 * x2)
    return out_h1, out_h2, sigmoid(w5 * out_h1 + w7 * out_h2), sigmoid(w6 * out_h1 + w8 * out_h2)


def test_check_forward():
    outputs = forward_by_hand(SEED_WEIGHTS, SEED_X)
    assert str(check_forward(forward_by_hand)) == "✓ Right at the exercise's numbers:\n  " + \
        ", ".join(f"{name} = {v:+.8f}" for name, v in zip(("out_h1", "out_h2", "out_o1", "out_o2"), outputs))
    assert round(forward_by_hand(SEED_WEIGHTS, SEED_X)[2], 5) == 0.47695  # the exercise's printed outputs
    assert round(forward_by_hand(SEED_WEIGHTS, SEED_X)[3], 5) == 0.52870
    assert check_forward(forward_by_hand, OTHER_CASES).passed
    mazur = check_forward(lambda w, x: forward_by_hand(w, x, mazur=True))
    assert mazur.mistakes == ("swapped w2/w3",) and "in_h1 = w1·x1 + w3·x2" in str(mazur)
    no_sigmoid = check_forward(lambda w, x: forward_by_hand(w, x, sigmoid=lambda z: z))
    # without any sigmoid only out_h1, out_h2 are the net inputs in_h1, in_h2; the outputs then differ again
    assert "missing sigmoid" in no_sigmoid.mistakes and "out_h1 = σ(in_h1)" in str(no_sigmoid)
    assert check_forward(lambda w, x: forward_by_hand(SEED_WEIGHTS, SEED_X),
                                 OTHER_CASES).mistakes == ("worked example's globals",)
    assert "returned 3 numbers" in str(check_forward(lambda w, x: forward_by_hand(w, x)[:3]))


def loss_by_hand(w, x, y, half=0.5):
    _, _, out_o1, out_o2 = forward_by_hand(w, x)
    return half * (out_o1 - y[0]) ** 2 + half * (out_o2 - y[1]) ** 2


def test_check_loss():
    assert str(check_loss(loss_by_hand)) == "✓ Right at the exercise's numbers:\n  L = 0.2097097937"
    assert check_loss(loss_by_hand, OTHER_CASES).passed
    assert check_loss(lambda w, x, y: np.float64(loss_by_hand(w, x, y))).passed
    no_half = check_loss(lambda w, x, y: loss_by_hand(w, x, y, half=1.0), OTHER_CASES)
    assert no_half.mistakes == ("loss without ½",) and "½(out_o1 − y1)²" in str(no_half)
    assert "returned None" in str(check_loss(lambda w, x, y: None))


def loop(w, x, y, lr=1.0, epochs=10, mistake=None, grad=student()):
    """A student's gradient_descent, by hand, right or with one known mistake."""
    if mistake == "globals":
        w, x, y = SEED_WEIGHTS, SEED_X, SEED_Y
    w, losses = list(w), []
    for _ in range(epochs - (mistake == "one short")):
        if mistake != "after":
            losses.append(loss_by_hand(w, x, y))
        g = grad(w, x, y)
        step = {"ascent": -lr, "lr ignored": 1.0, "no update": 0.0}.get(mistake, lr)
        new = [wi - step * gi for wi, gi in zip(w, g)]
        w = w if mistake == "no update" else new
        if mistake == "after":
            losses.append(loss_by_hand(w, x, y))
    return w, losses


def torch_sgd(w, x, y, lr, epochs, zero=True, dtype=torch.float64):
    """The exercise's step 5 with torch.optim.SGD: (losses, final weights); zero=False forgets zero_grad."""
    ws = [torch.tensor(v, dtype=dtype, requires_grad=True) for v in w]
    optimizer, losses = torch.optim.SGD(ws, lr=lr), []
    for _ in range(epochs):
        if zero:
            optimizer.zero_grad()
        out_h1 = torch.sigmoid(ws[0] * x[0] + ws[2] * x[1])
        out_h2 = torch.sigmoid(ws[1] * x[0] + ws[3] * x[1])
        out_o1 = torch.sigmoid(ws[4] * out_h1 + ws[6] * out_h2)
        out_o2 = torch.sigmoid(ws[5] * out_h1 + ws[7] * out_h2)
        L = 0.5 * (out_o1 - y[0]) ** 2 + 0.5 * (out_o2 - y[1]) ** 2
        L.backward()
        losses.append(L.item())
        optimizer.step()
    return losses, [t.item() for t in ws]


def test_check_training():
    verdict = check_training(loop, student(), loss_by_hand)
    assert verdict.passed and "the exercise's 第9轮: 0.110823." in str(verdict)
    torch_losses, _ = torch_sgd(SEED_WEIGHTS, SEED_X, SEED_Y, 1.0, 10)
    assert math.isclose(loop(SEED_WEIGHTS, SEED_X, SEED_Y)[1][-1], torch_losses[-1], rel_tol=1e-12)
    assert check_training(loop, student(), loss_by_hand, OTHER_CASES, lr=0.5, epochs=7).passed
    # the loop is graded on its own: a right loop with the published backprop still passes
    published = student("published")
    assert check_training(lambda *a: loop(*a, grad=published), published, loss_by_hand).passed
    for mistake, name in (("ascent", "climbs"), ("after", "records after"), ("no update", "no update"),
                          ("lr ignored", "ignores lr"), ("globals", "worked example's globals")):
        verdict = check_training(lambda *a: loop(*a, mistake=mistake), student(), loss_by_hand,
                                         OTHER_CASES, lr=0.5, epochs=7)
        assert verdict.mistakes == (name,), (mistake, str(verdict))
        assert "your loss" in str(verdict) and "Notebook 04" in str(verdict)
    short = check_training(lambda *a: loop(*a, mistake="one short"), student(), loss_by_hand)
    assert "must record 10 losses" in str(short)


# --- assignment 2: autograd ---------------------------------------------------------------------

def leaves(values, dtype=torch.float64):
    return [torch.tensor([v], dtype=dtype, requires_grad=True) for v in values]


def test_check_make_weights():
    assert check_make_weights(leaves).passed
    float32 = check_make_weights(lambda values: [torch.Tensor([v]).requires_grad_() for v in values])
    assert float32.mistakes == ("float32",) and "torch.Tensor([...]) makes float32" in str(float32)
    no_grad = check_make_weights(lambda values: [torch.tensor([v], dtype=torch.float64)
                                                         for v in values])
    assert "does not require grad" in str(no_grad)
    not_leaf = check_make_weights(lambda values: [t * 1 for t in leaves(values)])
    assert "is not a leaf" in str(not_leaf) and "MulBackward0" in str(not_leaf)
    assert "w1 holds" in str(check_make_weights(lambda values: leaves([0.0] * 8)))
    one_tensor = check_make_weights(lambda values: torch.tensor(list(values), requires_grad=True))
    assert "eight tensors" in str(one_tensor)


def forward_loss_by_hand(weights, x, y, item=False, half=0.5, float32_inputs=False):
    w1, w2, w3, w4, w5, w6, w7, w8 = weights
    x1, x2 = (torch.tensor([v], dtype=torch.float32) for v in x) if float32_inputs else x
    out_h1, out_h2 = torch.sigmoid(w1 * x1 + w3 * x2), torch.sigmoid(w2 * x1 + w4 * x2)
    out_o1, out_o2 = torch.sigmoid(w5 * out_h1 + w7 * out_h2), torch.sigmoid(w6 * out_h1 + w8 * out_h2)
    L = half * (out_o1 - y[0]) ** 2 + half * (out_o2 - y[1]) ** 2
    return L.item() if item else L


def test_check_forward_loss():
    assert check_forward_loss(forward_loss_by_hand, ALL_CASES).passed
    item = check_forward_loss(lambda *a: forward_loss_by_hand(*a, item=True))
    assert "not a tensor computed from the weights" in str(item) and "L.item()" in str(item)
    no_half = check_forward_loss(lambda *a: forward_loss_by_hand(*a, half=1.0))
    assert no_half.mistakes == ("loss without ½",)


def test_float32_fails_where_it_matters_the_gradient_check():
    """x1, x2 in float32 (0.3 becomes 0.30000001): L is still float64 and right to 1e-6, but its gradients
    are about 1e-8 off, which the gradient test (1e-10) sees and the training test (1e-6) forgives."""
    float32 = check_forward_loss(lambda *a: forward_loss_by_hand(*a, float32_inputs=True))
    assert float32.mistakes == ("float32",) and "float32's precision" in str(float32)
    all32 = check_forward_loss(lambda ws, x, y: forward_loss_by_hand([w.float() for w in ws], x, y))
    assert all32.mistakes == ("float32",)


def step_by_hand(weights, lr, mistake=None):
    if mistake == "outside no_grad":
        for w in weights:
            w -= lr * w.grad
        return
    if mistake == "new tensors":
        with torch.no_grad():
            for i, w in enumerate(weights):
                weights[i] = w - lr * w.grad
                w.grad.zero_()
        return
    if mistake == "recorded":
        for i, w in enumerate(weights):
            weights[i] = w - lr * w.grad
            w.grad.zero_()
        return
    if mistake == "rebound":
        for w in weights:
            w = w - lr * w.grad  # noqa: F841 (the mistake: a new local tensor)
        return
    with torch.no_grad():
        for w in weights:
            if mistake == "data":
                w.data = w.data - lr * w.grad.data  # the exercise's way
            else:
                w -= lr * w.grad
            if mistake != "no zero":
                w.grad.zero_()


@pytest.mark.parametrize("mistake, step_ok, zero_ok, name", [
    (None, True, True, None),
    ("data", True, True, None),
    ("no zero", True, False, "accumulated gradients"),
    ("outside no_grad", False, False, "outside no_grad"),
    ("recorded", False, True, "outside no_grad"),
    ("new tensors", False, True, "not in place"),
    ("rebound", False, False, {"not in place", "accumulated gradients"}),
])
def test_check_step_and_zero_grad(mistake, step_ok, zero_ok, name):
    def step(weights, lr):
        step_by_hand(weights, lr, mistake)

    for cases, lr in ((EXERCISE, 1.0), (OTHER_CASES, 0.5)):
        on_step, on_zero = check_step(step, cases, lr), check_zero_grad(step, cases, lr)
        assert (on_step.passed, on_zero.passed) == (step_ok, zero_ok), (str(on_step), str(on_zero))
        found = set(on_step.mistakes) | set(on_zero.mistakes)
        assert found == ({name} if isinstance(name, str) else name or set()), (str(on_step), str(on_zero))
    if mistake == "outside no_grad":
        assert "leaf Variable that requires grad" in str(on_step) and "torch.no_grad()" in str(on_step)


def train_by_hand(values, x, y, lr=1.0, epochs=10, zero=True, dtype=torch.float64, no_grad=True):
    weights, losses = leaves(values, dtype), []
    for _ in range(epochs):
        L = forward_loss_by_hand(weights, x, y)
        L.backward()
        losses.append(L.item())
        if not no_grad:
            for w in weights:
                w -= lr * w.grad
        with torch.no_grad():
            for w in weights:
                w -= lr * w.grad
                if zero:
                    w.grad.zero_()
    return losses, weights


def test_check_train():
    assert check_train(train_by_hand).passed
    assert check_train(train_by_hand, OTHER_CASES, lr=0.5, epochs=7).passed
    losses, weights = train_by_hand(SEED_WEIGHTS, SEED_X, SEED_Y)
    right_losses, right_weights = torch_sgd(SEED_WEIGHTS, SEED_X, SEED_Y, 1.0, 10)
    assert np.allclose(losses, right_losses, rtol=1e-13)
    assert np.allclose([w.item() for w in weights], right_weights)
    # the accumulated run the check recognises is torch's own SGD without zero_grad
    piled_losses, piled_weights = torch_sgd(SEED_WEIGHTS, SEED_X, SEED_Y, 1.0, 10, zero=False)
    w_end, check_losses = accumulated_run(SEED_WEIGHTS, SEED_X, SEED_Y, 1.0, 10)
    assert np.allclose(check_losses, piled_losses, rtol=1e-12)
    assert np.allclose(list(w_end), piled_weights, rtol=1e-12)
    piled = check_train(lambda *a: train_by_hand(*a, zero=False), OTHER_CASES, lr=0.5,
                                epochs=7)
    assert piled.mistakes == ("accumulated gradients",) and "梯度清零" in str(piled)
    outside = check_train(lambda *a: train_by_hand(*a, no_grad=False))
    assert outside.mistakes == ("outside no_grad",)


def test_float32_is_forgiven_where_it_does_not_matter_training():
    assert check_train(lambda *a: train_by_hand(*a, dtype=torch.float32), ALL_CASES).passed


def test_grading_loads_lazily_and_assignment_1_needs_no_torch():
    code = ("import sys, bpcore; lazy = 'bpcore.grading' not in sys.modules; "
            "found = bpcore.grading.__name__; from bpcore.grading.backprop import check_backprop; "
            "print(lazy, found, 'torch' in sys.modules, hasattr(bpcore, 'no_such_module'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "bpcore.grading", "False", "False"]


# --- in Chinese -----------------------------------------------------------------------------------

def torch_step(mistake):
    return lambda weights, lr: step_by_hand(weights, lr, mistake)


def on(cases, fn, *args, **kw):
    return lambda: fn(*args, cases, **kw)


# Each a check a student's mistake fails (or a right answer passes), said in English and in Chinese.
SAID = {
    **{f"backprop {m} {layer}": on(OTHER_CASES, check_backprop, student(m), layer)
       for m in (None, "published", "flipped", "no sigma'", "mazur", "no half", "order")
       for layer in ("output", "hidden")},
    "published at the exercise's numbers": on(EXERCISE, check_backprop, student("published"), "hidden"),
    "worked example": on(OTHER_CASES, check_backprop, worked_example_only, "hidden"),
    "borrowed": on(EXERCISE, check_backprop, bpcore.backprop, "hidden"),
    "seven gradients": on(EXERCISE, check_backprop, lambda w, x, y: student()(w, x, y)[:7], "output"),
    "forward": on(EXERCISE, check_forward, forward_by_hand),
    "forward mazur": on(EXERCISE, check_forward, lambda w, x: forward_by_hand(w, x, mazur=True)),
    "forward without sigmoid": on(EXERCISE, check_forward,
                                  lambda w, x: forward_by_hand(w, x, sigmoid=lambda z: z)),
    "loss": on(EXERCISE, check_loss, loss_by_hand),
    "loss without ½": on(OTHER_CASES, check_loss, lambda w, x, y: loss_by_hand(w, x, y, half=1.0)),
    "loss None": on(EXERCISE, check_loss, lambda w, x, y: None),
    "loop": on(EXERCISE, check_training, loop, student(), loss_by_hand),
    **{f"loop {m}": on(OTHER_CASES, check_training, lambda *a, m=m: loop(*a, mistake=m), student(),
                       loss_by_hand, lr=0.5, epochs=7)
       for m in ("ascent", "after", "no update", "lr ignored", "globals")},
    "loop one short": on(EXERCISE, check_training, lambda *a: loop(*a, mistake="one short"), student(),
                         loss_by_hand),
    "make_weights float32": lambda: check_make_weights(lambda v: leaves(v, torch.float32)),
    "forward_loss float32": on(EXERCISE, check_forward_loss,
                               lambda ws, x, y: forward_loss_by_hand([w.float() for w in ws], x, y)),
    **{f"step {m}": on(EXERCISE, check_step, torch_step(m))
       for m in (None, "outside no_grad", "new tensors")},
    "zero_grad forgotten": on(EXERCISE, check_zero_grad, torch_step("no zero")),
    "train piled up": on(OTHER_CASES, check_train, lambda *a: train_by_hand(*a, zero=False), lr=0.5,
                         epochs=7),
    "loop with a nan loss": on(EXERCISE, check_training,
                               lambda *a: (loop(*a)[0], [math.nan] + loop(*a)[1][1:]), student(),
                               loss_by_hand),
    "train one loss short": on(OTHER_CASES, check_train,
                               lambda *a: (train_by_hand(*a)[0][1:], train_by_hand(*a)[1]), lr=0.5, epochs=7),
}
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")  # not the 1 of w1 or ∂L/∂w1
# English a Chinese report may keep: the code's names (Python's, PyTorch's, the student's) and a person's
CODE = {"backprop", "backprop_original", "bpcore", "forward", "loss", "gradient_descent", "train", "step",
        "make_weights", "forward_loss", "torch", "tensor", "Tensor", "grad", "grad_fn", "float", "float32",
        "float64", "dtype", "requires_grad", "no_grad", "zero_", "item", "backward", "sigmoid", "math", "exp",
        "return", "leaf", "graph", "Matt", "Mazur", "RuntimeError", "TypeError", "None", "NoneType",
        "Weights", "numpy", "list", "tuple", "lr", "epochs", "losses", "weights", "values", "inf", "nan",
        "gradients", "with"}
TORCH_SAYS = "a leaf Variable that requires grad is being used in an in-place operation."


def said_in(language, check):
    bpcore.use_language(language)
    try:
        return check()
    finally:
        bpcore.use_language("en")


def english_words(report: str) -> set[str]:
    """The words of `report` that are English, leaving out the code's names, symbols (w1, out_h1, δ_o1,
    d_w5) and PyTorch's own error message, which the report quotes as it is."""
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", report.replace(TORCH_SAYS, ""))) - CODE
    return {w for w in words if len(w) > 2 and not re.fullmatch(r"(w|x|y|in|out|delta|d)_\w*", w)}


@pytest.mark.parametrize("name", SAID)
def test_a_chinese_report_says_the_english_in_chinese(name):
    """The same verdict and named mistakes, the same numbers, and no English word but the code's names."""
    english, chinese = said_in("en", SAID[name]), said_in("zh", SAID[name])
    assert (chinese.passed, chinese.mistakes) == (english.passed, english.mistakes)
    assert sorted(NUMBER.findall(chinese.report)) == \
        sorted(NUMBER.findall(re.sub(r"epoch \d+", "", english.report)))  # a loss's epoch 3 is its 第3轮
    assert re.search("[\u4e00-\u9fff]", chinese.report), chinese.report
    assert english_words(chinese.report) == set(), chinese.report
    assert english_words(english.report) != set()  # the test can see English


def test_the_published_formula_is_named_in_chinese():
    verdict = said_in("zh", lambda: check_backprop(student("published"), "hidden"))
    assert verdict.mistakes == ("published formula",)
    assert str(verdict).startswith("✗ ∂L/∂w1、∂L/∂w2、∂L/∂w3 和 ∂L/∂w4 在练习的数值上不对。\n")
    assert ("∂L/∂w1、∂L/∂w2、∂L/∂w3 和 ∂L/∂w4：原练习给出的公式（bpcore.backprop_original）算出的值。\n"
            "  它让输出层的误差经由 out_h1 和 out_h2 传回，而误差本应经由权重 w5...w8 传回：\n"
            "  ∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6，而不是 d_w5 + d_w6 = δ_o1·out_h1 + δ_o2·out_h1。\n"
            "  见笔记本 03“哪个因子错了，为什么”一节。") in str(verdict)


def test_a_chinese_table_keeps_its_columns():
    """The heads over the columns of yours and the right values end where the numbers end, a Chinese
    character counted as two columns, as a monospaced font draws it."""
    from bpcore.grading.reports import width

    for language in ("en", "zh"):
        lines = str(said_in(language, lambda: check_backprop(student("flipped"), "output"))).splitlines()
        head, row = next((a, b) for a, b in zip(lines, lines[1:]) if b.startswith("  ∂L/∂w5"))
        assert width(head) == width(row.rsplit("   ", 1)[0]), (head, row)


def test_an_unknown_layer_is_refused_in_chinese():
    with pytest.raises(ValueError, match="layer 必须是 'output' 或 'hidden'，而传入的是 'middle'"):
        said_in("zh", lambda: check_backprop(student(), "middle"))
