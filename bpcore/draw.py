"""Figures for the notebooks, and the static twins of their sliders (bpcore.sliders, bpcore.playground).

- the network (notebooks 01, 03, 07): draw_network, with weights or gradients on its edges, coloured by
  sign_colour and as wide as edge_width; draw_gradients_compare, the chain rule's gradients beside the
  published
- the sigmoid, the loss and the targets (notebooks 01-02): plot_sigmoid, plot_loss_vs_weight, draw_targets
- training (notebooks 04-06): plot_losses, plot_outputs, plot_loss_as_published, plot_bowl_paths,
  plot_learning_rates, plot_gradient_errors, plot_gradients_by_weight

Plumbing, not lesson: the notebooks call these so that their cells hold the mathematics.
Every function draws on Axes (new ones when `ax`/`axes` is None) and returns them, so that the
tests can read back what was drawn.  The colours, the units' places and the like are bpcore.style's.
"""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt

from . import validate
from .network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    Weights,
    backprop,
    backprop_original,
    clip,
    forward,
    loss,
    lowest_loss_within_reach,
    sigmoid,
)
from .style import (  # the names marked F401 were draw's before bpcore.style held them: draw.<name> stays
    EDGE_COLOUR,
    EDGES,
    LABEL_AT,
    LR_COLOURS,  # noqa: F401
    METHOD_COLOURS,  # noqa: F401
    NEGATIVE,
    NODE_FILL,
    NODE_RADIUS,
    OTHER_COLOURS,  # noqa: F401
    OTHER_LR_COLOUR,  # noqa: F401
    OUTPUT_COLOURS,
    POSITIONS,
    POSITIVE,
    PUBLISHED_COLOUR,  # noqa: F401
    REFERENCE_COLOUR,
    SIGMOID_POINT_COLOURS,
    WRONG,
    ZERO,
    lr_colour,
    series_colour,
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


# --- the network and the curves per epoch ---


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
    for name, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
        value = getattr(w, name)
        if grads is None:
            colour, width = EDGE_COLOUR, 1.5
            label = f"{name} = {value:+.3f}"
        else:
            g = getattr(grads, name)
            colour, width = sign_colour(g), edge_width(g, biggest)
            label = f"∂L/∂{name} = {g + 0.0:+.4f}"  # + 0.0 turns a -0.0 into +0.0
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


def plot_losses(curves, ax=None, title="Loss per epoch", logy=False, keys=None):
    """One line per {label: losses}; x is the epoch (the exercise mislabels it "w").

    keys: {label: key}, each line's colour key (style.series_colour), a learning rate or a method:
        lr = 1 blue, "published" red, in every figure.  A label without one is its own key, or the
        one bpcore.style.CURVE_KEYS lists for it."""
    ax = axes_or_new(ax, (6.4, 3.6))
    for k, (label, losses) in enumerate(curves.items()):
        losses = [max(v, LOG_FLOOR) for v in losses] if logy else list(losses)
        ax.plot(range(len(losses)), losses, marker="o" if len(losses) <= 30 else None,
                markersize=3, label=label, color=series_colour((keys or {}).get(label, label), k))
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss L (before the epoch's update)")
    if logy:
        ax.set_yscale("log")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    if len(curves) > 1:
        ax.legend()
    return ax


def plot_outputs(history, y, ax=None, title="Outputs per epoch"):
    """out_o1 and out_o2 over the epochs, with their targets dashed and the sigmoid's range shaded."""
    ax = axes_or_new(ax, (6.4, 3.6))
    epochs = range(len(history.outputs))
    for k, colour in enumerate(OUTPUT_COLOURS):
        ax.plot(epochs, [o[k] for o in history.outputs], color=colour, label=f"out_o{k + 1}")
        ax.axhline(y[k], color=colour, linestyle="--", linewidth=1, label=f"target y{k + 1} = {y[k]:+.2f}")
    ax.axhspan(0, 1, color="grey", alpha=0.08, label="a sigmoid's range (0, 1)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("output")
    ax.set_ylim(min(-0.15, min(y) - 0.05), max(1.05, max(y) + 0.05))
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return ax


# --- the sigmoid, the loss, the targets (notebooks 01-02) and the gradients compared (notebook 03) ---

def plot_sigmoid(points=None, ax=None, zlim=(-6.0, 6.0)):
    """σ(z) over zlim, its asymptotes 0 and 1 dashed; each {label: z} in `points` marked on the curve.

    A label "in_h1" is shown in the legend as "in_h1 = +0.250 → out_h1 = 0.56218".  When points are
    given, an inset (gid "zoom", in ax.child_axes) magnifies z in ±SIGMOID_ZOOM, where small net inputs
    crowd together, and names each point there.
    """
    lo, hi = validate.number(zlim[0], "zlim[0]"), validate.number(zlim[1], "zlim[1]")
    if not lo < hi:
        raise ValueError(f"zlim must be (low, high) with low < high, got {zlim!r}")
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
    ax.set_xlabel("net input z")
    ax.set_ylabel("σ(z)")
    ax.set_title("The sigmoid squeezes every real z into (0, 1)")
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
    zoom.set_title(f"zoom: z in ±{SIGMOID_ZOOM}", fontsize=8)
    ax.indicate_inset_zoom(zoom, edgecolor="grey")
    return zoom


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
    ax.plot(values, losses, color="black", linewidth=1.8, label=f"L as {name} varies", gid="loss-curve")
    l_now, slope = loss(w, x, y), getattr(backprop(w, x, y), name)
    ax.plot([now], [l_now], "o", color="tab:red", zorder=3, label=f"{name} = {now:+.2f}, L = {l_now:.6f}")
    half = span / 3
    ax.plot([now - half, now + half], [l_now - slope * half, l_now + slope * half], color="tab:red",
            linestyle=":", linewidth=1.5, label=f"tangent, slope ∂L/∂{name} = {slope:+.4f}", gid="tangent")
    floor = lowest_loss_within_reach(y)
    ax.axhline(floor, color="grey", linestyle="--", linewidth=1, gid="floor",
               label=f"lowest loss within reach = {floor:.5f}")
    ax.set_xlim(values[0], values[-1])
    top = max(max(losses), floor)
    bottom = min(floor, min(losses))
    pad = 0.05 * (top - bottom) if top > bottom else 0.05 * max(top, 1e-3)  # a flat curve still gets a range
    ax.set_ylim(bottom - pad, top + pad)
    ax.set_xlabel(f"{name} (the other seven weights fixed)")
    ax.set_ylabel("loss L")
    ax.set_title(f"The loss as a function of {name} alone")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return ax


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
                               zorder=0, gid="reach", label="outputs a sigmoid can give: (0, 1)²"))
    ax.plot([y1, c1], [y2, c2], color="tab:red", linestyle="--", linewidth=1.2, zorder=2, gid="gap")
    ax.plot([f.out_o1], [f.out_o2], "o", color="tab:blue", markersize=8, zorder=3,
            label=f"outputs now ({f.out_o1:.3f}, {f.out_o2:.3f})")
    ax.plot([c1], [c2], "D", markerfacecolor="white", markeredgecolor="tab:green", markersize=8, zorder=3,
            label=f"nearest reachable ({c1:.2f}, {c2:.2f})")
    ax.plot([y1], [y2], "*", color="tab:red", markersize=14, zorder=4, label=f"target ({y1:+.2f}, {y2:+.2f})")
    lo = min(-0.6, y1 - 0.1, y2 - 0.1)
    hi = max(1.6, y1 + 0.1, y2 + 0.1)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.axhline(0, color="grey", linewidth=0.6)
    ax.axvline(0, color="grey", linewidth=0.6)
    ax.set_xlabel("out_o1  (target y1)")
    ax.set_ylabel("out_o2  (target y2)")
    ax.set_title(f"loss now {l_now:.6f}   ·   lowest within reach {floor:.6f}", fontsize=10)
    ax.grid(alpha=0.25)
    if static:
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.03, 0.5), framealpha=0.9)
    else:
        ax.legend(fontsize=8, loc="upper left", framealpha=0.9)
    return ax


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
                 title="Chain rule (bpcore.backprop): agrees with finite differences")
    draw_network(w, grads=published, ax=below, title="The exercise's published back_propagate")
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
    note = "wrong: " + ", ".join(wrong) if wrong else "all eight agree"
    if flipped:
        note += "   ·   wrong sign: " + ", ".join(flipped)
    below.text(1.0, -0.2, note, ha="center", va="top", fontsize=11, color=WRONG, gid="wrong-note")
    _gradient_key(below)
    return top, below


GRADIENT_KEY = (
    (POSITIVE, "-", "red: ∂L/∂w > 0, gradient descent lowers that weight"),
    (NEGATIVE, "-", "blue: ∂L/∂w < 0, gradient descent raises it"),
    (ZERO, "-", "grey: ∂L/∂w = 0"),
    (EDGE_COLOUR, (0, (4, 2)), "dashed: the published value is wrong"),
)


def _gradient_key(ax):
    """The colours and the dashes explained, under `ax`."""
    handles = [plt.Line2D([], [], color=colour, linestyle=style, linewidth=2.5, label=text)
               for colour, style, text in GRADIENT_KEY]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=10,
              frameon=False, title="width: the size of the gradient", title_fontsize=10)


# --- training: learning rates, gradient checks, gradients by weight (notebooks 04-06) ---

def plot_loss_as_published(losses, ax=None):
    """The exercise's own figure, `plt.plot(eli, lli)` with its x-axis labelled "w" (it is the epoch).

    Drawn in the colour of lr = 1 (REFERENCE_COLOUR): notebook 04 gives it the losses of the run at lr = 1."""
    ax = axes_or_new(ax, (4.8, 3.6))
    ax.plot(range(len(losses)), list(losses), color=REFERENCE_COLOUR, gid="as-published")
    ax.set_xlabel("w")
    ax.set_ylabel("Loss")
    ax.set_title('As the exercise labels it: x is "w"')
    return ax


def plot_bowl_paths(paths, lam=1.0, axes=None):
    """Gradient descent on the bowl L = ½·λ·w² (notebook 04): one panel per path, the bowl in grey
    and the path's points on it joined in order, from its start (a ring) to its end.

    `paths` maps a panel's title to the list of w visited; each panel's x-range grows to hold its path.
    """
    paths = {str(title): [validate.number(v, f"paths[{title!r}][{i}]") for i, v in enumerate(path)]
             for title, path in paths.items()}
    lam = validate.number(lam, "lam")
    axes = axes_or_new(axes, (3.7 * len(paths), 3.3), ncols=len(paths), layout="constrained")
    axes = [axes] if len(paths) == 1 else list(axes)

    def bowl(ws):
        return [0.5 * lam * w * w for w in ws]

    for ax, (title, path) in zip(axes, paths.items()):
        reach = 1.1 * max(1.0, max(abs(v) for v in path))
        bowl_w = [reach * (k / 100 - 1) for k in range(201)]  # 201 points from −reach to reach
        ax.plot(bowl_w, bowl(bowl_w), color=ZERO, linewidth=1, gid="bowl")
        ax.plot(path, bowl(path), "-o", color=REFERENCE_COLOUR, markersize=4, linewidth=1, gid="path")
        ax.plot(path[:1], bowl(path[:1]), "o", markersize=9, markerfacecolor="none",
                markeredgecolor="black", gid="start")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("w")
        ax.set_ylabel("L = ½·λ·w²")
        ax.grid(alpha=0.3)
    return axes


def _lr_label(lr) -> str:
    return f"lr = {lr:g}"


def plot_learning_rates(runs, y=SEED_Y, axes=None, title=None, xlim=None, loss_ylim=None, o1_ylim=None,
                        logy=True):
    """Gradient descent at several learning rates: {lr: History} → (loss axes, out_o1 axes).

    Left: the loss per epoch (log scale unless logy=False), with the lowest loss within reach dashed.
    Right: out_o1 per epoch and its target y1; overshoot, oscillation and saturation show here.
    Each rate has its fixed colour, lr_colour(lr) (lr = 1 always blue); the first run listed is on top.
    xlim: (first, last) epoch shown in both panels; loss_ylim, o1_ylim: each panel's y range.
    """
    if not runs:
        raise ValueError("runs must hold at least one {lr: History}")
    y1, _ = validate.pair(y, "y")
    ax_loss, ax_o1 = axes = axes_or_new(axes, (11, 3.8), ncols=2)
    for k, (lr, h) in enumerate(runs.items()):
        epochs = range(len(h.losses))
        on_top = 2 + len(runs) - k  # the first run listed is drawn on top of the others
        losses = [max(L, LOG_FLOOR) for L in h.losses] if logy else list(h.losses)
        ax_loss.plot(epochs, losses, color=lr_colour(lr), label=_lr_label(lr), gid=f"loss-lr-{lr:g}",
                     zorder=on_top)
        ax_o1.plot(epochs, [o[0] for o in h.outputs], color=lr_colour(lr), label=_lr_label(lr),
                   gid=f"o1-lr-{lr:g}", zorder=on_top)
    floor = lowest_loss_within_reach(y)
    if floor > 0:
        ax_loss.axhline(floor, color="grey", linestyle="--", linewidth=1, gid="floor",
                        label=f"lowest within reach {floor:.5f}")
    if logy:
        ax_loss.set_yscale("log")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("loss L (log scale)" if logy else "loss L")
    ax_loss.set_title(title or "Loss per epoch")
    ax_o1.axhline(y1, color="black", linestyle="--", linewidth=1, gid="target",
                  label=f"target y1 = {y1:+.2f}")
    top = max([y1] + [o[0] for h in runs.values() for o in h.outputs])
    ax_o1.set_ylim(o1_ylim or (-0.03, max(0.6, top + 0.05)))
    ax_o1.set_xlabel("epoch")
    ax_o1.set_ylabel("out_o1")
    ax_o1.set_title("out_o1 per epoch" if xlim is None else f"out_o1, epochs {xlim[0]:g}-{xlim[1]:g}")
    if loss_ylim is not None:
        ax_loss.set_ylim(loss_ylim)
    for ax in axes:
        if xlim is not None:
            ax.set_xlim(xlim)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right")
    ax_loss.figure.tight_layout()
    return ax_loss, ax_o1


def plot_gradient_errors(errors, ax=None, title="Relative error of the gradient, per epoch", keys=None):
    """{label: relative errors per epoch} on a log scale; an exact 0 is drawn at LOG_FLOOR, hollow.

    keys: {label: key}, as in plot_losses; an error is coloured as the method it is measured against
    ("manual vs autograd" in autograd's colour, bpcore.style.CURVE_KEYS)."""
    ax = axes_or_new(ax, (6.4, 3.6))
    for k, (label, errs) in enumerate(errors.items()):
        colour = series_colour((keys or {}).get(label, label), k)
        errs = [validate.number(e, f"errors[{label!r}]") for e in errs]
        shown = [max(e, LOG_FLOOR) for e in errs]
        ax.plot(range(len(errs)), shown, marker="o", markersize=4, color=colour, label=label, gid=label)
        zeros = [i for i, e in enumerate(errs) if e == 0]
        if zeros:
            ax.plot(zeros, [LOG_FLOOR] * len(zeros), "o", markersize=7, markerfacecolor="white",
                    markeredgecolor=colour, gid=f"{label}-zeros")
    ax.axhline(2.0 ** -52, color="grey", linestyle=":", linewidth=1, gid="eps64",
               label="float64 machine ε = 2⁻⁵² ≈ 2.2e-16")
    ax.set_yscale("log")
    ax.set_ylim(LOG_FLOOR / 3, 1.0)
    ax.set_xlabel("epoch")
    ax.set_ylabel("relative error (log scale)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return ax


def plot_gradients_by_weight(grads, ax=None, title="∂L/∂w per weight, by method", keys=None):
    """Grouped bars: one group per weight w1...w8, one bar per {label: Weights} of gradients.

    Each method keeps its colour (METHOD_COLOURS): "published" is red, as in every figure.
    keys: {label: key}, as in plot_losses."""
    ax = axes_or_new(ax, (8.0, 3.6))
    n = len(grads)
    width = 0.8 / max(n, 1)
    for k, (label, g) in enumerate(grads.items()):
        g = Weights.of(g, name=f"grads[{label!r}]")
        colour = series_colour((keys or {}).get(label, label), k)
        xs = [i + (k - (n - 1) / 2) * width for i in range(8)]
        ax.bar(xs, list(g), width=width, color=colour, edgecolor="white", linewidth=0.5, label=label,
               gid=label)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(8), WEIGHT_NAMES)
    ax.set_xlabel("weight")
    ax.set_ylabel("∂L/∂w")
    ax.set_title(title)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    return ax
