"""bpcore.autograd.graph_nodes: the computational graph of the exercise's loss, counted by hand; and
bpcore.autograd.named_loss, the same loss with each node named where it is built."""

from collections import Counter

import pytest
import torch

from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.autograd import forward_loss, graph_functions, graph_nodes, named_loss


def _seed_loss():
    w = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in SEED_WEIGHTS]
    inputs = [torch.tensor(v, dtype=torch.float64) for v in (*SEED_X, *SEED_Y)]
    L, _ = forward_loss(w, *inputs)
    return L


def test_graph_of_the_worked_example_counted_from_the_formulas():
    # each of h1, h2, o1, o2: in = w·a + w·b (2 Mul, 1 Add), out = σ(in) (1 Sigmoid);
    # L = 0.5·(o1 − y1)² + 0.5·(o2 − y2)²: 2 Sub, 2 Pow, 2 Mul, 1 Add; one leaf per weight
    expected = {"MulBackward0": 4 * 2 + 2, "AddBackward0": 4 + 1, "SigmoidBackward0": 4,
                "SubBackward0": 2, "PowBackward0": 2, "AccumulateGrad": 8}
    kinds = graph_nodes(_seed_loss())
    assert Counter(kinds) == expected and len(kinds) == 31
    assert kinds[0] == "AddBackward0"          # the last operation, the + of the two halves
    assert kinds[-1] == "AccumulateGrad"       # breadth first: the farthest node from L is a leaf (w1...w4)
    assert graph_nodes(_seed_loss()) == kinds  # the same order every time


def test_graph_nodes_refuse_a_tensor_without_a_graph():
    with pytest.raises(ValueError, match="L"):
        graph_nodes(torch.tensor(1.0))
    with pytest.raises(ValueError, match="L"):
        graph_nodes(0.5)


def test_named_loss_is_forward_loss_with_every_operation_named():
    w = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in SEED_WEIGHTS]
    inputs = [torch.tensor(v, dtype=torch.float64) for v in (*SEED_X, *SEED_Y)]
    L, names = named_loss(w, *inputs)
    assert L.item() == forward_loss(w, *inputs)[0].item()  # the same operations on the same numbers
    assert graph_nodes(L) == graph_nodes(_seed_loss())
    operations = [fn for fn in graph_functions(L) if fn.name() != "torch::autograd::AccumulateGrad"]
    assert set(names) == set(operations) and len(names) == 23  # each operation named, nothing else
    assert names[L.grad_fn].label == "L" and names[L.grad_fn].numbers == ()
    products = {n.label: n.numbers for n in names.values() if n.numbers}
    assert products == {"w1·x1": ("x1",), "w3·x2": ("x2",), "w2·x1": ("x1",), "w4·x2": ("x2",),
                        "out_o1 − y1": ("y1",), "out_o2 − y2": ("y2",)}
