"""Every figure of bpcore.plots.network, functions, training, graph, beyond and matrix, and of the explorers
(bpcore.widgets.explorers), in both languages: in Chinese it says no English word, says Chinese, gives the
Chinese font to its Chinese texts only and draws with no glyph warning; in English it says what it said before
the language layer (tests/plots_english_texts.json, recorded from commit 0e62d6a, the code before any text
went through tr()).

An English word is a run of two or more ASCII letters (with the digits and underscores joined to it, split at
dots and at everything else) that is not a symbol of the series (in_h1, out_o, w1, d_w1, x1, W1, h1, o2), an
operation's grad_fn name (MulBackward0, AccumulateGrad) or a name in NAMES (lr, sigmoid, tanh, float64, max,
grad, bpcore, backprop, back_propagate); mathematics between $ signs (the log axes' 10⁻²) is left out.
"""

import json
import logging
import re
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from matplotlib.text import Text

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, mlp
from bpcore.autograd import forward_loss
from bpcore.language import language
from bpcore.plots import beyond, fonts, functions, graph, matrix, network, style, training
from bpcore.widgets import explorers

ENGLISH_TEXTS = Path(__file__).with_name("plots_english_texts.json")
CHINESE = re.compile("[\u4e00-\u9fff]")
NAMES = {"lr", "sigmoid", "tanh", "float64", "max", "grad", "bpcore", "backprop", "back_propagate"}
SYMBOL = re.compile(r"(in|out)_[ho]\d?|d_w\d|w\d|[xyhoW]\d|[A-Z][a-z]+Backward\d|AccumulateGrad")


def english_words(text: str) -> list[str]:
    """The English words of a text (module docstring): what a Chinese figure must not say."""
    text = re.sub(r"\$[^$]*\$", "", text)
    tokens = re.findall(r"[A-Za-z0-9_]+", text)
    return [t for t in tokens if re.search("[A-Za-z]{2}", t) and t not in NAMES and not SYMBOL.fullmatch(t)]


def test_english_words_are_found_and_symbols_are_not():
    assert english_words("loss now 0.209710") == ["loss", "now"]
    assert english_words("∂L/∂w5 = +0.0346, in_h1 → out_h1, d_w3, W2, MulBackward0, lr = 10") == []
    assert english_words("链式法则（bpcore.backprop）：与有限差分一致 $\\mathdefault{10^{-2}}$") == []
    assert english_words("sigmoid 的值域 (0, 1)") == [] and english_words("identity output") == ["identity",
                                                                                            "output"]


def say(en: str, zh: str) -> str:
    """What a notebook passes (a title, a curve's label): `zh` in Chinese, `en` in English."""
    return zh if language() == "zh" else en


def given_axes(ncols=1, **options):
    """Axes made before the figure function is called, as the notebooks make them."""
    return plt.subplots(1, ncols, **options)[1]


RUN = bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=12)
RUNS = {lr: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=lr, epochs=40) for lr in (1.0, 10.0)}
UNIT_RUNS = {u: bpcore.train(SEED_WEIGHTS, SEED_X, SEED_Y, lr=1.0, epochs=30, output=u)
             for u in bpcore.OUTPUTS}
COST_RUNS = {c: bpcore.train(SEED_WEIGHTS, SEED_X, (0.23, 0.07), lr=1.0, epochs=120, cost=c)
             for c in bpcore.COSTS}
GRADS = {"manual": bpcore.backprop(SEED_WEIGHTS, SEED_X, SEED_Y),
         "published": bpcore.backprop_original(SEED_WEIGHTS, SEED_X, SEED_Y)}
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
XOR = mlp.train(mlp.init([2, 3, 1], seed=0), XOR_X, XOR_Y, lr=5.0, epochs=300).params


def autograd_loss():
    w = [torch.tensor([v], dtype=torch.float64, requires_grad=True) for v in SEED_WEIGHTS]
    L, _ = forward_loss(w, *(torch.tensor([v], dtype=torch.float64) for v in (*SEED_X, *SEED_Y)))
    L.backward()
    return L, w


# Each public figure function of the modules, drawn as a notebook draws it; the caller's own texts (titles,
# curve labels) through say().  A case without Chinese of its own (the network with its weights) must still
# say no English word.
CASES = {
    "draw_network": lambda: network.draw_network(SEED_WEIGHTS),
    "draw_network titled": lambda: network.draw_network(
        SEED_WEIGHTS, values={"h1": 0.56218}, ax=given_axes(),
        title=say("After the forward pass: each unit's output", "前向传播之后：每个神经元的输出")),
    "draw_network gradients": lambda: network.draw_network(SEED_WEIGHTS, grads=GRADS["manual"]),
    "draw_targets": lambda: network.draw_targets(SEED_Y),
    "draw_targets on axes": lambda: network.draw_targets((1.5, -0.5), ax=given_axes()),
    "draw_gradients_compare": lambda: network.draw_gradients_compare(),
    "plot_sigmoid": lambda: functions.plot_sigmoid({"in_h1": 0.25, "in_o1": -0.09}),
    "plot_loss_vs_weight": lambda: functions.plot_loss_vs_weight("w5", points=21),
    "plot_losses": lambda: training.plot_losses({"lr = 1": RUN.losses}),
    "plot_losses two on axes": lambda: training.plot_losses(
        {say("autograd", "自动微分"): RUN.losses,
         say("published derivation", "原练习的推导"): RUN.losses[::-1]},
        ax=given_axes(), logy=True, title=say("10,000 epochs (log scale)", "10,000 个回合（对数坐标）")),
    "plot_outputs": lambda: training.plot_outputs(RUN, SEED_Y),
    "plot_loss_as_published": lambda: training.plot_loss_as_published(RUN.losses),
    "plot_bowl_paths": lambda: training.plot_bowl_paths(
        {say("η·λ = 0.5: slides down", "η·λ = 0.5：滑向谷底"): [1.0, 0.5, 0.25],
         say("η·λ = 2.5: diverges", "η·λ = 2.5：发散"): [1.0, -1.5, 2.25]}),
    "plot_learning_rates": lambda: training.plot_learning_rates(RUNS),
    "plot_learning_rates zoomed": lambda: training.plot_learning_rates(
        {10.0: RUNS[10.0]}, xlim=(10, 30), logy=False,
        title=say("lr = 10: epochs 10-30", "lr = 10：第 10-30 个回合")),
    "plot_gradient_errors": lambda: training.plot_gradient_errors(
        {say("manual vs autograd", "手算 对 自动微分"): [0.0, 1e-16, 2e-16]}),
    "plot_gradients_by_weight": lambda: training.plot_gradients_by_weight(
        {say("manual", "手算"): GRADS["manual"], say("published", "原练习的公式"): GRADS["published"]}),
    "draw_graph": lambda: graph.draw_graph(*autograd_loss()),
    "plot_output_units": lambda: beyond.plot_output_units(UNIT_RUNS, SEED_Y),
    "plot_unit_losses": lambda: beyond.plot_unit_losses(UNIT_RUNS),
    "plot_bias_shift": lambda: beyond.plot_bias_shift(w=2.0),
    "plot_distance_to_target": lambda: beyond.plot_distance_to_target(COST_RUNS, (0.23, 0.07), tol=1e-2),
    "draw_weight_matrices": lambda: matrix.draw_weight_matrices(SEED_WEIGHTS),
    "plot_decision_boundary": lambda: matrix.plot_decision_boundary(XOR, XOR_X, XOR_Y, resolution=20),
    "plot_boundaries": lambda: matrix.plot_boundaries(
        {say("3 hidden units", "3 个隐藏层神经元"): XOR, say("the same", "同一个网络"): XOR}, XOR_X, XOR_Y),
    "boundary_panel": lambda: matrix.boundary_panel(XOR_X, XOR_Y, hidden=2, lr=5.0, epochs=50)["axes"],
    "update_targets": lambda: explorers.update_targets(0.23, -0.07)["ax"],
    "update_learning_rate": lambda: explorers.update_learning_rate(10.0, epochs=20)["axes"],
}
# The exercise's own axis label, quoted in every language: its figure (notebook 04) is the exercise's output.
QUOTED = {"plot_loss_as_published": ["Loss"]}
# Renders the explorers' slider pictures: PNG bytes, whose texts cannot be read back.
RENDERS = {
    "render_targets": lambda: explorers.render_targets(1.5, -0.5),
    "render_learning_rate": lambda: explorers.render_learning_rate(10.0, epochs=20),
    "render_boundary": lambda: explorers.render_boundary(XOR_X, XOR_Y, 2, 5.0, epochs=50),
}


def drawn(case: str) -> tuple[list[Text], list[str]]:
    """Draw `case` in the language bpcore speaks (Agg); its figures' visible texts, and every warning and
    log message the drawing gave (glyphs missing, fonts not found)."""
    messages = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: messages.append(record.getMessage())
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            figures = fonts.figures(CASES[case]())
            for figure in figures:
                figure.canvas.draw()
    finally:
        logger.removeHandler(handler)
    texts = [t for f in figures for t in f.findobj(Text) if t.get_visible() and t.get_text()]
    return texts, [str(w.message) for w in caught] + messages


@pytest.fixture
def zh():
    """bpcore speaks Chinese in the test, English again after it, with matplotlib's fonts as they were."""
    with matplotlib.rc_context():
        bpcore.use_language("zh")
        yield
        bpcore.use_language("en")
        fonts.use("en")


@pytest.mark.parametrize("case", CASES)
def test_a_chinese_figure_says_no_english_word_and_draws_every_glyph(zh, case):
    texts, said = drawn(case)
    assert said == []
    english = [(t.get_text(), w) for t in texts for w in english_words(t.get_text())
               if w not in QUOTED.get(case, [])]
    assert english == []
    chinese = [t for t in texts if CHINESE.search(t.get_text())]
    if case not in ("draw_network", "draw_network gradients"):  # weights and units only: symbols
        assert chinese, [t.get_text() for t in texts]
    # The Chinese font for Chinese texts, after DejaVu Sans; no other text is given it.
    assert all(t.get_fontfamily()[-1] == fonts.CHINESE for t in chinese)
    assert not [t.get_text() for t in texts if t not in chinese and fonts.CHINESE in t.get_fontfamily()]


@pytest.mark.parametrize("render", RENDERS)
def test_a_chinese_slider_picture_draws_every_glyph(zh, render):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        picture = RENDERS[render]()
    assert picture.startswith(b"\x89PNG") and [str(w.message) for w in caught] == []


ENGLISH = json.loads(ENGLISH_TEXTS.read_text(encoding="utf-8"))


def test_every_case_has_its_english_texts_recorded():
    assert list(ENGLISH) == list(CASES)


@pytest.mark.parametrize("case", CASES)
def test_an_english_figure_says_what_it_said_before_the_language_layer(case):
    texts, said = drawn(case)
    assert said == []
    assert [t.get_text() for t in texts] == ENGLISH[case]
    assert not [t for t in texts if fonts.CHINESE in t.get_fontfamily()]


def test_english_after_chinese_draws_the_same_pixels_as_before(zh):
    def pixels():
        ax = network.draw_targets(SEED_Y)
        ax.figure.canvas.draw()
        picture = np.asarray(ax.figure.canvas.buffer_rgba()).copy()
        plt.close(ax.figure)
        return picture

    bpcore.use_language("en")
    english = pixels()
    bpcore.use_language("zh")
    chinese = pixels()
    bpcore.use_language("en")
    assert not np.array_equal(english, chinese)
    assert np.array_equal(pixels(), english)


def test_the_zh_twins_curve_labels_keep_the_english_colours():
    """Notebook 06's zh twin labels its curves in Chinese: each is coloured as its English label is."""
    pairs = {"手算": "manual", "自动微分": "autograd", "有限差分": "finite differences",
             "原练习的公式": "published", "原练习的推导": "published derivation",
             "手算 对 自动微分": "manual vs autograd", "手算 对 有限差分": "manual vs finite differences"}
    for chinese, english in pairs.items():
        assert style.series_colour(chinese, 3) == style.series_colour(english, 3) != style.OTHER_COLOURS[3]


def test_chinese_errors_name_the_argument(zh):
    with pytest.raises(ValueError, match=r"^zlim 必须是 \(low, high\)，且 low < high，而传入的是 \(1, 0\)$"):
        functions.plot_sigmoid(zlim=(1, 0))
    with pytest.raises(ValueError, match="^runs 必须至少包含一个 {lr: History}$"):
        training.plot_learning_rates({})
    with pytest.raises(ValueError, match="^epochs 必须 >= 1：图中显示的是最后一个回合的损失，而传入的是 0$"):
        explorers.update_learning_rate(1.0, epochs=0)
    with pytest.raises(TypeError, match=r"^runs\['tanh'\] 必须是 bpcore.History，而传入的是 list$"):
        beyond.plot_unit_losses({"tanh": []})
    with pytest.raises(ValueError) as e:
        beyond.plot_unit_losses({"relu": RUN})
    assert str(e.value) == "runs 的输出神经元 必须是 sigmoid, tanh, identity 之一，而传入的是 'relu'"
