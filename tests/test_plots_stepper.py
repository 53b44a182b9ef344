"""What the stepper draws (bpcore.plots.stepper, bpcore.plots.steps, bpcore.widgets.stepper): reach,
highlights, arrows, notes, read back from the Axes."""

import io
import math
import warnings

import numpy as np
import pytest
from matplotlib.colors import to_hex

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, stepper
from bpcore.plots import stepper as stepper_plots, steps, style
from bpcore.widgets import stepper as stepper_widget

CORRECT = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y)
PUBLISHED = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "published")
NAMES = [f"w{i}" for i in range(1, 9)]


def _by_gid(ax):
    return {a.get_gid(): a for a in (*ax.texts, *ax.patches, *ax.lines) if a.get_gid()}


def _arrow_ends(arrow):
    """Where an arrow starts, and its tip: the point of its outline farthest from the start."""
    vertices = arrow.get_path().vertices[:-1]
    start = vertices[0]
    return start, max(vertices, key=lambda v: math.dist(v, start))


def _nearest_unit(point):
    return min(stepper_plots.POS, key=lambda u: math.dist(stepper_plots.POS[u], point))


def test_step_2_highlights_delta_o1_with_an_arrow_from_the_loss():
    drawn = _by_gid(stepper_plots.draw_step(CORRECT, 1))
    assert drawn["delta-o1"].get_text() == "δ = +0.061605"
    assert to_hex(drawn["delta-o1"].get_color()) == style.HIGHLIGHT
    assert to_hex(drawn["ring-o1"].get_edgecolor()) == style.HIGHLIGHT
    start, tip = _arrow_ends(drawn["arrow-delta_o1"])
    assert _nearest_unit(start) == "L" and _nearest_unit(tip) == "o1"  # backwards: from L into o1
    assert "delta-o2" not in drawn and "grad-w5" not in drawn  # nothing computed ahead of its step
    assert drawn["step-title"].get_text() == "Step 2 of 7 · δ_o1: the error term of o1"


def test_the_reach_grows_from_the_loss_back_to_the_inputs():
    def dark_edges(i):
        drawn = _by_gid(stepper_plots.draw_step(CORRECT, i))
        return {n for n in NAMES if to_hex(drawn[n].get_color()) != style.AHEAD}

    def rings(i):
        drawn = _by_gid(stepper_plots.draw_step(CORRECT, i))
        return {g.removeprefix("ring-") for g in drawn if g.startswith("ring-")}

    assert dark_edges(0) == set() and rings(0) == set()  # the forward pass: the backward pass has not begun
    assert rings(1) == {"L", "o1"} and rings(2) == {"L", "o1", "o2"}
    assert dark_edges(3) == {"w5", "w6", "w7", "w8"} and rings(3) == {"L", "o1", "o2", "h1", "h2"}
    assert dark_edges(6) == set(NAMES) and rings(6) == set(stepper_plots.POS)


def test_gradients_appear_at_their_step_highlighted_then_stay_coloured_by_sign():
    now, later = _by_gid(stepper_plots.draw_step(CORRECT, 3)), _by_gid(stepper_plots.draw_step(CORRECT, 4))
    g = bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y)
    for name in ("w5", "w6", "w7", "w8"):
        assert now[f"grad-{name}"].get_text() == f"∂L/∂{name} = {getattr(g, name):+.6f}"
        assert to_hex(now[f"grad-{name}"].get_color()) == style.HIGHLIGHT
        assert now[f"grad-{name}"].get_fontweight() == "bold"
        assert to_hex(later[f"grad-{name}"].get_color()) == "#000000"  # an earlier step's value: plain
        assert f"halo-{name}" in now and f"halo-{name}" not in later
        first = now.get(f"flow-line-grad_{name}")  # the arrow's first piece, if a label breaks it
        start = first.get_xydata()[0] if first is not None else _arrow_ends(now[f"arrow-grad_{name}"])[0]
        _, tip = _arrow_ends(now[f"arrow-grad_{name}"])
        assert _nearest_unit(start) == bpcore.stepper.FEEDS[name][0]  # from the unit the weight feeds
        assert _nearest_unit(tip) == bpcore.stepper.FEEDS[name][1]  # back to the value it carries
    assert "grad-w1" not in later
    final = _by_gid(stepper_plots.draw_step(CORRECT, 6))
    assert to_hex(final["w1"].get_color()) == style.NEGATIVE and g.w1 < 0
    assert to_hex(final["w2"].get_color()) == style.POSITIVE and g.w2 > 0


def test_delta_h1_shows_both_errors_flowing_back_along_w5_and_w6():
    drawn = _by_gid(stepper_plots.draw_step(CORRECT, 4))
    b = bpcore.backward(SEED_WEIGHTS, SEED_X, SEED_Y)
    assert drawn["flow-w5"].get_text() == f"δ_o1·w5 = {b.delta_o1 * SEED_WEIGHTS.w5:+.6f}"  # +0.006161
    assert drawn["flow-w6"].get_text() == f"δ_o2·w6 = {b.delta_o2 * SEED_WEIGHTS.w6:+.6f}"  # -0.074591
    for name, source in (("w5", "o1"), ("w6", "o2")):
        start, tip = _arrow_ends(drawn[f"arrow-{name}"])
        assert _nearest_unit(tip) == "h1"  # the arrowhead at h1
        at = stepper_plots.POS[source]
        assert math.dist(tip, at) > math.dist(start, at)  # away from the output
    assert drawn["delta-h1"].get_text() == f"δ = {b.delta_h1:+.6f}"
    assert "flow-w7" not in drawn


def test_the_published_wrong_step_is_marked_in_the_figure():
    drawn = _by_gid(stepper_plots.draw_step(PUBLISHED, 4))
    note = drawn["wrong-note"].get_text()
    assert note.startswith("✗ wrong: out_h1 stands where w5, w6 belong")
    assert f"δ_h1 = {bpcore.backward(SEED_WEIGHTS, SEED_X, SEED_Y).delta_h1:+.6f}" in note  # the chain rule's
    assert to_hex(drawn["step-title"].get_color()) == style.WRONG
    assert drawn["delta-h1"].get_text() == f"δ_pub = {PUBLISHED[4].values['delta_h1']:+.6f}"
    assert drawn["flow-w5"].get_text().startswith("δ_o1·out_h1 = ")  # out_h1 where w5 belongs
    assert to_hex(drawn["arrow-w5"].get_facecolor()) == style.WRONG
    for i in range(4):
        assert "wrong-note" not in _by_gid(stepper_plots.draw_step(PUBLISHED, i))


def test_compact_panels_write_only_what_the_step_uses_and_computes():
    drawn = _by_gid(stepper_plots.draw_step(CORRECT, 4, compact=True))
    written = {g for g, a in drawn.items() if hasattr(a, "get_text")}
    assert {"weight-w5", "weight-w6", "value-h1", "delta-o1", "delta-o2", "delta-h1"} <= written
    assert not written & {"weight-w1", "weight-w7", "value-h2", "value-o1", "grad-w5"}
    first = _by_gid(stepper_plots.draw_step(CORRECT, 0, compact=True))
    assert {f"weight-{n}" for n in NAMES} <= set(first) and first["value-L"].get_text() == "L = 0.209710"


def _draw_quietly(fig):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph or a mathtext error fails the test
        fig.canvas.draw()


def test_the_small_multiples_show_every_step_with_its_formulas():
    fig = steps.plot_steps()
    _draw_quietly(fig)
    titles = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_gid() == "step-title"]
    assert titles == [f"Step {s.number} of 7 · {s.title}" for s in CORRECT]
    formulas = [t.get_text() for ax in fig.axes for t in ax.texts
                if (t.get_gid() or "").startswith("formula-")]
    for step in CORRECT:
        for q, v in step.values.items():
            assert any(f"{v:+.6f}" in f for f in formulas), q
    assert any(t.get_gid() == "key" for ax in fig.axes for t in ax.texts)


def test_the_parting_figure_sets_the_wrong_steps_beside_the_chain_rule():
    fig = steps.plot_parting()
    _draw_quietly(fig)
    titles = [(t.get_text(), to_hex(t.get_color())) for ax in fig.axes for t in ax.texts
              if t.get_gid() == "step-title"]
    assert [t for t, _ in titles] == [f"Step {n} of 7 · {s.title}" for n in (5, 6, 7)
                                      for s in (CORRECT[n - 1], PUBLISHED[n - 1])]
    assert [c for _, c in titles] == ["#000000", style.WRONG] * 3
    flaws = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text().startswith("✗ wrong")]
    assert flaws == [f"✗ wrong: {PUBLISHED[i].flaw}" for i in (4, 5, 6)]


def test_every_formula_line_is_valid_mathtext():
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    for step in (*CORRECT, *PUBLISHED):
        for line in steps.formula_lines(step):
            parser.parse(f"${line}$")
        for e in step.equations:
            parser.parse(f"${e.latex}$")


def test_the_widget_picture_is_a_full_draw_of_the_step():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from PIL import Image

    picture = stepper_widget.Stepper()  # a StepperFigure on a LayeredCanvas
    blitted = np.asarray(Image.open(io.BytesIO(picture.png(4, "published"))).convert("RGB"), dtype=float)
    assert blitted.shape == (432, 940, 3)  # its own size: the width a notebook shows unscaled
    fig = Figure(figsize=stepper_plots.StepperFigure.SIZE, dpi=80)
    FigureCanvasAgg(fig)
    stepper_plots.draw_step(PUBLISHED, 4, ax=fig.add_axes([0, 0, 1, 1]),
                            fontsize=stepper_plots.StepperFigure.FONT)
    fig.canvas.draw()
    full = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float)
    assert np.mean(np.abs(blitted - full)) < 0.05  # the same picture (one step to the next differs by ~3)
    assert picture.png(4, "published") != picture.png(5, "published")


def test_the_widget_steps_with_its_buttons_and_reads_out_the_step():
    pytest.importorskip("ipywidgets")
    widget = stepper_widget.stepper()
    assert widget.step.value == 1 and "step 1 of 7 ·" in widget.text.value
    widget.back.click()
    assert widget.step.value == 1  # no step 0
    for k in range(2, 8):
        widget.forth.click()
        step = CORRECT[k - 1]
        assert widget.step.value == k
        assert stepper.readout(step, 7).split("\n")[0] in widget.text.value
        assert widget.formula.value == f"$${step.latex}$$"
    widget.forth.click()
    assert widget.step.value == 7
    widget.step.value = 5
    widget.gradients.value = "published"
    assert style.WRONG in widget.text.value and PUBLISHED[4].words in widget.text.value
    assert widget.image.value == stepper_widget.Stepper().png(4, "published")


def test_readout_lists_the_values_of_the_step():
    assert stepper.readout(CORRECT[3], 7) == ("step 4 of 7 · ∂L/∂w5 ... ∂L/∂w8: the output weights\n"
                                         "∂L/∂w5 = +0.034633   ∂L/∂w6 = +0.083866   ∂L/∂w7 = +0.030495   "
                                         "∂L/∂w8 = +0.073845")
    assert stepper.readout(CORRECT[0], 7) == "step 1 of 7 · The forward pass: every value on its unit"
