"""The network's figures (notebooks 01-03, 07), and what every figure of the series shares.

- draw_network: the 2-2-2 network with weights or gradients on its edges, coloured by sign_colour and as
  wide as edge_width; draw_gradients_compare, the chain rule's gradients beside the published
- draw_targets: the outputs' plane, the targets and the nearest reachable outputs (notebook 02)
- axes_or_new, LOG_FLOOR: the Axes every figure draws on, the floor of every log axis

Every function draws on Axes (new ones when `ax`/`axes` is None) and returns them, so that the tests can
read back what was drawn.  The wiring is bpcore.network's; the colours and places bpcore.plots.style's.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from .. import validate
from ..formatting import gradient, target, weight
from ..gradients import backprop, backprop_original
from ..language import N_, tr
from ..network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    WIRING,
    Weights,
    clip,
    forward,
    loss,
    lowest_loss_within_reach,
)
from .fonts import in_language
from .style import (
    EDGE_COLOUR,
    LABEL_AT,
    NEGATIVE,
    NODE_FILL,
    NODE_RADIUS,
    POSITIONS,
    POSITIVE,
    WRONG,
    ZERO,
    sign_colour,
)

LOG_FLOOR = 1e-18  # a log axis cannot show 0: an exact 0 is drawn here (and no "no positive values" warning)


def axes_or_new(ax, figsize, ncols=1, layout=None):
    """`ax` if given, else new Axes (`ncols` of them in a row) on a new pyplot figure."""
    if ax is None:
        _, ax = plt.subplots(1, ncols, figsize=figsize, layout=layout)
    return ax


def edge_width(v: float, biggest: float, scale: float = 6.0) -> float:
    """An edge's line width: 0.8 pt, plus up to `scale` more in proportion to |v| / biggest."""
    return 0.8 + scale * abs(v) / biggest if biggest > 0 else 0.8


@in_language
def draw_network(w=SEED_WEIGHTS, grads=None, values=None, ax=None, title=None):
    """The 2-2-2 network with w1...w8 on its edges.

    grads: ∂L/∂w (Weights or 8 numbers); when given, each edge is labelled with its gradient, coloured
        by its sign (red > 0, blue < 0, grey = 0) and drawn as wide as its magnitude.
    values: optional {unit name: number} written under the units (e.g. out_h1 under h1).
    """
    w = Weights.of(w)
    grads = None if grads is None else Weights.of(grads, "grads")
    ax = axes_or_new(ax, (6.4, 3.6))
    biggest = max(abs(g) for g in grads) if grads is not None else 0.0
    for name, (a, b) in WIRING.items():
        (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
        value = getattr(w, name)
        if grads is None:
            colour, width = EDGE_COLOUR, 1.5
            label = f"{name} = {weight(value)}"
        else:
            g = getattr(grads, name)
            colour, width = sign_colour(g), edge_width(g, biggest)
            label = f"∂L/∂{name} = {gradient(g)}"
        ax.plot([xa, xb], [ya, yb], color=colour, linewidth=width, zorder=1, gid=name)
        t = LABEL_AT[name]
        ax.text(xa + t * (xb - xa), ya + t * (yb - ya), label, fontsize=8.5, ha="center", va="center",
                zorder=3, gid=f"label-{name}",
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=colour, linewidth=0.6))
    for unit, (xu, yu) in POSITIONS.items():
        ax.add_patch(plt.Circle((xu, yu), NODE_RADIUS, facecolor=NODE_FILL, edgecolor="black", zorder=2))
        ax.text(xu, yu, unit, ha="center", va="center", fontsize=11, fontweight="bold", zorder=4)
        if values and unit in values:  # above the top row, below the bottom row: clear of the edge labels
            above = yu > 0.5
            ax.text(xu, yu + (0.17 if above else -0.17), f"{values[unit]:.5f}", ha="center",
                    va="bottom" if above else "top", fontsize=8.5, color="#333333", zorder=4,
                    gid=f"value-{unit}")
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-0.45, 1.42)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


@in_language
def draw_targets(y, w=SEED_WEIGHTS, x=SEED_X, ax=None):
    """The outputs' plane: the reachable square (0, 1)², the targets, the outputs now, the nearest reach.

    The gap from the targets to the nearest reachable point is the loss no weights can remove.
    On its own figure (ax None) it is small, its legend beside it: the static twin of the slider view.
    """
    y1, y2 = validate.pair(y, "y")
    static = ax is None  # on its own figure (not a slider's): small, with the legend beside the plane
    ax = axes_or_new(ax, (6.2, 3.3))
    f = forward(w, x)
    c1, c2 = clip(y1), clip(y2)  # the nearest reachable outputs, as bpcore.closest_reachable finds them
    l_now, floor = loss(w, x, (y1, y2)), lowest_loss_within_reach((y1, y2))
    ax.add_patch(plt.Rectangle((0, 0), 1, 1, facecolor="#e8f4e8", edgecolor="tab:green", linewidth=1.2,
                               zorder=0, gid="reach", label=tr("outputs a sigmoid can give: (0, 1)²")))
    ax.plot([y1, c1], [y2, c2], color="tab:red", linestyle="--", linewidth=1.2, zorder=2, gid="gap")
    ax.plot([f.out_o1], [f.out_o2], "o", color="tab:blue", markersize=8, zorder=3,
            label=tr("outputs now ({o1:.3f}, {o2:.3f})", o1=f.out_o1, o2=f.out_o2))
    ax.plot([c1], [c2], "D", markerfacecolor="white", markeredgecolor="tab:green", markersize=8, zorder=3,
            label=tr("nearest reachable ({c1:.2f}, {c2:.2f})", c1=c1, c2=c2))
    ax.plot([y1], [y2], "*", color="tab:red", markersize=14, zorder=4,
            label=tr("target ({y1}, {y2})", y1=target(y1), y2=target(y2)))
    lo = min(-0.6, y1 - 0.1, y2 - 0.1)
    hi = max(1.6, y1 + 0.1, y2 + 0.1)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.axhline(0, color="grey", linewidth=0.6)
    ax.axvline(0, color="grey", linewidth=0.6)
    ax.set_xlabel(tr("out_o1  (target y1)"))
    ax.set_ylabel(tr("out_o2  (target y2)"))
    ax.set_title(tr("loss now {now:.6f}   ·   lowest within reach {floor:.6f}", now=l_now, floor=floor),
                 fontsize=10)
    ax.grid(alpha=0.25)
    if static:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.03, 0.5), framealpha=0.9)
    else:
        ax.legend(fontsize=8, loc="upper left", framealpha=0.9)
    return ax


@in_language
def draw_gradients_compare(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, axes=None):
    """Two diagrams, one above the other: the chain rule's gradients (top) and the published ones (below).

    Edges share one width scale; the published edges that disagree with the chain rule are dashed
    and listed under the lower diagram, over a key to the colours.  Returns the two Axes.
    """
    w = Weights.of(w)
    if axes is None:
        fig, axes = plt.subplots(2, 1, figsize=(7.6, 9.4))
        fig.subplots_adjust(left=0.0, right=1.0, hspace=0.22, top=0.96, bottom=0.13)  # room for the key
    top, below = axes
    correct, published = backprop(w, x, y), backprop_original(w, x, y)
    draw_network(w, grads=correct, ax=top,
                 title=tr("Chain rule (bpcore.backprop): agrees with finite differences"))
    draw_network(w, grads=published, ax=below, title=tr("The exercise's published back_propagate"))
    biggest = max(max(abs(g) for g in correct), max(abs(g) for g in published))
    for ax, grads in ((top, correct), (below, published)):
        ax.title.set_fontsize(12)
        ax.set_ylim(-0.2, 1.2)  # no values under the units: the diagram only
        for line in ax.lines:
            line.set_linewidth(edge_width(getattr(grads, line.get_gid()), biggest))
        for text in ax.texts:
            text.set_fontsize(10 if text.get_gid() else 12)  # edge labels, unit names
    wrong = [n for n in WEIGHT_NAMES if abs(getattr(published, n) - getattr(correct, n))
             > 1e-9 * max(1.0, abs(getattr(correct, n)))]
    for line in below.lines:
        if line.get_gid() in wrong:
            line.set_linestyle((0, (4, 2)))
    for text in below.texts:  # the exercise's own names: its d_w1 is not ∂L/∂w1
        if (text.get_gid() or "").startswith("label-"):
            text.set_text(text.get_text().replace("∂L/∂", "d_"))
    flipped = [n for n in wrong if getattr(published, n) * getattr(correct, n) < 0]
    note = tr("wrong: {names}", names=", ".join(wrong)) if wrong else tr("all eight agree")
    if flipped:
        note += "   ·   " + tr("wrong sign: {names}", names=", ".join(flipped))
    below.text(1.0, -0.2, note, ha="center", va="top", fontsize=11, color=WRONG, gid="wrong-note")
    _gradient_key(below)
    return top, below


GRADIENT_KEY = (
    (POSITIVE, "-", N_("red: ∂L/∂w > 0, gradient descent lowers that weight")),
    (NEGATIVE, "-", N_("blue: ∂L/∂w < 0, gradient descent raises it")),
    (ZERO, "-", N_("grey: ∂L/∂w = 0")),
    (EDGE_COLOUR, (0, (4, 2)), N_("dashed: the published value is wrong")),
)


def _gradient_key(ax):
    """The colours and the dashes explained, under `ax`."""
    handles = [plt.Line2D([], [], color=colour, linestyle=style, linewidth=2.5, label=tr(text))
               for colour, style, text in GRADIENT_KEY]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=10,
              frameon=False, title=tr("width: the size of the gradient"), title_fontsize=10)
