"""The checks of assignment 2 (classroom/source/autograd): the same network trained with PyTorch's autograd,
each a student's function held against bpcore:

    check_step(step).show("autograd.step")

check_make_weights, check_forward_loss, check_step, check_zero_grad, check_train; the hidden tests pass
bpcore.grading.graded_cases() as `cases`.  The gradient test holds to GRAD_RTOL, where float32
fails; training to RTOL, where it passes.
"""

from __future__ import annotations

import torch

from ..gradients import backprop as true_backprop, train as true_train
from ..language import N_, tr
from ..network import SEED_WEIGHTS, WEIGHT_NAMES, Weights, loss as true_loss
from .mistakes import accumulated_run
from .reports import (
    ATOL,
    EXERCISE,
    GRAD_RTOL,
    HiddenCase,
    Verdict,
    case_text,
    close,
    header,
    lines,
    listed,
    numbers,
    same_run,
    short,
    signature_problem,
    where,
)

# Said through tr() where they are said, each line one message.
HOW_TO_UPDATE = (N_("Write the update inside `with torch.no_grad():` and in place, `w -= lr * w.grad`"),
                 N_("(notebook 05, \"Gradient descent under torch.no_grad()\")."))
RECORDING = N_("The update ran while autograd was recording.")


def how_to_update() -> str:
    """HOW_TO_UPDATE's two lines, each indented by two spaces, in the language bpcore speaks."""
    return "  " + lines(*map(tr, HOW_TO_UPDATE))


def tensor_problem(t, name: str, float64=True) -> str | None:
    """Why `t` is not a one-number float64 leaf tensor that requires grad, or None."""
    if not isinstance(t, torch.Tensor):
        return tr("{name} must be a torch tensor, got {value!r} ({type}).", name=name, value=t,
                  type=type(t).__name__)
    if t.numel() != 1:
        return tr("{name} must hold one number, like torch.tensor([0.2], ...); it has shape {shape}.",
                  name=name, shape=tuple(t.shape))
    if not t.requires_grad:
        return tr("{name} does not require grad: create it with requires_grad=True, or its .grad stays None.",
                  name=name)
    if not t.is_leaf:
        return lines(tr("{name} is not a leaf (叶子节点): it was computed from another tensor "
                        "(grad_fn {fn}),",
                        name=name, fn=t.grad_fn.name()),
                     tr("so .backward() fills no .grad for it.  Create it with torch.tensor."))
    if float64 and t.dtype != torch.float64:
        return lines(tr("{name} is {dtype}, not torch.float64.  torch.Tensor([...]) makes float32, "
                        "whose 7 digits",
                        name=name, dtype=t.dtype),
                     tr("are too few to check gradients to 10 (notebook 05): pass dtype=torch.float64."))
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
    """A student's make_weights(values) -> eight float64 leaf tensors that require grad.  values may be a
    hidden case (bpcore.grading.graded_cases()): its weights, never shown."""
    hidden = isinstance(values, HiddenCase)
    values = values[0] if hidden else values
    problem = signature_problem(make_weights, "make_weights", "values")
    if problem:
        return Verdict(False, "✗ " + problem)
    weights = make_weights(values)
    if not isinstance(weights, (list, tuple)) or len(weights) != 8:
        return Verdict(False, tr("✗ make_weights must return a list of eight tensors w1...w8; it returned "
                                 "{weights!r}.", weights=weights))
    for name, t, v in zip(WEIGHT_NAMES, weights, Weights.of(values)):
        problem = tensor_problem(t, name)
        if problem:
            return Verdict(False, "✗ " + problem, ("float32",) if "float32" in problem else ())
        if t.item() != v:
            if hidden:
                return Verdict(False, tr("✗ {name} does not hold the value given, at {case}.", name=name,
                                         case=case_text(HiddenCase())))
            return Verdict(False, tr("✗ {name} holds {held!r}, not {value!r}.", name=name, held=t.item(),
                                     value=v))
    if hidden:
        return Verdict(True, tr("✓ Eight float64 leaf tensors that require grad, at {case}.",
                                case=case_text(HiddenCase())))
    return Verdict(True, lines(tr("✓ Eight float64 leaf tensors that require grad, holding"),
                               tr("{values}.", values=", ".join(f"{v:+g}" for v in Weights.of(values)))))


def check_forward_loss(forward_loss, cases=EXERCISE) -> Verdict:
    """A student's forward_loss(weights, x, y) -> L, a tensor in the graph: its value against bpcore.loss
    (RTOL), and the .grad its L.backward() gives against bpcore.backprop to GRAD_RTOL (float32 fails)."""
    problem = signature_problem(forward_loss, "forward_loss", "weights, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    for case in cases:
        w, x, y = case
        weights = leaves(w)
        L = forward_loss(weights, x, y)
        failed = _loss_problem(L, case)
        if failed:
            return failed
        L.backward()
        mine, truth = [t.grad.item() for t in weights], list(true_backprop(w, x, y))
        worst = max(abs(a - b) / max(abs(b), ATOL) for a, b in zip(mine, truth))
        if worst > GRAD_RTOL:
            return _imprecise(worst, L, at(case))
    return Verdict(True, lines(tr("✓ L and the gradients L.backward() gives are right {where},",
                                  where=where(cases)),
                               tr("to {rtol:g} relative (float64).", rtol=GRAD_RTOL)))


def at(case) -> str:
    """"At w = (...), x = (...), y = (...):" and the line break after it, as a report starts."""
    return tr("At {case}:", case=case_text(case)) + "\n "


def _loss_problem(L, case) -> Verdict | None:
    """The Verdict on an L that is no one-number tensor in the graph, or not bpcore.loss; else None."""
    where_, (w, x, y) = at(case), case
    if not isinstance(L, torch.Tensor) or L.grad_fn is None:
        return Verdict(False, f"✗ {where_} " + lines(
            tr("forward_loss returned {value}, not a tensor computed from the weights:", value=short(L)),
            tr("L.backward() needs the graph (计算图).  Return L itself, not L.item().")))
    if L.numel() != 1:
        return Verdict(False, f"✗ {where_} " + tr("L has shape {shape}; it must be one number.",
                                                  shape=tuple(L.shape)))
    right = true_loss(w, x, y)
    if close(L.item(), right):
        return None
    no_half = close(L.item(), 2 * right)
    said = tr("L = {value:.10f}; right is {right:.10f}.", value=L.item(), right=right)
    if no_half:
        said = lines(said, tr("Without the ½?  L = ½(out_o1 − y1)² + ½(out_o2 − y2)²."))
    return Verdict(False, f"✗ {where_} {said}", ("loss without ½",) if no_half else ())


def _imprecise(worst, L, at) -> Verdict:
    """The Verdict on gradients `worst` relative off bpcore.backprop: float32's precision, if it is that."""
    float32 = L.dtype == torch.float32 or worst < 1e-6
    said = tr("L.backward() gives gradients {worst:.1e} relative off bpcore.backprop (allowed: {rtol:g}).",
              worst=worst, rtol=GRAD_RTOL)
    if float32:
        said = lines(said, tr("That is float32's precision: a tensor somewhere is float32 "
                              "(torch.Tensor([...]) is);"),
                     tr("make every one float64.  For training float32 would do; for checking a gradient "
                        "it does not"),
                     tr("(notebook 05)."))
    return Verdict(False, f"✗ {at} {said}", ("float32",) if float32 else ())


def call(fn, args, name: str, grad_is_none: str, grad_is_none_mistakes=()):
    """(fn(*args), None), the student's step or train called; or (None, a Verdict) for the errors autograd
    raises for an update it recorded (outside no_grad) or for a weight whose .grad is None, in words."""
    try:
        return fn(*args), None
    except RuntimeError as e:
        if "requires grad" not in str(e):  # "a leaf Variable that requires grad is being used in an in-place"
            raise
        said = lines(tr("✗ {name} raised RuntimeError:", name=name), str(e).splitlines()[0], tr(RECORDING))
        return None, Verdict(False, said + "\n" + how_to_update(), ("outside no_grad",))
    except TypeError as e:
        if "NoneType" not in str(e):
            raise
        return None, Verdict(False, lines(tr("✗ {name} raised TypeError: {error}", name=name, error=e),
                                          tr("A weight's .grad is None: {why}", why=grad_is_none)),
                             grad_is_none_mistakes)


def run_step(step, weights, lr) -> Verdict | None:
    """Call the student's step; None, or the Verdict on an error autograd raised."""
    return call(step, (weights, lr), "step", tr("was the weight replaced by a new tensor?") + "\n" +
                how_to_update(), ("outside no_grad",))[1]


def check_step(step, cases=EXERCISE, lr=1.0) -> Verdict:
    """A student's step(weights, lr): w ← w − lr·w.grad for each weight, in place under torch.no_grad(),
    so that each weight stays the same leaf tensor that requires grad."""
    problem = signature_problem(step, "step", "weights, lr")
    if problem:
        return Verdict(False, "✗ " + problem)
    for case in cases:
        w, x, y = case
        g = true_backprop(w, x, y)
        weights = with_grads(w, g)
        before = list(weights)
        failed = run_step(step, weights, lr)
        for name, old, new, wi, gi in zip(WEIGHT_NAMES, before, weights, w, g):
            failed = failed or _stepped_wrong(name, old, new, wi, wi - lr * gi, lr,
                                              isinstance(case, HiddenCase))
        if failed:
            return failed
    return Verdict(True, lines(tr("✓ step updates every weight in place, w ← w − lr·w.grad, {where}:",
                                  where=where(cases)), tr("each stays a leaf that requires grad.")))


def _stepped_wrong(name, old, new, before, right, lr, hidden=False) -> Verdict | None:
    """The Verdict on weight `name` after step, `old` the tensor that was in its place; None if it is
    `right` = w − lr·grad and still the same leaf.  hidden: at a hidden case, whose numbers it never says."""
    recorded = getattr(new, "grad_fn", None) is not None  # the update went into the graph
    kind = ("outside no_grad",) if recorded else ("not in place",)
    if new is not old:
        if recorded:
            said = tr("✗ step replaced {name} in the list by a new tensor, recorded in the graph "
                      "(grad_fn {fn}).",
                      name=name, fn=new.grad_fn.name())
        else:
            said = tr("✗ step replaced {name} in the list by a new tensor.", name=name)
        return Verdict(False, said + "\n" + how_to_update(), kind)
    problem = tensor_problem(new, name)
    if problem:
        return Verdict(False, tr("✗ After step, {problem}", problem=problem) + "\n" + how_to_update(), kind)
    if close(new.item(), right, 1e-12):
        return None
    if hidden:
        return Verdict(False, tr("✗ After step with lr = {lr}, {name} is not w − lr·grad, at {case}.", lr=lr,
                                 name=name, case=case_text(HiddenCase())), ("not in place",)
                       if new.item() == before else ())
    if new.item() == before:
        return Verdict(False, lines(tr("✗ step left {name} as it was, {before:+g}: `w = w - lr * w.grad` "
                                       "makes a new tensor", name=name, before=before),
                                    tr("and leaves the weight unchanged.")) + "\n" + how_to_update(),
                       ("not in place",))
    return Verdict(False, tr("✗ After step with lr = {lr}, {name} = {value:+.10f}; "
                             "w − lr·grad = {right:+.10f}.",
                             lr=lr, name=name, value=new.item(), right=right))


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
            return Verdict(False, lines(
                tr("✗ After step, {names} still hold their gradients in .grad.", names=listed(left)),
                tr(".backward() adds to .grad (梯度累加), so the next epoch would step with the"),
                tr("sum of both epochs' gradients: zero them, w.grad.zero_() (梯度清零, notebook 05).")),
                ("accumulated gradients",))
    return Verdict(True, lines(tr("✓ step leaves every .grad zero {where}:", where=where(cases)),
                               tr("the next backward starts afresh.")))


def check_train(train, cases=EXERCISE, lr=1.0, epochs=10) -> Verdict:
    """A student's train(values, x, y, lr, epochs) -> (losses, weights), with autograd, against bpcore.train.

    Losses and final weights are compared to RTOL: training is where float32 does not matter (notebook 05).
    """
    problem = signature_problem(train, "train", "values, x, y, lr, epochs")
    if problem:
        return Verdict(False, "✗ " + problem)
    for case in cases:
        w, x, y = case
        result, failed = call(train, (w, x, y, lr, epochs), "train",
                              tr("does each epoch call L.backward() before the update?"))
        run, failed = (None, failed) if failed else _train_run(result, epochs)
        if failed:
            return failed
        right = true_train_run(w, x, y, lr, epochs)
        if not same_run(run, *right):
            return _wrong_training(run, right, case, lr, epochs)
    return Verdict(True, tr("✓ train's losses and final weights are gradient descent's {where}.",
                            where=where(cases)))


def _train_run(result, epochs):
    """((final weights, losses) by name, None) of what train returned; or (None, the Verdict on it)."""
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return None, Verdict(False, tr("✗ train must return (losses, weights); it returned {result!r}.",
                                       result=result))
    losses, problem = numbers(result[0], tuple(f"epoch {i}" for i in range(epochs)), tr("train's losses"))
    if problem:
        return None, Verdict(False, "✗ " + problem)
    final, problem = numbers(result[1], WEIGHT_NAMES, tr("train's final weights"))
    if problem:
        return None, Verdict(False, "✗ " + problem)
    return (final, losses), None


def _wrong_training(run, right, case, lr, epochs) -> Verdict:
    """The losses beside gradient descent's, and whether they are those of gradients that pile up."""
    said = [lines(tr("✗ The losses are not gradient descent's, at lr = {lr}, {epochs} epochs, from", lr=lr,
                     epochs=epochs), f"{case_text(case)}:"),
            header(tr("epoch"), tr("your loss"), tr("right loss"), 16)]
    said += [f"  {i:5d}   {run[1][f'epoch {i}']:.10f}  {v:.10f}" for i, v in enumerate(right[1])]
    if same_run(run, *accumulated_run(*case, lr, epochs)):
        said.append("  " + lines(tr("They are those of a run whose gradients pile up: .backward() adds to "
                                    ".grad, and nothing zeroes it."),
                                 tr("Zero every w.grad after the update (梯度清零, notebook 05).")))
        return Verdict(False, "\n".join(said), ("accumulated gradients",))
    return Verdict(False, "\n".join(said))


def true_train_run(w, x, y, lr, epochs):
    """bpcore.train's run: (final weights, losses)."""
    h = true_train(w, x, y, lr=lr, epochs=epochs)
    return list(h.weights[-1]), list(h.losses)
