"""The backward pass as the steps a teacher writes at the board, notebook 03's stepper.

    for step in steps(w, x, y):                       # the chain rule, bpcore.backward's numbers
        step.quantities, step.values, step.latex
    steps(w, x, y, gradients="published")             # the exercise's published derivation

Seven steps, in the order of the board: the forward values; δ_o1; δ_o2; ∂L/∂w5...∂L/∂w8; δ_h1, with
the two errors that flow back into h1; δ_h2, likewise; ∂L/∂w1...∂L/∂w4.  A step never comes before a
value it needs (`Step.uses` names them).  The numbers are bpcore.backward's (the published ones
bpcore.backprop_original's), substituted into each formula by code: computed numbers with at least
4 significant digits (6 decimals), the given weights, inputs and targets exactly as given (0.23).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .network import Weights, backprop_original, backward, forward, squared_error
from .style import EDGES

GRADIENTS = ("correct", "published")


# --- numbers as the formulas show them ---


def number(v: float, latex: bool = True) -> str:
    """A computed number with at least 4 significant digits: 6 decimals, or 4 digits × 10^k if tiny or
    huge."""
    v = float(v) + 0.0  # + 0.0 turns a -0.0 into 0.0
    if v == 0 or 1e-3 <= abs(v) < 1e6:
        return f"{v:.6f}"
    mantissa, exponent = f"{v:.4e}".split("e")
    return rf"{mantissa}\times 10^{{{int(exponent)}}}" if latex else f"{mantissa}e{int(exponent)}"


def signed(v: float, latex: bool = True) -> str:
    """`number` with its sign always written: +0.061605, -0.016843."""
    text = number(v, latex)
    return text if text.startswith("-") else "+" + text


def given(v: float) -> str:
    """A given weight, input or target: exactly as given when short (0.23, -0.5), else as `number`."""
    v = float(v) + 0.0
    text = repr(v)
    return text if len(text) <= 7 and "e" not in text else number(v)


def _factor(text: str) -> str:
    """A number as a factor of a product: negative ones in parentheses, 0.1\\cdot(-0.5)."""
    return f"({text})" if text.startswith("-") else text


def _times(*texts: str) -> str:
    return r"\cdot ".join(_factor(t) for t in texts)


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


def steps(w, x, y, gradients: str = "correct") -> tuple[Step, ...]:
    """The backward pass on the exercise's network, step by step: the chain rule's (gradients="correct")
    or the exercise's published derivation's (gradients="published"), whose hidden-layer steps use
    out_h1 and out_h2 where the weights w5...w8 belong."""
    if gradients not in GRADIENTS:
        raise ValueError(f"gradients must be 'correct' or 'published', got {gradients!r}")
    b = backward(w, x, y)  # checks w, x and y
    w = Weights.of(w)
    x1, x2 = float(x[0]), float(x[1])
    y1, y2 = float(y[0]), float(y[1])
    f = forward(w, (x1, x2))
    out = {"h1": f.out_h1, "h2": f.out_h2, "o1": f.out_o1, "o2": f.out_o2}
    delta = {"o1": b.delta_o1, "o2": b.delta_o2, "h1": b.delta_h1, "h2": b.delta_h2}
    target = {"o1": ("y1", y1), "o2": ("y2", y2)}

    first = [_forward_step(w, x1, x2, y1, y2, f)]
    first += [_output_delta(n, unit, out[unit], *target[unit], delta[unit])
              for n, unit in ((2, "o1"), (3, "o2"))]
    first.append(_output_grads(delta, out, b.grads))
    correct = first + [_hidden_delta(5, "h1", ("w5", "w6"), w, delta, out),
                       _hidden_delta(6, "h2", ("w7", "w8"), w, delta, out),
                       _input_grads(delta, x1, x2, b.grads)]
    if gradients == "correct":
        return tuple(correct)
    published = backprop_original(w, (x1, x2), (y1, y2))
    first = [replace(s, published=True) for s in first[:3]] + [_published_output_grads(first[3])]
    # The published code's stand-in for δ_h: its d_w5 + d_w6 (δ_o · out_h, not δ_o · w) times σ'.
    pub_delta = dict(delta)
    pub_delta["h1"] = (published.w5 + published.w6) * out["h1"] * (1 - out["h1"])
    pub_delta["h2"] = (published.w7 + published.w8) * out["h2"] * (1 - out["h2"])
    rest = [_published_hidden_delta(5, "h1", ("w5", "w6"), w, delta, out, published, pub_delta, correct[4]),
            _published_hidden_delta(6, "h2", ("w7", "w8"), w, delta, out, published, pub_delta, correct[5]),
            _published_input_grads(pub_delta, x1, x2, published, correct[6])]
    return tuple(first + rest)


def _forward_step(w, x1, x2, y1, y2, f) -> Step:
    rows = []
    for unit in ("h1", "h2", "o1", "o2"):
        u = _tex(unit)
        rows.append(Equation(f"out_{u}", rf"\sigma(in_{u})", rf"\sigma({signed(getattr(f, 'in_' + unit))})",
                             number(getattr(f, "out_" + unit))))
    loss = squared_error(f, (y1, y2))
    rows.append(Equation("L", r"\frac{1}{2}(out_{o1} - y_1)^2 + \frac{1}{2}(out_{o2} - y_2)^2",
                         rf"\frac{{1}}{{2}}({number(f.out_o1)} - {_factor(given(y1))})^2 + "
                         rf"\frac{{1}}{{2}}({number(f.out_o2)} - {_factor(given(y2))})^2", number(loss)))
    return Step(1, "The forward pass: every value on its unit",
                f"Notebook 01's forward pass, from the inputs x1, x2 to the loss L = {number(loss, False)}. "
                "Each unit now holds its output; the backward pass (反向传播) needs them all.",
                (), {}, ("x1", "x2", *(f"w{i}" for i in range(1, 9)), "y1", "y2"), tuple(rows))


def _output_delta(n, unit, out, y_name, y, value) -> Step:
    o, y_tex = _tex(unit), f"y_{y_name[1:]}"
    eq = Equation(rf"\delta_{o}", rf"(out_{o} - {y_tex})\,out_{o}(1-out_{o})",
                  rf"({number(out)} - {_factor(given(y))})\cdot {number(out)}\cdot {number(1 - out)}",
                  signed(value))
    side = "above" if out > y else "below" if out < y else "at"
    sign = "positive" if value > 0 else "negative" if value < 0 else "zero"
    return Step(n, f"δ_{unit}: the error term of {unit}",
                f"{unit}'s error term (误差项) δ_{unit} = ∂L/∂in_{unit}, how fast the loss changes with "
                f"{unit}'s net input: the loss's slope at the output, out_{unit} − {y_name} = "
                f"{signed(out - y, False)}, times the sigmoid's slope out_{unit}(1 − out_{unit}) = "
                f"{number(out * (1 - out), False)}. out_{unit} is {side} its target, so δ_{unit} is {sign}.",
                (f"delta_{unit}",), {f"delta_{unit}": value}, (f"out_{unit}", y_name), (eq,))


def _grad_equation(weight, unit, carried_tex, carried_value, delta_value, grad_value, aside="") -> Equation:
    return Equation(gradient_tex(weight), rf"\delta_{_tex(unit)}\,{carried_tex}",
                    _times(number(delta_value), carried_value), signed(grad_value), aside)


# Which unit each weight feeds and which value it carries: the exercise's wiring, style.EDGES turned round.
FEEDS = {name: (fed, carried) for name, (carried, fed) in EDGES.items()}


def _grads_step(n, title, words, names, carried, delta, grads, uses) -> Step:
    """The step of the gradients of the weights `names`: each the δ of the unit it feeds times the value it
    carries; `carried` maps a carried unit (h1, x1) to its (LaTeX name, number as shown)."""
    eqs = tuple(_grad_equation(k, FEEDS[k][0], *carried[FEEDS[k][1]], delta[FEEDS[k][0]], getattr(grads, k))
                for k in names)
    values = {f"grad_{k}": getattr(grads, k) for k in names}
    return Step(n, title, words, tuple(values), values, uses, eqs)


def _output_grads(delta, out, grads) -> Step:
    return _grads_step(4, "∂L/∂w5 ... ∂L/∂w8: the output weights",
                       "A weight's gradient is the δ of the unit it feeds times the value it carries: w5 "
                       "carries out_h1 into o1, so ∂L/∂w5 = δ_o1·out_h1. Two δ's, four gradients.",
                       ("w5", "w6", "w7", "w8"),
                       {h: (f"out_{_tex(h)}", number(out[h])) for h in ("h1", "h2")},
                       delta, grads, ("delta_o1", "delta_o2", "out_h1", "out_h2"))


def _hidden_delta(n, unit, weights, w, delta, out) -> Step:
    h = _tex(unit)
    (a, b), (wa, wb) = weights, (getattr(w, weights[0]), getattr(w, weights[1]))
    flows = {a: (f"δ_o1·{a}", delta["o1"] * wa), b: (f"δ_o2·{b}", delta["o2"] * wb)}
    total = delta["o1"] * wa + delta["o2"] * wb
    eq = Equation(rf"\delta_{h}",
                  rf"(\delta_{{o1}}\,w_{a[1:]} + \delta_{{o2}}\,w_{b[1:]})\,out_{h}(1-out_{h})",
                  rf"({_times(number(delta['o1']), given(wa))} + {_times(number(delta['o2']), given(wb))})"
                  rf"\cdot {_times(number(out[unit]), number(1 - out[unit]))}", signed(delta[unit]))
    return Step(n, f"δ_{unit}: both errors flow back into {unit}",
                f"{unit} feeds both outputs, so both errors come back to it, each through the weight it "
                f"came along: δ_o1·{a} = {signed(flows[a][1], False)} and δ_o2·{b} = "
                f"{signed(flows[b][1], False)}. Their sum ∂L/∂out_{unit} = {signed(total, False)}, times "
                f"{unit}'s sigmoid slope, is δ_{unit}.",
                (f"delta_{unit}",), {f"delta_{unit}": delta[unit]},
                ("delta_o1", a, "delta_o2", b, f"out_{unit}"), (eq,), flows)


def _input_grads(delta, x1, x2, grads) -> Step:
    return _grads_step(7, "∂L/∂w1 ... ∂L/∂w4: the input weights",
                       "The same rule one layer back: δ of the unit fed, times the value carried, here an "
                       "input. All eight gradients are known; the backward pass is done.",
                       ("w1", "w2", "w3", "w4"), _inputs(x1, x2), delta, grads,
                       ("delta_h1", "delta_h2", "x1", "x2"))


def _inputs(x1, x2) -> dict[str, tuple[str, str]]:
    """The inputs as the values the input weights carry: their LaTeX names and their numbers as given."""
    return {"x1": ("x_1", given(x1)), "x2": ("x_2", given(x2))}


def _differs(step: Step, correct: Step) -> bool:
    """Whether `step` computes something else than the chain rule's `correct` step (beyond rounding)."""
    return any(abs(step.values[q] - correct.values[q]) > 1e-12 * abs(correct.values[q])
               for q in step.quantities)


def _published_hidden_delta(n, unit, weights, w, delta, out, published, pub_delta, correct: Step) -> Step:
    h = _tex(unit)
    a, b = weights
    da, db = getattr(published, a), getattr(published, b)  # the published d_w5, d_w6: δ_o · out_h
    flows = {a: (f"δ_o1·out_{unit}", da), b: (f"δ_o2·out_{unit}", db)}
    o = number(out[unit])
    eq = Equation(rf"\delta^{{\mathrm{{pub}}}}_{h}",
                  rf"(\delta_{{o1}}\,out_{h} + \delta_{{o2}}\,out_{h})\,out_{h}(1-out_{h})",
                  rf"({_times(number(delta['o1']), o)} + {_times(number(delta['o2']), o)})"
                  rf"\cdot {_times(o, number(1 - out[unit]))}", signed(pub_delta[unit]))
    right = correct.equations[0]
    chain = Equation(r"\text{chain rule: }" + right.lhs, right.rule, right.numbers, right.result)
    step = Step(n, f"δ_{unit} as published", "", (f"delta_{unit}",), {f"delta_{unit}": pub_delta[unit]},
                ("delta_o1", "delta_o2", f"out_{unit}"), (eq, chain), flows)
    wa, wb = getattr(w, a), getattr(w, b)
    sums = f"{signed(da + db, False)} instead of {signed(delta['o1'] * wa + delta['o2'] * wb, False)}"
    words = (f"The published code sends δ_o1 and δ_o2 back multiplied by out_{unit} = "
             f"{number(out[unit], False)} (its d_{a} + d_{b}), where the chain rule multiplies them by the "
             f"weights they came through, {a} = {given(wa)} and {b} = {given(wb)}: {sums}.")
    wrong = _differs(step, correct)
    words = ("✗ Wrong step. " + words) if wrong else \
        (words + f" Here {a} = {b} = out_{unit}, so it agrees with the chain rule by chance.")
    return replace(step, words=words, wrong=wrong, flaw=f"out_{unit} stands where {a}, {b} belong",
                   chain_rule=correct.values, published=True)


def _published_names(e: Equation, weight: str) -> Equation:
    """The equation with the published code's name d_w5 on its left, where the chain rule writes ∂L/∂w5."""
    return replace(e, lhs=gradient_tex(weight, published=True))


def _published_output_grads(correct: Step) -> Step:
    """Step 4 as the published code computes it: the chain rule's numbers, under the exercise's names."""
    names = ("w5", "w6", "w7", "w8")
    return replace(correct, title="d_w5 ... d_w8: the output weights, as published",
                   words=correct.words + " The exercise calls them d_w5 ... d_w8; these four are right.",
                   equations=tuple(_published_names(e, k) for k, e in zip(names, correct.equations)),
                   published=True)


def _published_input_grads(pub_delta, x1, x2, published, correct: Step) -> Step:
    names = ("w1", "w2", "w3", "w4")
    step = _grads_step(7, "d_w1 ... d_w4 as published", "", names, _inputs(x1, x2), pub_delta, published,
                       ("delta_h1", "delta_h2", "x1", "x2"))
    eqs = tuple(replace(_published_names(e, k), rule=e.rule.replace(r"\delta_", r"\delta^{\mathrm{pub}}_", 1),
                        aside=rf"(\text{{chain rule }}{signed(correct.values[f'grad_{k}'])})")
                for k, e in zip(names, step.equations))
    wrong = _differs(step, correct)
    flipped = [k for k in names if step.values[f"grad_{k}"] * correct.values[f"grad_{k}"] < 0]
    words = "The rule δ·x is right, but it is applied to the published δ's, so the input weights' " \
            "d_w1 ... d_w4 inherit their error: they are not ∂L/∂w1 ... ∂L/∂w4."
    if flipped:
        words += f" {' and '.join(flipped)} even get the wrong sign: a step downhill would go uphill."
    return replace(step, equations=eqs, words=("✗ Wrong step. " if wrong else "") + words, wrong=wrong,
                   flaw="δ·x, with the published δ_h1 and δ_h2", chain_rule=correct.values, published=True)
