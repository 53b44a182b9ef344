"""The exercise's network in torch float64, its net inputs kept: the witness for bpcore.backward's δ.

Each net input in_h1 ... in_o2 is a tensor that calls .retain_grad(), so after L.backward() its .grad is
∂L/∂(that net input): the unit's δ, computed by autograd without a hand formula.

Notebook 09's output units and costs are written here from their definitions, as a textbook states them
(the cross-entropy from ln out_o and ln(1 − out_o), not from the net inputs as bpcore computes it), so the
witness shares no formula with bpcore.network or bpcore.autograd.
"""

import torch

ACTIVATIONS = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "identity": lambda z: z}


def cost_of(out, y, cost):
    """One output's cost by its definition: ½(out − y)², or −[y ln out + (1 − y) ln(1 − out)]."""
    if cost == "squared":
        return 0.5 * (out - y) ** 2
    return -(y * torch.log(out) + (1 - y) * torch.log(1 - out))


def deltas_and_grads(w, x, y, output="sigmoid", cost="squared"):
    """{"delta_o1": ..., "delta_h2": ..., "grad_w1": ..., "grad_w8": ...} by torch autograd in float64."""
    return forward_and_backward(w, x, y, output, cost)[2]


def forward_and_backward(w, x, y, output="sigmoid", cost="squared"):
    """L, (out_o1, out_o2) and deltas_and_grads's dict, by torch autograd in float64."""
    w1, w2, w3, w4, w5, w6, w7, w8 = (torch.tensor(float(v), dtype=torch.float64, requires_grad=True)
                                      for v in w)
    x1, x2, y1, y2 = (torch.tensor(float(v), dtype=torch.float64) for v in (*x, *y))
    in_h1 = w1 * x1 + w3 * x2
    in_h2 = w2 * x1 + w4 * x2
    out_h1, out_h2 = torch.sigmoid(in_h1), torch.sigmoid(in_h2)
    in_o1 = w5 * out_h1 + w7 * out_h2
    in_o2 = w6 * out_h1 + w8 * out_h2
    out_o1, out_o2 = ACTIVATIONS[output](in_o1), ACTIVATIONS[output](in_o2)
    for net_input in (in_h1, in_h2, in_o1, in_o2):
        net_input.retain_grad()
    L = cost_of(out_o1, y1, cost) + cost_of(out_o2, y2, cost)
    L.backward()
    found = {"delta_o1": in_o1.grad.item(), "delta_o2": in_o2.grad.item(),
             "delta_h1": in_h1.grad.item(), "delta_h2": in_h2.grad.item()}
    leaves = (w1, w2, w3, w4, w5, w6, w7, w8)
    found.update({f"grad_w{i}": wi.grad.item() for i, wi in enumerate(leaves, start=1)})
    return L.item(), (out_o1.item(), out_o2.item()), found
