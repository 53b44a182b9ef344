"""The same network, differentiated by PyTorch's `loss.backward()` (自动求导), notebook 05.

This is the exercise's step 5: no hand-written derivative anywhere, only tensors that
require grad.  It is the independent witness that bpcore.backprop is held against.
`import bpcore` does not load this module (nor torch) until it is first used.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch.nn.functional import binary_cross_entropy_with_logits

from . import validate
from .gradients import History
from .language import tr
from .network import Weights, arguments, output_and_cost

ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "identity": lambda z: z}  # the output units'


def _dtype(dtype):
    named = {"float64": torch.float64, "float32": torch.float32}
    if isinstance(dtype, str):
        if dtype not in named:
            raise ValueError(tr("dtype must be 'float64' or 'float32', got {dtype!r}", dtype=dtype))
        return named[dtype]
    if dtype not in named.values():
        raise ValueError(tr("dtype must be torch.float64 or torch.float32, got {dtype!r}", dtype=dtype))
    return dtype


def forward_loss(w, x1, x2, y1, y2, output="sigmoid", cost="squared"):
    """The exercise's forward pass and loss on tensors; w is a sequence of 8 tensors.

    output: the output units' activation, "sigmoid" (the exercise's), "tanh" or "identity"; the hidden
    units stay sigmoids.  cost: "squared" (the exercise's) or "cross_entropy", torch's own binary
    cross-entropy computed from the net inputs ("with logits"), summed over the two outputs."""
    w1, w2, w3, w4, w5, w6, w7, w8 = w
    out_h1 = torch.sigmoid(w1 * x1 + w3 * x2)
    out_h2 = torch.sigmoid(w2 * x1 + w4 * x2)
    in_o1 = w5 * out_h1 + w7 * out_h2
    in_o2 = w6 * out_h1 + w8 * out_h2
    out_o1, out_o2 = ACTIVATIONS[output](in_o1), ACTIVATIONS[output](in_o2)
    if cost == "cross_entropy":
        L = (binary_cross_entropy_with_logits(in_o1, y1, reduction="sum")
             + binary_cross_entropy_with_logits(in_o2, y2, reduction="sum"))
    else:
        L = 0.5 * (out_o1 - y1) ** 2 + 0.5 * (out_o2 - y2) ** 2
    return L, (out_o1, out_o2)


@dataclass(frozen=True)
class Name:
    """What a node of autograd's graph computes, in notebook 03's names ("w1·x1", "in_h1", ..., "L"), and the
    numbers it takes that are no tensor requiring grad (x1, y1), which therefore get no node of their own."""

    label: str
    numbers: tuple[str, ...] = ()


def named_loss(weights, x1, x2, y1, y2):
    """The exercise's loss L, built from the eight leaf tensors `weights` as forward_loss builds it, with each
    tensor named where it is computed, as micrograd labels a Value: (L, {the grad_fn that computed a tensor:
    its Name}).  bpcore.plots.graph labels autograd's graph (notebook 05) with these names."""
    names = {}

    def named(t, label, *numbers):
        names[t.grad_fn] = Name(label, numbers)
        return t

    w1, w2, w3, w4, w5, w6, w7, w8 = weights
    in_h1 = named(named(w1 * x1, "w1·x1", "x1") + named(w3 * x2, "w3·x2", "x2"), "in_h1")
    out_h1 = named(torch.sigmoid(in_h1), "out_h1")
    in_h2 = named(named(w2 * x1, "w2·x1", "x1") + named(w4 * x2, "w4·x2", "x2"), "in_h2")
    out_h2 = named(torch.sigmoid(in_h2), "out_h2")
    in_o1 = named(named(w5 * out_h1, "w5·out_h1") + named(w7 * out_h2, "w7·out_h2"), "in_o1")
    out_o1 = named(torch.sigmoid(in_o1), "out_o1")
    in_o2 = named(named(w6 * out_h1, "w6·out_h1") + named(w8 * out_h2, "w8·out_h2"), "in_o2")
    out_o2 = named(torch.sigmoid(in_o2), "out_o2")
    error_o1 = named(out_o1 - y1, "out_o1 − y1", "y1")
    error_o2 = named(out_o2 - y2, "out_o2 − y2", "y2")
    half_o1 = named(0.5 * named(error_o1 ** 2, "(out_o1 − y1)²"), "½(out_o1 − y1)²")
    half_o2 = named(0.5 * named(error_o2 ** 2, "(out_o2 − y2)²"), "½(out_o2 − y2)²")
    return named(half_o1 + half_o2, "L"), names


def _tensors(w, x, y, dtype, output, cost):
    """Eight leaf tensors that require grad, the inputs and targets as tensors; output and cost checked."""
    dtype = _dtype(dtype)
    w, x, y = arguments(w, x, y)
    output, cost = output_and_cost(output, cost, y)
    ws = [torch.tensor(v, dtype=dtype, requires_grad=True) for v in w]
    return ws, [torch.tensor(v, dtype=dtype) for v in (*x, *y)], output, cost


def backprop(w, x, y, dtype="float64", output="sigmoid", cost="squared") -> Weights:
    """∂L/∂w1...∂L/∂w8 by `L.backward()`; float64 by default, 'float32' as in the exercise."""
    ws, (x1, x2, y1, y2), output, cost = _tensors(w, x, y, dtype, output, cost)
    L, _ = forward_loss(ws, x1, x2, y1, y2, output, cost)
    L.backward()
    return Weights(*(wi.grad.item() for wi in ws))


def train(w, x, y, lr: float = 1.0, epochs: int = 10, dtype="float64", output="sigmoid",
          cost="squared") -> History:
    """Gradient descent with autograd, the exercise's PyTorch loop; same History as bpcore.train."""
    lr, epochs = validate.learning_rate(lr), validate.epochs(epochs)
    ws, (x1, x2, y1, y2), output, cost = _tensors(w, x, y, dtype, output, cost)
    losses, weights, outputs, grads = [], [Weights(*(wi.item() for wi in ws))], [], []
    for epoch in range(epochs):
        L, (out_o1, out_o2) = forward_loss(ws, x1, x2, y1, y2, output, cost)
        L.backward()
        losses.append(L.item())
        outputs.append((out_o1.item(), out_o2.item()))
        try:
            grads.append(Weights.computed(*(wi.grad.item() for wi in ws)))
            with torch.no_grad():
                for wi in ws:
                    wi -= lr * wi.grad
                    wi.grad.zero_()  # .backward() adds to .grad; without this the gradients pile up
            weights.append(Weights.computed(*(wi.item() for wi in ws)))
        except validate.NotFinite as e:
            raise validate.diverged(lr, epoch) from e
    return History(tuple(losses), tuple(weights), tuple(outputs), tuple(grads))


def graph_nodes(L) -> list[str]:
    """The kinds of the nodes of the computational graph (计算图) that autograd recorded for tensor L.

    Each node's `name()`, in the order of graph_functions: "MulBackward0", "SigmoidBackward0", ..., and
    "AccumulateGrad" (shortened from "torch::autograd::AccumulateGrad") for each leaf that requires grad,
    where backward adds into .grad.
    """
    return [node.name().removeprefix("torch::autograd::") for node in graph_functions(L)]


def graph_functions(L) -> list:
    """The nodes of the graph autograd recorded for tensor L, as its grad_fn objects: from L.grad_fn (the
    last operation) back to the leaves, breadth first, each node once (bpcore.plots.graph draws them)."""
    if getattr(L, "grad_fn", None) is None:
        raise ValueError(tr("L must be a tensor computed from tensors that require grad (L.grad_fn is None)"))
    nodes, seen, todo = [], {L.grad_fn}, [L.grad_fn]
    while todo:
        node = todo.pop(0)
        nodes.append(node)
        for next_node, _ in node.next_functions:
            if next_node is not None and next_node not in seen:
                seen.add(next_node)
                todo.append(next_node)
    return nodes
