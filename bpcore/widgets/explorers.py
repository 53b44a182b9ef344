"""The explorers: sliders over a live figure, each an ImageView whose static twin is the same bpcore.plots
function, drawn unmarked beside it.

- lr_slider, target_slider: every learning-rate and target slider of the series, over bpcore.plots.style's
  ranges
- targets_explorer (notebook 02), learning_rate_explorer (04), boundary_explorer (08)
"""

from __future__ import annotations

import math

import ipywidgets
from matplotlib.figure import Figure

from ..gradients import train
from ..language import tr
from ..network import SEED_WEIGHTS, SEED_X, SEED_Y, closest_reachable, loss, lowest_loss_within_reach
from ..plots.fonts import in_language
from ..plots.matrix import boundary_panel
from ..plots.network import draw_targets
from ..plots.style import HIDDEN_RANGE, LONG_EPOCHS_RANGE, LR_RANGE, Y_RANGE
from ..plots.training import plot_learning_rates
from .view import image_explorer, png

REFERENCE_LR = 1.0  # the exercise's step


def lr_slider(value=REFERENCE_LR, description="lr", step=0.05, **options) -> ipywidgets.FloatLogSlider:
    """A learning-rate slider over bpcore.plots.style.LR_RANGE on a log scale (10^-2 ... 10^2)."""
    lo, hi = LR_RANGE
    return ipywidgets.FloatLogSlider(value=value, base=10, min=math.log10(lo), max=math.log10(hi), step=step,
                                     description=description, readout_format=".3g", **options)


def target_slider(name, value, limits=Y_RANGE, **options) -> ipywidgets.FloatSlider:
    """A slider for one target, y1 or y2, over bpcore.plots.style.Y_RANGE: beyond a sigmoid's (0, 1) on
    purpose."""
    return ipywidgets.FloatSlider(value=value, min=limits[0], max=limits[1], step=0.01, description=name,
                                  readout_format="+.2f", **options)


# --- the targets (notebook 02) ---


@in_language
def update_targets(y1, y2, w=None, x=None, ax=None):
    """Redraw the targets figure for (y1, y2) and return what it shows.

    Returns {"loss": L at w, "lowest": the lowest loss within reach, "closest": the nearest
    reachable outputs, "ax": the Axes}.  The slider view calls this on every move.
    """
    w = SEED_WEIGHTS if w is None else w
    x = SEED_X if x is None else x
    ax = draw_targets((y1, y2), w=w, x=x, ax=ax)
    return {"loss": loss(w, x, (y1, y2)), "lowest": lowest_loss_within_reach((y1, y2)),
            "closest": closest_reachable((y1, y2)), "ax": ax}


@in_language
def render_targets(y1, y2, w=None, x=None) -> bytes:
    """The targets slider's picture for (y1, y2) as PNG bytes, drawn on a Figure outside pyplot."""
    fig = Figure(figsize=(5.6, 5.0))
    update_targets(y1, y2, w=w, x=x, ax=fig.subplots())
    fig.tight_layout()
    return png(fig, dpi=100)


def targets_explorer(y=SEED_Y, w=None, x=None, limits=Y_RANGE):
    """Sliders for the targets y1, y2 (notebook 02): the loss now and the lowest loss within reach.

    The sliders run beyond the sigmoid's range (0, 1) on purpose.  Static twin:
    bpcore.plots.network.draw_targets.
    """
    def slider(name, value):
        return target_slider(name, value, limits, continuous_update=True,
                             layout=ipywidgets.Layout(width="320px"))

    return image_explorer([slider("y1", y[0]), slider("y2", y[1])],
                          lambda y1, y2: render_targets(y1, y2, w, x))


# --- the learning rate (notebook 04) ---


@in_language
def update_learning_rate(lr, epochs=300, w=None, x=None, y=None, axes=None):
    """Train at `lr` for `epochs`, redraw the loss and out_o1 beside the exercise's lr = 1; return what it
    shows.

    Returns {"history": the run at lr, "final_loss": its last loss, "increases": how many epochs raised
    the loss, "axes": (loss axes, out_o1 axes)}.  The slider view calls this on every move.
    """
    w = SEED_WEIGHTS if w is None else w
    x = SEED_X if x is None else x
    y = SEED_Y if y is None else y
    history = train(w, x, y, lr=lr, epochs=epochs)  # checks lr and epochs
    if epochs < 1:
        raise ValueError(tr("epochs must be >= 1: the figure shows the last epoch's loss, got {epochs}",
                            epochs=epochs))
    runs = {lr: history}
    if lr != REFERENCE_LR:
        runs = {REFERENCE_LR: train(w, x, y, lr=REFERENCE_LR, epochs=epochs), lr: history}
    axes = plot_learning_rates(runs, y=y, axes=axes, title=tr("Loss per epoch at lr = {lr:.3g}", lr=lr))
    losses = history.losses
    return {"history": history, "final_loss": losses[-1], "axes": axes,
            "increases": sum(1 for a, b in zip(losses, losses[1:]) if b > a)}


@in_language
def render_learning_rate(lr, epochs=300) -> bytes:
    """The slider's picture for (lr, epochs) as PNG bytes, drawn on a Figure outside pyplot."""
    fig = Figure(figsize=(11, 3.8))
    shown = update_learning_rate(lr, epochs=epochs, axes=fig.subplots(1, 2))
    fig.suptitle(tr("after {epochs} epochs: loss {loss:.6f}; the loss rose in {increases} of them",
                    epochs=epochs, loss=shown["final_loss"], increases=shown["increases"]), fontsize=10)
    fig.tight_layout()
    return png(fig)


def learning_rate_explorer(lr=REFERENCE_LR, epochs=300):
    """A log-scale learning-rate slider (0.01 ... 100) and an epochs slider over a live loss curve
    (notebook 04).

    Static twin: bpcore.plots.training.plot_learning_rates.
    """
    lr_control = lr_slider(lr, continuous_update=False, layout=ipywidgets.Layout(width="420px"))
    epochs_control = ipywidgets.IntSlider(value=epochs, min=LONG_EPOCHS_RANGE[0], max=LONG_EPOCHS_RANGE[1],
                                          step=10, description=tr("epochs"), continuous_update=False,
                                          layout=ipywidgets.Layout(width="420px"))
    return image_explorer([lr_control, epochs_control], render_learning_rate)


# --- the decision boundary (notebook 08) ---


@in_language
def render_boundary(X, Y, hidden, lr, epochs=1500, seed=0) -> bytes:
    """The slider's picture as PNG bytes, drawn on a Figure outside pyplot."""
    fig = Figure(figsize=(10, 4.2))
    boundary_panel(X, Y, hidden, lr, epochs=epochs, seed=seed, axes=fig.subplots(1, 2))
    fig.tight_layout()
    return png(fig)


def boundary_explorer(X, Y, hidden=4, lr=3.0, epochs=1500, seed=0):
    """Sliders for the hidden width (1 … 16) and the learning rate (0.01 … 100, log scale).

    Static twin: bpcore.plots.matrix.boundary_panel."""
    hidden_slider = ipywidgets.IntSlider(value=hidden, min=HIDDEN_RANGE[0], max=HIDDEN_RANGE[1],
                                         description=tr("hidden"), continuous_update=False,
                                         layout=ipywidgets.Layout(width="380px"))
    rate = lr_slider(lr, continuous_update=False, layout=ipywidgets.Layout(width="380px"))
    return image_explorer([hidden_slider, rate],
                                  lambda hidden, lr: render_boundary(X, Y, hidden, lr, epochs, seed))
