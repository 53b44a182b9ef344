"""Figures for the notebooks: the 2-2-2 network diagram, loss curves and output trajectories.

Plumbing, not lesson: the notebooks call these so that their cells hold the mathematics.
Every function draws on an Axes (a new one when `ax` is None) and returns it, so that the
tests can read back what was drawn.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from .network import SEED_WEIGHTS, Weights

# Where each unit sits, and which weight joins which units (the exercise's wiring).
POSITIONS = {"x1": (0, 1), "x2": (0, 0), "h1": (1, 1), "h2": (1, 0), "o1": (2, 1), "o2": (2, 0)}
EDGES = {
    "w1": ("x1", "h1"), "w2": ("x1", "h2"), "w3": ("x2", "h1"), "w4": ("x2", "h2"),
    "w5": ("h1", "o1"), "w6": ("h1", "o2"), "w7": ("h2", "o1"), "w8": ("h2", "o2"),
}
# Along each edge, how far from its start the label sits: crossing edges get different
# fractions so that their labels never overlap at the crossing.
LABEL_AT = {"w1": 0.5, "w2": 0.25, "w3": 0.25, "w4": 0.5, "w5": 0.5, "w6": 0.75, "w7": 0.75, "w8": 0.5}
POSITIVE, NEGATIVE = "#c0392b", "#2c6fbb"  # red for > 0, blue for < 0


def _axes(ax, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def draw_network(w=SEED_WEIGHTS, grads=None, values=None, ax=None, title=None):
    """The 2-2-2 network with w1...w8 on its edges.

    grads: Weights of ∂L/∂w; when given, each edge is labelled with its gradient, coloured
        by its sign (red > 0, blue < 0) and drawn as wide as its magnitude.
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
            colour = POSITIVE if g > 0 else NEGATIVE
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
        if values and unit in values:
            ax.text(xu, yu - 0.22, f"{values[unit]:.5f}", ha="center", va="top", fontsize=8.5, zorder=4)
    ax.set_xlim(-0.35, 2.35)
    ax.set_ylim(-0.45, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


def plot_losses(curves, ax=None, title="Loss per epoch", logy=False):
    """One line per {label: losses}; x is the epoch (the exercise mislabels it "w")."""
    ax = _axes(ax, (6.4, 3.6))
    for label, losses in curves.items():
        ax.plot(range(len(losses)), list(losses), marker="o" if len(losses) <= 30 else None,
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


# --- figures added for notebooks 04-06 ---


# --- figures added for notebook 07 (the playground) ---


class PlaygroundPanels:
    """The playground's three panels side by side: loss curve, outputs' trajectory, trained network.

    Drawn once; `show` then moves the data of the existing artists (set_data, set_text) instead of
    drawing new ones, so that one slider move redraws in a few tens of milliseconds.
    fig: a matplotlib Figure to draw on (the dashboard passes one outside pyplot); None makes one.
    """

    def __init__(self, fig=None):
        self.fig = fig if fig is not None else plt.figure(figsize=(13, 3.7))
        self.ax_loss, self.ax_outputs, self.ax_network = self.fig.subplots(1, 3, width_ratios=[1, 1, 1.15])
        self.fig.subplots_adjust(left=0.055, right=0.995, bottom=0.14, top=0.88, wspace=0.22)
        (self.loss_line,) = self.ax_loss.plot([], [], color="tab:blue", markersize=3)
        self.ax_loss.set_xlabel("epoch")
        self.ax_loss.set_ylabel("loss L (before the epoch's update)")
        self.ax_loss.grid(alpha=0.3)
        ax = self.ax_outputs
        ax.axhspan(0, 1, color="grey", alpha=0.08, label="a sigmoid's range (0, 1)")
        self.output_lines, self.target_lines = [], []
        for k, colour in ((0, "tab:green"), (1, "tab:purple")):
            self.output_lines.append(ax.plot([], [], color=colour, label=f"out_o{k + 1}")[0])
            self.target_lines.append(ax.axhline(0, color=colour, linestyle="--", linewidth=1, label=f"y{k + 1}"))
        ax.set_xlabel("epoch")
        ax.set_ylabel("output")
        ax.grid(alpha=0.3)
        self.legend = ax.legend(fontsize=7.5, loc="upper right", ncol=2)
        draw_network(SEED_WEIGHTS, ax=self.ax_network)
        self.edges = {a.get_gid(): a for a in self.ax_network.lines}
        self.edge_labels = {a.get_gid()[len("label-"):]: a for a in self.ax_network.texts
                            if (a.get_gid() or "").startswith("label-")}
        self.unit_values = {unit: self.ax_network.text(x + 0.17, y, "", ha="left", va="center", fontsize=9)
                            for unit, (x, y) in POSITIONS.items() if unit in ("o1", "o2")}
        self.ax_network.set_xlim(-0.2, 2.65)
        self.ax_network.set_ylim(-0.3, 1.25)
        for ax in (self.ax_loss, self.ax_outputs):
            ax.locator_params(nbins=5)  # fewer tick labels: text is most of a redraw's time

    def show(self, history, y, w, outputs, title=""):
        """Draw a training run: its losses and outputs per epoch, the trained weights `w` and
        the `outputs` (out_o1, out_o2) they give."""
        epochs = range(len(history.losses))
        marker = "o" if len(history.losses) <= 30 else ""
        self.loss_line.set_data(epochs, history.losses)
        self.loss_line.set_marker(marker)
        _rescale(self.ax_loss, len(history.losses))
        # Titles at a fixed height (y=1): spares matplotlib a layout pass on every redraw.
        self.ax_loss.set_title(title, fontsize=10, y=1.0)
        for k in (0, 1):
            self.output_lines[k].set_data(epochs, [o[k] for o in history.outputs])
            self.target_lines[k].set_ydata([y[k], y[k]])
            self.legend.get_texts()[2 * k + 2].set_text(f"target y{k + 1} = {y[k]:+.2f}")
        self.ax_outputs.set_xlim(-0.5, max(len(history.losses), 1) - 0.5)
        self.ax_outputs.set_ylim(min(-0.15, min(y) - 0.05), max(1.05, max(y) + 0.05))
        self.ax_outputs.set_title("outputs per epoch, targets dashed", fontsize=10, y=1.0)
        w = Weights.of(w)
        biggest = max(abs(v) for v in w) or 1.0
        for name, value in zip(EDGES, w):
            colour = POSITIVE if value > 0 else NEGATIVE
            self.edges[name].set_color(colour)
            self.edges[name].set_linewidth(0.8 + 4.0 * abs(value) / biggest)
            self.edge_labels[name].set_text(f"{name} = {value:+.3f}")
            self.edge_labels[name].get_bbox_patch().set_edgecolor(colour)
        for k, unit in enumerate(("o1", "o2")):
            self.unit_values[unit].set_text(f"{outputs[k]:.5f}")
        self.ax_network.set_title(f"weights after {len(history.losses)} updates (red > 0, blue < 0)",
                                  fontsize=10, y=1.0)
        return self


def _rescale(ax, n):
    """Fit the y-axis to the drawn data, the x-axis to n epochs."""
    ax.relim()
    ax.autoscale_view(scalex=False)
    ax.set_xlim(-0.5, max(n, 1) - 0.5)
