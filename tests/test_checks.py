"""The exercises' self-checks: right answers pass, and each kind of wrong answer gets its diagnosis."""

import pytest

import bpcore
from bpcore import SEED_WEIGHTS, SEED_X, SEED_Y
from bpcore.checks import check_gradient, check_number

TRUE_W3 = -0.0050528883  # ∂L/∂w3 on the worked example, by the chain rule worked on paper (notebook 03)


def test_right_gradient_passes(capsys):
    assert check_gradient("w3", TRUE_W3)
    assert capsys.readouterr().out.startswith("✓ ∂L/∂w3 = -0.005053 agrees with autograd (-0.005053)")
    assert not check_gradient("w3", TRUE_W3 * (1 + 1e-5))  # the tolerance is tight


def test_published_formula_is_recognised(capsys):
    published = bpcore.backprop_original(SEED_WEIGHTS, SEED_X, SEED_Y).w1
    assert not check_gradient("w1", published)
    out = capsys.readouterr().out
    assert "published formula" in out and "+0.014583" in out and "-0.008421" in out


def test_flipped_sign_is_named(capsys):
    assert not check_gradient("w3", -TRUE_W3)
    assert "wrong sign" in capsys.readouterr().out


def test_wrong_size_reports_the_ratio(capsys):
    assert not check_gradient("w3", 2 * TRUE_W3)
    assert "2.000× the truth" in capsys.readouterr().out


def test_other_weights_and_bad_names():
    g = bpcore.backprop((0.3, -0.1, 0.2, 0.4, -0.6, 0.5, 0.7, -0.2), (1.0, -1.0), (0.9, 0.1))
    assert check_gradient("w8", g.w8, w=(0.3, -0.1, 0.2, 0.4, -0.6, 0.5, 0.7, -0.2), x=(1.0, -1.0), y=(0.9, 0.1))
    with pytest.raises(ValueError, match="name must be one of w1"):
        check_gradient("w9", 0.1)
    with pytest.raises(ValueError, match="value must be a finite number"):
        check_gradient("w1", float("nan"))


def test_check_number(capsys):
    assert check_number("out_o1", 0.4769457586, 0.47694575860699684)
    assert not check_number("out_o1", 0.48, 0.47694575860699684)
    assert "expected +0.476946" in capsys.readouterr().out
    assert not check_number("width", 1, 3)
    assert "width = 1, expected 3 (off by -2.00e+00)" in capsys.readouterr().out


def test_a_tensor_gets_a_hint():
    import torch
    with pytest.raises(TypeError, match=r"value must be a real number.*\.item\(\)"):
        check_gradient("w1", torch.tensor([0.1]))
