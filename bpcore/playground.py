"""The playground of notebook 07: one dashboard to train the exercise's network by hand.

Sliders for the learning rate, the targets y1, y2 and the number of epochs; a switch between the
correct gradients (bpcore.backprop) and the published ones (bpcore.backprop_original); a reset to
the worked example.  Every number shown is computed by bpcore.train.

The parts are separate so that tests can call them without a browser:

    result = compute(Settings(lr=5.0))      # the numbers: bpcore.train, then the trained network
    readout(result)                         # the text under the plots, in a fixed format
    render(result, panels)                  # the plots, drawn in place and returned as PNG bytes
    dashboard()                             # the ipywidgets app that ties them together
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .network import (SEED_WEIGHTS, SEED_X, SEED_Y, History, Weights, _finite, backprop, backprop_original,
                      check_training_args, forward, loss, train)
from .widgets import LR_RANGE, Y_RANGE  # the same slider ends as the other notebooks' sliders

GRADIENTS = {"correct": backprop, "published": backprop_original}
EPOCHS_RANGE = (1, 300)


@dataclass(frozen=True)
class Settings:
    """What the sliders set.  The defaults are the worked example: lr 1, 10 epochs, y = (0.23, -0.07)."""

    lr: float = 1.0
    y1: float = SEED_Y[0]
    y2: float = SEED_Y[1]
    epochs: int = 10
    gradient: str = "correct"  # "correct" (bpcore.backprop) or "published" (bpcore.backprop_original)

    def __post_init__(self):
        check_training_args(self.lr, self.epochs)
        for name in ("y1", "y2"):
            _finite(getattr(self, name), name)
        if self.gradient not in GRADIENTS:
            raise ValueError(f"gradient must be one of {sorted(GRADIENTS)}, got {self.gradient!r}")


WORKED_EXAMPLE = Settings()


@dataclass(frozen=True)
class Result:
    """A training run from the exercise's weights and inputs, and where it ended."""

    settings: Settings
    history: History  # bpcore.train's record: loss and outputs per epoch, before its update
    weights: Weights  # after the last update
    loss: float  # L with those weights
    outputs: tuple[float, float]  # (out_o1, out_o2) with those weights


def compute(settings: Settings) -> Result:
    """Train the exercise's network (SEED_WEIGHTS, SEED_X) with `settings`; the numbers of the dashboard."""
    if not isinstance(settings, Settings):
        raise TypeError(f"settings must be a playground.Settings, got {settings!r}")
    y = (settings.y1, settings.y2)
    history = train(SEED_WEIGHTS, SEED_X, y, lr=settings.lr, epochs=settings.epochs,
                    grad=GRADIENTS[settings.gradient])
    w = history.weights[-1]
    f = forward(w, SEED_X)
    return Result(settings, history, w, loss(w, SEED_X, y), (f.out_o1, f.out_o2))


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def readout(result: Result) -> str:
    """The dashboard's text: the settings, then the loss and outputs after the last update."""
    s = result.settings
    return (f"lr = {s.lr:.3g}, y1 = {s.y1:+.2f}, y2 = {s.y2:+.2f}, {_plural(s.epochs, 'epoch')}, {s.gradient} gradients"
            f" → after {_plural(s.epochs, 'update')}: L = {result.loss:.6f}, out_o1 = {result.outputs[0]:.5f},"
            f" out_o2 = {result.outputs[1]:.5f}")


def title(result: Result) -> str:
    s = result.settings
    return f"loss: {s.gradient} gradients, lr = {s.lr:.3g}"


def render(result: Result, panels) -> bytes:
    """Draw `result` on `panels` (a bpcore.draw.PlaygroundPanels) in place; return the figure as PNG."""
    panels.show(result.history, (result.settings.y1, result.settings.y2), result.weights, result.outputs,
                title=title(result))
    return panels.png()


def figure(settings: Settings = WORKED_EXAMPLE):
    """The dashboard's plots for `settings` as a pyplot figure: the static twin of the dashboard."""
    from .draw import PlaygroundPanels

    result = compute(settings)
    panels = PlaygroundPanels(y_range=Y_RANGE)
    panels.show(result.history, (settings.y1, settings.y2), result.weights, result.outputs, title=title(result))
    return panels


def new_panels(dpi: int = 80):
    """PlaygroundPanels on a Figure outside pyplot, so that nothing leaks into a cell's output.

    dpi 80 with PlaygroundPanels.SIZE gives 940 px: the width a notebook shows without scaling."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .draw import PlaygroundPanels

    fig = Figure(figsize=PlaygroundPanels.SIZE, dpi=dpi)
    FigureCanvasAgg(fig)
    return PlaygroundPanels(fig, y_range=Y_RANGE)


def _snap(value: float, digits: int) -> float:
    """`value` rounded to what its slider shows (`digits` significant digits), so the text matches the run."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


class Dashboard:
    """The widgets and their wiring; `dashboard()` builds one and returns its box to display."""

    def __init__(self):
        import ipywidgets as W

        style = {"description_width": "9em"}
        wide = W.Layout(width="28em")
        # continuous_update=False: a drag recomputes once, where it is let go, instead of queueing a
        # recompute for every value it passes; each arrow-key step still recomputes at once.
        still = {"continuous_update": False, "style": style, "layout": wide}
        self.lr = W.FloatLogSlider(value=1.0, base=10, min=math.log10(LR_RANGE[0]), max=math.log10(LR_RANGE[1]),
                                   step=0.1, readout_format=".3g", description="learning rate η", **still)
        self.epochs = W.IntSlider(value=10, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1], step=1,
                                  description="epochs", **still)
        self.y1 = W.FloatSlider(value=SEED_Y[0], min=Y_RANGE[0], max=Y_RANGE[1], step=0.01, readout_format="+.2f",
                                description="target y1", **still)
        self.y2 = W.FloatSlider(value=SEED_Y[1], min=Y_RANGE[0], max=Y_RANGE[1], step=0.01, readout_format="+.2f",
                                description="target y2", **still)
        self.gradient = W.ToggleButtons(options=[("correct (chain rule)", "correct"),
                                                 ("published (flawed)", "published")],
                                        value="correct", description="gradients", style=style)
        self.reset = W.Button(description="reset to the worked example", icon="undo", layout=W.Layout(width="20em"))
        self.image = W.Image(format="png")
        self.text = W.HTML()
        for widget, css in ((self.lr, "bp-lr"), (self.epochs, "bp-epochs"), (self.y1, "bp-y1"),
                            (self.y2, "bp-y2"), (self.gradient, "bp-gradient"), (self.reset, "bp-reset"),
                            (self.image, "bp-plot"), (self.text, "bp-readout")):
            widget.add_class(css)
        self.panels = new_panels()
        self._updating = False
        for widget in (self.lr, self.epochs, self.y1, self.y2, self.gradient):
            widget.observe(self.update, names="value")
        self.reset.on_click(self.restore)
        self.box = W.VBox([W.HBox([self.lr, self.epochs]), W.HBox([self.y1, self.y2]),
                           W.HBox([self.gradient, self.reset]), self.image, self.text])
        self.update()

    def settings(self) -> Settings:
        """The sliders' values as shown in their readouts."""
        return Settings(lr=_snap(self.lr.value, 3), y1=round(self.y1.value, 2), y2=round(self.y2.value, 2),
                        epochs=int(self.epochs.value), gradient=self.gradient.value)

    def update(self, change=None):
        if self._updating:
            return
        result = compute(self.settings())
        self.image.value = render(result, self.panels)
        self.text.value = f"<code>{readout(result)}</code>"
        self.result = result

    def restore(self, button=None):
        """Back to the worked example, with one redraw instead of five."""
        self._updating = True
        try:
            s = WORKED_EXAMPLE
            self.lr.value, self.epochs.value, self.y1.value, self.y2.value = s.lr, s.epochs, s.y1, s.y2
            self.gradient.value = s.gradient
        finally:
            self._updating = False
        self.update()


def dashboard() -> Dashboard:
    """Build the playground; display `dashboard().box`."""
    return Dashboard()
