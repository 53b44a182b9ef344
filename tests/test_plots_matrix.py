"""What bpcore.plots.matrix draws: read back from the Axes, against bpcore.mlp and the scalar weights."""

import warnings

import numpy as np
import pytest

import bpcore
from bpcore import SEED_WEIGHTS, mlp
from bpcore.plots import fonts, matrix
from bpcore.widgets import explorers

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def by_gid(ax, gid):
    found = [a for a in ax.get_children() if a.get_gid() == gid]
    assert len(found) == 1, f"{gid}: {found}"
    return found[0]


def test_weight_matrices_put_each_weight_where_the_wiring_says():
    axes = matrix.draw_weight_matrices(SEED_WEIGHTS)
    texts = {t.get_gid(): t.get_text() for ax in axes for t in ax.texts}
    assert texts == {
        "cell-W1-00": "w1\n+0.200", "cell-W1-01": "w2\n-0.400",
        "cell-W1-10": "w3\n+0.500", "cell-W1-11": "w4\n+0.600",
        "cell-W2-00": "w5\n+0.100", "cell-W2-01": "w6\n-0.500",
        "cell-W2-10": "w7\n-0.300", "cell-W2-11": "w8\n+0.800",
    }
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["x1 →", "x2 →"]
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["→ h1", "→ h2"]
    assert [t.get_text() for t in axes[1].get_yticklabels()] == ["h1 →", "h2 →"]
    assert [t.get_text() for t in axes[1].get_xticklabels()] == ["→ o1", "→ o2"]
    assert np.array_equal(axes[1].images[0].get_array(), mlp.from_weights(SEED_WEIGHTS)[1][0])


def test_decision_boundary_draws_the_data_the_output_and_the_half_level():
    params = mlp.train(mlp.init([2, 3, 1], seed=0), XOR_X, XOR_Y, lr=5.0, epochs=2000).params
    ax = matrix.plot_decision_boundary(params, XOR_X, XOR_Y)
    ones, zeros = by_gid(ax, "class-1"), by_gid(ax, "class-0")
    assert ones.get_offsets().tolist() == [[0.0, 1.0], [1.0, 0.0]]
    assert zeros.get_offsets().tolist() == [[0.0, 0.0], [1.0, 1.0]]
    assert list(by_gid(ax, "boundary").levels) == [0.5]
    xs, ys, out = matrix.grid_outputs(params, XOR_X)
    assert (xs[0], xs[-1], ys[0], ys[-1]) == (-0.5, 1.5, -0.5, 1.5)
    # A batch of one and the grid's batch may take different BLAS kernels: a few ulps, not ==.
    assert out[0, 0] == pytest.approx(mlp.forward(params, np.array([[-0.5, -0.5]]))[-1][0, 0], rel=1e-14)
    assert ax.get_title() == "accuracy 100%"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")


def test_xor_ticks_fall_every_half_unit():
    ax = matrix.plot_decision_boundary(mlp.init([2, 1], seed=0), XOR_X, XOR_Y)
    ax.figure.canvas.draw()
    for axis in (ax.xaxis, ax.yaxis):
        assert [t for t in axis.get_ticklocs() if -0.5 <= t <= 1.5] == [-0.5, 0.0, 0.5, 1.0, 1.5]


def test_boundary_grid_has_one_legend_outside_every_panel():
    params = {f"seed {s}": mlp.init([2, 2, 1], seed=s) for s in range(3)}
    axes = matrix.plot_boundaries(params, XOR_X, XOR_Y)
    assert axes.shape == (2, 2)
    assert [ax.get_title() for ax in axes.flat[:3]] == list(params)
    assert not axes[1, 1].get_visible()
    assert all(ax.get_legend() is None for ax in axes.flat)
    fig = axes[0, 0].figure
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["y = 0", "y = 1", "decision boundary: output 0.5"]
    fig.canvas.draw()
    box = legend.get_window_extent()
    assert not any(box.overlaps(ax.get_window_extent()) for ax in axes.flat[:3])
    by_gid(axes[0, 1], "class-1")  # each panel draws the data itself
    with pytest.raises(ValueError, match="params_by_title"):
        matrix.plot_boundaries({}, XOR_X, XOR_Y)


def test_no_boundary_line_when_the_output_never_crosses_one_half():
    params = [(np.zeros((2, 1)), np.array([3.0]))]  # σ(3) everywhere
    ax = matrix.plot_decision_boundary(params, XOR_X, XOR_Y)
    assert not [a for a in ax.get_children() if a.get_gid() == "boundary"]
    assert ax.get_title() == "accuracy 50%"


def test_no_boundary_line_for_a_constant_output_of_one_half_give_or_take_rounding():
    """A single layer trained on XOR ends with weights of about 1e-16: output 0.5 ± 1e-16 everywhere.
    The contour of that noise is no boundary; a line 1e-6 off constant still is one."""
    single = mlp.train(mlp.init([2, 1], seed=0), XOR_X, XOR_Y, lr=5.0, epochs=2000).params
    assert max(abs(v) for W, b in single for v in [*W.ravel(), *b]) < 1e-12
    ax = matrix.plot_decision_boundary(single, XOR_X, XOR_Y)
    assert not [a for a in ax.get_children() if a.get_gid() == "boundary"]
    tilted = [(np.array([[1e-6], [0.0]]), np.array([-0.5e-6]))]  # 0.5 crossed where x1 = 0.5
    ax = matrix.plot_decision_boundary(tilted, XOR_X, XOR_Y)
    assert [a for a in ax.get_children() if a.get_gid() == "boundary"]


def test_boundary_panel_trains_what_it_says_and_plots_its_losses():
    shown = matrix.boundary_panel(XOR_X, XOR_Y, hidden=3, lr=5.0, epochs=300, seed=1)
    expected = mlp.train(mlp.init([2, 3, 1], seed=1), XOR_X, XOR_Y, lr=5.0, epochs=300)
    assert shown["history"].losses == expected.losses
    line = shown["axes"][1].lines[0]
    assert list(line.get_ydata()) == list(expected.losses)
    # The accuracy of the trained params, counted by hand over the four XOR rows.
    outputs = mlp.forward(expected.params, XOR_X)[-1][:, 0]
    right = sum((o > 0.5) == (y > 0.5) for o, y in zip(outputs, XOR_Y[:, 0]))
    assert shown["accuracy"] == right / 4
    assert shown["axes"][0].get_title() == f"hidden width 3, lr 5: accuracy {right / 4:.0%}"



@pytest.mark.parametrize("hidden, lr, scale", [(3, 5.0, "log"), (16, 100.0, "linear")])
def test_loss_axis_is_logarithmic_only_across_a_decade(hidden, lr, scale):
    # lr 100 saturates the sigmoids: the loss sits at 0.25 from epoch 3 on, within one decade.
    shown = matrix.boundary_panel(XOR_X, XOR_Y, hidden=hidden, lr=lr, epochs=1500, seed=1)
    losses, ax = shown["history"].losses, shown["axes"][1]
    assert (max(losses) > 10 * min(losses)) == (scale == "log")
    assert ax.get_yscale() == scale
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels(minor=True) if t.get_text()] == []


@pytest.mark.parametrize("hidden, lr", [(1, 0.01), (16, 100.0), (1, 100.0), (16, 0.01)])
def test_slider_ends_render_without_warnings(hidden, lr):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = explorers.render_boundary(XOR_X, XOR_Y, hidden, lr, epochs=200)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_explorer_builds_its_sliders():
    box = explorers.boundary_explorer(XOR_X, XOR_Y, hidden=2, lr=1.0, epochs=50)
    hidden, lr = box.children[0].children
    assert (hidden.min, hidden.max, hidden.value) == (1, 16, 2)
    assert lr.min == pytest.approx(-2) and lr.max == pytest.approx(2)
    before = box.children[1].value
    hidden.value = 5
    assert box.children[1].value != before


@pytest.mark.parametrize("call, words", [
    (lambda: matrix.plot_decision_boundary(mlp.init([3, 1]), np.zeros((4, 3)), np.zeros((4, 1))),
     ["X", "(4, 3)"]),
    (lambda: matrix.plot_decision_boundary(mlp.init([2, 1]), XOR_X, np.zeros(4)), ["Y", "(4, 1)", "(4,)"]),
    (lambda: matrix.boundary_panel(XOR_X, XOR_Y, hidden=0), ["hidden", ">= 1"]),
])
def test_bad_input_is_named(call, words):
    with pytest.raises(ValueError) as e:
        call()
    assert all(word in str(e.value) for word in words)


def test_a_hidden_width_that_is_not_whole_is_a_type_error():
    with pytest.raises(TypeError, match="hidden"):
        matrix.boundary_panel(XOR_X, XOR_Y, hidden=2.5)


def test_lazy_submodule():
    assert bpcore.plots.matrix is matrix


def test_in_chinese_the_boundary_explorer_and_its_panels_speak_chinese():
    bpcore.use_language("zh")
    try:
        box = explorers.boundary_explorer(XOR_X, XOR_Y, hidden=3, lr=5.0, epochs=50)
        shown = matrix.boundary_panel(XOR_X, XOR_Y, hidden=3, lr=5.0, epochs=50)
    finally:
        bpcore.use_language("en")
        fonts.use("en")
    hidden, rate = box.children[0].children
    assert (hidden.description, rate.description) == ("隐藏层宽度", "lr")
    boundary, losses = shown["axes"]
    assert boundary.get_title() == f"隐藏层宽度 3，lr 5：准确率 {shown['accuracy']:.0%}"
    assert losses.get_title() == f"每个回合的损失（最终 {shown['history'].losses[-1]:.4f}）"
