"""The playground of notebook 07: one dashboard to train the exercise's network by hand.

Sliders for the learning rate, the targets y1, y2 and the number of epochs; a switch between the
correct gradients (bpcore.backprop) and the published ones (bpcore.backprop_original); a reset to
the worked example.  Every number shown is computed by bpcore.train.

The parts are separate so that tests can call them without a browser:

    result = compute(Settings(lr=5.0))      # the numbers: bpcore.train, then the trained network
    readout(result)                         # the text under the plots, in a fixed format
    render(result, new_panels())            # the plots (PlaygroundPanels), drawn in place, as PNG bytes
    figure(Settings(lr=5.0))                # the same plots in a pyplot figure: the static twin
    dashboard()                             # the ipywidgets app that ties them together, a sliders.ImageView
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import validate
from .draw import draw_network, edge_width
from .network import (
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    History,
    Weights,
    backprop,
    backprop_original,
    forward,
    squared_error,
    train,
)
from .sliders import ImageView, blit_png, lr_slider, target_slider
from .style import (
    EDGES,
    EPOCHS_RANGE,
    LR_RANGE,  # noqa: F401  (playground.LR_RANGE: the benchmark and the tests read the sliders' ends here)
    NODE_RADIUS,
    OUTPUT_COLOURS,
    POSITIONS,
    REFERENCE_COLOUR,
    Y_RANGE,
    sign_colour,
)

GRADIENTS = {"correct": backprop, "published": backprop_original}


@dataclass(frozen=True)
class Settings:
    """What the sliders set.  The defaults are the worked example: lr 1, 10 epochs, y = (0.23, -0.07)."""

    lr: float = 1.0
    y1: float = SEED_Y[0]
    y2: float = SEED_Y[1]
    epochs: int = 10
    gradient: str = "correct"  # "correct" (bpcore.backprop) or "published" (bpcore.backprop_original)

    def __post_init__(self):  # the door of every playground run
        validate.learning_rate(self.lr)
        validate.epochs(self.epochs)
        validate.pair((self.y1, self.y2), "y")
        validate.one_of(self.gradient, sorted(GRADIENTS), "gradient")


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
    return Result(settings, history, w, squared_error(f, y), (f.out_o1, f.out_o2))


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def readout(result: Result) -> str:
    """The dashboard's text, two lines: the settings; the loss and outputs after the last update.

    The loss curve plots each epoch's loss *before* its update, so its last point is not this L."""
    s = result.settings
    settings = (f"lr = {s.lr:.3g}, y1 = {s.y1:+.2f}, y2 = {s.y2:+.2f}, {_plural(s.epochs, 'epoch')}, "
                f"{s.gradient} gradients")
    after = (f"after the {_ordinal(s.epochs)} update (not plotted): L = {result.loss:.6f}, "
             f"out_o1 = {result.outputs[0]:.5f}, out_o2 = {result.outputs[1]:.5f}")
    return f"{settings}\n{after}"


def readout_html(result: Result) -> str:
    """`readout` for an HTML widget: one line of code each."""
    return "<br>".join(f"<code>{line}</code>" for line in readout(result).split("\n"))


def title(result: Result) -> str:
    s = result.settings
    return f"loss: {s.gradient} gradients, lr = {s.lr:.3g}"


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

    def __init__(self, fig=None, y_range=Y_RANGE):
        self.fig = fig if fig is not None else plt.figure(figsize=self.SIZE)
        self.ax_loss, self.ax_outputs, self.ax_network = self.fig.subplots(1, 3, width_ratios=[1, 1, 1.25])
        self.fig.subplots_adjust(left=0.07, right=0.995, bottom=0.30, top=0.91, wspace=0.25)
        box = self.ax_network.get_position()  # the network takes the full height: its labels need the room
        self.ax_network.set_position([box.x0 - 0.01, 0.0, box.width + 0.01, 0.91])
        label = dict(fontsize=self.FONT + 1)
        (self.loss_line,) = self.ax_loss.plot([], [], color=REFERENCE_COLOUR, markersize=4)
        self.ax_loss.set_xlabel("epoch", **label)
        self.ax_loss.set_ylabel("loss L (before the update)", **label)
        ax = self.ax_outputs
        band = ax.axhspan(0, 1, color="grey", alpha=0.10, label="a sigmoid's range (0, 1)")
        self.output_lines, self.target_lines = [], []
        for k, colour in enumerate(OUTPUT_COLOURS):
            self.output_lines.append(ax.plot([], [], color=colour, linewidth=1.8, label=f"out_o{k + 1}")[0])
            self.target_lines.append(ax.axhline(0, color=colour, linestyle="--", linewidth=1.3,
                                                label=f"target y{k + 1}"))
        ax.set_xlabel("epoch", **label)
        ax.set_ylabel("output", **label)
        ax.set_ylim(y_range[0] - 0.08, y_range[1] + 0.08)  # fixed: targets at the slider's ends stay in view
        ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
        # Below the axes, outside the data: it never hides a line.  Columns fill first, so the
        # rows read "out_o1, out_o2", "target y1, target y2", then the grey band's meaning.
        handles = [self.output_lines[0], self.target_lines[0], band,
                   self.output_lines[1], self.target_lines[1]]
        self.legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2,
                                fontsize=self.FONT, frameon=False, handlelength=2.2, columnspacing=1.5,
                                borderaxespad=0)
        for a in (self.ax_loss, self.ax_outputs):
            a.grid(alpha=0.3)
            a.tick_params(labelsize=self.FONT)
            a.locator_params(axis="x", nbins=6)
        self.ax_loss.locator_params(axis="y", nbins=5)
        # Fixed places: matplotlib need not measure the ticks per redraw.
        for a in (self.ax_loss, self.ax_outputs):
            a.xaxis.set_label_coords(0.5, -0.15)
            a.yaxis.set_label_coords(-0.19, 0.5)
        draw_network(SEED_WEIGHTS, ax=self.ax_network)
        self.edges = {a.get_gid(): a for a in self.ax_network.lines}
        # From rim to rim: drawn over the units' picture, never across a unit.
        for name, (a, b) in EDGES.items():
            (xa, ya), (xb, yb) = POSITIONS[a], POSITIONS[b]
            dx, dy = xb - xa, yb - ya
            r = NODE_RADIUS / (dx * dx + dy * dy) ** 0.5
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
                  [self.ax_outputs.xaxis, *self.target_lines, *self.output_lines,
                   *self.ax_outputs.spines.values()],
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
        biggest = max(abs(v) for v in w)
        for name, value in zip(WEIGHT_NAMES, w):
            colour = sign_colour(value)
            self.edges[name].set_color(colour)
            self.edges[name].set_linewidth(edge_width(value, biggest, scale=4.0))
            self.edge_labels[name].set_text(f"{name} = {value:+.3f}")
            self.edge_labels[name].get_bbox_patch().set_edgecolor(colour)
        for k, unit in enumerate(("o1", "o2")):
            self.unit_values[unit].set_text(f"out = {outputs[k]:.5f}")
        return self

    def png(self, compress_level=1) -> bytes:
        """The figure as PNG bytes, redrawing only `moving` over the cached rest."""
        canvas = self.fig.canvas
        if self._background is None:  # once: everything but the moving parts
            for artist in self.moving:
                artist.set_animated(True)
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        return blit_png(canvas, self._background, self.moving, compress_level)


def _rescale(ax, n):
    """Fit the y-axis to the drawn data, the x-axis to n epochs."""
    ax.relim()
    ax.autoscale_view(scalex=False)
    ax.set_xlim(-0.5, max(n, 1) - 0.5)


def show(result: Result, panels: PlaygroundPanels) -> PlaygroundPanels:
    """Draw `result` on `panels` in place."""
    y = (result.settings.y1, result.settings.y2)
    return panels.show(result.history, y, result.weights, result.outputs, title=title(result))


def render(result: Result, panels: PlaygroundPanels) -> bytes:
    """Draw `result` on `panels` in place; return the figure as PNG."""
    return show(result, panels).png()


def figure(settings: Settings = WORKED_EXAMPLE) -> PlaygroundPanels:
    """The dashboard's plots for `settings` as a pyplot figure: the static twin of the dashboard."""
    return show(compute(settings), PlaygroundPanels())


def new_panels(dpi: int = 80) -> PlaygroundPanels:
    """PlaygroundPanels on a Figure outside pyplot, so that nothing leaks into a cell's output.

    dpi 80 with PlaygroundPanels.SIZE gives 940 px: the width a notebook shows without scaling."""
    fig = Figure(figsize=PlaygroundPanels.SIZE, dpi=dpi)
    FigureCanvasAgg(fig)
    return PlaygroundPanels(fig)


def _snap(value: float, digits: int) -> float:
    """`value` rounded to what its slider shows (`digits` significant digits), so the text matches the run."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


class Dashboard:
    """The widgets and their wiring, a sliders.ImageView; `dashboard()` builds one and returns its box."""

    def __init__(self):
        self.panels = new_panels()
        style = {"description_width": "9em"}
        # continuous_update=False: a drag recomputes once, where it is let go, instead of queueing a
        # recompute for every value it passes; each arrow-key step still recomputes at once.
        still = {"continuous_update": False, "style": style, "layout": ipywidgets.Layout(width="28em")}
        self.lr = lr_slider(1.0, description="learning rate η", step=0.1, **still)
        self.epochs = ipywidgets.IntSlider(value=10, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1], step=1,
                                           description="epochs", **still)
        self.y1 = target_slider("target y1", SEED_Y[0], **still)
        self.y2 = target_slider("target y2", SEED_Y[1], **still)
        self.gradient = ipywidgets.ToggleButtons(options=[("correct (chain rule)", "correct"),
                                                          ("published (flawed)", "published")],
                                                 value="correct", description="gradients", style=style)
        self.reset = ipywidgets.Button(description="reset to the worked example", icon="undo",
                                       layout=ipywidgets.Layout(width="20em"))
        self.text = ipywidgets.HTML()
        # ImageView shows the picture at its pixel size (940 px): Voilà's page is wider than a notebook's.
        self.view = ImageView([self.lr, self.epochs, self.y1, self.y2, self.gradient], self.picture,
                              rows=[[self.lr, self.epochs], [self.y1, self.y2], [self.gradient, self.reset]],
                              below=[self.text])
        self.image, self.box = self.view.image, self.view.box
        for widget, css in ((self.lr, "bp-lr"), (self.epochs, "bp-epochs"), (self.y1, "bp-y1"),
                            (self.y2, "bp-y2"), (self.gradient, "bp-gradient"), (self.reset, "bp-reset"),
                            (self.image, "bp-plot"), (self.text, "bp-readout")):
            widget.add_class(css)
        self.reset.on_click(self.restore)

    def settings(self) -> Settings:
        """The sliders' values as shown in their readouts."""
        return Settings(lr=_snap(self.lr.value, 3), y1=round(self.y1.value, 2), y2=round(self.y2.value, 2),
                        epochs=int(self.epochs.value), gradient=self.gradient.value)

    def picture(self, *_values) -> bytes:
        """The view's render: run the settings the sliders show, write the readout, draw the PNG."""
        self.result = compute(self.settings())
        self.text.value = readout_html(self.result)
        return render(self.result, self.panels)

    def update(self, change=None):
        """Recompute and redraw for the sliders' values."""
        self.view.redraw()

    def restore(self, button=None):
        """Back to the worked example, with one redraw instead of five."""
        s = WORKED_EXAMPLE
        with self.view.held():
            self.lr.value, self.epochs.value, self.y1.value, self.y2.value = s.lr, s.epochs, s.y1, s.y2
            self.gradient.value = s.gradient


def dashboard() -> Dashboard:
    """Build the playground; display `dashboard().box`."""
    return Dashboard()
