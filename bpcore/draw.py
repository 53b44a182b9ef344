"""Figures for the notebooks: the 2-2-2 network diagram, loss curves and output trajectories.

Plumbing, not lesson: the notebooks call these so that their cells hold the mathematics.
Every function draws on an Axes (a new one when `ax` is None) and returns it, so that the
tests can read back what was drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from .network import (SEED_WEIGHTS, SEED_X, SEED_Y, Weights, _finite, _pair, backprop, backprop_original,
                      closest_reachable, forward, loss, lowest_loss_within_reach, sigmoid)

# Where each unit sits, and which weight joins which units (the exercise's wiring).
POSITIONS = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "o1": (2, 1), "o2": (2, 0)}
EDGES = {
    "w1": ("x1", "h1"), "w2": ("x1", "h2"), "w3": ("x2", "h1"), "w4": ("x2", "h2"),
    "w5": ("h1", "o1"), "w6": ("h1", "o2"), "w7": ("h2", "o1"), "w8": ("h2", "o2"),
}
# Along each edge, how far from its start the label sits: crossing edges get different
# fractions so that their labels never overlap at the crossing.
LABEL_AT = {"w1": 0.5, "w2": 0.25, "w3": 0.25, "w4": 0.5, "w5": 0.5, "w6": 0.75, "w7": 0.75, "w8": 0.5}
POSITIVE, NEGATIVE, ZERO = "#c0392b", "#2c6fbb", "#999999"  # red for > 0, blue for < 0, grey for 0


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def draw_network(w=SEED_WEIGHTS, grads=None, values=None, ax=None, title=None):
    """The 2-2-2 network with w1...w8 on its edges.

    grads: Weights of ∂L/∂w; when given, each edge is labelled with its gradient, coloured
        by its sign (red > 0, blue < 0, grey = 0) and drawn as wide as its magnitude.
    values: optional {unit name: number} written under the units (e.g. out_h1 under h1).
    """
    w = Weights.of(w)
    ax = _axes(ax, (6.4, 3.6))
    biggest = max(abs(g) for g in grads) if grads is not None else 0.0
    for name, (a, b) in EDGES.items():
        (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
        value = getattr(w, name)
        if grads is None:
            colour, width = "#555555", 1.5
            label = f"{name} = {value:+.3f}"
        else:
            g = getattr(grads, name)
            colour = POSITIVE if g > 0 else NEGATIVE if g < 0 else ZERO
            width = 0.8 + 6.0 * abs(g) / biggest if biggest > 0 else 0.8
            label = f"∂L/∂{name} = {g:+.4f}"
        ax.plot([xa, xb], [ya, yb], color=colour, linewidth=width, zorder=1, gid=name)
        t = LABEL_AT[name]
        ax.text(xa + t * (xb - xa), ya + t * (yb - ya), label, fontsize=8.5, ha="center", va="center",
                zorder=3, gid=f"label-{name}",
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=colour, linewidth=0.6))
    for unit, (xu, yu) in POSITIONS.items():
        ax.add_patch(plt.Circle((xu, yu), 0.13, facecolor="#f5f0e1", edgecolor="black", zorder=2))
        ax.text(xu, yu, unit, ha="center", va="center", fontsize=11, fontweight="bold", zorder=4)
        if values and unit in values:  # above the top row, below the bottom row: clear of the edge labels
            above = yu > 0.5
            ax.text(xu, yu + (0.17 if above else -0.17), f"{values[unit]:.5f}", ha="center",
                    va="bottom" if above else "top", fontsize=8.5, color="#333333", zorder=4, gid=f"value-{unit}")
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-0.45, 1.42)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_losses(curves, ax=None, title="Loss per epoch", logy=False):
    """One line per {label: losses}; x is the epoch (the exercise mislabels it "w")."""
    ax = _axes(ax, (6.4, 3.6))
    for label, losses in curves.items():
        losses = [max(v, 1e-18) for v in losses] if logy else list(losses)  # a log axis cannot show 0
        ax.plot(range(len(losses)), losses, marker="o" if len(losses) <= 30 else None,
                markersize=3, label=label)
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
    ax = _axes(ax, (6.4, 3.6))
    epochs = range(len(history.outputs))
    for k, colour in ((0, "tab:green"), (1, "tab:purple")):
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


# --- figures added for notebooks 01-03 ---

SIGMOID_POINT_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:red", "tab:brown")


def plot_sigmoid(points=None, ax=None, zlim=(-6.0, 6.0)):
    """σ(z) over zlim, its asymptotes 0 and 1 dashed; each {label: z} in `points` marked on the curve.

    A label "in_h1" is shown in the legend as "in_h1 = +0.250 → out_h1 = 0.56218".
    """
    lo, hi = _finite(zlim[0], "zlim[0]"), _finite(zlim[1], "zlim[1]")
    if not lo < hi:
        raise ValueError(f"zlim must be (low, high) with low < high, got {zlim!r}")
    ax = _axes(ax, (6.4, 3.6))
    zs = [lo + (hi - lo) * i / 400 for i in range(401)]
    ax.plot(zs, [sigmoid(z) for z in zs], color="black", linewidth=1.8, label="σ(z) = 1 / (1 + e⁻ᶻ)", gid="sigmoid")
    for level in (0.0, 1.0):
        ax.axhline(level, color="grey", linestyle="--", linewidth=1)
    for (label, z), colour in zip((points or {}).items(), SIGMOID_POINT_COLOURS * 4):
        z = _finite(z, f"points[{label!r}]")
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
    return ax


def plot_loss_vs_weight(name="w5", w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, span=6.0, ax=None, points=241):
    """L as one weight `name` moves over its value ± span, the others fixed.

    Marks the current weight, the tangent there (slope ∂L/∂name from backprop) and, dashed,
    the lowest loss within reach of any weights.
    """
    if name not in EDGES:
        raise ValueError(f"name must be one of {', '.join(EDGES)}, got {name!r}")
    w = Weights.of(w)
    span = _finite(span, "span")
    if span <= 0:
        raise ValueError(f"span must be > 0, got {span}")
    ax = _axes(ax, (6.4, 3.6))
    now = getattr(w, name)
    values = [now - span + 2 * span * i / (points - 1) for i in range(points)]
    losses = [loss(_replace(w, name, v), x, y) for v in values]
    ax.plot(values, losses, color="black", linewidth=1.8, label=f"L as {name} varies", gid="loss-curve")
    l_now, slope = loss(w, x, y), getattr(backprop(w, x, y), name)
    ax.plot([now], [l_now], "o", color="tab:red", zorder=3, label=f"{name} = {now:+.2f}, L = {l_now:.6f}")
    half = span / 3
    ax.plot([now - half, now + half], [l_now - slope * half, l_now + slope * half], color="tab:red",
            linestyle=":", linewidth=1.5, label=f"tangent, slope ∂L/∂{name} = {slope:+.4f}", gid="tangent")
    floor = lowest_loss_within_reach(y)
    ax.axhline(floor, color="grey", linestyle="--", linewidth=1, label=f"lowest loss within reach = {floor:.5f}",
               gid="floor")
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


def _replace(w: Weights, name: str, value: float) -> Weights:
    values = list(w)
    values[list(EDGES).index(name)] = value
    return Weights(*values)


def draw_targets(y, w=SEED_WEIGHTS, x=SEED_X, ax=None):
    """The outputs' plane: the reachable square (0, 1)², the targets, the outputs now, the nearest reach.

    The gap from the targets to the nearest reachable point is the loss no weights can remove.
    """
    y1, y2 = _pair(y, "y")
    ax = _axes(ax, (5.6, 5.0))
    f = forward(w, x)
    c1, c2 = closest_reachable((y1, y2))
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
    ax.legend(fontsize=8, loc="upper left", framealpha=0.9)
    return ax


def draw_gradients_compare(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y, axes=None):
    """Two diagrams side by side: the chain rule's gradients (left) and the published ones (right).

    Edges share one width scale; the published edges that disagree with the chain rule are dashed
    and listed under the right-hand diagram.  Returns the two Axes.
    """
    w = Weights.of(w)
    if axes is None:
        fig, axes = plt.subplots(1, 2, figsize=(13.0, 4.4))
        fig.subplots_adjust(left=0.0, right=1.0, wspace=0.0, top=0.92, bottom=0.0)  # room for the edge labels
    left, right = axes
    correct, published = backprop(w, x, y), backprop_original(w, x, y)
    draw_network(w, grads=correct, ax=left, title="Chain rule (bpcore.backprop): agrees with finite differences")
    draw_network(w, grads=published, ax=right, title="The exercise's published back_propagate")
    biggest = max(max(abs(g) for g in correct), max(abs(g) for g in published))
    for ax, grads in ((left, correct), (right, published)):
        for line in ax.lines:
            g = getattr(grads, line.get_gid())
            line.set_linewidth(0.8 + 6.0 * abs(g) / biggest if biggest > 0 else 0.8)
    wrong = [n for n in EDGES if abs(getattr(published, n) - getattr(correct, n))
             > 1e-9 * max(1.0, abs(getattr(correct, n)))]
    for line in right.lines:
        if line.get_gid() in wrong:
            line.set_linestyle((0, (4, 2)))
    flipped = [n for n in wrong if getattr(published, n) * getattr(correct, n) < 0]
    note = "wrong: " + ", ".join(wrong) if wrong else "all eight agree"
    if flipped:
        note += "   ·   wrong sign: " + ", ".join(flipped)
    right.text(1.0, -0.42, note, ha="center", va="bottom", fontsize=9, color="#8e1b10", gid="wrong-note")
    return left, right


# --- figures added for notebooks 04-06 ---

def plot_loss_as_published(losses, ax=None):
    """The exercise's own figure, `plt.plot(eli, lli)` with its x-axis labelled "w" (it is the epoch)."""
    ax = _axes(ax, (4.8, 3.6))
    ax.plot(range(len(losses)), list(losses), gid="as-published")
    ax.set_xlabel("w")
    ax.set_ylabel("Loss")
    ax.set_title('As the exercise labels it: x is "w"')
    return ax


LR_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown", "tab:pink")
REFERENCE_COLOUR = "tab:blue"  # lr = 1, the exercise's step, is always blue; other rates take the other colours
LOSS_FLOOR = 1e-18  # a loss of exactly 0 is drawn here on a log axis (no "no positive values" warning)


def _lr_colours(lrs):
    others = iter([c for c in LR_COLOURS if c != REFERENCE_COLOUR] * 4)
    return [REFERENCE_COLOUR if lr == 1 else next(others) for lr in lrs]


def _lr_label(lr) -> str:
    return f"lr = {lr:g}"


def plot_learning_rates(runs, y=SEED_Y, axes=None, title=None):
    """Gradient descent at several learning rates: {lr: History} → (loss axes, out_o1 axes).

    Left: the loss per epoch on a log scale, with the lowest loss within reach dashed.
    Right: out_o1 per epoch and its target y1; overshoot, oscillation and saturation show here.
    lr = 1 (the exercise's step) is always blue; the first run listed is drawn on top.
    """
    if not runs:
        raise ValueError("runs must hold at least one {lr: History}")
    y1, _ = _pair(y, "y")
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(11, 3.8))
    ax_loss, ax_o1 = axes
    for k, ((lr, h), colour) in enumerate(zip(runs.items(), _lr_colours(runs))):
        epochs = range(len(h.losses))
        on_top = 2 + len(runs) - k  # the first run listed is drawn on top of the others
        ax_loss.plot(epochs, [max(L, LOSS_FLOOR) for L in h.losses], color=colour, label=_lr_label(lr),
                     gid=f"loss-lr-{lr:g}", zorder=on_top)
        ax_o1.plot(epochs, [o[0] for o in h.outputs], color=colour, label=_lr_label(lr), gid=f"o1-lr-{lr:g}",
                   zorder=on_top)
    floor = lowest_loss_within_reach(y)
    if floor > 0:
        ax_loss.axhline(floor, color="grey", linestyle="--", linewidth=1, gid="floor",
                        label=f"lowest within reach {floor:.5f}")
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("loss L (log scale)")
    ax_loss.set_title(title or "Loss per epoch")
    ax_o1.axhline(y1, color="black", linestyle="--", linewidth=1, gid="target", label=f"target y1 = {y1:+.2f}")
    top = max([y1] + [o[0] for h in runs.values() for o in h.outputs])
    ax_o1.set_ylim(-0.03, max(0.6, top + 0.05))
    ax_o1.set_xlabel("epoch")
    ax_o1.set_ylabel("out_o1")
    ax_o1.set_title("out_o1 per epoch")
    for ax in axes:
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right")
    ax_loss.figure.tight_layout()
    return ax_loss, ax_o1


ZERO_AT = 1e-18  # where an exact 0 is drawn on a log axis


def plot_gradient_errors(errors, ax=None, title="Relative error of the gradient, per epoch"):
    """{label: relative errors per epoch} on a log scale; an exact 0 is drawn at ZERO_AT, hollow."""
    ax = _axes(ax, (6.4, 3.6))
    for (label, errs), colour in zip(errors.items(), LR_COLOURS * 4):
        errs = [_finite(e, f"errors[{label!r}]") for e in errs]
        shown = [max(e, ZERO_AT) for e in errs]
        ax.plot(range(len(errs)), shown, marker="o", markersize=4, color=colour, label=label, gid=label)
        zeros = [i for i, e in enumerate(errs) if e == 0]
        if zeros:
            ax.plot(zeros, [ZERO_AT] * len(zeros), "o", markersize=7, markerfacecolor="white",
                    markeredgecolor=colour, gid=f"{label}-zeros")
    ax.axhline(2.0 ** -52, color="grey", linestyle=":", linewidth=1, gid="eps64",
               label="float64 machine ε = 2⁻⁵² ≈ 2.2e-16")
    ax.set_yscale("log")
    ax.set_ylim(ZERO_AT / 3, 1.0)
    ax.set_xlabel("epoch")
    ax.set_ylabel("relative error (log scale)")
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return ax


def plot_gradients_by_weight(grads, ax=None, title="∂L/∂w per weight, by method"):
    """Grouped bars: one group per weight w1...w8, one bar per {label: Weights} of gradients."""
    ax = _axes(ax, (8.0, 3.6))
    n = len(grads)
    width = 0.8 / max(n, 1)
    for k, ((label, g), colour) in enumerate(zip(grads.items(), LR_COLOURS * 4)):
        g = Weights.of(g, name=f"grads[{label!r}]")
        xs = [i + (k - (n - 1) / 2) * width for i in range(8)]
        ax.bar(xs, list(g), width=width, color=colour, label=label, gid=label)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(8), list(EDGES))
    ax.set_xlabel("weight")
    ax.set_ylabel("∂L/∂w")
    ax.set_title(title)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    return ax


# --- figures added for notebook 07 (the playground) ---


class PlaygroundPanels:
    """The playground's three panels side by side: loss curve, outputs' trajectory, trained network.

    Drawn once; `show` then moves the data of the existing artists (set_data, set_text) instead of
    drawing new ones.  `png` redraws only what a slider move can change over a cached picture of the
    rest (frames, axis labels, legend, the network's units): ~30 ms a move, not ~100 (benchmarks/).
    The layout is fixed (no tight_layout per redraw) and sized for the width a notebook shows
    (about 940 px at dpi 80), with text of 10-11 pt: 11-12 px on screen.
    fig: a matplotlib Figure to draw on (the dashboard passes one outside pyplot); None makes one.
    y_range: the targets' slider range; the outputs' y-axis shows it whole, and stays put.
    """

    SIZE = (11.75, 4.1)  # inches; at dpi 80: 940 x 328 px
    FONT = 10  # points, ticks and legend; titles and axis labels one point larger

    def __init__(self, fig=None, y_range=(-0.5, 1.5)):
        self.fig = fig if fig is not None else plt.figure(figsize=self.SIZE)
        self.ax_loss, self.ax_outputs, self.ax_network = self.fig.subplots(1, 3, width_ratios=[1, 1, 1.25])
        self.fig.subplots_adjust(left=0.07, right=0.995, bottom=0.30, top=0.91, wspace=0.25)
        box = self.ax_network.get_position()  # the network takes the full height: its labels need the room
        self.ax_network.set_position([box.x0 - 0.01, 0.0, box.width + 0.01, 0.91])
        label = dict(fontsize=self.FONT + 1)
        (self.loss_line,) = self.ax_loss.plot([], [], color="tab:blue", markersize=4)
        self.ax_loss.set_xlabel("epoch", **label)
        self.ax_loss.set_ylabel("loss L (before the update)", **label)
        ax = self.ax_outputs
        ax.axhspan(0, 1, color="grey", alpha=0.10)
        ax.text(0.02, 0.03, "a sigmoid's range (0, 1)", transform=ax.get_yaxis_transform(), fontsize=self.FONT - 1,
                color="#666666", va="bottom", zorder=1)  # under the grid, as the cached picture has it
        self.output_lines, self.target_lines = [], []
        for k, colour in ((0, "tab:green"), (1, "tab:purple")):
            self.output_lines.append(ax.plot([], [], color=colour, linewidth=1.8, label=f"out_o{k + 1}")[0])
            self.target_lines.append(ax.axhline(0, color=colour, linestyle="--", linewidth=1.3,
                                                label=f"target y{k + 1}"))
        ax.set_xlabel("epoch", **label)
        ax.set_ylabel("output", **label)
        ax.set_ylim(y_range[0] - 0.08, y_range[1] + 0.08)  # fixed: targets at the slider's ends stay in view
        ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
        # Below the axes, outside the data: it never hides a line.  Columns fill first, so the
        # rows read "out_o1, out_o2" then "target y1, target y2".
        handles = [self.output_lines[0], self.target_lines[0], self.output_lines[1], self.target_lines[1]]
        self.legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2,
                                fontsize=self.FONT, frameon=False, handlelength=2.2, columnspacing=1.5,
                                borderaxespad=0)
        for a in (self.ax_loss, self.ax_outputs):
            a.grid(alpha=0.3)
            a.tick_params(labelsize=self.FONT)
            a.locator_params(axis="x", nbins=6)
        self.ax_loss.locator_params(axis="y", nbins=5)
        for a in (self.ax_loss, self.ax_outputs):  # fixed places: matplotlib need not measure the ticks per redraw
            a.xaxis.set_label_coords(0.5, -0.15)
            a.yaxis.set_label_coords(-0.19, 0.5)
        draw_network(SEED_WEIGHTS, ax=self.ax_network)
        self.edges = {a.get_gid(): a for a in self.ax_network.lines}
        for name, (a, b) in EDGES.items():  # from rim to rim: drawn over the units' picture, never across a unit
            (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
            dx, dy = xb - xa, yb - ya
            r = 0.13 / (dx * dx + dy * dy) ** 0.5
            self.edges[name].set_data([xa + r * dx, xb - r * dx], [ya + r * dy, yb - r * dy])
            self.edges[name].set_solid_capstyle("butt")
        self.edge_labels = {a.get_gid()[len("label-"):]: a for a in self.ax_network.texts
                            if (a.get_gid() or "").startswith("label-")}
        for text in self.edge_labels.values():
            text.set_fontsize(self.FONT - 1)
        self.unit_values = {unit: self.ax_network.text(x, y + (0.16 if y > 0.5 else -0.16), "", ha="center",
                                                       va="bottom" if y > 0.5 else "top", fontsize=self.FONT)
                            for unit, (x, y) in POSITIONS.items() if unit in ("o1", "o2")}
        self.ax_network.set_xlim(-0.2, 2.3)
        self.ax_network.set_ylim(-0.38, 1.38)
        self.ax_network.set_anchor("N")
        # Titles that never change are drawn once, with the rest; y=1 fixes their height (no layout pass).
        self.ax_outputs.set_title("outputs per epoch, targets dashed", fontsize=self.FONT + 1, y=1.0)
        self.ax_network.set_title("trained weights (red > 0, blue < 0)", fontsize=self.FONT + 1, y=1.0)
        # What one slider move can change; `png` draws these over the cached rest, each panel's in
        # zorder as a full draw would (the spines go over the grid lines, so they are redrawn too).
        moving = [[self.ax_loss.xaxis, self.ax_loss.yaxis, self.ax_loss.title, self.loss_line,
                   *self.ax_loss.spines.values()],
                  [self.ax_outputs.xaxis, *self.target_lines, *self.output_lines, *self.ax_outputs.spines.values()],
                  [*self.edges.values(), *self.edge_labels.values(), *self.unit_values.values()]]
        self.moving = [a for panel in moving for a in sorted(panel, key=lambda a: a.get_zorder())]
        self._background = None

    def show(self, history, y, w, outputs, title=""):
        """Draw a training run: its losses and outputs per epoch, the trained weights `w` and
        the `outputs` (out_o1, out_o2) they give."""
        epochs = range(len(history.losses))
        marker = "o" if len(history.losses) <= 30 else ""
        self.loss_line.set_data(epochs, history.losses)
        self.loss_line.set_marker(marker)
        _rescale(self.ax_loss, len(history.losses))
        self.ax_loss.set_title(title, fontsize=self.FONT + 1, y=1.0)  # y=1: a fixed height, no layout pass
        for k in (0, 1):
            self.output_lines[k].set_data(epochs, [o[k] for o in history.outputs])
            self.target_lines[k].set_ydata([y[k], y[k]])
        self.ax_outputs.set_xlim(-0.5, max(len(history.losses), 1) - 0.5)
        w = Weights.of(w)
        biggest = max(abs(v) for v in w) or 1.0
        for name, value in zip(EDGES, w):
            colour = POSITIVE if value > 0 else NEGATIVE if value < 0 else ZERO
            self.edges[name].set_color(colour)
            self.edges[name].set_linewidth(0.8 + 4.0 * abs(value) / biggest)
            self.edge_labels[name].set_text(f"{name} = {value:+.3f}")
            self.edge_labels[name].get_bbox_patch().set_edgecolor(colour)
        for k, unit in enumerate(("o1", "o2")):
            self.unit_values[unit].set_text(f"{outputs[k]:.5f}")
        return self

    def png(self, compress_level=1) -> bytes:
        """The figure as PNG bytes, redrawing only `moving` over the cached rest."""
        import io

        from PIL import Image  # matplotlib's own dependency

        canvas = self.fig.canvas
        if self._background is None:  # once: everything but the moving parts
            for artist in self.moving:
                artist.set_animated(True)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        canvas.restore_region(self._background)
        renderer = canvas.get_renderer()
        for artist in self.moving:
            artist.draw(renderer)
        png = io.BytesIO()
        Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).save(
            png, "png", compress_level=compress_level)  # level 1: a few ms, for flat colours about as small
        return png.getvalue()


def _rescale(ax, n):
    """Fit the y-axis to the drawn data, the x-axis to n epochs."""
    ax.relim()
    ax.autoscale_view(scalex=False)
    ax.set_xlim(-0.5, max(n, 1) - 0.5)
