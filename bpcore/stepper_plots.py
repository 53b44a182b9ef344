"""The stepper of notebook 03: the backward pass drawn on the network, one step at a time.

- draw_step(steps, i, w, x, y): step i of bpcore.stepper.steps on the network diagram: the forward values
  on the units, what the backward pass has reached so far in dark, the values just computed highlighted,
  and arrows pointing backwards along the edges they flowed through
- plot_steps(w, x, y): the static twin, all seven steps as small multiples, each with its formula
- plot_parting(w, x, y): the chain rule and the published derivation side by side, from the step where
  they part
- stepper(w, x, y): the widget, a sliders.ImageView: ◀ ▶ and a step slider, a switch to the published
  derivation, the diagram as a PNG and the formula rendered as maths

Plumbing, not lesson: the numbers are bpcore.stepper's, the colours and places bpcore.style's.
"""

from __future__ import annotations

import html
import math
import re

import ipywidgets
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox

from .network import SEED_WEIGHTS, SEED_X, SEED_Y, Weights, forward, squared_error
from .sliders import ImageView, blit_png
from .stepper import GRADIENTS, number, quantity_label, signed, steps
from .style import (
    AHEAD,
    EDGES,
    HIGHLIGHT,
    LABEL_AT,
    NODE_FILL,
    NODE_RADIUS,
    POSITIONS,
    REACHED,
    TARGETS,
    WRONG,
    sign_colour,
)

XS = 1.5  # the diagram is 1.5 times wider than draw_network's: room for two labels on each edge
POS = {unit: (XS * px, py) for unit, (px, py) in POSITIONS.items()} | {"L": (XS * 2 + 1.2, 0.5)}
LOSS_EDGES = {"o1-L": ("o1", "L"), "o2-L": ("o2", "L")}


# --- where each value lives on the diagram ---


def place(name: str) -> str:
    """The unit or edge that holds the value `name`: delta_o1, out_o1 → "o1"; grad_w5, w5 → "w5";
    y1 → "L"."""
    for prefix in ("delta_", "out_", "in_", "grad_"):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return "L" if name in ("y1", "y2") else name


def reached(all_steps, i: int) -> set[str]:
    """The units and edges the backward pass has used or computed up to step i (0-based), from step 2
    on."""
    names = set()
    for step in all_steps[1:i + 1]:
        names.update(place(n) for n in (*step.uses, *step.quantities))
        for q in step.quantities:
            if q.startswith("delta_o"):  # δ_o comes from the loss, along the edge o → L
                names.update({"L", f"{place(q)}-L"})
    return names


def _rim(a, b, r=NODE_RADIUS):
    """The segment from the rim of the circle at a to the rim of the one at b."""
    (xa, ya), (xb, yb) = a, b
    dx, dy = xb - xa, yb - ya
    k = r / (dx * dx + dy * dy) ** 0.5
    return (xa + k * dx, ya + k * dy), (xb - k * dx, yb - k * dy)


# Along each edge, how far from its start its labels sit (as in style.LABEL_AT, the crossing edges w6, w7
# a little nearer the middle): each edge's flow, weight and gradient are stacked there, clear of the others'.
LABELS_AT = LABEL_AT | {"w6": 0.7, "w7": 0.7}


# A small multiple that writes no weight on an edge (step 4 and step 7) writes its gradient beside a level
# edge, outside the two layers, and on a crossing edge near the value the weight carries, clear of the other
# crossing edge: so the arrow from the unit the weight feeds runs back along the whole level edge, and along
# most of a crossing one.
GRAD_AT = {"w1": 0.5, "w4": 0.5, "w5": 0.5, "w8": 0.5, "w2": 0.3, "w3": 0.3, "w6": 0.3, "w7": 0.3}
LEVEL = ("w1", "w4", "w5", "w8")


def _label_at(name, at=None):
    (xa, ya), (xb, yb) = POS[EDGES[name][0]], POS[EDGES[name][1]]
    t = (at or LABELS_AT)[name]
    return xa + t * (xb - xa), ya + t * (yb - ya)


def _segments(name, gap):
    """Edge `name` from rim to rim, as two segments with a gap of (half width, half height) round its
    label."""
    a, b = (EDGES | LOSS_EDGES)[name]
    start, end = _rim(POS[a], POS[b])
    if name in LOSS_EDGES:
        return [(start, end)]
    (cx, cy), (dx, dy) = _label_at(name), (end[0] - start[0], end[1] - start[1])
    length = (dx * dx + dy * dy) ** 0.5
    ux, uy = dx / length, dy / length
    t = min(gap[0] / abs(ux) if ux else float("inf"), gap[1] / abs(uy) if uy else float("inf"))
    return [(start, (cx - t * ux, cy - t * uy)), ((cx + t * ux, cy + t * uy), end)]


def _label_boxes(ax, pad_points=2.0) -> list[Bbox]:
    """Every text's box on the Axes (its frame included), `pad_points` wider all round, in data units."""
    renderer = ax.figure.canvas.get_renderer()
    pad = pad_points * ax.figure.dpi / 72
    boxes = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            text.update_bbox_position_size(renderer)
            box = Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        boxes.append(box.padded(pad).transformed(ax.transData.inverted()))
    return boxes


def _inside(start, end, box) -> tuple[float, float] | None:
    """The part of the segment start → end (as fractions 0...1 of it) that lies in `box`, or None."""
    t0, t1 = 0.0, 1.0
    for p, d, low, high in ((start[0], end[0] - start[0], box.x0, box.x1),
                            (start[1], end[1] - start[1], box.y0, box.y1)):
        if d == 0:
            if not low <= p <= high:
                return None
            continue
        a, b = sorted(((low - p) / d, (high - p) / d))
        t0, t1 = max(t0, a), min(t1, b)
        if t0 >= t1:
            return None
    return t0, t1


def _clear_parts(start, end, boxes, shortest=0.08) -> list[tuple[tuple, tuple]]:
    """The segment start → end less every part under a label's box: the free pieces, in order from start,
    each at least `shortest` data units long (twice that between two labels)."""
    cuts = sorted(c for c in (_inside(start, end, b) for b in boxes) if c)
    free, t = [], 0.0
    for a, b in cuts + [(1.0, 1.0)]:
        if a > t:
            free.append((t, a))
        t = max(t, b)
    length = math.dist(start, end)

    def at(u):
        return start[0] + u * (end[0] - start[0]), start[1] + u * (end[1] - start[1])

    kept = [(a, b) for k, (a, b) in enumerate(free)  # a piece between two labels: only if it shows
            if (b - a) * length >= (shortest if k in (0, len(free) - 1) else 2 * shortest)]
    return [(at(a), at(b)) for a, b in kept]


def _arrow(ax, start, end, colour, rad=0.0, width=2.2, gid=None):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>,head_length=7,head_width=4", color=colour,
                                 linewidth=width, connectionstyle=f"arc3,rad={rad}", zorder=6, gid=gid,
                                 shrinkA=0, shrinkB=0))


def _units_per_point(ax) -> float:
    """Data units per typographic point, once the Axes has its final box (aspect equal)."""
    ax.apply_aspect()
    width_points = ax.get_position().width * ax.figure.get_figwidth() * 72
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / width_points


# --- one step on the network ---

XLIM, YLIM = (-0.35, POS["L"][0] + 0.45), (-0.75, 1.6)  # room at the bottom for a wrong step's note
COMPACT_YLIM = (-0.47, 1.62)
MARGIN = 0.5  # a small multiple's room left and right of its outermost units, for their values and δ's


def compact_xlim(shown) -> tuple[float, float]:
    """A small multiple's x-range: the layers of the units and edges whose values it writes."""
    columns = set()
    for name in shown:
        where = place(name)
        ends = EDGES.get(where) or LOSS_EDGES.get(where) or (where,)
        columns.update(POS[u][0] for u in ends if u in POS)
    return min(columns) - MARGIN, max(columns) + MARGIN
FORWARD = ("x1", "x2", "out_h1", "out_h2", "out_o1", "out_o2", "L", "y1", "y2", *EDGES)  # what step 1 shows


def draw_step(all_steps, i: int, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, ax=None, fontsize=9, layer=None,
              compact=False):
    """Step i (0-based) of `all_steps` (bpcore.stepper.steps(w, x, y, ...)) on the network diagram.

    The units and edges the backward pass has reached by step i are dark, the rest pale; edges whose
    gradient is known take its sign's colour.  The values of step i are highlighted, with arrows pointing
    backwards along the edges they flowed through.  A wrong step (the published derivation's) is drawn
    in dark red and says what is wrong.

    compact False (the widget): every forward value, weight, δ and gradient known so far is written.
    compact True (small multiples): only the values step i uses and computes.
    layer: None draws everything; "static" only what every step shares (units, names, forward values,
    weights, targets), "moving" only the rest, for a widget that keeps a picture of the static layer.
    Returns the Axes.
    """
    w = Weights.of(w)
    ax = ax if ax is not None else plt.subplots(figsize=(9.4, 4.0))[1]
    shown = _shown(all_steps, i) if compact else None  # None: all of them
    ax.set_xlim(*XLIM if not compact else compact_xlim(shown))
    ax.set_ylim(*YLIM if not compact else COMPACT_YLIM)  # compact: no note, its formulas say it
    ax.set_aspect("equal")
    ax.axis("off")
    per_point = _units_per_point(ax)
    line = fontsize * 1.25 * per_point  # one line of text, in data units
    gap = (0.6 * 9 * (fontsize - 1) * per_point / 2 + 0.02, line / 2)  # the edge's gap round "w5 = +0.1"
    if layer in (None, "static"):
        _static(ax, w, x, y, fontsize, line, shown)
    if layer in (None, "moving"):
        _moving(ax, all_steps, i, fontsize, line, gap, shown)
    return ax


def _static(ax, w, x, y, fontsize, line, shown=None):
    """What every step shows: the units, their names and forward values, the weights, the targets."""
    f = forward(w, x)
    for unit, (xu, yu) in POS.items():
        unit_patch = _square if unit == "L" else plt.Circle
        ax.add_patch(unit_patch((xu, yu), NODE_RADIUS, facecolor=NODE_FILL, edgecolor=AHEAD, linewidth=1.4,
                                zorder=2, gid=f"unit-{unit}"))
        ax.text(xu, yu, unit, ha="center", va="center", fontsize=fontsize + 2, fontweight="bold", zorder=4,
                gid=f"name-{unit}", clip_on=True)
        name = unit if unit[0] in "xL" else f"out_{unit}"
        if shown is None or name in shown:
            above = yu > 0.5 or unit == "L"
            ax.text(xu, yu + (NODE_RADIUS + 0.03) * (1 if above else -1), _unit_value(unit, f, x, y),
                    ha="center", va="bottom" if above else "top", fontsize=fontsize, color="#333333",
                    zorder=4, gid=f"value-{unit}")
    for name in EDGES:
        if shown is None or name in shown:
            cx, cy = _label_at(name)
            ax.text(cx, cy, f"{name} = {getattr(w, name):+g}", fontsize=fontsize - 1, ha="center",
                    va="center", zorder=4, gid=f"weight-{name}", color="#333333")
    for unit, target in TARGETS.items():  # beside the edge to L, outside the triangle o1, o2, L
        if shown is None or target in shown:
            (xa, ya), (xb, yb) = POS[unit], POS["L"]
            ax.text((xa + xb) / 2 + 0.1, (ya + yb) / 2 + (0.12 if ya > 0.5 else -0.12),
                    f"{target} = {float(y[int(target[1]) - 1]):g}", ha="center", va="center",
                    fontsize=fontsize, color="#333333", zorder=4, gid=f"target-{target}")


def _square(centre, r, **options):
    """The loss's unit L: a square as wide as a unit's circle."""
    (xu, yu) = centre
    return plt.Rectangle((xu - r, yu - r), 2 * r, 2 * r, **options)


def _unit_value(unit, f, x, y) -> str:
    """What a unit shows from the forward pass: x1 = 0.5, out = 0.562177, L = 0.209710."""
    if unit.startswith("x"):
        return f"{unit} = {float(x[int(unit[1]) - 1]):g}"
    if unit == "L":
        return f"L = {number(squared_error(f, y), False)}"
    return f"out = {number(getattr(f, 'out_' + unit), False)}"


def _moving(ax, all_steps, i, fontsize, line, gap, shown=None):
    """What changes from step to step: the reach so far, the δ's and gradients, the arrows, the title."""
    step = all_steps[i]
    near = reached(all_steps, i)
    mark = WRONG if step.wrong else HIGHLIGHT
    now = {place(q) for q in step.quantities}
    known, published = {}, set()  # every δ and gradient computed up to step i; those of wrong steps
    for s in all_steps[:i + 1]:
        known.update(s.values)
        published.update(s.quantities if s.wrong else ())
    for name in (*EDGES, *LOSS_EDGES):
        grad = known.get(f"grad_{name}")
        colour = sign_colour(grad) if grad is not None else REACHED if name in near else AHEAD
        written = shown is None or name in shown  # the edge parts round a written weight
        for k, (a, b) in enumerate(_segments(name, gap if written else (0.0, 0.0))):
            ax.plot([a[0], b[0]], [a[1], b[1]], color=colour, linewidth=1.8 if name in near else 1.0,
                    zorder=1, gid=name if k == 0 else f"{name}-part", solid_capstyle="butt")
            if name in now:  # a halo under the edge whose gradient was just computed
                ax.plot([a[0], b[0]], [a[1], b[1]], color=mark, alpha=0.3, linewidth=7, zorder=0,
                        gid=f"halo-{name}", solid_capstyle="butt")
        if grad is not None and (shown is None or f"grad_{name}" in shown):
            current = name in now
            if written:  # under the weight
                cx, cy = _label_at(name)
                cy -= 1.1 * line
            else:  # beside a level edge, on a crossing one near the value the weight carries
                cx, cy = _label_at(name, GRAD_AT)
                if name in LEVEL:
                    cy += (0.75 if cy > 0.5 else -0.75) * line
            label = quantity_label(f"grad_{name}", step.published)
            ax.text(cx, cy, f"{label} = {signed(grad, False)}", fontsize=fontsize - 1,
                    ha="center", va="center", zorder=7, gid=f"grad-{name}",
                    color=mark if current else "black", fontweight="bold" if current else "normal",
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", linewidth=1.8 if current else 0.8,
                              edgecolor=mark if current else sign_colour(grad)))
    for unit, (xu, yu) in POS.items():
        current = unit in now
        if unit in near or current:
            ring = (_square if unit == "L" else plt.Circle)((xu, yu), NODE_RADIUS)
            ring.set(facecolor="none", edgecolor=mark if current else REACHED,
                     linewidth=3.0 if current else 1.6, zorder=3, gid=f"ring-{unit}")
            ax.add_patch(ring)
        delta = known.get(f"delta_{unit}")
        if delta is not None and (shown is None or f"delta_{unit}" in shown):
            above = yu > 0.5
            name = "δ_pub" if f"delta_{unit}" in published else "δ"
            out_written = shown is None or f"out_{unit}" in shown  # the δ goes beyond the unit's value
            offset = NODE_RADIUS + 0.1 + line if out_written else NODE_RADIUS + 0.05
            text = ax.text(xu, yu + offset * (1 if above else -1), f"{name} = {signed(delta, False)}",
                           ha="center", va="bottom" if above else "top", fontsize=fontsize, zorder=7,
                           gid=f"delta-{unit}", color="black")
            if current:
                frame = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor=mark, linewidth=1.5)
                text.set(color=mark, fontweight="bold", bbox=frame)
    _arrows(ax, step, mark, fontsize, line, gap, shown)
    if step.wrong and shown is None:
        ax.text(0.5, 0.0, wrong_note(step), transform=ax.transAxes, ha="center", va="bottom",
                fontsize=fontsize, color=WRONG, fontweight="bold", gid="wrong-note", zorder=8)
    ax.text(0.5, 1.0, f"Step {step.number} of {len(all_steps)} · {step.title}", transform=ax.transAxes,
            ha="center", va="top", fontsize=fontsize + 2, color=WRONG if step.wrong else "black",
            gid="step-title")


def wrong_note(step) -> str:
    """What a wrong step's figure says: its flaw, then the chain rule's values beside the published ones."""
    right = [f"{quantity_label(q)} = {signed(v, False)}" for q, v in step.chain_rule.items()]
    return f"✗ wrong: {step.flaw}; the chain rule has\n" + ",  ".join(right)


def _arrows(ax, step, colour, fontsize, line, gap, shown=None):
    """Arrows pointing backwards along the edges each value of `step` flowed through, never across a label:
    each runs the whole edge back, from the unit the weight feeds to the unit whose value it carries, and
    where a label sits on the edge it breaks off before the label and goes on after it."""
    for name, (label, value) in step.contributions.items():  # first the flows' labels, which arrows avoid
        cx, cy = _label_at(name)  # over the weight if its gradient is under it, else on the middle's side
        over = shown is None or f"grad_{name}" in shown or cy < 0.5
        ax.text(cx, cy + (1.1 if over else -1.1) * line, f"{label} = {signed(value, False)}", ha="center",
                va="center", fontsize=fontsize - 1, color=colour, fontweight="bold", zorder=8,
                gid=f"flow-{name}", bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"))
    boxes = _label_boxes(ax)
    for q in step.quantities:
        where = place(q)
        if q.startswith("delta_o"):  # from the loss into an output unit, bowed into the triangle o1, o2, L
            start, end = _rim(POS["L"], POS[where], NODE_RADIUS + 0.04)
            _arrow(ax, start, end, colour, rad=-0.25 if where == "o1" else 0.25, gid=f"arrow-{q}")
        elif q.startswith("grad_"):  # the fed unit's δ, back along the edge to the value the weight carries
            _along(ax, where, q, colour, 2.0, boxes)
    for name in step.contributions:  # errors flowing back into a hidden unit: output unit → hidden unit
        _along(ax, name, name, colour, 3.0, boxes)


def _along(ax, edge, name, colour, width, boxes):
    """An arrow back along `edge`, from the unit it feeds to the unit whose value it carries, in pieces
    round the labels in `boxes`: lines flow-line-<name>, -2, ... and the last piece, arrow-<name>."""
    carried, fed = EDGES[edge]
    parts = _clear_parts(*_rim(POS[fed], POS[carried], NODE_RADIUS + 0.04), boxes)
    for k, (a, b) in enumerate(parts[:-1]):
        ax.plot([a[0], b[0]], [a[1], b[1]], color=colour, linewidth=width, zorder=6,
                gid=f"flow-line-{name}" + (f"-{k + 1}" if k else ""), solid_capstyle="butt")
    _arrow(ax, *parts[-1], colour, width=width, gid=f"arrow-{name}")


# --- the static twins ---


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


def _formula(ax, step, fontsize, width=WIDTH):
    """The step's formulas under its diagram, one mathtext line each; a wrong step's flaw above them."""
    lines = [f"✗ wrong: {step.flaw}"] if step.wrong else []
    lines += [f"${line}$" for line in formula_lines(step, width)]
    height = ax.get_position().height * ax.figure.get_figheight()
    for k, line in enumerate(lines):
        ax.text(0.03, 1.0 - (k * LINE + 0.05) / height, line, transform=ax.transAxes, ha="left", va="top",
                fontsize=fontsize, color=WRONG if step.wrong else "black", gid=f"formula-{k}",
                fontweight="bold" if line.startswith("✗") else "normal")
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
        spans = [compact_xlim(_shown(all_steps, i)) for all_steps, i in row]
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


def _shown(all_steps, i):
    """What a small multiple of step i writes: the forward values in step 1, else what the step uses and
    computes."""
    step = all_steps[i]
    return set(FORWARD) if i == 0 else set(step.uses) | set(step.quantities)


def plot_steps(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, gradients="correct"):
    """The static twin of the stepper: all steps as small multiples at the widget's scale, the forward pass
    across the page and then two to a row, each diagram cut to the layers its step uses and computes, over
    its formulas.  Returns the Figure."""
    all_steps = _Steps(w, x, y, gradients)
    rows = [[(all_steps, 0)]] + [[(all_steps, i) for i in range(k, min(k + 2, len(all_steps)))]
                                 for k in range(1, len(all_steps), 2)]
    return _small_multiples(rows, key=KEY)


KEY = ("How to read each step\n"
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


# --- the widget ---


def readout(step, count: int) -> str:
    """The stepper's text for `step`, plain: "step 2 of 7 · <title>", then each value computed."""
    values = "   ".join(f"{step.label(q)} = {signed(step.values[q], False)}" for q in step.quantities)
    return f"step {step.number} of {count} · {step.title}" + (f"\n{values}" if values else "")


def readout_html(step, count: int) -> str:
    """The readout as the widget shows it: the title in bold, the values in code, then what the teacher
    says, all in dark red for a wrong step."""
    colour = WRONG if step.wrong else "inherit"
    lines = [html.escape(t, quote=False) for t in readout(step, count).split("\n")]
    values = (f'<br><code class="bp-step-values" style="white-space:pre">{lines[1]}</code>'
              if lines[1:] else "")
    words = html.escape(step.words, quote=False)
    return (f'<div style="color:{colour}"><b class="bp-step-title">{lines[0]}</b>{values}'
            f'<br><span class="bp-step-words">{words}</span></div>')


class StepperFigure:
    """The widget's picture: one Figure outside pyplot; `png(i, gradients)` draws step i's moving layer over
    a kept picture of the static one (units, forward values, weights), which is drawn once."""

    SIZE = (11.75, 5.4)  # inches; at dpi 80: 940 x 432 px, the width a notebook shows unscaled
    FONT = 11

    def __init__(self, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, dpi=80):
        self.w, self.x, self.y = w, x, y
        self.steps = {g: steps(w, x, y, g) for g in GRADIENTS}
        self.fig = Figure(figsize=self.SIZE, dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_axes([0.0, 0.0, 1.0, 1.0])
        draw_step(self.steps["correct"], 0, w, x, y, ax=self.ax, fontsize=self.FONT, layer="static")
        self.fig.canvas.draw()
        self._background = self.fig.canvas.copy_from_bbox(self.fig.bbox)
        self._static = set(self.ax.get_children())
        self.moving = []

    def draw(self, i: int, gradients: str = "correct"):
        """Step i's moving layer on the Axes (the previous step's removed); returns its artists."""
        for artist in self.moving:
            artist.remove()
        draw_step(self.steps[gradients], i, self.w, self.x, self.y, ax=self.ax, fontsize=self.FONT,
                  layer="moving")
        self.moving = sorted((a for a in self.ax.get_children() if a not in self._static),
                             key=lambda a: a.get_zorder())
        return self.moving

    def png(self, i: int, gradients: str = "correct") -> bytes:
        """Step i's picture as PNG bytes: its moving layer drawn over the kept static one."""
        return blit_png(self.fig.canvas, self._background, self.draw(i, gradients))


class Stepper:
    """◀ ▶ and a step slider, a correct/published switch, the diagram and the formula: a sliders.ImageView
    whose controls are the slider and the switch, the buttons moving the slider, the readout and the
    formula under the picture."""

    def __init__(self, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y):
        self.picture = StepperFigure(w, x, y)
        count = len(self.picture.steps["correct"])
        self.back = ipywidgets.Button(description="◀", tooltip="previous step",
                                      layout=ipywidgets.Layout(width="4em"))
        self.forth = ipywidgets.Button(description="▶", tooltip="next step",
                                       layout=ipywidgets.Layout(width="4em"))
        self.step = ipywidgets.IntSlider(value=1, min=1, max=count, step=1, description="step",
                                         continuous_update=True, layout=ipywidgets.Layout(width="20em"),
                                         style={"description_width": "3em"})
        self.gradients = ipywidgets.ToggleButtons(
            options=[("chain rule", "correct"), ("published (flawed)", "published")], value="correct",
            tooltips=["the chain rule's derivation", "the exercise's published derivation"],
            style={"button_width": "12em"}, layout=ipywidgets.Layout(margin="0 0 0 2em"))
        self.text = ipywidgets.HTML()
        self.formula = ipywidgets.HTMLMath()
        self._png = {}  # each step's picture by (number, gradients), drawn on its first visit
        self.view = ImageView([self.step, self.gradients], self.render,
                              rows=[[self.back, self.step, self.forth, self.gradients]],
                              below=[self.text, self.formula], describe=self.describe)
        self.image, self.box = self.view.image, self.view.box
        for widget, css in ((self.back, "bp-step-back"), (self.forth, "bp-step-forth"),
                            (self.step, "bp-step"), (self.gradients, "bp-step-gradients"),
                            (self.image, "bp-step-plot"), (self.text, "bp-step-readout"),
                            (self.formula, "bp-step-formula"), (self.box, "bp-stepper")):
            widget.add_class(css)
        self.back.on_click(lambda _: self.move(-1))
        self.forth.on_click(lambda _: self.move(+1))

    def move(self, by: int):
        self.step.value = min(max(self.step.value + by, self.step.min), self.step.max)

    def render(self, number: int, gradients: str) -> bytes:
        """The view's picture of step `number` (1...7) of `gradients`, drawn on the step's first visit."""
        if (number, gradients) not in self._png:
            self._png[number, gradients] = self.picture.png(number - 1, gradients)
        return self._png[number, gradients]

    def describe(self, number: int, gradients: str):
        """Under the picture, the step's readout and formula; the buttons that lead nowhere disabled."""
        all_steps = self.picture.steps[gradients]
        self.back.disabled, self.forth.disabled = number == self.step.min, number == self.step.max
        self.text.value = readout_html(all_steps[number - 1], len(all_steps))
        self.formula.value = f"$${all_steps[number - 1].latex}$$"

    def update(self, change=None):
        """Redraw for the slider's and the switch's values."""
        self.view.redraw()


def stepper(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y) -> Stepper:
    """Build the stepper; display `stepper().box`.  Static twins: plot_steps and plot_parting."""
    return Stepper(w, x, y)
