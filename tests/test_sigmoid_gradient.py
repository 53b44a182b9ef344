"""Notebook 05's reason for torch.sigmoid: at z = -1000 the exercise's 1 / (1 + torch.exp(-z)) has the
right value, 0.0, but autograd's gradient of it is NaN (inf against inf); torch.sigmoid's is 0.0."""

import math

import pytest
import torch


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_the_hand_formulas_gradient_is_nan_where_torch_sigmoids_is_zero(dtype):
    def value_and_slope(sigmoid):
        z = torch.tensor([-1000.0], dtype=dtype, requires_grad=True)
        value = sigmoid(z)
        value.backward()
        return value.item(), z.grad.item()

    by_hand = value_and_slope(lambda z: 1 / (1 + torch.exp(-z)))
    built_in = value_and_slope(torch.sigmoid)
    assert by_hand[0] == 0.0 and math.isnan(by_hand[1])
    assert built_in == (0.0, 0.0)
    # the witness: σ(-1000) = e^-1000 / (1 + e^-1000) and its slope are below the smallest float
    assert math.exp(-1000.0) == 0.0
