"""What a check tells a student: a Verdict, and the comparison of a student's answers with the truth.

A check calls the student's function, and only that one, at the exercise's numbers and, in the hidden
tests, at OTHER_CASES too.  Each answer is read as numbers (`answers_at`), then `compare` judges them
(`wrong_names`), tabulates the first case that is wrong (`table`), names the known mistakes whose answers
they are (`known_mistakes`, `misplaced`), and says how far off the others are (`how_far_off`).

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
from dataclasses import dataclass

from .. import validate
from ..network import SEED_WEIGHTS, SEED_X, SEED_Y, WEIGHT_NAMES, Weights

RTOL = 1e-6
GRAD_RTOL = 1e-10
ATOL = 1e-12  # so that rounding noise matches a true 0.0

EXERCISE = ((SEED_WEIGHTS, SEED_X, SEED_Y),)
# Other weights, inputs and targets, for the hidden tests: typing the worked example's answers earns
# nothing there.  At each of them every known mistake is more than 1e-3 relative off (tested).
OTHER_CASES = (
    (Weights(0.3, -0.1, 0.2, 0.4, -0.6, 0.5, 0.7, -0.2), (1.0, -0.6), (0.9, 0.1)),
    (Weights(-0.7, 0.25, 0.45, -0.35, 0.9, 0.15, -0.55, 0.65), (-0.4, 0.8), (0.2, 0.7)),
    (Weights(1.2, 0.8, -0.9, 0.3, -0.4, -1.1, 0.6, 0.2), (0.9, 0.6), (0.75, 0.05)),
)


@dataclass(frozen=True)
class Verdict:
    """A check's result: passed or not, the report a student reads, the known mistakes it recognised."""

    passed: bool
    report: str
    mistakes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.report


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
    w, x, y = case
    show = lambda vs: "(" + ", ".join(f"{v:g}" for v in vs) + ")"  # noqa: E731
    return f"w = {show(w)}, x = {show(x)}, y = {show(y)}"


def where(cases) -> str:
    if tuple(cases) == EXERCISE:
        return "at the exercise's numbers"
    if len(cases) > 1:
        return f"at {len(cases)} other weights, inputs and targets"
    return f"at {case_text(cases[0])}"


def listed(labels) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


# --- reading what a student's function returned ---------------------------------------------------

def signature_problem(fn, name: str, params: str) -> str | None:
    """Why `fn` cannot be called as name(params), or None."""
    if not callable(fn):
        return f"{name} must be a function, got {fn!r}."
    try:
        inspect.signature(fn).bind(*params.split(", "))
    except TypeError:
        return f"{name} must take ({params}); yours takes {inspect.signature(fn)}."
    except ValueError:  # a callable without a signature (a builtin): let the call decide
        pass
    return None


def numbers(value, names: tuple[str, ...], what: str, alone: bool = False):
    """`value` as a dict name -> float, or (None, why not) in words a student can act on.  alone: `value`
    is one number (a loss), not a sequence of them."""
    count = len(names)
    if value is None:
        wanted = f"the {what}" if alone else f"the {count} numbers"
        return None, f"{what} returned None: does it end with `return` and {wanted}?"
    if alone:
        value = [value]
    elif hasattr(value, "ravel") and hasattr(value, "tolist"):  # a numpy array or tensor of any shape
        value = value.ravel().tolist()
    if not validate.is_sequence(value):
        return None, (f"{what} returned {short(value)} ({type(value).__name__}); it must return {count} "
                      f"numbers {names[0]}...{names[-1]}\n  in that order: a list, tuple, numpy array or "
                      f"bpcore.Weights.")
    if len(value) != count:
        which = f", {', '.join(names)}" if count <= 8 else ""
        return None, f"{what} returned {len(value)} numbers; it must return {count}{which}."
    result = {}
    for name, v in zip(names, value):
        result[name], problem = _number(v, name, what)
        if problem:
            return None, problem
    return result, None


def _number(v, name: str, what: str):
    """One returned value as a finite float, or (None, why not)."""
    try:
        if isinstance(v, (bool, str, bytes)):
            raise TypeError
        number = float(v.detach() if hasattr(v, "detach") else v)  # a tensor: its number
    except (TypeError, ValueError):
        return None, f"{what} returned {short(v)} ({type(v).__name__}) for {name}; it must be a number."
    if not math.isfinite(number):
        return None, (f"{what} returned {number} for {name}.\n  Look for 0/0, inf − inf or math.exp of a "
                      f"huge number in its formula.")
    return number, None


def answers_at(fn, names: tuple[str, ...], what: str, cases, alone: bool = False):
    """What the student's fn(w, x, y) returned at each case, as `numbers`; or the Verdict on the first
    answer that is not numbers."""
    answers = []
    for case in cases:
        answer, problem = numbers(fn(*case), names, what, alone)
        if problem:
            return Verdict(False, f"✗ {problem}\n  (At {case_text(case)}.)")
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
    lines = [f"✗ {listed([show(n) for n in wrong])} {'is' if len(wrong) == 1 else 'are'} not right "
             f"{where(cases)}.", f"At {case_text(cases[k])}:",
             *table(show, checked, answers[k], truths[k], fmt)]
    found, explained = [], set()
    for mistake, hits in known_mistakes(wrong, answers, mistakes, cases):
        found.append(mistake.name)
        explained.update(hits)
        lines.append(f"{listed([show(n) for n in hits])}: {mistake.title}.\n  {mistake.explanation}")
    moved = misplaced([n for n in wrong if n not in explained], answers, truths)
    if moved:
        found.append("order")
        lines.append("In the wrong place: " + ", ".join(f"your {show(n)} is the right {show(m)}"
                                                        for n, m in moved.items()) +
                     f".\n  Return them in the order {', '.join(show(m) for m in truths[0])}.")
    unknown = [n for n in wrong if n not in explained and n not in moved]
    if unknown:
        lines += [f"{show(n)}: {how_far_off(answers[k][n], truths[k][n])}." for n in unknown] + [hint]
    return Verdict(False, "\n".join(lines), tuple(found))


def _right(show, checked, answers, cases, fmt) -> Verdict:
    if len(cases) > 1:
        return Verdict(True, f"✓ Right {where(cases)}.")
    values = ", ".join(f"{show(n)} = {answers[0][n]:{fmt}}" for n in checked)
    return Verdict(True, f"✓ Right {where(cases)}:\n  {values}")


def wrong_names(checked, answers, truths) -> list[str]:
    """The names in `checked` whose answer is off its truth at some case."""
    return [n for n in checked if not all(close(a[n], t[n]) for a, t in zip(answers, truths))]


def table(show, checked, answer, truth, fmt) -> list[str]:
    """One case's answer beside its truth, name by name, each marked ✓ or ✗."""
    lines = [f"  {'':10s} {'yours':>14s} {'right':>14s}"]
    for n in checked:
        mark = "✓" if close(answer[n], truth[n]) else "✗"
        lines.append(f"  {show(n):10s} {format(answer[n], fmt):>14} {format(truth[n], fmt):>14}   {mark}")
    return lines


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
        return "one of the two is 0"
    return "the sign is wrong" if mine * right < 0 else f"{mine / right:.3f}× the right value"
