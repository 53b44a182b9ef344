"""What a check tells a student: a Verdict, and the comparison of a student's answers with the truth.

A check calls the student's function, and only that one, at the student's own numbers (bpcore.variant)
and, in the hidden tests, at the hidden cases too (bpcore.grading.hidden: drawn from the course's secret,
which only the teacher's autograder has, and the submission's id; a report never shows their numbers).
Each answer is read as numbers (`answers_at`), then `compare` judges them (`wrong_names`), tabulates
the first case that is wrong (`table`), names the known mistakes whose answers they are
(`known_mistakes`, `misplaced`), and says how far off the others are (`how_far_off`).

Tolerances.  A student computes in code, in float64, not by hand to six decimals, so a right answer
differs from bpcore only by rounding in another order of operations: a few ulps (1e-16 relative),
more where a sum nearly cancels.  RTOL = 1e-6 relative leaves that ten orders of room, and float32's
6e-8 too, yet every known mistake is off by far more at every case (tests/test_grading.py measures
it).  Only assignment 2's gradient test is stricter, GRAD_RTOL = 1e-10, on purpose: checking a
derivation is where float32 against float64 matters (notebook 05).
"""

from __future__ import annotations

import inspect
import math
import unicodedata

from .. import validate
from ..language import tr
from ..network import SEED_WEIGHTS, SEED_X, SEED_Y, WEIGHT_NAMES
from ..variant import Variant
from .verdict import VERDICT_MIMETYPE, HiddenCase, Verdict  # noqa: F401 (the checks' names)

RTOL = 1e-6
GRAD_RTOL = 1e-10
ATOL = 1e-12  # so that rounding noise matches a true 0.0

EXERCISE = ((SEED_WEIGHTS, SEED_X, SEED_Y),)


def close(a: float, b: float, rtol: float = RTOL) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + ATOL


def named(values, names) -> dict:
    """An answer as the checks hold it: a dict name -> value."""
    return dict(zip(names, values))


def same_run(result, right_w, right_losses) -> bool:
    """result = (final weights by name, losses by "epoch i") is the run (right_w, right_losses): the same
    final weights (relative to the largest weight, as bpcore.rel_error) and the same losses."""
    w_end, losses = result
    scale = max(map(abs, right_w))
    return all(abs(w_end[n] - v) <= RTOL * scale for n, v in zip(WEIGHT_NAMES, right_w)) and \
        all(close(losses[f"epoch {i}"], v) for i, v in enumerate(right_losses))


# --- in words -----------------------------------------------------------------------------------

def short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def case_text(case) -> str:
    if isinstance(case, HiddenCase):
        return tr("a hidden case (its numbers are not shown)")
    w, x, y = case
    show = lambda vs: "(" + ", ".join(f"{v:g}" for v in vs) + ")"  # noqa: E731
    return f"w = {show(w)}, x = {show(x)}, y = {show(y)}"


def where(cases) -> str:
    if tuple(cases) == EXERCISE:
        return tr("at the exercise's numbers")
    if all(isinstance(c, HiddenCase) for c in cases):
        return tr("at the {count} hidden cases", count=len(cases))
    if len(cases) == 1 and isinstance(cases[0], Variant):
        return tr("at your numbers")
    if len(cases) > 1:
        return tr("at {count} other weights, inputs and targets", count=len(cases))
    return tr("at {case}", case=case_text(cases[0]))


def listed(labels) -> str:
    """"a, b and c" in the language bpcore speaks ("a、b 和 c")."""
    if len(labels) == 1:
        return labels[0]
    return tr("{earlier} and {last}", earlier=joined(labels[:-1]), last=labels[-1])


def joined(labels) -> str:
    """"a, b, c" in the language bpcore speaks ("a、b、c")."""
    said = labels[0]
    for label in labels[1:]:
        said = tr("{earlier}, {next}", earlier=said, next=label)
    return said


def lines(*said: str) -> str:
    """Sentences said one per line, each after the first indented by two spaces, as a report shows them."""
    return "\n  ".join(said)


def width(text: str) -> int:
    """How many columns `text` takes in a monospaced font: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def padded(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` columns (as format's `:>n` and `:n`, counting a Chinese
    character as two columns, so that a table's columns stay aligned in Chinese too)."""
    space = " " * max(columns - width(text), 0)
    return space + text if right else text + space


def header(epoch: str, yours: str, right: str, columns: int) -> str:
    """The head of a table of losses by epoch: `yours` over the student's column, `columns` wide."""
    return f"  {padded(epoch, 5)}   {padded(yours, columns)}{right}"


# --- reading what a student's function returned ---------------------------------------------------

def signature_problem(fn, name: str, params: str) -> str | None:
    """Why `fn` cannot be called as name(params), or None."""
    if not callable(fn):
        return tr("{name} must be a function, got {fn!r}.", name=name, fn=fn)
    try:
        inspect.signature(fn).bind(*params.split(", "))
    except TypeError:
        return tr("{name} must take ({params}); yours takes {signature}.", name=name, params=params,
                  signature=inspect.signature(fn))
    except ValueError:  # a callable without a signature (a builtin): let the call decide
        pass
    return None


def numbers(value, names: tuple[str, ...], what: str, alone: bool = False):
    """`value` as a dict name -> float, or (None, why not) in words a student can act on.  alone: `value`
    is one number (a loss), not a sequence of them."""
    count = len(names)
    if value is None:
        wanted = tr("the {what}", what=what) if alone else tr("the {count} numbers", count=count)
        return None, tr("{what} returned None: does it end with `return` and {wanted}?", what=what,
                        wanted=wanted)
    if alone:
        value = [value]
    elif hasattr(value, "ravel") and hasattr(value, "tolist"):  # a numpy array or tensor of any shape
        value = value.ravel().tolist()
    if not validate.is_sequence(value):
        return None, lines(
            tr("{what} returned {value} ({type}); it must return {count} numbers {first}...{last}",
               what=what, value=short(value), type=type(value).__name__, count=count, first=shown(names[0]),
               last=shown(names[-1])),
            tr("in that order: a list, tuple, numpy array or bpcore.Weights."))
    if len(value) != count:
        which = tr(", {names}", names=joined([shown(n) for n in names])) if count <= 8 else ""
        return None, tr("{what} returned {returned} numbers; it must return {count}{which}.", what=what,
                        returned=len(value), count=count, which=which)
    result = {}
    for name, v in zip(names, value):
        result[name], problem = _number(v, name, what)
        if problem:
            return None, problem
    return result, None


def shown(name: str) -> str:
    """A returned number's name as a report says it: a weight's or an output's as it is, "epoch 3" (a loss
    of a training run, by the index the checks keep it under) in the language bpcore speaks."""
    epoch, _, index = name.partition(" ")
    return tr("epoch {index}", index=index) if epoch == "epoch" and index.isdigit() else name


def _number(v, name: str, what: str):
    """One returned value as a finite float, or (None, why not)."""
    try:
        if isinstance(v, (bool, str, bytes)):
            raise TypeError
        number = float(v.detach() if hasattr(v, "detach") else v)  # a tensor: its number
    except (TypeError, ValueError):
        return None, tr("{what} returned {value} ({type}) for {name}; it must be a number.", what=what,
                        value=short(v), type=type(v).__name__, name=shown(name))
    if not math.isfinite(number):
        return None, lines(tr("{what} returned {number} for {name}.", what=what, number=number,
                              name=shown(name)),
                           tr("Look for 0/0, inf − inf or math.exp of a huge number in its formula."))
    return number, None


def answers_at(fn, names: tuple[str, ...], what: str, cases, alone: bool = False):
    """What the student's fn(w, x, y) returned at each case, as `numbers`; or the Verdict on the first
    answer that is not numbers."""
    answers = []
    for case in cases:
        answer, problem = numbers(fn(*case), names, what, alone)
        if problem:
            return Verdict(False, "✗ " + lines(problem, tr("(At {case}.)", case=case_text(case))))
        answers.append(answer)
    return answers


# --- comparing answers with the truth -----------------------------------------------------------

def compare(label, checked, answers, truths, mistakes, cases, hint, fmt="+.8f") -> Verdict:
    """Answers against truths (one dict name -> value per case) on the names `checked`, each shown as
    label.format(name): right; or which are wrong, the first case where they are, the known mistakes
    whose answers they are, and for the others how far off they are, then `hint`."""
    show = label.format
    wrong = wrong_names(checked, answers, truths)
    if not wrong:
        return _right(show, checked, answers, cases, fmt)
    k = next(i for i, (a, t) in enumerate(zip(answers, truths)) if wrong_names(checked, [a], [t]))
    names = listed([show(n) for n in wrong])
    said = [tr("✗ {names} is not right {where}.", names=names, where=where(cases)) if len(wrong) == 1 else
            tr("✗ {names} are not right {where}.", names=names, where=where(cases)),
            tr("At {case}:", case=case_text(cases[k])), *table(show, checked, answers[k], truths[k], fmt)]
    found, explained = [], set()
    for mistake, hits in known_mistakes(wrong, answers, mistakes, cases):
        found.append(mistake.name)
        explained.update(hits)
        said.append(lines(tr("{names}: {title}.", names=listed([show(n) for n in hits]),
                             title=tr(mistake.title)), *map(tr, mistake.explanation)))
    moved = misplaced([n for n in wrong if n not in explained], answers, truths)
    if moved:
        found.append("order")
        places = joined([tr("your {name} is the right {other}", name=show(n), other=show(m))
                         for n, m in moved.items()])
        said.append(lines(tr("In the wrong place: {places}.", places=places),
                          tr("Return them in the order {order}.",
                             order=", ".join(show(m) for m in truths[0]))))
    unknown = [n for n in wrong if n not in explained and n not in moved]
    if unknown:
        said += [tr("{name}: {how_far}.", name=show(n), how_far=how_far_off(answers[k][n], truths[k][n]))
                 for n in unknown] + [hint]
    return Verdict(False, "\n".join(said), tuple(found))


def _right(show, checked, answers, cases, fmt) -> Verdict:
    if len(cases) > 1:
        return Verdict(True, tr("✓ Right {where}.", where=where(cases)))
    values = ", ".join(f"{show(n)} = {answers[0][n]:{fmt}}" for n in checked)
    return Verdict(True, lines(tr("✓ Right {where}:", where=where(cases)), values))


def wrong_names(checked, answers, truths) -> list[str]:
    """The names in `checked` whose answer is off its truth at some case."""
    return [n for n in checked if not all(close(a[n], t[n]) for a, t in zip(answers, truths))]


def table(show, checked, answer, truth, fmt) -> list[str]:
    """One case's answer beside its truth, name by name, each marked ✓ or ✗."""
    yours, right = padded(tr("yours"), 14, right=True), padded(tr("right"), 14, right=True)
    rows = [f"  {'':10s} {yours} {right}"]
    for n in checked:
        mark = "✓" if close(answer[n], truth[n]) else "✗"
        rows.append(f"  {show(n):10s} {format(answer[n], fmt):>14} {format(truth[n], fmt):>14}   {mark}")
    return rows


def known_mistakes(wrong, answers, mistakes, cases) -> list:
    """(mistake, the wrong names it explains) for each known mistake whose answers, at every case, are the
    student's: each name explained by the first mistake that gives it."""
    explained, found = set(), []
    for mistake in mistakes:
        theirs = [mistake.answers(*case) for case in cases]
        hits = [n for n in wrong
                if n not in explained and all(close(a[n], v[n]) for a, v in zip(answers, theirs))]
        if hits:
            explained.update(hits)
            found.append((mistake, hits))
    return found


def misplaced(wrong, answers, truths) -> dict:
    """{name: the other name whose right value it holds at every case}: right values in the wrong places."""
    moved = {}
    for n in wrong:
        other = [m for m in truths[0] if m != n and all(close(a[n], t[m]) for a, t in zip(answers, truths))]
        if other:
            moved[n] = other[0]
    return moved


def how_far_off(mine: float, right: float) -> str:
    if mine == 0 or right == 0:
        return tr("one of the two is 0")
    if mine * right < 0:
        return tr("the sign is wrong")
    return tr("{ratio:.3f}× the right value", ratio=mine / right)
