"""The catalogue of known mistakes, each as the answers it gives, so that a check can recognise it by name.

The gradients' mistakes are bpcore.checks.mistaken_gradients, which the notebooks' self-checks name too;
the training loops' mistakes are runs of `descent` (assignment 1) and `accumulated_run` (assignment 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..checks import mistaken_gradients, swap_w2_w3
from ..gradients import backprop as true_backprop
from ..language import N_, tr
from ..network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Weights,
    forward as true_forward,
    loss as true_loss,
)
from ..variant import variant
from .reports import EXERCISE, lines, named, numbers
from .submission import current_id


@dataclass(frozen=True)
class Mistake:
    """A known mistake: its name, what a student reads, and the answers it gives at a case (w, x, y)."""

    name: str
    title: str  # a message, said through tr()
    explanation: tuple[str, ...]  # its lines, each a message
    answers: Callable  # (w, x, y) -> {name: value}


def mistaken(key: str):
    """The answers of the gradient mistake `key` of bpcore.checks.mistaken_gradients."""
    return lambda w, x, y: named(mistaken_gradients(w, x, y)[key], WEIGHT_NAMES)


def outputs(f) -> dict:
    """A bpcore.Forward's outputs, by name: what a student's forward returns."""
    return {"out_h1": f.out_h1, "out_h2": f.out_h2, "out_o1": f.out_o1, "out_o2": f.out_o2}


def net_inputs(f) -> dict:
    """A bpcore.Forward's net inputs, under the outputs' names: in_ where out_ belongs."""
    return {"out_h1": f.in_h1, "out_h2": f.in_h2, "out_o1": f.in_o1, "out_o2": f.in_o2}


# --- backprop ------------------------------------------------------------------------------------
# A mistake's title and explanation are said in the language bpcore speaks: each line of the explanation
# is one message (N_ here, tr where reports.compare says it).

PUBLISHED = Mistake(
    "published formula", N_("the exercise's published formula (bpcore.backprop_original)"),
    (N_("It sends the output errors back through out_h1 and out_h2, where the weights w5...w8 belong:"),
     N_("∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6, not d_w5 + d_w6 = δ_o1·out_h1 + δ_o2·out_h1."),
     N_("Notebook 03, \"Which factor is wrong, and why\".")), mistaken("published"))
FLIPPED_SIGN = Mistake(
    "flipped sign", N_("a flipped sign in δ_o"),
    (N_("∂L/∂out_o1 = out_o1 − y1, not y1 − out_o1; every gradient behind δ_o flips with it."),
     N_("Notebook 03, factor 1 of ∂L/∂w5.")), mistaken("flipped sign"))
NO_HIDDEN_SIGMA_PRIME = Mistake(
    "missing hidden σ′", N_("a missing σ′ in the hidden layer"),
    (N_("δ_h1 = (δ_o1·w5 + δ_o2·w6)·out_h1(1 − out_h1): the error passes the hidden unit's sigmoid too,"),
     N_("and its derivative out_h1(1 − out_h1) is a factor.  Notebook 03, \"Hidden weights\".")),
    mistaken("missing hidden σ′"))
SWAPPED_WIRING = Mistake(
    "swapped w2/w3", N_("w2 and w3 swapped in the wiring"),
    (N_("In the exercise w3 joins x2 to h1 and w2 joins x1 to h2: in_h1 = w1·x1 + w3·x2 and"),
     N_("in_h2 = w2·x1 + w4·x2 (notebook 01).  Matt Mazur's example numbers them the other way.")),
    mistaken("swapped w2/w3"))
NO_HALF = Mistake(
    "loss without ½", N_("the gradients of a loss without the ½"),
    (N_("L = ½(out_o1 − y1)² + ½(out_o2 − y2)², so ∂L/∂out_o1 = out_o1 − y1, not 2(out_o1 − y1)."),
     N_("Notebook 02.")), mistaken("loss without ½"))
WORKED_EXAMPLE = Mistake(
    "worked example's globals", N_("the worked example's numbers, whatever w, x and y are given"),
    (N_("Does the function read the notebook's global w1...w8, x1, x2, y1, y2 instead of its arguments?"),),
    lambda w, x, y: named(true_backprop(SEED_WEIGHTS, SEED_X, SEED_Y), WEIGHT_NAMES))


def own_numbers():
    """The numbers the notebook gives the student, w, x, y = bpcore.variant(the id graded), or the
    exercise's where no id is known."""
    sid = current_id()
    return tuple(variant(sid)) if sid else (SEED_WEIGHTS, SEED_X, SEED_Y)


# "notebook's globals": answers at the student's own numbers whatever w, x, y are (assignment 1's notebook
# holds them in its globals w, x, y).  It depends on the id graded, so the hidden cases' rule
# (bpcore.grading.hidden) tells it apart with the variant itself, not through this Mistake.
OWN_NUMBERS = Mistake(
    "notebook's globals", N_("the answers at your own numbers, whatever w, x and y are given"),
    (N_("Does the function read the notebook's global w, x, y instead of its arguments?"),),
    lambda w, x, y: named(true_backprop(*own_numbers()), WEIGHT_NAMES))
BACKPROP_MISTAKES = (PUBLISHED, FLIPPED_SIGN, NO_HIDDEN_SIGMA_PRIME, SWAPPED_WIRING, NO_HALF, WORKED_EXAMPLE,
                     OWN_NUMBERS)

# --- the forward pass and the loss ---------------------------------------------------------------

FORWARD_MISTAKES = (
    Mistake("swapped w2/w3", SWAPPED_WIRING.title, SWAPPED_WIRING.explanation,
            lambda w, x, y: outputs(true_forward(swap_w2_w3(Weights.of(w)), x))),
    Mistake("missing sigmoid", N_("net inputs (in_...), not outputs (out_...)"),
            (N_("Each unit's output is the sigmoid of its net input: out_h1 = σ(in_h1) (notebook 01)."),),
            lambda w, x, y: net_inputs(true_forward(w, x))),
    Mistake("worked example's globals", WORKED_EXAMPLE.title, WORKED_EXAMPLE.explanation,
            lambda w, x, y: outputs(true_forward(SEED_WEIGHTS, SEED_X))),
    Mistake(OWN_NUMBERS.name, OWN_NUMBERS.title, OWN_NUMBERS.explanation,
            lambda w, x, y: outputs(true_forward(*own_numbers()[:2]))),
)
LOSS_MISTAKES = (
    Mistake("loss without ½", N_("the loss without the ½"),
            (N_("The exercise's loss is L = ½(out_o1 − y1)² + ½(out_o2 − y2)² (notebook 02)."),),
            lambda w, x, y: {"L": 2 * true_loss(w, x, y)}),
    Mistake("worked example's globals", WORKED_EXAMPLE.title, WORKED_EXAMPLE.explanation,
            lambda w, x, y: {"L": true_loss(SEED_WEIGHTS, SEED_X, SEED_Y)}),
    Mistake(OWN_NUMBERS.name, OWN_NUMBERS.title, OWN_NUMBERS.explanation,
            lambda w, x, y: {"L": true_loss(*own_numbers())}),
)

# --- training loops ------------------------------------------------------------------------------


def descent(w, x, y, lr, epochs, grad, loss, sign=-1, record_after=False):
    """Gradient descent as the student's loop should do it, with the student's own grad and loss:
    (final weights, losses).  sign=+1 climbs; record_after records each loss after its update."""
    w, losses = list(w), []
    for _ in range(epochs):
        if not record_after:
            losses.append(loss(w, x, y))
        g, problem = numbers(grad(w, x, y), WEIGHT_NAMES, "backprop")
        if problem:
            raise ValueError(problem)
        w = [wi + sign * lr * g[n] for wi, n in zip(w, WEIGHT_NAMES)]
        if record_after:
            losses.append(loss(w, x, y))
    return w, losses


def loop_mistakes(case, lr, epochs, backprop, loss):
    """The known mistakes of a training loop: (name, explanation, the run it makes)."""
    run = lambda *args, **kw: descent(*args, epochs, backprop, loss, **kw)  # noqa: E731
    yield "climbs", tr("It steps *up* the gradient: w ← w − lr·∂L/∂w, with a minus."), run(*case, lr, sign=+1)
    records_after = lines(tr("It records each loss after its update; record it before, as the exercise"),
                          tr("prints 第0轮 at the start."))
    yield "records after", records_after, run(*case, lr, record_after=True)
    yield "no update", tr("The weights never change: assign the update back, w = w − lr·g."), run(*case, 0.0)
    if lr != 1.0:
        yield "ignores lr", tr("It steps as if lr were 1: multiply the gradient by lr."), run(*case, 1.0)
    if case != EXERCISE[0]:
        yield "worked example's globals", tr("It trains the worked example, whatever w, x, y it is given."), \
            run(*EXERCISE[0], lr)


def accumulated_run(w, x, y, lr, epochs):
    """Training without zeroing: each epoch steps with the sum of all gradients so far."""
    w, summed, losses = Weights.of(w), Weights(*[0.0] * 8), []
    for _ in range(epochs):
        losses.append(true_loss(w, x, y))
        summed = summed + true_backprop(w, x, y)
        w = w - lr * summed
    return w, losses
