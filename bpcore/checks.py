"""Self-checks for the "Try it" exercises: a student's number against an independent witness.

The exercises ask for values worked by hand and typed to a few digits, so a check accepts the
truth rounded to 3 or more significant digits: |value − truth| ≤ RTOL·|truth| + ATOL.  Anything
1 % or more off fails (when |truth| > 1e-4).

`check_gradient` holds a hand-derived ∂L/∂w against PyTorch autograd (float64) and names the
known mistakes, each held to the same tolerance, so that a rounded mistake is still recognised:
the exercise's published (flawed) formula, a flipped sign, a missing σ′, swapped w2/w3, a loss
without its ½.  `mistaken_gradients` computes them; the autograder (bpcore.grading) uses it too.
"""

from __future__ import annotations

import math
from numbers import Integral

from . import validate
from .network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Backward,
    Weights,
    arguments,
    chain_rule,
    forward_pass,
    published_chain_rule,
)

RTOL = 5e-3  # the truth rounded to 3 significant digits is at most 0.5 in 100 off
ATOL = 5e-7  # a floor for values near zero, typed to six decimals


def _close(value: float, truth: float) -> bool:
    return abs(value - truth) <= RTOL * abs(truth) + ATOL


def _show(v: float) -> str:
    """A whole number as one (103), anything else to 6 significant digits with a sign (+0.476946).

    A rejected answer is more than 0.5 % off, so 6 digits always show how it differs from the truth."""
    if v == int(v) and abs(v) < 1e15:
        return f"{v:.0f}"
    return f"{v:+.6g}"


def _how_far(value: float, truth: float) -> str:
    """How the size is off, same sign: '2.5× the truth', or '1.2 % too large' when near."""
    ratio = value / truth
    if abs(ratio - 1) >= 0.5:
        return f"{ratio:.3g}× the truth"
    percent = abs(ratio - 1) * 100  # two decimals below 1 %: a rejected 0.504 % must not read as 0.5 %
    return f"{percent:.2f} % too {'large' if ratio > 1 else 'small'}" if percent < 1 else \
        f"{percent:.2g} % too {'large' if ratio > 1 else 'small'}"


DIGITS = "keep at least 3 significant digits (4 is safer) and round only at the end."
CLOSE = f"  Close, but more than rounding off: {DIGITS}"


def _near(value: float, truth: float) -> bool:
    """Within 5 % of the truth but not accepted: too few digits typed, or rounded too early."""
    return abs(value - truth) <= 0.05 * abs(truth)


def check_number(label: str, value, expected, rtol: float | None = None) -> bool:
    """Print whether `value` is `expected`, and return True if it is.

    A typed answer passes when it is `expected` to 3 significant digits or better.  A whole-number
    truth (an epoch, a width) must be met exactly.  `rtol` is for answers a student's code computes
    (a function, a loop): they must agree to that relative tolerance, and no digits are blamed.
    """
    value = validate.number(value, label)
    if isinstance(expected, Integral) and not isinstance(expected, bool):
        right = value == expected
    elif rtol is not None:
        right = abs(value - expected) <= rtol * abs(expected)
    else:
        right = _close(value, expected)
    if right:
        print(f"✓ {label} = {_show(value)} is right.")
        return True
    print(f"✗ {label} = {_show(value)}, expected {_show(expected)} "
          f"(off by {value - expected:+.2e}).")
    if rtol is None and not isinstance(expected, Integral) and _near(value, expected):
        print(CLOSE)
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
    - "loss without ½": the gradients of (out_o1 − y1)² + (out_o2 − y2)², twice the true ones.
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
    return {
        "published": published_chain_rule(f, w, x, y),
        "flipped sign": -right.grads,
        "missing output σ′": Weights(e_h1 * x1, e_h2 * x1, e_h1 * x2, e_h2 * x2,
                                     e_o1 * f.out_h1, e_o2 * f.out_h1, e_o1 * f.out_h2, e_o2 * f.out_h2),
        "missing hidden σ′": Weights(s_h1 * x1, s_h2 * x1, s_h1 * x2, s_h2 * x2, *_output_layer(right)),
        "swapped w2/w3": swap_w2_w3(chain_rule(forward_pass(swapped, x), swapped, x, y).grads),
        "loss without ½": 2 * right.grads,
    }


def _output_layer(b: Backward) -> tuple[float, float, float, float]:
    return b.grads.w5, b.grads.w6, b.grads.w7, b.grads.w8


HINTS = {
    "published": "is the exercise's published formula",
    "flipped sign": "has the wrong sign",
    "missing output σ′": "misses the output unit's σ′",
    "missing hidden σ′": "misses the hidden unit's σ′",
    "swapped w2/w3": "belongs to a network with w2 and w3 swapped",
    "loss without ½": "is twice the truth: the gradient of a loss without its ½",
}
ADVICE = {
    "published": "the error reaches a hidden unit through the weights w5...w8, not through out_h1 or out_h2.",
    "flipped sign": "∂L/∂out_o = out_o − y, not y − out_o.",
    "missing output σ′": "δ_o = (out_o − y) · out_o(1 − out_o): the sigmoid's slope at the output belongs "
                         "in it.",
    "missing hidden σ′": "δ_h = (Σ δ_o · w) · out_h(1 − out_h): the sigmoid's slope at the hidden unit "
                         "belongs in it.",
    "swapped w2/w3": "in the exercise w3 joins x2 to h1 and w2 joins x1 to h2: in_h1 = w1·x1 + w3·x2.",
    "loss without ½": "L = ½(out_o1 − y1)² + ½(out_o2 − y2)², so ∂L/∂out_o1 = out_o1 − y1, "
                      "not 2(out_o1 − y1).",
}


def check_gradient(name: str, value, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y) -> bool:
    """Check a student's ∂L/∂<name> against autograd; print a verdict and return True if right."""
    # Lazy: torch takes seconds to load, and the numpy-only notebooks need it for this witness alone.
    from . import autograd  # noqa: PLC0415

    if name not in WEIGHT_NAMES:
        raise ValueError(f"name must be one of {', '.join(WEIGHT_NAMES)}, got {name!r}")
    value = validate.number(value, "value")
    w, x, y = arguments(w, x, y)
    truth = getattr(autograd.backprop(w, x, y), name)
    label = f"∂L/∂{name}"
    shown, said = _show(value), f"Autograd says {_show(truth)}."
    if _close(value, truth):
        print(f"✓ {label} = {shown} agrees with autograd ({_show(truth)}).")
        return True
    for mistake, grads in mistaken_gradients(w, x, y).items():
        wrong = getattr(grads, name)
        typed_close = _close(value, wrong) or (mistake == "flipped sign" and _near(value, wrong))
        if typed_close and not _close(wrong, truth):
            print(f"✗ {label} = {shown} {HINTS[mistake]}. {said}\n  Hint: {ADVICE[mistake]}")
            if not _close(value, wrong):
                print(CLOSE)
            elif _near(value, truth):  # the mistake lies close to the truth: a rounding could look alike
                print(f"  Or, if you followed the chain rule, it is rounded too far: {DIGITS}")
            return False
    if _near(value, truth):
        print(f"✗ {label} = {shown}: the size is {_how_far(value, truth)}. {said}\n{CLOSE}")
    elif truth != 0 and value != 0 and math.copysign(1, value) == math.copysign(1, truth):
        print(f"✗ {label} = {shown}: the sign is right, the size is {_how_far(value, truth)}. {said}\n"
              f"  Hint: check that every factor of the chain appears once: (out − y), the sigmoid's "
              f"out(1 − out), the weight or input it flows through.")
    else:
        print(f"✗ {label} = {shown}. {said}")
    return False
