"""bpcore.stepper: the backward pass as steps, held against torch float64 and the exercise's own script."""

import math
import re

import pytest
from hypothesis import given, settings

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, formatting, stepper
from exercise_original import run_exercise
from strategies import inputs, targets, weights
from torch_witness import deltas_and_grads

BOARD = [(), ("delta_o1",), ("delta_o2",), ("grad_w5", "grad_w6", "grad_w7", "grad_w8"), ("delta_h1",),
         ("delta_h2",), ("grad_w1", "grad_w2", "grad_w3", "grad_w4")]
FORWARD = {"x1", "x2", "y1", "y2", *(f"w{i}" for i in range(1, 9)),
           *(f"out_{u}" for u in ("h1", "h2", "o1", "o2"))}
NUMBER = re.compile(r"[-+]?\d+\.\d+(?:\\times 10\^\{-?\d+\})?")


def _parse(text):
    mantissa, _, exponent = text.partition(r"\times 10^{")
    return float(mantissa) * (10.0 ** int(exponent.rstrip("}")) if exponent else 1.0)


def _significant(text):
    digits = text.partition(r"\times")[0].lstrip("+-").replace(".", "").lstrip("0")
    return len(digits)


def _evaluate(tex):
    """The numbers side of an equation, as Python evaluates it."""
    py = tex.replace(r"\frac{1}{2}", "0.5*").replace(r"\cdot", "*").replace("^2", "**2")
    py = py.replace(r"\sigma", "sig")
    py = re.sub(r"\\times 10\^\{(-?\d+)\}", r"e\1", py)
    return eval(py, {"sig": bpcore.sigmoid})  # noqa: S307 (our own formatted numbers)


def _check_latex(step):
    numbers = [(_parse(t), t) for t in NUMBER.findall(step.latex)]
    for name, v in (*step.values.items(), *step.chain_rule.items()):
        shown = [t for n, t in numbers if abs(n - v) <= 5e-7 + 5e-4 * abs(v)]
        assert shown, (step.number, name, v, step.latex)
        # an exact 0 has no digits to keep
        assert v == 0 or max(_significant(t) for t in shown) >= 4, (name, shown)
    for e in step.equations:
        if e.numbers:
            result = _parse(e.result)
            assert abs(_evaluate(e.numbers) - result) <= 2e-5 + 1e-3 * abs(result), e.latex


def test_the_steps_come_in_the_order_of_the_board():
    for gradients in ("correct", "published"):
        all_steps = bpcore.stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients=gradients)
        assert [s.quantities for s in all_steps] == BOARD
        assert [s.number for s in all_steps] == list(range(1, 8))
        assert all(set(s.values) == set(s.quantities) for s in all_steps)


def test_a_step_never_comes_before_a_value_it_needs():
    for gradients in ("correct", "published"):
        computed = set()
        for step in stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients):
            assert set(step.uses) <= FORWARD | computed, (step.number, set(step.uses) - FORWARD - computed)
            computed |= set(step.quantities)
    correct = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y)
    assert {"delta_o1", "delta_o2", "w5", "w6", "out_h1"} <= set(correct[4].uses)  # δ_h1 needs both δ_o
    assert "delta_h1" in correct[6].uses  # ∂L/∂w1 after δ_h1


@given(weights, inputs, targets)
def test_the_chain_rule_steps_agree_with_autograd_float64(w, x, y):
    torch_says = deltas_and_grads(w, x, y)
    scale = max(abs(v) for v in torch_says.values())
    for step in stepper.steps(w, x, y):
        assert not step.wrong
        for name, v in step.values.items():
            assert abs(v - torch_says[name]) <= 1e-13 * max(scale, 1e-300), (step.number, name)


def test_the_published_steps_are_the_exercise_scripts_numbers():
    _, grads, _ = run_exercise(epochs=1)
    d_w1, d_w2, d_w3, d_w4, d_w5, d_w6, d_w7, d_w8 = grads[0]  # the transcribed back_propagate, epoch 0
    published = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "published")
    shown = {name: v for s in published for name, v in s.values.items()}
    for k, d in enumerate(grads[0], start=1):
        assert math.isclose(shown[f"grad_w{k}"], d, rel_tol=1e-14), k
    # its stand-in for δ_h1 is what d_w1 divides by x1: (d_w5 + d_w6)·out_h1(1 − out_h1)
    assert math.isclose(shown["delta_h1"] * SEED_X[0], d_w1, rel_tol=1e-14)
    assert math.isclose(shown["delta_h2"] * SEED_X[1], d_w4, rel_tol=1e-14)
    assert math.isclose(published[4].contributions["w5"][1], d_w5, rel_tol=1e-14)  # δ_o1·out_h1, not δ_o1·w5
    assert math.isclose(published[5].contributions["w8"][1], d_w8, rel_tol=1e-14)


def test_only_the_published_hidden_layer_steps_are_wrong():
    assert [s.wrong for s in stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y)] == [False] * 7
    published = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "published")
    assert [s.wrong for s in published] == [False] * 4 + [True] * 3
    correct = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y)
    for s, c in zip(published[:4], correct[:4]):  # the output layer is the chain rule's, under d_w names
        assert s.values == c.values
        expected = c.latex
        for k in range(5, 9):
            expected = expected.replace(rf"\partial L/\partial w_{k}", rf"\mathtt{{d\_w{k}}}")
        assert s.latex == expected and s.published
    assert [s.label("grad_w1") for s in (correct[6], published[6])] == ["∂L/∂w1", "d_w1"]
    assert r"\mathtt{d\_w1} &= \delta^{\mathrm{pub}}_{h1}\,x_1" in published[6].latex
    torch_says = deltas_and_grads(SEED_WEIGHTS, SEED_X, SEED_Y)
    for s in published[4:]:
        assert s.flaw and all(math.isclose(v, torch_says[q], rel_tol=1e-13) for q, v in s.chain_rule.items())
        assert s.words.startswith("✗ Wrong step")


def test_published_step_shows_out_h1_where_w5_w6_belong_beside_the_chain_rule():
    f = bpcore.forward(SEED_WEIGHTS, SEED_X)
    b = bpcore.backward(SEED_WEIGHTS, SEED_X, SEED_Y)
    step = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "published")[4]
    published_factor = b.delta_o1 * f.out_h1 + b.delta_o2 * f.out_h1
    chain_factor = b.delta_o1 * SEED_WEIGHTS.w5 + b.delta_o2 * SEED_WEIGHTS.w6
    # +0.118499 instead of -0.068430
    assert f"{published_factor:+.6f} instead of {chain_factor:+.6f}" in step.words
    assert r"\delta_{o1}\,out_{h1} + \delta_{o2}\,out_{h1}" in step.equations[0].rule
    assert r"\delta_{o1}\,w_5 + \delta_{o2}\,w_6" in step.equations[1].rule  # the correct factor beside it
    assert step.uses == ("delta_o1", "delta_o2", "out_h1")  # no w5, no w6
    flipped = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "published")[6]
    assert "w1 and w3 even get the wrong sign" in flipped.words


def test_a_published_step_that_agrees_by_chance_is_not_wrong():
    # notebook 03's Try it 3: w5 = w6 = out_h1 makes δ_o1·w5 + δ_o2·w6 = (δ_o1 + δ_o2)·out_h1
    out_h1 = bpcore.forward(SEED_WEIGHTS, SEED_X).out_h1
    w = bpcore.Weights(*SEED_WEIGHTS[:4], out_h1, out_h1, *SEED_WEIGHTS[6:])
    published = stepper.steps(w, SEED_X, SEED_Y, "published")
    assert [s.wrong for s in published] == [False] * 5 + [True] * 2
    assert "by chance" in published[4].words


def test_every_quantity_appears_in_the_latex_with_four_significant_digits():
    for gradients in ("correct", "published"):
        for step in stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients):
            _check_latex(step)
    first = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y)[1]
    assert first.latex == (r"\delta_{o1} = (out_{o1} - y_1)\,out_{o1}(1-out_{o1}) = "
                           r"(0.476946 - 0.23)\cdot 0.476946\cdot 0.523054 = +0.061605")


@settings(max_examples=60)
@given(weights, inputs, targets)
def test_the_latex_of_random_networks_holds_its_numbers(w, x, y):
    for gradients in ("correct", "published"):
        for step in stepper.steps(w, x, y, gradients):
            _check_latex(step)


def test_several_equations_are_aligned_for_mathjax():
    step = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y)[3]
    assert step.latex.startswith(r"\begin{aligned}") and step.latex.count(r" \\ ") == 3
    assert step.latex.count("&=") == 4


def test_numbers_keep_four_significant_digits_at_any_size():
    assert formatting.number(0.0616051) == "0.061605"
    assert formatting.number(1.234567e-5) == r"1.2346\times 10^{-5}"
    assert formatting.number(1234567.0, latex=False) == "1.2346e6"
    assert formatting.signed(-0.0) == "+0.000000" and formatting.signed(-0.5) == "-0.500000"
    assert formatting.given(0.23) == "0.23" and formatting.given(-0.07) == "-0.07"
    assert formatting.given(0.1234567891) == "0.123457"  # not short: formatted like a computed number


def test_steps_name_bad_arguments():
    with pytest.raises(ValueError, match="gradients must be 'correct' or 'published'"):
        stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients="autograd")
    with pytest.raises(ValueError, match="w must hold 8 numbers"):
        stepper.steps([0.1] * 9, SEED_X, SEED_Y)
    with pytest.raises(TypeError, match="y must be a pair"):
        stepper.steps(SEED_WEIGHTS, SEED_X, "0.2")


# --- in Chinese (bpcore.use_language("zh")): every word of the stepper, its widget and its pictures ---

# The series' symbols, which stay as they are in Chinese: out_o1, in_h1, δ_pub; the sigmoid by its name.
SYMBOLS = {"out", "in", "pub", "sigmoid"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
MATHS = re.compile(r"\$[^$]*\$")


def english_words(text: str) -> list[str]:
    """The English words of `text`: runs of two or more ASCII letters that are not one of the series' symbols
    (a single letter is a symbol: L, x1, w5, d_w5); HTML tags and mathtext ($...$) aside."""
    text = MATHS.sub(" ", re.sub(r"<[^>]+>", " ", text))
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in SYMBOLS]


def numbers(text: str) -> list[str]:
    return re.findall(r"[-+]?\d+\.\d+", text)


@pytest.fixture
def zh():
    """bpcore speaks Chinese during the test, English again after it."""
    bpcore.use_language("zh")
    yield
    bpcore.use_language("en")


@pytest.mark.parametrize("gradients", stepper.GRADIENTS)
def test_in_chinese_every_step_says_its_words_in_chinese_with_the_same_numbers(gradients, zh):
    bpcore.use_language("en")
    english = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients)
    bpcore.use_language("zh")
    chinese = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients)
    for en, step in zip(english, chinese):
        said = [stepper.readout(step, len(chinese)), step.words, step.title, step.flaw]
        for text in said:
            assert english_words(text) == [], (step.number, text)
        assert all(CHINESE.search(t) for t in said if t), step.number
        # the same numbers as the English step's, which the tests above hold against torch and the exercise
        assert sorted(numbers(f"{stepper.readout(step, 7)} {step.words}")) == \
            sorted(numbers(f"{stepper.readout(en, 7)} {en.words}")), step.number
        assert step.values == en.values and step.quantities == en.quantities
        # the formula's maths is the English one; only its words (\text{chain rule: }) are Chinese
        assert re.sub(r"\\text\{[^}]*\}", "", step.latex) == re.sub(r"\\text\{[^}]*\}", "", en.latex)
        assert english_words(" ".join(re.findall(r"\\text\{([^}]*)\}", step.latex))) == []


def test_in_chinese_a_wrong_step_is_called_wrong_in_chinese_and_english_is_unchanged(zh):
    wrong = [s for s in stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "published") if s.wrong]
    assert [s.number for s in wrong] == [5, 6, 7]
    assert all(s.words.startswith("✗ 这一步错了。") for s in wrong)
    # w1 and w3 get the wrong sign (notebook 03's witness: the exercise's script, test above)
    assert "w1 和 w3 连符号都错了" in wrong[-1].words
    bpcore.use_language("en")
    step = stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, "correct")[1]
    assert stepper.readout(step, 7) == "step 2 of 7 · δ_o1: the error term of o1\nδ_o1 = +0.061605"
    assert step.words.endswith("out_o1 is above its target, so δ_o1 is positive.")
    assert not CHINESE.search(step.words.replace("误差项", ""))


def test_in_chinese_the_steps_name_bad_arguments_in_chinese(zh):
    with pytest.raises(ValueError) as error:
        stepper.steps(SEED_WEIGHTS, SEED_X, SEED_Y, gradients="autograd")
    assert CHINESE.search(str(error.value)) and "'autograd'" in str(error.value)
    assert english_words(str(error.value).replace("'correct'", "").replace("'published'", "")
                         .replace("gradients", "").replace("autograd", "")) == []


def test_in_chinese_the_stepper_widget_is_chinese_and_english_is_unchanged(zh):
    from bpcore.widgets.stepper import Stepper

    board = Stepper()
    labels = [board.step.description, board.back.tooltip, board.forth.tooltip,
              *(label for label, _ in board.gradients.options), *board.gradients.tooltips]
    for n in range(1, 8):
        for gradients in stepper.GRADIENTS:
            board.gradients.value, board.step.value = gradients, n
            labels.append(board.text.value)
    for text in labels:
        assert english_words(text) == [] and CHINESE.search(text), text
    assert [label for label, _ in board.gradients.options] == ["链式法则", "练习给出的（有错）"]
    bpcore.use_language("en")
    english = Stepper()
    assert [label for label, _ in english.gradients.options] == ["chain rule", "published (flawed)"]
    assert (english.step.description, english.back.tooltip, english.forth.tooltip) == \
        ("step", "previous step", "next step")
    assert english.text.value.startswith('<div style="color:inherit"><b class="bp-step-title">step 1 of 7 · '
                                         "The forward pass: every value on its unit</b>")


def _texts(fig):
    return [t for ax in fig.axes for t in ax.texts] + [ax.title for ax in fig.axes]


def test_in_chinese_the_stepper_pictures_are_chinese_drawn_in_the_chinese_font_without_warnings(zh):
    import warnings

    import matplotlib
    import matplotlib.pyplot as plt

    from bpcore.plots import fonts, steps as steps_plots
    from bpcore.plots.stepper import StepperFigure

    family = list(matplotlib.rcParams["font.family"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: an error here
        picture = StepperFigure()
        figures = [steps_plots.plot_steps(), steps_plots.plot_steps(gradients="published"),
                   steps_plots.plot_parting()]
        drawn = []
        for gradients in stepper.GRADIENTS:
            for i in range(7):
                picture.draw(i, gradients)
                drawn += [t.get_text() for t in picture.ax.texts if CHINESE.search(t.get_text())]
                picture.fig.canvas.draw()
                title = next(t for t in picture.ax.texts if t.get_gid() == "step-title")
                assert english_words(title.get_text()) == [] and CHINESE.search(title.get_text())
                assert fonts.CHINESE in title.get_fontfamily()
        for fig in figures:
            fig.canvas.draw()
            texts = _texts(fig)
            assert any(CHINESE.search(t.get_text()) for t in texts)
            for t in texts:
                assert english_words(t.get_text()) == [], t.get_text()
                if CHINESE.search(t.get_text()):
                    assert "$" not in t.get_text()  # mathtext has no Chinese glyphs
                    assert fonts.CHINESE in t.get_fontfamily()
            plt.close(fig)
    assert any(t.startswith("✗ 错误：") for t in drawn)  # a wrong step's note
    assert list(matplotlib.rcParams["font.family"]) == family  # the Chinese font only where it is drawn
