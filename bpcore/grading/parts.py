"""The graded parts of the two assignments, in one place: each test cell's grade id, the part's stable key
(what the class report counts by) and its title (what the feedback page and the report call it).

The Chinese assignments (backprop_zh, autograd_zh) have the same grade ids as the English, so a part is
known by its grade id in both; its title is said in the notebook's language:

    >>> title("test_hidden_layer", "zh")
    '反向传播：隐藏层'
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from ..language import N_, language, tr, use_language


@dataclass(frozen=True)
class Part:
    """A graded part: its test cell's grade id, a stable key ("backprop.hidden") and its title (a message)."""

    grade_id: str
    key: str
    title: str


PARTS = {p.grade_id: p for p in (
    Part("test_forward", "backprop.forward", N_("Backprop: forward pass")),
    Part("test_loss", "backprop.loss", N_("Backprop: loss")),
    Part("test_output_layer", "backprop.output", N_("Backprop: output layer")),
    Part("test_hidden_layer", "backprop.hidden", N_("Backprop: hidden layer")),
    Part("test_hand_derivation", "backprop.hand", N_("Backprop: hand derivation")),
    Part("test_training", "backprop.training", N_("Backprop: ten epochs of gradient descent")),
    Part("test_make_weights", "autograd.leaves", N_("Autograd: the weights as leaf tensors")),
    Part("test_forward_loss", "autograd.forward_loss", N_("Autograd: forward pass and loss")),
    Part("test_step", "autograd.step", N_("Autograd: one update step")),
    Part("test_zero_grad", "autograd.zeroing", N_("Autograd: zeroing the gradients")),
    Part("test_train", "autograd.training", N_("Autograd: training")),
)}


@contextmanager
def speaking(code: str):
    """bpcore speaks `code` inside the block, and what it spoke before after it."""
    before = language()
    use_language(code)
    try:
        yield
    finally:
        use_language(before)


def said(message: str, code: str, **values) -> str:
    """`message` (a message id) in the language `code`, whatever bpcore speaks now."""
    with speaking(code):
        return tr(message, **values)


def title(grade_id: str, code: str) -> str:
    """The title of the part graded by the cell `grade_id`, in the language `code`; a grade id not in PARTS
    is its own title."""
    part = PARTS.get(grade_id)
    return said(part.title, code) if part else grade_id


def key(grade_id: str) -> str:
    """The stable key of the part graded by `grade_id` ("backprop.hidden"); the grade id if not in PARTS."""
    part = PARTS.get(grade_id)
    return part.key if part else grade_id
