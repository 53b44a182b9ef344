"""The hand derivation of assignment 1: the student's own eight gradients, worked out on paper at their
numbers (bpcore.variant) and typed as a table to 4 significant digits, held against the chain rule.

Tolerance.  A right answer typed to 4 significant digits is off the truth by at most half a unit in its
4th digit; one read off a calculator and cut instead of rounded, by less than one unit.  So a number
passes when it is within ONE unit in the 4th significant digit of the truth: 10^(e − 3), e the truth's
decimal exponent (1e-5 for ∂L/∂w = −0.008421), between 0.01 % and 0.1 % relative.  The published formula
is off by more than 5 % on every hidden weight of every variant (bpcore.variant's rule), fifty times
that, and is named; so is every other known mistake that the table's numbers are, within the same
tolerance.

Copying.  A table that is not the student's own numbers' but, within that tolerance, another student's
(their chain rule, or their published formula's), is named as that student's variant: the ids tried are
the one the notebook was given and the class's (bpcore.grading.submission.roster).
"""

from __future__ import annotations

import math

from ..language import tr
from ..network import WEIGHT_NAMES
from ..variant import Variant, key, significant, variant
from .mistakes import BACKPROP_MISTAKES
from .reports import Verdict, lines, listed, named, padded, short
from .submission import roster

DIGITS = 4
COPIED = "another student's variant"  # the mistake code of numbers from another's variant


def unit(truth: float) -> float:
    """One unit in the DIGITS-th significant digit of `truth`: the tolerance of a typed answer."""
    return 10.0 ** (math.floor(math.log10(abs(truth))) - (DIGITS - 1))


def agree(typed: dict, truth: dict) -> list[str]:
    """The names whose typed number is within a unit of the 4th significant digit of the truth."""
    return [n for n in WEIGHT_NAMES if abs(typed[n] - truth[n]) <= unit(truth[n])]


def read_table(table):
    """The student's table as {w1: number, ...}, or (None, why not)."""
    if isinstance(table, dict):
        values = [table.get(n, table.get(f"∂L/∂{n}", None)) for n in WEIGHT_NAMES]
    elif isinstance(table, (list, tuple)) and len(table) == 8:
        values = list(table)
    else:
        return None, tr("The table must be a dict {{\"w1\": ..., ..., \"w8\": ...}} of eight numbers; it is "
                        "{value}.", value=short(table))
    empty = [f"∂L/∂{n}" for n, v in zip(WEIGHT_NAMES, values) if v is None or v is Ellipsis]
    if empty:
        return None, tr("Not filled in yet: {names}.", names=listed(empty))
    for n, v in zip(WEIGHT_NAMES, values):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            return None, tr("∂L/∂{name} must be a number, such as -0.008421; it is {value}.", name=n,
                            value=short(v))
    return named([float(v) for v in values], WEIGHT_NAMES), None


def check_hand_derivation(table, mine: Variant) -> Verdict:
    """The student's table of ∂L/∂w1...∂L/∂w8 against the chain rule at their numbers `mine`."""
    typed, problem = read_table(table)
    if problem:
        return Verdict(False, "✗ " + problem)
    truth = named(key(mine).grads, WEIGHT_NAMES)
    right = agree(typed, truth)
    if len(right) == 8:
        return Verdict(True, lines(tr("✓ Your hand derivation is right at your numbers, to {digits} "
                                      "significant digits.", digits=DIGITS),
                                   ", ".join(f"∂L/∂{n} = {significant(truth[n])}" for n in WEIGHT_NAMES)))
    other = whose(typed, mine)
    if other is not None:
        return copied(typed, mine, other)
    wrong = [n for n in WEIGHT_NAMES if n not in right]
    names = listed(["∂L/∂" + n for n in wrong])
    said = [tr("✗ {names} is not right at your numbers.", names=names) if len(wrong) == 1 else
            tr("✗ {names} are not right at your numbers.", names=names), *rows(typed, truth)]
    found, explained = [], set()
    for mistake in BACKPROP_MISTAKES:
        theirs = mistake.answers(mine.w, mine.x, mine.y)
        hits = [n for n in wrong if n not in explained and n in agree(typed, theirs)]
        if hits:
            found.append(mistake.name)
            explained.update(hits)
            hit = listed(["∂L/∂" + n for n in hits])
            said.append(lines(tr("{names}: {title}.", names=hit, title=tr(mistake.title)),
                              *map(tr, mistake.explanation)))
    if len(explained) < len(wrong):
        said.append(tr("Write each to {digits} significant digits, rounding only at the end (for example "
                       "-0.008421, 0.01250).", digits=DIGITS))
    return Verdict(False, "\n".join(said), tuple(found))


def rows(typed: dict, truth: dict) -> list[str]:
    """The table typed beside the right one, to 4 significant digits, each row marked ✓ or ✗."""
    yours, right = padded(tr("yours"), 12, right=True), padded(tr("right"), 12, right=True)
    mark = {n: "✓" for n in agree(typed, truth)}
    return [f"  {'':8s} {yours} {right}"] + [
        f"  {'∂L/∂' + n:8s} {significant(typed[n]):>12} {significant(truth[n]):>12}   {mark.get(n, '✗')}"
        for n in WEIGHT_NAMES]


def whose(typed: dict, mine: Variant) -> str | None:
    """The id (another than the student's) whose variant the table's numbers are, or None: all eight are
    that variant's chain rule or, on w1...w4, its published formula's."""
    for sid in roster():
        if sid == mine.student_id:
            continue
        k = key(variant(sid, mine.assignment))
        truth, published = named(k.grads, WEIGHT_NAMES), named(k.published, WEIGHT_NAMES)
        if set(agree(typed, truth)) | set(agree(typed, published)) == set(WEIGHT_NAMES):
            return sid
    return None


def copied(typed: dict, mine: Variant, other: str) -> Verdict:
    """The verdict on a table of another student's numbers."""
    return Verdict(False, lines(
        tr("✗ These are not the gradients at your numbers: they belong to another variant, {other}'s "
           "(bpcore.variant({other!r})).", other=other),
        tr("Yours are the numbers of student id {sid!r}, variant {code}: derive the table at them.",
           sid=mine.student_id, code=mine.code)), (COPIED,), variant_of=other)


def typed_key(v: Variant) -> dict:
    """The answer key of the table, {"w1": ..., ...}, each gradient as a student types it to 4 significant
    digits (bpcore.variant.significant): the teacher's solution of the hand-derivation cell."""
    return {n: float(significant(g, DIGITS)) for n, g in zip(WEIGHT_NAMES, key(v).grads)}
