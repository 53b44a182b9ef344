"""Self-checks for the "Try it" exercises: a student's number against an independent witness.

The exercises ask for values worked by hand and typed to a few digits, so a check accepts the
truth rounded to 3 or more significant digits: |value − truth| ≤ RTOL·|truth| + ATOL.  Anything
1 % or more off fails (when |truth| > 1e-4).  A rejected answer is blamed on rounding only when it is
the truth rounded (or cut) to the decimals the student typed, too few to pass; any other wrong answer is
a mistake, named when it is a known one, else called wrong.  An unanswered check (None or ...) asks for
an answer and shows nothing of the truth.

`check_gradient` holds a hand-derived ∂L/∂w against PyTorch autograd (float64) and names the
known mistakes, each held to the same tolerance, so that a rounded mistake is still recognised:
the exercise's published (flawed) formula, a flipped sign, a missing σ′, swapped w2/w3, a loss
without its ½, x1 where x2 belongs (or x2 where x1 belongs), and, in an exercise on other weights,
inputs or targets, the worked example's.  `mistaken_gradients` computes the first ones; the autograder
(bpcore.grading) uses it too.  `check_number` names the mistakes its caller lists (`mistakes=`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from numbers import Integral

from . import validate
from .formatting import answer
from .gradients import Backward, chain_rule, published_chain_rule
from .language import N_, tr
from .network import SEED_WEIGHTS, SEED_X, SEED_Y, WEIGHT_NAMES, Weights, arguments, forward_pass

RTOL = 5e-3  # the truth rounded to 3 significant digits is at most 0.5 in 100 off
ATOL = 5e-7  # a floor for values near zero, typed to six decimals


def _close(value: float, truth: float) -> bool:
    return abs(value - truth) <= RTOL * abs(truth) + ATOL


def _how_far(value: float, truth: float) -> str:
    """How the size is off, same sign: '2.5× the truth', or '1.2 % too large' when near."""
    ratio = value / truth
    if abs(ratio - 1) >= 0.5:
        return tr("{ratio:.3g}× the truth", ratio=ratio)
    percent = abs(ratio - 1) * 100  # two decimals below 1 %: a rejected 0.504 % must not read as 0.5 %
    shown = f"{percent:.2f}" if percent < 1 else f"{percent:.2g}"
    if ratio > 1:
        return tr("{percent} % too large", percent=shown)
    return tr("{percent} % too small", percent=shown)


# Translated where they are said: "  " + tr(ROUNDED, digits=tr(DIGITS))
DIGITS = N_("keep at least 3 significant digits (4 is safer) and round only at the end.")
ROUNDED = N_("That is the right value rounded to too few digits: {digits}")
WRONG = N_("That is not the right value rounded: a step is wrong. Redo it one number at a time.")


def _decimals(value: float) -> int:
    """How many decimals the student typed: 2 for 0.48, 5 for 1e-05, -2 for 1200 (its last non-zero
    digit is the hundreds)."""
    return -Decimal(repr(float(value))).normalize().as_tuple().exponent


def _rounded(value: float, truth: float) -> bool:
    """Whether `value` is `truth` rounded, or cut, to the decimals the student typed (and so too
    short to pass): 0.48 for 0.476946 is; 0.4769 for 0.483653 is not, whatever its distance."""
    if value == 0 or truth == 0 or math.copysign(1, value) != math.copysign(1, truth):
        return False
    places = _decimals(value)
    scale = 10.0 ** places
    shortened = (round(truth, places), math.trunc(truth * scale) / scale)
    return any(math.isclose(value, s, rel_tol=1e-9) for s in shortened)


def unanswered(value) -> bool:
    """Whether the student has not answered yet: the exercise's placeholder None (or ...) is still there."""
    return value is None or value is Ellipsis


def _ask(label: str) -> bool:
    print(tr("No answer yet for {label}: replace the placeholder by your answer, then run this cell again.",
             label=label))
    return False


def check_number(label: str, value, expected, rtol: float | None = None, *,
                 mistakes: Mapping[str, float] | None = None) -> bool:
    """Print whether `value` is `expected`, and return True if it is.

    A typed answer passes when it is `expected` to 3 significant digits or better.  A whole-number
    truth (an epoch, a width) must be met exactly.  `rtol` is for answers a student's code computes
    (a function, a loop): they must agree to that relative tolerance, and no digits are blamed.
    `mistakes` maps what a known mistake did ("is out_o1 for the worked example's input x = (0.5, 0.3)")
    to the value it gives: a wrong answer that is one of them, typed to 3 digits or more, is named.
    An unanswered check (None or ...) asks for the answer and returns False, showing nothing.
    """
    if unanswered(value):
        return _ask(label)
    value = validate.number(value, label)
    if isinstance(expected, Integral) and not isinstance(expected, bool):
        right = value == expected
    elif rtol is not None:
        right = abs(value - expected) <= rtol * abs(expected)
    else:
        right = _close(value, expected)
    if right:
        print(tr("✓ {label} = {value} is right.", label=label, value=answer(value)))
        return True
    for what, wrong in (mistakes or {}).items():
        if _close(value, wrong) and not _close(wrong, expected):
            print(tr("✗ {label} = {value} {mistake}. Expected {expected}.",
                     label=label, value=answer(value), mistake=what, expected=answer(expected)))
            return False
    print(tr("✗ {label} = {value}, expected {expected} (off by {off:+.2e}).",
             label=label, value=answer(value), expected=answer(expected), off=value - expected))
    if rtol is None and not isinstance(expected, Integral):
        print("  " + (tr(ROUNDED, digits=tr(DIGITS)) if _rounded(value, expected) else tr(WRONG)))
    return False


def swap_w2_w3(w: Weights) -> Weights:
    """w with w2 and w3 exchanged: Mazur's wiring in_h1 = w1·x1 + w2·x2 against the exercise's."""
    return Weights(w.w1, w.w3, w.w2, w.w4, w.w5, w.w6, w.w7, w.w8)


def mistaken_gradients(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y) -> dict[str, Weights]:
    """∂L/∂w1...∂L/∂w8 as each known mistake computes them, by name.

    - "published": the exercise's back_propagate, out_h1 where w5, w6 belong;
    - "flipped sign": δ_o = (y − out_o)·out_o(1 − out_o), and every gradient behind it flipped;
    - "missing output σ′": δ_o = out_o − y, without out_o(1 − out_o);
    - "missing hidden σ′": δ_h1 = δ_o1·w5 + δ_o2·w6 (likewise h2), without out_h(1 − out_h);
    - "swapped w2/w3": the gradients of a network wired in_h1 = w1·x1 + w2·x2, in_h2 = w3·x1 + w4·x2;
    - "loss without ½": the gradients of (out_o1 − y1)² + (out_o2 − y2)², twice the true ones;
    - "x1 for x2": ∂L/∂w3 = δ_h1·x1 and ∂L/∂w4 = δ_h2·x1, the input x1 where x2 belongs (w1, w2 right);
    - "x2 for x1": ∂L/∂w1 = δ_h1·x2 and ∂L/∂w2 = δ_h2·x2, the input x2 where x1 belongs (w3...w8 right).
    """
    w, x, y = arguments(w, x, y)
    (x1, x2), (y1, y2) = x, y
    f = forward_pass(w, x)
    right = chain_rule(f, w, x, y)
    # without the output σ′, the chain rule otherwise intact
    e_o1, e_o2 = f.out_o1 - y1, f.out_o2 - y2
    e_h1 = (e_o1 * w.w5 + e_o2 * w.w6) * f.out_h1 * (1 - f.out_h1)
    e_h2 = (e_o1 * w.w7 + e_o2 * w.w8) * f.out_h2 * (1 - f.out_h2)
    # without the hidden σ′, the output layer intact
    s_h1 = right.delta_o1 * w.w5 + right.delta_o2 * w.w6
    s_h2 = right.delta_o1 * w.w7 + right.delta_o2 * w.w8
    swapped = swap_w2_w3(w)
    g = right.grads
    return {
        "published": published_chain_rule(f, w, x, y).grads,
        "flipped sign": -right.grads,
        "missing output σ′": Weights(e_h1 * x1, e_h2 * x1, e_h1 * x2, e_h2 * x2,
                                     e_o1 * f.out_h1, e_o2 * f.out_h1, e_o1 * f.out_h2, e_o2 * f.out_h2),
        "missing hidden σ′": Weights(s_h1 * x1, s_h2 * x1, s_h1 * x2, s_h2 * x2, *_output_layer(right)),
        "swapped w2/w3": swap_w2_w3(chain_rule(forward_pass(swapped, x), swapped, x, y).grads),
        "loss without ½": 2 * right.grads,
        "x1 for x2": Weights(g.w1, g.w2, right.delta_h1 * x1, right.delta_h2 * x1, *_output_layer(right)),
        "x2 for x1": Weights(right.delta_h1 * x2, right.delta_h2 * x2, g.w3, g.w4, *_output_layer(right)),
    }


def _output_layer(b: Backward) -> tuple[float, float, float, float]:
    return b.grads.w5, b.grads.w6, b.grads.w7, b.grads.w8


# The named mistakes' verdicts and hints, said through tr() in the language bpcore speaks.
HINTS = {
    "published": N_("is the exercise's published formula"),
    "flipped sign": N_("has the wrong sign"),
    "missing output σ′": N_("misses the output unit's σ′"),
    "missing hidden σ′": N_("misses the hidden unit's σ′"),
    "swapped w2/w3": N_("belongs to a network with w2 and w3 swapped"),
    "loss without ½": N_("is twice the truth: the gradient of a loss without its ½"),
    "x1 for x2": N_("uses x1 where x2 belongs"),
    "x2 for x1": N_("uses x2 where x1 belongs"),
}
ADVICE = {
    "published": N_("the error reaches a hidden unit through the weights w5...w8, not through out_h1 or "
                    "out_h2."),
    "flipped sign": N_("∂L/∂out_o = out_o − y, not y − out_o."),
    "missing output σ′": N_("δ_o = (out_o − y) · out_o(1 − out_o): the sigmoid's slope at the output belongs "
                            "in it."),
    "missing hidden σ′": N_("δ_h = (Σ δ_o · w) · out_h(1 − out_h): the sigmoid's slope at the hidden unit "
                            "belongs in it."),
    "swapped w2/w3": N_("in the exercise w3 joins x2 to h1 and w2 joins x1 to h2: in_h1 = w1·x1 + w3·x2."),
    "loss without ½": N_("L = ½(out_o1 − y1)² + ½(out_o2 − y2)², so ∂L/∂out_o1 = out_o1 − y1, "
                         "not 2(out_o1 − y1)."),
    "x1 for x2": N_("the last factor is the input the weight carries: w3 and w4 carry x2 (w3 from x2 to h1, "
                    "w4 from x2 to h2), so ∂L/∂w3 = δ_h1·x2."),
    "x2 for x1": N_("the last factor is the input the weight carries: w1 and w2 carry x1 (w1 from x1 to h1, "
                    "w2 from x1 to h2), so ∂L/∂w1 = δ_h1·x1."),
}
WORKED = {"w": (N_("weights"), SEED_WEIGHTS), "x": (N_("input"), SEED_X), "y": (N_("targets"), SEED_Y)}


def _pair(v) -> str:
    return f"({v[0]:g}, {v[1]:g})"


def _worked_example(w: Weights, x, y) -> dict[str, tuple[Weights, tuple, tuple]]:
    """Where an exercise's weights, input or targets differ from the worked example's: the places a
    student who kept the worked example's would have computed at, described, e.g.
    "for the worked example's targets y = (0.23, -0.07), not this exercise's y = (0.9, 0.1)"."""
    given = {"w": w, "x": tuple(x), "y": tuple(y)}
    differ = [k for k, (_, seed) in WORKED.items() if tuple(given[k]) != tuple(seed)]
    places = {}
    for k in differ:
        what, seed = WORKED[k]
        at = dict(given, **{k: seed})
        if k == "w":
            where = tr("for the worked example's weights (SEED_WEIGHTS), not this exercise's")
        else:
            where = tr("for the worked example's {what} {name} = {seed}, not this exercise's {given}",
                       what=tr(what), name=k, seed=_pair(seed), given=_pair(given[k]))
        places[where] = (at["w"], at["x"], at["y"])
    if len(differ) > 1:
        places[tr("for the worked example itself (its weights, input and targets)")] = \
            (SEED_WEIGHTS, SEED_X, SEED_Y)
    return places


def check_gradient(name: str, value, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y) -> bool:
    """Check a student's ∂L/∂<name> against autograd; print a verdict and return True if right.

    An unanswered check (None or ...) asks for the answer and returns False, showing nothing."""
    # Lazy: torch takes seconds to load, and the numpy-only notebooks need it for this witness alone.
    from . import autograd  # noqa: PLC0415

    validate.one_of(name, WEIGHT_NAMES, "name")
    label = f"∂L/∂{name}"
    if unanswered(value):
        return _ask(label)
    value = validate.number(value, "value")
    w, x, y = arguments(w, x, y)
    truth = getattr(autograd.backprop(w, x, y), name)
    shown, said = answer(value), tr("Autograd says {truth}.", truth=answer(truth))
    if _close(value, truth):
        print(tr("✓ {label} = {value} agrees with autograd ({truth}).", label=label, value=shown,
                 truth=answer(truth)))
        return True
    for mistake, grads in mistaken_gradients(w, x, y).items():
        wrong = getattr(grads, name)
        typed_close = _close(value, wrong) or (mistake == "flipped sign" and _rounded(value, wrong))
        if typed_close and not _close(wrong, truth):
            print(tr("✗ {label} = {value} {mistake}. {said}", label=label, value=shown,
                     mistake=tr(HINTS[mistake]), said=said))
            print("  " + tr("Hint: {advice}", advice=tr(ADVICE[mistake])))
            if not _close(value, wrong):
                print("  " + tr("And it is rounded to too few digits: {digits}", digits=tr(DIGITS)))
            elif _rounded(value, truth):  # the mistake lies close to the truth: a rounding looks alike
                print("  " + tr("Or, if you followed the chain rule, it is rounded too far: {digits}",
                                digits=tr(DIGITS)))
            return False
    for where, (w0, x0, y0) in _worked_example(w, x, y).items():
        wrong = getattr(chain_rule(forward_pass(w0, x0), w0, x0, y0).grads, name)
        if _close(value, wrong) and not _close(wrong, truth):
            print(tr("✗ {label} = {value} is ∂L/∂{name} {where}. {said}", label=label, value=shown,
                     name=name, where=where, said=said))
            print("  " + tr("Hint: redo the forward pass, the δs and ∂L/∂{name} with this exercise's "
                            "numbers.", name=name))
            return False
    if _rounded(value, truth):
        print(tr("✗ {label} = {value}: the size is {how_far}. {said}", label=label, value=shown,
                 how_far=_how_far(value, truth), said=said))
        print("  " + tr(ROUNDED, digits=tr(DIGITS)))
    elif truth != 0 and value != 0 and math.copysign(1, value) == math.copysign(1, truth):
        print(tr("✗ {label} = {value}: the sign is right, the size is {how_far}. {said}", label=label,
                 value=shown, how_far=_how_far(value, truth), said=said))
        print("  " + tr("Hint: that is not the truth rounded. Check that every factor of the chain appears "
                        "once, with its value: (out − y), the sigmoid's out(1 − out), the weight or input it "
                        "flows through."))
    else:
        print(tr("✗ {label} = {value}. {said}", label=label, value=shown, said=said))
    return False
