"""How bpcore writes a number, in one place: the stepper's formulas, the figures' labels, the playground's
readout and the self-checks' verdicts all take their digits from here.

- number, signed, given: a computed number with at least 4 significant digits, with its sign, a given one
  as given (the stepper's board, notebook 03; autograd's graph, notebook 05)
- fixed, weight, gradient, target: the figures' and the playground's fixed formats
- answer: a student's answer or its truth, in a self-check's verdict
- plural, ordinal: "1 epoch", "10 epochs"; "1st", "22nd"
"""

from __future__ import annotations


def number(v: float, latex: bool = True) -> str:
    """A computed number with at least 4 significant digits: 6 decimals, or 4 digits × 10^k if tiny or
    huge (latex False: 4 digits e k)."""
    v = float(v) + 0.0  # + 0.0 turns a -0.0 into 0.0
    if v == 0 or 1e-3 <= abs(v) < 1e6:
        return f"{v:.6f}"
    mantissa, exponent = f"{v:.4e}".split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}" if latex else f"{mantissa}e{int(exponent)}"


def signed(v: float, latex: bool = True) -> str:
    """`number` with its sign always written: +0.061605, -0.016843."""
    text = number(v, latex)
    return text if text.startswith("-") else "+" + text


def given(v: float) -> str:
    """A given weight, input or target: exactly as given when short (0.23, -0.5), else as `number`."""
    v = float(v) + 0.0
    text = repr(v)
    return text if len(text) <= 7 and "e" not in text else number(v)


def fixed(v: float, digits: int) -> str:
    """`digits` decimals, or `digits` significant digits where that would be a long line of figures
    (an identity output at lr 100 takes weights and losses to 1e7)."""
    v = v + 0.0  # -0.0 (an identity output of dead hidden units) is written 0.0
    return f"{v:.{digits}f}" if abs(v) < 1e4 else f"{v:.{digits - 1}e}"


def weight(v: float) -> str:
    """A weight as an edge label shows it: +0.123, or +1.19e+07 when it is that large."""
    return f"{v:+.3f}" if abs(v) < 1e3 else f"{v:+.2e}"


def gradient(v: float) -> str:
    """A gradient as an edge label shows it: +0.0616, never -0.0000 for a zero."""
    return f"{v + 0.0:+.4f}"


def target(v: float) -> str:
    """A target as the figures and the playground show it: +0.23, -0.07."""
    return f"{v:+.2f}"


def answer(v: float) -> str:
    """A whole number as one (103), anything else to 6 significant digits with a sign (+0.476946): a
    rejected answer is more than 0.5 % off, so 6 digits always show how it differs from the truth."""
    if v == int(v) and abs(v) < 1e15:
        return f"{v:.0f}"
    return f"{v:+.6g}"


def plural(n: int, noun: str) -> str:
    """1 epoch, 10 epochs."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
