"""Notebook 03's stepper drawn: the backward pass on the network, one step at a time.

- draw_step(steps, i, w, x, y): step i of bpcore.stepper.steps on the network diagram: the forward values
  on the units, what the backward pass has reached so far in dark, the values just computed highlighted,
  and arrows pointing backwards along the edges they flowed through
- StepperFigure: the widget's picture (bpcore.widgets.stepper), one Figure outside pyplot whose static
  layer is drawn once and whose moving layer is drawn for each step

What the board shows at a step (reached, known, published) is bpcore.stepper.progress's; this module draws
it.  The static twins, all steps as small multiples, are bpcore.plots.steps's.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

from ..formatting import number, signed
from ..language import language, tr
from ..network import SEED_WEIGHTS, SEED_X, SEED_Y, WIRING, Weights, forward, squared_error
from ..stepper import GRADIENTS, LOSS_EDGES, TARGETS, place, progress, quantity_label, steps
from . import fonts
from .geometry import clear_parts, label_boxes, rim, units_per_point
from .style import AHEAD, HIGHLIGHT, LABEL_AT, NODE_FILL, NODE_RADIUS, POSITIONS, REACHED, WRONG, sign_colour

XS = 1.5  # the diagram is 1.5 times wider than draw_network's: room for two labels on each edge


POS = {unit: (XS * px, py) for unit, (px, py) in POSITIONS.items()} | {"L": (XS * 2 + 1.2, 0.5)}


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
    (xa, ya), (xb, yb) = POS[WIRING[name][0]], POS[WIRING[name][1]]
    t = (at or LABELS_AT)[name]
    return xa + t * (xb - xa), ya + t * (yb - ya)


def _segments(name, gap):
    """Edge `name` from rim to rim, as two segments with a gap of (half width, half height) round its
    label."""
    a, b = (WIRING | LOSS_EDGES)[name]
    start, end = rim(POS[a], POS[b])
    if name in LOSS_EDGES:
        return [(start, end)]
    (cx, cy), (dx, dy) = _label_at(name), (end[0] - start[0], end[1] - start[1])
    length = (dx * dx + dy * dy) ** 0.5
    ux, uy = dx / length, dy / length
    t = min(gap[0] / abs(ux) if ux else float("inf"), gap[1] / abs(uy) if uy else float("inf"))
    return [(start, (cx - t * ux, cy - t * uy)), ((cx + t * ux, cy + t * uy), end)]



def chinese_font(artist):
    """Give every text of `artist` (a Figure, an Axes) that has Chinese in it the Chinese font after DejaVu
    Sans (bpcore.plots.fonts), in Chinese; a text without Chinese keeps its font, and in English nothing
    changes.  Returns `artist`."""
    if language() == "zh":
        for text in artist.findobj(Text):
            if fonts.HAN.search(text.get_text()) and fonts.CHINESE not in text.get_fontfamily():
                text.set_fontfamily(fonts.families("zh"))
    return artist


def arrow(ax, start, end, colour, rad=0.0, width=2.2, gid=None):
    """An arrow from start to end, its head at end, bowed by `rad` (0: straight)."""
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>,head_length=7,head_width=4", color=colour,
                                 linewidth=width, connectionstyle=f"arc3,rad={rad}", zorder=6, gid=gid,
                                 shrinkA=0, shrinkB=0))


# --- one step on the network ---

XLIM, YLIM = (-0.35, POS["L"][0] + 0.45), (-0.75, 1.6)  # room at the bottom for a wrong step's note
COMPACT_YLIM = (-0.47, 1.62)
MARGIN = 0.5  # a small multiple's room left and right of its outermost units, for their values and δ's


def compact_xlim(shown) -> tuple[float, float]:
    """A small multiple's x-range: the layers of the units and edges whose values it writes."""
    columns = set()
    for name in shown:
        where = place(name)
        ends = WIRING.get(where) or LOSS_EDGES.get(where) or (where,)
        columns.update(POS[u][0] for u in ends if u in POS)
    return min(columns) - MARGIN, max(columns) + MARGIN


FORWARD = ("x1", "x2", "out_h1", "out_h2", "out_o1", "out_o2", "L", "y1", "y2", *WIRING)  # what step 1 shows


def compact_names(all_steps, i):
    """What a small multiple of step i writes: the forward values in step 1, else what the step uses and
    computes."""
    step = all_steps[i]
    return set(FORWARD) if i == 0 else set(step.uses) | set(step.quantities)


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
    written = compact_names(all_steps, i) if compact else None  # None: all of them
    ax.set_xlim(*XLIM if not compact else compact_xlim(written))
    ax.set_ylim(*YLIM if not compact else COMPACT_YLIM)  # compact: no note, its formulas say it
    ax.set_aspect("equal")
    ax.axis("off")
    line = fontsize * 1.25 * units_per_point(ax)  # one line of text, in data units
    if layer in (None, "static"):
        _static(ax, w, x, y, fontsize, written)
    if layer in (None, "moving"):
        _moving(ax, all_steps, i, fontsize, line, written)
    return chinese_font(ax)


def _static(ax, w, x, y, fontsize, shown=None):
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
    for name in WIRING:
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


def _moving(ax, all_steps, i, fontsize, line, shown=None):
    """What changes from step to step, as bpcore.stepper.progress says: the edges and the units reached so
    far, the δ's and gradients known, the arrows of this step's values, the title."""
    p = progress(all_steps, i)
    mark = WRONG if p.step.wrong else HIGHLIGHT
    _edges(ax, p, mark, fontsize, line, shown)
    _units(ax, p, mark, fontsize, line, shown)
    _arrows(ax, p.step, mark, fontsize, line, shown)
    if p.step.wrong and shown is None:
        ax.text(0.5, 0.0, wrong_note(p.step), transform=ax.transAxes, ha="center", va="bottom",
                fontsize=fontsize, color=WRONG, fontweight="bold", gid="wrong-note", zorder=8)
    title = tr("Step {number} of {count} · {title}", number=p.step.number, count=len(all_steps),
               title=p.step.title)
    ax.text(0.5, 1.0, title, transform=ax.transAxes,
            ha="center", va="top", fontsize=fontsize + 2, color=WRONG if p.step.wrong else "black",
            gid="step-title")


def _gaps(ax, line) -> dict[str, tuple[float, float]]:
    """The gap each edge leaves round its written weight ("w5 = +0.1"): (half the label's width as
    matplotlib measures it, and a little more; half a line), in data units."""
    renderer, to_data = ax.figure.canvas.get_renderer(), ax.transData.inverted()
    gaps = {}
    for text in ax.texts:
        if (text.get_gid() or "").startswith("weight-"):
            box = text.get_window_extent(renderer).transformed(to_data)
            gaps[text.get_gid().removeprefix("weight-")] = (box.width / 2 + 0.02, line / 2)
    return gaps


def _edges(ax, p, mark, fontsize, line, shown=None):
    """Every edge, dark where the backward pass has reached it, in its gradient's sign's colour once that is
    known, parted round its written weight; a halo under the edges whose gradient this step computes; and
    each known gradient written on its edge."""
    gaps = _gaps(ax, line)
    for name in (*WIRING, *LOSS_EDGES):
        grad = p.known.get(f"grad_{name}")
        colour = sign_colour(grad) if grad is not None else REACHED if name in p.reached else AHEAD
        written = shown is None or name in shown  # the edge parts round a written weight
        for k, (a, b) in enumerate(_segments(name, gaps.get(name, (0.0, 0.0)) if written else (0.0, 0.0))):
            ax.plot([a[0], b[0]], [a[1], b[1]], color=colour, linewidth=1.8 if name in p.reached else 1.0,
                    zorder=1, gid=name if k == 0 else f"{name}-part", solid_capstyle="butt")
            if name in p.now:  # a halo under the edge whose gradient was just computed
                ax.plot([a[0], b[0]], [a[1], b[1]], color=mark, alpha=0.3, linewidth=7, zorder=0,
                        gid=f"halo-{name}", solid_capstyle="butt")
        if grad is not None and (shown is None or f"grad_{name}" in shown):
            _gradient(ax, name, grad, p, mark, fontsize, line, written)


def _gradient(ax, name, grad, p, mark, fontsize, line, written):
    """The gradient of edge `name`: under its weight if that is written, else beside a level edge, and on a
    crossing one near the value the weight carries; framed in its sign's colour, or highlighted if new."""
    current = name in p.now
    if written:
        cx, cy = _label_at(name)
        cy -= 1.1 * line
    else:
        cx, cy = _label_at(name, GRAD_AT)
        if name in LEVEL:
            cy += (0.75 if cy > 0.5 else -0.75) * line
    label = quantity_label(f"grad_{name}", p.step.published)
    ax.text(cx, cy, f"{label} = {signed(grad, False)}", fontsize=fontsize - 1, ha="center", va="center",
            zorder=7, gid=f"grad-{name}", color=mark if current else "black",
            fontweight="bold" if current else "normal",
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", linewidth=1.8 if current else 0.8,
                      edgecolor=mark if current else sign_colour(grad)))


def _units(ax, p, mark, fontsize, line, shown=None):
    """A ring round each unit reached, highlighted on those this step computes; each known δ beside its
    unit, δ_pub where a wrong step computed it."""
    for unit, (xu, yu) in POS.items():
        current = unit in p.now
        if unit in p.reached or current:
            ring = (_square if unit == "L" else plt.Circle)((xu, yu), NODE_RADIUS)
            ring.set(facecolor="none", edgecolor=mark if current else REACHED,
                     linewidth=3.0 if current else 1.6, zorder=3, gid=f"ring-{unit}")
            ax.add_patch(ring)
        delta = p.known.get(f"delta_{unit}")
        if delta is None or (shown is not None and f"delta_{unit}" not in shown):
            continue
        above = yu > 0.5
        name = "δ_pub" if f"delta_{unit}" in p.published else "δ"
        out_written = shown is None or f"out_{unit}" in shown  # the δ goes beyond the unit's value
        offset = NODE_RADIUS + 0.1 + line if out_written else NODE_RADIUS + 0.05
        text = ax.text(xu, yu + offset * (1 if above else -1), f"{name} = {signed(delta, False)}",
                       ha="center", va="bottom" if above else "top", fontsize=fontsize, zorder=7,
                       gid=f"delta-{unit}", color="black")
        if current:
            frame = dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor=mark, linewidth=1.5)
            text.set(color=mark, fontweight="bold", bbox=frame)


def wrong_note(step) -> str:
    """What a wrong step's figure says: its flaw, then the chain rule's values beside the published ones."""
    right = [f"{quantity_label(q)} = {signed(v, False)}" for q, v in step.chain_rule.items()]
    return tr("✗ wrong: {flaw}; the chain rule has", flaw=step.flaw) + "\n" + ",  ".join(right)


def _arrows(ax, step, colour, fontsize, line, shown=None):
    """Arrows pointing backwards along the edges each value of `step` flowed through, never across a label:
    each runs the whole edge back, from the unit the weight feeds to the unit whose value it carries, and
    where a label sits on the edge it breaks off before the label and goes on after it."""
    for name, (label, value) in step.contributions.items():  # first the flows' labels, which arrows avoid
        cx, cy = _label_at(name)  # over the weight if its gradient is under it, else on the middle's side
        over = shown is None or f"grad_{name}" in shown or cy < 0.5
        ax.text(cx, cy + (1.1 if over else -1.1) * line, f"{label} = {signed(value, False)}", ha="center",
                va="center", fontsize=fontsize - 1, color=colour, fontweight="bold", zorder=8,
                gid=f"flow-{name}", bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"))
    boxes = label_boxes(ax)
    for q in step.quantities:
        where = place(q)
        if q.startswith("delta_o"):  # from the loss into an output unit, bowed into the triangle o1, o2, L
            start, end = rim(POS["L"], POS[where], NODE_RADIUS + 0.04)
            arrow(ax, start, end, colour, rad=-0.25 if where == "o1" else 0.25, gid=f"arrow-{q}")
        elif q.startswith("grad_"):  # the fed unit's δ, back along the edge to the value the weight carries
            _along(ax, where, q, colour, 2.0, boxes)
    for name in step.contributions:  # errors flowing back into a hidden unit: output unit → hidden unit
        _along(ax, name, name, colour, 3.0, boxes)


def _along(ax, edge, name, colour, width, boxes):
    """An arrow back along `edge`, from the unit it feeds to the unit whose value it carries, in pieces
    round the labels in `boxes`: lines flow-line-<name>, -2, ... and the last piece, arrow-<name>."""
    carried, fed = WIRING[edge]
    parts = clear_parts(*rim(POS[fed], POS[carried], NODE_RADIUS + 0.04), boxes)
    for k, (a, b) in enumerate(parts[:-1]):
        ax.plot([a[0], b[0]], [a[1], b[1]], color=colour, linewidth=width, zorder=6,
                gid=f"flow-line-{name}" + (f"-{k + 1}" if k else ""), solid_capstyle="butt")
    arrow(ax, *parts[-1], colour, width=width, gid=f"arrow-{name}")


# --- the widget's picture ---


class StepperFigure:
    """The widget's picture: one Figure outside pyplot, on which the static layer (units, forward values,
    weights) is drawn once, and `draw(i, gradients)` draws step i's moving layer in place of the last."""

    SIZE = (11.75, 5.4)  # inches; at dpi 80: 940 x 432 px, the width a notebook shows unscaled
    FONT = 11

    def __init__(self, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, dpi=80):
        self.w, self.x, self.y = w, x, y
        self.steps = {g: steps(w, x, y, g) for g in GRADIENTS}
        self.fig = Figure(figsize=self.SIZE, dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.ax = self.fig.add_axes([0.0, 0.0, 1.0, 1.0])
        draw_step(self.steps["correct"], 0, w, x, y, ax=self.ax, fontsize=self.FONT, layer="static")
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
