"""The gradients of the exercise's network, by hand (notebook 03), and gradient descent along them (04).

Plain Python floats, as bpcore.network.  Each public function checks its arguments once, at the door,
and then runs formulas whose bodies are the notebook's lines: backprop runs forward_pass, then chain_rule
on that forward pass; backprop_original runs published_chain_rule, the exercise's lines, flaw kept.  The
formulas trust their arguments, so that train() checks its arguments once per call, not once per epoch,
and takes each epoch's loss and gradient from one forward pass: w = w - lr * g.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from . import validate
from .language import tr
from .network import LOSSES, Forward, Weights, arguments, forward_pass, output_and_cost

# --- notebook 03: the gradients, by the chain rule and as the exercise published them ---


@dataclass(frozen=True, slots=True)
class Backward:
    """The backward pass: each unit's error term δ (误差项), ∂L/∂(its net input), and ∂L/∂w1...∂L/∂w8."""

    delta_o1: float
    delta_o2: float
    delta_h1: float
    delta_h2: float
    grads: Weights


def backward(w, x, y, output="sigmoid", cost="squared") -> Backward:
    """The backward pass by the chain rule (反向传播), notebook 03: the four δ, then the eight gradients."""
    w, x, y = arguments(w, x, y)
    output, cost = output_and_cost(output, cost, y)
    return chain_rule(forward_pass(w, x, output), w, x, y, output, cost)


def backprop(w, x, y, output="sigmoid", cost="squared") -> Weights:
    """∂L/∂w1...∂L/∂w8 by the chain rule (反向传播), notebook 03: the gradients of `backward`."""
    return backward(w, x, y, output, cost).grads


def output_delta(out: float, y: float, output: str = "sigmoid", cost: str = "squared") -> float:
    """δ_o = ∂L/∂in_o of an output unit whose output is `out` and target `y`: ∂L/∂out_o · ∂out_o/∂in_o.

    With the squared error ∂L/∂out_o = out_o − y, times the slope f′ of the output unit.  With the
    cross-entropy of a sigmoid output the σ′ cancels, δ_o = out_o − y (notebook 09); an identity output
    with the squared error gives out_o − y too (f′ = 1).  The cross-entropy of any other output is refused:
    its δ_o is not out_o − y."""
    if cost == "cross_entropy":
        if output != "sigmoid":
            raise ValueError(tr("output_delta: cost='cross_entropy' is defined for output='sigmoid' only "
                                "(δ_o = out − y holds for a sigmoid output), got output={output!r}",
                                output=output))
        return out - y
    if output == "sigmoid":
        return (out - y) * out * (1 - out)  # σ′ = out_o(1 − out_o): the exercise's
    if output == "tanh":
        return (out - y) * (1 - out**2)  # tanh′ = 1 − out_o²
    return out - y  # identity: f′ = 1


def chain_rule(f: Forward, w: Weights, x: tuple[float, float], y: tuple[float, float],
               output: str = "sigmoid", cost: str = "squared") -> Backward:
    """The four δ and ∂L/∂w1...∂L/∂w8 by the chain rule, from the forward pass f of weights w on input x.

    δ of a unit is ∂L/∂(its input).  A weight's gradient is the δ of the unit it feeds
    times the value it carries.  (bpcore.backward checks w, x and y, and makes f.)
    """
    (x1, x2), (y1, y2) = x, y
    # output layer: δ_o = ∂L/∂out_o · ∂out_o/∂in_o, for the exercise (out_o − y) · out_o(1 − out_o)
    delta_o1 = output_delta(f.out_o1, y1, output, cost)
    delta_o2 = output_delta(f.out_o2, y2, output, cost)
    # hidden layer: δ_h = (Σ δ_o · weight from h to o) · out_h(1 − out_h)
    delta_h1 = (delta_o1 * w.w5 + delta_o2 * w.w6) * f.out_h1 * (1 - f.out_h1)
    delta_h2 = (delta_o1 * w.w7 + delta_o2 * w.w8) * f.out_h2 * (1 - f.out_h2)
    grads = Weights.computed(
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


def backprop_original(w, x, y) -> Weights:
    """The exercise's published `back_propagate`, reproduced faithfully, flaw included.

    The output-layer lines are right.  The hidden-layer lines sum d_w5 + d_w6, which are
    δ_o · out_h1, where the chain rule needs δ_o · w5 and δ_o · w6: out_h1 stands where the
    weights should.  Kept as an exhibit for notebooks 03 and 06; never use it to learn.
    """
    w, x, y = arguments(w, x, y)
    return published_chain_rule(forward_pass(w, x), w, x, y).grads


def published_chain_rule(f: Forward, w: Weights, x: tuple[float, float], y: tuple[float, float]) -> Backward:
    """The exercise's `back_propagate` line for line, from the forward pass f (see backprop_original), with
    the δ's its lines hold: its δ_h is (d_w5 + d_w6)·out_h1(1 − out_h1), δ_o·out_h where the chain rule has
    δ_o·w.  Its products are grouped as the exercise's, so every gradient is its number, bit for bit."""
    (x1, x2), (y1, y2) = x, y
    d_o1 = f.out_o1 - y1
    d_o2 = f.out_o2 - y2
    delta_o1 = d_o1 * f.out_o1 * (1 - f.out_o1)  # the exercise's d_o1 * out_o1 * (1 - out_o1), right
    delta_o2 = d_o2 * f.out_o2 * (1 - f.out_o2)
    d_w5 = delta_o1 * f.out_h1
    d_w7 = delta_o1 * f.out_h2
    d_w6 = delta_o2 * f.out_h1
    d_w8 = delta_o2 * f.out_h2
    delta_h1 = (d_w5 + d_w6) * f.out_h1 * (1 - f.out_h1)  # the flaw: out_h1 where w5, w6 belong
    delta_h2 = (d_w7 + d_w8) * f.out_h2 * (1 - f.out_h2)
    d_w1, d_w2, d_w3, d_w4 = delta_h1 * x1, delta_h2 * x1, delta_h1 * x2, delta_h2 * x2
    grads = Weights.computed(d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_w7, d_w8)
    return Backward(delta_o1, delta_o2, delta_h1, delta_h2, grads)


def numeric_grad(w, x, y, eps: float = 1e-6, output="sigmoid", cost="squared") -> Weights:
    """∂L/∂w by centred differences, (L(w + ε) − L(w − ε)) / 2ε, one weight at a time."""
    w, x, y = arguments(w, x, y)
    output, cost = output_and_cost(output, cost, y)
    eps = validate.positive(eps, "eps")
    L = LOSSES[cost]
    grads = []
    for i in range(8):
        plus = list(w)
        minus = list(w)
        plus[i] += eps
        minus[i] -= eps
        L_plus = L(forward_pass(Weights.computed(*plus), x, output), y)
        L_minus = L(forward_pass(Weights.computed(*minus), x, output), y)
        grads.append((L_plus - L_minus) / (2 * eps))
    return Weights.computed(*grads)


def rel_error(a, b) -> float:
    """The series' one relative error: max|a − b| / max(1e-8, max|a| + max|b|).

    CS231n's gradient checks take the same ratio element by element,
    max_i |a_i − b_i| / max(1e-8, |a_i| + |b_i|); dividing by the largest magnitudes instead, this one is
    never larger, and a gradient near zero cannot inflate it.  Below 1e-7 is CS231n's rule of thumb for a
    correct gradient.
    """
    a, b = [float(v) for v in a], [float(v) for v in b]
    if len(a) != len(b) or not a:
        raise ValueError(tr("a and b must hold the same number of values (at least one), "
                            "got {len_a} and {len_b}", len_a=len(a), len_b=len(b)))
    diff = max(abs(p - q) for p, q in zip(a, b))
    return diff / max(1e-8, max(map(abs, a)) + max(map(abs, b)))


# --- notebook 04: gradient descent ---


@dataclass(frozen=True)
class History:
    """A training run: one loss, output pair and gradient per epoch, taken before its update."""

    losses: tuple[float, ...]
    weights: tuple[Weights, ...]  # epochs + 1 entries: the start, then after each update
    outputs: tuple[tuple[float, float], ...]  # (out_o1, out_o2)
    grads: tuple[Weights, ...]


def gradient_formula(grad: Callable, output: str = "sigmoid", cost: str = "squared") -> Callable:
    """What train() runs each epoch for `grad`, as a function of (f, w, x, y): bpcore's own gradients
    as formulas on the epoch's forward pass; any other grad(w, x, y) as it is, its answer checked,
    because it comes from outside.  The published formula knows only the exercise's sigmoid and
    squared error."""
    if grad is backprop:
        return lambda f, w, x, y: chain_rule(f, w, x, y, output, cost).grads
    if grad is backprop_original:
        if (output, cost) != ("sigmoid", "squared"):
            raise ValueError(tr("grad=backprop_original is the exercise's formula for output='sigmoid' and "
                                "cost='squared' only, got output={output!r}, cost={cost!r}; "
                                "use grad=backprop", output=output, cost=cost))
        return lambda f, w, x, y: published_chain_rule(f, w, x, y).grads
    return lambda f, w, x, y: Weights.of(grad(w, x, y), name="grad(w, x, y)")


def train(w, x, y, lr: float = 1.0, epochs: int = 10, grad: Callable = backprop, output="sigmoid",
          cost="squared") -> History:
    """Gradient descent (梯度下降), notebook 04: each epoch w ← w − lr · ∂L/∂w."""
    w, x, y = arguments(w, x, y)
    output, cost = output_and_cost(output, cost, y)
    lr, epochs = validate.learning_rate(lr), validate.epochs(epochs)
    L, gradient = LOSSES[cost], gradient_formula(grad, output, cost)
    losses, weights, outputs, grads = [], [w], [], []
    for epoch in range(epochs):
        f = forward_pass(w, x, output)
        try:  # a number past 1e308: (out_o − y)² or a δ of an identity output, or the weights themselves
            losses.append(L(f, y))
            g = gradient(f, w, x, y)
            w = w - lr * g
        except (OverflowError, validate.NotFinite) as e:
            raise validate.diverged(lr, epoch) from e
        outputs.append((f.out_o1, f.out_o2))
        weights.append(w)
        grads.append(g)
    return History(tuple(losses), tuple(weights), tuple(outputs), tuple(grads))
