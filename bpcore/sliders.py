"""Sliders for the notebooks: every interactive figure of the series is an ImageView.

Plumbing, not lesson.  Each slider view has a static twin that the notebook shows unmarked beside it,
because nbval cannot compare a widget's output.  The twin is drawn by the same function as the live
picture: draw.draw_targets (notebook 02), stepper_plots.draw_step (03), draw.plot_learning_rates (04),
playground.show (07) and mlp_plots.boundary_panel (08).
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from contextlib import contextmanager

import ipywidgets
import numpy as np
from matplotlib.figure import Figure

from . import draw
from .network import SEED_WEIGHTS, SEED_X, SEED_Y, closest_reachable, loss, lowest_loss_within_reach, train
from .style import LONG_EPOCHS_RANGE, LR_RANGE, Y_RANGE

REFERENCE_LR = 1.0  # the exercise's step


# --- the parts every slider view shares ---


def png(fig, dpi=80) -> bytes:
    """A matplotlib Figure as PNG bytes (for an Image widget)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def canvas_png(canvas, level=1) -> bytes:
    """What an Agg canvas shows, as PNG bytes, quickly: RGBA rows unfiltered, deflated at zlib `level`.

    For a slider view redrawn while it is dragged: about 3 ms for the playground's 940 x 328 px, where
    PIL's encoder (savefig's) takes twice that, trying five filters on every row.  The series' pictures
    are flat colours on white, which deflate well without a filter (the PNG is about as small)."""
    pixels = np.asarray(canvas.buffer_rgba())  # height x width x 4
    height, width, _ = pixels.shape
    rows = np.zeros((height, 1 + 4 * width), np.uint8)  # each row: its filter type, 0 (none), then its pixels
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits a channel, RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, level))
            + chunk(b"IEND", b""))


def blit_png(canvas, background, artists) -> bytes:
    """A kept picture, `background` (canvas.copy_from_bbox), with `artists` drawn over it, as PNG bytes.

    For a view whose move changes only some of its artists (the stepper): a few ms, where a full draw
    and savefig take tens."""
    canvas.restore_region(background)
    renderer = canvas.get_renderer()
    for artist in artists:
        artist.draw(renderer)
    return canvas_png(canvas)


class ImageView:
    """Controls over an Image widget that shows `render(*their values)`, PNG bytes, redrawn after each move.

    The one way the series builds an interactive figure, the playground included.  An Image widget fed
    PNG bytes, not an Output widget and plt.show(): the picture is drawn on a Figure outside pyplot, so
    no pyplot state is shared between views and nothing leaks into the cell's output (nbval, Voilà); a
    move replaces the picture in place instead of clearing and refilling an Output, which flickers; and
    the bytes shown are the bytes a test can compare.

    The picture is shown at its own pixel size, or narrower where the page is narrower, never stretched
    (the box around it would stretch it to its width): sharp in a notebook and in Voilà alike.

    rows: how the controls are laid out, one HBox per row (default: all in one row); a row may hold
        widgets that are not controls, such as a button.  below: widgets under the picture.
    describe: called with the controls' values after each new picture, to update widgets that say what it
        shows (the stepper's readout and formula): they never run ahead of the picture.
    settle: called before each redraw; it may move controls that depend on others (a switch that a
        slider's value rules out), and those moves make no redraw of their own: still one per move.
    """

    def __init__(self, controls, render, rows=None, below=(), describe=None, settle=None):
        self.controls = list(controls)
        self.render, self.describe, self.settle = render, describe, settle
        self.image = ipywidgets.Image(format="png")
        rows = [self.controls] if rows is None else rows
        self.box = ipywidgets.VBox([*(ipywidgets.HBox(list(row)) for row in rows), self.image, *below])
        self._held = False
        for control in self.controls:
            control.observe(self.redraw, names="value")
        self.redraw()
        width = int.from_bytes(self.image.value[16:20], "big")  # a PNG's width: bytes 16-19, in its header
        self.image.layout = ipywidgets.Layout(width=f"{width}px", max_width="100%", height="auto")

    def redraw(self, change=None):
        """Render the controls' values into the picture (unless `held`)."""
        if self._held:
            return
        if self.settle is not None:
            with self.held(redraw=False):
                self.settle()
        values = [control.value for control in self.controls]
        self.image.value = self.render(*values)
        if self.describe is not None:
            self.describe(*values)

    @contextmanager
    def held(self, redraw=True):
        """Move several controls at once, with one redraw at the end instead of one per control
        (none with redraw=False: one follows anyway)."""
        self._held = True
        try:
            yield
        finally:
            self._held = False
        if redraw:
            self.redraw()


def image_explorer(sliders, render):
    """The sliders in a row over an Image of `render(*their values)` (PNG bytes): ImageView's box."""
    return ImageView(sliders, render).box


def lr_slider(value=REFERENCE_LR, description="lr", step=0.05, **options) -> ipywidgets.FloatLogSlider:
    """A learning-rate slider over style.LR_RANGE on a log scale (10^-2 ... 10^2)."""
    lo, hi = LR_RANGE
    return ipywidgets.FloatLogSlider(value=value, base=10, min=math.log10(lo), max=math.log10(hi), step=step,
                                     description=description, readout_format=".3g", **options)


def target_slider(name, value, limits=Y_RANGE, **options) -> ipywidgets.FloatSlider:
    """A slider for one target, y1 or y2, over style.Y_RANGE: beyond a sigmoid's (0, 1) on purpose."""
    return ipywidgets.FloatSlider(value=value, min=limits[0], max=limits[1], step=0.01, description=name,
                                  readout_format="+.2f", **options)


# --- the targets (notebook 02) ---


def update_targets(y1, y2, w=None, x=None, ax=None):
    """Redraw the targets figure for (y1, y2) and return what it shows.

    Returns {"loss": L at w, "lowest": the lowest loss within reach, "closest": the nearest
    reachable outputs, "ax": the Axes}.  The slider view calls this on every move.
    """
    w = SEED_WEIGHTS if w is None else w
    x = SEED_X if x is None else x
    ax = draw.draw_targets((y1, y2), w=w, x=x, ax=ax)
    return {"loss": loss(w, x, (y1, y2)), "lowest": lowest_loss_within_reach((y1, y2)),
            "closest": closest_reachable((y1, y2)), "ax": ax}


def render_targets(y1, y2, w=None, x=None) -> bytes:
    """The targets slider's picture for (y1, y2) as PNG bytes, drawn on a Figure outside pyplot."""
    fig = Figure(figsize=(5.6, 5.0))
    update_targets(y1, y2, w=w, x=x, ax=fig.subplots())
    fig.tight_layout()
    return png(fig, dpi=100)


def targets_explorer(y=SEED_Y, w=None, x=None, limits=Y_RANGE):
    """Sliders for the targets y1, y2 (notebook 02): the loss now and the lowest loss within reach.

    The sliders run beyond the sigmoid's range (0, 1) on purpose.  Static twin: bpcore.draw.draw_targets.
    """
    def slider(name, value):
        return target_slider(name, value, limits, continuous_update=True,
                             layout=ipywidgets.Layout(width="320px"))

    return image_explorer([slider("y1", y[0]), slider("y2", y[1])],
                          lambda y1, y2: render_targets(y1, y2, w, x))


# --- the learning rate (notebook 04) ---


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
    fig = Figure(figsize=(11, 3.8))
    shown = update_learning_rate(lr, epochs=epochs, axes=fig.subplots(1, 2))
    fig.suptitle(f"after {epochs} epochs: loss {shown['final_loss']:.6f}; "
                 f"the loss rose in {shown['increases']} of them", fontsize=10)
    fig.tight_layout()
    return png(fig)


def learning_rate_explorer(lr=REFERENCE_LR, epochs=300):
    """A log-scale learning-rate slider (0.01 ... 100) and an epochs slider over a live loss curve
    (notebook 04).

    Static twin: bpcore.draw.plot_learning_rates.
    """
    lr_control = lr_slider(lr, continuous_update=False, layout=ipywidgets.Layout(width="420px"))
    epochs_control = ipywidgets.IntSlider(value=epochs, min=LONG_EPOCHS_RANGE[0], max=LONG_EPOCHS_RANGE[1],
                                          step=10, description="epochs", continuous_update=False,
                                          layout=ipywidgets.Layout(width="420px"))
    return image_explorer([lr_control, epochs_control], render_learning_rate)
