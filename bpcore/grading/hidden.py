"""The hidden tests' cases: weights, inputs and targets drawn from the course's secret and the student's id,
so that no student can compute them (the secret is the teacher's: classroom/README.md says where it is
set), and no two students share them.

The rule, `hidden_cases(secret, student_id)`.  For case i = 0, 1, 2 and draw = 0, 1, ... (the first good
draw is kept):

1. digest = HMAC-SHA256 with the key secret (UTF-8) of f"hidden\\n{id}\\n{i}\\n{draw}", the id
   NFC-normalised (as bpcore.variant);
2. k_j = int.from_bytes(digest[2j : 2j + 2], "big") for j = 0 ... 11;
3. on a grid of thousandths, wider than a variant's, negative inputs included:
   w1 ... w8 = (k_0 ... k_7 mod 3001 − 1500) / 1000, each in [−1.5, 1.5];
   x1, x2    = ±(k_8, k_9 mod 901 + 100) / 1000, |x| in [0.1, 1.0], the sign the number's parity;
   y1, y2    = (k_10, k_11 mod 901 + 50) / 1000, each in [0.05, 0.95];
4. keep the draw if every known mistake is told apart there (`mixed_up` names nothing): every gradient
   |∂L/∂w| > FLOOR = 1e-3, and each known mistake of backprop, the forward pass and the loss
   (bpcore.grading.mistakes) gives, on each of its numbers, either the truth itself (within 1e-12
   relative: that mistake does not touch it) or a number more than SEPARATION = 1e-3 relative off it, a
   thousand times the checks' tolerance (reports.RTOL), so that none passes for the truth by rounding
   and each is recognised by name; "the notebook's globals" is the answers at the student's own numbers,
   bpcore.variant(id).

Without the secret the cases cannot be computed; with it (the teacher's autograder) they are the same at
every run.  At grading the kernel finds the secret and the submission's id in its environment
(bpcore.grading.submission), and `graded_cases()` draws them.
"""

from __future__ import annotations

import hashlib
import hmac

from ..gradients import backprop as true_backprop
from ..language import tr
from ..network import WEIGHT_NAMES, Weights, forward as true_forward, loss as true_loss
from ..variant import identifier, variant
from .mistakes import BACKPROP_MISTAKES, FORWARD_MISTAKES, LOSS_MISTAKES, OWN_NUMBERS, outputs
from .reports import HiddenCase, named
from .submission import course_secret, graded_id

COUNT = 3
FLOOR = 1e-3
SEPARATION = 1e-3
SAME = 1e-12
MAX_DRAWS = 1000


def hidden_cases(secret: str, student_id: str, count: int = COUNT) -> tuple[HiddenCase, ...]:
    """The hidden tests' `count` cases (w, x, y) for `student_id` under the course's `secret`."""
    if not isinstance(secret, str):  # its type only: a secret is never printed
        raise TypeError(tr("secret, the course secret, must be text (a str), got a {kind}",
                           kind=type(secret).__name__))
    if not secret.strip():
        raise ValueError(tr("secret, the course secret, must not be empty: set BPCORE_COURSE_SECRET or "
                            "classroom/course_secret.txt (classroom/README.md)"))
    sid = identifier(student_id, "student_id")
    return tuple(case(secret, sid, i) for i in range(count))


def graded_cases(count: int = COUNT) -> tuple[HiddenCase, ...]:
    """The hidden cases of the submission being graded: its id and the course secret, from the kernel's
    environment (classroom/nbgrader_config.py puts them there)."""
    secret = course_secret()
    if secret is None:
        raise RuntimeError(tr("The hidden tests run only when the teacher grades: the course secret is not "
                              "set here (classroom/README.md)."))
    return hidden_cases(secret, graded_id(), count)


def case(secret: str, sid: str, index: int) -> HiddenCase:
    """Case `index` of the rule above."""
    for draw in range(MAX_DRAWS):
        message = f"hidden\n{sid}\n{index}\n{draw}".encode("utf-8")
        d = hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
        k = [int.from_bytes(d[2 * j:2 * j + 2], "big") for j in range(12)]
        w = Weights(*((v % 3001 - 1500) / 1000 for v in k[:8]))
        x = tuple((v % 901 + 100) / 1000 * (-1 if v % 2 else 1) for v in k[8:10])
        y = tuple((v % 901 + 50) / 1000 for v in k[10:12])
        if not mixed_up(w, x, y, tuple(variant(sid))):
            return HiddenCase((w, x, y))
    raise RuntimeError(f"no hidden case in {MAX_DRAWS} draws")  # pragma: no cover


def mixed_up(w, x, y, own) -> list[str]:
    """The known mistakes (and the gradients) that (w, x, y) does not tell apart: empty for a good case.
    own: the student's own numbers (bpcore.variant), whose answers a function reading the notebook's
    globals gives."""
    grads = named(true_backprop(w, x, y), WEIGHT_NAMES)
    found = [f"|∂L/∂{n}| ≤ {FLOOR:g}" for n, g in grads.items() if not abs(g) > FLOOR]
    families = ((BACKPROP_MISTAKES, grads, named(true_backprop(*own), WEIGHT_NAMES)),
                (FORWARD_MISTAKES, outputs(true_forward(w, x)), outputs(true_forward(*own[:2]))),
                (LOSS_MISTAKES, {"L": true_loss(w, x, y)}, {"L": true_loss(*own)}))
    for mistakes, truth, at_own in families:
        for mistake in mistakes:
            theirs = at_own if mistake.name == OWN_NUMBERS.name else mistake.answers(w, x, y)
            found += [f"{mistake.name}: {n}" for n, t in truth.items() if not apart(theirs[n], t)]
    return found


def apart(mine: float, right: float) -> bool:
    """mine is the truth (within SAME relative) or more than SEPARATION relative off it."""
    off = abs(mine - right) / abs(right)
    return off < SAME or off > SEPARATION
