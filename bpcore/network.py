"""The exercise's 2-2-2 sigmoid network, computed by hand, one named number at a time.

This is the mathematics of notebooks 01-04 (forward pass, loss, backprop derivation,
gradient descent).  It uses plain Python floats and `math`, no numpy and no torch: eight
scalars are all there is, and it keeps `import bpcore` fast.

The wiring, exactly as in the exercise (no biases, a sigmoid on every unit):

    in_h1 = w1*x1 + w3*x2      in_o1 = w5*out_h1 + w7*out_h2
    in_h2 = w2*x1 + w4*x2      in_o2 = w6*out_h1 + w8*out_h2
    L = 1/2 (out_o1 - y1)^2 + 1/2 (out_o2 - y2)^2
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from numbers import Integral, Real
from typing import Callable, Iterator


def _finite(value, name: str) -> float:
    """`value` as a float, or an error that names `name` and says what was expected."""
    if type(value) is float and math.isfinite(value):  # the common case, checked fast
        return value
    if isinstance(value, bool) or not isinstance(value, Real):
        hint = "; take a one-element tensor's number with .item()" if hasattr(value, "item") else ""
        raise TypeError(f"{name} must be a real number, got {value!r} ({type(value).__name__}){hint}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _sequence(values) -> bool:
    """A list, tuple, array or tensor of numbers: indexable by 0, 1, ... and not text, a dict or a set."""
    return hasattr(values, "__len__") and hasattr(values, "__getitem__") \
        and not isinstance(values, (str, bytes, Mapping))


def _pair(values, name: str) -> tuple[float, float]:
    """Two finite numbers, such as the inputs x = (x1, x2) or the targets y = (y1, y2)."""
    if type(values) is tuple and len(values) == 2 and type(values[0]) is type(values[1]) is float \
            and math.isfinite(values[0]) and math.isfinite(values[1]):
        return values  # already checked, as inside train()
    if not _sequence(values):
        raise TypeError(f"{name} must be a pair of numbers ({name}1, {name}2), got {values!r}")
    if len(values) != 2:
        raise ValueError(f"{name} must hold 2 numbers ({name}1, {name}2), got {len(values)}: {values!r}")
    return _finite(values[0], f"{name}1"), _finite(values[1], f"{name}2")


@dataclass(frozen=True, slots=True)
class Weights:
    """The eight weights w1...w8, or eight partial derivatives dL/dw1...dL/dw8.

    Immutable.  Supports `w - lr * g`, iterates in w1...w8 order.
    """

    __array_ufunc__ = None  # numpy must not turn `np.float64(lr) * g` into an array: Weights answers

    w1: float
    w2: float
    w3: float
    w4: float
    w5: float
    w6: float
    w7: float
    w8: float

    def __post_init__(self):
        for name in WEIGHT_NAMES:
            object.__setattr__(self, name, _finite(getattr(self, name), name))

    @classmethod
    def of(cls, values, name: str = "w") -> "Weights":
        """`values` as Weights: a Weights already, or any sequence of eight numbers."""
        if isinstance(values, cls):
            return values
        if not _sequence(values):
            raise TypeError(f"{name} must be Weights or a sequence of 8 numbers, got {values!r}")
        if len(values) != 8:
            raise ValueError(f"{name} must hold 8 numbers (w1...w8), got {len(values)}")
        return cls(*values)

    def __iter__(self) -> Iterator[float]:
        return iter((self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7, self.w8))

    def __len__(self) -> int:
        return 8

    def __getitem__(self, i):
        return tuple(self)[i]

    def __add__(self, other: "Weights") -> "Weights":
        if not isinstance(other, Weights):
            return NotImplemented
        return Weights(*(a + b for a, b in zip(self, other)))

    def __sub__(self, other: "Weights") -> "Weights":
        if not isinstance(other, Weights):
            return NotImplemented
        return Weights(*(a - b for a, b in zip(self, other)))

    def __mul__(self, k) -> "Weights":
        if isinstance(k, bool) or not isinstance(k, Real):
            return NotImplemented
        return Weights(*(k * a for a in self))

    __rmul__ = __mul__

    def __neg__(self) -> "Weights":
        return Weights(*(-a for a in self))

    def __repr__(self) -> str:
        return "Weights(" + ", ".join(f"{name}={value:+.6g}" for name, value in zip(WEIGHT_NAMES, self)) + ")"


WEIGHT_NAMES = tuple(f.name for f in fields(Weights))  # ("w1", ..., "w8")

SEED_WEIGHTS = Weights(0.2, -0.4, 0.5, 0.6, 0.1, -0.5, -0.3, 0.8)  # the exercise's starting weights
SEED_X = (0.5, 0.3)  # the exercise's inputs x1, x2
SEED_Y = (0.23, -0.07)  # the exercise's targets y1, y2; -0.07 is out of a sigmoid's reach


def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e^-z), written so that e^... never overflows (|z| up to 1e308)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True, slots=True)
class Forward:
    """Every intermediate number of one forward pass, named as in the notebooks."""

    in_h1: float
    out_h1: float
    in_h2: float
    out_h2: float
    in_o1: float
    out_o1: float
    in_o2: float
    out_o2: float


def forward(w, x) -> Forward:
    """The forward pass (正向传播), notebook 01."""
    w = Weights.of(w)
    x1, x2 = _pair(x, "x")
    in_h1 = w.w1 * x1 + w.w3 * x2
    out_h1 = sigmoid(in_h1)
    in_h2 = w.w2 * x1 + w.w4 * x2
    out_h2 = sigmoid(in_h2)
    in_o1 = w.w5 * out_h1 + w.w7 * out_h2
    out_o1 = sigmoid(in_o1)
    in_o2 = w.w6 * out_h1 + w.w8 * out_h2
    out_o2 = sigmoid(in_o2)
    return Forward(in_h1, out_h1, in_h2, out_h2, in_o1, out_o1, in_o2, out_o2)


def squared_error(f: Forward, y) -> float:
    """L = ½(out_o1 − y1)² + ½(out_o2 − y2)² for the outputs of a forward pass `f`."""
    y1, y2 = _pair(y, "y")
    return 0.5 * (f.out_o1 - y1) ** 2 + 0.5 * (f.out_o2 - y2) ** 2


def loss(w, x, y) -> float:
    """The loss (损失函数) of weights w on input x and target y, notebook 02."""
    return squared_error(forward(w, x), y)


def closest_reachable(y):
    """The point of the sigmoid outputs' square [0, 1]² nearest the targets y = (y1, y2).

    Each output can be pushed anywhere in (0, 1) (w5...w8 are free and out_h1, out_h2 > 0),
    so the nearest reachable outputs are the targets clipped to [0, 1], approached, on an
    edge never reached.
    """
    y1, y2 = _pair(y, "y")
    return min(max(y1, 0.0), 1.0), min(max(y2, 0.0), 1.0)


def lowest_loss_within_reach(y) -> float:
    """The lowest loss any weights can approach: ½ Σ (y − clip(y, 0, 1))², notebook 02."""
    y1, y2 = _pair(y, "y")
    c1, c2 = closest_reachable((y1, y2))
    return 0.5 * (y1 - c1) ** 2 + 0.5 * (y2 - c2) ** 2


@dataclass(frozen=True, slots=True)
class Backward:
    """The backward pass: each unit's error term δ (误差项), ∂L/∂(its net input), and ∂L/∂w1...∂L/∂w8."""

    delta_o1: float
    delta_o2: float
    delta_h1: float
    delta_h2: float
    grads: Weights


def backward(w, x, y) -> Backward:
    """The backward pass by the chain rule (反向传播), notebook 03: the four δ, then the eight gradients.

    δ of a unit is ∂L/∂(its input).  A weight's gradient is the δ of the unit it feeds
    times the value it carries.
    """
    w = Weights.of(w)
    x1, x2 = _pair(x, "x")
    y1, y2 = _pair(y, "y")
    f = forward(w, x)
    # output layer: δ_o = ∂L/∂out_o · ∂out_o/∂in_o = (out_o − y) · out_o(1 − out_o)
    delta_o1 = (f.out_o1 - y1) * f.out_o1 * (1 - f.out_o1)
    delta_o2 = (f.out_o2 - y2) * f.out_o2 * (1 - f.out_o2)
    # hidden layer: δ_h = (Σ δ_o · weight from h to o) · out_h(1 − out_h)
    delta_h1 = (delta_o1 * w.w5 + delta_o2 * w.w6) * f.out_h1 * (1 - f.out_h1)
    delta_h2 = (delta_o1 * w.w7 + delta_o2 * w.w8) * f.out_h2 * (1 - f.out_h2)
    grads = Weights(
        w1=delta_h1 * x1,
        w2=delta_h2 * x1,
        w3=delta_h1 * x2,
        w4=delta_h2 * x2,
        w5=delta_o1 * f.out_h1,
        w6=delta_o2 * f.out_h1,
        w7=delta_o1 * f.out_h2,
        w8=delta_o2 * f.out_h2,
    )
    return Backward(delta_o1, delta_o2, delta_h1, delta_h2, grads)


def backprop(w, x, y) -> Weights:
    """∂L/∂w1...∂L/∂w8 by the chain rule (反向传播), notebook 03: the gradients of `backward`."""
    return backward(w, x, y).grads


def backprop_original(w, x, y) -> Weights:
    """The exercise's published `back_propagate`, reproduced faithfully, flaw included.

    The output-layer lines are right.  The hidden-layer lines sum d_w5 + d_w6, which are
    δ_o · out_h1, where the chain rule needs δ_o · w5 and δ_o · w6: out_h1 stands where the
    weights should.  Kept as an exhibit for notebooks 03 and 06; never use it to learn.
    """
    w = Weights.of(w)
    x1, x2 = _pair(x, "x")
    y1, y2 = _pair(y, "y")
    f = forward(w, x)
    d_o1 = f.out_o1 - y1
    d_o2 = f.out_o2 - y2
    d_w5 = d_o1 * f.out_o1 * (1 - f.out_o1) * f.out_h1
    d_w7 = d_o1 * f.out_o1 * (1 - f.out_o1) * f.out_h2
    d_w6 = d_o2 * f.out_o2 * (1 - f.out_o2) * f.out_h1
    d_w8 = d_o2 * f.out_o2 * (1 - f.out_o2) * f.out_h2
    d_w1 = (d_w5 + d_w6) * f.out_h1 * (1 - f.out_h1) * x1
    d_w3 = (d_w5 + d_w6) * f.out_h1 * (1 - f.out_h1) * x2
    d_w2 = (d_w7 + d_w8) * f.out_h2 * (1 - f.out_h2) * x1
    d_w4 = (d_w7 + d_w8) * f.out_h2 * (1 - f.out_h2) * x2
    return Weights(d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_w7, d_w8)


def numeric_grad(w, x, y, eps: float = 1e-6) -> Weights:
    """∂L/∂w by centred differences, (L(w + ε) − L(w − ε)) / 2ε, one weight at a time."""
    w = Weights.of(w)
    eps = _finite(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    grads = []
    for i in range(8):
        plus = list(w)
        minus = list(w)
        plus[i] += eps
        minus[i] -= eps
        grads.append((loss(plus, x, y) - loss(minus, x, y)) / (2 * eps))
    return Weights(*grads)


def rel_error(a, b) -> float:
    """The series' one relative error: max|a − b| / max(1e-8, max|a| + max|b|).

    CS231n's gradient checks take the same ratio element by element, max_i |a_i − b_i| / max(1e-8, |a_i| + |b_i|);
    dividing by the largest magnitudes instead, this one is never larger, and a gradient near zero cannot
    inflate it.  Below 1e-7 is CS231n's rule of thumb for a correct gradient.
    """
    a, b = [float(v) for v in a], [float(v) for v in b]
    if len(a) != len(b) or not a:
        raise ValueError(f"a and b must hold the same number of values (at least one), got {len(a)} and {len(b)}")
    diff = max(abs(p - q) for p, q in zip(a, b))
    return diff / max(1e-8, max(map(abs, a)) + max(map(abs, b)))


@dataclass(frozen=True)
class History:
    """A training run: one loss, output pair and gradient per epoch, taken before its update."""

    losses: tuple[float, ...]
    weights: tuple[Weights, ...]  # epochs + 1 entries: the start, then after each update
    outputs: tuple[tuple[float, float], ...]  # (out_o1, out_o2)
    grads: tuple[Weights, ...]


def check_training_args(lr, epochs) -> tuple[float, int]:
    """The learning rate and epoch count, checked; every train() in bpcore uses it."""
    lr = _finite(lr, "lr")
    if lr < 0:
        raise ValueError(f"lr must be >= 0 (a learning rate), got {lr}")
    if isinstance(epochs, bool) or not isinstance(epochs, Integral):
        raise TypeError(f"epochs must be a whole number, got {epochs!r}")
    if epochs < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs}")
    return lr, int(epochs)


def train(w, x, y, lr: float = 1.0, epochs: int = 10, grad: Callable = backprop) -> History:
    """Gradient descent (梯度下降), notebook 04: each epoch w ← w − lr · ∂L/∂w."""
    w = Weights.of(w)
    x, y = _pair(x, "x"), _pair(y, "y")
    lr, epochs = check_training_args(lr, epochs)
    losses, weights, outputs, grads = [], [w], [], []
    for epoch in range(epochs):
        f = forward(w, x)
        losses.append(squared_error(f, y))
        outputs.append((f.out_o1, f.out_o2))
        g = Weights.of(grad(w, x, y), name="grad(w, x, y)")
        try:
            w = w - lr * g
        except ValueError as e:
            raise ValueError(f"lr={lr} sent the weights to infinity at epoch {epoch}; use a smaller lr") from e
        weights.append(w)
        grads.append(g)
    return History(tuple(losses), tuple(weights), tuple(outputs), tuple(grads))
