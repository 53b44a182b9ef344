"""The learning-rate slider of notebook 04: its update function, called directly, across the slider's
range."""

import math
import warnings

import pytest

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.plots import fonts, style
from bpcore.widgets import explorers


def test_update_draws_the_run_and_the_exercise_reference():
    shown = explorers.update_learning_rate(10.0, epochs=50)
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=10.0, epochs=50)
    assert shown["history"] == h
    assert shown["final_loss"] == h.losses[-1]
    ax_loss, _ = shown["axes"]
    gids = {l.get_gid(): l for l in ax_loss.get_lines()}
    assert list(gids["loss-lr-10"].get_ydata()) == list(h.losses)
    ref = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=50)
    assert list(gids["loss-lr-1"].get_ydata()) == list(ref.losses)


def test_at_lr_one_there_is_only_one_run():
    ax_loss, _ = explorers.update_learning_rate(1.0, epochs=10)["axes"]
    assert [l.get_gid() for l in ax_loss.get_lines() if l.get_gid().startswith("loss-")] == ["loss-lr-1"]


@pytest.mark.parametrize("lr", [style.LR_RANGE[0], 1.0, 10.0, style.LR_RANGE[1]])
def test_slider_ends_stay_finite_without_warnings(lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shown = explorers.update_learning_rate(lr, epochs=2000)
    h = shown["history"]
    assert all(math.isfinite(v) for v in h.losses)
    assert all(math.isfinite(v) for weights in h.weights for v in weights)
    assert 0.5 * 0.07 ** 2 < shown["final_loss"] < h.losses[0]


def test_measured_behaviour_at_the_top_of_the_slider():
    # lr = 100: monotone at first, then out_o1 overshoots the target in a period-2 oscillation
    shown = explorers.update_learning_rate(100.0, epochs=2000)
    h = shown["history"]
    assert shown["increases"] > 100
    o1 = [o[0] for o in h.outputs[-10:]]
    assert all((a - 0.23) * (b - 0.23) < 0 for a, b in zip(o1, o1[1:]))  # alternates around y1
    # at lr = 1 the loss falls every epoch
    assert explorers.update_learning_rate(1.0, epochs=2000)["increases"] == 0


def test_bad_lr_is_named():
    with pytest.raises(ValueError, match="lr"):
        explorers.update_learning_rate(math.inf)
    with pytest.raises(ValueError, match="lr"):
        explorers.update_learning_rate(-1.0)


def test_no_epochs_is_named():
    """The figure shows the last epoch's loss: without an epoch there is none."""
    with pytest.raises(ValueError, match="epochs"):
        explorers.update_learning_rate(1.0, epochs=0)
    with pytest.raises(TypeError, match="epochs"):
        explorers.update_learning_rate(1.0, epochs=2.5)


def test_explorer_builds_a_log_slider_to_100():
    import ipywidgets

    box = explorers.learning_rate_explorer()
    lr_slider, epochs_slider = box.children[0].children
    assert isinstance(lr_slider, ipywidgets.FloatLogSlider)
    assert lr_slider.base ** lr_slider.min == pytest.approx(0.01)
    assert lr_slider.base ** lr_slider.max == pytest.approx(100.0)
    assert lr_slider.value == 1.0 and epochs_slider.value == 300
    # a render takes a few tenths of a second: redraw on release, so that a drag does not queue up renders
    assert not lr_slider.continuous_update and not epochs_slider.continuous_update
    assert box.children[1].value == explorers.render_learning_rate(1.0, epochs=300)


def test_render_gives_a_png_and_a_slider_move_redraws_it():
    png = explorers.render_learning_rate(100.0, epochs=50)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    box = explorers.learning_rate_explorer(epochs=50)
    lr_slider, _ = box.children[0].children
    image = box.children[1]
    before = image.value
    lr_slider.value = 100.0
    assert image.value != before
    assert image.value == explorers.render_learning_rate(100.0, epochs=50)


@pytest.fixture
def zh():
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")
    fonts.use("en")


def test_in_chinese_the_slider_and_its_picture_speak_chinese(zh):
    box = explorers.learning_rate_explorer(epochs=20)
    lr_slider, epochs_slider = box.children[0].children
    assert (lr_slider.description, epochs_slider.description) == ("lr", "回合数")
    h = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=10.0, epochs=20)
    ax_loss, ax_o1 = explorers.update_learning_rate(10.0, epochs=20)["axes"]
    assert ax_loss.get_title() == "lr = 10 时每个回合的损失" and ax_o1.get_title() == "每个回合的 out_o1"
    assert ax_loss.get_xlabel() == ax_o1.get_xlabel() == "回合"
    assert ax_loss.get_ylabel() == "损失 L（对数坐标）"
    floor = bpcore.lowest_loss_within_reach(SEED_Y)
    labels = [t.get_text() for t in ax_loss.get_legend().get_texts()]
    assert labels == ["lr = 1", "lr = 10", f"可达到的最低损失 {floor:.5f}"]
    assert ax_loss.get_lines()[1].get_ydata().tolist() == list(h.losses)
