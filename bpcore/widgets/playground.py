"""The playground of notebook 07: one dashboard to train the exercise's network by hand.

Sliders for the learning rate, the targets y1, y2 and the number of epochs; switches for the output
unit (sigmoid, tanh or identity) and the cost (squared error or cross-entropy), and between the
correct gradients (bpcore.backprop) and the published ones (bpcore.backprop_original); a reset to
the worked example.  Every number shown is computed by bpcore.train (bpcore.scenario).

    Picture().render(result)                # the plots (bpcore.plots.playground), redrawn in layers, as PNG
    dashboard()                             # the ipywidgets app that ties them together, an ImageView

The plots follow a slider while it is dragged.  Frames are dropped, never queued: the widgets' frontend
sends a slider's next value only when the kernel has finished with the one before (and merges the values
in between), so the kernel always draws the latest value.  A redraw takes about 10 ms of CPU
(benchmarks/bench_playground.py).
"""

from __future__ import annotations

import math
import os

import ipywidgets
from matplotlib.figure import Figure

from ..language import tr
from ..network import COSTS, OUTPUTS, SEED_Y
from ..plots.playground import PlaygroundPanels, show
from ..plots.style import EPOCHS_RANGE, NOTEBOOK_DPI, PROJECTOR_DPI
from ..scenario import (
    COST_WORDS,
    OUTPUT_WORDS,
    WORKED_EXAMPLE,
    Result,
    Settings,
    compute,
    readout,
    unavailable,
)
from .explorers import lr_slider, target_slider
from .scenario_link import open_link
from .view import GlyphCachingCanvas, ImageView, LayeredCanvas


class Picture(PlaygroundPanels):
    """The dashboard's picture: PlaygroundPanels on a Figure outside pyplot, so that nothing leaks into a
    cell's output, redrawn in layers (view.LayeredCanvas) with text drawn without hinting (a quarter faster,
    the same at these sizes; the pyplot twin keeps the default), on a view.GlyphCachingCanvas: a frame
    brings ten new labels, whose glyphs it blits from those it keeps.

    dpi 80 with PlaygroundPanels.SIZE gives 940 px: the width a notebook shows without scaling;
    PROJECTOR_DPI gives 1233 px, about the width of Voilà's page on a 1280 x 720 projector.
    projector: PlaygroundPanels.PROJECTOR_SIZE, shorter, to leave room for the projector's larger
    controls; None: at PROJECTOR_DPI, yes."""

    def __init__(self, dpi: int = NOTEBOOK_DPI, projector: bool | None = None):
        projector = dpi == PROJECTOR_DPI if projector is None else projector
        fig = Figure(figsize=self.PROJECTOR_SIZE if projector else self.SIZE, dpi=dpi)
        GlyphCachingCanvas(fig)
        super().__init__(fig)
        self.canvas = LayeredCanvas(fig, rc={"text.hinting": "no_hinting"})

    def render(self, result: Result) -> bytes:
        """Draw `result` in place; return the figure as PNG bytes, only what changed redrawn."""
        show(result, self)
        return self.canvas.png([self.axes, self.moving], (self.still_key, self.axes_key))


def readout_html(result: Result) -> str:
    """`readout` for an HTML widget: one line of code each."""
    return "<br>".join(f"<code>{line}</code>" for line in readout(result).split("\n"))


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
    """The widgets and their wiring, an ImageView; `dashboard()` builds one and returns its box.

    projector: the layout for a 1280 x 720 projector (Voilà's classroom mode): text at 20 px, the
    picture PROJECTOR_DPI wide (1233 px) and shorter, the controls in four rows, so that controls,
    picture and readout fit in the first screen.  Otherwise the picture is 940 px, the width of a
    notebook, and the controls take five rows, their labels in one column.
    Each switch has its own note in its own row, which says why a choice is off.
    """

    def __init__(self, projector: bool = False):
        self.panels = Picture(PROJECTOR_DPI if projector else NOTEBOOK_DPI, projector=projector)
        self._controls(projector)
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

    def _controls(self, projector: bool):
        """The sliders, the switches and the reset button, sized for a notebook or the projector."""
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

        self.lr = lr_slider(1.0, description=tr("learning rate η"), step=0.1, **live("lr", first))
        self.epochs = ipywidgets.IntSlider(value=10, min=EPOCHS_RANGE[0], max=EPOCHS_RANGE[1], step=1,
                                           description=tr("epochs"), **live("epochs", second))
        self.y1 = target_slider(tr("target {name}", name="y1"), SEED_Y[0], **live("y1", first))
        self.y2 = target_slider(tr("target {name}", name="y2"), SEED_Y[1], **live("y2", second))
        # A switch's label beside its buttons, as a slider's (ToggleButtons puts it above them), at its
        # full width: a row does not squeeze it.
        switch = {"style": switch_style, "layout": ipywidgets.Layout(display="flex", align_items="center",
                                                                      flex="0 0 auto")}
        self.output = ipywidgets.ToggleButtons(options=[(tr(OUTPUT_WORDS[o]), o) for o in OUTPUTS],
                                               value="sigmoid", description=tr("output unit"), **switch)
        self.output.style.button_width = buttons["output"]
        self.cost = ipywidgets.ToggleButtons(options=[(tr(COST_WORDS[c]), c) for c in COSTS], value="squared",
                                             description=tr("cost"), **switch)
        self.cost.style.button_width = buttons["cost"]
        self.gradient = ipywidgets.ToggleButtons(options=[(tr("correct (chain rule)"), "correct"),
                                                          (tr("published (flawed)"), "published")],
                                                 value="correct", description=tr("gradients"), **switch)
        self.gradient.style.button_width = buttons["gradient"]
        reset = tr("reset") if projector else tr("reset to the worked example")
        self.reset = ipywidgets.Button(description=reset,
                                       icon="undo", tooltip=tr("reset to the worked example"),
                                       layout=ipywidgets.Layout(width="120px" if projector else "20em"))

    def targets(self) -> tuple[float, float]:
        """y1, y2 as their sliders show them (two decimals)."""
        return round(self.y1.value, 2), round(self.y2.value, 2)

    def settle(self):
        """Before each redraw: a switch's choice that the other settings rule out is set back and
        greyed (that button only: the choice in use stays readable), and the switch's note says why
        (bpcore.scenario.unavailable)."""
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
            self.notes[name].value = tr("Off: {why}", why=why[name]) if name in why else ""

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
        return self.panels.render(self.result)

    def update(self, change=None):
        """Recompute and redraw for the sliders' values."""
        self.view.redraw()

    def restore(self, button=None):
        """Back to the worked example, with one redraw instead of seven."""
        self.show(WORKED_EXAMPLE)

    def show(self, s: Settings):
        """Set every slider and switch to `s` (a link's, the worked example), with one redraw."""
        with self.view.held():
            self.lr.value, self.epochs.value, self.y1.value, self.y2.value = s.lr, s.epochs, s.y1, s.y2
            self.output.value, self.cost.value, self.gradient.value = s.output, s.cost, s.gradient


def dashboard(projector: bool | None = None) -> Dashboard:
    """Build the playground; display `dashboard().box`.  projector: Dashboard's; None: in Voilà, yes.
    In Voilà, the page's link sets it (widgets.scenario_link: 07_playground.ipynb?lr=5.01&output=tanh)."""
    board = Dashboard(in_voila() if projector is None else projector)
    if in_voila():
        open_link(board, os.environ.get("QUERY_STRING", ""))
    return board
