"""Autograding for the course in classroom/ (nbgrader): a student's functions held against bpcore.

The test cells of the assignments call these checks.  Each check calls the student's function, and
only that one, at the exercise's numbers and, in the hidden tests, at OTHER_CASES too.  It returns a
Verdict whose report says which number is wrong and, for the known mistakes, which mistake it is (the
gradients' mistakes are bpcore.checks.mistaken_gradients, which the notebooks' self-checks name too):

    verdict = grading.check_backprop(backprop, "output")
    assert verdict.passed, verdict
    print(verdict)

Assignment 1, backprop by hand: check_forward, check_loss, check_backprop, check_training.
Assignment 2, autograd: check_make_weights, check_forward_loss, check_step, check_zero_grad, check_train.

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
from typing import Callable

from . import validate
from .checks import mistaken_gradients, swap_w2_w3
from .network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Weights,
    backprop as true_backprop,
    forward as true_forward,
    loss as true_loss,
    train as true_train,
)

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
LAYERS = {"output": ("w5", "w6", "w7", "w8"), "hidden": ("w1", "w2", "w3", "w4")}
FORWARD_NAMES = ("out_h1", "out_h2", "out_o1", "out_o2")


@dataclass(frozen=True)
class Verdict:
    """A check's result: passed or not, the report a student reads, the known mistakes it recognised."""

    passed: bool
    report: str
    mistakes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.report


@dataclass(frozen=True)
class Mistake:
    """A known mistake: its name, what a student reads, and the answers it gives at a case (w, x, y)."""

    name: str
    title: str
    explanation: str
    answers: Callable  # (w, x, y) -> {name: value}


def close(a: float, b: float, rtol: float = RTOL) -> bool:
    return abs(a - b) <= rtol * max(abs(a), abs(b)) + ATOL


# --- the known mistakes, as the answers they give ------------------------------------------------

def _named(values, names) -> dict:
    return dict(zip(names, values))


def _mistaken(key: str):
    """The answers of the gradient mistake `key` of bpcore.checks.mistaken_gradients, the one catalogue of
    them (the self-checks of the notebooks name the same mistakes)."""
    return lambda w, x, y: _named(mistaken_gradients(w, x, y)[key], WEIGHT_NAMES)


def _outputs(f) -> dict:
    return {"out_h1": f.out_h1, "out_h2": f.out_h2, "out_o1": f.out_o1, "out_o2": f.out_o2}


def _net_inputs(f) -> dict:  # in_ where out_ belongs
    return {"out_h1": f.in_h1, "out_h2": f.in_h2, "out_o1": f.in_o1, "out_o2": f.in_o2}


PUBLISHED = Mistake(
    "published formula", "the exercise's published formula (bpcore.backprop_original)",
    "It sends the output errors back through out_h1 and out_h2, where the weights w5...w8 belong:\n"
    "  ∂L/∂out_h1 = δ_o1·w5 + δ_o2·w6, not d_w5 + d_w6 = δ_o1·out_h1 + δ_o2·out_h1.\n"
    "  Notebook 03, \"Which factor is wrong, and why\".", _mistaken("published"))
FLIPPED_SIGN = Mistake(
    "flipped sign", "a flipped sign in δ_o",
    "∂L/∂out_o1 = out_o1 − y1, not y1 − out_o1; every gradient behind δ_o flips with it.\n"
    "  Notebook 03, factor 1 of ∂L/∂w5.", _mistaken("flipped sign"))
NO_HIDDEN_SIGMA_PRIME = Mistake(
    "missing hidden σ′", "a missing σ′ in the hidden layer",
    "δ_h1 = (δ_o1·w5 + δ_o2·w6)·out_h1(1 − out_h1): the error passes the hidden unit's sigmoid too,\n"
    "  and its derivative out_h1(1 − out_h1) is a factor.  Notebook 03, \"Hidden weights\".",
    _mistaken("missing hidden σ′"))
SWAPPED_WIRING = Mistake(
    "swapped w2/w3", "w2 and w3 swapped in the wiring",
    "In the exercise w3 joins x2 to h1 and w2 joins x1 to h2: in_h1 = w1·x1 + w3·x2 and\n"
    "  in_h2 = w2·x1 + w4·x2 (notebook 01).  Matt Mazur's example numbers them the other way.",
    _mistaken("swapped w2/w3"))
NO_HALF = Mistake(
    "loss without ½", "the gradients of a loss without the ½",
    "L = ½(out_o1 − y1)² + ½(out_o2 − y2)², so ∂L/∂out_o1 = out_o1 − y1, not 2(out_o1 − y1).\n"
    "  Notebook 02.", _mistaken("loss without ½"))
WORKED_EXAMPLE = Mistake(
    "worked example's globals", "the worked example's numbers, whatever w, x and y are given",
    "Does the function read the notebook's global w1...w8, x1, x2, y1, y2 instead of its arguments?",
    lambda w, x, y: _named(true_backprop(SEED_WEIGHTS, SEED_X, SEED_Y), WEIGHT_NAMES))
BACKPROP_MISTAKES = (PUBLISHED, FLIPPED_SIGN, NO_HIDDEN_SIGMA_PRIME, SWAPPED_WIRING, NO_HALF, WORKED_EXAMPLE)

FORWARD_MISTAKES = (
    Mistake("swapped w2/w3", SWAPPED_WIRING.title, SWAPPED_WIRING.explanation,
            lambda w, x, y: _outputs(true_forward(swap_w2_w3(Weights.of(w)), x))),
    Mistake("missing sigmoid", "net inputs (in_...), not outputs (out_...)",
            "Each unit's output is the sigmoid of its net input: out_h1 = σ(in_h1) (notebook 01).",
            lambda w, x, y: _net_inputs(true_forward(w, x))),
    Mistake("worked example's globals", WORKED_EXAMPLE.title, WORKED_EXAMPLE.explanation,
            lambda w, x, y: _outputs(true_forward(SEED_WEIGHTS, SEED_X))),
)
LOSS_MISTAKES = (
    Mistake("loss without ½", "the loss without the ½",
            "The exercise's loss is L = ½(out_o1 − y1)² + ½(out_o2 − y2)² (notebook 02).",
            lambda w, x, y: {"L": 2 * true_loss(w, x, y)}),
    Mistake("worked example's globals", WORKED_EXAMPLE.title, WORKED_EXAMPLE.explanation,
            lambda w, x, y: {"L": true_loss(SEED_WEIGHTS, SEED_X, SEED_Y)}),
)


# --- reading what a student's function returned ----------------------------------------------

def _door(fn, name: str, params: str) -> str | None:
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
        return None, (f"{what} returned {_short(value)} ({type(value).__name__}); it must return {count} "
                      f"numbers {names[0]}...{names[-1]}\n  in that order: a list, tuple, numpy array or "
                      f"bpcore.Weights.")
    if len(value) != count:
        which = f", {', '.join(names)}" if count <= 8 else ""
        return None, f"{what} returned {len(value)} numbers; it must return {count}{which}."
    result = {}
    for name, v in zip(names, value):
        try:
            if isinstance(v, (bool, str, bytes)):
                raise TypeError
            result[name] = float(v.detach() if hasattr(v, "detach") else v)  # a tensor: its number
        except (TypeError, ValueError):
            return None, f"{what} returned {_short(v)} ({type(v).__name__}) for {name}; it must be a number."
        if not math.isfinite(result[name]):
            return None, (f"{what} returned {result[name]} for {name}.\n  Look for 0/0, inf − inf or "
                          f"math.exp of a huge number in its formula.")
    return result, None


def _answers(fn, names: tuple[str, ...], what: str, cases, alone: bool = False):
    """What the student's fn(w, x, y) returned at each case, as `numbers`; or the Verdict on the first
    answer that is not numbers."""
    answers = []
    for case in cases:
        answer, problem = numbers(fn(*case), names, what, alone)
        if problem:
            return Verdict(False, f"✗ {problem}\n  (At {_case(case)}.)")
        answers.append(answer)
    return answers


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _case(case) -> str:
    w, x, y = case
    show = lambda vs: "(" + ", ".join(f"{v:g}" for v in vs) + ")"  # noqa: E731
    return f"w = {show(w)}, x = {show(x)}, y = {show(y)}"


def _where(cases) -> str:
    if tuple(cases) == EXERCISE:
        return "at the exercise's numbers"
    return f"at {len(cases)} other weights, inputs and targets" if len(cases) > 1 else f"at {_case(cases[0])}"


def _listed(labels) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def compare(label, checked, answers, truths, mistakes, cases, hint, fmt="+.8f") -> Verdict:
    """Compare answers with truths (one dict name -> value per case) on the names `checked`; name the
    wrong ones, the known mistakes whose answers they are, and for the others how far off they are."""
    show = lambda n: label.format(n)  # noqa: E731
    wrong = [n for n in checked if not all(close(a[n], t[n]) for a, t in zip(answers, truths))]
    where = _where(cases)
    if not wrong:
        if len(cases) > 1:
            return Verdict(True, f"✓ Right {where}.")
        values = ", ".join(f"{show(n)} = {answers[0][n]:{fmt}}" for n in checked)
        return Verdict(True, f"✓ Right {where}:\n  {values}")
    k = next(i for i, (a, t) in enumerate(zip(answers, truths))
             if any(not close(a[n], t[n]) for n in checked))  # the first case with a wrong answer
    lines = [f"✗ {_listed([show(n) for n in wrong])} {'is' if len(wrong) == 1 else 'are'} not right "
             f"{where}.",
             f"At {_case(cases[k])}:", f"  {'':10s} {'yours':>14s} {'right':>14s}"]
    for n in checked:
        mark = "✗" if n in wrong and not close(answers[k][n], truths[k][n]) else "✓"
        mine, right = format(answers[k][n], fmt), format(truths[k][n], fmt)
        lines.append(f"  {show(n):10s} {mine:>14} {right:>14}   {mark}")
    explained, found = set(), []
    for m in mistakes:
        values = [m.answers(*case) for case in cases]
        hits = [n for n in wrong
                if n not in explained and all(close(a[n], v[n]) for a, v in zip(answers, values))]
        if hits:
            explained.update(hits)
            found.append(m.name)
            lines.append(f"{_listed([show(n) for n in hits])}: {m.title}.\n  {m.explanation}")
    moved = {}  # a right value returned in another gradient's place
    for n in wrong:
        other = [m for m in truths[0] if m != n and all(close(a[n], t[m]) for a, t in zip(answers, truths))]
        if n not in explained and other:
            moved[n] = other[0]
    if moved:
        found.append("order")
        lines.append("In the wrong place: " + ", ".join(f"your {show(n)} is the right {show(m)}" for n, m in
                                                       moved.items()) + f".\n  Return them in the order "
                     f"{', '.join(show(m) for m in truths[0])}.")
    unknown = [n for n in wrong if n not in explained and n not in moved]
    for n in unknown:
        mine, right = answers[k][n], truths[k][n]
        how = ("the sign is wrong" if mine * right < 0 else f"{mine / right:.3f}× the right value") \
            if mine != 0 and right != 0 else "one of the two is 0"
        lines.append(f"{show(n)}: {how}.")
    if unknown:
        lines.append(hint)
    return Verdict(False, "\n".join(lines), tuple(found))


# --- assignment 1: backprop by hand ------------------------------------------------------------

GRADIENT_MAKERS = {"backprop", "backprop_original", "numeric_grad", "train", "autograd", "grad", "backward"}


def borrowed(fn, _seen=None) -> str | None:
    """Where `fn` takes its gradients from instead of computing them (bpcore, torch, autograd), or None.

    Looks at the global names `fn`'s code uses, and follows them into the notebook's own functions.
    """
    module, name = getattr(fn, "__module__", None) or "", getattr(fn, "__name__", "")
    if module.startswith(("bpcore", "torch")):
        return f"{module}.{name}" if name in GRADIENT_MAKERS else None
    code, _seen = getattr(fn, "__code__", None), _seen if _seen is not None else set()
    if code is None or code in _seen:
        return None
    _seen.add(code)
    names, todo = set(), [code]
    while todo:  # the function's code and the code of functions defined inside it
        c = todo.pop()
        names.update(c.co_names)
        todo.extend(k for k in c.co_consts if inspect.iscode(k))
    if "backward" in names:
        return "autograd's .backward()"
    scope = dict(getattr(fn, "__globals__", {}), **inspect.getclosurevars(fn).nonlocals)
    for used in sorted(names | set(code.co_freevars)):
        obj = scope.get(used)
        if inspect.ismodule(obj) and obj.__name__.startswith(("bpcore", "torch")) and names & GRADIENT_MAKERS:
            return f"{obj.__name__}.{min(names & GRADIENT_MAKERS)}"
        found = borrowed(obj, _seen) if inspect.isfunction(obj) else None
        if found:
            return found
    return None


def check_backprop(backprop, layer: str, cases=EXERCISE) -> Verdict:
    """A student's backprop(w, x, y) -> ∂L/∂w1...∂L/∂w8, held against bpcore.backprop on one layer
    ("output": w5...w8, "hidden": w1...w4) at each case (w, x, y)."""
    if layer not in LAYERS:
        raise ValueError(f"layer must be 'output' or 'hidden', got {layer!r}")
    problem = _door(backprop, "backprop", "w, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    source = borrowed(backprop)
    if source:
        return Verdict(False, f"✗ backprop takes its gradients from {source}.\n  Write the chain rule "
                              f"yourself (notebook 03): bpcore's is what these tests hold yours against.",
                       ("borrowed",))
    answers = _answers(backprop, WEIGHT_NAMES, "backprop", cases)
    if isinstance(answers, Verdict):
        return answers
    truths = [_named(true_backprop(*case), WEIGHT_NAMES) for case in cases]
    return compare("∂L/∂{}", LAYERS[layer], answers, truths, BACKPROP_MISTAKES, cases,
                   "Check that each factor of the chain appears once: (out_o − y), out(1 − out), then the "
                   "weight\n  (going back) or the value it carries (at the end).  Notebook 03 derives each.")


def check_forward(forward, cases=EXERCISE) -> Verdict:
    """A student's forward(w, x) -> (out_h1, out_h2, out_o1, out_o2) against bpcore.forward."""
    problem = _door(forward, "forward", "w, x")
    if problem:
        return Verdict(False, "✗ " + problem)
    answers = _answers(lambda w, x, y: forward(w, x), FORWARD_NAMES, "forward", cases)
    if isinstance(answers, Verdict):
        return answers
    truths = [_outputs(true_forward(w, x)) for w, x, _ in cases]
    return compare("{}", FORWARD_NAMES, answers, truths, FORWARD_MISTAKES, cases,
                   "Fix the first wrong number first: every later one is computed from it (notebook 01).")


def check_loss(loss, cases=EXERCISE) -> Verdict:
    """A student's loss(w, x, y) -> L against bpcore.loss."""
    problem = _door(loss, "loss", "w, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    answers = _answers(loss, ("L",), "loss", cases, alone=True)
    if isinstance(answers, Verdict):
        return answers
    truths = [{"L": true_loss(*case)} for case in cases]
    return compare("{}", ("L",), answers, truths, LOSS_MISTAKES, cases,
                   "If forward's test fails too, fix forward first: the loss is computed from its outputs.",
                   fmt=".10f")


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


def check_training(gradient_descent, backprop, loss, cases=EXERCISE, lr=1.0, epochs=10) -> Verdict:
    """A student's gradient_descent(w, x, y, lr, epochs) -> (final weights, losses) against the loop
    done right with the student's own backprop and loss, so that the loop is graded on its own."""
    problem = _door(gradient_descent, "gradient_descent", "w, x, y, lr, epochs")
    if problem:
        return Verdict(False, "✗ " + problem)
    for case in cases:
        result = gradient_descent(*case, lr, epochs)
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return Verdict(False, f"✗ gradient_descent must return two things, (w, losses): the final "
                                  f"weights and the {epochs} losses; it returned {result!r}.")
        w_end, problem = numbers(result[0], WEIGHT_NAMES, "gradient_descent's final weights")
        if problem:
            return Verdict(False, "✗ " + problem)
        if not hasattr(result[1], "__len__") or len(result[1]) != epochs:
            got = f"{len(result[1])}" if hasattr(result[1], "__len__") else _short(result[1])
            return Verdict(False, f"✗ gradient_descent must record {epochs} losses, one before each update; "
                                  f"it returned {got}.\n  (lr = {lr}, from {_case(case)}.)")
        losses, problem = numbers(result[1], tuple(f"epoch {i}" for i in range(epochs)), "gradient_descent")
        if problem:
            return Verdict(False, "✗ " + problem)
        try:
            right_w, right_losses = descent(*case, lr, epochs, backprop, loss)
        except ValueError as e:
            return Verdict(False, f"✗ The loop needs a backprop that returns eight numbers: {e}")
        if _same_run((w_end, losses), right_w, right_losses):
            continue
        lines = [f"✗ The loop is not gradient descent, at lr = {lr}, {epochs} epochs, from\n  {_case(case)}:",
                 "  epoch   your loss     a right loop's (with your backprop and loss)"]
        lines += [f"  {i:5d}   {losses[f'epoch {i}']:.10f}  {v:.10f}" for i, v in enumerate(right_losses)]
        for name, explanation, run in _loop_mistakes(case, lr, epochs, backprop, loss):
            if _same_run((w_end, losses), *run):
                lines.append(f"  {explanation}  Notebook 04, \"The training loop\".")
                return Verdict(False, "\n".join(lines), (name,))
        lines.append("  Each epoch: record loss(w, x, y), then g = backprop(w, x, y), then w = w − lr·g "
                     "(notebook 04).")
        return Verdict(False, "\n".join(lines))
    report = f"✓ The loop is gradient descent {_where(cases)}, with your backprop and loss."
    if tuple(cases) == EXERCISE and lr == 1.0 and epochs == 10:
        report += f"\n  Its last loss, the exercise's 第9轮: {losses['epoch 9']:.6f}."
    return Verdict(True, report)


def _loop_mistakes(case, lr, epochs, backprop, loss):
    """The known mistakes of a training loop: (name, explanation, the run it makes)."""
    run = lambda *args, **kw: descent(*args, epochs, backprop, loss, **kw)  # noqa: E731
    yield "climbs", "It steps *up* the gradient: w ← w − lr·∂L/∂w, with a minus.", run(*case, lr, sign=+1)
    yield "records after", ("It records each loss after its update; record it before, as the exercise\n"
                            "  prints 第0轮 at the start."), run(*case, lr, record_after=True)
    yield "no update", "The weights never change: assign the update back, w = w − lr·g.", run(*case, 0.0)
    if lr != 1.0:
        yield "ignores lr", "It steps as if lr were 1: multiply the gradient by lr.", run(*case, 1.0)
    if case != EXERCISE[0]:
        yield "worked example's globals", ("It trains the worked example, whatever w, x, y it is given."), \
            run(*EXERCISE[0], lr)


def _same_run(result, right_w, right_losses) -> bool:
    """The same final weights (relative to the largest weight, as bpcore.rel_error) and the same losses."""
    w_end, losses = result
    scale = max(map(abs, right_w))
    return all(abs(w_end[n] - v) <= RTOL * scale for n, v in zip(WEIGHT_NAMES, right_w)) and \
        all(close(losses[f"epoch {i}"], v) for i, v in enumerate(right_losses))


# --- assignment 2: autograd -------------------------------------------------------------------

def _torch():
    """PyTorch, which only assignment 2's checks use."""
    # Lazy: torch takes seconds to load, and assignment 1's checks need none (tests/test_grading.py).
    import torch  # noqa: PLC0415

    return torch


def _tensor_problem(t, name: str, float64=True) -> str | None:
    """Why `t` is not a one-number float64 leaf tensor that requires grad, or None."""
    torch = _torch()
    if not isinstance(t, torch.Tensor):
        return f"{name} must be a torch tensor, got {t!r} ({type(t).__name__})."
    if t.numel() != 1:
        return (f"{name} must hold one number, like torch.tensor([0.2], ...); it has shape "
                f"{tuple(t.shape)}.")
    if not t.requires_grad:
        return (f"{name} does not require grad: create it with requires_grad=True, or its .grad stays "
                f"None.")
    if not t.is_leaf:
        return (f"{name} is not a leaf (叶子节点): it was computed from another tensor (grad_fn "
                f"{t.grad_fn.name()}),\n  so .backward() fills no .grad for it.  Create it with "
                f"torch.tensor.")
    if float64 and t.dtype != torch.float64:
        return (f"{name} is {t.dtype}, not torch.float64.  torch.Tensor([...]) makes float32, whose 7 "
                f"digits\n  are too few to check gradients to 10 (notebook 05): pass dtype=torch.float64.")
    return None


def check_make_weights(make_weights, values=SEED_WEIGHTS) -> Verdict:
    """A student's make_weights(values) -> eight float64 leaf tensors that require grad."""
    problem = _door(make_weights, "make_weights", "values")
    if problem:
        return Verdict(False, "✗ " + problem)
    weights = make_weights(values)
    if not isinstance(weights, (list, tuple)) or len(weights) != 8:
        return Verdict(False, f"✗ make_weights must return a list of eight tensors w1...w8; it returned "
                              f"{weights!r}.")
    for name, t, v in zip(WEIGHT_NAMES, weights, Weights.of(values)):
        problem = _tensor_problem(t, name)
        if problem:
            return Verdict(False, "✗ " + problem, ("float32",) if "float32" in problem else ())
        if t.item() != v:
            return Verdict(False, f"✗ {name} holds {t.item()!r}, not {v!r}.")
    return Verdict(True, "✓ Eight float64 leaf tensors that require grad, holding\n  " +
                   ", ".join(f"{v:+g}" for v in Weights.of(values)) + ".")


def _leaves(values):
    torch = _torch()
    return [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in Weights.of(values)]


def check_forward_loss(forward_loss, cases=EXERCISE) -> Verdict:
    """A student's forward_loss(weights, x, y) -> L, a tensor in the graph: its value against bpcore.loss
    (RTOL), and the .grad its L.backward() gives against bpcore.backprop to GRAD_RTOL (float32 fails)."""
    torch = _torch()
    problem = _door(forward_loss, "forward_loss", "weights, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        weights = _leaves(w)
        L = forward_loss(weights, x, y)
        where = f"At {_case((w, x, y))}:\n "
        if not isinstance(L, torch.Tensor) or L.grad_fn is None:
            return Verdict(False, f"✗ {where} forward_loss returned {_short(L)}, not a tensor computed from "
                                  f"the weights:\n  L.backward() needs the graph (计算图).  Return L itself, "
                                  f"not L.item().")
        if L.numel() != 1:
            return Verdict(False, f"✗ {where} L has shape {tuple(L.shape)}; it must be one number.")
        right = true_loss(w, x, y)
        if not close(L.item(), right):
            no_half = close(L.item(), 2 * right)
            half = "\n  Without the ½?  L = ½(out_o1 − y1)² + ½(out_o2 − y2)²." if no_half else ""
            return Verdict(False, f"✗ {where} L = {L.item():.10f}; right is {right:.10f}.{half}",
                           ("loss without ½",) if no_half else ())
        L.backward()
        mine, truth = [t.grad.item() for t in weights], list(true_backprop(w, x, y))
        worst = max(abs(a - b) / max(abs(b), ATOL) for a, b in zip(mine, truth))
        if worst > GRAD_RTOL:
            float32 = L.dtype == torch.float32 or worst < 1e-6
            hint = ("\n  That is float32's precision: a tensor somewhere is float32 (torch.Tensor([...]) "
                    "is);\n  make every one float64.  For training float32 would do; for checking a gradient "
                    "it does not\n  (notebook 05)." if float32 else "")
            return Verdict(False, f"✗ {where} L.backward() gives gradients {worst:.1e} relative off "
                                  f"bpcore.backprop (allowed: {GRAD_RTOL:g}).{hint}",
                           ("float32",) if float32 else ())
    return Verdict(True, f"✓ L and the gradients L.backward() gives are right {_where(cases)},\n"
                         f"  to {GRAD_RTOL:g} relative (float64).")


def _with_grads(values, grads):
    weights = _leaves(values)
    for t, g in zip(weights, Weights.of(grads)):
        t.grad = t.detach().clone().fill_(g)
    return weights


_HOW_TO_UPDATE = ("  Write the update inside `with torch.no_grad():` and in place, `w -= lr * w.grad`\n"
                  "  (notebook 05, \"Gradient descent under torch.no_grad()\").")
_RECORDING = "\n  The update ran while autograd was recording."


def _call(fn, args, name: str, grad_is_none: str, grad_is_none_mistakes=()):
    """(fn(*args), None), the student's step or train called; or (None, a Verdict) for the errors autograd
    raises for an update it recorded (outside no_grad) or for a weight whose .grad is None, in words."""
    try:
        return fn(*args), None
    except RuntimeError as e:
        if "requires grad" not in str(e):  # "a leaf Variable that requires grad is being used in an in-place"
            raise
        return None, Verdict(False, f"✗ {name} raised RuntimeError:\n  {str(e).splitlines()[0]}{_RECORDING}\n"
                                    f"{_HOW_TO_UPDATE}", ("outside no_grad",))
    except TypeError as e:
        if "NoneType" not in str(e):
            raise
        return None, Verdict(False, f"✗ {name} raised TypeError: {e}\n  A weight's .grad is None: "
                                    f"{grad_is_none}", grad_is_none_mistakes)


def _run_step(step, weights, lr):
    """Call the student's step; None, or the Verdict on an error autograd raised."""
    return _call(step, (weights, lr), "step", "was the weight replaced by a new tensor?\n" + _HOW_TO_UPDATE,
                 ("outside no_grad",))[1]


def check_step(step, cases=EXERCISE, lr=1.0) -> Verdict:
    """A student's step(weights, lr): w ← w − lr·w.grad for each weight, in place under torch.no_grad(),
    so that each weight stays the same leaf tensor that requires grad."""
    problem = _door(step, "step", "weights, lr")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        g = true_backprop(w, x, y)
        weights = _with_grads(w, g)
        before = list(weights)
        failed = _run_step(step, weights, lr)
        if failed:
            return failed
        for name, old, new, wi, gi in zip(WEIGHT_NAMES, before, weights, w, g):
            recorded = getattr(new, "grad_fn", None) is not None  # the update went into the graph
            kind = ("outside no_grad",) if recorded else ("not in place",)
            if new is not old:
                how = f", recorded in the graph (grad_fn {new.grad_fn.name()})" if recorded else ""
                return Verdict(False, f"✗ step replaced {name} in the list by a new tensor{how}.\n"
                                      + _HOW_TO_UPDATE, kind)
            problem = _tensor_problem(new, name)
            if problem:
                return Verdict(False, f"✗ After step, {problem}\n" + _HOW_TO_UPDATE, kind)
            if not close(new.item(), wi - lr * gi, 1e-12):
                if new.item() == wi:
                    return Verdict(False, f"✗ step left {name} as it was, {wi:+g}: `w = w - lr * w.grad` "
                                          f"makes a new tensor\n  and leaves the weight unchanged.\n"
                                          + _HOW_TO_UPDATE,
                                   ("not in place",))
                return Verdict(False, f"✗ After step with lr = {lr}, {name} = {new.item():+.10f}; "
                                      f"w − lr·grad = {wi - lr * gi:+.10f}.")
    return Verdict(True, f"✓ step updates every weight in place, w ← w − lr·w.grad, {_where(cases)}:\n"
                         f"  each stays a leaf that requires grad.")


def check_zero_grad(step, cases=EXERCISE, lr=1.0) -> Verdict:
    """After a student's step(weights, lr) every .grad is zero (or None): the next L.backward() adds
    into .grad, and without zeroing the gradients of all epochs pile up."""
    problem = _door(step, "step", "weights, lr")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        weights = _with_grads(w, true_backprop(w, x, y))
        leaves = list(weights)  # whose .grad the next backward adds to, even if step replaced them
        failed = _run_step(step, weights, lr)
        if failed:
            return failed
        left = [n for n, t in zip(WEIGHT_NAMES, leaves) if t.grad is not None and t.grad.abs().max() != 0]
        if left:
            return Verdict(False, f"✗ After step, {_listed(left)} still hold their gradients in .grad.\n"
                                  "  .backward() adds to .grad (梯度累加), so the next epoch would step with "
                                  "the\n  sum of both epochs' gradients: zero them, w.grad.zero_() "
                                  "(梯度清零, notebook 05).", ("accumulated gradients",))
    return Verdict(True, f"✓ step leaves every .grad zero {_where(cases)}:\n  the next backward starts "
                         "afresh.")


def accumulated_run(w, x, y, lr, epochs):
    """Training without zeroing: each epoch steps with the sum of all gradients so far."""
    w, summed, losses = Weights.of(w), Weights(*[0.0] * 8), []
    for _ in range(epochs):
        losses.append(true_loss(w, x, y))
        summed = summed + true_backprop(w, x, y)
        w = w - lr * summed
    return w, losses


def check_train(train, cases=EXERCISE, lr=1.0, epochs=10) -> Verdict:
    """A student's train(values, x, y, lr, epochs) -> (losses, weights), with autograd, against bpcore.train.

    Losses and final weights are compared to RTOL: training is where float32 does not matter (notebook 05).
    """
    problem = _door(train, "train", "values, x, y, lr, epochs")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        result, failed = _call(train, (w, x, y, lr, epochs), "train",
                               "does each epoch call L.backward() before the update?")
        if failed:
            return failed
        if not (isinstance(result, (tuple, list)) and len(result) == 2):
            return Verdict(False, f"✗ train must return (losses, weights); it returned {result!r}.")
        losses, problem = numbers(result[0], tuple(f"epoch {i}" for i in range(epochs)), "train's losses")
        if problem:
            return Verdict(False, "✗ " + problem)
        final, problem = numbers(result[1], WEIGHT_NAMES, "train's final weights")
        if problem:
            return Verdict(False, "✗ " + problem)
        right = true_train_run(w, x, y, lr, epochs)
        if _same_run((final, losses), *right):
            continue
        lines = [f"✗ The losses are not gradient descent's, at lr = {lr}, {epochs} epochs, from\n"
                 f"  {_case((w, x, y))}:",
                 "  epoch   your loss       right loss"]
        lines += [f"  {i:5d}   {losses[f'epoch {i}']:.10f}  {v:.10f}" for i, v in enumerate(right[1])]
        if _same_run((final, losses), *accumulated_run(w, x, y, lr, epochs)):
            lines.append("  They are those of a run whose gradients pile up: .backward() adds to .grad, and "
                         "nothing zeroes it.\n  Zero every w.grad after the update (梯度清零, notebook 05).")
            return Verdict(False, "\n".join(lines), ("accumulated gradients",))
        return Verdict(False, "\n".join(lines))
    return Verdict(True, f"✓ train's losses and final weights are gradient descent's {_where(cases)}.")


def true_train_run(w, x, y, lr, epochs):
    h = true_train(w, x, y, lr=lr, epochs=epochs)
    return list(h.weights[-1]), list(h.losses)
