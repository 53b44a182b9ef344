"""Notebook 03's stepper: ◀ ▶ and a step slider, a switch to the published derivation, the step drawn on
the network (bpcore.plots.stepper) and its formula rendered as maths.  Static twins: bpcore.plots.steps.
"""

from __future__ import annotations

import html

import ipywidgets

from ..language import tr
from ..network import SEED_WEIGHTS, SEED_X, SEED_Y
from ..plots.stepper import StepperFigure
from ..plots.style import WRONG
from ..stepper import readout
from .view import ImageView, LayeredCanvas


def readout_html(step, count: int) -> str:
    """The readout as the widget shows it: the title in bold, the values in code, then what the teacher
    says, all in dark red for a wrong step."""
    colour = WRONG if step.wrong else "inherit"
    lines = [html.escape(t, quote=False) for t in readout(step, count).split("\n")]
    values = (f'<br><code class="bp-step-values" style="white-space:pre">{lines[1]}</code>'
              if lines[1:] else "")
    words = html.escape(step.words, quote=False)
    return (f'<div style="color:{colour}"><b class="bp-step-title">{lines[0]}</b>{values}'
            f'<br><span class="bp-step-words">{words}</span></div>')


class Stepper:
    """◀ ▶ and a step slider, a correct/published switch, the diagram and the formula: an ImageView
    whose controls are the slider and the switch, the buttons moving the slider, the readout and the
    formula under the picture."""

    def __init__(self, w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y):
        self.picture = StepperFigure(w, x, y)
        self.canvas = LayeredCanvas(self.picture.fig)
        count = len(self.picture.steps["correct"])
        self.back = ipywidgets.Button(description="◀", tooltip=tr("previous step"),
                                      layout=ipywidgets.Layout(width="4em"))
        self.forth = ipywidgets.Button(description="▶", tooltip=tr("next step"),
                                       layout=ipywidgets.Layout(width="4em"))
        self.step = ipywidgets.IntSlider(value=1, min=1, max=count, step=1, description=tr("step"),
                                         continuous_update=True, layout=ipywidgets.Layout(width="20em"),
                                         style={"description_width": "3em"})
        self.gradients = ipywidgets.ToggleButtons(
            options=[(tr("chain rule"), "correct"), (tr("published (flawed)"), "published")], value="correct",
            tooltips=[tr("the chain rule's derivation"), tr("the exercise's published derivation")],
            style={"button_width": "12em"}, layout=ipywidgets.Layout(margin="0 0 0 2em"))
        self.text = ipywidgets.HTML()
        self.formula = ipywidgets.HTMLMath()
        self._png = {}  # each step's picture by (number, gradients), drawn on its first visit
        self.view = ImageView([self.step, self.gradients], self.render,
                              rows=[[self.back, self.step, self.forth, self.gradients]],
                              below=[self.text, self.formula], describe=self.describe)
        self.image, self.box = self.view.image, self.view.box
        for widget, css in ((self.back, "bp-step-back"), (self.forth, "bp-step-forth"),
                            (self.step, "bp-step"), (self.gradients, "bp-step-gradients"),
                            (self.image, "bp-step-plot"), (self.text, "bp-step-readout"),
                            (self.formula, "bp-step-formula"), (self.box, "bp-stepper")):
            widget.add_class(css)
        self.back.on_click(lambda _: self.move(-1))
        self.forth.on_click(lambda _: self.move(+1))

    def move(self, by: int):
        self.step.value = min(max(self.step.value + by, self.step.min), self.step.max)

    def render(self, number: int, gradients: str) -> bytes:
        """The view's picture of step `number` (1...7) of `gradients`, drawn on the step's first visit."""
        if (number, gradients) not in self._png:
            self._png[number, gradients] = self.png(number - 1, gradients)
        return self._png[number, gradients]

    def png(self, i: int, gradients: str = "correct") -> bytes:
        """Step i's picture (0-based) as PNG bytes: its moving layer drawn over the kept static one."""
        return self.canvas.png([self.picture.draw(i, gradients)])

    def describe(self, number: int, gradients: str):
        """Under the picture, the step's readout and formula; the buttons that lead nowhere disabled."""
        all_steps = self.picture.steps[gradients]
        self.back.disabled, self.forth.disabled = number == self.step.min, number == self.step.max
        self.text.value = readout_html(all_steps[number - 1], len(all_steps))
        self.formula.value = f"$${all_steps[number - 1].latex}$$"

    def update(self, change=None):
        """Redraw for the slider's and the switch's values."""
        self.view.redraw()


def stepper(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y) -> Stepper:
    """Build the stepper; display `stepper().box`.  Static twins: bpcore.plots.steps.plot_steps and
    plot_parting."""
    return Stepper(w, x, y)
