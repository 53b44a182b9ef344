"""The checks of assignment 1 (classroom/source/backprop): the forward pass, the loss, backprop by hand and
the training loop, each a student's function held against bpcore:

    check_backprop(backprop, "output", [mine]).show("backprop.output")

check_forward, check_loss, check_backprop, check_training, at the student's numbers `mine`
(bpcore.grading.my_variant); the hidden tests pass bpcore.grading.graded_cases() as `cases`.
None of them needs torch.
"""

from __future__ import annotations

import sys

from ..gradients import backprop as true_backprop
from ..language import tr
from ..network import WEIGHT_NAMES, forward as true_forward, loss as true_loss
from .mistakes import BACKPROP_MISTAKES, FORWARD_MISTAKES, LOSS_MISTAKES, descent, loop_mistakes, outputs
from .reports import (
    EXERCISE,
    Verdict,
    answers_at,
    case_text,
    compare,
    header,
    lines,
    named,
    numbers,
    same_run,
    short,
    signature_problem,
    where,
)

LAYERS = {"output": ("w5", "w6", "w7", "w8"), "hidden": ("w1", "w2", "w3", "w4")}
FORWARD_NAMES = ("out_h1", "out_h2", "out_o1", "out_o2")

# What computes gradients in bpcore (bpcore.backprop, .backward, .chain_rule, .autograd.backprop, ...) and
# in torch (Tensor.backward, torch.autograd.grad): a student's backprop may call none of them.
GRADIENT_MAKERS = {"backprop", "backprop_original", "backward", "chain_rule", "published_chain_rule",
                   "numeric_grad", "train", "grad"}
LIBRARIES = ("bpcore", "torch")


def borrowed(fn, case) -> str | None:
    """Where fn takes its gradients from instead of computing them: the first gradient maker of bpcore or
    torch that fn(*case) calls, or None.

    fn is run once with Python's profiler hook (sys.setprofile) watching: it sees every Python function
    called, however it was reached (an import, a helper of the notebook's, a closure).  An error fn raises
    after it called a gradient maker is that maker's answer; any other error is the student's to see.
    """
    called = []

    def watch(frame, event, arg):
        if event == "call" and not called and _gradient_maker(frame):
            called.append(_gradient_maker(frame))

    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        fn(*case)
    except Exception:
        if not called:
            raise
    finally:
        sys.setprofile(previous)
    return called[0] if called else None


def _gradient_maker(frame) -> str | None:
    """The name of the gradient maker a profiled frame runs, or None."""
    module, name = frame.f_globals.get("__name__", ""), frame.f_code.co_name
    if module.partition(".")[0] not in LIBRARIES or name not in GRADIENT_MAKERS:
        return None
    if module.startswith("torch") and name == "backward":
        return tr("autograd's .backward()")
    return f"{module}.{name}"


def check_backprop(backprop, layer: str, cases=EXERCISE) -> Verdict:
    """A student's backprop(w, x, y) -> ∂L/∂w1...∂L/∂w8, held against bpcore.backprop on one layer
    ("output": w5...w8, "hidden": w1...w4) at each case (w, x, y)."""
    if layer not in LAYERS:
        raise ValueError(tr("layer must be 'output' or 'hidden', got {layer!r}", layer=layer))
    problem = signature_problem(backprop, "backprop", "w, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    source = borrowed(backprop, cases[0])
    if source:
        return Verdict(False, lines(tr("✗ backprop takes its gradients from {source}.", source=source),
                                    tr("Write the chain rule yourself (notebook 03): bpcore's is what these "
                                       "tests hold yours against.")), ("borrowed",))
    answers = answers_at(backprop, WEIGHT_NAMES, "backprop", cases)
    if isinstance(answers, Verdict):
        return answers
    truths = [named(true_backprop(*case), WEIGHT_NAMES) for case in cases]
    return compare("∂L/∂{}", LAYERS[layer], answers, truths, BACKPROP_MISTAKES, cases, lines(
        tr("Check that each factor of the chain appears once: (out_o − y), out(1 − out), then the weight"),
        tr("(going back) or the value it carries (at the end).  Notebook 03 derives each.")))


def check_forward(forward, cases=EXERCISE) -> Verdict:
    """A student's forward(w, x) -> (out_h1, out_h2, out_o1, out_o2) against bpcore.forward."""
    problem = signature_problem(forward, "forward", "w, x")
    if problem:
        return Verdict(False, "✗ " + problem)
    answers = answers_at(lambda w, x, y: forward(w, x), FORWARD_NAMES, "forward", cases)
    if isinstance(answers, Verdict):
        return answers
    truths = [outputs(true_forward(w, x)) for w, x, _ in cases]
    return compare("{}", FORWARD_NAMES, answers, truths, FORWARD_MISTAKES, cases,
                   tr("Fix the first wrong number first: every later one is computed from it (notebook 01)."))


def check_loss(loss, cases=EXERCISE) -> Verdict:
    """A student's loss(w, x, y) -> L against bpcore.loss."""
    problem = signature_problem(loss, "loss", "w, x, y")
    if problem:
        return Verdict(False, "✗ " + problem)
    answers = answers_at(loss, ("L",), "loss", cases, alone=True)
    if isinstance(answers, Verdict):
        return answers
    truths = [{"L": true_loss(*case)} for case in cases]
    return compare("{}", ("L",), answers, truths, LOSS_MISTAKES, cases,
                   tr("If forward's test fails too, fix forward first: the loss is computed from its "
                      "outputs."), fmt=".10f")


def check_training(gradient_descent, backprop, loss, cases=EXERCISE, lr=1.0, epochs=10) -> Verdict:
    """A student's gradient_descent(w, x, y, lr, epochs) -> (final weights, losses) against the loop
    done right with the student's own backprop and loss, so that the loop is graded on its own."""
    problem = signature_problem(gradient_descent, "gradient_descent", "w, x, y, lr, epochs")
    if problem:
        return Verdict(False, "✗ " + problem)
    for case in cases:
        run, failed = _loop_run(gradient_descent(*case, lr, epochs), case, lr, epochs)
        if failed:
            return failed
        try:
            right = descent(*case, lr, epochs, backprop, loss)
        except ValueError as e:
            return Verdict(False, tr("✗ The loop needs a backprop that returns eight numbers: {problem}",
                                     problem=e))
        if not same_run(run, *right):
            return _wrong_loop(run, right, case, lr, epochs, backprop, loss)
    report = tr("✓ The loop is gradient descent {where}, with your backprop and loss.", where=where(cases))
    if tuple(cases) == EXERCISE and lr == 1.0 and epochs == 10:
        report = lines(report, tr("Its last loss, the exercise's 第9轮: {loss:.6f}.", loss=run[1]['epoch 9']))
    return Verdict(True, report)


def _loop_run(result, case, lr, epochs):
    """((final weights, losses) by name, None) of what gradient_descent returned; or (None, the Verdict on
    a result that is not the final weights and `epochs` losses)."""
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        return None, Verdict(False, tr("✗ gradient_descent must return two things, (w, losses): the final "
                                       "weights and the {epochs} losses; it returned {result!r}.",
                                       epochs=epochs, result=result))
    w_end, problem = numbers(result[0], WEIGHT_NAMES, tr("gradient_descent's final weights"))
    if problem:
        return None, Verdict(False, "✗ " + problem)
    if not hasattr(result[1], "__len__") or len(result[1]) != epochs:
        got = f"{len(result[1])}" if hasattr(result[1], "__len__") else short(result[1])
        return None, Verdict(False, lines(
            tr("✗ gradient_descent must record {epochs} losses, one before each update; it returned {got}.",
               epochs=epochs, got=got),
            tr("(lr = {lr}, from {case}.)", lr=lr, case=case_text(case))))
    losses, problem = numbers(result[1], tuple(f"epoch {i}" for i in range(epochs)), "gradient_descent")
    if problem:
        return None, Verdict(False, "✗ " + problem)
    return (w_end, losses), None


def _wrong_loop(run, right, case, lr, epochs, backprop, loss) -> Verdict:
    """The losses beside a right loop's, and the known mistake whose run this is, if one is."""
    losses, right_losses = run[1], right[1]
    said = [lines(tr("✗ The loop is not gradient descent, at lr = {lr}, {epochs} epochs, from", lr=lr,
                     epochs=epochs), f"{case_text(case)}:"),
            header(tr("epoch"), tr("your loss"), tr("a right loop's (with your backprop and loss)"), 14)]
    said += [f"  {i:5d}   {losses[f'epoch {i}']:.10f}  {v:.10f}" for i, v in enumerate(right_losses)]
    for name, explanation, mistaken_run in loop_mistakes(case, lr, epochs, backprop, loss):
        if same_run(run, *mistaken_run):
            said.append("  " + tr("{explanation}  Notebook 04, \"The training loop\".",
                                  explanation=explanation))
            return Verdict(False, "\n".join(said), (name,))
    said.append("  " + tr("Each epoch: record loss(w, x, y), then g = backprop(w, x, y), then w = w − lr·g "
                          "(notebook 04)."))
    return Verdict(False, "\n".join(said))
