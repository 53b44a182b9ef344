"""The playground's mathematics (notebook 07): what its sliders and switches set, which choices they rule
out, the training run they ask for, and the text under its plots.

    result = compute(Settings(lr=5.0))      # bpcore.train from the exercise's weights, then where it ended
    readout(result)                         # the text under the plots, in a fixed format

The plots are bpcore.plots.playground's, the dashboard bpcore.widgets.playground's.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import validate
from .formatting import fixed, target
from .gradients import History, backprop, backprop_original, train
from .language import N_, tr
from .network import (
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

# The words for a setting, in the language bpcore speaks: tr(COST_WORDS[cost]).  COST_WORDS says what
# bpcore.network.COST_NAMES says in English.
COST_WORDS = {"squared": N_("squared error"), "cross_entropy": N_("cross-entropy")}
OUTPUT_WORDS = {"sigmoid": N_("sigmoid"), "tanh": N_("tanh"), "identity": N_("identity")}
OUTPUT_UNITS = {"sigmoid": N_("sigmoid output"), "tanh": N_("tanh output"), "identity": N_("identity output")}
GRADIENT_WORDS = {"correct": N_("correct gradients"), "published": N_("published gradients")}
# why the cross-entropy is off for an output unit other than the sigmoid
NOT_SIGMOID = {"tanh": N_("cross-entropy needs a sigmoid output, not tanh"),
               "identity": N_("cross-entropy needs a sigmoid output, not identity")}
EPOCHS = (N_("{n} epoch"), N_("{n} epochs"))  # one, and more (or none)
# "the 10th update": an ordinal by its English suffix (formatting.ordinal's), "第 10" in Chinese
# Translators: "the {nth} update" of the readout: 1st, 2nd, 3rd, 4th in English; in Chinese 第 {n}.
ORDINALS = {"st": N_("{n}st"), "nd": N_("{n}nd"), "rd": N_("{n}rd"), "th": N_("{n}th")}


def nth(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, ..., 21st in English (bpcore.formatting.ordinal); 第 n in Chinese."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return tr(ORDINALS[suffix], n=n)


def epochs_words(n: int) -> str:
    """1 epoch, 10 epochs (bpcore.formatting.plural's); n 个回合 in Chinese."""
    return tr(EPOCHS[n != 1], n=n)


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
                raise ValueError(tr("{field}={choice!r} does not go with these settings: {why}",
                                    field=field, choice=choice, why=why[field]))


def unavailable(y1: float, y2: float, output: str, cost: str) -> dict[str, str]:
    """The switches' choices that these settings rule out, each with its reason in one line:
    "cost" when the cross-entropy is ruled out, "gradient" when the published derivation is."""
    why = {}
    outside = [f"y{k} = {target(v)}" for k, v in ((1, y1), (2, y2)) if not 0 <= v <= 1]
    if output != "sigmoid":
        why["cost"] = tr(NOT_SIGMOID[output])
    elif outside:
        why["cost"] = tr("cross-entropy needs targets in [0, 1], not {targets}", targets=", ".join(outside))
    if (output, cost) != ("sigmoid", "squared"):
        why["gradient"] = tr("only for a sigmoid output with the squared error")  # the exercise's derivation
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
        raise TypeError(tr("settings must be a bpcore.scenario.Settings, got {value}", value=repr(settings)))
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
    settings = tr("lr = {lr:.3g}, y1 = {y1}, y2 = {y2}, {epochs}; {output}, {cost}, {gradients}",
                  lr=s.lr, y1=target(s.y1), y2=target(s.y2), epochs=epochs_words(s.epochs),
                  output=tr(OUTPUT_UNITS[s.output]), cost=tr(COST_WORDS[s.cost]),
                  gradients=tr(GRADIENT_WORDS[s.gradient]))
    after = tr("after the {nth} update (not plotted): L = {loss}, out_o1 = {out_o1}, out_o2 = {out_o2}",
               nth=nth(s.epochs), loss=fixed(result.loss, 6), out_o1=fixed(result.outputs[0], 5),
               out_o2=fixed(result.outputs[1], 5))
    return f"{settings}\n{after}"


def title(result: Result) -> str:
    """The loss panel's title: the cost and the gradients, what a switch changes (the sliders' values
    are in the readout)."""
    s = result.settings
    return tr("{cost}, {gradients}", cost=tr(COST_WORDS[s.cost]), gradients=tr(GRADIENT_WORDS[s.gradient]))


def range_label(output: str) -> str:
    """The legend's words for the shaded band of outputs the unit can reach ("" for none)."""
    reach = OUTPUT_RANGES[output]
    if reach is None:
        return ""
    return tr("{output}'s range ({low:g}, {high:g})", output=tr(OUTPUT_WORDS[output]), low=reach[0],
              high=reach[1]).replace("-", "\u2212")
