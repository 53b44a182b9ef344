"""Sphinx's configuration of the course website, one build per language.

`scripts/site` runs Sphinx twice with this file (`-c site`): BP_SITE_LANG=en on the English sources,
BP_SITE_LANG=zh on the Chinese ones, each gathered into a folder of its own under _build/ (the
notebooks from notebooks/ or notebooks/zh/, the pages from site/en/ or site/zh/).  Each build has the
theme's own labels, its search (jieba's words for Chinese) and its links in its language.  Nothing is
executed: the pages show the notebooks' committed outputs.
"""

import os
import sys
from pathlib import Path

import tomllib

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

LANG = os.environ.get("BP_SITE_LANG", "en")
WORK = Path(os.environ.get("BP_SITE_WORK", HERE.parent / "_build" / "site-src"))
if LANG not in ("en", "zh"):
    raise ValueError(f"BP_SITE_LANG must be 'en' or 'zh', got {LANG!r}")
ZH = LANG == "zh"
if ZH:  # Sphinx's Chinese search splits the text into words with jieba; quietly
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)

project = "反向传播，每个数都经过检验" if ZH else "Backpropagation, every number checked"
author = ""
copyright = ""
language = "zh_CN" if ZH else "en"  # Sphinx's and the theme's labels; zh_CN's search segments with jieba

extensions = ["myst_nb", "bpsite"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = [str(HERE / "_templates")]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 3

# The committed outputs, never a kernel; no widget JavaScript from a CDN (the notebooks hold no widget state).
nb_execution_mode = "off"
nb_ipywidgets_js = {}
nb_merge_streams = True

# Served from the site itself: MathJax 3 from npm (scripts/site copies its es5 build into _mathjax/ at the
# site's top, shared by both languages), the theme's fonts and icons from its own _static.
mathjax_path = "../../_mathjax/tex-mml-chtml.js"  # relative to _static/ of en/ or zh/

html_theme = "sphinx_book_theme"
html_title = project
html_static_path = [str(HERE / "_static"), str(WORK / "static")]
html_css_files = ["site.css"]
html_js_files = ["stepper.js"]
# Chinese search: jieba's dictionary plus the course's terms, so that both 反向 and 反向传播 find 反向传播.
# search-terms-zh.txt: one word a line, none longer than four characters (jieba's search mode indexes the
# two- and three-character words inside a longer one, and its whole, but not a four-character word inside it).
html_search_options = {"dict": str(HERE / "search-terms-zh.txt")} if ZH else {}
html_copy_source = True
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "article_header_end": ["twin-link.html", "launch-button.html", "article-header-buttons.html"],
    "footer_content_items": [],
    "search_bar_text": "搜索……" if ZH else "Search…",  # the theme's own text is English only
    # No top bar (pydata-sphinx-theme 0.20 fills it with a second search field): the sidebar has search
    "navbar_start": [], "navbar_center": [], "navbar_end": [], "navbar_persistent": [],
}
html_context = {"default_mode": "light"}

bp_lang = LANG
bp_snippets = {  # the interactive parts, put below a lesson's widget cell (the cell's source matches)
    "03_backprop_derivation": (r"\bstepper\(", str(WORK / "snippets" / LANG / "stepper.html")),
    "07_playground": (r"\bdashboard\(", str(WORK / "snippets" / LANG / "playground.html")),
}
# Every lesson's "run it live" button: site/launch.toml's one setting, or BP_SITE_LAUNCH for one build.
bp_launch = os.environ.get("BP_SITE_LAUNCH") or tomllib.loads((HERE / "launch.toml").read_text())["launch"]
