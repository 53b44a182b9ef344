"""Every student their own numbers: the exercise's network at weights, inputs and targets drawn from the
student's id (issue 23).  `variant(student_id)` is the whole rule; a teacher can call it, and redo it by
hand from this description.

The rule.  For draw = 0, 1, 2, ... (the first draw that makes a good exercise is kept):

1. id = unicodedata.normalize("NFC", student_id), so that an id typed as composed or decomposed
   characters (é, or e and a combining accent) is one id;
2. digest = SHA-256 of the UTF-8 bytes of f"{assignment}\\n{id}\\n{draw}" (hashlib.sha256);
3. k_i = int.from_bytes(digest[2i : 2i + 2], "big") for i = 0 ... 11, twelve numbers from 0 to 65535;
4. on a grid of hundredths, numbers a teacher computes with by hand, in ranges like the exercise's:
   w1 ... w8 = (k_0 ... k_7 mod 201 − 100) / 100, each in [−1.00, 1.00];
   x1, x2    = (k_8, k_9 mod 81 + 10) / 100, each in [0.10, 0.90];
   y1, y2    = (k_10, k_11 mod 91 + 5) / 100, each in [0.05, 0.95];
5. keep the draw if it is a good exercise (`flaws` names nothing), else take the next draw.

A good exercise (the thresholds are the constants below):

- every gradient shows: |∂L/∂w| ≥ GRADIENT_FLOOR = 1e-3 for all eight (the exercise's smallest is
  |∂L/∂w3| = 5.05e-3), so no answer rounds away in a hand calculation;
- the exercise's published formula is wrong on every hidden weight: for w1 ... w4,
  |published − chain rule| > PUBLISHED_MARGIN · |chain rule|, 5 %, ten times the relative tolerance with
  which bpcore.checks accepts an answer typed by hand (checks.RTOL, 3 significant digits), so a student
  who follows the published derivation never passes, and is recognised as following it;
- the targets are reachable: y1, y2 in (0, 1), the outputs a sigmoid can give (the assignment's
  exercise keeps its unreachable −0.07; a variant asks for a reachable target, as its text says);
- the assignment's 10 epochs of gradient descent at its learning rate, lr = 1 (the exercise's step),
  lower the loss at every epoch, and by at least LOSS_DROP = 1 % in all: loss after 10 epochs
  ≤ 0.99 · loss at the start (the series' convention: the loss after k epochs is that of the weights
  after k updates).

About 43 % of draws fail, nearly all on the gradient floor (measured on 5000 ids: 41 % of draws have a
gradient under 1e-3, 4 % a published hidden gradient within 5 %, none a loss that fails to drop), so a
variant takes 1.8 draws on average.  `code` is a short code of the variant to print on paper: the digest
of the kept draw, its bytes 24...27 read as a number, the top 30 bits written as 6 characters of
Crockford's base 32 (0-9 and A-Z without I, L, O, U).

Plain Python (hashlib, unicodedata) and the scalar network, as bpcore.network and bpcore.gradients.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from .gradients import chain_rule, published_chain_rule
from .language import N_, tr
from .network import WEIGHT_NAMES, Weights, forward_pass, half_squared_error

ASSIGNMENT = "backprop"  # the assignment of classroom/source/backprop
LR, EPOCHS = 1.0, 10  # the assignment's gradient descent: the exercise's step 1, ten epochs

# The grids, as (lowest, how many values) in hundredths: w in [-1, 1], x in [0.10, 0.90], y in [0.05, 0.95]
WEIGHT_GRID = (-100, 201)
INPUT_GRID = (10, 81)
TARGET_GRID = (5, 91)

GRADIENT_FLOOR = 1e-3
PUBLISHED_MARGIN = 0.05
LOSS_DROP = 0.01
MAX_DRAWS = 1000  # never reached in practice (a draw fails with probability about 0.43)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

# What `flaws` names, said through tr()
FLAWS = {
    "small gradient": N_("a gradient under the floor: |∂L/∂{name}| = {value:.3g} < {floor:g}"),
    "published right": N_("the published formula is within {margin:.0%} of the chain rule on {name}"),
    "unreachable target": N_("a target out of a sigmoid's reach (0, 1): {name} = {value:g}"),
    "loss rises": N_("gradient descent does not lower the loss at epoch {epoch}"),
    "loss stays": N_("{epochs} epochs lower the loss by {drop:.2%} only, less than {least:.0%}"),
}


@dataclass(frozen=True)
class Variant:
    """A student's exercise: the weights w, inputs x and targets y, with the id and assignment they come
    from, the draw kept (0 if the first was good) and the short code to print.  `w, x, y = variant(id)`."""

    student_id: str  # NFC-normalised
    assignment: str
    w: Weights
    x: tuple[float, float]
    y: tuple[float, float]
    draw: int
    code: str

    def __iter__(self):
        return iter((self.w, self.x, self.y))


def variant(student_id, assignment: str = ASSIGNMENT) -> Variant:
    """The student's own weights, inputs and targets for `assignment`, by the rule of this module's doc."""
    sid = identifier(student_id, "student_id")
    assignment = identifier(assignment, "assignment")
    for draw in range(MAX_DRAWS):
        d = digest(sid, assignment, draw)
        w, x, y = numbers(d)
        if not flaws(w, x, y):
            return Variant(sid, assignment, w, x, y, draw, short_code(d))
    raise RuntimeError(f"no good variant for {sid!r} in {MAX_DRAWS} draws")  # pragma: no cover


def identifier(value, name: str) -> str:
    """A student id or an assignment's name: any text that is not blank, NFC-normalised."""
    if not isinstance(value, str):
        raise TypeError(tr("{name} must be text (a str), such as 'alice.smith' or '张伟', got {value!r} "
                           "({type})", name=name, value=value, type=type(value).__name__))
    if not value.strip():
        raise ValueError(tr("{name} must not be empty or blank, got {value!r}", name=name, value=value))
    return unicodedata.normalize("NFC", value)


def digest(sid: str, assignment: str, draw: int) -> bytes:
    """Step 2: the SHA-256 digest of the assignment, the id and the draw."""
    return hashlib.sha256(f"{assignment}\n{sid}\n{draw}".encode("utf-8")).digest()


def numbers(d: bytes) -> tuple[Weights, tuple[float, float], tuple[float, float]]:
    """Steps 3-4: the twelve numbers of a digest on their grids, in hundredths."""
    k = [int.from_bytes(d[2 * i:2 * i + 2], "big") for i in range(12)]
    on = lambda v, grid: (v % grid[1] + grid[0]) / 100  # noqa: E731  (an exact decimal: 37 / 100 is 0.37)
    w = Weights(*(on(v, WEIGHT_GRID) for v in k[:8]))
    return w, (on(k[8], INPUT_GRID), on(k[9], INPUT_GRID)), (on(k[10], TARGET_GRID), on(k[11], TARGET_GRID))


def short_code(d: bytes) -> str:
    """6 characters of Crockford's base 32: the top 30 bits of the digest's bytes 24...27."""
    n = int.from_bytes(d[24:28], "big") >> 2
    return "".join(CROCKFORD[(n >> shift) & 31] for shift in range(25, -1, -5))


def flaws(w: Weights, x: tuple[float, float], y: tuple[float, float]) -> list[str]:
    """What keeps (w, x, y) from being a good exercise, in words (empty: a good one).  Checked numbers."""
    found = []
    f = forward_pass(w, x)
    right = chain_rule(f, w, x, y).grads
    published = published_chain_rule(f, w, x, y).grads
    for name, g, p in zip(WEIGHT_NAMES, right, published):
        if abs(g) < GRADIENT_FLOOR:
            found.append(tr(FLAWS["small gradient"], name=name, value=abs(g), floor=GRADIENT_FLOOR))
        if name in ("w1", "w2", "w3", "w4") and not abs(p - g) > PUBLISHED_MARGIN * abs(g):
            found.append(tr(FLAWS["published right"], margin=PUBLISHED_MARGIN, name=name))
    for name, v in zip(("y1", "y2"), y):
        if not 0.0 < v < 1.0:
            found.append(tr(FLAWS["unreachable target"], name=name, value=v))
    losses = descent_losses(w, x, y)
    for epoch, (before, after) in enumerate(zip(losses, losses[1:])):
        if not after < before:
            found.append(tr(FLAWS["loss rises"], epoch=epoch))
            break
    drop = 1 - losses[-1] / losses[0]
    if not drop >= LOSS_DROP:
        found.append(tr(FLAWS["loss stays"], epochs=EPOCHS, drop=drop, least=LOSS_DROP))
    return found


def descent_losses(w: Weights, x, y, lr: float = LR, epochs: int = EPOCHS) -> list[float]:
    """The loss after 0, 1, ..., `epochs` epochs of gradient descent (epochs + 1 numbers)."""
    losses = []
    for _ in range(epochs):
        f = forward_pass(w, x)
        losses.append(half_squared_error(f, y))
        w = w - lr * chain_rule(f, w, x, y).grads
    losses.append(half_squared_error(forward_pass(w, x), y))
    return losses


# --- the answer key: a variant's numbers as a teacher checks them ---


def significant(v: float, digits: int = 4) -> str:
    """v to `digits` significant digits, trailing zeros kept: -0.008421, 0.01250, 0.1000."""
    return f"{v + 0.0:#.{digits}g}".rstrip(".")


@dataclass(frozen=True)
class Key:
    """A variant's answers: the forward pass, the loss, the four δ, ∂L/∂w1...∂L/∂w8 by the chain rule, and
    the published formula's (wrong on w1...w4)."""

    forward: object  # bpcore.network.Forward
    loss: float
    deltas: tuple[float, float, float, float]  # δ_o1, δ_o2, δ_h1, δ_h2
    grads: Weights
    published: Weights


def key(v: Variant) -> Key:
    """The answer key of a variant, by bpcore's chain rule and the exercise's published formula."""
    f = forward_pass(v.w, v.x)
    b = chain_rule(f, v.w, v.x, v.y)
    return Key(f, half_squared_error(f, v.y), (b.delta_o1, b.delta_o2, b.delta_h1, b.delta_h2), b.grads,
               published_chain_rule(f, v.w, v.x, v.y).grads)


# --- the printed worksheet's words (scripts/worksheet draws the pages), said through tr() ---

PAGE = {
    "title": N_("Backpropagation by hand: worksheet"),
    "key title": N_("Backpropagation by hand: answer key"),
    "teacher only": N_("For the teacher: do not hand out."),
    "student": N_("Student: {student}"),
    "code": N_("Variant {code}"),
    "network": N_("The exercise's 2-2-2 network: no biases, a sigmoid σ(z) = 1 / (1 + e^(−z)) on every "
                  "neuron."),
    "given": N_("Your numbers: inputs x1 = {x1}, x2 = {x2}; targets y1 = {y1}, y2 = {y2}; the weights are on "
                "the edges."),
    "key given": N_("The student's numbers: inputs x1 = {x1}, x2 = {x2}; targets y1 = {y1}, y2 = {y2}."),
    "loss": N_("Loss: L = ½(out_o1 − y1)² + ½(out_o2 − y2)², the squared error."),
    "task": N_("Compute the eight gradients ∂L/∂w1 ... ∂L/∂w8 by the chain rule at your numbers."),
    "digits": N_("Write each to 4 significant digits (for example −0.008421, 0.01250); round only at the "
                 "end."),
    "weight": N_("weight"),
    "value": N_("value"),
    "your answer": N_("∂L/∂w, 4 significant digits"),
    "working": N_("Working"),
    "chain rule": N_("chain rule"),
    "published": N_("published formula"),
    "wrong": N_("wrong"),
    "intermediate": N_("The forward pass and the error terms, 4 significant digits"),
    "published note": N_("The published formula (the exercise's back_propagate) puts out_h1 where w5 and w6 "
                         "belong, and out_h2 where w7 and w8 do: an answer on w1 ... w4 that matches its "
                         "column follows that mistake."),
    "accept": N_("A right answer is the chain rule's to 4 significant digits; the autograder accepts each "
                 "within one unit of its 4th digit (−0.008421 ± 0.000001)."),
    "rule": N_("Numbers: bpcore.variant.variant({student!r}, {assignment!r}), draw {draw}."),
    "page": N_("Page {page} of {pages}"),
}
# scripts/worksheet's errors, in the language of its --lang
WORKSHEET_ERRORS = {
    "no ids": N_("--ids: no student ids given, or the roster has none"),
    "no roster": N_("--ids: there is no roster file {path}: give the path of a .csv file, or the ids "
                    "themselves"),
    "blank id": N_("--ids: a student id must not be empty or blank, got {value!r}"),
    "assignment": N_("--assignment: the worksheet is assignment 1's, whose numbers backprop and backprop_zh "
                     "share: give backprop (or leave it out), not {value!r}"),
}
