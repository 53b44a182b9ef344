"""The exercise's 2-2-2 sigmoid network, computed by hand, one named number at a time.

This is the mathematics of notebooks 01-02 (the forward pass, the loss).  It uses plain Python floats
and `math`, no numpy and no torch: eight scalars are all there is, and it keeps `import bpcore` fast.

Each public function checks its arguments once, at the door (bpcore.validate), and then runs
formulas whose bodies are the notebook's lines: forward runs forward_pass, loss runs forward_pass and
the cost's formula.  The gradients and gradient descent (notebooks 03-04) are bpcore.gradients'.

The wiring, exactly as in the exercise (no biases, a sigmoid on every unit):

    in_h1 = w1*x1 + w3*x2      in_o1 = w5*out_h1 + w7*out_h2
    in_h2 = w2*x1 + w4*x2      in_o2 = w6*out_h1 + w8*out_h2
    L = 1/2 (out_o1 - y1)^2 + 1/2 (out_o2 - y2)^2

Notebook 09 goes beyond the exercise with two keywords, whose defaults are the exercise, bit for bit:
output= the output units' activation, "sigmoid", "tanh" or "identity" (the hidden units stay sigmoids),
and cost= "squared" (the L above) or "cross_entropy", L = -sum_k [y_k ln out_ok + (1 - y_k) ln(1 - out_ok)],
for a sigmoid output and targets in [0, 1].
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, fields
from numbers import Real
from typing import Iterator

from . import validate
from .language import N_, tr


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

    def __post_init__(self):  # Weights(...) is a door: eight finite real numbers, kept as floats
        for name in WEIGHT_NAMES:
            object.__setattr__(self, name, validate.number(getattr(self, name), name))

    @classmethod
    def of(cls, values, name: str = "w") -> Weights:
        """`values` as Weights: a Weights already, or any sequence of eight numbers."""
        if isinstance(values, cls):
            return values
        if not validate.is_sequence(values):
            raise TypeError(tr("{name} must be Weights or a sequence of 8 numbers, got {values!r}",
                               name=name, values=values))
        if len(values) != 8:
            raise ValueError(tr("{name} must hold 8 numbers (w1...w8), got {count}", name=name,
                                count=len(values)))
        return cls(*values)

    @classmethod
    def computed(cls, w1, w2, w3, w4, w5, w6, w7, w8) -> Weights:
        """Weights from eight floats that bpcore computed from checked numbers (by hand or by torch).

        Their type is float by construction; only an overflow (inf) or a nan can be wrong, and
        that is still refused."""
        values = (w1, w2, w3, w4, w5, w6, w7, w8)
        if not all(map(math.isfinite, values)):
            for name, value in zip(WEIGHT_NAMES, values):
                validate.finite(value, name)  # raises, naming the first that is not finite
        weights = object.__new__(cls)
        for name, value in zip(WEIGHT_NAMES, values):  # what Weights(...) does, less its door
            object.__setattr__(weights, name, value)
        return weights

    def __iter__(self) -> Iterator[float]:
        return iter((self.w1, self.w2, self.w3, self.w4, self.w5, self.w6, self.w7, self.w8))

    def __len__(self) -> int:
        return 8

    def __getitem__(self, i):
        return tuple(self)[i]

    def __add__(self, other: Weights) -> Weights:
        if not isinstance(other, Weights):
            return NotImplemented
        return Weights.computed(*map(operator.add, self, other))

    def __sub__(self, other: Weights) -> Weights:
        if not isinstance(other, Weights):
            return NotImplemented
        return Weights.computed(*map(operator.sub, self, other))

    def __mul__(self, k) -> Weights:
        if type(k) is not float and (isinstance(k, bool) or not isinstance(k, Real)):
            return NotImplemented
        k = float(k)
        return Weights.computed(*(k * a for a in self))

    __rmul__ = __mul__

    def __neg__(self) -> Weights:
        return Weights.computed(*map(operator.neg, self))

    def __repr__(self) -> str:
        return "Weights(" + ", ".join(f"{name}={value:+.6g}" for name, value in zip(WEIGHT_NAMES, self)) + ")"


WEIGHT_NAMES = tuple(f.name for f in fields(Weights))  # ("w1", ..., "w8")

# The exercise's wiring: which units each weight joins, (the unit whose value it carries, the unit it feeds).
WIRING = {
    "w1": ("x1", "h1"), "w2": ("x1", "h2"), "w3": ("x2", "h1"), "w4": ("x2", "h2"),
    "w5": ("h1", "o1"), "w6": ("h1", "o2"), "w7": ("h2", "o1"), "w8": ("h2", "o2"),
}

SEED_WEIGHTS = Weights(0.2, -0.4, 0.5, 0.6, 0.1, -0.5, -0.3, 0.8)  # the exercise's starting weights
SEED_X = (0.5, 0.3)  # the exercise's inputs x1, x2
SEED_Y = (0.23, -0.07)  # the exercise's targets y1, y2; -0.07 is out of a sigmoid's reach

OUTPUTS = ("sigmoid", "tanh", "identity")  # output=: the output units' activation function (激活函数)
COSTS = ("squared", "cross_entropy")  # cost=: the exercise's squared error, or the cross-entropy (交叉熵)


class Names(dict):
    """A table of names that bpcore says: `table[key]` is the name in the language bpcore speaks now
    (bpcore.language), while .items(), .values() and .get() give the English, the catalogue's message id."""

    def __getitem__(self, key):
        name = super().__getitem__(key)  # marked N_() where the table is written
        return tr(name)


# as the text and the plots say: COST_NAMES["squared"] is "squared error" in English, "平方误差" in Chinese
COST_NAMES = Names({"squared": N_("squared error"), "cross_entropy": N_("cross-entropy")})
# The open range each output unit's out_o can take: a sigmoid's (0, 1), tanh's (-1, 1); identity: any number.
OUTPUT_RANGES = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "identity": None}


def sigmoid(z: float) -> float:
    """σ(z) = 1 / (1 + e^-z), written so that e^... never overflows (|z| up to 1e308)."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def identity(z: float) -> float:
    """The identity (linear) output unit: out = in."""
    return z


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": math.tanh, "identity": identity}  # an output unit's f, by name


def softplus(z: float) -> float:
    """ln(1 + e^z), written so that e^... never overflows: max(z, 0) + ln(1 + e^-|z|).

    It is the cross-entropy's building block: −ln σ(z) = softplus(−z) and −ln(1 − σ(z)) = softplus(z)."""
    return max(z, 0.0) + math.log1p(math.exp(-abs(z)))


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


def arguments(w, x, y) -> tuple[Weights, tuple[float, float], tuple[float, float]]:
    """The door of every function of (w, x, y): the weights, the inputs and the targets, checked."""
    return Weights.of(w), validate.pair(x, "x"), validate.pair(y, "y")


def output_and_cost(output, cost, targets=(), name: str = "y") -> tuple[str, str]:
    """The door of output= and cost=: known names, and a pair that goes together.

    The cross-entropy is defined for a sigmoid output and targets in [0, 1] (`targets`, checked numbers,
    named name1, name2, ...): its ln out_o and ln(1 − out_o) need out_o in (0, 1), and y and 1 − y weigh
    them as probabilities do.
    """
    output = validate.one_of(output, OUTPUTS, "output")
    cost = validate.one_of(cost, COSTS, "cost")
    if cost == "cross_entropy":
        if output != "sigmoid":
            raise ValueError(tr("cost='cross_entropy' is defined for output='sigmoid' only (its ln out_o and "
                                "ln(1 − out_o) need out_o in (0, 1)), got output={output!r}", output=output))
        for k, value in enumerate(targets, start=1):
            validate.within(value, 0.0, 1.0, f"{name}{k}",
                            tr("for cost='cross_entropy' (a target is a probability)"))
    return output, cost


# --- notebook 01: the forward pass ---


def forward(w, x, output="sigmoid") -> Forward:
    """The forward pass (正向传播), notebook 01; `output`, the output units' activation, notebook 09."""
    w, x = Weights.of(w), validate.pair(x, "x")
    return forward_pass(w, x, validate.one_of(output, OUTPUTS, "output"))


def forward_pass(w: Weights, x: tuple[float, float], output: str = "sigmoid") -> Forward:
    """Notebook 01's lines, on checked weights and inputs (bpcore.forward checks them).

    The output units' activation f is `output`'s (ACTIVATIONS): the exercise's sigmoid, tanh or the
    identity, notebook 09.  The hidden units are sigmoids always."""
    f_o = ACTIVATIONS[output]
    x1, x2 = x
    in_h1 = w.w1 * x1 + w.w3 * x2
    out_h1 = sigmoid(in_h1)
    in_h2 = w.w2 * x1 + w.w4 * x2
    out_h2 = sigmoid(in_h2)
    in_o1 = w.w5 * out_h1 + w.w7 * out_h2
    out_o1 = f_o(in_o1)
    in_o2 = w.w6 * out_h1 + w.w8 * out_h2
    out_o2 = f_o(in_o2)
    return Forward(in_h1, out_h1, in_h2, out_h2, in_o1, out_o1, in_o2, out_o2)


# --- notebook 02: the loss, and the part of it no weights can remove ---


def squared_error(f: Forward, y) -> float:
    """L = ½(out_o1 − y1)² + ½(out_o2 − y2)² for the outputs of a forward pass `f`."""
    return half_squared_error(f, validate.pair(y, "y"))


def half_squared_error(f: Forward, y: tuple[float, float]) -> float:
    """Notebook 02's loss, on checked targets (bpcore.squared_error checks them)."""
    y1, y2 = y
    return 0.5 * (f.out_o1 - y1) ** 2 + 0.5 * (f.out_o2 - y2) ** 2


def cross_entropy(f: Forward, y: tuple[float, float]) -> float:
    """L = −Σ_k [y_k ln out_ok + (1 − y_k) ln(1 − out_ok)], the binary cross-entropy (交叉熵) of two sigmoid
    outputs, notebook 09, on checked targets in [0, 1].

    It is computed from the net inputs, not from out_o: −ln out_o = −ln σ(in_o) = softplus(−in_o) and
    −ln(1 − out_o) = softplus(in_o), so it stays finite when out_o rounds to 0 or 1."""
    y1, y2 = y
    return (y1 * softplus(-f.in_o1) + (1 - y1) * softplus(f.in_o1)
            + y2 * softplus(-f.in_o2) + (1 - y2) * softplus(f.in_o2))


LOSSES = {"squared": half_squared_error, "cross_entropy": cross_entropy}  # each cost's L(f, y), by name


def loss(w, x, y, output="sigmoid", cost="squared") -> float:
    """The loss (损失函数) of weights w on input x and target y, notebook 02 (output=, cost=: notebook 09)."""
    w, x, y = arguments(w, x, y)
    output, cost = output_and_cost(output, cost, y)
    return LOSSES[cost](forward_pass(w, x, output), y)


def clip(v: float) -> float:
    """v clipped to [0, 1], the closed range of a sigmoid's outputs."""
    return min(max(v, 0.0), 1.0)


def closest_reachable(y):
    """The point of the sigmoid outputs' square [0, 1]² nearest the targets y = (y1, y2).

    Each output can be pushed anywhere in (0, 1) (w5...w8 are free and out_h1, out_h2 > 0),
    so the nearest reachable outputs are the targets clipped to [0, 1], approached, on an
    edge never reached.
    """
    y1, y2 = validate.pair(y, "y")
    return clip(y1), clip(y2)


def lowest_loss_within_reach(y) -> float:
    """The lowest loss any weights can approach: ½ Σ (y − clip(y, 0, 1))², notebook 02."""
    y1, y2 = validate.pair(y, "y")
    return 0.5 * (y1 - clip(y1)) ** 2 + 0.5 * (y2 - clip(y2)) ** 2
