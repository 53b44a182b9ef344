"""The playground (notebook 07): its numbers are bpcore.train's, its plots draw those numbers,
its widgets drive both.  No browser here: tests/test_browser.py drives the real page."""

import io
import re
import warnings
from dataclasses import replace

import matplotlib
import numpy as np
import pytest
from PIL import Image

import bpcore
from bpcore import formatting, network, scenario as S
from bpcore.plots import playground as playground_plots, style
from bpcore.widgets import playground

# Every corner of the sliders' ranges at lr 100 and 300 epochs, for every output unit, both gradients
# where they go together; then the other ends, and the cross-entropy at the corners it allows.
EXTREMES = [S.Settings(lr=style.LR_RANGE[1], y1=y1, y2=y2, epochs=style.EPOCHS_RANGE[1], gradient=g, output=o)
            for o in network.OUTPUTS for y1 in style.Y_RANGE for y2 in style.Y_RANGE
            for g in (sorted(S.GRADIENTS) if o == "sigmoid" else ["correct"])] + [
    S.Settings(lr=style.LR_RANGE[0], y1=0.0, y2=1.0, epochs=style.EPOCHS_RANGE[0], gradient="published"),
    S.Settings(lr=style.LR_RANGE[1], y1=1.0, y2=0.0, epochs=style.EPOCHS_RANGE[0], gradient="correct"),
    *(S.Settings(lr=lr, y1=y1, y2=y2, epochs=style.EPOCHS_RANGE[1], cost="cross_entropy")
      for lr in style.LR_RANGE for y1 in (0.0, 1.0) for y2 in (0.0, 1.0)),
]
REACH = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}  # the closed ranges the outputs can round into


def rises(losses):
    return [k for k in range(1, len(losses)) if losses[k] > losses[k - 1]]


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.fixture(scope="module")
def panels():
    return playground.Picture()


@pytest.mark.parametrize("settings", [S.WORKED_EXAMPLE, S.Settings(lr=5.0, y1=0.8, y2=1.2, epochs=40),
                                      S.Settings(lr=0.3, epochs=25, gradient="published"),
                                      S.Settings(lr=2.0, epochs=30, output="tanh"),
                                      S.Settings(lr=0.5, y1=1.4, epochs=30, output="identity"),
                                      S.Settings(lr=3.0, y2=0.07, epochs=30, cost="cross_entropy")], ids=str)
def test_compute_is_bpcore_train(settings):
    grad = bpcore.backprop if settings.gradient == "correct" else bpcore.backprop_original
    y, unit = (settings.y1, settings.y2), {"output": settings.output, "cost": settings.cost}
    expected = bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, y, lr=settings.lr, epochs=settings.epochs,
                            grad=grad, **unit)
    result = S.compute(settings)
    assert result.history == expected
    assert result.weights == expected.weights[-1]
    assert result.loss == bpcore.loss(expected.weights[-1], bpcore.SEED_X, y, **unit)
    f = bpcore.forward(expected.weights[-1], bpcore.SEED_X, output=settings.output)
    assert result.outputs == (f.out_o1, f.out_o2)


@pytest.mark.parametrize("output, cost, y", [("tanh", "squared", bpcore.SEED_Y),
                                             ("identity", "squared", bpcore.SEED_Y),
                                             ("sigmoid", "cross_entropy", (0.23, 0.07))])
def test_the_switches_train_as_torch_does(output, cost, y):
    """Witness: bpcore.autograd.train, torch float64, run one epoch longer (its last epoch starts from the
    weights after the dashboard's last update)."""
    from bpcore import autograd

    result = S.compute(S.Settings(y1=y[0], y2=y[1], epochs=100, output=output, cost=cost))
    torch_run = autograd.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, y, lr=1.0, epochs=101, output=output,
                               cost=cost)
    assert result.loss == pytest.approx(torch_run.losses[100], rel=1e-9, abs=1e-30)
    assert result.outputs == pytest.approx(torch_run.outputs[100], rel=1e-9)


def test_the_issues_measurements():
    """Issue 12's table, measured with torch float64 from the exercise's weights at lr 1."""
    for output in ("tanh", "identity"):  # out_o2 reaches −0.07 in 100 epochs; the loss ≈ 1e-33
        run = S.compute(S.Settings(epochs=100, output=output))
        assert run.outputs == pytest.approx(bpcore.SEED_Y, abs=1e-6)
        assert run.history.losses[-1] < 1e-30
    sigmoid = S.compute(S.Settings(epochs=100))  # the 100th epoch's, before its update: the exercise's
    assert sigmoid.history.losses[-1] == pytest.approx(0.0103, abs=5e-5)
    assert sigmoid.history.outputs[-1][1] == pytest.approx(0.0736, abs=5e-5)
    # on targets (0.23, 0.07): out_o2 0.0702 after 100 epochs with the cross-entropy, 0.131 with squares
    entropy = S.compute(S.Settings(y2=0.07, epochs=100, cost="cross_entropy"))
    squares = S.compute(S.Settings(y2=0.07, epochs=100))
    assert entropy.history.outputs[-1][1] == pytest.approx(0.0702, abs=5e-5)
    assert squares.history.outputs[-1][1] == pytest.approx(0.131, abs=5e-4)


def test_worked_example_is_the_exercise():
    s = S.WORKED_EXAMPLE
    assert (s.lr, (s.y1, s.y2), s.epochs, s.gradient) == (1.0, bpcore.SEED_Y, 10, "correct")
    assert (s.output, s.cost) == ("sigmoid", "squared")
    result = S.compute(s)
    assert result.history.losses[0] == pytest.approx(0.2097097937, abs=1e-10)
    assert result.history.losses[-1] == pytest.approx(0.110823, abs=1e-6)  # the exercise's last printed loss
    published = S.compute(S.Settings(gradient="published"))
    assert published.history.losses[-1] == pytest.approx(0.116185, abs=1e-6)


def test_readout_format():
    from bpcore import autograd

    text = S.readout(S.compute(S.WORKED_EXAMPLE))
    # Witness: torch's run, one epoch longer; its epoch 10 starts from the weights after 10 updates.
    torch_run = autograd.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y, lr=1.0, epochs=11)
    L, (o1, o2) = torch_run.losses[10], torch_run.outputs[10]
    assert L == pytest.approx(0.1037546, abs=1e-7)
    assert text == ("lr = 1, y1 = +0.23, y2 = -0.07, 10 epochs; "
                    "sigmoid output, squared error, correct gradients\n"
                    f"after the 10th update (not plotted): L = {L:.6f}, out_o1 = {o1:.5f}, out_o2 = {o2:.5f}")
    assert "L = 0.103755" in text  # the loss after the 10th update (the curve's last point is 0.110823)


@pytest.mark.parametrize("settings", [S.Settings(lr=0.0123, y1=-0.5, y2=-0.5, epochs=300, output="identity"),
                                      S.Settings(lr=0.0123, epochs=300, gradient="published"),
                                      S.Settings(lr=100.0, y1=-0.5, y2=1.5, epochs=300, output="identity"),
                                      S.Settings(lr=0.5, y1=1.0, y2=0.0, cost="cross_entropy")], ids=str)
def test_readout_lines_fit_the_picture(settings):
    """Under 100 characters: no wrap under the 940 px picture.  An identity output at lr 100 takes the
    loss to about 1e7, which is written with an exponent, not as a line of figures."""
    text = S.readout(S.compute(settings))
    assert max(len(line) for line in text.split("\n")) < 100
    words = f"{settings.output} output, {network.COST_NAMES[settings.cost]}, {settings.gradient} gradients"
    assert words in text


def test_large_numbers_are_written_with_an_exponent(panels):
    result = S.compute(S.Settings(lr=100.0, y1=-0.5, y2=1.5, epochs=300, output="identity"))
    assert 1e6 < max(result.history.losses) < 1e9 and max(abs(v) for v in result.weights) > 1e6
    panels.render(result)
    for name, value in zip(bpcore.WEIGHT_NAMES, result.weights):
        label = panels.edge_labels[name].get_text()
        assert label == (f"{name} = {value:+.3f}" if abs(value) < 1e3 else f"{name} = {value:+.2e}")
        assert len(label) <= len("w1 = +1.23e+07")
    assert formatting.fixed(24_400_000.0, 6) == "2.44000e+07" and formatting.fixed(0.1037546, 6) == "0.103755"


@pytest.mark.parametrize("n, word", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"),
                                     (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"),
                                     (101, "101st"), (111, "111th"), (300, "300th")])
def test_the_update_is_counted_in_english(n, word):
    assert f"after the {word} update (not plotted): L = " in S.readout(S.compute(S.Settings(epochs=n)))


def test_readout_counts_in_the_singular_for_one_epoch():
    text = S.readout(S.compute(S.Settings(epochs=1)))
    assert (", 1 epoch; sigmoid output, squared error, correct gradients\n"
            "after the 1st update (not plotted): L = ") in text
    assert "epochs" not in text
    assert "2 epochs" in S.readout(S.compute(S.Settings(epochs=2)))


def test_readout_html_is_the_readout_line_by_line():
    text = S.readout(S.compute(S.WORKED_EXAMPLE))
    first, second = text.split("\n")
    html = playground.readout_html(S.compute(S.WORKED_EXAMPLE))
    assert html == f"<code>{first}</code><br><code>{second}</code>"


def test_the_notebooks_claims_about_large_rates():
    """Notebook 07's intro, for the sliders' ranges (lr up to 100, up to 300 epochs)."""
    for gradient in S.GRADIENTS:  # the worked example: the loss falls at every epoch, even at lr 100
        assert rises(S.compute(S.Settings(lr=100.0, epochs=300, gradient=gradient)).history.losses) == []
    overshoot = S.compute(S.Settings(lr=100.0, y1=0.5, y2=0.5, epochs=300))
    assert rises(overshoot.history.losses) == [1, 2, 3]  # climbs for three epochs, then falls for good
    losses = overshoot.history.losses
    assert losses.index(max(losses[:10])) == 3  # the answer to "Try it" 1
    assert rises(S.compute(S.Settings(lr=50.0, y1=0.5, y2=0.5)).history.losses) == []  # "try lr 50"
    period_2 = rises(S.compute(S.Settings(lr=100.0, y1=0.5, y2=0.5, epochs=300,
                                          gradient="published")).history.losses)
    assert period_2[-10:] == list(range(280, 300, 2))  # every other epoch, to the end


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="gradient"):
        S.Settings(gradient="autograd")
    with pytest.raises(ValueError, match="lr"):
        S.Settings(lr=-1.0)
    with pytest.raises(TypeError, match="epochs"):
        S.Settings(epochs=2.5)
    with pytest.raises(TypeError, match="y1"):
        S.Settings(y1="0.2")
    with pytest.raises(ValueError, match="output must be one of sigmoid, tanh, identity, got 'relu'"):
        S.Settings(output="relu")
    with pytest.raises(ValueError, match="cost must be one of squared, cross_entropy, got 'cross-entropy'"):
        S.Settings(cost="cross-entropy")
    with pytest.raises(TypeError, match="settings"):
        S.compute({"lr": 1.0})


@pytest.mark.parametrize("fields, message", [
    ({"cost": "cross_entropy"}, r"cost='cross_entropy' .*targets in \[0, 1\], not y2 = -0.07"),
    ({"cost": "cross_entropy", "y1": 1.2, "y2": 0.5}, r"cost='cross_entropy' .*not y1 = \+1.20$"),
    ({"cost": "cross_entropy", "y1": 1.2, "y2": -0.1}, r"not y1 = \+1.20, y2 = -0.10"),
    ({"cost": "cross_entropy", "y2": 0.5, "output": "tanh"}, r"cost='cross_entropy' .*output, not tanh"),
    ({"gradient": "published", "output": "identity"}, r"gradient='published' .*sigmoid output with"),
    ({"gradient": "published", "y2": 0.5, "cost": "cross_entropy"}, r"gradient='published'"),
])
def test_settings_that_do_not_go_together_are_named(fields, message):
    with pytest.raises(ValueError, match=message):
        S.Settings(**fields)


def test_what_each_choice_rules_out():
    assert S.unavailable(0.23, -0.07, "sigmoid", "squared") == {
        "cost": "cross-entropy needs targets in [0, 1], not y2 = -0.07"}
    assert S.unavailable(0.0, 1.0, "sigmoid", "squared") == {}  # [0, 1] closed: both ends allowed
    assert S.unavailable(0.5, 0.5, "sigmoid", "cross_entropy").keys() == {"gradient"}
    assert S.unavailable(0.5, 0.5, "tanh", "squared").keys() == {"cost", "gradient"}
    assert (S.unavailable(1.5, -0.5, "identity", "squared")["cost"]
            == "cross-entropy needs a sigmoid output, not identity")
    for choices in S.unavailable(0.5, 0.5, "tanh", "squared").values():
        assert "\n" not in choices and len(choices) < 100  # one line


@pytest.mark.parametrize("settings", EXTREMES, ids=str)
def test_extreme_settings_stay_finite_without_warnings(settings, panels):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = S.compute(settings)
        png = panels.render(result)
    assert png.startswith(b"\x89PNG")
    assert S.readout(result).count("nan") == 0 and S.readout(result).count("inf") == 0
    numbers = [*result.history.losses, result.loss, *result.outputs, *result.weights]
    assert all(abs(v) < 1e9 for v in numbers)  # finite, and not absurdly large (identity at lr 100: ~1e7)
    if settings.output in REACH:
        lo, hi = REACH[settings.output]
        assert all(lo <= o <= hi for out in result.history.outputs for o in out)


def test_drawn_data_is_the_result(panels):
    result = S.compute(S.Settings(lr=3.0, y1=1.2, y2=-0.3, epochs=40, gradient="published"))
    panels.render(result)
    assert list(panels.loss_line.get_xdata()) == list(range(40))
    assert list(panels.loss_line.get_ydata()) == list(result.history.losses)
    assert panels.loss_line.get_marker() == ""  # markers only on short runs
    for k in (0, 1):
        assert list(panels.output_lines[k].get_ydata()) == [o[k] for o in result.history.outputs]
    assert list(panels.target_lines[0].get_ydata()) == [1.2, 1.2]
    assert list(panels.target_lines[1].get_ydata()) == [-0.3, -0.3]
    lo, hi = panels.ax_outputs.get_ylim()  # fixed: every target the sliders reach stays in view
    assert lo < style.Y_RANGE[0] and style.Y_RANGE[1] < hi
    legend = ["out_o1", "target y1", "sigmoid's range (0, 1)", "out_o2", "target y2"]
    assert [t.get_text() for t in panels.legend.get_texts()] == legend
    lo, hi = panels.ax_loss.get_ylim()
    assert lo <= min(result.history.losses) and max(result.history.losses) <= hi
    assert panels.ax_loss.get_title() == "squared error, published gradients"
    assert panels.ax_outputs.get_title() == "sigmoid outputs per epoch, targets dashed"
    for name, value in zip(bpcore.WEIGHT_NAMES, result.weights):
        assert panels.edge_labels[name].get_text() == f"{name} = {value:+.3f}"
        assert panels.edges[name].get_color() == (style.POSITIVE if value > 0 else style.NEGATIVE)
    assert panels.unit_values["o1"].get_text() == f"out = {result.outputs[0]:.5f}"
    assert panels.unit_values["o2"].get_text() == f"out = {result.outputs[1]:.5f}"


@pytest.mark.parametrize("output, band, words", [("sigmoid", (0.0, 1.0), "sigmoid's range (0, 1)"),
                                                 ("tanh", (-1.0, 1.0), "tanh's range (\u22121, 1)"),
                                                 ("identity", None, None)])
def test_the_shading_follows_the_output_unit(panels, output, band, words):
    result = S.compute(S.Settings(y2=0.5, cost="squared", output=output))
    panels.render(result)
    assert panels.band.get_visible() == (band is not None)
    texts = [t.get_text() for t in panels.legend.get_texts()]
    if band is None:  # the identity reaches every number: nothing shaded, nothing in the legend
        assert texts == ["out_o1", "target y1", "out_o2", "target y2"]
    else:
        y0, height = panels.band.get_y(), panels.band.get_height()
        assert (y0, y0 + height) == band
        assert texts[2] == words
    assert panels.ax_outputs.get_title() == f"{output} outputs per epoch, targets dashed"
    picture = pixels(panels.render(result))  # the band is drawn: grey inside (0, 1), white at 1.2
    x, inside = panels.ax_outputs.transData.transform([(5, 0.75)])[0]
    _, outside = panels.ax_outputs.transData.transform([(5, 1.3)])[0]
    height = picture.shape[0]
    shaded, white = picture[int(height - inside), int(x), :3], picture[int(height - outside), int(x), :3]
    assert (white == 255).all()
    assert (shaded < 255).all() == (band is not None)


def test_the_axes_end_on_ticks(panels):
    """So that a drag moves the curves, not the axes: the limits are ticks, and hold the data."""
    for settings in (S.WORKED_EXAMPLE, S.Settings(lr=3.0, epochs=47), S.Settings(epochs=1),
                     S.Settings(lr=0.0, epochs=5)):
        result = S.compute(settings)
        panels.render(result)
        lo, hi = panels.ax_loss.get_ylim()
        ticks = list(panels.ax_loss.get_yticks())
        assert (lo, hi) == (ticks[0], ticks[-1])
        assert lo <= min(result.history.losses) and max(result.history.losses) <= hi
        for ax in (panels.ax_loss, panels.ax_outputs):
            left, right = ax.get_xlim()
            assert left == -0.5 and right - 0.5 >= settings.epochs - 1
            assert right - 0.5 in ax.get_xticks()  # the first tick at or after the last epoch
            assert all(t == int(t) for t in ax.get_xticks())  # whole epochs
    assert panels.ax_loss.get_xlim() == (-0.5, 4.5)  # 5 epochs: 0 ... 4, and 4 is a tick


def test_short_runs_have_markers(panels):
    panels.render(S.compute(S.WORKED_EXAMPLE))
    assert panels.loss_line.get_marker() == "o"
    assert panels.ax_loss.get_xlim() == (-0.5, 10.5)  # epochs 0 ... 9, and the tick 10


def test_static_figure_is_the_dashboards():
    import matplotlib.pyplot as plt

    panels = playground_plots.figure(S.WORKED_EXAMPLE)
    assert plt.fignum_exists(panels.fig.number)  # a pyplot figure: the notebook shows it with plt.show()
    result = S.compute(S.WORKED_EXAMPLE)
    assert list(panels.loss_line.get_ydata()) == list(result.history.losses)
    for k in (0, 1):
        assert list(panels.output_lines[k].get_ydata()) == [o[k] for o in result.history.outputs]
        assert list(panels.target_lines[k].get_ydata()) == [bpcore.SEED_Y[k]] * 2
    assert panels.unit_values["o1"].get_text() == f"out = {result.outputs[0]:.5f}"
    assert panels.unit_values["o2"].get_text() == f"out = {result.outputs[1]:.5f}"
    assert panels.edge_labels["w1"].get_text() == f"w1 = {result.weights.w1:+.3f}"
    assert panels.ax_loss.get_title() == "squared error, correct gradients"
    plt.close(panels.fig)


class TestDashboard:
    @pytest.fixture
    def board(self):
        """Warnings are errors while the board is built and while the test moves its sliders."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            yield playground.dashboard(projector=False)

    @pytest.fixture
    def renders(self, monkeypatch):
        """The number of redraws so far."""
        count = []
        real = playground.Picture.render
        monkeypatch.setattr(playground.Picture, "render",
                            lambda self, *args: count.append(1) or real(self, *args))
        return count

    def test_the_plots_follow_a_drag(self, board):
        for slider in (board.lr, board.epochs, board.y1, board.y2):
            assert slider.continuous_update is True

    @pytest.mark.parametrize("gradient", sorted(S.GRADIENTS))
    def test_the_sliders_ends(self, board, gradient):
        board.gradient.value = gradient
        for lr, epochs, y1, y2 in ((board.lr.max, board.epochs.max, board.y1.max, board.y2.min),
                                   (board.lr.min, board.epochs.min, board.y1.min, board.y2.max),
                                   (board.lr.max, board.epochs.max, board.y1.min, board.y2.min)):
            board.lr.value = 10 ** lr
            board.epochs.value, board.y1.value, board.y2.value = epochs, y1, y2
            expected = S.Settings(lr=10.0 ** lr, y1=y1, y2=y2, epochs=epochs, gradient=gradient)
            assert board.settings() == expected
            assert board.text.value == playground.readout_html(S.compute(expected))
            assert bytes(board.image.value).startswith(b"\x89PNG")

    def test_the_plot_is_shown_at_its_pixel_size(self, board):
        """Never stretched (Voilà's page is wider than a notebook's cell): as wide as the PNG, or narrower."""
        width, _ = Image.open(io.BytesIO(bytes(board.image.value))).size
        assert width == 940
        assert (board.image.layout.width, board.image.layout.max_width) == (f"{width}px", "100%")
        assert board.image.layout.height == "auto"

    def test_one_move_is_one_redraw(self, board, renders):
        board.y1.value = 0.5
        assert len(renders) == 1

    def test_starts_at_the_worked_example(self, board):
        assert board.settings() == S.WORKED_EXAMPLE
        assert board.text.value == playground.readout_html(S.compute(S.WORKED_EXAMPLE))
        assert bytes(board.image.value).startswith(b"\x89PNG")
        # y2 = -0.07 is no probability: the cross-entropy is off, and the note in its row says why
        assert board.off(board.cost) and not board.off(board.gradient)
        assert not board.cost.disabled  # only the cross-entropy's button is greyed: "squared error" reads
        assert board.notes["cost"].value == "Off: cross-entropy needs targets in [0, 1], not y2 = -0.07"
        assert board.notes["gradient"].value == ""
        cost_row = next(row for row in board.box.children[:5] if board.cost in row.children)
        assert list(cost_row.children) == [board.cost, board.notes["cost"]]

    def test_the_picture_is_the_render_of_the_settings(self, board):
        board.lr.value, board.y2.value, board.output.value = 10 ** 0.5, 0.4, "tanh"
        expected = playground.Picture().render(S.compute(board.settings()))
        assert (pixels(bytes(board.image.value)) == pixels(expected)).all()

    def test_a_slider_move_recomputes_and_redraws(self, board):
        before = board.image.value
        board.lr.value = 10 ** 0.7  # the slider shows 5.01
        board.y2.value = 0.61 + 1e-12  # float noise from the browser is rounded to what the readout shows
        expected = S.Settings(lr=5.01, y1=0.23, y2=0.61)
        assert board.settings() == expected
        assert board.text.value == playground.readout_html(S.compute(expected))
        assert board.image.value != before
        assert list(board.panels.loss_line.get_ydata()) == list(S.compute(expected).history.losses)

    def test_the_switch_uses_the_published_gradients(self, board):
        board.gradient.value = "published"
        published = bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y, lr=1.0, epochs=10,
                                 grad=bpcore.backprop_original)
        assert board.result.history == published
        assert "published gradients" in board.text.value

    @pytest.mark.parametrize("output", ["tanh", "identity"])
    def test_the_output_switch(self, board, renders, output):
        board.gradient.value = "published"
        board.output.value = output
        assert len(renders) == 2  # the published gradients set back to the correct ones: no redraw of its own
        assert board.settings() == S.Settings(output=output)
        assert board.result.history == bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y,
                                                    output=output)
        assert board.off(board.cost) and board.off(board.gradient)
        assert not board.cost.disabled and not board.gradient.disabled
        assert board.notes["cost"].value == f"Off: cross-entropy needs a sigmoid output, not {output}"
        assert board.notes["gradient"].value == "Off: only for a sigmoid output with the squared error"
        gradient_row = next(row for row in board.box.children[:5] if board.gradient in row.children)
        assert list(gradient_row.children) == [board.gradient, board.notes["gradient"]]
        assert f"{output} output, squared error, correct gradients" in board.text.value
        board.output.value = "sigmoid"
        assert not board.off(board.gradient) and board.gradient.value == "correct"

    def test_the_cross_entropy_needs_targets_in_0_1(self, board, renders):
        board.y2.value = 0.07
        assert not board.off(board.cost) and board.notes["cost"].value == ""
        board.cost.value = "cross_entropy"
        assert board.settings() == S.Settings(y2=0.07, cost="cross_entropy")
        assert board.result.history == bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, (0.23, 0.07),
                                                    cost="cross_entropy")
        assert board.off(board.gradient)  # the published formula is the squared error's
        board.y2.value = -0.01  # dragged out of [0, 1]: back to the squared error, in the same redraw
        assert len(renders) == 3
        assert board.settings() == S.Settings(y2=-0.01)
        assert board.off(board.cost) and not board.off(board.gradient)
        assert board.notes["cost"].value == "Off: cross-entropy needs targets in [0, 1], not y2 = -0.01"
        assert "sigmoid output, squared error" in board.text.value

    def test_reset_restores_the_worked_example(self, board, renders):
        board.lr.value, board.epochs.value, board.y1.value, board.y2.value = 50.0, 200, 0.4, 0.6
        board.cost.value = "cross_entropy"
        board.output.value = "tanh"  # turns the cross-entropy off
        assert len(renders) == 6
        board.reset.click()
        assert len(renders) == 7  # seven controls moved back, one redraw
        assert (board.lr.value, board.epochs.value, board.y1.value, board.y2.value) == (1.0, 10, 0.23, -0.07)
        assert (board.output.value, board.cost.value, board.gradient.value) == (
            "sigmoid", "squared", "correct")
        assert board.settings() == S.WORKED_EXAMPLE
        assert board.result.history == bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y)
        assert board.off(board.cost) and not board.off(board.gradient)

    def test_every_control_has_its_css_class(self, board):
        for widget, css in ((board.lr, "bp-lr"), (board.output, "bp-output"), (board.cost, "bp-cost"),
                            (board.notes["cost"], "bp-note-cost"),
                            (board.notes["gradient"], "bp-note-gradient"), (board.image, "bp-plot"),
                            (board.text, "bp-readout"), (board.box, "bp-dashboard")):
            assert css in widget._dom_classes
        assert "bp-projector" not in board.box._dom_classes

    def test_the_css_greys_only_the_last_choice_and_aligns_the_labels(self, board):
        """The dashboard's own CSS sits in a widget that shows nothing, under the readout."""
        assert board.css in board.box.children and board.css.layout.display == "none"
        assert ".bp-off button:last-of-type { opacity: 0.35; pointer-events: none; }" in board.css.value
        assert ".widget-toggle-buttons > .widget-label { text-align: right;" in board.css.value
        assert [o for o in board.cost.options][-1] == ("cross-entropy", "cross_entropy")
        assert [o for o in board.gradient.options][-1] == ("published (flawed)", "published")


def test_the_projector_layout():
    """Voilà on a 1280 x 720 projector: a picture 1233 px wide and 362 high, text at 20 px, the sliders
    and the output switch in two rows of three, each other switch in a row with its note."""
    board = playground.dashboard(projector=True)
    width, height = Image.open(io.BytesIO(bytes(board.image.value))).size
    assert (width, height) == (1233, 362)
    rows = board.box.children[:4]
    assert [len(row.children) for row in rows] == [3, 3, 2, 2]
    assert list(rows[2].children) == [board.cost, board.notes["cost"]]
    assert list(rows[3].children) == [board.gradient, board.notes["gradient"]]
    assert board.box.children[4] is board.image and board.box.children[5] is board.text
    assert {*rows[0].children, *rows[1].children} >= {board.lr, board.y1, board.y2, board.epochs}
    assert "bp-projector" in board.box._dom_classes
    assert "--jp-widgets-font-size: 20px;" in board.css.value
    # the browser test (tests/test_browser.py) measures the painted sizes: 20 px text, all in 720 px


def test_voila_gets_the_projector_layout(monkeypatch):
    monkeypatch.delenv("VOILA_SERVER_URL", raising=False)
    assert not playground.in_voila()
    assert len(playground.dashboard().box.children[0].children) == 2  # the notebook's: two controls a row
    monkeypatch.setenv("VOILA_SERVER_URL", "/")  # what Voilà puts into its kernels' environment
    assert playground.in_voila()
    assert len(playground.dashboard().box.children[0].children) == 3
    assert "bp-projector" in playground.dashboard().box._dom_classes


def test_the_legend_hides_no_data():
    """Below the outputs' axes: it cannot cover a target line, wherever the sliders put it."""
    panels = playground.Picture()
    panels.render(S.compute(S.Settings(y1=1.5, y2=-0.5)))
    renderer = panels.fig.canvas.get_renderer()
    legend = panels.legend.get_window_extent(renderer)
    axes = panels.ax_outputs.get_window_extent(renderer)
    assert legend.y1 < axes.y0


@pytest.mark.parametrize("dpi", [style.NOTEBOOK_DPI, style.PROJECTOR_DPI])
def test_text_is_readable_at_the_size_shown(dpi):
    """At dpi 80 the figure is as wide as a notebook shows it (no scaling); no text under 9 pt (10 px)."""
    panels = playground.Picture(dpi)
    panels.render(S.compute(S.WORKED_EXAMPLE))
    width, _ = panels.fig.canvas.get_width_height()
    assert (900 <= width <= 960) if dpi == style.NOTEBOOK_DPI else (1200 <= width <= 1246)
    texts = [t for t in panels.fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text() and t.get_visible()]
    assert len(texts) > 30
    assert min(t.get_fontsize() for t in texts) >= 9


FRAMES = [S.WORKED_EXAMPLE, S.Settings(y2=0.5), S.Settings(y2=0.5, cost="cross_entropy"),
          S.Settings(lr=3.0, epochs=100, output="tanh"), S.Settings(lr=3.0, epochs=120, output="identity"),
          S.Settings(y2=0.5, gradient="published"), S.WORKED_EXAMPLE, S.Settings(epochs=1), EXTREMES[1],
          S.Settings(lr=100.0, y1=1.5, y2=-0.5, epochs=300, output="identity"), S.Settings(y2=0.51)]


def test_the_fast_redraw_draws_what_a_full_draw_draws():
    """`png` redraws only the moving parts over cached layers: the same picture as drawing it all."""
    for settings in FRAMES:
        fast = playground.Picture()
        fast.render(S.compute(S.Settings(lr=3.0, epochs=50)))  # something else drawn first
        shown = pixels(fast.render(S.compute(settings)))
        full = playground.Picture()
        playground_plots.show(S.compute(settings), full)
        with matplotlib.rc_context({"text.hinting": "no_hinting"}):  # as png draws
            full.fig.canvas.draw()
        expected = np.asarray(full.fig.canvas.buffer_rgba())
        assert shown.shape == expected.shape
        split = int(full.ax_network.get_window_extent().x0)  # loss and outputs: pixel for pixel
        assert (shown[:, :split] == expected[:, :split]).all(), settings
        # the network: only anti-aliasing where an edge meets a unit's rim (an edge label is ~500 pixels)
        assert (shown[:, split:] != expected[:, split:]).any(axis=2).sum() < 250, settings


def test_the_cached_layers_never_show_an_old_picture():
    """One panel through a drag, switch clicks and back: each frame as a fresh panel draws it."""
    panels = playground.Picture()
    drag = [replace(S.Settings(epochs=100, lr=3.0), y2=round(-0.5 + k / 10, 2)) for k in range(21)]
    for settings in [*FRAMES, *drag, *FRAMES]:
        result = S.compute(settings)
        assert (pixels(panels.render(result)) == pixels(playground.Picture().render(result))).all(), settings


def test_a_drag_back_and_forth_draws_each_axes_picture_once():
    """view.LayeredCanvas keeps the axes' picture of the last few limits (KEEP): a drag of y1 up its range
    and back (bench_class's), which goes through several limits, draws each once; the frames on the way
    back, drawn over kept pictures, are the pictures a fresh Picture draws."""
    from bpcore.widgets import view

    panels = playground.Picture()
    drawn = []
    over = panels.canvas._over

    def counted(picture, artists, copy=False):
        drawn.append(copy)
        return over(picture, artists, copy)

    panels.canvas._over = counted
    up = [replace(S.WORKED_EXAMPLE, y1=round(0.24 + k / 100, 2)) for k in range(0, 50, 2)]
    keys = []
    for settings in up + up[::-1]:
        panels.render(S.compute(settings))
        keys.append(panels.axes_key)
    distinct = [k for n, k in enumerate(keys) if k not in keys[:n]]
    assert 2 < len(distinct) <= view.LayeredCanvas.KEEP  # the drag crosses limits, all of them kept
    assert drawn.count(True) == len(distinct)
    for settings in up[::-12]:  # back down, over kept pictures
        result = S.compute(settings)
        assert (pixels(panels.render(result)) == pixels(playground.Picture().render(result))).all(), settings


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("dpi", [style.NOTEBOOK_DPI, style.PROJECTOR_DPI])
def test_the_glyph_caching_renderer_draws_what_matplotlib_draws(dpi, language):
    """The Picture's canvas (view.GlyphCachingCanvas: glyphs, fonts and layouts kept from frame to frame)
    against the same Picture on matplotlib's own Agg canvas, pixel for pixel: switch clicks, a drag of
    y2 there and back (strings and glyphs that come back) and the extremes, in each language."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg

    from bpcore.widgets.view import GlyphCachingRenderer

    bpcore.use_language(language)
    try:
        fast, plain = playground.Picture(dpi), playground.Picture(dpi)
        plain.canvas.canvas = FigureCanvasAgg(plain.fig)  # matplotlib's renderer, nothing kept
        drag = [replace(S.Settings(epochs=100, lr=3.0), y2=round(-0.5 + k / 10, 2)) for k in range(21)]
        for settings in [*FRAMES, *drag, *drag[::-1], *EXTREMES[::4]]:
            result = S.compute(settings)
            assert (pixels(fast.render(result)) == pixels(plain.render(result))).all(), settings
        assert type(fast.fig.canvas.get_renderer()) is GlyphCachingRenderer
        assert type(plain.fig.canvas.get_renderer()) is RendererAgg
        assert fast.fig.canvas.get_renderer().glyphs  # the cache was used
    finally:
        bpcore.use_language("en")


def test_the_glyph_caching_renderer_measures_a_text_as_matplotlib_does():
    """GlyphCachingRenderer measures a text (width, height, descent) from the layout it draws, where
    matplotlib's RendererAgg lays the string out a second time (FT2Font.set_text): the same three numbers,
    exactly, for random strings of the labels' characters, Greek, sub- and superscripts, spaces and
    Chinese (Noto Sans SC behind DejaVu Sans: glyphs of a fallback font), in three hinting modes and at
    the notebook's and the projector's dpi."""
    import random

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from bpcore.plots import fonts
    from bpcore.widgets.view import GlyphCachingCanvas

    chinese = fonts.register()
    rng = random.Random(21)
    characters = "0123456789.-−+=e ()ηδσ∂½²₁₂wouthinLyAVTfj,:|反向传播学习率损失函数第轮"
    strings = ["", " ", "lp", "-", "AV", "反向传播 η", "0.23", "−0.07"]
    strings += ["".join(rng.choices(characters, k=rng.randint(1, 12))) for _ in range(60)]
    for dpi in (style.NOTEBOOK_DPI, style.PROJECTOR_DPI):
        fast = GlyphCachingCanvas(Figure(dpi=dpi)).get_renderer()
        plain = FigureCanvasAgg(Figure(dpi=dpi)).get_renderer()
        for hinting in ("no_hinting", "default", "force_autohint"):  # the Picture's, the default, another
            with matplotlib.rc_context({"text.hinting": hinting}):
                for prop in (FontProperties(family=["DejaVu Sans", chinese], size=9),
                             FontProperties(family=["DejaVu Sans Mono", chinese], size=12.5)):
                    for text in strings:
                        matplotlibs = plain.get_text_width_height_descent(text, prop, False)
                        ours = fast.get_text_width_height_descent(text, prop, False)
                        assert ours == matplotlibs, (text, hinting, dpi)
        assert fast.extents and fast.layouts  # measured from kept layouts and glyph extents


def test_png_is_the_canvas_with_zlib_too(monkeypatch):
    """canvas_png deflates with ISA-L (isal) where it is installed, else with zlib: the same pixels."""
    import zlib

    from bpcore.widgets import view

    panels = playground.Picture()
    png = panels.render(S.compute(S.WORKED_EXAMPLE))
    monkeypatch.setattr(view, "deflate", zlib)
    with_zlib = view.canvas_png(panels.fig.canvas)
    assert (pixels(with_zlib) == pixels(png)).all()
    assert (pixels(with_zlib) == np.asarray(panels.fig.canvas.buffer_rgba())).all()


def test_png_is_the_canvas():
    panels = playground.Picture()
    png = panels.render(S.compute(S.WORKED_EXAMPLE))
    shown = pixels(png)
    assert (shown == np.asarray(panels.fig.canvas.buffer_rgba())).all()
    assert len(png) < 150_000  # flat colours deflate well unfiltered: about 60 kB


def test_an_identity_output_at_lr_100_is_a_dead_network_in_the_dashboard():
    """Notebook 07's "What to look for" 1 (and 09): the loss jumps to 168.5, then stays at ½(y1² + y2²) with
    both outputs 0, written 0.00000, not -0.00000 (tests/test_output_unit_claims.py has the torch witness)."""
    result = S.compute(S.Settings(lr=100.0, epochs=300, output="identity"))
    assert result.history.losses[:2] == pytest.approx((0.0690292, 168.53453), rel=1e-6)
    assert result.loss == pytest.approx(0.5 * (0.23 ** 2 + 0.07 ** 2), rel=1e-15)
    assert set(result.history.losses[2:]) == {result.loss}
    assert result.outputs == (0.0, 0.0)
    assert "L = 0.028900, out_o1 = 0.00000, out_o2 = 0.00000" in S.readout(result)


# --- in Chinese (bpcore.use_language("zh")): the playground's labels, readout, notes and picture ---

SYMBOLS = {"out", "sigmoid", "tanh"}  # the series' symbols and the output units' names stay as they are
CHINESE = re.compile(r"[\u4e00-\u9fff]")
ZH_SETTINGS = [S.WORKED_EXAMPLE, S.Settings(epochs=1), S.Settings(epochs=2), S.Settings(epochs=21),
               S.Settings(lr=0.3, epochs=25, gradient="published"),
               S.Settings(lr=2.0, y1=-0.5, y2=1.2, epochs=30, output="tanh"),
               S.Settings(lr=100.0, y1=-0.5, y2=1.5, epochs=300, output="identity"),
               S.Settings(lr=3.0, y1=0.9, y2=0.07, epochs=30, cost="cross_entropy")]


def english_words(text: str) -> list[str]:
    """Runs of two or more ASCII letters that are not a symbol (one letter is one: L, y1, w5), HTML tags
    aside."""
    return [w for w in re.findall(r"[A-Za-z]{2,}", re.sub(r"<[^>]+>", " ", text)) if w not in SYMBOLS]


def speaks_chinese(text: str) -> bool:
    return english_words(text) == [] and CHINESE.search(text) is not None


@pytest.fixture
def zh():
    """bpcore speaks Chinese during the test, English again after it."""
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")


def _numbers(text):
    return re.findall(r"[-+]?\d+(?:\.\d+)?(?:e[-+]\d+)?", text)


@pytest.mark.parametrize("settings", ZH_SETTINGS, ids=str)
def test_in_chinese_the_readout_is_chinese_with_the_english_numbers(settings, zh):
    result = S.compute(settings)
    text = S.readout(result)
    bpcore.use_language("en")
    english = S.readout(result)
    bpcore.use_language("zh")
    assert speaks_chinese(text), text
    assert text.count("\n") == 1  # two lines, as in English
    # the numbers of the English readout, which test_readout_format holds against torch, in the same order
    assert _numbers(text) == _numbers(english.replace("1st", "1").replace("2nd", "2").replace("21st", "21")
                                      .replace("th ", " "))
    assert f"第 {settings.epochs} 次更新之后（图中未画出）：L = " in text
    assert f"{settings.epochs} 个回合；" in text
    # a Chinese character is about two Latin ones wide: each line fits under the 940 px picture
    assert max(len(line) + len(CHINESE.findall(line)) for line in text.split("\n")) < 100
    assert speaks_chinese(S.title(result)) and speaks_chinese(playground.readout_html(result))
    if S.range_label(settings.output):
        assert speaks_chinese(S.range_label(settings.output))


def test_in_chinese_what_each_choice_rules_out_and_the_errors_are_chinese(zh):
    for why in (S.unavailable(0.23, -0.07, "sigmoid", "squared"), S.unavailable(0.5, 0.5, "tanh", "squared"),
                S.unavailable(1.5, -0.5, "identity", "cross_entropy")):
        assert why and all(speaks_chinese(reason) for reason in why.values()), why
    assert S.unavailable(0.5, 0.5, "identity", "squared")["cost"] == "交叉熵需要 sigmoid 输出，不能配恒等输出"
    with pytest.raises(ValueError) as error:
        S.Settings(cost="cross_entropy", y2=0.5, output="tanh")
    assert "cost='cross_entropy' 与这些设置不相容：交叉熵需要 sigmoid 输出" in str(error.value)
    with pytest.raises(TypeError) as error:
        S.compute("lr=1")
    assert CHINESE.search(str(error.value))


@pytest.mark.parametrize("projector", [False, True])
def test_in_chinese_every_label_of_the_dashboard_is_chinese(projector, zh):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        board = playground.dashboard(projector=projector)
        said = [board.lr.description, board.epochs.description, board.y1.description, board.y2.description,
                board.output.description, board.cost.description, board.gradient.description,
                board.reset.description, board.reset.tooltip, board.text.value,
                *(label for label, _ in (*board.cost.options, *board.gradient.options))]
        board.output.value = "tanh"  # both switches' last choices off, each note saying why
        said += [board.notes["cost"].value, board.notes["gradient"].value, board.text.value]
    for text in said:
        assert speaks_chinese(text), text
    assert [label for label, _ in board.output.options] == ["sigmoid", "tanh", "恒等"]
    assert board.notes["cost"].value.startswith("不可用：")
    assert board.text.value == playground.readout_html(S.compute(board.settings()))


@pytest.mark.parametrize("dpi", [style.NOTEBOOK_DPI, style.PROJECTOR_DPI])  # a notebook's, the projector's
def test_in_chinese_the_picture_is_chinese_in_the_chinese_font_without_warnings(dpi, zh):
    from bpcore.plots import fonts

    family = list(matplotlib.rcParams["font.family"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: an error here
        picture = playground.Picture(dpi)
        for settings in ZH_SETTINGS:
            png = picture.render(S.compute(settings))
            assert png.startswith(b"\x89PNG")
            figure = picture.fig
            texts = [t for ax in figure.axes for t in (*ax.texts, ax.title)]
            texts += [t for t in picture.legend.get_texts()]
            shown = [t for t in texts if t.get_text()]
            assert sum(bool(CHINESE.search(t.get_text())) for t in shown) >= 6, [t.get_text() for t in shown]
            renderer = figure.canvas.get_renderer()
            for t in shown:
                assert english_words(t.get_text()) == [], t.get_text()
                if CHINESE.search(t.get_text()):
                    assert fonts.CHINESE in t.get_fontfamily(), t.get_text()
                # Chinese is wider than English: still inside the picture
                box = t.get_window_extent(renderer)
                assert box.x0 >= 0 and box.x1 <= figure.bbox.width and box.y0 >= 0, t.get_text()
                assert box.y1 <= figure.bbox.height, t.get_text()
    assert list(matplotlib.rcParams["font.family"]) == family  # the Chinese font only where it is drawn


def test_in_english_again_after_chinese_the_playground_is_as_it_was(zh):
    bpcore.use_language("en")
    board = playground.dashboard(projector=False)
    assert (board.lr.description, board.epochs.description, board.y1.description, board.output.description,
            board.cost.description, board.gradient.description, board.reset.description) == \
        ("learning rate η", "epochs", "target y1", "output unit", "cost", "gradients",
         "reset to the worked example")
    assert [label for label, _ in board.gradient.options] == ["correct (chain rule)", "published (flawed)"]
    board.output.value = "tanh"
    assert board.notes["cost"].value == "Off: cross-entropy needs a sigmoid output, not tanh"
    assert board.notes["gradient"].value == "Off: only for a sigmoid output with the squared error"
    assert board.panels.ax_outputs.get_title() == "tanh outputs per epoch, targets dashed"
    assert not CHINESE.search(board.text.value)
