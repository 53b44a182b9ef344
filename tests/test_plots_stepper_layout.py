"""The stepper's pictures keep their arrows off their labels (issue 18, items 4 and 16): for every step of
both derivations, in the widget and in the small multiples of notebook 03, no arrow's path crosses the box of
any text, as matplotlib's renderer lays them out; and the small multiples' text is legible at a notebook
column's width."""

import math

import matplotlib.pyplot as plt
import pytest
from matplotlib.path import Path
from matplotlib.transforms import Bbox

import bpcore
from bpcore import network
from bpcore.plots import stepper as stepper_plots, steps

GRADIENTS = ("correct", "published")


def _text_boxes(ax, renderer):
    """Each text's box in pixels, its frame (bbox patch) included."""
    boxes = {}
    for k, text in enumerate(ax.texts):
        if not text.get_visible() or not text.get_text():
            continue
        box = text.get_window_extent(renderer)
        if text.get_bbox_patch() is not None:
            box = Bbox.union([box, text.get_bbox_patch().get_window_extent(renderer)])
        boxes[text.get_gid() or f"text-{k}: {text.get_text()}"] = box
    return boxes


def _arrow_paths(ax):
    """Every arrow (its shaft and head) and every piece of a flow's line, as polygons in pixels, with half
    its line width in pixels."""
    paths = {}
    for patch in ax.patches:
        if (patch.get_gid() or "").startswith("arrow-"):
            path = patch.get_transform().transform_path(patch.get_path())
            paths[patch.get_gid()] = (path, patch.get_linewidth() * ax.figure.dpi / 72 / 2)
    for line in ax.lines:
        if (line.get_gid() or "").startswith("flow-line-"):  # the pieces of an arrow before its last
            path = line.get_transform().transform_path(line.get_path())
            paths[line.get_gid()] = (path, line.get_linewidth() * ax.figure.dpi / 72 / 2)
    return paths


def _crossings(ax):
    """(arrow, label) pairs where the arrow's path, widened by its line, meets the label's box."""
    renderer = ax.figure.canvas.get_renderer()
    boxes = _text_boxes(ax, renderer)
    found = []
    for arrow, (path, half_width) in _arrow_paths(ax).items():
        polygons = [Path(p) for p in path.to_polygons(closed_only=False)]
        for label, box in boxes.items():
            if any(p.intersects_bbox(box.padded(half_width), filled=False) for p in polygons):
                found.append((arrow, label))
    return found


def test_the_crossing_check_sees_a_crossing():
    fig, ax = plt.subplots()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.text(0.5, 0.5, "a label", ha="center", va="center")
    stepper_plots.arrow(ax, (0.1, 0.5), (0.9, 0.5), "black", gid="arrow-test")
    fig.canvas.draw()
    assert _crossings(ax) == [("arrow-test", "text-0: a label")]
    plt.close(fig)


@pytest.mark.parametrize("gradients", GRADIENTS)
def test_no_arrow_of_the_widget_crosses_a_label(gradients):
    picture = stepper_plots.StepperFigure()
    for i in range(7):
        picture.draw(i, gradients)
        picture.fig.canvas.draw()
        arrows = _arrow_paths(picture.ax)
        assert arrows or i == 0, (gradients, i + 1)  # every step but the forward pass has arrows
        assert _crossings(picture.ax) == [], (gradients, i + 1)


@pytest.mark.parametrize("figure", ["steps", "parting", "published steps"])
def test_no_arrow_of_the_small_multiples_crosses_a_label(figure):
    fig = {"steps": steps.plot_steps, "parting": steps.plot_parting,
           "published steps": lambda: steps.plot_steps(gradients="published")}[figure]()
    fig.canvas.draw()
    diagrams = [ax for ax in fig.axes if any(t.get_gid() == "step-title" for t in ax.texts)]
    assert len(diagrams) == (6 if figure == "parting" else 7)
    for ax in diagrams:
        assert _crossings(ax) == [], (figure, [t.get_text() for t in ax.texts if t.get_gid() == "step-title"])
    plt.close(fig)


def _run(drawn, q, edge):
    """Where the arrow of q starts (its first piece) and ends (the tip of its last piece), as fractions of the
    edge's length from the unit the weight feeds."""
    pieces = {a.get_gid(): a for a in (*drawn.patches, *drawn.lines)}
    first = pieces.get(f"flow-line-{q}", pieces[f"arrow-{q}"])
    start = first.get_path().vertices[0] if first in drawn.patches else first.get_xydata()[0]
    carried, fed = (stepper_plots.POS[u] for u in network.WIRING[edge])
    length = math.dist(carried, fed)
    tip = min(pieces[f"arrow-{q}"].get_path().vertices, key=lambda v: math.dist(v, carried))
    return math.dist(start, fed) / length, math.dist(tip, fed) / length


def test_the_arrows_of_the_output_weights_run_back_along_their_edges():
    """Step 4's arrows are no stubs against o1 and o2 (issue 18, item 4): in the widget and in the small
    multiples, each starts at the unit its weight feeds and runs back along its whole edge, to the rim of the
    unit whose value the weight carries."""
    fig = steps.plot_steps()
    fig.canvas.draw()
    ax = next(ax for ax in fig.axes for t in ax.texts if t.get_text().startswith("Step 4 of 7"))
    picture = stepper_plots.StepperFigure()
    picture.draw(3)
    for name in ("w5", "w6", "w7", "w8"):
        for drawn in (ax, picture.ax):
            start, tip = _run(drawn, f"grad_{name}", name)
            assert start < 0.15 and tip > 0.85, (name, start, tip)
    plt.close(fig)


def test_the_small_multiples_are_legible_at_column_width():
    """Shown at 940 px (a notebook column, at 100 dpi unscaled), every text of the static twins is at least
    12 px high: 9 pt or more."""
    for fig in (steps.plot_steps(), steps.plot_parting()):
        assert fig.get_figwidth() * fig.dpi <= 940
        sizes = [t.get_fontsize() for ax in fig.axes for t in ax.texts if t.get_text()]
        assert min(sizes) * fig.dpi / 72 >= 12, min(sizes)
        plt.close(fig)


@pytest.fixture
def zh():
    """bpcore speaks Chinese during the test, English again after it."""
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")


def _outside(fig):
    """The texts of `fig` that reach beyond its edges, as matplotlib's renderer lays them out."""
    renderer = fig.canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    found = []
    for ax in fig.axes:
        for text in ax.texts:
            if text.get_visible() and text.get_text():
                box = text.get_window_extent(renderer)
                if text.get_clip_on() and not box.overlaps(ax.bbox):
                    continue  # a unit's name beyond a small multiple's layers: clipped, not drawn
                if box.x0 < -0.5 or box.x1 > width + 0.5 or box.y0 < -0.5 or box.y1 > height + 0.5:
                    found.append(text.get_text())
    return found


def test_in_chinese_no_arrow_crosses_a_label_and_no_text_leaves_the_pictures(zh):
    """Chinese is wider than English: in the widget and in the small multiples, every step of both
    derivations still keeps its arrows off its labels, and every text stays inside the picture."""
    for gradients in GRADIENTS:
        picture = stepper_plots.StepperFigure()
        for i in range(7):
            picture.draw(i, gradients)
            picture.fig.canvas.draw()
            assert _crossings(picture.ax) == [], (gradients, i + 1)
            assert _outside(picture.fig) == [], (gradients, i + 1)
    for fig in (steps.plot_steps(), steps.plot_steps(gradients="published"), steps.plot_parting()):
        fig.canvas.draw()
        diagrams = [ax for ax in fig.axes if any(t.get_gid() == "step-title" for t in ax.texts)]
        assert all(_crossings(ax) == [] for ax in diagrams)
        assert _outside(fig) == []
        plt.close(fig)
