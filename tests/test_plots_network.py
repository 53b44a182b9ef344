"""What the figures of notebooks 01-03 draw: lines, labels, data and limits, read back from the Axes."""

import math
import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import bpcore
from bpcore.plots import functions, network as network_plots, style, training

W, X, Y = bpcore.SEED_WEIGHTS, bpcore.SEED_X, bpcore.SEED_Y
NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


def _texts(ax):
    return {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}


def _edges(ax):
    return {line.get_gid(): line for line in ax.lines if line.get_gid() in NAMES}


# --- draw_network ---

def test_network_draws_eight_edges_between_the_exercise_units():
    ax = network_plots.draw_network(W)
    edges = _edges(ax)
    assert sorted(edges) == list(NAMES)
    # w6 joins h1 (1, 1) to o2 (2, 0); w3 joins x2 (0, 0) to h1 (1, 1)
    assert list(edges["w6"].get_xdata()) == [1, 2] and list(edges["w6"].get_ydata()) == [1, 0]
    assert list(edges["w3"].get_xdata()) == [0, 1] and list(edges["w3"].get_ydata()) == [0, 1]


def test_network_labels_each_edge_with_its_weight():
    texts = _texts(network_plots.draw_network(W))
    assert texts["label-w1"] == "w1 = +0.200"
    assert texts["label-w6"] == "w6 = -0.500"
    assert texts["label-w8"] == "w8 = +0.800"
    units = [t.get_text() for t in network_plots.draw_network(W).texts if not t.get_gid()]
    assert sorted(units) == ["h1", "h2", "o1", "o2", "x1", "x2"]


def test_network_with_gradients_colours_by_sign_and_widens_by_size():
    g = bpcore.backprop(W, X, Y)
    ax = network_plots.draw_network(W, grads=g)
    edges, texts = _edges(ax), _texts(ax)
    assert texts["label-w1"] == "∂L/∂w1 = -0.0084"
    assert texts["label-w6"] == "∂L/∂w6 = +0.0839"
    assert to_hex(edges["w1"].get_color()) == style.NEGATIVE  # -0.008421
    assert to_hex(edges["w2"].get_color()) == style.POSITIVE  # +0.012607
    assert edges["w6"].get_linewidth() == pytest.approx(6.8)  # the largest |gradient|
    assert edges["w1"].get_linewidth() == pytest.approx(0.8 + 6.0 * abs(g.w1) / abs(g.w6))


def test_network_values_sit_above_the_top_row_and_below_the_bottom_row():
    f = bpcore.forward(W, X)
    ax = network_plots.draw_network(W, values={"h1": f.out_h1, "o2": f.out_o2})
    by_gid = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    assert by_gid["value-h1"].get_text() == "0.56218" and by_gid["value-h1"].get_position()[1] > 1
    assert by_gid["value-o2"].get_text() == "0.52870" and by_gid["value-o2"].get_position()[1] < 0
    assert "value-x1" not in by_gid
    assert ax.get_ylim()[1] > 1.17 + 0.1  # the top values stay inside the Axes


def test_network_accepts_gradients_as_a_list_and_greys_a_zero_gradient():
    g = bpcore.backprop(W, (1.0, 0.0), Y)  # x2 = 0: ∂L/∂w3 = ∂L/∂w4 = 0
    assert g.w3 == 0.0 and g.w4 == 0.0
    ax = network_plots.draw_network(grads=list(g))  # eight numbers do as well as Weights
    colour = {name: to_hex(line.get_color()) for name, line in _edges(ax).items()}
    assert colour["w3"] == colour["w4"] == style.ZERO
    assert colour["w1"] == (style.POSITIVE if g.w1 > 0 else style.NEGATIVE)
    assert colour["w6"] == style.POSITIVE  # ∂L/∂w6 > 0: o2 is too high


def test_network_labels_a_negative_zero_gradient_as_plus_zero():
    ax = network_plots.draw_network(grads=[0.1, -0.0, 0.0, 0.1, 0.1, 0.1, 0.1, 0.1])
    assert _texts(ax)["label-w2"] == "∂L/∂w2 = +0.0000"  # not -0.0000
    assert _texts(ax)["label-w3"] == "∂L/∂w3 = +0.0000"


def test_network_names_bad_gradients():
    with pytest.raises(ValueError, match="grads"):
        network_plots.draw_network(grads=[0.1] * 7)
    with pytest.raises(TypeError, match="grads"):
        network_plots.draw_network(grads=0.1)


# --- plot_losses ---

def test_log_loss_curve_survives_a_zero_loss_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = training.plot_losses({"run": [0.2, 0.01, 0.0]}, logy=True)
        ax.figure.canvas.draw()
    assert list(ax.lines[0].get_ydata()) == [0.2, 0.01, 1e-18]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "epoch"


# --- plot_sigmoid ---

def test_sigmoid_curve_and_marked_points():
    f = bpcore.forward(W, X)
    ax = functions.plot_sigmoid({"in_h1": f.in_h1, "in_o2": f.in_o2})
    curve = next(line for line in ax.lines if line.get_gid() == "sigmoid")
    for z, s in zip(curve.get_xdata(), curve.get_ydata()):
        assert s == pytest.approx(1 / (1 + math.exp(-z)), rel=1e-12)
    assert curve.get_xdata()[0] == -6.0 and curve.get_xdata()[-1] == 6.0
    points = [line for line in ax.lines if line.get_marker() == "o"]
    assert [(p.get_xdata()[0], p.get_ydata()[0]) for p in points] == [(f.in_h1, f.out_h1),
                                                                       (f.in_o2, f.out_o2)]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "in_h1 = +0.250 → out_h1 = 0.56218" in labels
    assert "in_o2 = +0.115 → out_o2 = 0.52870" in labels
    assert ax.get_xlim() == (-6.0, 6.0) and ax.get_xlabel() == "net input z"


def test_sigmoid_zooms_in_on_the_crowded_small_net_inputs():
    f = bpcore.forward(W, X)
    names = ("in_h1", "in_h2", "in_o1", "in_o2")
    ax = functions.plot_sigmoid({name: getattr(f, name) for name in names})
    zoom = next(child for child in ax.child_axes if child.get_gid() == "zoom")
    assert zoom.get_xlim() == (-0.3, 0.3)
    low, high = zoom.get_ylim()
    assert low < bpcore.sigmoid(-0.3) and high > bpcore.sigmoid(0.3)
    marked = {(p.get_xdata()[0], p.get_ydata()[0]) for p in zoom.lines if p.get_marker() == "o"}
    assert marked == {(getattr(f, n), getattr(f, n.replace("in_", "out_"))) for n in names}
    named = {t.get_gid(): t.get_text() for t in zoom.texts}
    assert named == {f"zoom-{n}": n for n in names}
    assert all(-0.3 < getattr(f, n) < 0.3 for n in names)  # so the zoom shows all four


def test_sigmoid_without_points_has_no_zoom():
    assert functions.plot_sigmoid().child_axes == []


def test_sigmoid_rejects_a_bad_range():
    with pytest.raises(ValueError, match="zlim"):
        functions.plot_sigmoid(zlim=(2, 1))


# --- plot_loss_vs_weight ---

def test_loss_vs_weight_curve_is_the_loss():
    ax = functions.plot_loss_vs_weight("w5", W, X, Y, span=6.0)
    curve = next(line for line in ax.lines if line.get_gid() == "loss-curve")
    xs, ls = curve.get_xdata(), curve.get_ydata()
    assert len(xs) == 241 and xs[0] == pytest.approx(-5.9) and xs[-1] == pytest.approx(6.1)
    for v, value in list(zip(xs, ls))[::40]:
        moved = bpcore.Weights(W.w1, W.w2, W.w3, W.w4, v, W.w6, W.w7, W.w8)
        assert value == pytest.approx(bpcore.loss(moved, X, Y), rel=1e-12)
    assert ax.get_xlim() == pytest.approx((-5.9, 6.1))
    assert ax.get_xlabel() == "w5 (the other seven weights fixed)"


def test_loss_vs_weight_tangent_has_the_finite_difference_slope():
    ax = functions.plot_loss_vs_weight("w1", W, X, Y)
    tangent = next(line for line in ax.lines if line.get_gid() == "tangent")
    (xa, xb), (ya, yb) = tangent.get_xdata(), tangent.get_ydata()
    assert (yb - ya) / (xb - xa) == pytest.approx(bpcore.numeric_grad(W, X, Y).w1, rel=1e-6)
    assert (xa + xb) / 2 == pytest.approx(W.w1) and (ya + yb) / 2 == pytest.approx(bpcore.loss(W, X, Y))
    floor = next(line for line in ax.lines if line.get_gid() == "floor")
    assert floor.get_ydata()[0] == pytest.approx(0.5 * 0.07 ** 2)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "tangent, slope ∂L/∂w1 = -0.0084" in labels


def test_loss_vs_weight_flat_curve_gets_a_range_without_warnings():
    import warnings

    silent = bpcore.Weights(W.w1, W.w2, W.w3, W.w4, 0.0, 0.0, 0.0, 0.0)  # both outputs 0.5 whatever w1 is
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns about identical ylims on a flat curve at L = 0
        ax = functions.plot_loss_vs_weight("w1", silent, X, (0.5, 0.5), span=1.0)
        ax.figure.canvas.draw()
    curve = next(line for line in ax.lines if line.get_gid() == "loss-curve")
    assert set(curve.get_ydata()) == {0.0}  # flat: L = 0 for every w1
    lo, hi = ax.get_ylim()
    assert lo < 0.0 < hi


def test_loss_vs_weight_rejects_unknown_weight_and_bad_span():
    with pytest.raises(ValueError, match="name"):
        functions.plot_loss_vs_weight("w9")
    with pytest.raises(ValueError, match="span"):
        functions.plot_loss_vs_weight("w5", span=0)


# --- draw_targets ---

def test_targets_figure_shows_target_nearest_point_and_outputs():
    ax = network_plots.draw_targets((0.23, -0.07))
    f = bpcore.forward(W, X)
    star = next(line for line in ax.lines if line.get_marker() == "*")
    diamond = next(line for line in ax.lines if line.get_marker() == "D")
    dot = next(line for line in ax.lines if line.get_marker() == "o")
    assert (star.get_xdata()[0], star.get_ydata()[0]) == (0.23, -0.07)
    assert (diamond.get_xdata()[0], diamond.get_ydata()[0]) == (0.23, 0.0)
    assert (dot.get_xdata()[0], dot.get_ydata()[0]) == (f.out_o1, f.out_o2)
    gap = next(line for line in ax.lines if line.get_gid() == "gap")
    assert list(gap.get_xdata()) == [0.23, 0.23] and list(gap.get_ydata()) == [-0.07, 0.0]
    square = next(p for p in ax.patches if p.get_gid() == "reach")
    assert (square.get_x(), square.get_y(), square.get_width(), square.get_height()) == (0, 0, 1, 1)
    assert ax.get_title() == "loss now 0.209710   ·   lowest within reach 0.002450"
    assert ax.get_xlim() == (-0.6, 1.6) and ax.get_ylim() == (-0.6, 1.6)


def test_targets_static_figure_is_small_with_its_legend_beside_the_plane():
    ax = network_plots.draw_targets((0.23, -0.07))
    assert ax.figure.get_size_inches()[1] < 3.6  # smaller than the slider view beside it
    assert ax.get_legend().get_bbox_to_anchor().x0 > ax.get_position().x1 * ax.figure.bbox.width
    _, given = plt.subplots()
    ax = network_plots.draw_targets((0.23, -0.07), ax=given)
    ax.figure.canvas.draw()
    legend, plane = ax.get_legend().get_window_extent(), ax.get_window_extent()
    # inside the plane, in its upper left corner
    assert 0 <= legend.x0 - plane.x0 < 0.05 * plane.width and legend.x1 <= plane.x1
    assert 0 <= plane.y1 - legend.y1 < 0.05 * plane.height and legend.y0 >= plane.y0


def test_targets_figure_grows_its_limits_for_far_targets():
    ax = network_plots.draw_targets((2.0, -1.0))
    assert ax.get_xlim() == pytest.approx((-1.1, 2.1)) and ax.get_ylim() == pytest.approx((-1.1, 2.1))


# --- draw_gradients_compare ---

def test_compare_draws_correct_and_published_gradients_one_above_the_other():
    left, right = network_plots.draw_gradients_compare(W, X, Y)
    assert left.get_position().y0 > right.get_position().y1  # the chain rule on top
    correct, published = bpcore.backprop(W, X, Y), bpcore.backprop_original(W, X, Y)
    assert _texts(left)["label-w1"] == "∂L/∂w1 = -0.0084"
    assert _texts(right)["label-w1"] == "d_w1 = +0.0146"  # the exercise's name for its value
    assert to_hex(_edges(left)["w1"].get_color()) == style.NEGATIVE
    assert to_hex(_edges(right)["w1"].get_color()) == style.POSITIVE
    biggest = max(max(map(abs, correct)), max(map(abs, published)))
    for ax, grads in ((left, correct), (right, published)):
        for name, line in _edges(ax).items():
            assert line.get_linewidth() == pytest.approx(0.8 + 6.0 * abs(getattr(grads, name)) / biggest)
    dashed = sorted(n for n, line in _edges(right).items() if line.get_linestyle() != "-")
    assert dashed == ["w1", "w2", "w3", "w4"]
    assert all(line.get_linestyle() == "-" for line in _edges(left).values())
    assert _texts(right)["wrong-note"] == "wrong: w1, w2, w3, w4   ·   wrong sign: w1, w3"
    assert "Chain rule" in left.get_title() and "published" in right.get_title()


def test_compare_labels_are_10_pt_and_a_key_explains_colours_and_dashes():
    top, below = network_plots.draw_gradients_compare(W, X, Y)
    for ax in (top, below):
        assert {t.get_fontsize() for t in ax.texts
                if t.get_gid() and t.get_gid().startswith("label-")} == {10}
    key = below.get_legend()
    texts = [t.get_text() for t in key.get_texts()]
    assert texts == ["red: ∂L/∂w > 0, gradient descent lowers that weight",
                     "blue: ∂L/∂w < 0, gradient descent raises it",
                     "grey: ∂L/∂w = 0", "dashed: the published value is wrong"]
    colours = [to_hex(line.get_color()) for line in key.get_lines()]
    assert colours[:3] == [style.POSITIVE, style.NEGATIVE, style.ZERO]
    assert key.get_lines()[3].get_linestyle() != "-"


def test_compare_says_all_agree_where_the_published_rule_happens_to_hold():
    h1 = bpcore.forward(W, X).out_h1
    h2 = bpcore.forward(W, X).out_h2
    lucky = bpcore.Weights(W.w1, W.w2, W.w3, W.w4, h1, h1, h2, h2)  # w5 = w6 = out_h1, w7 = w8 = out_h2
    left, right = network_plots.draw_gradients_compare(lucky, X, Y)
    assert _texts(right)["wrong-note"] == "all eight agree"


def test_figures_draw_without_warnings_for_extreme_targets():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for y in [(-0.5, 1.5), (1.5, -0.5), (-0.5, -0.5), (1.5, 1.5)]:
            network_plots.draw_targets(y)
            functions.plot_loss_vs_weight("w6", y=y)
            network_plots.draw_gradients_compare(y=y)
            plt.close("all")
