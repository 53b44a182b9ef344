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
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]  # as English has it, whatever a test before left
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
from bpcore.plots import training
fonts.use()
fig, ax = plt.subplots()
title = ax.set_title("Loss after 9 epochs: 0.2097")
fig.canvas.draw()
print(font_manager.findfont(title.get_fontproperties()).rsplit("/", 1)[-1])
training.plot_losses({"lr = 1": [0.3, 0.2, 0.1]}).figure.canvas.draw()  # a figure function, in English
print(any(f.name == "Noto Sans SC" for f in font_manager.fontManager.ttflist))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["DejaVuSans.ttf", "False"] and out.stderr == ""


def test_localise_gives_the_chinese_font_to_chinese_texts_only(rc):
    """Axes made before Chinese was chosen (as a notebook makes them) keep their fonts until localised;
    then each text with Chinese in it has Noto Sans SC after its own families, and no other text has it."""
    fig, ax = plt.subplots()
    ax.set_title("反向传播")
    ax.set_xlabel("out_o1")
    before = ax.title.get_fontfamily()
    assert fonts.localise(ax, "en") is ax and ax.title.get_fontfamily() == before  # English: nothing
    fonts.localise([[ax]], "zh")
    assert ax.title.get_fontfamily() == [*before, "Noto Sans SC"]
    assert ax.xaxis.label.get_fontfamily() == before
    fonts.localise({"axes": (ax,)}, "zh")  # once only
    assert ax.title.get_fontfamily() == [*before, "Noto Sans SC"]


def test_a_figure_function_draws_in_the_language_chosen(rc):
    @fonts.in_language
    def figure(ax=None):
        ax = ax or plt.subplots()[1]
        ax.set_title(bpcore.language.tr("epoch"))
        return ax

    before = list(matplotlib.rcParams["font.family"])
    ax = figure()
    assert ax.get_title() == "epoch" and matplotlib.rcParams["font.family"] == before
    assert "Noto Sans SC" not in ax.title.get_fontfamily()
    bpcore.use_language("zh")
    given = plt.subplots()[1]  # made before the function is called: localised after it
    assert figure(given).get_title() == "回合" and given.title.get_fontfamily()[-1] == "Noto Sans SC"
    assert matplotlib.rcParams["font.family"] == ["DejaVu Sans", "Noto Sans SC"]  # the notebook's own text
    bpcore.use_language("en")
    figure()
    assert matplotlib.rcParams["font.family"] == before


def test_bold_chinese_says_nothing_on_stderr():
    """Noto Sans SC has one face: a bold Chinese text is drawn in Regular, and matplotlib's log message about
    the missing bold face, which a notebook would show on stderr, is not given."""
    code = """
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import bpcore
from bpcore.plots import fonts
bpcore.use_language("zh")
fonts.use()
fig, ax = plt.subplots()
ax.set_title("叶子节点 w1", fontweight="bold")
fig.canvas.draw()
print("drawn")
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "drawn\n" and out.stderr == ""
