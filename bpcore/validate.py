"""The door: bpcore's public functions check their arguments here, once, then run formulas that trust them.

Each rule returns the argument as the formulas use it (a float, a pair of floats, an int) or raises an
error that names the argument and says what was expected; never a silent NaN.  Plain Python, so that
`import bpcore` stays fast: bpcore.mlp turns its arrays into numpy arrays itself, then uses the rules here
for everything else (layer sizes, the learning rate, epochs, a seed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real

from .language import tr


class NotFinite(ValueError):
    """A number that is inf or nan where a finite one was expected.  A ValueError; training catches this
    kind alone, to tell a run that overflowed (validate.diverged) from an argument or an answer refused."""


def finite(value: float, name: str) -> float:
    """A float that arithmetic made, checked for the one thing arithmetic gets wrong: inf or nan."""
    if not math.isfinite(value):
        raise NotFinite(tr("{name} must be a finite number, got {value}", name=name, value=value))
    return value


def number(value, name: str) -> float:
    """`value` as a finite float: any real number but a bool, or an error that names `name`."""
    if isinstance(value, bool) or not isinstance(value, Real):
        hint = tr("; take a one-element tensor's number with .item()") if hasattr(value, "item") else ""
        raise TypeError(tr("{name} must be a real number, got {value!r} ({type}){hint}",
                           name=name, value=value, type=type(value).__name__, hint=hint))
    return finite(float(value), name)


def positive(value, name: str) -> float:
    """A finite number > 0, such as a finite-difference step eps."""
    value = number(value, name)
    if value <= 0:
        raise ValueError(tr("{name} must be > 0, got {value}", name=name, value=value))
    return value


def is_sequence(values) -> bool:
    """A list, tuple, array or tensor of numbers: indexable by 0, 1, ... and not text, a dict or a set."""
    return (hasattr(values, "__len__") and hasattr(values, "__getitem__")
            and not isinstance(values, (str, bytes, Mapping)))


def pair(values, name: str) -> tuple[float, float]:
    """Two finite numbers, such as the inputs x = (x1, x2) or the targets y = (y1, y2)."""
    if not is_sequence(values):
        raise TypeError(tr("{name} must be a pair of numbers ({name}1, {name}2), got {values!r}",
                           name=name, values=values))
    if len(values) != 2:
        raise ValueError(tr("{name} must hold 2 numbers ({name}1, {name}2), got {count}: {values!r}",
                            name=name, count=len(values), values=values))
    return number(values[0], f"{name}1"), number(values[1], f"{name}2")


def whole(value, name: str, at_least: int) -> int:
    """A whole number >= at_least: a number of epochs, a seed, a layer's width."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(tr("{name} must be a whole number, got {value!r}", name=name, value=value))
    if value < at_least:
        raise ValueError(tr("{name} must be >= {at_least}, got {value}",
                            name=name, at_least=at_least, value=value))
    return int(value)


def learning_rate(lr) -> float:
    """A learning rate: a finite number >= 0 (0 leaves the weights where they are)."""
    lr = number(lr, "lr")
    if lr < 0:
        raise ValueError(tr("lr must be >= 0 (a learning rate), got {lr}", lr=lr))
    return lr


def epochs(value) -> int:
    """A number of epochs: a whole number >= 0."""
    return whole(value, "epochs", 0)


def diverged(lr: float, epoch: int) -> ValueError:
    """The error of a training run whose weights overflowed to infinity: the learning rate was too large."""
    return ValueError(tr("lr={lr} sent the weights to infinity at epoch {epoch}; use a smaller lr",
                         lr=lr, epoch=epoch))


def layer_sizes(sizes) -> list[int]:
    """Layer widths [n_in, n_hidden..., n_out]: at least two whole numbers, each >= 1."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(tr("sizes must be a list of layer widths such as [2, 2, 2], got {sizes!r}",
                           sizes=sizes))
    if len(sizes) < 2:
        raise ValueError(tr("sizes must hold at least 2 widths (inputs and outputs), got {sizes!r}",
                            sizes=list(sizes)))
    return [whole(n, f"sizes[{i}]", 1) for i, n in enumerate(sizes)]


def one_of(value, options, name: str):
    """`value` if it is one of `options`, else an error that lists them."""
    if value not in options:
        raise ValueError(tr("{name} must be one of {options}, got {value!r}",
                            name=name, options=", ".join(map(str, options)), value=value))
    return value


def within(value: float, low: float, high: float, name: str, why: str = "") -> float:
    """A checked number in the closed range [low, high], such as a target of the cross-entropy in [0, 1]."""
    if not low <= value <= high:
        if why:
            raise ValueError(tr("{name} must be in [{low:g}, {high:g}] {why}, got {value!r}",
                                name=name, low=low, high=high, why=why, value=value))
        raise ValueError(tr("{name} must be in [{low:g}, {high:g}], got {value!r}",
                            name=name, low=low, high=high, value=value))
    return value
