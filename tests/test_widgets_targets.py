"""The targets sliders of notebook 02: what one slider move computes and draws."""

import warnings

import matplotlib.pyplot as plt
import pytest

import bpcore
from bpcore.plots import fonts
from bpcore.widgets import explorers


def test_update_at_the_exercise_targets():
    shown = explorers.update_targets(0.23, -0.07)
    assert shown["loss"] == pytest.approx(0.2097097937, abs=1e-10)
    assert shown["lowest"] == pytest.approx(0.00245, rel=1e-12)
    assert shown["closest"] == (0.23, 0.0)
    ax = shown["ax"]
    assert ax.get_title() == "loss now 0.209710   ·   lowest within reach 0.002450"
    star = next(line for line in ax.lines if line.get_marker() == "*")
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (0.23, -0.07)


def test_update_inside_the_square_has_nothing_out_of_reach():
    shown = explorers.update_targets(0.4, 0.9)
    assert shown["lowest"] == 0.0 and shown["closest"] == (0.4, 0.9)
    assert shown["loss"] == pytest.approx(bpcore.loss(bpcore.SEED_WEIGHTS, bpcore.SEED_X, (0.4, 0.9)))


@pytest.mark.parametrize("y1, y2", [(-0.5, -0.5), (-0.5, 1.5), (1.5, -0.5), (1.5, 1.5)])
def test_update_at_the_slider_corners_is_finite_and_silent(y1, y2):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shown = explorers.update_targets(y1, y2)
    c1, c2 = min(max(y1, 0), 1), min(max(y2, 0), 1)
    assert shown["closest"] == (c1, c2)
    assert shown["lowest"] == pytest.approx(0.5 * (y1 - c1) ** 2 + 0.5 * (y2 - c2) ** 2)
    assert shown["lowest"] == pytest.approx(0.25)  # each target 0.5 outside (0, 1)
    assert 0.25 < shown["loss"] < 2.0


def test_update_draws_on_a_given_axes_and_uses_given_weights():
    _, ax = plt.subplots()
    w = bpcore.Weights(1, 1, 1, 1, 1, 1, 1, 1)
    shown = explorers.update_targets(0.5, 0.5, w=w, x=(0.5, 0.3), ax=ax)
    assert shown["ax"] is ax
    f = bpcore.forward(w, (0.5, 0.3))
    dot = next(line for line in ax.lines if line.get_marker() == "o")
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (f.out_o1, f.out_o2)


def test_explorer_sliders_reach_beyond_the_sigmoid_range():
    box = explorers.targets_explorer()
    s1, s2 = box.children[0].children
    assert (s1.description, s2.description) == ("y1", "y2")
    assert (s1.value, s2.value) == (0.23, -0.07)
    for s in (s1, s2):
        assert (s.min, s.max, s.step) == (-0.5, 1.5, 0.01)
    s1.value = 1.5  # a move must not raise
    s2.value = -0.5


def test_in_chinese_the_picture_speaks_chinese():
    bpcore.use_language("zh")
    try:
        ax = explorers.update_targets(0.23, -0.07)["ax"]
    finally:
        bpcore.use_language("en")
        fonts.use("en")
    # the loss and the floor as in test_update_at_the_exercise_targets: 0.2097097937 and 0.00245
    assert ax.get_title() == "当前损失 0.209710   ·   可达到的最低损失 0.002450"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("out_o1（目标值 y1）", "out_o2（目标值 y2）")
    f = bpcore.forward(bpcore.SEED_WEIGHTS, bpcore.SEED_X)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "sigmoid 能给出的输出：(0, 1)²", f"当前输出 ({f.out_o1:.3f}, {f.out_o2:.3f})",
        "最近的可达点 (0.23, 0.00)", "目标值 (+0.23, -0.07)"]
