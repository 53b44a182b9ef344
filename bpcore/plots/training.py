"""Training's figures (notebooks 04-06): the loss and the outputs per epoch, learning rates side by side,
the gradient checks' errors, the gradients by weight, the exercise's own figure, the bowl's paths.

Every function draws on Axes (new ones when `ax`/`axes` is None) and returns them, so that the tests can
read back what was drawn.  A curve is coloured by a key, a learning rate or a method (bpcore.plots.style).
"""

from __future__ import annotations

from .. import validate
from ..formatting import target
from ..language import tr
from ..network import SEED_Y, WEIGHT_NAMES, Weights, lowest_loss_within_reach
from .fonts import in_language
from .network import LOG_FLOOR, axes_or_new
from .style import OUTPUT_COLOURS, REFERENCE_COLOUR, ZERO, lr_colour, series_colour


@in_language
def plot_losses(curves, ax=None, title=None, logy=False, keys=None):
    """One line per {label: losses}; x is the epoch (the exercise mislabels it "w").  The title is "Loss per
    epoch" (in the language bpcore speaks) unless `title` is given.

    keys: {label: key}, each line's colour key (style.series_colour), a learning rate or a method:
        lr = 1 blue, "published" red, in every figure.  A label without one is its own key, or the
        one bpcore.plots.style.CURVE_KEYS lists for it."""
    ax = axes_or_new(ax, (6.4, 3.6))
    for k, (label, losses) in enumerate(curves.items()):
        losses = [max(v, LOG_FLOOR) for v in losses] if logy else list(losses)
        ax.plot(range(len(losses)), losses, marker="o" if len(losses) <= 30 else None,
                markersize=3, label=label, color=series_colour((keys or {}).get(label, label), k))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("loss L (before the epoch's update)"))
    if logy:
        ax.set_yscale("log")
    ax.set_title(tr("Loss per epoch") if title is None else title)
    ax.grid(alpha=0.3)
    if len(curves) > 1:
        ax.legend()
    return ax


@in_language
def plot_outputs(history, y, ax=None, title=None):
    """out_o1 and out_o2 over the epochs, with their targets dashed and the sigmoid's range shaded.  The title
    is "Outputs per epoch" (in the language bpcore speaks) unless `title` is given."""
    ax = axes_or_new(ax, (6.4, 3.6))
    epochs = range(len(history.outputs))
    for k, colour in enumerate(OUTPUT_COLOURS):
        ax.plot(epochs, [o[k] for o in history.outputs], color=colour, label=f"out_o{k + 1}")
        ax.axhline(y[k], color=colour, linestyle="--", linewidth=1,
                   label=tr("target y{k} = {value}", k=k + 1, value=target(y[k])))
    ax.axhspan(0, 1, color="grey", alpha=0.08, label=tr("a sigmoid's range (0, 1)"))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("output"))
    ax.set_ylim(min(-0.15, min(y) - 0.05), max(1.05, max(y) + 0.05))
    ax.set_title(tr("Outputs per epoch") if title is None else title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="best")
    return ax


@in_language
def plot_loss_as_published(losses, ax=None):
    """The exercise's own figure, `plt.plot(eli, lli)` with its x-axis labelled "w" (it is the epoch).

    Drawn in the colour of lr = 1 (REFERENCE_COLOUR): notebook 04 gives it the losses of the run at lr = 1.
    Its axes' labels are the exercise's own, "w" and "Loss", quoted as they are in every language."""
    ax = axes_or_new(ax, (4.8, 3.6))
    ax.plot(range(len(losses)), list(losses), color=REFERENCE_COLOUR, gid="as-published")
    ax.set_xlabel("w")
    ax.set_ylabel("Loss")
    ax.set_title(tr('As the exercise labels it: x is "w"'))
    return ax


@in_language
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


@in_language
def plot_learning_rates(runs, y=SEED_Y, axes=None, title=None, xlim=None, loss_ylim=None, o1_ylim=None,
                        logy=True):
    """Gradient descent at several learning rates: {lr: History} → (loss axes, out_o1 axes).

    Left: the loss per epoch (log scale unless logy=False), with the lowest loss within reach dashed.
    Right: out_o1 per epoch and its target y1; overshoot, oscillation and saturation show here.
    Each rate has its fixed colour, lr_colour(lr) (lr = 1 always blue); the first run listed is on top.
    xlim: (first, last) epoch shown in both panels; loss_ylim, o1_ylim: each panel's y range.
    """
    if not runs:
        raise ValueError(tr("runs must hold at least one {{lr: History}}"))
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
                        label=tr("lowest within reach {floor:.5f}", floor=floor))
    if logy:
        ax_loss.set_yscale("log")
    ax_loss.set_xlabel(tr("epoch"))
    ax_loss.set_ylabel(tr("loss L (log scale)") if logy else tr("loss L"))
    ax_loss.set_title(title or tr("Loss per epoch"))
    _o1_panel(ax_o1, runs, y1, xlim, o1_ylim)
    if loss_ylim is not None:
        ax_loss.set_ylim(loss_ylim)
    for ax in axes:
        if xlim is not None:
            ax.set_xlim(xlim)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper right")
    ax_loss.figure.tight_layout()
    return ax_loss, ax_o1


def _o1_panel(ax, runs, y1, xlim=None, ylim=None):
    """plot_learning_rates' right panel: its target dashed, its range, labels and title."""
    ax.axhline(y1, color="black", linestyle="--", linewidth=1, gid="target",
               label=tr("target y{k} = {value}", k=1, value=target(y1)))
    top = max([y1] + [o[0] for h in runs.values() for o in h.outputs])
    ax.set_ylim(ylim or (-0.03, max(0.6, top + 0.05)))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel("out_o1")
    ax.set_title(tr("out_o1 per epoch") if xlim is None
                 else tr("out_o1, epochs {first:g}-{last:g}", first=xlim[0], last=xlim[1]))


@in_language
def plot_gradient_errors(errors, ax=None, title=None, keys=None):
    """{label: relative errors per epoch} on a log scale; an exact 0 is drawn at LOG_FLOOR, hollow.  The title
    is "Relative error of the gradient, per epoch" (in the language bpcore speaks) unless `title` is given.

    keys: {label: key}, as in plot_losses; an error is coloured as the method it is measured against
    ("manual vs autograd" in autograd's colour, bpcore.plots.style.CURVE_KEYS)."""
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
               label=tr("float64 machine ε = 2⁻⁵² ≈ 2.2e-16"))
    ax.set_yscale("log")
    ax.set_ylim(LOG_FLOOR / 3, 1.0)
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("relative error (log scale)"))
    ax.set_title(tr("Relative error of the gradient, per epoch") if title is None else title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper right")
    return ax


@in_language
def plot_gradients_by_weight(grads, ax=None, title=None, keys=None):
    """Grouped bars: one group per weight w1...w8, one bar per {label: Weights} of gradients.  The title is
    "∂L/∂w per weight, by method" (in the language bpcore speaks) unless `title` is given.

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
    ax.set_xlabel(tr("weight"))
    ax.set_ylabel("∂L/∂w")
    ax.set_title(tr("∂L/∂w per weight, by method") if title is None else title)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(fontsize=8)
    return ax
