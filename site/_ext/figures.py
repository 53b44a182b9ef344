"""Everything the course website draws with bpcore, and the only module of the site that imports bpcore.

The site needs two things from it, both drawn once per build by `scripts/site`:

- the stepper of notebook 03: for each of its 7 steps, of the chain rule and of the published derivation,
  the picture, the readout and the formula (`stepper_frames`);
- the playground of notebook 07: the worked example and a gallery of instructive settings, each a picture
  and its readout (`playground_frames`).

Should bpcore's modules move, only the imports below change.
"""

from __future__ import annotations

from dataclasses import dataclass

from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, scenario as _scenario, stepper as _stepper
from bpcore.widgets import playground as _playground, stepper as _stepper_widget

GRADIENTS = _stepper.GRADIENTS  # ("correct", "published")


@dataclass(frozen=True)
class StepFrame:
    """One step of the stepper as the page shows it."""

    gradients: str  # "correct" or "published"
    number: int  # 1 ... count
    count: int
    png: bytes  # the picture, as the notebook's stepper draws it
    readout_html: str  # the widget's text: title, values, what the teacher says (English)
    latex: str  # the step's formulas with their numbers, one LaTeX string (aligned when several)
    wrong: bool  # the step computes something else than the chain rule


def stepper_frames(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y) -> list[StepFrame]:
    """All the stepper's steps, the chain rule's first, then the published derivation's."""
    widget = _stepper_widget.Stepper(w, x, y)  # its pictures: bpcore.plots.stepper's, on a layered canvas
    frames = []
    for gradients in GRADIENTS:
        all_steps = widget.picture.steps[gradients]
        count = len(all_steps)
        for i, step in enumerate(all_steps):
            png, readout = widget.png(i, gradients), _stepper_widget.readout_html(step, count)
            frames.append(StepFrame(gradients, step.number, count, png, readout, step.latex, step.wrong))
    return frames


@dataclass(frozen=True)
class PlaygroundFrame:
    """One setting of the playground, drawn as the dashboard draws it."""

    settings: dict  # lr, y1, y2, epochs, gradient, output, cost
    png: bytes
    readout: str  # the dashboard's two lines of text


def playground_frame(**settings) -> PlaygroundFrame:
    """The dashboard's picture and readout for these settings (bpcore.scenario.Settings' keywords)."""
    s = _scenario.Settings(**settings)
    result = _scenario.compute(s)
    png = _playground.Picture().render(result)
    return PlaygroundFrame({k: getattr(s, k) for k in ("lr", "y1", "y2", "epochs", "gradient", "output",
                                                       "cost")}, png, _scenario.readout(result))


def worked_example() -> dict:
    """The playground's defaults: the exercise's worked example."""
    s = _scenario.WORKED_EXAMPLE
    return {k: getattr(s, k) for k in ("lr", "y1", "y2", "epochs", "gradient", "output", "cost")}
