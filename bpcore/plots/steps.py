"""The stepper's static twins (notebook 03): every step of the backward pass as a small multiple over its
formulas, the way nbval and a printed page can show them.

- plot_steps(w, x, y): all seven steps, the forward pass across the page and then two to a row
- plot_parting(w, x, y): the chain rule and the published derivation side by side, from the step where
  they part
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
from matplotlib.transforms import offset_copy

from ..language import N_, tr
from ..network import SEED_WEIGHTS, SEED_X, SEED_Y
from ..stepper import steps
from .stepper import COMPACT_YLIM, chinese_font, compact_names, compact_xlim, draw_step
from .style import WRONG

WIDTH = 54  # characters of a formula line under a small multiple


def _plain_length(latex: str) -> int:
    """Roughly how many characters a LaTeX line shows."""
    return len(re.sub(r"\\[a-zA-Z]+|[{}_^]", "", latex))


def formula_lines(step, width=WIDTH) -> list[str]:
    """The step's equations as mathtext lines for a panel about `width` characters wide: each whole if it
    fits; else, among several, without its rule; else split after its rule (and before its result)."""
    lines = []
    for e in step.equations:
        aside = rf"\quad {e.aside}" if e.aside else ""
        short = " = ".join(p for p in (e.lhs, e.numbers, e.result) if p) + aside
        rest = r"\quad = " + " = ".join(p for p in (e.numbers, e.result) if p) + aside
        if _plain_length(e.latex) <= width:
            lines.append(e.latex)
        elif len(step.equations) > 2 and _plain_length(short) <= width:
            lines.append(short)
        elif _plain_length(rest) <= width:
            lines += [f"{e.lhs} = {e.rule}", rest]
        else:
            lines += [f"{e.lhs} = {e.rule}", *_numbers_lines(e.numbers, width), rf"\quad = {e.result}{aside}"]
    return lines


def _numbers_lines(numbers: str, width: int) -> list[str]:
    """A too long product (a + b)·c·d as two lines, after its bracket: = (a + b) and ·c·d."""
    cut = numbers.rfind(r")\cdot ")
    if _plain_length(numbers) + 4 <= width or cut < 0:
        return [rf"\quad = {numbers}"]
    head, tail = numbers[:cut + 1], numbers[cut + len(r")\cdot "):]
    return [rf"\quad = {head}", rf"\qquad\cdot {tail}"]


# A \text{...} of a formula that holds more than ASCII (Chinese: \text{链式法则：}): mathtext draws a whole
# string, the words between its $...$ too, in its own fonts, which have no Chinese.  So such words are taken
# out of the maths and drawn as a text of their own, in the figure's fonts, between the maths' pieces.
WORDS_IN_MATHS = re.compile(r"\\text\{([^{}]*[^\x00-\x7f][^{}]*)\}")


def _pieces(line: str) -> list[str]:
    """A LaTeX line as the texts that draw it, left to right: ["$line$"] when mathtext can draw it whole;
    else its maths ("$...$") and its non-ASCII \\text{...} words, in turn."""
    parts = WORDS_IN_MATHS.split(line)  # maths, words, maths, words, ..., maths
    return [part if k % 2 else f"${part}$" for k, part in enumerate(parts) if part.strip()]


def _formula(ax, step, fontsize, width=WIDTH):
    """The step's formulas under its diagram, one mathtext line each; a wrong step's flaw above them."""
    lines = [[tr("✗ wrong: {flaw}", flaw=step.flaw)]] if step.wrong else []
    lines += [_pieces(line) for line in formula_lines(step, width)]
    height = ax.get_position().height * ax.figure.get_figheight()
    for k, pieces in enumerate(lines):
        left = 0.0  # points from the line's start: where the next piece starts
        for j, piece in enumerate(pieces):
            at = ax.transAxes if j == 0 else offset_copy(ax.transAxes, fig=ax.figure, x=left, units="points")
            text = ax.text(0.03, 1.0 - (k * LINE + 0.05) / height, piece, transform=at, ha="left", va="top",
                           fontsize=fontsize, color=WRONG if step.wrong else "black",
                           gid=f"formula-{k}" + (f"-{j}" if j else ""),
                           fontweight="bold" if piece.startswith("✗") else "normal")
            chinese_font(text)  # before it is measured
            if j < len(pieces) - 1:
                box = text.get_window_extent(ax.figure.canvas.get_renderer())
                left += box.width * 72 / ax.figure.dpi
    ax.axis("off")


def _formula_lines(step, width=WIDTH) -> int:
    return len(formula_lines(step, width)) + step.wrong


SCALE = 1.88  # inches per unit of the diagram: 188 px at 100 dpi, as the widget's 940 px picture
FIG_WIDTH = 9.4  # inches: 940 px at 100 dpi, a notebook column's width, shown unscaled
LINE = 0.24  # inches from one formula line to the next
FONT, FORMULA_FONT = 10, 10  # points: the diagram's values (its edge labels 1 smaller), the formulas


def _small_multiples(rows, key=None):
    """A Figure of small multiples: `rows` is a list of rows, each a list of (all_steps, i); every panel a
    diagram at SCALE over its formulas.  `key`: a text set beside the formulas of a row of one panel."""
    return chinese_font(_drawn_small_multiples(rows, key))  # Chinese text in Noto Sans SC


def _drawn_small_multiples(rows, key):
    heights = []
    for row in rows:
        lines = max(_formula_lines(all_steps[i]) for all_steps, i in row)
        if key and len(row) == 1:
            lines = max(lines, key.count("\n") + 1)
        formulas = lines * LINE + 0.15
        heights.append((SCALE * (COMPACT_YLIM[1] - COMPACT_YLIM[0]), formulas))
    total = sum(d + f for d, f in heights) + 0.1
    fig = plt.figure(figsize=(FIG_WIDTH, total))
    top = total - 0.1
    for row, (diagram, formulas) in zip(rows, heights):
        spans = [compact_xlim(compact_names(all_steps, i)) for all_steps, i in row]
        widths = [SCALE * (b - a) for a, b in spans]
        gap = (FIG_WIDTH - sum(widths)) / (len(row) + 1) if len(row) > 1 else 0.0
        left = gap if len(row) > 1 else (FIG_WIDTH - widths[0]) / 2
        for (all_steps, i), width in zip(row, widths):
            box = [left / FIG_WIDTH, (top - diagram) / total, width / FIG_WIDTH, diagram / total]
            draw_step(all_steps, i, all_steps.w, all_steps.x, all_steps.y, ax=fig.add_axes(box),
                      fontsize=FONT, compact=True)
            half = FIG_WIDTH / len(row)
            formula_left = left if len(row) > 1 else 0.0
            _formula(fig.add_axes([formula_left / FIG_WIDTH, (top - diagram - formulas) / total,
                                   min(half, FIG_WIDTH - formula_left) / FIG_WIDTH, formulas / total]),
                     all_steps[i], FORMULA_FONT)
            left += width + gap
        if key and len(row) == 1:
            ax = fig.add_axes([0.5, (top - diagram - formulas) / total, 0.5, formulas / total])
            ax.axis("off")
            ax.text(0.02, 1.0 - 0.05 / formulas, key, transform=ax.transAxes, fontsize=FORMULA_FONT, va="top",
                    linespacing=1.6, gid="key")
            key = None
        top -= diagram + formulas
    return fig


class _Steps(tuple):
    """The steps of one derivation, with the network they were computed on (for drawing)."""

    def __new__(cls, w, x, y, gradients):
        self = super().__new__(cls, steps(w, x, y, gradients))
        self.w, self.x, self.y = w, x, y
        return self


def plot_steps(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, gradients="correct"):
    """The static twin of the stepper: all steps as small multiples at the widget's scale, the forward pass
    across the page and then two to a row, each diagram cut to the layers its step uses and computes, over
    its formulas.  Returns the Figure."""
    all_steps = _Steps(w, x, y, gradients)
    rows = [[(all_steps, 0)]] + [[(all_steps, i) for i in range(k, min(k + 2, len(all_steps)))]
                                 for k in range(1, len(all_steps), 2)]
    return _small_multiples(rows, key=tr(KEY))


# Translated where it is drawn, tr(KEY); its lines are broken by hand, in each language.
KEY = N_("How to read each step\n"
         "orange: the values this step computes, and\n"
         "      arrows pointing backwards along the\n"
         "      edges they came by\n"
         "dark: what the backward pass has reached\n"
         "pale: not reached yet\n"
         "edges: red where ∂L/∂w > 0, blue where < 0\n"
         "written: only what the step uses and computes")


def plot_parting(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y):
    """The chain rule (left) and the published derivation (right) side by side, one row for each step
    from the first where they part, at the widget's scale.  Returns the Figure."""
    correct, published = _Steps(w, x, y, "correct"), _Steps(w, x, y, "published")
    parting = [i for i, s in enumerate(published) if s.wrong] or [len(published) - 1]
    return _small_multiples([[(correct, i), (published, i)] for i in parting])
