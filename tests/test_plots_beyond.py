"""What notebook 09's figures draw (bpcore.plots.beyond): their data, labels and limits, read back."""

import math

import pytest
from matplotlib.colors import to_hex, to_rgba

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.plots import beyond, style

RUNS = {unit: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=100, output=unit)
        for unit in bpcore.OUTPUTS}


def _by_gid(ax):
    return {artist.get_gid(): artist for artist in [*ax.get_lines(), *ax.patches] if artist.get_gid()}


def test_output_units_draw_each_run_against_the_targets_one_panel_per_unit():
    axes = beyond.plot_output_units(RUNS, SEED_Y)
    assert len(axes) == 3
    for ax, (unit, run) in zip(axes, RUNS.items()):
        drawn = _by_gid(ax)
        for k in (0, 1):
            line = drawn[f"out_o{k + 1}"]
            assert list(line.get_xdata()) == list(range(100))
            assert list(line.get_ydata()) == [pair[k] for pair in run.outputs]
            assert to_hex(line.get_color()) == to_hex(style.OUTPUT_COLOURS[k])
            assert list(drawn[f"y{k + 1}"].get_ydata()) == [SEED_Y[k]] * 2
        assert ax.get_title().startswith(f"{unit} output\nafter 99 epochs: ")
        o1, o2 = run.outputs[-1]
        assert ax.get_title().endswith(f"out_o = ({o1:+.4f}, {o2:+.4f})")
        # the epochs on a symlog axis: linear to 1, then logarithmic, so the first ten take half the width
        assert ax.get_xscale() == "symlog" and ax.get_xlim() == (0, 99)
        assert list(ax.get_xticks()) == [0, 1, 2, 5, 10, 20, 50]
        assert ax.get_xlabel() == "epoch (log scale from 1)"
        to_pixels = ax.transData.transform
        x0, x10, x99 = (to_pixels((e, 0))[0] for e in (0, 10, 99))
        assert 0.4 < (x10 - x0) / (x99 - x0) < 0.7
        assert all(t.get_fontsize() >= 9 for t in ax.get_legend().get_texts())  # legible: 9 pt or more
    # the shared output axis holds every output, both targets and both bands whole (their edges show)
    lows, highs = zip(*(ax.get_ylim() for ax in axes))
    assert len(set(lows)) == len(set(highs)) == 1
    every = [o for run in RUNS.values() for pair in run.outputs for o in pair]
    assert lows[0] < min(every + list(SEED_Y) + [-1.0]) and highs[0] > max(every + [1.0])
    assert highs[0] - lows[0] < 2.5  # and not much more: the curves keep a quarter of the height
    assert axes[1].get_title().endswith("-0.0700)") and axes[0].get_title().endswith("+0.0736)")


def test_each_unit_shades_its_own_range_and_the_identity_none():
    axes = beyond.plot_output_units(RUNS, SEED_Y)
    for ax, unit in zip(axes, RUNS):
        band = _by_gid(ax).get("range")
        if unit == "identity":
            assert band is None
            continue
        ys = [band.get_y(), band.get_y() + band.get_height()]  # axhspan: a Rectangle, y in data units
        assert (min(ys), max(ys)) == bpcore.OUTPUT_RANGES[unit] == {"sigmoid": (0, 1), "tanh": (-1, 1)}[unit]
        assert to_rgba(band.get_facecolor())[:3] == to_rgba(style.RANGE_COLOUR)[:3]
        assert band.get_label() == f"{unit}'s range ({min(ys):g}, {max(ys):g})"


def test_output_units_draw_any_subset_on_given_axes_and_refuse_bad_runs():
    import matplotlib.pyplot as plt

    _, axes = plt.subplots(1, 2)
    two = {"tanh": RUNS["tanh"], "sigmoid": RUNS["sigmoid"]}
    drawn = beyond.plot_output_units(two, SEED_Y, axes=axes)
    assert [ax.get_title().split()[0] for ax in drawn] == ["tanh", "sigmoid"]
    with pytest.raises(ValueError, match="runs' output units must be one of sigmoid, tanh, identity"):
        beyond.plot_output_units({"relu": RUNS["tanh"]}, SEED_Y)
    with pytest.raises(TypeError, match=r"runs\['tanh'\] must be a bpcore.History"):
        beyond.plot_output_units({"tanh": [0.1, 0.2]}, SEED_Y)
    with pytest.raises(ValueError, match="one Axes per run"):
        beyond.plot_output_units(RUNS, SEED_Y, axes=axes)
    with pytest.raises(ValueError, match="runs must map"):
        beyond.plot_output_units({}, SEED_Y)


def test_unit_losses_draw_each_loss_coloured_by_its_unit_down_to_the_float64_floor():
    ax = beyond.plot_unit_losses(RUNS)
    drawn = _by_gid(ax)
    for unit, run in RUNS.items():
        line = drawn[f"loss-{unit}"]
        assert list(line.get_ydata()) == list(run.losses)  # no loss here is exactly 0: nothing moved
        assert to_hex(line.get_color()) == to_hex(style.UNIT_COLOURS[unit])
        assert line.get_label() == f"{unit} output"
    assert ax.get_yscale() == "log"
    lowest = min(min(run.losses) for run in RUNS.values())
    assert lowest < 1e-32  # the floor, about 1e-33 (tests/test_output_unit_claims.py)
    assert ax.get_ylim()[0] < lowest  # in view: the axis is not cut at 1e-20
    assert ax.get_ylim()[1] == pytest.approx(10 * max(RUNS["sigmoid"].losses))
    assert ax.get_xlabel() == "epoch k" and ax.get_ylabel() == "loss L after k epochs"
    assert to_hex(style.UNIT_COLOURS["sigmoid"]) == to_hex(style.REFERENCE_COLOUR)  # the exercise's: blue


def test_unit_losses_draw_an_exact_zero_under_every_positive_loss():
    run = bpcore.History(losses=(0.5, 1e-30, 0.0), weights=RUNS["tanh"].weights[:4],
                         outputs=RUNS["tanh"].outputs[:3], grads=RUNS["tanh"].grads[:3])
    ax = beyond.plot_unit_losses({"tanh": run})
    assert list(_by_gid(ax)["loss-tanh"].get_ydata()) == [0.5, 1e-30, 1e-31]
    assert beyond.zero_at({"tanh": run}) == 1e-31 and ax.get_ylim()[0] < 1e-31


def test_bias_shift_pins_every_unbiased_curve_at_one_half_and_moves_the_biased_ones():
    left, right = beyond.plot_bias_shift(weights=(-2.0, 1.0, 3.0), biases=(-1.0, 2.0), w=1.0)
    drawn = _by_gid(left)
    for v in (-2.0, 1.0, 3.0):
        line = drawn[f"w={v:g}"]
        xs, ys = list(line.get_xdata()), list(line.get_ydata())
        assert ys == [bpcore.sigmoid(v * x) for x in xs]
        assert ys[xs.index(0.0)] == 0.5
    assert list(drawn["pinned"].get_xdata()) == [0] and list(drawn["pinned"].get_ydata()) == [0.5]
    drawn = _by_gid(right)
    for b in (-1.0, 2.0):
        xs, ys = list(drawn[f"b={b:g}"].get_xdata()), list(drawn[f"b={b:g}"].get_ydata())
        assert ys == [bpcore.sigmoid(x + b) for x in xs]
        assert list(drawn[f"at-0-b={b:g}"].get_ydata()) == [bpcore.sigmoid(b)]
        assert drawn[f"b={b:g}"].get_label() == f"b = {b:+g}: σ(b) = {bpcore.sigmoid(b):.3f} at x = 0"
    assert right.get_title() == "with a bias: σ(x + b) is σ(b) at x = 0"
    assert left.get_xlim() == (-4.0, 4.0) and left.get_ylim() == (-0.03, 1.03)
    with pytest.raises(ValueError, match=r"biases\[1\]"):
        beyond.plot_bias_shift(biases=(0.0, math.nan))


def test_distance_to_target_marks_the_first_epoch_within_the_tolerance():
    y = (0.23, 0.07)
    runs = {cost: bpcore.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=1000, cost=cost)
            for cost in bpcore.COSTS}
    ax = beyond.plot_distance_to_target(runs, y, tol=1e-3)
    drawn = _by_gid(ax)
    for cost, run in runs.items():
        far = [max(abs(o1 - y[0]), abs(o2 - y[1])) for o1, o2 in run.outputs]
        first = next(epoch for epoch, d in enumerate(far) if d < 1e-3)  # counted here, independently
        line = drawn[f"distance-{cost}"]
        assert list(line.get_ydata()) == far
        assert list(drawn[f"first-{cost}"].get_xdata()) == [first, first]
        assert line.get_label().endswith(f"within 0.001 at epoch {first}")
        assert to_hex(line.get_color()) == to_hex(style.COST_COLOURS[cost])
    names = [drawn[f"distance-{cost}"].get_label().split(":")[0] for cost in bpcore.COSTS]
    assert names == ["squared error", "cross-entropy"]
    assert list(drawn["tol"].get_ydata()) == [1e-3, 1e-3] and ax.get_yscale() == "log"
    assert ax.get_title() == "How far the outputs are from y = (0.23, 0.07)"
    # a run that never gets there says so, and has no marker
    short = {"squared": bpcore.train(SEED_WEIGHTS, SEED_X, y, lr=1.0, epochs=50)}
    ax = beyond.plot_distance_to_target(short, y)
    assert "first-squared" not in _by_gid(ax) and _by_gid(ax)["distance-squared"].get_label().endswith(
        "not within 0.001")
    with pytest.raises(ValueError, match="tol must be > 0"):
        beyond.plot_distance_to_target(runs, y, tol=0)


def test_first_within_counts_as_the_notebook_does():
    run = RUNS["tanh"]
    assert beyond.first_within(run, SEED_Y, 1e-6) == 18
    assert beyond.first_within(RUNS["sigmoid"], SEED_Y, 1e-6) is None
    far = [max(abs(o1 - SEED_Y[0]), abs(o2 - SEED_Y[1])) for o1, o2 in run.outputs]
    assert far[17] >= 1e-6 > far[18]
