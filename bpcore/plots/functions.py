"""Two functions drawn (notebooks 01-02): the sigmoid, with the net inputs of a forward pass marked on it,
and the loss as one weight moves, with its tangent there and the lowest loss within reach.

Each draws on Axes (new ones when `ax` is None) and returns them, so that the tests can read back what
was drawn.
"""

from __future__ import annotations

import dataclasses

from .. import validate
from ..gradients import backprop
from ..language import tr
from ..network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Weights,
    loss,
    lowest_loss_within_reach,
    sigmoid,
)
from .fonts import in_language
from .network import axes_or_new
from .style import SIGMOID_POINT_COLOURS


@in_language
def plot_sigmoid(points=None, ax=None, zlim=(-6.0, 6.0)):
    """σ(z) over zlim, its asymptotes 0 and 1 dashed; each {label: z} in `points` marked on the curve.

    A label "in_h1" is shown in the legend as "in_h1 = +0.250 → out_h1 = 0.56218".  When points are
    given, an inset (gid "zoom", in ax.child_axes) magnifies z in ±SIGMOID_ZOOM, where small net inputs
    crowd together, and names each point there.
    """
    lo, hi = validate.number(zlim[0], "zlim[0]"), validate.number(zlim[1], "zlim[1]")
    if not lo < hi:
        raise ValueError(tr("zlim must be (low, high) with low < high, got {zlim!r}", zlim=zlim))
    ax = axes_or_new(ax, (6.4, 3.6))
    zs = [lo + (hi - lo) * i / 400 for i in range(401)]
    ax.plot(zs, [sigmoid(z) for z in zs], color="black", linewidth=1.8, label="σ(z) = 1 / (1 + e⁻ᶻ)",
            gid="sigmoid")
    for level in (0.0, 1.0):
        ax.axhline(level, color="grey", linestyle="--", linewidth=1)
    for (label, z), colour in zip((points or {}).items(), SIGMOID_POINT_COLOURS * 4):
        z = validate.number(z, f"points[{label!r}]")
        out = label.replace("in_", "out_", 1) if label.startswith("in_") else f"σ({label})"
        ax.plot([z], [sigmoid(z)], "o", color=colour, markersize=7, zorder=3,
                label=f"{label} = {z:+.3f} → {out} = {sigmoid(z):.5f}")
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.08, 1.08)
    ax.set_xlabel(tr("net input z"))
    ax.set_ylabel("σ(z)")
    ax.set_title(tr("The sigmoid squeezes every real z into (0, 1)"))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    if points:
        _sigmoid_zoom(ax, points)
    return ax


SIGMOID_ZOOM = 0.3  # the inset of plot_sigmoid shows z in ±0.3


def _sigmoid_zoom(ax, points):
    """An inset in the lower right of `ax`: σ over ±SIGMOID_ZOOM, each point marked and named."""
    zoom = ax.inset_axes([0.6, 0.07, 0.38, 0.5], gid="zoom")
    zs = [-SIGMOID_ZOOM + 2 * SIGMOID_ZOOM * i / 100 for i in range(101)]
    zoom.plot(zs, [sigmoid(z) for z in zs], color="black", linewidth=1.4)
    ranked = sorted(zip(points.items(), SIGMOID_POINT_COLOURS * 4), key=lambda item: item[0][1])
    for k, ((label, z), colour) in enumerate(ranked):
        zoom.plot([z], [sigmoid(z)], "o", color=colour, markersize=6, zorder=3)
        below = k % 2 == 0  # alternate: under the curve to the right, over it to the left
        zoom.annotate(label, (z, sigmoid(z)), xytext=(6, -10) if below else (-6, 8),
                      textcoords="offset points", ha="left" if below else "right", fontsize=8, color=colour,
                      gid=f"zoom-{label}")
    zoom.set_xlim(-SIGMOID_ZOOM, SIGMOID_ZOOM)
    zoom.set_ylim(sigmoid(-SIGMOID_ZOOM) - 0.01, sigmoid(SIGMOID_ZOOM) + 0.01)
    zoom.tick_params(labelsize=7)
    zoom.grid(alpha=0.3)
    zoom.set_title(tr("zoom: z in ±{zoom}", zoom=SIGMOID_ZOOM), fontsize=8)
    ax.indicate_inset_zoom(zoom, edgecolor="grey")
    return zoom


@in_language
def plot_loss_vs_weight(name="w5", w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, span=6.0, ax=None, points=241):
    """L as one weight `name` moves over its value ± span, the others fixed.

    Marks the current weight, the tangent there (slope ∂L/∂name from backprop) and, dashed,
    the lowest loss within reach of any weights.
    """
    name = validate.one_of(name, WEIGHT_NAMES, "name")
    w = Weights.of(w)
    span = validate.positive(span, "span")
    ax = axes_or_new(ax, (6.4, 3.6))
    now = getattr(w, name)
    values = [now - span + 2 * span * i / (points - 1) for i in range(points)]
    losses = [loss(dataclasses.replace(w, **{name: v}), x, y) for v in values]
    ax.plot(values, losses, color="black", linewidth=1.8, label=tr("L as {name} varies", name=name),
            gid="loss-curve")
    l_now, slope = loss(w, x, y), getattr(backprop(w, x, y), name)
    ax.plot([now], [l_now], "o", color="tab:red", zorder=3, label=f"{name} = {now:+.2f}, L = {l_now:.6f}")
    half = span / 3
    ax.plot([now - half, now + half], [l_now - slope * half, l_now + slope * half], color="tab:red",
            linestyle=":", linewidth=1.5, gid="tangent",
            label=tr("tangent, slope ∂L/∂{name} = {slope:+.4f}", name=name, slope=slope))
    floor = lowest_loss_within_reach(y)
    ax.axhline(floor, color="grey", linestyle="--", linewidth=1, gid="floor",
               label=tr("lowest loss within reach = {floor:.5f}", floor=floor))
    ax.set_xlim(values[0], values[-1])
    top = max(max(losses), floor)
    bottom = min(floor, min(losses))
    pad = 0.05 * (top - bottom) if top > bottom else 0.05 * max(top, 1e-3)  # a flat curve still gets a range
    ax.set_ylim(bottom - pad, top + pad)
    ax.set_xlabel(tr("{name} (the other seven weights fixed)", name=name))
    ax.set_ylabel(tr("loss L"))
    ax.set_title(tr("The loss as a function of {name} alone", name=name))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return ax
