"""The playground (notebook 07): its numbers are bpcore.train's, its plots draw those numbers,
its widgets drive both.  No browser here: tests/test_browser.py drives the real page."""

import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

import bpcore  # noqa: E402
from bpcore import playground as P  # noqa: E402

EXTREMES = [
    P.Settings(lr=100.0, y1=1.5, y2=-0.5, epochs=300, gradient="correct"),
    P.Settings(lr=100.0, y1=-0.5, y2=1.5, epochs=300, gradient="published"),
    P.Settings(lr=0.01, y1=0.0, y2=1.0, epochs=1, gradient="published"),
    P.Settings(lr=100.0, y1=1.0, y2=0.0, epochs=1, gradient="correct"),
]


@pytest.fixture(scope="module")
def panels():
    return P.new_panels()


@pytest.mark.parametrize("settings", [P.WORKED_EXAMPLE, P.Settings(lr=5.0, y1=0.8, y2=1.2, epochs=40),
                                      P.Settings(lr=0.3, epochs=25, gradient="published")])
def test_compute_is_bpcore_train(settings):
    grad = bpcore.backprop if settings.gradient == "correct" else bpcore.backprop_original
    y = (settings.y1, settings.y2)
    expected = bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, y, lr=settings.lr, epochs=settings.epochs, grad=grad)
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
    text = P.readout(P.compute(P.WORKED_EXAMPLE))
    r = P.compute(P.WORKED_EXAMPLE)
    assert text == ("lr = 1, y1 = +0.23, y2 = -0.07, 10 epochs, correct gradients → after 10 updates: "
                    f"L = {r.loss:.6f}, out_o1 = {r.outputs[0]:.5f}, out_o2 = {r.outputs[1]:.5f}")
    assert "L = 0.103755" in text  # the loss after the 10th update (the curve's last point is 0.110823)


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


@pytest.mark.parametrize("settings", EXTREMES)
def test_extreme_settings_stay_finite_without_warnings(settings, panels):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = P.compute(settings)
        png = P.render(result, panels)
    assert png.startswith(b"\x89PNG")
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
    assert panels.ax_outputs.get_ylim() == pytest.approx((-0.35, 1.25))  # the targets outside (0, 1) stay in view
    labels = [t.get_text() for t in panels.legend.get_texts()]
    assert labels.count("target y1 = +1.20") == 1 and labels.count("target y2 = -0.30") == 1
    lo, hi = panels.ax_loss.get_ylim()
    assert lo <= min(result.history.losses) and max(result.history.losses) <= hi
    assert panels.ax_loss.get_title() == "loss per epoch: published gradients, lr = 3"
    for name, value in zip(bpcore.draw.EDGES, result.weights):
        assert panels.edge_labels[name].get_text() == f"{name} = {value:+.3f}"
        assert panels.edges[name].get_color() == (bpcore.draw.POSITIVE if value > 0 else bpcore.draw.NEGATIVE)
    assert panels.unit_values["o1"].get_text() == f"{result.outputs[0]:.5f}"
    assert panels.unit_values["o2"].get_text() == f"{result.outputs[1]:.5f}"


def test_short_runs_have_markers(panels):
    P.render(P.compute(P.WORKED_EXAMPLE), panels)
    assert panels.loss_line.get_marker() == "o"
    assert panels.ax_loss.get_xlim() == (-0.5, 9.5)


def test_static_figure_is_the_dashboards():
    import matplotlib.pyplot as plt

    panels = P.figure(P.WORKED_EXAMPLE)
    result = P.compute(P.WORKED_EXAMPLE)
    assert list(panels.loss_line.get_ydata()) == list(result.history.losses)
    plt.close(panels.fig)


class TestDashboard:
    @pytest.fixture
    def board(self):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return P.dashboard()

    def test_starts_at_the_worked_example(self, board):
        assert board.settings() == P.WORKED_EXAMPLE
        assert board.text.value == f"<code>{P.readout(P.compute(P.WORKED_EXAMPLE))}</code>"
        assert bytes(board.image.value).startswith(b"\x89PNG")

    def test_a_slider_move_recomputes_and_redraws(self, board):
        before = board.image.value
        board.lr.value = 10 ** 0.7  # the slider shows 5.01
        board.y2.value = 0.61 + 1e-12  # float noise from the browser is rounded to what the readout shows
        expected = P.Settings(lr=5.01, y1=0.23, y2=0.61)
        assert board.settings() == expected
        assert board.text.value == f"<code>{P.readout(P.compute(expected))}</code>"
        assert board.image.value != before
        assert list(board.panels.loss_line.get_ydata()) == list(P.compute(expected).history.losses)

    def test_the_switch_uses_the_published_gradients(self, board):
        board.gradient.value = "published"
        published = bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y, lr=1.0, epochs=10,
                                 grad=bpcore.backprop_original)
        assert board.result.history == published
        assert "published gradients" in board.text.value

    def test_reset_restores_the_worked_example(self, board):
        board.lr.value, board.epochs.value, board.y1.value, board.y2.value = 50.0, 200, 1.4, -0.4
        board.gradient.value = "published"
        board.reset.click()
        assert (board.lr.value, board.epochs.value, board.y1.value, board.y2.value) == (1.0, 10, 0.23, -0.07)
        assert board.gradient.value == "correct"
        assert board.settings() == P.WORKED_EXAMPLE
        assert board.result.history == bpcore.train(bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y)
