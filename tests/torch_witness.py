"""The exercise's network in torch float64, its net inputs kept: the witness for bpcore.backward's δ.

Each net input in_h1 ... in_o2 is a tensor that calls .retain_grad(), so after L.backward() its .grad is
∂L/∂(that net input): the unit's δ, computed by autograd without a hand formula.
"""

import torch


def deltas_and_grads(w, x, y):
    """{"delta_o1": ..., "delta_h2": ..., "grad_w1": ..., "grad_w8": ...} by torch autograd in float64."""
    w1, w2, w3, w4, w5, w6, w7, w8 = (torch.tensor(float(v), dtype=torch.float64, requires_grad=True)
                                      for v in w)
    x1, x2, y1, y2 = (torch.tensor(float(v), dtype=torch.float64) for v in (*x, *y))
    in_h1 = w1 * x1 + w3 * x2
    in_h2 = w2 * x1 + w4 * x2
    out_h1, out_h2 = torch.sigmoid(in_h1), torch.sigmoid(in_h2)
    in_o1 = w5 * out_h1 + w7 * out_h2
    in_o2 = w6 * out_h1 + w8 * out_h2
    out_o1, out_o2 = torch.sigmoid(in_o1), torch.sigmoid(in_o2)
    for net_input in (in_h1, in_h2, in_o1, in_o2):
        net_input.retain_grad()
    L = 0.5 * (out_o1 - y1) ** 2 + 0.5 * (out_o2 - y2) ** 2
    L.backward()
    found = {"delta_o1": in_o1.grad.item(), "delta_o2": in_o2.grad.item(),
             "delta_h1": in_h1.grad.item(), "delta_h2": in_h2.grad.item()}
    found.update({f"grad_w{i}": wi.grad.item()
                  for i, wi in enumerate((w1, w2, w3, w4, w5, w6, w7, w8), start=1)})
    return found
