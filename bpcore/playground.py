"""The playground of notebook 07: one dashboard to train the exercise's network by hand.

Sliders for the learning rate, the targets y1, y2 and the number of epochs; switches for the output
unit (sigmoid, tanh or identity) and the cost (squared error or cross-entropy), and between the
correct gradients (bpcore.backprop) and the published ones (bpcore.backprop_original); a reset to
the worked example.  Every number shown is computed by bpcore.train.

The parts are separate so that tests can call them without a browser:

    result = compute(Settings(lr=5.0))      # the numbers: bpcore.train, then the trained network
    readout(result)                         # the text under the plots, in a fixed format
    render(result, new_panels())            # the plots (PlaygroundPanels), drawn in place, as PNG bytes
    figure(Settings(lr=5.0))                # the same plots in a pyplot figure: the static twin
    dashboard()                             # the ipywidgets app that ties them together, a sliders.ImageView

The plots follow a slider while it is dragged.  Frames are dropped, never queued: the widgets' frontend
sends a slider's next value only when the kernel has finished with the one before (and merges the values
in between), so the kernel always draws the latest value.  A redraw takes about 20 ms (benchmarks/).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import ipywidgets
import matplotlib
import matplotlib.pyplot as plt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from . import validate
from .draw import draw_network, edge_width
from .network import (
    COSTS,
    OUTPUT_RANGES,
    OUTPUTS,
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    WEIGHT_NAMES,
    History,
    Weights,
    backprop,
    backprop_original,
    forward,
    loss,
    train,
)
from .sliders import ImageView, canvas_png, lr_slider, target_slider
from .style import (
    EDGES,
    EPOCHS_RANGE,
    LR_RANGE,  # noqa: F401  (playground.LR_RANGE: the benchmark and the tests read the sliders' ends here)
    NODE_RADIUS,
    NOTEBOOK_DPI,
    OUTPUT_COLOURS,
    POSITIONS,
    PROJECTOR_DPI,
    RANGE_COLOUR,
    REFERENCE_COLOUR,
    Y_RANGE,
    sign_colour,
)

GRADIENTS = {"correct": backprop, "published": backprop_original}
COST_NAMES = {"squared": "squared error", "cross_entropy": "cross-entropy"}  # as the text and the plots say


@dataclass(frozen=True)
class Settings:
    """What the sliders and switches set.  The defaults are the worked example: lr 1, 10 epochs,
    y = (0.23, -0.07), sigmoid outputs, the squared error, the correct gradients."""

    lr: float = 1.0
    y1: float = SEED_Y[0]
    y2: float = SEED_Y[1]
    epochs: int = 10
    gradient: str = "correct"  # "correct" (bpcore.backprop) or "published" (bpcore.backprop_original)
    output: str = "sigmoid"  # the output units: "sigmoid", "tanh" or "identity" (bpcore.train's output=)
    cost: str = "squared"  # "squared" or "cross_entropy" (bpcore.train's cost=)

    def __post_init__(self):  # the door of every playground run
        validate.learning_rate(self.lr)
        validate.epochs(self.epochs)
        validate.pair((self.y1, self.y2), "y")
        validate.one_of(self.gradient, sorted(GRADIENTS), "gradient")
        validate.one_of(self.output, OUTPUTS, "output")
        validate.one_of(self.cost, COSTS, "cost")
        why = unavailable(self.y1, self.y2, self.output, self.cost)
        for field, choice in (("cost", "cross_entropy"), ("gradient", "published")):
            if getattr(self, field) == choice and field in why:
                raise ValueError(f"{field}={choice!r} does not go with these settings: {why[field]}")


def unavailable(y1: float, y2: float, output: str, cost: str) -> dict[str, str]:
    """The switches' choices that these settings rule out, each with its reason in one line:
    "cost" when the cross-entropy is ruled out, "gradient" when the published derivation is."""
    why = {}
    outside = [f"y{k} = {v:+.2f}" for k, v in ((1, y1), (2, y2)) if not 0 <= v <= 1]
    if output != "sigmoid":
        why["cost"] = f"cross-entropy needs a sigmoid output, not {output}"
    elif outside:
        why["cost"] = f"cross-entropy needs targets in [0, 1], not {', '.join(outside)}"
    if (output, cost) != ("sigmoid", "squared"):
        why["gradient"] = "only for a sigmoid output with the squared error"  # the exercise's derivation
    return why


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
    s, y = settings, (settings.y1, settings.y2)
    history = train(SEED_WEIGHTS, SEED_X, y, lr=s.lr, epochs=s.epochs, grad=GRADIENTS[s.gradient],
                    output=s.output, cost=s.cost)
    w = history.weights[-1]
    f = forward(w, SEED_X, output=s.output)
    return Result(s, history, w, loss(w, SEED_X, y, output=s.output, cost=s.cost), (f.out_o1, f.out_o2))


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _fixed(v: float, digits: int) -> str:
    """`digits` decimals, or `digits` significant digits where that would be a long line of figures
    (an identity output at lr 100 takes weights and losses to 1e7)."""
    v = v + 0.0  # -0.0 (an identity output of dead hidden units) is written 0.0
    return f"{v:.{digits}f}" if abs(v) < 1e4 else f"{v:.{digits - 1}e}"


def _signed(v: float) -> str:
    """A weight as an edge label shows it: +0.123, or +1.19e+07 when it is that large."""
    return f"{v:+.3f}" if abs(v) < 1e3 else f"{v:+.2e}"


def readout(result: Result) -> str:
    """The dashboard's text, two lines: the settings; the loss and outputs after the last update.

    The loss curve plots each epoch's loss *before* its update, so its last point is not this L."""
    s = result.settings
    settings = (f"lr = {s.lr:.3g}, y1 = {s.y1:+.2f}, y2 = {s.y2:+.2f}, {_plural(s.epochs, 'epoch')}; "
                f"{s.output} output, {COST_NAMES[s.cost]}, {s.gradient} gradients")
    after = (f"after the {_ordinal(s.epochs)} update (not plotted): L = {_fixed(result.loss, 6)}, "
             f"out_o1 = {_fixed(result.outputs[0], 5)}, out_o2 = {_fixed(result.outputs[1], 5)}")
    return f"{settings}\n{after}"


def readout_html(result: Result) -> str:
    """`readout` for an HTML widget: one line of code each."""
    return "<br>".join(f"<code>{line}</code>" for line in readout(result).split("\n"))


def title(result: Result) -> str:
    """The loss panel's title: the cost and the gradients, what a switch changes (the sliders' values
    are in the readout)."""
    s = result.settings
    return f"{COST_NAMES[s.cost]}, {s.gradient} gradients"


def range_label(output: str) -> str:
    """The legend's words for the shaded band of outputs the unit can reach ("" for none)."""
    reach = OUTPUT_RANGES[output]
    return "" if reach is None else f"{output}'s range ({reach[0]:g}, {reach[1]:g})".replace("-", "\u2212")


class PlaygroundPanels:
    """The playground's three panels side by side: loss curve, outputs' trajectory, trained network.

    Drawn once; `show` then moves the data of the existing artists (set_data, set_text) instead of
    drawing new ones.  `png` redraws only what a slider move can change over cached pictures of the
    rest, in three layers:
      - still: frames, axis labels, titles, legend, the band of reachable outputs, the network's units;
        drawn once for each title and output unit that a switch shows, and kept;
      - the axes' ticks and grid lines: redrawn when their limits change, which end on ticks;
      - moving: the curves, the targets, the weights, the outputs' values (about 20 ms).
    The layout is fixed (no tight_layout per redraw) and sized for the width a notebook shows
    (about 940 px at dpi 80), with text of 10-11 pt: 11-12 px on screen; its margins are kept in inches,
    so that a shorter figure (the projector's) keeps room for the ticks, labels and legend.
    fig: a matplotlib Figure to draw on (the dashboard passes one outside pyplot); None makes one.
    y_range: the targets' slider range; the outputs' y-axis shows it whole, and stays put.
    """

    SIZE = (11.75, 4.1)  # inches; at dpi 80: 940 x 328 px
    PROJECTOR_SIZE = (11.75, 3.45)  # at PROJECTOR_DPI: 1233 x 362 px, room for 20 px controls above it
    FONT = 10  # points, ticks and legend; titles and axis labels one point larger
    # The margins in inches, whatever the figure's height: the ticks, the axis labels and the legend
    # under the axes keep their room.
    BOTTOM, TOP = 1.23, 0.369  # below the axes (ticks, "epoch", the legend), above them (the titles)
    XLABEL, LEGEND = 0.375, 0.55  # how far under the axes "epoch" and the legend start

    def __init__(self, fig=None, y_range=Y_RANGE):
        self.fig = fig if fig is not None else plt.figure(figsize=self.SIZE)
        self.ax_loss, self.ax_outputs, self.ax_network = self.fig.subplots(1, 3, width_ratios=[1, 1, 1.25])
        height = self.fig.get_figheight()
        top = 1 - self.TOP / height
        self.fig.subplots_adjust(left=0.07, right=0.995, bottom=self.BOTTOM / height, top=top, wspace=0.25)
        box = self.ax_network.get_position()  # the network takes the full height: its labels need the room
        self.ax_network.set_position([box.x0 - 0.01, 0.0, box.width + 0.01, top])
        axes_height = height - self.BOTTOM - self.TOP
        self.xlabel_y, self.legend_y = -self.XLABEL / axes_height, -self.LEGEND / axes_height
        (self.loss_line,) = self.ax_loss.plot([], [], color=REFERENCE_COLOUR, markersize=4)
        ax = self.ax_outputs
        self.band = ax.axhspan(0, 1, color=RANGE_COLOUR, alpha=0.10)
        self.output_lines, self.target_lines = [], []
        for k, colour in enumerate(OUTPUT_COLOURS):
            self.output_lines.append(ax.plot([], [], color=colour, linewidth=1.8, label=f"out_o{k + 1}")[0])
            self.target_lines.append(ax.axhline(0, color=colour, linestyle="--", linewidth=1.3,
                                                label=f"target y{k + 1}"))
        ax.set_ylim(y_range[0] - 0.08, y_range[1] + 0.08)  # fixed: targets at the slider's ends stay in view
        ax.set_yticks([-0.5, 0, 0.5, 1, 1.5])
        # Where `show` puts the ticks: about 6 whole epochs, about 5 losses.
        self.epoch_ticks = MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10], integer=True)
        self.loss_ticks = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
        for a, ylabel in ((self.ax_loss, "loss L (before the update)"), (self.ax_outputs, "output")):
            a.grid(alpha=0.3)
            a.tick_params(labelsize=self.FONT)
            # The axis labels as texts of the axes, where set_xlabel / set_ylabel would put them: they
            # never change, and so are drawn once, apart from the ticks that do.
            a.text(0.5, self.xlabel_y, "epoch", transform=a.transAxes, fontsize=self.FONT + 1, ha="center",
                   va="top")
            a.text(-0.19, 0.5, ylabel, transform=a.transAxes, fontsize=self.FONT + 1, ha="center",
                   va="bottom", rotation=90, rotation_mode="anchor")
        for a in (self.ax_loss, self.ax_outputs):  # fixed places: matplotlib need not measure the ticks
            a.xaxis.set_label_coords(0.5, self.xlabel_y)  # per redraw to place the (empty) axis labels
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
        # Flush with the units' right rim, growing leftwards: a minus sign or an identity's large
        # output never runs off the figure.
        self.unit_values = {unit: self.ax_network.text(x + NODE_RADIUS, y + (0.16 if y > 0.5 else -0.16), "",
                                                       ha="right", va="bottom" if y > 0.5 else "top",
                                                       fontsize=self.FONT)
                            for unit, (x, y) in POSITIONS.items() if unit in ("o1", "o2")}
        self.ax_network.set_xlim(-0.2, 2.3)
        self.ax_network.set_ylim(-0.38, 1.38)
        self.ax_network.set_anchor("N")
        # y=1 fixes the titles' height: no layout pass per redraw.
        self.ax_network.set_title("trained weights (red > 0, blue < 0)", fontsize=self.FONT + 1, y=1.0)
        self.axes = [self.ax_loss.xaxis, self.ax_loss.yaxis, self.ax_outputs.xaxis]
        # What one slider move can change; `png` draws these over the cached rest, each panel's in
        # zorder as a full draw would (the spines go over the grid lines, so they are redrawn too).
        # (ax.lines keeps the order of plotting, as a full draw does: where an output lies on its target,
        # the pixels come out the same.)
        moving = [[*self.ax_loss.lines, *self.ax_loss.spines.values()],
                  [*self.ax_outputs.lines, *self.ax_outputs.spines.values()],
                  [*self.edges.values(), *self.edge_labels.values(), *self.unit_values.values()]]
        self.moving = [a for panel in moving for a in sorted(panel, key=lambda a: a.get_zorder())]
        self._still = self._axes = None  # what the cached layers show: (title, output unit); the limits
        self._background = self._with_axes = None  # the cached layers, as copied from the canvas
        self._backgrounds = {}  # the still layer of each (title, output unit) so far: a click back is quick
        self.show_unit("sigmoid")

    def show_unit(self, output: str):
        """The outputs panel for an `output` unit: its title, the band of outputs the unit can reach
        (a sigmoid's (0, 1), tanh's (−1, 1); none for the identity) and the legend."""
        ax = self.ax_outputs
        reach = OUTPUT_RANGES[output]
        self.band.set_visible(reach is not None)
        if reach is not None:
            self.band.set_y(reach[0])
            self.band.set_height(reach[1] - reach[0])
        self.band.set_label(range_label(output))
        ax.set_title(f"{output} outputs per epoch, targets dashed", fontsize=self.FONT + 1, y=1.0)
        # Below the axes, outside the data: it never hides a line.  Columns fill first, so the
        # rows read "out_o1, out_o2", "target y1, target y2", then the band's meaning.
        handles = [self.output_lines[0], self.target_lines[0], *([self.band] if reach else []),
                   self.output_lines[1], self.target_lines[1]]
        self.legend = ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, self.legend_y),
                                ncol=2, fontsize=self.FONT, frameon=False, handlelength=2.2,
                                columnspacing=1.5, borderaxespad=0)

    def show(self, history, y, w, outputs, title="", output="sigmoid"):
        """Draw a training run: its losses and outputs per epoch, the trained weights `w` and
        the `outputs` (out_o1, out_o2) they give; `title` over the loss, the band of the `output` unit."""
        if (title, output) != self._still:
            self._still = (title, output)
            self.ax_loss.set_title(title, fontsize=self.FONT + 1, y=1.0)
            self.show_unit(output)
            self._background = self._backgrounds.get(self._still)
            self._with_axes = None
        n = len(history.losses)
        # The axes end on ticks: the epochs' at the first tick at or after the last epoch, the loss's
        # around its lowest and highest values (a flat curve, one epoch or lr 0, still gets a range).
        # So while a drag moves the curves a little, or lengthens them, the axes stay put: they are
        # not drawn again, and the eye sees the curves move.
        epoch_ticks = self.epoch_ticks.tick_values(0, max(n - 1, 1))
        loss_ticks = self.loss_ticks.tick_values(*self.loss_ticks.nonsingular(min(history.losses),
                                                                              max(history.losses)))
        if (list(epoch_ticks), list(loss_ticks)) != self._axes:
            self._axes = (list(epoch_ticks), list(loss_ticks))
            for ax in (self.ax_loss, self.ax_outputs):
                ax.set_xticks(epoch_ticks)
                ax.set_xlim(-0.5, epoch_ticks[-1] + 0.5)
            self.ax_loss.set_yticks(loss_ticks)
            self.ax_loss.set_ylim(loss_ticks[0], loss_ticks[-1])
            self._with_axes = None
        epochs = range(n)
        self.loss_line.set_data(epochs, history.losses)
        self.loss_line.set_marker("o" if n <= 30 else "")
        for k in (0, 1):
            self.output_lines[k].set_data(epochs, [o[k] for o in history.outputs])
            self.target_lines[k].set_ydata([y[k], y[k]])
        w = Weights.of(w)
        biggest = max(abs(v) for v in w)
        for name, value in zip(WEIGHT_NAMES, w):
            colour = sign_colour(value)
            self.edges[name].set_color(colour)
            self.edges[name].set_linewidth(edge_width(value, biggest, scale=4.0))
            self.edge_labels[name].set_text(f"{name} = {_signed(value)}")
            self.edge_labels[name].get_bbox_patch().set_edgecolor(colour)
        for k, unit in enumerate(("o1", "o2")):
            self.unit_values[unit].set_text(f"out = {_fixed(outputs[k], 5)}")
        return self

    def png(self) -> bytes:
        """The figure as PNG bytes, redrawing only `moving` over the cached layers (those it needs anew
        first)."""
        canvas = self.fig.canvas
        # Glyphs without hinting: text, most of a redraw, draws a quarter faster, and at these sizes it
        # looks the same.  Every layer is drawn so, and only here: the pyplot twin keeps the default.
        with matplotlib.rc_context({"text.hinting": "no_hinting"}):
            if self._background is None:  # everything still
                for artist in (*self.axes, *self.moving):
                    artist.set_animated(True)
                canvas.draw()
                self._background = self._backgrounds[self._still] = canvas.copy_from_bbox(self.fig.bbox)
                self._with_axes = None
            renderer = canvas.get_renderer()
            if self._with_axes is None:  # the still layer, then the axes' ticks and grid lines
                canvas.restore_region(self._background)
                for artist in self.axes:
                    artist.draw(renderer)
                self._with_axes = canvas.copy_from_bbox(self.fig.bbox)
            else:
                canvas.restore_region(self._with_axes)
            for artist in self.moving:
                artist.draw(renderer)
        return canvas_png(canvas)


def show(result: Result, panels: PlaygroundPanels) -> PlaygroundPanels:
    """Draw `result` on `panels` in place."""
    s = result.settings
    return panels.show(result.history, (s.y1, s.y2), result.weights, result.outputs, title=title(result),
                       output=s.output)


def render(result: Result, panels: PlaygroundPanels) -> bytes:
    """Draw `result` on `panels` in place; return the figure as PNG."""
    return show(result, panels).png()


def figure(settings: Settings = WORKED_EXAMPLE) -> PlaygroundPanels:
    """The dashboard's plots for `settings` as a pyplot figure: the static twin of the dashboard."""
    return show(compute(settings), PlaygroundPanels())


def new_panels(dpi: int = NOTEBOOK_DPI, projector: bool | None = None) -> PlaygroundPanels:
    """PlaygroundPanels on a Figure outside pyplot, so that nothing leaks into a cell's output.

    dpi 80 with PlaygroundPanels.SIZE gives 940 px: the width a notebook shows without scaling;
    PROJECTOR_DPI gives 1233 px, about the width of Voilà's page on a 1280 x 720 projector.
    projector: PlaygroundPanels.PROJECTOR_SIZE, shorter, to leave room for the projector's larger
    controls; None: at PROJECTOR_DPI, yes."""
    projector = dpi == PROJECTOR_DPI if projector is None else projector
    fig = Figure(figsize=PlaygroundPanels.PROJECTOR_SIZE if projector else PlaygroundPanels.SIZE, dpi=dpi)
    FigureCanvasAgg(fig)
    return PlaygroundPanels(fig)


def in_voila() -> bool:
    """Whether this kernel was started by Voilà, which puts its VOILA_* variables into its kernels'
    environment (VOILA_SERVER_URL among them, preheated kernel or not)."""
    return "VOILA_SERVER_URL" in os.environ


def _snap(value: float, digits: int) -> float:
    """`value` rounded to what its slider shows (`digits` significant digits), so the text matches the run."""
    if value == 0:
        return 0.0
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


# The dashboard's own CSS, in an HTML widget that shows nothing (a <style> applies wherever it sits):
# - a switch's label right-aligned, as a slider's is (ToggleButtons starts it flush left);
# - bp-off: the switch's last choice is off (the cross-entropy, the published gradients); only that
#   button is greyed, and the choice in use stays readable;
# - bp-projector: Voilà on a 1280 x 720 projector, every control, readout and status line at 20 px.
CSS = """<style>
.bp-dashboard .widget-toggle-buttons > .widget-label { text-align: right; margin-right: 8px; }
.bp-dashboard .bp-off button:last-of-type { opacity: 0.35; pointer-events: none; }
.bp-dashboard .bp-note { font-style: italic; }
.bp-projector {
  --jp-widgets-font-size: 20px;
  --jp-widgets-inline-height: 34px;
  --jp-ui-font-size1: 20px;
  --jp-code-font-size: 20px;
  font-size: 20px;
}
.bp-projector .widget-label, .bp-projector .widget-readout, .bp-projector button,
.bp-projector .widget-html-content, .bp-projector code { font-size: 20px; line-height: 1.3; }
</style>"""

OFF = "bp-off"  # the CSS class of a switch whose last choice is off


class Dashboard:
    """The widgets and their wiring, a sliders.ImageView; `dashboard()` builds one and returns its box.

    projector: the layout for a 1280 x 720 projector (Voilà's classroom mode): text at 20 px, the
    picture PROJECTOR_DPI wide (1233 px) and shorter, the controls in four rows, so that controls,
    picture and readout fit in the first screen.  Otherwise the picture is 940 px, the width of a
    notebook, and the controls take five rows, their labels in one column.
    Each switch has its own note in its own row, which says why a choice is off.
    """

    def __init__(self, projector: bool = False):
        self.panels = new_panels(PROJECTOR_DPI if projector else NOTEBOOK_DPI, projector=projector)
        if projector:  # widths in px: the 20 px text of CSS's bp-projector
            first, second = {"description_width": "150px"}, {"description_width": "95px"}
            widths = {"lr": "400px", "epochs": "345px", "y1": "400px", "y2": "345px"}
            switch_style = {"description_width": "150px"}
            buttons = {"output": "100px", "cost": "170px", "gradient": "232px"}
        else:
            first = second = switch_style = {"description_width": "9em"}
            widths = {"lr": "28em", "epochs": "28em", "y1": "28em", "y2": "28em"}
            buttons = {"output": "6.5em", "cost": "9em", "gradient": ""}

        # continuous_update: the plots follow a drag.  The frontend sends the next value only when the
        # kernel is done with the last one, so a slow redraw drops frames instead of queueing them.
        def live(name, style):
            return {"continuous_update": True, "style": style,
                    "layout": ipywidgets.Layout(width=widths[name])}

        self.lr = lr_slider(1.0, description="learning rate η", step=0.1, **live("lr", first))
        self.epochs = ipywidgets.IntSlider(value=10, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1], step=1,
                                           description="epochs", **live("epochs", second))
        self.y1 = target_slider("target y1", SEED_Y[0], **live("y1", first))
        self.y2 = target_slider("target y2", SEED_Y[1], **live("y2", second))
        # A switch's label beside its buttons, as a slider's (ToggleButtons puts it above them), at its
        # full width: a row does not squeeze it.
        switch = {"style": switch_style, "layout": ipywidgets.Layout(display="flex", align_items="center",
                                                                      flex="0 0 auto")}
        self.output = ipywidgets.ToggleButtons(options=list(OUTPUTS), value="sigmoid",
                                               description="output unit", **switch)
        self.output.style.button_width = buttons["output"]
        self.cost = ipywidgets.ToggleButtons(options=[(COST_NAMES[c], c) for c in COSTS], value="squared",
                                             description="cost", **switch)
        self.cost.style.button_width = buttons["cost"]
        self.gradient = ipywidgets.ToggleButtons(options=[("correct (chain rule)", "correct"),
                                                          ("published (flawed)", "published")],
                                                 value="correct", description="gradients", **switch)
        self.gradient.style.button_width = buttons["gradient"]
        self.reset = ipywidgets.Button(description="reset" if projector else "reset to the worked example",
                                       icon="undo", tooltip="reset to the worked example",
                                       layout=ipywidgets.Layout(width="120px" if projector else "20em"))
        # why a switch's choice is off, in the switch's own row
        note = {"layout": ipywidgets.Layout(margin="0 0 0 12px", align_self="center")}
        self.notes = {"cost": ipywidgets.HTML(**note), "gradient": ipywidgets.HTML(**note)}
        self.text = ipywidgets.HTML()
        self.css = ipywidgets.HTML(CSS, layout=ipywidgets.Layout(display="none"))
        controls = [self.lr, self.epochs, self.y1, self.y2, self.output, self.cost, self.gradient]
        if projector:
            rows = [[self.lr, self.epochs, self.output], [self.y1, self.y2, self.reset],
                    [self.cost, self.notes["cost"]], [self.gradient, self.notes["gradient"]]]
        else:
            rows = [[self.lr, self.epochs], [self.y1, self.y2], [self.output, self.reset],
                    [self.cost, self.notes["cost"]], [self.gradient, self.notes["gradient"]]]
        # ImageView shows the picture at its pixel size: sharp, never stretched.
        self.view = ImageView(controls, self.picture, rows=rows, below=[self.text, self.css],
                              settle=self.settle)
        self.image, self.box = self.view.image, self.view.box
        self.box.add_class("bp-dashboard")
        if projector:
            self.box.add_class("bp-projector")
        for widget, css in ((self.lr, "bp-lr"), (self.epochs, "bp-epochs"), (self.y1, "bp-y1"),
                            (self.y2, "bp-y2"), (self.output, "bp-output"), (self.cost, "bp-cost"),
                            (self.gradient, "bp-gradient"), (self.reset, "bp-reset"),
                            (self.notes["cost"], "bp-note"), (self.notes["cost"], "bp-note-cost"),
                            (self.notes["gradient"], "bp-note"), (self.notes["gradient"], "bp-note-gradient"),
                            (self.image, "bp-plot"), (self.text, "bp-readout")):
            widget.add_class(css)
        self.reset.on_click(self.restore)

    def targets(self) -> tuple[float, float]:
        """y1, y2 as their sliders show them (two decimals)."""
        return round(self.y1.value, 2), round(self.y2.value, 2)

    def settle(self):
        """Before each redraw: a switch's choice that the other settings rule out is set back and
        greyed (that button only: the choice in use stays readable), and the switch's note says why
        (bpcore.playground.unavailable)."""
        y1, y2 = self.targets()
        if "cost" in unavailable(y1, y2, self.output.value, self.cost.value):
            self.cost.value = "squared"
        why = unavailable(y1, y2, self.output.value, self.cost.value)
        if "gradient" in why:
            self.gradient.value = "correct"
        for name, switch in (("cost", self.cost), ("gradient", self.gradient)):
            if name in why:
                switch.add_class(OFF)
            else:
                switch.remove_class(OFF)
            self.notes[name].value = f"Off: {why[name]}" if name in why else ""

    @staticmethod
    def off(switch) -> bool:
        """Whether `switch`'s last choice is greyed out (the cross-entropy, the published gradients)."""
        return OFF in switch._dom_classes

    def settings(self) -> Settings:
        """The sliders' and switches' values as shown in their readouts."""
        y1, y2 = self.targets()
        return Settings(lr=_snap(self.lr.value, 3), y1=y1, y2=y2, epochs=int(self.epochs.value),
                        gradient=self.gradient.value, output=self.output.value, cost=self.cost.value)

    def picture(self, *_values) -> bytes:
        """The view's render: run the settings the sliders show, write the readout, draw the PNG."""
        self.result = compute(self.settings())
        self.text.value = readout_html(self.result)
        return render(self.result, self.panels)

    def update(self, change=None):
        """Recompute and redraw for the sliders' values."""
        self.view.redraw()

    def restore(self, button=None):
        """Back to the worked example, with one redraw instead of seven."""
        s = WORKED_EXAMPLE
        with self.view.held():
            self.lr.value, self.epochs.value, self.y1.value, self.y2.value = s.lr, s.epochs, s.y1, s.y2
            self.output.value, self.cost.value, self.gradient.value = s.output, s.cost, s.gradient


def dashboard(projector: bool | None = None) -> Dashboard:
    """Build the playground; display `dashboard().box`.  projector: Dashboard's; None: in Voilà, yes."""
    return Dashboard(in_voila() if projector is None else projector)
