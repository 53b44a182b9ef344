"""The playground's mathematics (notebook 07): what its sliders and switches set, which choices they rule
out, the training run they ask for, and the text under its plots.

    result = compute(Settings(lr=5.0))      # bpcore.train from the exercise's weights, then where it ended
    readout(result)                         # the text under the plots, in a fixed format

The plots are bpcore.plots.playground's, the dashboard bpcore.widgets.playground's.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import validate
from .formatting import fixed, ordinal, plural, target
from .gradients import History, backprop, backprop_original, train
from .network import (
    COST_NAMES,
    COSTS,
    OUTPUT_RANGES,
    OUTPUTS,
    SEED_WEIGHTS,
    SEED_X,
    SEED_Y,
    Weights,
    forward,
    loss,
)

GRADIENTS = {"correct": backprop, "published": backprop_original}


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
    outside = [f"y{k} = {target(v)}" for k, v in ((1, y1), (2, y2)) if not 0 <= v <= 1]
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
        raise TypeError(f"settings must be a bpcore.scenario.Settings, got {settings!r}")
    s, y = settings, (settings.y1, settings.y2)
    history = train(SEED_WEIGHTS, SEED_X, y, lr=s.lr, epochs=s.epochs, grad=GRADIENTS[s.gradient],
                    output=s.output, cost=s.cost)
    w = history.weights[-1]
    f = forward(w, SEED_X, output=s.output)
    return Result(s, history, w, loss(w, SEED_X, y, output=s.output, cost=s.cost), (f.out_o1, f.out_o2))


def readout(result: Result) -> str:
    """The dashboard's text, two lines: the settings; the loss and outputs after the last update.

    The loss curve plots each epoch's loss *before* its update, so its last point is not this L."""
    s = result.settings
    settings = (f"lr = {s.lr:.3g}, y1 = {target(s.y1)}, y2 = {target(s.y2)}, {plural(s.epochs, 'epoch')}; "
                f"{s.output} output, {COST_NAMES[s.cost]}, {s.gradient} gradients")
    after = (f"after the {ordinal(s.epochs)} update (not plotted): L = {fixed(result.loss, 6)}, "
             f"out_o1 = {fixed(result.outputs[0], 5)}, out_o2 = {fixed(result.outputs[1], 5)}")
    return f"{settings}\n{after}"


def title(result: Result) -> str:
    """The loss panel's title: the cost and the gradients, what a switch changes (the sliders' values
    are in the readout)."""
    s = result.settings
    return f"{COST_NAMES[s.cost]}, {s.gradient} gradients"


def range_label(output: str) -> str:
    """The legend's words for the shaded band of outputs the unit can reach ("" for none)."""
    reach = OUTPUT_RANGES[output]
    return "" if reach is None else f"{output}'s range ({reach[0]:g}, {reach[1]:g})".replace("-", "\u2212")
