"""The exercises' self-checks are fair: a right answer typed to 3 or more significant digits passes,
±1 % fails, and each known mistake, typed rounded, still gets its diagnosis.

The truths come from witnesses built here, not from bpcore.checks: PyTorch autograd in float64 on the
exercise's formulas, and the exercise's own published script (tests/exercise_original.py).
"""

import math

import pytest
import torch

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y, WEIGHT_NAMES
from bpcore.checks import check_gradient, check_number, mistaken_gradients
from exercise_original import run_exercise


def torch_truth(w=SEED_WEIGHTS, x=SEED_X, y=SEED_Y):
    """(L, {name: ∂L/∂name}) by loss.backward() in float64, written out here from the exercise."""
    w1, w2, w3, w4, w5, w6, w7, w8 = ws = [torch.tensor(v, dtype=torch.float64, requires_grad=True)
                                           for v in w]
    (x1, x2), (y1, y2) = x, y
    out_h1, out_h2 = torch.sigmoid(w1 * x1 + w3 * x2), torch.sigmoid(w2 * x1 + w4 * x2)
    out_o1, out_o2 = torch.sigmoid(w5 * out_h1 + w7 * out_h2), torch.sigmoid(w6 * out_h1 + w8 * out_h2)
    L = 0.5 * (out_o1 - y1) ** 2 + 0.5 * (out_o2 - y2) ** 2
    L.backward()
    return L.item(), {name: t.grad.item() for name, t in zip(WEIGHT_NAMES, ws)}


LOSS, TRUTH = torch_truth()
PUBLISHED = dict(zip(WEIGHT_NAMES, run_exercise(epochs=1)[1][0]))  # the exercise's own d_w1 ... d_w8
OTHER = ((0.3, -0.1, 0.2, 0.4, -0.6, 0.5, 0.7, -0.2), (1.0, -1.0), (0.9, 0.1))


def rounded(v: float, digits: int) -> float:
    """`v` rounded to `digits` significant digits, as a student types it."""
    return float(f"{v:.{digits}g}")


def test_the_witnesses_are_the_series_figures():
    assert f"{LOSS:.10f}" == "0.2097097937"
    assert f"{TRUTH['w1']:+.6f}" == "-0.008421" and f"{PUBLISHED['w1']:+.6f}" == "+0.014583"


@pytest.mark.parametrize("digits", [3, 4, 6])
@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_the_truth_rounded_passes(name, digits, capsys):
    assert check_gradient(name, rounded(TRUTH[name], digits))
    assert capsys.readouterr().out.startswith(f"✓ ∂L/∂{name} = ")


@pytest.mark.parametrize("digits", [3, 4, 6])
def test_the_loss_rounded_passes(digits):
    assert check_number("L", rounded(LOSS, digits), bpcore.loss(SEED_WEIGHTS, SEED_X, SEED_Y))


@pytest.mark.parametrize("off", [1.01, 0.99, 1.02])
@pytest.mark.parametrize("name", WEIGHT_NAMES)
def test_one_percent_off_fails(name, off, capsys):
    assert abs(TRUTH[name]) > 1e-4  # where the rule applies
    assert not check_gradient(name, TRUTH[name] * off)
    out = capsys.readouterr().out
    assert out.startswith("✗") and "1.000×" not in out


@pytest.mark.parametrize("off", [1.01, 0.99])
def test_one_percent_off_fails_for_the_loss(off):
    assert not check_number("L", LOSS * off, LOSS)


def test_two_significant_digits_are_not_enough_and_the_student_is_told(capsys):
    assert not check_gradient("w3", rounded(TRUTH["w3"], 2))  # -0.0051, 0.93 % off
    out = capsys.readouterr().out
    assert "0.93 % too large" in out and "at least 3 significant digits" in out
    assert "-0.00505289" in out  # the truth, with digits enough to see the difference


def test_values_near_zero_have_an_absolute_floor():
    assert check_number("tiny", 4e-7, 0.0) and check_number("tiny", 0.0, 3e-7)
    assert not check_number("tiny", 2e-6, 0.0)


@pytest.mark.parametrize("name", ["w1", "w2", "w3", "w4"])
@pytest.mark.parametrize("digits", [4, 6])
def test_the_published_value_rounded_gets_the_published_hint(name, digits, capsys):
    assert not check_gradient(name, rounded(PUBLISHED[name], digits))
    out = capsys.readouterr().out
    assert "published formula" in out and "through the weights w5...w8" in out


@pytest.mark.parametrize("name", WEIGHT_NAMES)
@pytest.mark.parametrize("digits", [3, 4, 6])
def test_a_flipped_sign_rounded_gets_the_sign_hint(name, digits, capsys):
    assert not check_gradient(name, rounded(-TRUTH[name], digits))
    assert "wrong sign" in capsys.readouterr().out


def test_a_missing_sigma_prime_is_named(capsys):
    f = bpcore.forward(SEED_WEIGHTS, SEED_X)
    (x1, _), (y1, y2) = SEED_X, SEED_Y
    w = SEED_WEIGHTS
    # By hand: ∂L/∂w5 without out_o1(1 − out_o1); ∂L/∂w1 without out_h1(1 − out_h1).
    no_output_slope = (f.out_o1 - y1) * f.out_h1
    d_o1 = (f.out_o1 - y1) * f.out_o1 * (1 - f.out_o1)
    d_o2 = (f.out_o2 - y2) * f.out_o2 * (1 - f.out_o2)
    no_hidden_slope = (d_o1 * w.w5 + d_o2 * w.w6) * x1
    assert not check_gradient("w5", rounded(no_output_slope, 4))
    assert "misses the output unit's σ′" in capsys.readouterr().out
    assert not check_gradient("w1", rounded(no_hidden_slope, 4))
    assert "misses the hidden unit's σ′" in capsys.readouterr().out
    assert mistaken_gradients()["missing output σ′"].w5 == pytest.approx(no_output_slope, rel=1e-14)
    assert mistaken_gradients()["missing hidden σ′"].w1 == pytest.approx(no_hidden_slope, rel=1e-14)


def test_wrong_size_reports_how_far(capsys):
    assert not check_gradient("w3", 3 * TRUTH["w3"])
    out = capsys.readouterr().out
    assert "3× the truth" in out and "every factor of the chain" in out


def test_twice_the_truth_is_a_loss_without_its_half(capsys):
    assert not check_gradient("w3", rounded(2 * TRUTH["w3"], 4))
    out = capsys.readouterr().out
    assert "loss without its ½" in out and "not 2(out_o1 − y1)" in out


def test_swapped_wiring_is_named(capsys):
    # By hand: the network wired in_h1 = w1·x1 + w2·x2 (w2 and w3 trade places), its ∂L/∂w2 reported
    # where the exercise's ∂L/∂w3 stands.
    w = list(SEED_WEIGHTS)
    w[1], w[2] = w[2], w[1]
    _, swapped = torch_truth(w)
    assert not check_gradient("w3", rounded(swapped["w2"], 4))
    assert "w2 and w3 swapped" in capsys.readouterr().out


def test_other_weights_and_bad_names(capsys):
    _, truth = torch_truth(*OTHER)
    assert check_gradient("w8", rounded(truth["w8"], 4), *OTHER)
    assert not check_gradient("w8", rounded(-truth["w8"], 4), *OTHER)
    assert "wrong sign" in capsys.readouterr().out
    with pytest.raises(ValueError, match="name must be one of w1"):
        check_gradient("w9", 0.1)
    with pytest.raises(ValueError, match="value must be a finite number"):
        check_gradient("w1", float("nan"))


def test_check_number_messages(capsys):
    assert check_number("out_o1", 0.4769, 0.47694575860699684)
    assert capsys.readouterr().out == "✓ out_o1 = +0.4769 is right.\n"
    assert not check_number("out_o1", 0.48, 0.47694575860699684)
    assert "expected +0.476946" in capsys.readouterr().out
    assert not check_number("width", 1, 3)
    assert "width = 1, expected 3 (off by -2.00e+00)" in capsys.readouterr().out


def test_the_truth_is_shown_with_digits_enough_to_differ(capsys):
    assert not check_number("x", 0.00067, 0.00067749)
    assert "x = +0.00067, expected +0.00067749" in capsys.readouterr().out


def test_a_tensor_gets_a_hint():
    with pytest.raises(TypeError, match=r"value must be a real number.*\.item\(\)"):
        check_gradient("w1", torch.tensor([0.1]))


def test_a_whole_number_truth_is_met_exactly(capsys):
    assert check_number("epoch", 103, 103) and check_number("epoch", 103.0, 103)
    assert not check_number("epoch", 1000, 999)  # 0.1 % off would pass as a typed decimal
    assert "Close" not in capsys.readouterr().out


def test_a_computed_answer_is_held_to_its_rtol_and_no_digits_are_blamed(capsys):
    assert check_number("sigmoid_stable(+1000)", 1.0, 1.0, rtol=1e-12)
    assert not check_number("sigmoid_stable(+1000)", 0.996, 1.0, rtol=1e-12)  # 3 digits: not enough here
    out = capsys.readouterr().out
    assert "expected 1" in out and "significant digits" not in out


def test_a_mistake_near_the_truth_also_mentions_rounding(capsys):
    # ∂L/∂w2 = +0.0126067 and the published +0.0130411 lie 3.4 % apart: 0.013 could be either.
    assert not check_gradient("w2", 0.013)
    out = capsys.readouterr().out
    assert "published formula" in out and "rounded too far" in out


def test_a_flipped_sign_rounded_too_far_gets_both_hints(capsys):
    assert not check_gradient("w3", rounded(-TRUTH["w3"], 2))  # +0.0051
    out = capsys.readouterr().out
    assert "wrong sign" in out and "at least 3 significant digits" in out


def test_just_outside_the_rule_does_not_read_as_inside_it(capsys):
    assert not check_gradient("w6", TRUTH["w6"] * 1.00504)  # w6: the absolute floor is 6e-6 of it
    assert "0.50 % too large" in capsys.readouterr().out


def out_o1_by_hand(x1, x2, w=SEED_WEIGHTS):
    """out_o1 in plain floats, written out here from the exercise's formulas."""
    def s(z):
        return 1 / (1 + math.exp(-z))
    h1, h2 = s(w[0] * x1 + w[2] * x2), s(w[1] * x1 + w[3] * x2)
    return s(w[4] * h1 + w[6] * h2)


def test_a_real_mistake_is_not_called_rounding(capsys):
    # 01's Try it 1: out_o1 for x = (1.0, 0.0) is 0.4837; 0.4769 is the worked example's, 1.4 % away.
    truth, worked = out_o1_by_hand(1.0, 0.0), out_o1_by_hand(0.5, 0.3)
    assert f"{truth:.4f}" == "0.4837" and f"{worked:.4f}" == "0.4769"
    assert not check_number("out_o1 for x = (1.0, 0.0)", 0.4769, truth)
    out = capsys.readouterr().out
    assert "round" not in out.replace("not the right value rounded", "")
    assert "Close" not in out and "not the right value rounded: a step is wrong" in out


def test_the_worked_examples_input_is_named_when_the_exercise_lists_it(capsys):
    truth, worked = out_o1_by_hand(1.0, 0.0), out_o1_by_hand(0.5, 0.3)
    said = "is out_o1 for the worked example's input x = (0.5, 0.3)"
    assert not check_number("out_o1", 0.4769, truth, mistakes={said: worked})
    out = capsys.readouterr().out
    assert said in out and "round" not in out and "expected +0.483653" in out.lower()


@pytest.mark.parametrize("digits", [1, 2])
def test_rounding_is_blamed_only_for_the_truth_rounded(digits, capsys):
    truth = out_o1_by_hand(1.0, 0.0)  # 0.483653
    assert not check_number("out_o1", rounded(truth, digits), truth)
    assert "rounded to too few digits" in capsys.readouterr().out
    cut = float(f"{truth:.3f}"[:-1])  # 0.48: cut, not rounded, to two decimals
    assert not check_number("out_o1", cut, truth)
    assert "rounded to too few digits" in capsys.readouterr().out
    for wrong in (0.47, 0.4769, truth * 1.02, rounded(truth * 1.02, 4)):
        assert not check_number("out_o1", wrong, truth)
        assert "too few digits" not in capsys.readouterr().out


def test_a_gradient_near_the_truth_but_not_it_rounded_is_not_called_rounding(capsys):
    assert not check_gradient("w5", rounded(TRUTH["w5"] * 1.03, 4))
    out = capsys.readouterr().out
    assert "not the truth rounded" in out and "too few digits" not in out


@pytest.mark.parametrize("name, belongs, used", [("w3", "w1", "x1 where x2"), ("w4", "w2", "x1 where x2"),
                                                 ("w1", "w3", "x2 where x1"), ("w2", "w4", "x2 where x1")])
def test_the_wrong_input_is_named(name, belongs, used, capsys):
    # 03's Try it 1 asks for ∂L/∂w3 = δ_h1·x2; with x1 instead it is δ_h1·x1, which is ∂L/∂w1 (autograd).
    assert not check_gradient(name, rounded(TRUTH[belongs], 4))
    out = capsys.readouterr().out
    assert f"uses {used} belongs" in out and "rounded" not in out
    field = "x1 for x2" if used.startswith("x1") else "x2 for x1"
    assert getattr(mistaken_gradients()[field], name) == pytest.approx(TRUTH[belongs], rel=1e-14)


def test_a_try_it_on_other_targets_answered_with_the_worked_examples_is_named(capsys):
    # 03's Try it 2: ∂L/∂w4 for y = (0.9, 0.1); the worked example's ∂L/∂w4 is +0.007564 (autograd).
    _, other = torch_truth(y=(0.9, 0.1))
    assert f"{other['w4']:+.6f}" == "+0.008783"
    assert not check_gradient("w4", rounded(TRUTH["w4"], 4), y=(0.9, 0.1))
    out = capsys.readouterr().out
    assert "worked example's targets y = (0.23, -0.07), not this exercise's (0.9, 0.1)" in out
    assert "rounded" not in out


def test_a_try_it_on_other_weights_answered_with_the_worked_examples_is_named(capsys):
    assert not check_gradient("w8", rounded(TRUTH["w8"], 4), *OTHER)
    assert "for the worked example itself" in capsys.readouterr().out
    w_other = OTHER[0]
    assert not check_gradient("w2", rounded(TRUTH["w2"], 4), w=w_other)
    assert "worked example's weights" in capsys.readouterr().out
    _, at_x = torch_truth(x=(1.0, -1.0))
    assert not check_gradient("w1", rounded(TRUTH["w1"], 4), x=(1.0, -1.0))
    assert "worked example's input x = (0.5, 0.3)" in capsys.readouterr().out
    assert check_gradient("w1", rounded(at_x["w1"], 4), x=(1.0, -1.0))


@pytest.mark.parametrize("placeholder", [None, ...])
def test_an_unanswered_check_asks_and_gives_nothing_away(placeholder, capsys):
    truth = out_o1_by_hand(1.0, 0.0)
    assert not check_number("my_out_o1", placeholder, truth)
    assert not check_gradient("w3", placeholder)
    assert not check_gradient("w4", placeholder, y=(0.9, 0.1))
    out = capsys.readouterr().out
    assert out.count("No answer yet") == 3
    assert "✓" not in out and "✗" not in out and "expected" not in out and "Autograd" not in out
    shown = out.replace("my_out_o1", "").replace("∂L/∂w3", "").replace("∂L/∂w4", "")
    assert not any(c.isdigit() for c in shown), out
