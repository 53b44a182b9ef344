"""The checks of assignment 2 (classroom/source/autograd): the same network trained with PyTorch's autograd,
each a student's function held against bpcore:

    verdict = check_step(step)
    assert verdict.passed, verdict
    print(verdict)

check_make_weights, check_forward_loss, check_step, check_zero_grad, check_train; the hidden tests pass
bpcore.grading.reports.OTHER_CASES as `cases`.  The gradient test holds to GRAD_RTOL, where float32
fails; training to RTOL, where it passes.
"""

from __future__ import annotations

import torch

from ..gradients import backprop as true_backprop, train as true_train
from ..network import SEED_WEIGHTS, WEIGHT_NAMES, Weights, loss as true_loss
from .mistakes import accumulated_run
from .reports import (
    ATOL,
    EXERCISE,
    GRAD_RTOL,
    Verdict,
    case_text,
    close,
    listed,
    numbers,
    same_run,
    short,
    signature_problem,
    where,
)

HOW_TO_UPDATE = ("  Write the update inside `with torch.no_grad():` and in place, `w -= lr * w.grad`\n"
                 "  (notebook 05, \"Gradient descent under torch.no_grad()\").")
RECORDING = "\n  The update ran while autograd was recording."


def tensor_problem(t, name: str, float64=True) -> str | None:
    """Why `t` is not a one-number float64 leaf tensor that requires grad, or None."""
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


def leaves(values):
    """The eight weights as float64 leaf tensors that require grad, as a right make_weights makes them."""
    return [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in Weights.of(values)]


def with_grads(values, grads):
    """`leaves(values)`, each with its gradient in .grad, as after L.backward()."""
    weights = leaves(values)
    for t, g in zip(weights, Weights.of(grads)):
        t.grad = t.detach().clone().fill_(g)
    return weights


def check_make_weights(make_weights, values=SEED_WEIGHTS) -> Verdict:
    """A student's make_weights(values) -> eight float64 leaf tensors that require grad."""
    problem = signature_problem(make_weights, "make_weights", "values")
    if problem:
        return Verdict(False, "✗ " + problem)
    weights = make_weights(values)
    if not isinstance(weights, (list, tuple)) or len(weights) != 8:
        return Verdict(False, f"✗ make_weights must return a list of eight tensors w1...w8; it returned "
                              f"{weights!r}.")
    for name, t, v in zip(WEIGHT_NAMES, weights, Weights.of(values)):
        problem = tensor_problem(t, name)
        if problem:
            return Verdict(False, "✗ " + problem, ("float32",) if "float32" in problem else ())
        if t.item() != v:
            return Verdict(False, f"✗ {name} holds {t.item()!r}, not {v!r}.")
    return Verdict(True, "✓ Eight float64 leaf tensors that require grad, holding\n  " +
                   ", ".join(f"{v:+g}" for v in Weights.of(values)) + ".")


def check_forward_loss(forward_loss, cases=EXERCISE) -> Verdict:
    """A student's forward_loss(weights, x, y) -> L, a tensor in the graph: its value against bpcore.loss
    (RTOL), and the .grad its L.backward() gives against bpcore.backprop to GRAD_RTOL (float32 fails)."""
    problem = signature_problem(forward_loss, "forward_loss", "weights, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        weights = leaves(w)
        L = forward_loss(weights, x, y)
        failed = _loss_problem(L, w, x, y)
        if failed:
            return failed
        L.backward()
        mine, truth = [t.grad.item() for t in weights], list(true_backprop(w, x, y))
        worst = max(abs(a - b) / max(abs(b), ATOL) for a, b in zip(mine, truth))
        if worst > GRAD_RTOL:
            return _imprecise(worst, L, f"At {case_text((w, x, y))}:\n ")
    return Verdict(True, f"✓ L and the gradients L.backward() gives are right {where(cases)},\n"
                         f"  to {GRAD_RTOL:g} relative (float64).")


def _loss_problem(L, w, x, y) -> Verdict | None:
    """The Verdict on an L that is no one-number tensor in the graph, or not bpcore.loss; else None."""
    at = f"At {case_text((w, x, y))}:\n "
    if not isinstance(L, torch.Tensor) or L.grad_fn is None:
        return Verdict(False, f"✗ {at} forward_loss returned {short(L)}, not a tensor computed from "
                              f"the weights:\n  L.backward() needs the graph (计算图).  Return L itself, "
                              f"not L.item().")
    if L.numel() != 1:
        return Verdict(False, f"✗ {at} L has shape {tuple(L.shape)}; it must be one number.")
    right = true_loss(w, x, y)
    if close(L.item(), right):
        return None
    no_half = close(L.item(), 2 * right)
    half = "\n  Without the ½?  L = ½(out_o1 − y1)² + ½(out_o2 − y2)²." if no_half else ""
    return Verdict(False, f"✗ {at} L = {L.item():.10f}; right is {right:.10f}.{half}",
                   ("loss without ½",) if no_half else ())


def _imprecise(worst, L, at) -> Verdict:
    """The Verdict on gradients `worst` relative off bpcore.backprop: float32's precision, if it is that."""
    float32 = L.dtype == torch.float32 or worst < 1e-6
    hint = ("\n  That is float32's precision: a tensor somewhere is float32 (torch.Tensor([...]) "
            "is);\n  make every one float64.  For training float32 would do; for checking a gradient "
            "it does not\n  (notebook 05)." if float32 else "")
    return Verdict(False, f"✗ {at} L.backward() gives gradients {worst:.1e} relative off "
                          f"bpcore.backprop (allowed: {GRAD_RTOL:g}).{hint}", ("float32",) if float32 else ())


def call(fn, args, name: str, grad_is_none: str, grad_is_none_mistakes=()):
    """(fn(*args), None), the student's step or train called; or (None, a Verdict) for the errors autograd
    raises for an update it recorded (outside no_grad) or for a weight whose .grad is None, in words."""
    try:
        return fn(*args), None
    except RuntimeError as e:
        if "requires grad" not in str(e):  # "a leaf Variable that requires grad is being used in an in-place"
            raise
        return None, Verdict(False, f"✗ {name} raised RuntimeError:\n  {str(e).splitlines()[0]}{RECORDING}\n"
                                    f"{HOW_TO_UPDATE}", ("outside no_grad",))
    except TypeError as e:
        if "NoneType" not in str(e):
            raise
        return None, Verdict(False, f"✗ {name} raised TypeError: {e}\n  A weight's .grad is None: "
                                    f"{grad_is_none}", grad_is_none_mistakes)


def run_step(step, weights, lr) -> Verdict | None:
    """Call the student's step; None, or the Verdict on an error autograd raised."""
    return call(step, (weights, lr), "step", "was the weight replaced by a new tensor?\n" + HOW_TO_UPDATE,
                ("outside no_grad",))[1]


def check_step(step, cases=EXERCISE, lr=1.0) -> Verdict:
    """A student's step(weights, lr): w ← w − lr·w.grad for each weight, in place under torch.no_grad(),
    so that each weight stays the same leaf tensor that requires grad."""
    problem = signature_problem(step, "step", "weights, lr")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        g = true_backprop(w, x, y)
        weights = with_grads(w, g)
        before = list(weights)
        failed = run_step(step, weights, lr)
        for name, old, new, wi, gi in zip(WEIGHT_NAMES, before, weights, w, g):
            failed = failed or _stepped_wrong(name, old, new, wi, wi - lr * gi, lr)
        if failed:
            return failed
    return Verdict(True, f"✓ step updates every weight in place, w ← w − lr·w.grad, {where(cases)}:\n"
                         f"  each stays a leaf that requires grad.")


def _stepped_wrong(name, old, new, before, right, lr) -> Verdict | None:
    """The Verdict on weight `name` after step, `old` the tensor that was in its place; None if it is
    `right` = w − lr·grad and still the same leaf."""
    recorded = getattr(new, "grad_fn", None) is not None  # the update went into the graph
    kind = ("outside no_grad",) if recorded else ("not in place",)
    if new is not old:
        how = f", recorded in the graph (grad_fn {new.grad_fn.name()})" if recorded else ""
        return Verdict(False, f"✗ step replaced {name} in the list by a new tensor{how}.\n" + HOW_TO_UPDATE,
                       kind)
    problem = tensor_problem(new, name)
    if problem:
        return Verdict(False, f"✗ After step, {problem}\n" + HOW_TO_UPDATE, kind)
    if close(new.item(), right, 1e-12):
        return None
    if new.item() == before:
        return Verdict(False, f"✗ step left {name} as it was, {before:+g}: `w = w - lr * w.grad` makes a new "
                              f"tensor\n  and leaves the weight unchanged.\n" + HOW_TO_UPDATE,
                       ("not in place",))
    return Verdict(False, f"✗ After step with lr = {lr}, {name} = {new.item():+.10f}; "
                          f"w − lr·grad = {right:+.10f}.")


def check_zero_grad(step, cases=EXERCISE, lr=1.0) -> Verdict:
    """After a student's step(weights, lr) every .grad is zero (or None): the next L.backward() adds
    into .grad, and without zeroing the gradients of all epochs pile up."""
    problem = signature_problem(step, "step", "weights, lr")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        weights = with_grads(w, true_backprop(w, x, y))
        leaves_before = list(weights)  # whose .grad the next backward adds to, even if step replaced them
        failed = run_step(step, weights, lr)
        if failed:
            return failed
        left = [n for n, t in zip(WEIGHT_NAMES, leaves_before)
                if t.grad is not None and t.grad.abs().max() != 0]
        if left:
            return Verdict(False, f"✗ After step, {listed(left)} still hold their gradients in .grad.\n"
                                  "  .backward() adds to .grad (梯度累加), so the next epoch would step with "
                                  "the\n  sum of both epochs' gradients: zero them, w.grad.zero_() "
                                  "(梯度清零, notebook 05).", ("accumulated gradients",))
    return Verdict(True, f"✓ step leaves every .grad zero {where(cases)}:\n  the next backward starts "
                         "afresh.")


def check_train(train, cases=EXERCISE, lr=1.0, epochs=10) -> Verdict:
    """A student's train(values, x, y, lr, epochs) -> (losses, weights), with autograd, against bpcore.train.

    Losses and final weights are compared to RTOL: training is where float32 does not matter (notebook 05).
    """
    problem = signature_problem(train, "train", "values, x, y, lr, epochs")
    if problem:
        return Verdict(False, "✗ " + problem)
    for w, x, y in cases:
        result, failed = call(train, (w, x, y, lr, epochs), "train",
                              "does each epoch call L.backward() before the update?")
        run, failed = (None, failed) if failed else _train_run(result, epochs)
        if failed:
            return failed
        right = true_train_run(w, x, y, lr, epochs)
        if not same_run(run, *right):
            return _wrong_training(run, right, (w, x, y), lr, epochs)
    return Verdict(True, f"✓ train's losses and final weights are gradient descent's {where(cases)}.")


def _train_run(result, epochs):
    """((final weights, losses) by name, None) of what train returned; or (None, the Verdict on it)."""
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return None, Verdict(False, f"✗ train must return (losses, weights); it returned {result!r}.")
    losses, problem = numbers(result[0], tuple(f"epoch {i}" for i in range(epochs)), "train's losses")
    if problem:
        return None, Verdict(False, "✗ " + problem)
    final, problem = numbers(result[1], WEIGHT_NAMES, "train's final weights")
    if problem:
        return None, Verdict(False, "✗ " + problem)
    return (final, losses), None


def _wrong_training(run, right, case, lr, epochs) -> Verdict:
    """The losses beside gradient descent's, and whether they are those of gradients that pile up."""
    lines = [f"✗ The losses are not gradient descent's, at lr = {lr}, {epochs} epochs, from\n"
             f"  {case_text(case)}:", "  epoch   your loss       right loss"]
    lines += [f"  {i:5d}   {run[1][f'epoch {i}']:.10f}  {v:.10f}" for i, v in enumerate(right[1])]
    if same_run(run, *accumulated_run(*case, lr, epochs)):
        lines.append("  They are those of a run whose gradients pile up: .backward() adds to .grad, and "
                     "nothing zeroes it.\n  Zero every w.grad after the update (梯度清零, notebook 05).")
        return Verdict(False, "\n".join(lines), ("accumulated gradients",))
    return Verdict(False, "\n".join(lines))


def true_train_run(w, x, y, lr, epochs):
    """bpcore.train's run: (final weights, losses)."""
    h = true_train(w, x, y, lr=lr, epochs=epochs)
    return list(h.weights[-1]), list(h.losses)
