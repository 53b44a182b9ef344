"""The backward pass as the steps a teacher writes at the board, notebook 03's stepper.

    for step in steps(w, x, y):                       # the chain rule, bpcore.backward's numbers
        step.quantities, step.values, step.latex
    steps(w, x, y, gradients="published")             # the exercise's published derivation
    progress(all_steps, i)                            # what the board shows at step i: reached, known

Seven steps, in the order of the board: the forward values; δ_o1; δ_o2; ∂L/∂w5...∂L/∂w8; δ_h1, with
the two errors that flow back into h1; δ_h2, likewise; ∂L/∂w1...∂L/∂w4.  A step never comes before a
value it needs (`Step.uses` names them).  The numbers are bpcore.chain_rule's (the published ones
bpcore.published_chain_rule's, δ's and gradients alike), substituted into each formula by code
(bpcore.formatting): computed numbers with at least 4 significant digits (6 decimals), the given
weights, inputs and targets exactly as given (0.23).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace

from .formatting import given, number, signed
from .gradients import Backward, chain_rule, published_chain_rule
from .language import N_, tr
from .network import WIRING, Forward, Weights, arguments, forward_pass, squared_error

DERIVATIONS = {"correct": chain_rule, "published": published_chain_rule}  # each switch's δ's and gradients
GRADIENTS = tuple(DERIVATIONS)


def factor(text: str) -> str:
    """A number as a factor of a product: negative ones in parentheses, 0.1\\cdot(-0.5)."""
    return f"({text})" if text.startswith("-") else text


def times(*texts: str) -> str:
    """Numbers as a product, a\\cdot b\\cdot (-c)."""
    return r"\cdot ".join(factor(t) for t in texts)


# --- a step ---


@dataclass(frozen=True)
class Equation:
    """One line of a step: lhs = rule = the rule with numbers = result, and an optional aside."""

    lhs: str
    rule: str
    numbers: str
    result: str
    aside: str = ""

    @property
    def latex(self) -> str:
        line = " = ".join(part for part in (self.lhs, self.rule, self.numbers, self.result) if part)
        return f"{line}\\quad {self.aside}" if self.aside else line


@dataclass(frozen=True)
class Step:
    """One step of the backward pass.

    number: 1...7.  title: a short name, plain text.  words: what the teacher says, plain text.
    quantities: the names computed here (delta_o1 ... delta_h2, grad_w1 ... grad_w8); values: their floats.
    uses: the names of the values this step reads (x1, w5, out_h1, delta_o1, ...).
    equations: the formulas with their numbers, one per line; latex: all of them as one LaTeX string.
    contributions: {edge: (label, value)}, the errors flowing back along edges into a hidden unit.
    wrong: True only where the step computes something that differs from the chain rule.
    flaw: in the published derivation, what its formula does wrong (plain text); chain_rule: the chain
    rule's values of the same quantities, to set beside.  Both empty in the chain rule's steps.
    published: a step of the published derivation, whose gradients go by the exercise's names d_w1 ... d_w8
    (they are not all ∂L/∂w).
    """

    number: int
    title: str
    words: str
    quantities: tuple[str, ...]
    values: dict[str, float]
    uses: tuple[str, ...]
    equations: tuple[Equation, ...]
    contributions: dict[str, tuple[str, float]] = field(default_factory=dict)
    wrong: bool = False
    flaw: str = ""
    chain_rule: dict[str, float] = field(default_factory=dict)
    published: bool = False

    def label(self, name: str) -> str:
        """How this step names the quantity `name`: quantity_label's name, d_w5 in the published steps."""
        return quantity_label(name, self.published)

    @property
    def latex(self) -> str:
        if len(self.equations) == 1:
            return self.equations[0].latex
        lines = [e.latex.replace(" = ", " &= ", 1) for e in self.equations]
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"


def quantity_label(name: str, published: bool = False) -> str:
    """delta_o1 → δ_o1, grad_w5 → ∂L/∂w5 (plain text); published: grad_w5 → d_w5, the exercise's name for
    what its code computes, which is not ∂L/∂w5 in the hidden layer."""
    if name.startswith("delta_"):
        return "δ_" + name.removeprefix("delta_")
    weight = name.removeprefix("grad_")
    return f"d_{weight}" if published else f"∂L/∂{weight}"


def gradient_tex(weight: str, published: bool = False) -> str:
    """∂L/∂w_5 as LaTeX, or the published code's d_w5."""
    return rf"\mathtt{{d\_{weight}}}" if published else rf"\partial L/\partial w_{weight[1:]}"


def _tex(unit: str) -> str:
    return f"{{{unit}}}"  # o1 → {o1}, for subscripts: \delta_{o1}


# --- the seven steps ---


@dataclass(frozen=True)
class Board:
    """What the steps are written from: the network (w, x, y), its forward pass f, the derivation's δ's and
    gradients b (bpcore.chain_rule's, or published_chain_rule's), and the chain rule's, `right`, to set beside
    a published step."""

    w: Weights
    x: tuple[float, float]
    y: tuple[float, float]
    f: Forward
    b: Backward
    right: Backward
    published: bool

    def out(self, unit: str) -> float:
        return getattr(self.f, f"out_{unit}")

    def delta(self, unit: str, b: Backward | None = None) -> float:
        return getattr(b or self.b, f"delta_{unit}")

    def value(self, quantity: str, b: Backward | None = None) -> float:
        """delta_o1 → b.delta_o1, grad_w5 → b.grads.w5: the derivation's (or `b`'s) value of `quantity`."""
        b = b or self.b
        return getattr(b.grads, quantity.removeprefix("grad_")) if quantity.startswith("grad_") \
            else getattr(b, quantity)


def steps(w, x, y, gradients: str = "correct") -> tuple[Step, ...]:
    """The backward pass on the exercise's network, step by step: the chain rule's (gradients="correct")
    or the exercise's published derivation's (gradients="published"), whose hidden-layer steps use
    out_h1 and out_h2 where the weights w5...w8 belong."""
    if gradients not in GRADIENTS:
        raise ValueError(tr("gradients must be 'correct' or 'published', got {value}", value=repr(gradients)))
    w, x, y = arguments(w, x, y)
    f = forward_pass(w, x)
    board = Board(w, x, y, f, DERIVATIONS[gradients](f, w, x, y), chain_rule(f, w, x, y),
                  gradients == "published")
    return (_forward_step(board), _output_delta(board, 2, "o1"), _output_delta(board, 3, "o2"),
            _output_grads(board), _hidden_delta(board, 5, "h1"), _hidden_delta(board, 6, "h2"),
            _input_grads(board))


def _forward_step(board: Board) -> Step:
    f, (y1, y2) = board.f, board.y
    rows = []
    for unit in ("h1", "h2", "o1", "o2"):
        u = _tex(unit)
        rows.append(Equation(f"out_{u}", rf"\sigma(in_{u})", rf"\sigma({signed(getattr(f, 'in_' + unit))})",
                             number(board.out(unit))))
    loss = squared_error(f, board.y)
    rows.append(Equation("L", r"\frac{1}{2}(out_{o1} - y_1)^2 + \frac{1}{2}(out_{o2} - y_2)^2",
                         rf"\frac{{1}}{{2}}({number(f.out_o1)} - {factor(given(y1))})^2 + "
                         rf"\frac{{1}}{{2}}({number(f.out_o2)} - {factor(given(y2))})^2", number(loss)))
    return Step(1, tr("The forward pass: every value on its unit"),
                tr("Notebook 01's forward pass, from the inputs x1, x2 to the loss L = {loss}. "
                   "Each unit now holds its output; the backward pass (反向传播) needs them all.",
                   loss=number(loss, False)),
                (), {}, ("x1", "x2", *WIRING, "y1", "y2"), tuple(rows), published=board.published)


def _output_delta(board: Board, n: int, unit: str) -> Step:
    y_name = TARGETS[unit]
    out, y, value = board.out(unit), board.y[int(y_name[1]) - 1], board.delta(unit)
    o, y_tex = _tex(unit), f"y_{y_name[1:]}"
    eq = Equation(rf"\delta_{o}", rf"(out_{o} - {y_tex})\,out_{o}(1-out_{o})",
                  rf"({number(out)} - {factor(given(y))})\cdot {number(out)}\cdot {number(1 - out)}",
                  signed(value))
    side = SIDES["above" if out > y else "below" if out < y else "at"]
    sign = SIGNS["positive" if value > 0 else "negative" if value < 0 else "zero"]
    return Step(n, tr("δ_{unit}: the error term of {unit}", unit=unit),
                tr("{unit}'s error term (误差项) δ_{unit} = ∂L/∂in_{unit}, how fast the loss changes with "
                   "{unit}'s net input: the loss's slope at the output, out_{unit} − {target} = "
                   "{difference}, times the sigmoid's slope out_{unit}(1 − out_{unit}) = {slope}. ",
                   unit=unit, target=y_name, difference=signed(out - y, False),
                   slope=number(out * (1 - out), False))
                + tr(side, unit=unit) + tr(sign, unit=unit),
                (f"delta_{unit}",), {f"delta_{unit}": value}, (f"out_{unit}", y_name), (eq,),
                published=board.published)


# Where an output is beside its target, and so the sign of its δ: the end of step 2's and step 3's words.
# Translators: a sentence in two parts, the side then the sign: "out_o1 is above its target" + ", so δ_o1 is
# positive."
SIDES = {"above": N_("out_{unit} is above its target"), "below": N_("out_{unit} is below its target"),
         "at": N_("out_{unit} is at its target")}
SIGNS = {"positive": N_(", so δ_{unit} is positive."), "negative": N_(", so δ_{unit} is negative."),
         "zero": N_(", so δ_{unit} is zero.")}


# The exercise's wiring turned round: which unit each weight feeds, and which value it carries; the target
# each output unit is held to; the weights that leave each hidden unit.
FEEDS = {name: (fed, carried) for name, (carried, fed) in WIRING.items()}
TARGETS = {"o1": "y1", "o2": "y2"}
LEAVING = {unit: tuple(k for k, (carried, _) in WIRING.items() if carried == unit) for unit in ("h1", "h2")}


def _grads_step(board: Board, n, title, words, names, carried, b=None) -> Step:
    """The step of the gradients of the weights `names`: each the δ of the unit it feeds times the value it
    carries; `carried` maps a carried unit (h1, x1) to its (LaTeX name, number as shown).  Under the
    published derivation the gradients go by its names, d_w5."""
    eqs = []
    for k in names:
        fed, by = FEEDS[k]
        eqs.append(Equation(gradient_tex(k, board.published), rf"\delta_{_tex(fed)}\,{carried[by][0]}",
                            times(number(board.delta(fed, b)), carried[by][1]),
                            signed(board.value(f"grad_{k}"))))
    values = {f"grad_{k}": board.value(f"grad_{k}") for k in names}
    uses = (*(f"delta_{u}" for u in sorted({FEEDS[k][0] for k in names})),
            *(f"out_{c}" if c.startswith("h") else c for c in sorted(carried)))
    return Step(n, title, words, tuple(values), values, uses, tuple(eqs), published=board.published)


def _output_grads(board: Board) -> Step:
    words = tr("A weight's gradient is the δ of the unit it feeds times the value it carries: w5 carries "
               "out_h1 into o1, so ∂L/∂w5 = δ_o1·out_h1. Two δ's, four gradients.")
    title = tr("∂L/∂w5 ... ∂L/∂w8: the output weights")
    if board.published:
        title = tr("d_w5 ... d_w8: the output weights, as published")
        words += tr(" The exercise calls them d_w5 ... d_w8; these four are right.")
    return _grads_step(board, 4, title, words, ("w5", "w6", "w7", "w8"),
                       {h: (f"out_{_tex(h)}", number(board.out(h))) for h in ("h1", "h2")})


def _hidden_delta(board: Board, n: int, unit: str) -> Step:
    """δ_h: the errors that flow back into hidden unit `unit`, each δ_o times what it is multiplied by
    on its way: the weight it came through (the chain rule), or out_h (the published derivation)."""
    h, (a, b) = _tex(unit), LEAVING[unit]
    out, (da, db) = board.out(unit), (board.delta("o1"), board.delta("o2"))
    by = (board.w[int(a[1]) - 1], board.w[int(b[1]) - 1]) if not board.published else (out, out)
    by_tex = (f"w_{a[1:]}", f"w_{b[1:]}") if not board.published else (f"out_{h}", f"out_{h}")
    by_shown = (given(by[0]), given(by[1])) if not board.published else (number(out), number(out))
    by_name = (a, b) if not board.published else (f"out_{unit}", f"out_{unit}")
    flows = {a: (f"δ_o1·{by_name[0]}", da * by[0]), b: (f"δ_o2·{by_name[1]}", db * by[1])}
    eq = Equation(rf"\delta^{{\mathrm{{pub}}}}_{h}" if board.published else rf"\delta_{h}",
                  rf"(\delta_{{o1}}\,{by_tex[0]} + \delta_{{o2}}\,{by_tex[1]})\,out_{h}(1-out_{h})",
                  rf"({times(number(da), by_shown[0])} + {times(number(db), by_shown[1])})"
                  rf"\cdot {times(number(out), number(1 - out))}", signed(board.delta(unit)))
    uses = ("delta_o1", a, "delta_o2", b, f"out_{unit}") if not board.published else \
        ("delta_o1", "delta_o2", f"out_{unit}")
    step = Step(n, tr("δ_{unit}: both errors flow back into {unit}", unit=unit), "", (f"delta_{unit}",),
                {f"delta_{unit}": board.delta(unit)}, uses, (eq,), flows, published=board.published)
    return _published_hidden(board, step, unit) if board.published else \
        replace(step, words=_hidden_words(unit, a, b, flows))


def _hidden_words(unit, a, b, flows) -> str:
    total = flows[a][1] + flows[b][1]
    return tr("{unit} feeds both outputs, so both errors come back to it, each through the weight it "
              "came along: δ_o1·{a} = {flow_a} and δ_o2·{b} = {flow_b}. Their sum ∂L/∂out_{unit} = {total}, "
              "times {unit}'s sigmoid slope, is δ_{unit}.", unit=unit, a=a, b=b,
              flow_a=signed(flows[a][1], False), flow_b=signed(flows[b][1], False),
              total=signed(total, False))


def _published_hidden(board: Board, step: Step, unit: str) -> Step:
    """The published δ_h's step: what its formula does wrong, the chain rule's line beside it."""
    (a, b), right = LEAVING[unit], board.right
    right_step = replace(board, b=right, published=False)
    chain = _hidden_delta(right_step, step.number, unit).equations[0]
    # Translators: the words before a formula, in LaTeX's \text{...}: keep its trailing space.
    chain = replace(chain, lhs=r"\text{" + tr("chain rule: ") + "}" + chain.lhs)
    wa, wb = board.w[int(a[1]) - 1], board.w[int(b[1]) - 1]
    words = tr("The published code sends δ_o1 and δ_o2 back multiplied by out_{unit} = {out} (its d_{a} + "
               "d_{b}), where the chain rule multiplies them by the weights they came through, {a} = {wa} "
               "and {b} = {wb}: {published} instead of {right}.", unit=unit,
               out=number(board.out(unit), False), a=a, b=b, wa=given(wa), wb=given(wb),
               published=signed(step.contributions[a][1] + step.contributions[b][1], False),
               right=signed(right.delta_o1 * wa + right.delta_o2 * wb, False))
    chain_rule_values = {f"delta_{unit}": board.delta(unit, right)}
    wrong = _differs(step.values, chain_rule_values)
    words = (tr(WRONG_STEP) + words) if wrong else \
        (words + tr(" Here {a} = {b} = out_{unit}, so it agrees with the chain rule by chance.", a=a, b=b,
                    unit=unit))
    return replace(step, title=tr("δ_{unit} as published", unit=unit), equations=(*step.equations, chain),
                   words=words, wrong=wrong, chain_rule=chain_rule_values,
                   flaw=tr("out_{unit} stands where {a}, {b} belong", unit=unit, a=a, b=b))


WRONG_STEP = N_("✗ Wrong step. ")  # how a wrong step's words begin


def _input_grads(board: Board) -> Step:
    names = ("w1", "w2", "w3", "w4")
    inputs = {f"x{k}": (f"x_{k}", given(board.x[k - 1])) for k in (1, 2)}
    if not board.published:
        words = tr("The same rule one layer back: δ of the unit fed, times the value carried, here an "
                   "input. All eight gradients are known; the backward pass is done.")
        return _grads_step(board, 7, tr("∂L/∂w1 ... ∂L/∂w4: the input weights"), words, names, inputs)
    step = _grads_step(board, 7, tr("d_w1 ... d_w4 as published"), "", names, inputs)
    right = {f"grad_{k}": board.value(f"grad_{k}", board.right) for k in names}
    eqs = tuple(replace(e, rule=e.rule.replace(r"\delta_", r"\delta^{\mathrm{pub}}_", 1),
                        aside=r"(\text{" + tr("chain rule ") + "}" + signed(right[f"grad_{k}"]) + ")")
                for k, e in zip(names, step.equations))
    wrong = _differs(step.values, right)
    flipped = [k for k in names if step.values[f"grad_{k}"] * right[f"grad_{k}"] < 0]
    words = tr("The rule δ·x is right, but it is applied to the published δ's, so the input weights' "
               "d_w1 ... d_w4 inherit their error: they are not ∂L/∂w1 ... ∂L/∂w4.")
    if flipped:
        names = functools.reduce(lambda a, b: tr("{a} and {b}", a=a, b=b), flipped)
        words += tr(" {names} even get the wrong sign: a step downhill would go uphill.", names=names)
    return replace(step, equations=eqs, words=(tr(WRONG_STEP) if wrong else "") + words, wrong=wrong,
                   flaw=tr("δ·x, with the published δ_h1 and δ_h2"), chain_rule=right)


def _differs(values: dict[str, float], right: dict[str, float]) -> bool:
    """Whether a step's `values` differ from the chain rule's (`right`) beyond rounding."""
    return any(abs(values[q] - right[q]) > 1e-12 * abs(right[q]) for q in values)


def readout(step, count: int) -> str:
    """The stepper's text for `step`, plain: "step 2 of 7 · <title>", then each value computed."""
    values = "   ".join(f"{step.label(q)} = {signed(step.values[q], False)}" for q in step.quantities)
    return tr("step {number} of {count} · {title}", number=step.number, count=count, title=step.title) + \
        (f"\n{values}" if values else "")


# --- what the board shows at step i ---

LOSS_EDGES = {"o1-L": ("o1", "L"), "o2-L": ("o2", "L")}  # the output units' errors come from the loss L


def place(name: str) -> str:
    """The unit or edge that holds the value `name`: delta_o1, out_o1 → "o1"; grad_w5, w5 → "w5";
    y1 → "L"."""
    for prefix in ("delta_", "out_", "in_", "grad_"):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return "L" if name in ("y1", "y2") else name


@dataclass(frozen=True)
class Progress:
    """What the board shows at one step: the step; the units and edges the backward pass has reached (used or
    computed, from step 2 on); those whose values this step computes (`now`); every δ and gradient known
    so far (`known`); and those of them a wrong step computed (`published`)."""

    step: Step
    reached: frozenset[str]
    now: frozenset[str]
    known: dict[str, float]
    published: frozenset[str]


def progress(all_steps, i: int) -> Progress:
    """The board at step i (0-based) of `all_steps`."""
    reached, known, published = set(), {}, set()
    for k, step in enumerate(all_steps[:i + 1]):
        known.update(step.values)
        published.update(step.quantities if step.wrong else ())
        if k == 0:
            continue
        reached.update(place(n) for n in (*step.uses, *step.quantities))
        for q in step.quantities:
            if q.startswith("delta_o"):  # δ_o comes from the loss, along the edge o → L
                reached.update({"L", f"{place(q)}-L"})
    step = all_steps[i]
    return Progress(step, frozenset(reached), frozenset(place(q) for q in step.quantities), known,
                    frozenset(published))
