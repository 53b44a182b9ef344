"""The playground (notebook 07): its numbers are bpcore.train's, its plots draw those numbers,
its widgets drive both.  No browser here: tests/test_browser.py drives the real page."""

import warnings

import pytest

import bpcore
from bpcore import playground as P

# Every corner of the sliders' ranges at lr 100 and 300 epochs, both gradients; then the other ends.
EXTREMES = [P.Settings(lr=P.LR_RANGE[1], y1=y1, y2=y2, epochs=P.EPOCHS_RANGE[1], gradient=g)
            for y1 in P.Y_RANGE for y2 in P.Y_RANGE for g in sorted(P.GRADIENTS)] + [
    P.Settings(lr=P.LR_RANGE[0], y1=0.0, y2=1.0, epochs=P.EPOCHS_RANGE[0], gradient="published"),
    P.Settings(lr=P.LR_RANGE[1], y1=1.0, y2=0.0, epochs=P.EPOCHS_RANGE[0], gradient="correct"),
]


def rises(losses):
    return [k for k in range(1, len(losses)) if losses[k] > losses[k - 1]]


@pytest.fixture(scope="module")
def panels():
    return P.new_panels()


@pytest.mark.parametrize("settings", [P.WORKED_EXAMPLE, P.Settings(lr=5.0, y1=0.8, y2=1.2, epochs=40),
                                      P.Settings(lr=0.3, epochs=25, gradient="published")])
def test_compute_is_bpcore_train(settings):
    grad = bpcore.backprop if settings.gradient == "correct" else bpcore.backprop_original
    y = (settings.y1, settings.y2)
    expected = bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, y, lr=settings.lr, epochs=settings.epochs,
                            grad=grad)
    result = P.compute(settings)
    assert result.history == expected
    assert result.weights == expected.weights[-1]
    assert result.loss == bpcore.loss(expected.weights[-1], bpcore.SEED_X, y)
    f = bpcore.forward(expected.weights[-1], bpcore.SEED_X)
    assert result.outputs == (f.out_o1, f.out_o2)


def test_worked_example_is_the_exercise():
    s = P.WORKED_EXAMPLE
    assert (s.lr, (s.y1, s.y2), s.epochs, s.gradient) == (1.0, bpcore.SEED_Y, 10, "correct")
    result = P.compute(s)
    assert result.history.losses[0] == pytest.approx(0.2097097937, abs=1e-10)
    assert result.history.losses[-1] == pytest.approx(0.110823, abs=1e-6)  # the exercise's last printed loss
    published = P.compute(P.Settings(gradient="published"))
    assert published.history.losses[-1] == pytest.approx(0.116185, abs=1e-6)


def test_readout_format():
    from bpcore import autograd

    text = P.readout(P.compute(P.WORKED_EXAMPLE))
    # Witness: torch's run, one epoch longer; its epoch 10 starts from the weights after 10 updates.
    torch_run = autograd.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y, lr=1.0, epochs=11)
    L, (o1, o2) = torch_run.losses[10], torch_run.outputs[10]
    assert L == pytest.approx(0.1037546, abs=1e-7)
    assert text == ("lr = 1, y1 = +0.23, y2 = -0.07, 10 epochs, correct gradients\n"
                    f"after the 10th update (not plotted): L = {L:.6f}, out_o1 = {o1:.5f}, out_o2 = {o2:.5f}")
    assert "L = 0.103755" in text  # the loss after the 10th update (the curve's last point is 0.110823)
    assert max(len(line) for line in text.split("\n")) < 90  # no wrap in a notebook's output


def test_readout_html_is_the_readout_line_by_line():
    text = P.readout(P.compute(P.WORKED_EXAMPLE))
    first, second = text.split("\n")
    assert P.readout_html(P.compute(P.WORKED_EXAMPLE)) == f"<code>{first}</code><br><code>{second}</code>"


@pytest.mark.parametrize("n, word", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"),
                                     (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"),
                                     (101, "101st"), (111, "111th"), (300, "300th")])
def test_the_update_is_counted_in_english(n, word):
    assert f"after the {word} update (not plotted): L = " in P.readout(P.compute(P.Settings(epochs=n)))


def test_readout_counts_in_the_singular_for_one_epoch():
    text = P.readout(P.compute(P.Settings(epochs=1)))
    assert ", 1 epoch, correct gradients\nafter the 1st update (not plotted): L = " in text
    assert "epochs" not in text
    assert "2 epochs" in P.readout(P.compute(P.Settings(epochs=2)))


def test_the_notebooks_claims_about_large_rates():
    """Notebook 07's intro, for the sliders' ranges (lr up to 100, up to 300 epochs)."""
    for gradient in P.GRADIENTS:  # the worked example: the loss falls at every epoch, even at lr 100
        assert rises(P.compute(P.Settings(lr=100.0, epochs=300, gradient=gradient)).history.losses) == []
    overshoot = P.compute(P.Settings(lr=100.0, y1=0.5, y2=0.5, epochs=300))
    assert rises(overshoot.history.losses) == [1, 2, 3]  # climbs for three epochs, then falls for good
    losses = overshoot.history.losses
    assert losses.index(max(losses[:10])) == 3  # the answer to "Try it" 1
    assert rises(P.compute(P.Settings(lr=50.0, y1=0.5, y2=0.5)).history.losses) == []  # "try lr 50"
    period_2 = rises(P.compute(P.Settings(lr=100.0, y1=0.5, y2=0.5, epochs=300,
                                          gradient="published")).history.losses)
    assert period_2[-10:] == list(range(280, 300, 2))  # every other epoch, to the end


def test_bad_settings_are_named():
    with pytest.raises(ValueError, match="gradient"):
        P.Settings(gradient="autograd")
    with pytest.raises(ValueError, match="lr"):
        P.Settings(lr=-1.0)
    with pytest.raises(TypeError, match="epochs"):
        P.Settings(epochs=2.5)
    with pytest.raises(TypeError, match="y1"):
        P.Settings(y1="0.2")
    with pytest.raises(TypeError, match="settings"):
        P.compute({"lr": 1.0})


@pytest.mark.parametrize("settings", EXTREMES, ids=str)
def test_extreme_settings_stay_finite_without_warnings(settings, panels):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = P.compute(settings)
        png = P.render(result, panels)
    assert png.startswith(b"\x89PNG")
    assert P.readout(result).count("nan") == 0 and P.readout(result).count("inf") == 0
    numbers = [*result.history.losses, result.loss, *result.outputs, *result.weights]
    assert all(abs(v) < 1e6 for v in numbers)  # finite, and not absurdly large
    assert 0 <= result.outputs[0] <= 1 and 0 <= result.outputs[1] <= 1


def test_drawn_data_is_the_result(panels):
    result = P.compute(P.Settings(lr=3.0, y1=1.2, y2=-0.3, epochs=40, gradient="published"))
    P.render(result, panels)
    assert list(panels.loss_line.get_xdata()) == list(range(40))
    assert list(panels.loss_line.get_ydata()) == list(result.history.losses)
    assert panels.loss_line.get_marker() == ""  # markers only on short runs
    for k in (0, 1):
        assert list(panels.output_lines[k].get_ydata()) == [o[k] for o in result.history.outputs]
    assert list(panels.target_lines[0].get_ydata()) == [1.2, 1.2]
    assert list(panels.target_lines[1].get_ydata()) == [-0.3, -0.3]
    lo, hi = panels.ax_outputs.get_ylim()  # fixed: every target the sliders reach stays in view
    assert lo < P.Y_RANGE[0] and P.Y_RANGE[1] < hi
    assert [t.get_text() for t in panels.legend.get_texts()] == ["out_o1", "target y1",
                                                                 "a sigmoid's range (0, 1)",
                                                                 "out_o2", "target y2"]
    lo, hi = panels.ax_loss.get_ylim()
    assert lo <= min(result.history.losses) and max(result.history.losses) <= hi
    assert panels.ax_loss.get_title() == "loss: published gradients, lr = 3"
    for name, value in zip(bpcore.WEIGHT_NAMES, result.weights):
        assert panels.edge_labels[name].get_text() == f"{name} = {value:+.3f}"
        assert panels.edges[name].get_color() == (bpcore.draw.POSITIVE if value > 0 else bpcore.draw.NEGATIVE)
    assert panels.unit_values["o1"].get_text() == f"out = {result.outputs[0]:.5f}"
    assert panels.unit_values["o2"].get_text() == f"out = {result.outputs[1]:.5f}"


def test_short_runs_have_markers(panels):
    P.render(P.compute(P.WORKED_EXAMPLE), panels)
    assert panels.loss_line.get_marker() == "o"
    assert panels.ax_loss.get_xlim() == (-0.5, 9.5)


def test_static_figure_is_the_dashboards():
    import matplotlib.pyplot as plt

    panels = P.figure(P.WORKED_EXAMPLE)
    assert plt.fignum_exists(panels.fig.number)  # a pyplot figure: the notebook shows it with plt.show()
    result = P.compute(P.WORKED_EXAMPLE)
    assert list(panels.loss_line.get_ydata()) == list(result.history.losses)
    for k in (0, 1):
        assert list(panels.output_lines[k].get_ydata()) == [o[k] for o in result.history.outputs]
        assert list(panels.target_lines[k].get_ydata()) == [bpcore.SEED_Y[k]] * 2
    assert panels.unit_values["o1"].get_text() == f"out = {result.outputs[0]:.5f}"
    assert panels.unit_values["o2"].get_text() == f"out = {result.outputs[1]:.5f}"
    assert panels.edge_labels["w1"].get_text() == f"w1 = {result.weights.w1:+.3f}"
    assert panels.ax_loss.get_title() == "loss: correct gradients, lr = 1"


class TestDashboard:
    @pytest.fixture
    def board(self):
        """Warnings are errors while the board is built and while the test moves its sliders."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            yield P.dashboard()

    @pytest.fixture
    def renders(self, monkeypatch):
        """The number of redraws so far."""
        count = []
        real = P.render
        monkeypatch.setattr(P, "render", lambda *args: count.append(1) or real(*args))
        return count

    def test_sliders_do_not_recompute_while_dragged(self, board):
        for slider in (board.lr, board.epochs, board.y1, board.y2):
            assert slider.continuous_update is False

    @pytest.mark.parametrize("gradient", sorted(P.GRADIENTS))
    def test_the_sliders_ends(self, board, gradient):
        board.gradient.value = gradient
        for lr, epochs, y1, y2 in ((board.lr.max, board.epochs.max, board.y1.max, board.y2.min),
                                   (board.lr.min, board.epochs.min, board.y1.min, board.y2.max),
                                   (board.lr.max, board.epochs.max, board.y1.min, board.y2.min)):
            board.lr.value = 10 ** lr
            board.epochs.value, board.y1.value, board.y2.value = epochs, y1, y2
            expected = P.Settings(lr=10.0 ** lr, y1=y1, y2=y2, epochs=epochs, gradient=gradient)
            assert board.settings() == expected
            assert board.text.value == P.readout_html(P.compute(expected))
            assert bytes(board.image.value).startswith(b"\x89PNG")

    def test_the_plot_is_shown_at_its_pixel_size(self, board):
        """Never stretched (Voilà's page is wider than a notebook's cell): as wide as the PNG, or narrower."""
        import io

        from PIL import Image

        width, _ = Image.open(io.BytesIO(bytes(board.image.value))).size
        assert (board.image.layout.width, board.image.layout.max_width) == (f"{width}px", "100%")
        assert board.image.layout.height == "auto"

    def test_one_move_is_one_redraw(self, board, renders):
        board.y1.value = 0.5
        assert len(renders) == 1

    def test_starts_at_the_worked_example(self, board):
        assert board.settings() == P.WORKED_EXAMPLE
        assert board.text.value == P.readout_html(P.compute(P.WORKED_EXAMPLE))
        assert bytes(board.image.value).startswith(b"\x89PNG")

    def test_a_slider_move_recomputes_and_redraws(self, board):
        before = board.image.value
        board.lr.value = 10 ** 0.7  # the slider shows 5.01
        board.y2.value = 0.61 + 1e-12  # float noise from the browser is rounded to what the readout shows
        expected = P.Settings(lr=5.01, y1=0.23, y2=0.61)
        assert board.settings() == expected
        assert board.text.value == P.readout_html(P.compute(expected))
        assert board.image.value != before
        assert list(board.panels.loss_line.get_ydata()) == list(P.compute(expected).history.losses)

    def test_the_switch_uses_the_published_gradients(self, board):
        board.gradient.value = "published"
        published = bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y, lr=1.0, epochs=10,
                                 grad=bpcore.backprop_original)
        assert board.result.history == published
        assert "published gradients" in board.text.value

    def test_reset_restores_the_worked_example(self, board, renders):
        board.lr.value, board.epochs.value, board.y1.value, board.y2.value = 50.0, 200, 1.4, -0.4
        board.gradient.value = "published"
        assert len(renders) == 5
        board.reset.click()
        assert len(renders) == 6  # five sliders moved back, one redraw
        assert (board.lr.value, board.epochs.value, board.y1.value, board.y2.value) == (1.0, 10, 0.23, -0.07)
        assert board.gradient.value == "correct"
        assert board.settings() == P.WORKED_EXAMPLE
        assert board.result.history == bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y)


def test_the_legend_hides_no_data():
    """Below the outputs' axes: it cannot cover a target line, wherever the sliders put it."""
    panels = P.new_panels()
    P.render(P.compute(P.Settings(y1=1.5, y2=-0.5)), panels)
    renderer = panels.fig.canvas.get_renderer()
    legend = panels.legend.get_window_extent(renderer)
    axes = panels.ax_outputs.get_window_extent(renderer)
    assert legend.y1 < axes.y0


def test_text_is_readable_at_the_size_shown():
    """At dpi 80 the figure is as wide as a notebook shows it (no scaling); no text under 9 pt (10 px)."""
    panels = P.new_panels()
    P.render(P.compute(P.WORKED_EXAMPLE), panels)
    width, _ = panels.fig.canvas.get_width_height()
    assert 900 <= width <= 960
    texts = [t for t in panels.fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text() and t.get_visible()]
    assert len(texts) > 30
    assert min(t.get_fontsize() for t in texts) >= 9


def test_the_fast_redraw_draws_what_a_full_draw_draws():
    """`png` redraws only the moving parts over a cached background: same picture as drawing it all."""
    import io

    import numpy as np
    from PIL import Image

    for settings in (P.WORKED_EXAMPLE, EXTREMES[1]):
        fast = P.new_panels()
        P.render(P.compute(P.Settings(lr=3.0, epochs=50)), fast)  # something else drawn first
        shown = np.asarray(Image.open(io.BytesIO(P.render(P.compute(settings), fast))))
        full = P.new_panels()
        result = P.compute(settings)
        full.show(result.history, (settings.y1, settings.y2), result.weights, result.outputs,
                  title=P.title(result))
        full.fig.canvas.draw()
        expected = np.asarray(full.fig.canvas.buffer_rgba())
        assert shown.shape == expected.shape
        split = int(full.ax_network.get_window_extent().x0)  # loss and outputs: pixel for pixel
        assert (shown[:, :split] == expected[:, :split]).all()
        # the network: only anti-aliasing where an edge meets a unit's rim (an edge label is ~500 pixels)
        assert (shown[:, split:] != expected[:, split:]).any(axis=2).sum() < 250


def test_png_is_the_canvas():
    import io

    import numpy as np
    from PIL import Image

    panels = P.new_panels()
    png = P.render(P.compute(P.WORKED_EXAMPLE), panels)
    shown = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    assert (shown == np.asarray(panels.fig.canvas.buffer_rgba())).all()
