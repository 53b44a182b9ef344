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
`with` block still draws its Chinese.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager
from pylopdf_fonts_zh_cn import sans_path

from ..language import language

LATIN = "DejaVu Sans"  # matplotlib's own font: the English figures' letters, digits and mathematics
CHINESE = "Noto Sans SC"  # the family of the font file that pylopdf-fonts-zh-cn carries
_english: list[str] | None = None  # rcParams["font.family"] as it was before use("zh") changed it


def chinese_font() -> Path:
    """The file of Noto Sans SC (Regular), inside the installed wheel pylopdf-fonts-zh-cn."""
    return sans_path()


def register() -> str:
    """Register Noto Sans SC with matplotlib's fontManager, once, and return its family name."""
    path = str(chinese_font())
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
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
    if (code or language()) == "zh":
        if _english is None:
            _english = list(matplotlib.rcParams["font.family"])
        matplotlib.rcParams["font.family"] = families("zh")
    elif _english is not None:
        matplotlib.rcParams["font.family"], _english = _english, None


def context(code: str | None = None):
    """A `with` block whose texts are drawn in `code` (the language bpcore speaks by default); rcParams are
    as they were after it.  For English it changes nothing."""
    if (code or language()) == "zh":
        return matplotlib.rc_context({"font.family": families("zh")})
    return matplotlib.rc_context()
