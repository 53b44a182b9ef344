"""Sliders for the notebooks (bpcore.sliders, was bpcore.widgets): each function builds one interactive figure.

Plumbing, not lesson.  Each slider view has a static twin in bpcore.draw that the notebook
shows unmarked beside it, because nbval cannot compare a widget's output.
"""

from __future__ import annotations

import math

from .network import SEED_WEIGHTS, SEED_X, SEED_Y, closest_reachable, loss, lowest_loss_within_reach, train
from .style import LONG_EPOCHS_RANGE, LR_RANGE, Y_RANGE


# --- the parts every slider view shares ---


def png(fig, dpi=80) -> bytes:
    """A matplotlib Figure as PNG bytes (for an Image widget)."""
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def image_explorer(sliders, render):
    """The sliders in a row over an Image of `render(*their values)` (PNG bytes), redrawn on every move.

    An Image widget rather than an Output widget: no pyplot state, nothing leaks into the cell.
    """
    import ipywidgets as widgets

    image = widgets.Image(value=render(*(s.value for s in sliders)), format="png")

    def redraw(_change=None):
        image.value = render(*(s.value for s in sliders))

    for s in sliders:
        s.observe(redraw, names="value")
    return widgets.VBox([widgets.HBox(list(sliders)), image])


# --- the targets (notebook 02) ---


def update_targets(y1, y2, w=None, x=None, ax=None):
    """Redraw the targets figure for (y1, y2) and return what it shows.

    Returns {"loss": L at w, "lowest": the lowest loss within reach, "closest": the nearest
    reachable outputs, "ax": the Axes}.  The slider view calls this on every move.
    """
    from . import draw

    w = SEED_WEIGHTS if w is None else w
    x = SEED_X if x is None else x
    ax = draw.draw_targets((y1, y2), w=w, x=x, ax=ax)
    return {"loss": loss(w, x, (y1, y2)), "lowest": lowest_loss_within_reach((y1, y2)),
            "closest": closest_reachable((y1, y2)), "ax": ax}


def targets_explorer(y=SEED_Y, w=None, x=None, limits=Y_RANGE):
    """Sliders for the targets y1, y2 (notebook 02): the loss now and the lowest loss within reach.

    The sliders run beyond the sigmoid's range (0, 1) on purpose.  Static twin: bpcore.draw.draw_targets.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    def slider(name, value):
        return widgets.FloatSlider(value=value, min=limits[0], max=limits[1], step=0.01, description=name,
                                   readout_format="+.2f", continuous_update=True,
                                   layout=widgets.Layout(width="320px"))

    s1, s2 = slider("y1", y[0]), slider("y2", y[1])

    def show(y1, y2):
        fig, ax = plt.subplots(figsize=(5.6, 5.0))
        update_targets(y1, y2, w=w, x=x, ax=ax)
        plt.show()

    out = widgets.interactive_output(show, {"y1": s1, "y2": s2})
    return widgets.VBox([widgets.HBox([s1, s2]), out])


# --- the learning rate (notebook 04) ---

REFERENCE_LR = 1.0  # the exercise's step


def update_learning_rate(lr, epochs=300, w=None, x=None, y=None, axes=None):
    """Train at `lr` for `epochs`, redraw the loss and out_o1 beside the exercise's lr = 1, return what it shows.

    Returns {"history": the run at lr, "final_loss": its last loss, "increases": how many epochs raised
    the loss, "axes": (loss axes, out_o1 axes)}.  The slider view calls this on every move.
    """
    from . import draw

    w = SEED_WEIGHTS if w is None else w
    x = SEED_X if x is None else x
    y = SEED_Y if y is None else y
    history = train(w, x, y, lr=lr, epochs=epochs)  # checks lr and epochs
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1: the figure shows the last epoch's loss, got {epochs}")
    runs = {lr: history}
    if lr != REFERENCE_LR:
        runs = {REFERENCE_LR: train(w, x, y, lr=REFERENCE_LR, epochs=epochs), lr: history}
    axes = draw.plot_learning_rates(runs, y=y, axes=axes, title=f"Loss per epoch at lr = {lr:.3g}")
    losses = history.losses
    return {"history": history, "final_loss": losses[-1], "axes": axes,
            "increases": sum(1 for a, b in zip(losses, losses[1:]) if b > a)}


def render_learning_rate(lr, epochs=300) -> bytes:
    """The slider's picture for (lr, epochs) as PNG bytes, drawn on a Figure outside pyplot."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(11, 3.8))
    shown = update_learning_rate(lr, epochs=epochs, axes=fig.subplots(1, 2))
    fig.suptitle(f"after {epochs} epochs: loss {shown['final_loss']:.6f}; "
                 f"the loss rose in {shown['increases']} of them", fontsize=10)
    fig.tight_layout()
    return png(fig)


def learning_rate_explorer(lr=REFERENCE_LR, epochs=300):
    """A log-scale learning-rate slider (0.01 ... 100) and an epochs slider over a live loss curve (notebook 04).

    The picture is an Image widget that each move re-renders (no Output widget, no pyplot state).
    Static twin: bpcore.draw.plot_learning_rates.
    """
    import ipywidgets as widgets

    lr_slider = widgets.FloatLogSlider(value=lr, base=10, min=math.log10(LR_RANGE[0]), max=math.log10(LR_RANGE[1]),
                                       step=0.05, description="lr", readout_format=".3g", continuous_update=False,
                                       layout=widgets.Layout(width="420px"))
    epochs_slider = widgets.IntSlider(value=epochs, min=LONG_EPOCHS_RANGE[0], max=LONG_EPOCHS_RANGE[1], step=10, description="epochs",
                                      continuous_update=False, layout=widgets.Layout(width="420px"))
    return image_explorer([lr_slider, epochs_slider], render_learning_rate)
