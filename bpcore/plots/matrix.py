"""Notebook 08's figures (matrix form): the weight matrices, decision boundaries, a trained boundary beside
its loss (the static twin of bpcore.widgets.explorers.boundary_explorer).

Every drawing function draws on Axes (new ones when `ax`/`axes` is None) and returns what it
drew, so that tests can read it back.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, NullFormatter

from .. import mlp, validate
from ..language import tr
from ..network import Weights
from .fonts import in_language
from .network import axes_or_new
from .style import CLASS_COLOURS
from .training import plot_losses

UNIT_NAMES = (("x1", "x2"), ("h1", "h2"), ("o1", "o2"))
CONSTANT = 1e-9  # outputs that vary less than this over the plane are drawn as a constant, with no boundary


@in_language
def draw_weight_matrices(w, axes=None, title=None):
    """W1 and W2 of from_weights(w) as 2×2 grids: each cell names its weight and value.  The title is "Where
    w1 … w8 land: rows = from, columns = to" (in the language bpcore speaks) unless `title` is given.

    Rows are the units a layer reads (x1, x2 / h1, h2), columns the units it feeds (h1, h2 / o1, o2).
    """
    w = Weights.of(w)
    (W1, _), (W2, _) = mlp.from_weights(w)
    axes = axes_or_new(axes, (7.2, 3.6), ncols=2, layout="constrained")
    limit = max(abs(v) for v in w)
    for k, (ax, W, first) in enumerate(zip(axes, (W1, W2), (1, 5))):
        rows, cols = UNIT_NAMES[k], UNIT_NAMES[k + 1]
        ax.imshow(W, cmap="RdBu_r", vmin=-limit * 1.6, vmax=limit * 1.6)
        for i in range(2):
            for j in range(2):
                ax.text(j, i, f"w{first + 2 * i + j}\n{W[i, j]:+.3f}", ha="center", va="center", fontsize=11,
                        gid=f"cell-W{k + 1}-{i}{j}")
        ax.set_xticks([0, 1], [f"→ {c}" for c in cols])
        ax.set_yticks([0, 1], [f"{r} →" for r in rows])
        ax.xaxis.tick_top()
        ax.set_xlabel(tr("W{k}, shape {shape}", k=k + 1, shape=W.shape))
    axes[0].figure.suptitle(tr("Where w1 … w8 land: rows = from, columns = to") if title is None else title)
    return axes


def grid_outputs(params, X, resolution=150, margin=0.5):
    """The network's single output over a square grid around the data: (xs, ys, out)."""
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    out = mlp.forward(params, np.column_stack([gx.ravel(), gy.ravel()]))[-1][:, 0]
    return xs, ys, out.reshape(gx.shape)


@in_language
def plot_decision_boundary(params, X, Y, ax=None, title=None, resolution=150, legend=True):
    """The output σ over the plane (shaded), the decision boundary (决策边界) output = 0.5, and the data.

    Ticks fall on round steps (…, 0.5, 1 or 2 apart), at most 7 to an axis, so their labels never touch.
    `legend=False` leaves the classes' legend to the caller (one legend for a grid of panels).
    """
    X = mlp.shaped(X, (None, 2), "X")  # two inputs: a point in the plane
    Y = mlp.shaped(Y, (X.shape[0], 1), "Y")  # one output
    ax = axes_or_new(ax, (4.6, 4.2), layout="constrained")
    xs, ys, out = grid_outputs(params, X, resolution)
    constant = out.max() - out.min() <= CONSTANT
    if constant:  # one shade: a single layer on XOR ends at 0.5 ± 1e-16, and the noise is no boundary
        out = np.full_like(out, out.mean())
    shade = ax.contourf(xs, ys, out, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.45)
    shade.set_gid("output")
    if out.min() < 0.5 < out.max():
        ax.contour(xs, ys, out, levels=[0.5], colors="black", linewidths=1.5).set_gid("boundary")
    for label, colour in enumerate(CLASS_COLOURS):
        mine = (Y[:, 0] > 0.5) == bool(label)
        ax.scatter(X[mine, 0], X[mine, 1], s=28, color=colour, edgecolor="white", linewidth=0.7, zorder=3,
                   label=f"y = {label}", gid=f"class-{label}")
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    if legend:
        ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    ax.set_title(title or tr("accuracy {accuracy:.0%}", accuracy=mlp.accuracy(params, X, Y)))
    return ax


@in_language
def plot_boundaries(params_by_title, X, Y, ncols=2, panel_size=3.8):
    """One decision-boundary panel per {title: params}, in a grid of `ncols` columns, with one
    shared legend for the classes below the panels (outside every axes, so it covers no point).

    Returns the Axes as an array of shape (rows, ncols); panels the grid does not need are hidden.
    """
    if not params_by_title:
        raise ValueError(tr("params_by_title must hold at least one {{title: params}} panel"))
    nrows = -(-len(params_by_title) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(ncols * panel_size, nrows * panel_size + 0.5),
                             squeeze=False, layout="constrained")
    for ax, (title, params) in zip(axes.flat, params_by_title.items()):
        plot_decision_boundary(params, X, Y, ax=ax, title=title, legend=False)
    for ax in axes.flat[len(params_by_title):]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    handles.append(Line2D([], [], color="black", linewidth=1.5))
    labels.append(tr("decision boundary: output 0.5"))
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels))
    return axes


@in_language
def boundary_panel(X, Y, hidden=4, lr=3.0, epochs=1500, seed=0, axes=None):
    """Train [2, hidden, 1] (with bias) on (X, Y) and draw its decision boundary beside its loss curve
    (on a log scale when the loss changes by more than 10×).

    Returns {"history", "accuracy", "axes"}.  The slider view calls this on every move.
    """
    try:
        hidden = validate.layer_sizes([2, hidden, 1])[1]  # the rule for a layer's width
    except (TypeError, ValueError) as e:
        raise type(e)(tr("hidden must be a layer width: {error}", error=e)) from None
    history = mlp.train(mlp.init([2, hidden, 1], seed=seed), X, Y, lr=lr, epochs=epochs)
    axes = axes_or_new(axes, (10, 4.2), ncols=2, layout="constrained")
    acc = mlp.accuracy(history.params, X, Y)
    plot_decision_boundary(history.params, X, Y, ax=axes[0],
                           title=tr("hidden width {hidden}, lr {lr:.3g}: accuracy {accuracy:.0%}",
                                    hidden=hidden, lr=lr, accuracy=acc))
    losses = history.losses
    # A log scale only where the loss falls (or rises) by more than 10×: within one decade it
    # shows no power of 10, and its minor labels (1.425×10⁻¹ ...) are clutter.
    logy = bool(losses) and max(losses) > 10 * min(losses)
    title = tr("loss per epoch (final {loss:.4f})", loss=losses[-1]) if epochs else tr("loss per epoch")
    label = tr("hidden {hidden}, lr {lr:.3g}", hidden=hidden, lr=lr)
    loss_ax = plot_losses({label: losses}, ax=axes[1], logy=logy, title=title)
    if logy:
        loss_ax.yaxis.set_minor_formatter(NullFormatter())
    return {"history": history, "accuracy": acc, "axes": axes}
