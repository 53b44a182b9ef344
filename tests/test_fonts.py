"""Chinese figures draw every character, from a font that requirements.txt installs (bpcore.plots.fonts), and
keep their letters, digits and mathematics in the English figures' DejaVu Sans."""

import importlib.metadata
import io
import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib import font_manager

import bpcore
from bpcore.plots import fonts

CHINESE = "反向传播 误差项 δ"
LATIN = "∂L/∂w1 = +0.0364, η = 0.5, out_o1"


@pytest.fixture
def rc():
    """rcParams and bpcore's language as they were, after the test."""
    with matplotlib.rc_context():
        yield
        bpcore.use_language("en")
        fonts.use("en")


def drawn(text: str) -> tuple[list[str], np.ndarray]:
    """The warnings that drawing `text` (a title, and mathematics) gives, and the pixels drawn."""
    fig, ax = plt.subplots(figsize=(4, 1.2))
    ax.set_axis_off()
    ax.set_title(text)
    ax.text(0.5, 0.2, r"$\delta_{o1} = \partial L / \partial in_{o1}$", ha="center")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
    plt.close(fig)
    return [str(w.message) for w in caught], pixels


def test_without_the_font_chinese_misses_its_glyphs(rc):
    """The problem fonts.use solves: DejaVu Sans has no Chinese (one warning per character drawn)."""
    said, _ = drawn(CHINESE)
    missing = [w for w in said if "missing from font" in w]
    assert len(missing) == len("反向传播误差项")


def test_chinese_is_drawn_with_no_glyph_missing(rc):
    bpcore.use_language("zh")
    fonts.use()
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans SC"]
    said, _ = drawn(CHINESE)
    assert said == []


def test_the_chinese_font_is_the_wheels_noto_sans_sc():
    path = fonts.chinese_font()
    assert path.is_file() and path.name == "NotoSansSC-Regular.otf"
    wheel = importlib.metadata.distribution("pylopdf-fonts-zh-cn")
    licence = " ".join(next(f for f in wheel.files if f.name == "LICENSE").read_text().split())
    assert licence.startswith("This Font Software is licensed under the SIL Open Font License, Version 1.1.")
    fonts.register()
    noto = font_manager.FontProperties(family="Noto Sans SC")
    assert Path(font_manager.findfont(noto, fallback_to_default=False)) == path


def test_chinese_figures_draw_latin_digits_and_maths_as_english_ones_do(rc):
    """The same text without Chinese makes the same pixels in both languages: DejaVu Sans draws it."""
    _, english = drawn(LATIN)
    fonts.use("zh")
    said, chinese = drawn(LATIN)
    assert said == [] and np.array_equal(english, chinese)


def test_english_leaves_matplotlibs_fonts_as_they_were(rc):
    before = list(matplotlib.rcParams["font.family"])
    fonts.use("zh")
    fonts.use("en")
    assert matplotlib.rcParams["font.family"] == before
    with fonts.context("zh"):
        assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans SC"]
    with fonts.context("en"):
        assert matplotlib.rcParams["font.family"] == before
    assert matplotlib.rcParams["font.family"] == before


def test_an_english_figure_registers_no_chinese_font_and_draws_in_dejavu_sans():
    code = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager
import bpcore
from bpcore.plots import fonts
fonts.use()
fig, ax = plt.subplots()
title = ax.set_title("Loss after 9 epochs: 0.2097")
fig.canvas.draw()
print(font_manager.findfont(title.get_fontproperties()).rsplit("/", 1)[-1])
print(any(f.name == "Noto Sans SC" for f in font_manager.fontManager.ttflist))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["DejaVuSans.ttf", "False"] and out.stderr == ""
