"""The fonts of bpcore's figures: matplotlib's DejaVu Sans for Latin letters, digits and mathematics in both
languages, and Noto Sans SC for Chinese characters.

Noto Sans SC (SIL Open Font License 1.1) comes from the wheel pylopdf-fonts-zh-cn, pinned in requirements.txt,
so `pip install -r requirements.txt` brings it on Linux, macOS and Windows alike, with no system package.
matplotlib draws each character with the first font of rcParams["font.family"] that has it, so
["DejaVu Sans", "Noto Sans SC"] draws every letter, digit and symbol as the English figures do and takes only
the Chinese characters from Noto Sans SC: the two editions' numbers look alike.  The font is registered with
matplotlib's fontManager when Chinese is to be drawn, never for English.

A figure drawn in the language bpcore speaks (bpcore.use_language) calls use() before it makes its text, or
makes its text inside `with context():`.  A text keeps the fonts it was made with, so a figure shown after the
`with` block still draws its Chinese.  Every figure function of bpcore.plots and bpcore.widgets is decorated
with @in_language: in Chinese it calls use() first and, after drawing, gives Noto Sans SC to every text of
the figures it drew on (localise), the titles and labels of Axes made before it was called included; in
English it does nothing, so English figures are drawn as they always were.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import matplotlib
from matplotlib import font_manager
from matplotlib.artist import Artist
from matplotlib.figure import Figure, SubFigure
from matplotlib.text import Text
from pylopdf_fonts_zh_cn import sans_path

from ..language import language

LATIN = "DejaVu Sans"  # matplotlib's own font: the English figures' letters, digits and mathematics
CHINESE = "Noto Sans SC"  # the family of the font file that pylopdf-fonts-zh-cn carries
_english: list[str] | None = None  # rcParams["font.family"] as it was before use("zh") changed it
# The characters DejaVu Sans lacks that Chinese text uses: CJK ideographs and punctuation, fullwidth forms.
HAN = re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


class _OneFace(logging.Filter):
    """Noto Sans SC comes in one face, Regular: a bold Chinese text is drawn in it (its Latin letters bold,
    in DejaVu Sans Bold), and matplotlib's "findfont: Failed to find font weight bold for Noto Sans SC"
    is expected, not news; this filter drops that one message (it would reach a notebook's stderr)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.msg.startswith("findfont: Failed to find font weight") and CHINESE in record.args)


def chinese_font() -> Path:
    """The file of Noto Sans SC (Regular), inside the installed wheel pylopdf-fonts-zh-cn."""
    return sans_path()


def register() -> str:
    """Register Noto Sans SC with matplotlib's fontManager, once, and return its family name."""
    path = str(chinese_font())
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
        logging.getLogger(font_manager.__name__).addFilter(_OneFace())
    return CHINESE


def families(code: str | None = None) -> list[str]:
    """rcParams["font.family"] for drawing in `code` ("en" or "zh"; the language bpcore speaks by default):
    ["DejaVu Sans", "Noto Sans SC"] for Chinese, registering Noto Sans SC; for English, matplotlib's own as
    it is (["sans-serif"], which is DejaVu Sans), registering nothing."""
    if (code or language()) == "zh":
        return [LATIN, register()]
    return list(_english if _english is not None else matplotlib.rcParams["font.family"])


def use(code: str | None = None) -> None:
    """Set rcParams["font.family"] for drawing in `code` (the language bpcore speaks by default): Chinese
    registers Noto Sans SC after DejaVu Sans; English puts back the families that Chinese replaced."""
    global _english
    now = list(matplotlib.rcParams["font.family"])
    if (code or language()) == "zh":
        if _english is None and CHINESE not in now:  # Chinese set by an rc_context is not English
            _english = now
        matplotlib.rcParams["font.family"] = families("zh")
    elif _english is not None:
        matplotlib.rcParams["font.family"], _english = _english, None


def context(code: str | None = None):
    """A `with` block whose texts are drawn in `code` (the language bpcore speaks by default); rcParams are
    as they were after it.  For English it changes nothing."""
    if (code or language()) == "zh":
        return matplotlib.rc_context({"font.family": families("zh")})
    return matplotlib.rc_context()


def figures(drawn) -> list:
    """The matplotlib Figures that `drawn` (what a figure function returned: Axes, a Figure, or a tuple, list,
    array or dict of them) is drawn on, each once."""
    found: list = []
    if isinstance(drawn, dict):
        drawn = list(drawn.values())
    if isinstance(drawn, (Figure, SubFigure)):
        found.append(drawn.get_figure(root=True))
    elif isinstance(drawn, Artist):
        if drawn.get_figure(root=True) is not None:
            found.append(drawn.get_figure(root=True))
    elif isinstance(drawn, (list, tuple)) or hasattr(drawn, "flat"):
        for item in getattr(drawn, "flat", drawn):
            found.extend(f for f in figures(item) if f not in found)
    return found


def localise(drawn, code: str | None = None):
    """Give the Chinese font, after the text's own, to every text of the figures of `drawn` that has Chinese
    in it, and to no other, when `code` (the language bpcore speaks by default) is Chinese: the titles and
    axis labels of Axes made before use() was called keep the font they were made with, which has no
    Chinese, and a text without Chinese is drawn exactly as in English.  Returns `drawn`; for English it
    changes nothing."""
    if (code or language()) != "zh":
        return drawn
    chinese = register()
    for figure in figures(drawn):
        for text in figure.findobj(Text):
            family = [f for f in text.get_fontfamily() if f != chinese]
            if HAN.search(text.get_text()):
                family.append(chinese)
            if family != text.get_fontfamily():
                text.set_fontfamily(family)
    return drawn


def in_language(function):
    """Decorate a figure function so that it draws in the language bpcore speaks: in Chinese, rcParams'
    fonts are set by use() before it runs, and every text of the figures it returns is localised after."""

    @functools.wraps(function)
    def drawn_in_language(*args, **kwargs):
        if language() != "zh":
            use("en")  # puts back the English families if Chinese had replaced them
            return function(*args, **kwargs)
        use("zh")
        return localise(function(*args, **kwargs), "zh")

    return drawn_in_language
