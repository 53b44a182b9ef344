"""Backpropagation in matrix form (矩阵形式), notebook 08: any layer sizes, a whole batch at once.

The scalar core (bpcore.network) names eight weights.  Here a layer is a weight matrix W of
shape (n_in, n_out), with rows = the units it reads and columns = the units it feeds, and an
optional bias b of shape (n_out,).  A batch of inputs X has one example per row, (batch, n_in).

    forward:   Z_l = A_{l-1} @ W_l + b_l        A_l = σ(Z_l)           A_0 = X
    loss:      L = mean over the batch of ½ Σ (A_L − Y)²
    backward:  δ_L = (A_L − Y) ⊙ A_L ⊙ (1 − A_L) / batch               δ_l = ∂L/∂Z_l
               ∂L/∂W_l = A_{l-1}ᵀ @ δ_l        ∂L/∂b_l = Σ_rows δ_l
               δ_{l-1} = (δ_l @ W_lᵀ) ⊙ A_{l-1} ⊙ (1 − A_{l-1})

Notebook 09's keywords, defaults the above: output= the last layer's activation ("sigmoid", "tanh" or
"identity"; the hidden layers stay sigmoids), cost= "squared" or "cross_entropy" (for a sigmoid output and
targets in [0, 1]), the mean over the batch of −Σ [Y ln A_L + (1 − Y) ln(1 − A_L)], computed from Z_L.
With the cross-entropy δ_L = (A_L − Y) / batch: the σ′ cancels.

`from_weights` turns the exercise's w1...w8 into these matrices; for one example the
matrix code then performs bpcore.backprop's operations in the same order.  Two may still round
a last bit differently: numpy's exp against math.exp, and BLAS computing a·b + c·d in δ @ Wᵀ
with a fused multiply-add (one rounding fewer).  tests/test_mlp.py states exactly what is
equal with == and what only to 1e-13.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import validate
from .language import tr
from .network import OUTPUTS, Weights, output_and_cost

# --- the door: what comes in is checked here, once; the formulas below trust it --------------
# Arrays are numpy's business, so they are converted and checked here; every other rule (layer
# sizes, the learning rate, epochs, a seed) is bpcore.validate's.


def _array(value, name: str) -> np.ndarray:
    """`value` as a float64 array, or a TypeError that names `name`."""
    if value is None:  # numpy would make it a NaN
        raise TypeError(tr("{name} must be an array of numbers, got None", name=name))
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise TypeError(tr("{name} must be an array of numbers, got {kind}: {error}", name=name,
                           kind=type(value).__name__, error=e)) from None


def _all_finite(a: np.ndarray, name: str) -> np.ndarray:
    """`a` if every number in it is finite, else an error that names `name` and the first index."""
    if not np.isfinite(a).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(a))[0])
        raise ValueError(tr("{name} must hold finite numbers, found {value} at index {where}", name=name,
                            value=a[where], where=where))
    return a


def shaped(value, expected: tuple, name: str) -> np.ndarray:
    """A finite float64 array of the `expected` shape; None in `expected` matches any length."""
    a = _array(value, name)
    if a.ndim != len(expected) or any(e is not None and e != n for e, n in zip(expected, a.shape)):
        shown = ", ".join(tr("batch") if e is None else str(e) for e in expected)
        shown = f"({shown},)" if len(expected) == 1 else f"({shown})"
        raise ValueError(tr("{name} must have shape {shown}, found {shape}", name=name, shown=shown,
                            shape=a.shape))
    if None in expected and a.size == 0:
        raise ValueError(tr("{name} must have at least one row (batch >= 1), found shape {shape}", name=name,
                            shape=a.shape))
    return _all_finite(a, name)


def layer_params(params, name: str = "params") -> list[tuple[np.ndarray, np.ndarray | None]]:
    """A list of (W, b) pairs whose shapes chain: W_l (n_{l-1}, n_l), b_l (n_l,) or None."""
    if isinstance(params, (str, bytes)) or not hasattr(params, "__len__") or len(params) == 0:
        raise TypeError(tr("{name} must be a non-empty list of (W, b) pairs, got {params!r}", name=name,
                           params=params))
    checked = []
    for l, layer in enumerate(params):
        if not isinstance(layer, (tuple, list)) or len(layer) != 2:
            raise TypeError(tr("{name}[{l}] must be a pair (W, b), got {kind}", name=name, l=l,
                               kind=type(layer).__name__))
        W = _array(layer[0], f"{name}[{l}] W")
        if W.ndim != 2 or W.size == 0:
            raise ValueError(tr("{name}[{l}] W must have shape (n_in, n_out) with n_in, n_out >= 1, "
                                "found {shape}", name=name, l=l, shape=W.shape))
        n_in = checked[-1][0].shape[1] if checked else W.shape[0]
        W = shaped(W, (n_in, W.shape[1]), f"{name}[{l}] W")
        b = None if layer[1] is None else shaped(layer[1], (W.shape[1],), f"{name}[{l}] b")
        checked.append((W, b))
    return checked


_NO_Y = object()  # forward() has no targets; Y=None passed by mistake must still be refused


def _inputs(params, X, Y=_NO_Y):
    params = layer_params(params)
    X = shaped(X, (None, params[0][0].shape[0]), "X")
    if Y is _NO_Y:
        return params, X
    return params, X, shaped(Y, (X.shape[0], params[-1][0].shape[1]), "Y")


def _output_and_cost(output, cost, Y):
    """output= and cost= checked (bpcore.network.output_and_cost); for the cross-entropy, Y in [0, 1]."""
    output, cost = output_and_cost(output, cost)
    if cost == "cross_entropy" and not ((Y >= 0) & (Y <= 1)).all():
        where = tuple(int(i) for i in np.argwhere((Y < 0) | (Y > 1))[0])
        raise ValueError(tr("Y must hold targets in [0, 1] for cost='cross_entropy' (a target is a "
                            "probability), found {value} at index {where}", value=Y[where], where=where))
    return output, cost


# --- the network --------------------------------------------------------------------------


def sigmoid(Z):
    """σ(Z) = 1 / (1 + e^−Z) elementwise, computed as bpcore.sigmoid: with e = exp(−|z|) ≤ 1, which never
    overflows,

        σ(z) = 1 / (1 + e)  for z ≥ 0,        σ(z) = e / (1 + e)  for z < 0.
    """
    Z = np.asarray(Z, dtype=np.float64)
    with np.errstate(under="ignore"):  # exp(−1e4) is 0: the right answer, not a warning
        e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0, e) / (1 + e)


def init(sizes, seed: int = 0, bias: bool = True) -> list[tuple[np.ndarray, np.ndarray | None]]:
    """Random params for layer widths `sizes`: W uniform in ±√(6 / (n_in + n_out)) (Glorot), b = 0.

    The same seed always gives the same params.
    """
    sizes = validate.layer_sizes(sizes)
    rng = np.random.default_rng(validate.whole(seed, "seed", 0))
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        limit = np.sqrt(6 / (n_in + n_out))
        W = rng.uniform(-limit, limit, size=(n_in, n_out))
        params.append((W, np.zeros(n_out) if bias else None))
    return params


def activation(Z, output="sigmoid"):
    """A_L = f(Z_L), the last layer's activation f by name: the exercise's σ, tanh, or the identity."""
    if output == "tanh":
        return np.tanh(Z)
    if output == "identity":
        return Z
    return sigmoid(Z)


def _forward(params, X, output="sigmoid"):
    """A_0 = X,  Z_l = A_{l−1} W_l + b_l,  A_l = σ(Z_l) (A_L = f(Z_L) on the last layer):
    [X, A1, ..., AL], and Z_L, the last layer's net input (the cross-entropy is computed from it)."""
    A = [X]
    for l, (W, b) in enumerate(params):
        Z = A[-1] @ W if b is None else A[-1] @ W + b  # (batch, n_in) @ (n_in, n_out), b added to every row
        A.append(activation(Z, output) if l == len(params) - 1 else sigmoid(Z))  # hidden layers: σ
    return A, Z


def forward(params, X, output="sigmoid") -> list[np.ndarray]:
    """The activations [X, A1, ..., AL] of a batch X (batch, n_in); a sigmoid on every hidden layer, and
    `output`'s activation on the last (the exercise's sigmoid, tanh or identity)."""
    params, X = _inputs(params, X)
    return _forward(params, X, validate.one_of(output, OUTPUTS, "output"))[0]


def _loss(O, Y, Z=None, cost="squared") -> float:
    """L = mean over the batch of ½ Σ (O − Y)², from the outputs O = A_L; or of the cross-entropy
    −Σ [Y ln σ(Z) + (1 − Y) ln(1 − σ(Z))], from their net inputs Z = Z_L, with −ln σ(z) = ln(1 + e^−z)
    and −ln(1 − σ(z)) = ln(1 + e^z)."""
    if cost == "cross_entropy":
        with np.errstate(under="ignore"):  # ln(1 + e^−1e4) is 0: the right answer, not a warning
            per_example = np.sum(Y * np.logaddexp(0.0, -Z) + (1 - Y) * np.logaddexp(0.0, Z), axis=1)
        return float(np.mean(per_example))
    return float(np.mean(0.5 * np.sum((O - Y) ** 2, axis=1)))


def loss(params, X, Y, output="sigmoid", cost="squared") -> float:
    """L = mean over the batch of ½ Σ (o − y)² (or of the cross-entropy); for one example, the scalar
    series' loss."""
    params, X, Y = _inputs(params, X, Y)
    output, cost = _output_and_cost(output, cost, Y)
    A, Z = _forward(params, X, output)
    return _loss(A[-1], Y, Z, cost)


def accuracy(params, X, Y) -> float:
    """The fraction of outputs on the right side of 0.5 (output > 0.5 where target > 0.5, and only
    there); with one output unit, the fraction of examples classified right."""
    params, X, Y = _inputs(params, X, Y)
    return float(np.mean((_forward(params, X)[0][-1] > 0.5) == (Y > 0.5)))


def _output_delta(O, Y, output="sigmoid", cost="squared"):
    """∂(an example's cost)/∂Z_L = (O − Y) ⊙ f′(Z_L) with the squared error, O − Y with the cross-entropy."""
    if cost == "cross_entropy":
        return O - Y
    if output == "sigmoid":
        return (O - Y) * O * (1 - O)  # σ′ = A_L ⊙ (1 − A_L)
    if output == "tanh":
        return (O - Y) * (1 - O**2)  # tanh′ = 1 − A_L²
    return O - Y  # identity: f′ = 1


def _backprop(params, A, Y, output="sigmoid", cost="squared"):
    """δ_L = ∂L/∂Z_L = (A_L − Y) ⊙ f′(Z_L) / batch (with the cross-entropy (A_L − Y) / batch),
    ∂L/∂W_l = A_{l−1}ᵀ δ_l,  ∂L/∂b_l = Σ_rows δ_l,  δ_{l−1} = (δ_l W_lᵀ) ⊙ A_{l−1} ⊙ (1 − A_{l−1}):
    [(∂L/∂W_l, ∂L/∂b_l) for each layer l]."""
    delta = _output_delta(A[-1], Y, output, cost) / Y.shape[0]  # δ_L: (batch, n_L)
    grads = []
    for l in reversed(range(len(params))):
        W, b = params[l]
        A_prev = A[l]  # the layer's input: (batch, n_in)
        dW = A_prev.T @ delta  # (n_in, batch) @ (batch, n_out) -> (n_in, n_out): a sum of outer products
        db = None if b is None else delta.sum(axis=0)  # (n_out,)
        grads.append((dW, db))
        if l > 0:
            delta = (delta @ W.T) * A_prev * (1 - A_prev)  # (batch, n_out) @ (n_out, n_in) -> (batch, n_in)
    return grads[::-1]


def backprop(params, X, Y, output="sigmoid", cost="squared") -> list[tuple[np.ndarray, np.ndarray | None]]:
    """∂L/∂W and ∂L/∂b for every layer, in the structure of params (db is None where b is None)."""
    params, X, Y = _inputs(params, X, Y)
    output, cost = _output_and_cost(output, cost, Y)
    return _backprop(params, _forward(params, X, output)[0], Y, output, cost)


@dataclass(frozen=True)
class History:
    """A training run: the loss before each update, and the params after the last one."""

    losses: tuple[float, ...]
    params: list[tuple[np.ndarray, np.ndarray | None]]


def _step(params, grads, lr):
    """One step of gradient descent: W_l ← W_l − lr·∂L/∂W_l,  b_l ← b_l − lr·∂L/∂b_l."""
    return [(W - lr * dW, None if b is None else b - lr * db) for (W, b), (dW, db) in zip(params, grads)]


def train(params, X, Y, lr: float = 1.0, epochs: int = 10, output="sigmoid", cost="squared") -> History:
    """Full-batch gradient descent (梯度下降); the params passed in are left unchanged."""
    params, X, Y = _inputs(params, X, Y)
    output, cost = _output_and_cost(output, cost, Y)
    lr, epochs = validate.learning_rate(lr), validate.epochs(epochs)
    losses = []
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging identity output overflows: named below
        for epoch in range(epochs):
            A, Z = _forward(params, X, output)
            losses.append(_loss(A[-1], Y, Z, cost))
            params = _step(params, _backprop(params, A, Y, output, cost), lr)
            if not all(np.isfinite(W).all() for W, _ in params):
                raise validate.diverged(lr, epoch)
    return History(tuple(losses), params)


# --- the bridge to the scalar series -------------------------------------------------------


def from_weights(w) -> list[tuple[np.ndarray, None]]:
    """The exercise's w1...w8 as [2, 2, 2] params without bias.

    in_h1 = w1·x1 + w3·x2 and in_h2 = w2·x1 + w4·x2, so column j of W1 holds the weights
    into h_j and row i the weights out of x_i:  W1 = [[w1, w2], [w3, w4]].  Likewise
    in_o1 = w5·out_h1 + w7·out_h2, so W2 = [[w5, w6], [w7, w8]].
    """
    w = Weights.of(w)
    W1 = np.array([[w.w1, w.w2],   # from x1: to h1, to h2
                   [w.w3, w.w4]])  # from x2: to h1, to h2
    W2 = np.array([[w.w5, w.w6],   # from h1: to o1, to o2
                   [w.w7, w.w8]])  # from h2: to o1, to o2
    return [(W1, None), (W2, None)]


def to_weights(params) -> Weights:
    """The inverse of from_weights: [2, 2, 2] params (or their gradients) as Weights w1...w8."""
    params = layer_params(params)
    shapes = [W.shape for W, _ in params]
    if shapes != [(2, 2), (2, 2)] or any(b is not None for _, b in params):
        raise ValueError(tr("params must be [2, 2, 2] without bias, found W shapes {shapes}", shapes=shapes))
    (W1, _), (W2, _) = params
    return Weights(*W1.ravel().tolist(), *W2.ravel().tolist())  # row by row: w1 w2 w3 w4, then w5 ... w8
