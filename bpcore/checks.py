"""Self-checks for the "Try it" exercises: a student's number against an independent witness.

`check_gradient` holds a hand-derived ∂L/∂w against PyTorch autograd (float64) and says
what is wrong in words a student can act on: a flipped sign, the exercise's published
(flawed) formula, or how far off it is.
"""

from __future__ import annotations

import math

from .network import SEED_WEIGHTS, SEED_X, SEED_Y, WEIGHT_NAMES, Weights, backprop_original
from .validate import number as _finite


def _close(a: float, b: float, rtol: float) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1e-12)


def _show(v: float) -> str:
    """A whole number as one (103), anything else to six decimals (+0.476946)."""
    return f"{v:.0f}" if v == int(v) and abs(v) < 1e15 else f"{v:+.6f}"


def check_number(label: str, value, expected: float, rtol: float = 1e-6) -> bool:
    """Print whether `value` matches `expected` to a relative tolerance; return True if it does."""
    value = _finite(value, label)
    if _close(value, expected, rtol):
        print(f"✓ {label} = {_show(value)} is right.")
        return True
    print(f"✗ {label} = {_show(value)}, expected {_show(expected)} (off by {value - expected:+.2e}).")
    return False


def check_gradient(name: str, value, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, rtol: float = 1e-6) -> bool:
    """Check a student's ∂L/∂<name> against autograd; print a verdict and return True if right."""
    # Lazy: torch takes seconds to load, and the numpy-only notebooks need it for this witness alone.
    from . import autograd  # noqa: PLC0415

    if name not in WEIGHT_NAMES:
        raise ValueError(f"name must be one of {', '.join(WEIGHT_NAMES)}, got {name!r}")
    value = _finite(value, "value")
    w = Weights.of(w)
    truth = getattr(autograd.backprop(w, x, y), name)
    published = getattr(backprop_original(w, x, y), name)
    label = f"∂L/∂{name}"
    if _close(value, truth, rtol):
        print(f"✓ {label} = {value:+.6f} agrees with autograd ({truth:+.6f}).")
        return True
    if _close(value, published, rtol):
        print(f"✗ {label} = {value:+.6f} is the exercise's published formula. Autograd says {truth:+.6f}.\n"
              f"  Hint: the error reaches a hidden unit through the weights w5...w8, not through out_h1 or out_h2.")
    elif _close(value, -truth, rtol):
        print(f"✗ {label} = {value:+.6f} has the wrong sign: autograd says {truth:+.6f}.\n"
              f"  Hint: ∂L/∂out_o = out_o − y, not y − out_o.")
    elif truth != 0 and value != 0 and math.copysign(1, value) == math.copysign(1, truth):
        print(f"✗ {label} = {value:+.6f}, autograd says {truth:+.6f}: the sign is right, the size is "
              f"{value / truth:.3f}× the truth.\n  Hint: check that every factor of the chain appears once: "
              f"(out − y), the sigmoid's out(1 − out), the weight or input it flows through.")
    else:
        print(f"✗ {label} = {value:+.6f}, autograd says {truth:+.6f}.")
    return False
