"""Figures for notebook 09, beyond the exercise: the output units, the bias, the cross-entropy.

- plot_output_units: out_o1 and out_o2 per epoch, one panel per output unit side by side, the targets
  dashed and the range each unit can reach shaded (also the README's picture)
- plot_unit_losses: the loss per epoch of the same runs, on a log scale down to float64's floor
- plot_bias_shift: σ(w·x) through (0, 0.5) whatever w, and σ(w·x + b), which a bias moves
- plot_distance_to_target: how far the outputs are from their targets per epoch, one curve per cost,
  and the first epoch within a tolerance

Plumbing, not lesson: every number drawn comes from a bpcore.History or bpcore.sigmoid.  Each function
draws on Axes (new ones when `ax`/`axes` is None) and returns them, so that the tests can read back
what was drawn.  Colours are bpcore.plots.style's.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullLocator, ScalarFormatter

from .. import validate
from ..formatting import target
from ..gradients import History
from ..language import N_, tr
from ..network import COSTS, OUTPUT_RANGES, OUTPUTS, sigmoid
from .fonts import in_language
from .network import LOG_FLOOR, axes_or_new
from .style import COST_COLOURS, OUTPUT_COLOURS, RANGE_COLOUR, SIGMOID_POINT_COLOURS, UNIT_COLOURS

# What the figures call each output unit and each cost (bpcore.network.OUTPUTS, COSTS), said through tr().
UNIT_OUTPUT = {"sigmoid": N_("sigmoid output"), "tanh": N_("tanh output"), "identity": N_("identity output")}
UNIT_RANGE = {"sigmoid": N_("sigmoid's range ({low:g}, {high:g})"),
              "tanh": N_("tanh's range ({low:g}, {high:g})"),
              "identity": N_("identity's range ({low:g}, {high:g})")}
COST_WORDS = {"squared": N_("squared error"), "cross_entropy": N_("cross-entropy")}
# Each kind of run, its choices named in the error a wrong key gets.
RUN_KINDS = {"output units": N_("output units"), "costs": N_("costs")}


def _runs(runs, choices, what: str) -> dict[str, History]:
    """{name: History}, every name one of `choices`, every value a History; `what` names them (a key of
    RUN_KINDS)."""
    if not runs:
        raise ValueError(tr("runs must map {what} ({choices}) to bpcore.train's History, got {runs!r}",
                            what=tr(RUN_KINDS[what]), choices=", ".join(choices), runs=runs))
    for name, history in runs.items():
        validate.one_of(name, choices, tr("runs' {what}", what=tr(RUN_KINDS[what])))
        if not isinstance(history, History):
            raise TypeError(tr("runs[{name!r}] must be a bpcore.History, got {kind}", name=name,
                               kind=type(history).__name__))
    return dict(runs)


EPOCH_TICKS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)  # plot_output_units' epochs, on a symlog axis


@in_language
def plot_output_units(runs, y, axes=None):
    """out_o1, out_o2 per epoch for each {output unit: History}, one panel each, side by side.

    The targets are dashed; the band a unit can reach (style.RANGE_COLOUR) is shaded: a sigmoid's (0, 1),
    tanh's (−1, 1); an identity output has none.  The panels share their output axis, which shows both
    bands whole, so that each band's edges are in view.  The epochs run on a symlog axis, linear up to
    epoch 1, logarithmic beyond: the first ten epochs, where tanh and the identity reach their targets,
    take half the width, and a long run still fits.  Each title gives the outputs after the last epoch
    recorded (epoch k: after k updates).
    """
    runs = _runs(runs, OUTPUTS, "output units")
    y = validate.pair(y, "y")
    axes = np.atleast_1d(axes_or_new(axes, (4.1 * len(runs), 3.9), ncols=len(runs), layout="constrained"))
    if len(axes) != len(runs):
        raise ValueError(tr("axes must hold one Axes per run ({runs}), got {count}", runs=len(runs),
                            count=len(axes)))
    every = [o for h in runs.values() for pair in h.outputs for o in pair] + list(y)
    every += [end for unit in runs if OUTPUT_RANGES[unit] for end in OUTPUT_RANGES[unit]]
    low, high = min(every), max(every)
    pad = 0.06 * (high - low)
    for ax, (unit, history) in zip(axes, runs.items()):
        epochs = range(len(history.outputs))
        for k, colour in enumerate(OUTPUT_COLOURS):
            ax.plot(epochs, [pair[k] for pair in history.outputs], color=colour, linewidth=1.8,
                    label=f"out_o{k + 1}", gid=f"out_o{k + 1}")
            ax.axhline(y[k], color=colour, linestyle="--", linewidth=1,
                       label=tr("target y{k} = {value}", k=k + 1, value=target(y[k])), gid=f"y{k + 1}")
        reach = OUTPUT_RANGES[unit]
        if reach is not None:
            ax.axhspan(*reach, color=RANGE_COLOUR, alpha=0.15, gid="range",
                       label=tr(UNIT_RANGE[unit], low=reach[0], high=reach[1]))
        ax.axhline(0, color="black", linewidth=0.6, gid="zero")
        last = len(history.outputs) - 1
        o1, o2 = history.outputs[-1]
        after = tr("after {epochs} epochs: out_o = ({o1:+.4f}, {o2:+.4f})", epochs=last, o1=o1, o2=o2)
        ax.set_title(tr(UNIT_OUTPUT[unit]) + "\n" + after, fontsize=10)
        _epoch_axis(ax, last)
        ax.set_ylim(low - pad, high + pad)
        ax.tick_params(labelsize=9)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="lower right")  # below the curves: the outputs are near 0 to 0.5
    axes[0].set_ylabel(tr("output"))
    return axes


def _epoch_axis(ax, last: int):
    """plot_output_units' epochs, 0 to `last`, on a symlog axis: linear up to epoch 1, logarithmic beyond."""
    ax.set_xscale("symlog", linthresh=1, linscale=0.5)
    ax.set_xlim(0, max(last, 1))
    ax.set_xticks([t for t in EPOCH_TICKS if t <= max(last, 1)])
    ax.xaxis.set_major_formatter(ScalarFormatter())
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xlabel(tr("epoch (log scale from 1)"), fontsize=10)


@in_language
def plot_unit_losses(runs, ax=None, title=None):
    """The loss per epoch of each {output unit: History}, on a log scale all the way down: where a run
    stops falling, at float64's floor (about 1e-33 for the exercise's targets), is in view.  An exact 0,
    which a log axis cannot show, is drawn at zero_at(runs), under every positive loss.  The title is "Loss
    per epoch, by output unit" (in the language bpcore speaks) unless `title` is given."""
    runs = _runs(runs, OUTPUTS, "output units")
    ax = axes_or_new(ax, (6.4, 3.6), layout="constrained")
    bottom = zero_at(runs)
    for unit, history in runs.items():
        ax.plot(range(len(history.losses)), [v if v > 0 else bottom for v in history.losses],
                color=UNIT_COLOURS[unit], linewidth=1.8, label=tr(UNIT_OUTPUT[unit]), gid=f"loss-{unit}")
    ax.set_yscale("log")
    top = max(max(h.losses) for h in runs.values())
    ax.set_ylim(bottom / 3, 10 * top)
    ax.set_xlabel(tr("epoch k"))
    ax.set_ylabel(tr("loss L after k epochs"))
    ax.set_title(tr("Loss per epoch, by output unit") if title is None else title)
    ax.grid(alpha=0.3)
    ax.legend()
    return ax


def zero_at(runs) -> float:
    """Where plot_unit_losses draws an exact 0: a tenth of the smallest positive loss of `runs`."""
    return min((v for h in runs.values() for v in h.losses if v > 0), default=1.0) / 10


@in_language
def plot_bias_shift(weights=(-2.0, -0.5, 1.0, 3.0), biases=(-2.0, 0.0, 2.0), w=1.0, axes=None,
                    xlim=(-4.0, 4.0)):
    """Left: σ(w·x) for each of `weights`: every curve passes through (0, 0.5).  Right: σ(w·x + b) for
    each of `biases` at the weight `w`: at x = 0 the output is σ(b), which the bias chooses."""
    weights = [validate.number(v, f"weights[{i}]") for i, v in enumerate(weights)]
    biases = [validate.number(v, f"biases[{i}]") for i, v in enumerate(biases)]
    w = validate.number(w, "w")
    left, right = axes_or_new(axes, (10, 3.4), ncols=2, layout="constrained")
    xs = [xlim[0] + (xlim[1] - xlim[0]) * i / 200 for i in range(201)]
    for k, v in enumerate(weights):
        left.plot(xs, [sigmoid(v * x) for x in xs], color=SIGMOID_POINT_COLOURS[k % 6], label=f"w = {v:+g}",
                  gid=f"w={v:g}")
    left.plot([0], [0.5], "o", color="black", zorder=3, gid="pinned")
    left.set_title(tr("no bias: σ(w·x) is 0.5 at x = 0, whatever w"))
    left.legend(fontsize=8, loc="center right")
    for k, b in enumerate(biases):
        right.plot(xs, [sigmoid(w * x + b) for x in xs], color=SIGMOID_POINT_COLOURS[k % 6],
                   label=tr("b = {b:+g}: σ(b) = {out:.3f} at x = 0", b=b, out=sigmoid(b)), gid=f"b={b:g}")
        right.plot([0], [sigmoid(b)], "o", color=SIGMOID_POINT_COLOURS[k % 6], zorder=3, gid=f"at-0-b={b:g}")
    unit = "x" if w == 1 else f"{w:g}·x"
    right.set_title(tr("with a bias: σ({unit} + b) is σ(b) at x = 0", unit=unit))
    right.legend(fontsize=8, loc="lower right")
    for ax in (left, right):
        ax.axvline(0, color="grey", linewidth=0.8)
        ax.set_xlim(*xlim)
        ax.set_ylim(-0.03, 1.03)
        ax.set_xlabel(tr("input x"))
        ax.grid(alpha=0.3)
    left.set_ylabel("out_h = σ(in_h)")
    return left, right


def first_within(history: History, y, tol: float):
    """The first epoch whose recorded outputs both lie within tol of the targets y, or None."""
    (y1, y2) = y
    return next((epoch for epoch, (o1, o2) in enumerate(history.outputs)
                 if abs(o1 - y1) < tol and abs(o2 - y2) < tol), None)


@in_language
def plot_distance_to_target(runs, y, tol=1e-3, ax=None, title=None):
    """max(|out_o1 − y1|, |out_o2 − y2|) per epoch for each {cost: History}, on a log scale; the
    tolerance dashed, and each run's first epoch within it marked and named in the legend."""
    runs = _runs(runs, COSTS, "costs")
    y = validate.pair(y, "y")
    tol = validate.positive(tol, "tol")
    ax = axes_or_new(ax, (6.4, 3.6))
    for cost, history in runs.items():
        far = [max(abs(o1 - y[0]), abs(o2 - y[1]), LOG_FLOOR) for o1, o2 in history.outputs]
        first = first_within(history, y, tol)
        when = (tr("within {tol:g} at epoch {first}", tol=tol, first=first) if first is not None
                else tr("not within {tol:g}", tol=tol))
        ax.plot(range(len(far)), far, color=COST_COLOURS[cost], linewidth=1.8,
                label=tr("{cost}: {when}", cost=tr(COST_WORDS[cost]), when=when), gid=f"distance-{cost}")
        if first is not None:
            ax.axvline(first, color=COST_COLOURS[cost], linestyle=":", linewidth=1.2, gid=f"first-{cost}")
    ax.axhline(tol, color="black", linestyle="--", linewidth=1, gid="tol",
               label=tr("tolerance {tol:g}", tol=tol))
    ax.set_yscale("log")
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel("max |out_o − y|")
    ax.set_title(title or tr("How far the outputs are from y = ({y1:g}, {y2:g})", y1=y[0], y2=y[1]))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax
