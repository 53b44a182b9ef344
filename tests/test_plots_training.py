"""What the figures of notebooks 04-06 draw: their data, labels and limits (Agg backend, no display)."""

import math

import matplotlib.colors
import pytest

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.plots import network as network_plots, style, training

ARGS = (SEED_WEIGHTS, SEED_X, SEED_Y)


def test_loss_as_published_keeps_the_exercise_label_w():
    h = bpcore.train(*ARGS, epochs=10)
    ax = training.plot_loss_as_published(h.losses)
    (line,) = ax.get_lines()
    assert list(line.get_xdata()) == list(range(10))
    assert list(line.get_ydata()) == list(h.losses)
    assert ax.get_xlabel() == "w" and ax.get_ylabel() == "Loss"


def test_bowl_paths_draw_each_path_on_the_bowl_it_descends():
    paths = {"slides": [1.0, 0.5, 0.25], "diverges": [1.0, -1.5, 2.25]}  # (1 − η·λ)·w, η·λ = 0.5, 2.5
    axes = training.plot_bowl_paths(paths, lam=2.0)
    assert [ax.get_title() for ax in axes] == ["slides", "diverges"]
    for ax, path in zip(axes, paths.values()):
        lines = {l.get_gid(): l for l in ax.get_lines()}
        assert list(lines["path"].get_xdata()) == path
        assert list(lines["path"].get_ydata()) == [v * v for v in path]  # ½·2·w²
        bowl_w, bowl_L = lines["bowl"].get_xdata(), lines["bowl"].get_ydata()
        assert min(bowl_w) <= min(path) and max(bowl_w) >= max(path)  # the bowl spans the path
        assert all(L == pytest.approx(w * w) for w, L in zip(bowl_w, bowl_L))
        assert list(lines["start"].get_xdata()) == [1.0]
        assert ax.get_xlabel() == "w"
    assert max(axes[1].get_lines()[0].get_xdata()) == pytest.approx(1.1 * 2.25)


def test_bowl_paths_refuse_a_nan_by_name():
    with pytest.raises(ValueError, match=r"paths\['a'\]\[1\]"):
        training.plot_bowl_paths({"a": [1.0, math.nan]})


def test_plot_losses_labels_the_x_axis_as_the_epoch():
    ax = training.plot_losses({"lr = 1": bpcore.train(*ARGS, epochs=10).losses})
    assert ax.get_xlabel() == "epoch"


def test_learning_rates_draw_each_run_loss_and_o1():
    runs = {lr: bpcore.train(*ARGS, lr=lr, epochs=50) for lr in (0.1, 1.0, 100.0)}
    ax_loss, ax_o1 = training.plot_learning_rates(runs)
    for lr, h in runs.items():
        (loss_line,) = [l for l in ax_loss.get_lines() if l.get_gid() == f"loss-lr-{lr:g}"]
        (o1_line,) = [l for l in ax_o1.get_lines() if l.get_gid() == f"o1-lr-{lr:g}"]
        assert list(loss_line.get_ydata()) == list(h.losses)
        assert list(o1_line.get_ydata()) == [o[0] for o in h.outputs]
        assert loss_line.get_label() == f"lr = {lr:g}"
    # at lr = 100 the first step overshoots: out_o1 falls from 0.477 to below the target 0.23
    assert runs[100.0].outputs[1][0] < 0.23 < runs[100.0].outputs[0][0]
    (floor,) = [l for l in ax_loss.get_lines() if l.get_gid() == "floor"]
    assert floor.get_ydata()[0] == pytest.approx(0.5 * 0.07 ** 2, rel=1e-12)
    (target,) = [l for l in ax_o1.get_lines() if l.get_gid() == "target"]
    assert target.get_ydata()[0] == 0.23
    assert ax_loss.get_yscale() == "log"
    assert ax_loss.get_xlabel() == ax_o1.get_xlabel() == "epoch"
    lo, hi = ax_o1.get_ylim()
    assert lo < 0 and hi >= 0.6 and hi > max(o[0] for h in runs.values() for o in h.outputs)


def test_learning_rates_needs_a_run():
    with pytest.raises(ValueError, match="runs"):
        training.plot_learning_rates({})


def test_gradient_errors_draw_zero_at_the_floor_and_keep_the_rest():
    ax = training.plot_gradient_errors({"manual vs autograd": [0.0, 1e-16, 2e-17],
                                    "finite differences": [1e-10, 2e-10, 3e-10]})
    (exact,) = [l for l in ax.get_lines() if l.get_gid() == "manual vs autograd"]
    assert list(exact.get_ydata()) == [network_plots.LOG_FLOOR, 1e-16, 2e-17]
    (zeros,) = [l for l in ax.get_lines() if l.get_gid() == "manual vs autograd-zeros"]
    assert list(zeros.get_xdata()) == [0]
    (fd,) = [l for l in ax.get_lines() if l.get_gid() == "finite differences"]
    assert list(fd.get_ydata()) == [1e-10, 2e-10, 3e-10]
    (eps,) = [l for l in ax.get_lines() if l.get_gid() == "eps64"]
    assert eps.get_ydata()[0] == 2.0 ** -52
    assert ax.get_yscale() == "log" and ax.get_ylim()[0] < network_plots.LOG_FLOOR


def test_gradient_errors_refuse_a_nan():
    with pytest.raises(ValueError, match="errors"):
        training.plot_gradient_errors({"x": [math.nan]})


def test_gradients_by_weight_one_bar_per_weight_and_method():
    g = bpcore.backprop(*ARGS)
    p = bpcore.backprop_original(*ARGS)
    ax = training.plot_gradients_by_weight({"correct": g, "published": p})
    heights = [r.get_height() for r in ax.patches]
    assert heights == list(g) + list(p)
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"w{i}" for i in range(1, 9)]
    assert heights[0] < 0 < heights[8]  # ∂L/∂w1: correct −0.008421, published +0.014583


def test_learning_rates_keep_lr_one_blue_and_the_first_run_on_top():
    runs = {lr: bpcore.train(*ARGS, lr=lr, epochs=5) for lr in (0.1, 1.0, 100.0)}
    ax_loss, ax_o1 = training.plot_learning_rates(runs)
    colour = {l.get_gid(): l.get_color() for l in ax_loss.get_lines()}
    assert colour["loss-lr-1"] == style.REFERENCE_COLOUR == "tab:blue"
    assert style.REFERENCE_COLOUR not in (colour["loss-lr-0.1"], colour["loss-lr-100"])
    assert colour["loss-lr-0.1"] != colour["loss-lr-100"]
    order = {l.get_gid(): l.get_zorder() for l in ax_o1.get_lines()}
    assert order["o1-lr-0.1"] > order["o1-lr-1"] > order["o1-lr-100"]


def test_a_learning_rate_keeps_its_colour_from_figure_to_figure():
    runs = {lr: bpcore.train(*ARGS, lr=lr, epochs=5) for lr in (0.1, 1.0, 10.0, 100.0, 300.0, 1000.0)}
    seen = {}
    for chosen in ((0.1, 1.0, 10.0, 100.0), (100.0, 300.0, 1000.0), (100.0,), (1000.0, 1.0)):
        ax_loss, ax_o1 = training.plot_learning_rates({lr: runs[lr] for lr in chosen})
        for ax, kind in ((ax_loss, "loss"), (ax_o1, "o1")):
            for line in ax.get_lines():
                if line.get_gid().startswith(f"{kind}-lr-"):
                    lr = float(line.get_gid().removeprefix(f"{kind}-lr-"))
                    assert seen.setdefault(lr, line.get_color()) == line.get_color()
    assert len(set(seen.values())) == len(seen)  # six rates, six colours
    assert style.PUBLISHED_COLOUR not in seen.values()  # red means the published derivation only
    assert style.lr_colour(3.16) == style.OTHER_LR_COLOUR  # a slider position between the listed rates


def test_learning_rates_zoom_with_limits_on_a_linear_loss_axis():
    run = bpcore.train(*ARGS, lr=100.0, epochs=700)
    ax_loss, ax_o1 = training.plot_learning_rates({100: run}, xlim=(500, 650), loss_ylim=(0.0024, 0.004),
                                              o1_ylim=(0.15, 0.30), logy=False)
    assert ax_loss.get_xlim() == ax_o1.get_xlim() == (500, 650)
    assert ax_loss.get_ylim() == (0.0024, 0.004) and ax_o1.get_ylim() == (0.15, 0.30)
    assert ax_loss.get_yscale() == "linear" and ax_loss.get_ylabel() == "loss L"
    assert ax_o1.get_title() == "out_o1, epochs 500-650"
    (line,) = [l for l in ax_loss.get_lines() if l.get_gid() == "loss-lr-100"]
    assert list(line.get_ydata()) == list(run.losses)
    ax_log, _ = training.plot_learning_rates({100: run})
    assert ax_log.get_yscale() == "log" and ax_log.get_ylabel() == "loss L (log scale)"


def test_each_method_keeps_its_colour_and_published_is_always_red():
    g, p = bpcore.backprop(*ARGS), bpcore.backprop_original(*ARGS)
    bars = training.plot_gradients_by_weight({"manual": g, "autograd": g, "finite differences": g,
                                          "published": p})
    colour = {r.get_gid(): r.get_facecolor() for r in bars.patches}
    errors = training.plot_gradient_errors({"manual vs autograd": [1e-16],
                                        "manual vs finite differences": [1e-10]})
    curves = training.plot_losses({"autograd": [0.2, 0.1], "published derivation": [0.2, 0.15]})
    line = {l.get_label(): l.get_color() for l in errors.get_lines() + curves.get_lines()}
    rgba = matplotlib.colors.to_rgba
    assert colour["published"] == rgba(line["published derivation"]) == rgba(style.PUBLISHED_COLOUR)
    assert colour["autograd"] == rgba(line["manual vs autograd"]) == rgba(line["autograd"])
    assert colour["finite differences"] == rgba(line["manual vs finite differences"])
    assert len(set(colour.values())) == 4
    assert style.series_colour("lr = 1") == style.REFERENCE_COLOUR == style.series_colour("correct gradients")
    assert style.series_colour("hidden 4", 0) in style.OTHER_COLOURS


def test_learning_rates_draw_a_zero_loss_without_warnings():
    import dataclasses
    import warnings

    run = bpcore.train(*ARGS, lr=1.0, epochs=3)
    zero = dataclasses.replace(run, losses=(0.0, 0.0, 0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax_loss, _ = training.plot_learning_rates({1.0: zero}, y=(0.5, 0.5))
        ax_loss.figure.canvas.draw()
    (line,) = [l for l in ax_loss.get_lines() if l.get_gid() == "loss-lr-1"]
    assert list(line.get_ydata()) == [network_plots.LOG_FLOOR] * 3
