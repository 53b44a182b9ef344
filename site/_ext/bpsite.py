"""The course website's own Sphinx extension: the twin link, the launch button, the stepper and the gallery.

- Chinese search works in the browser (SearchChineseEnglishStemmer).
- Every page links its twin in the other language: en/NAME.html <-> zh/NAME.html (the header's button).
- Every lesson page (NN_name) has a button that opens the notebook live, built from `bp_launch`
  (site/launch.toml), a web address with {notebook} in it.
- Lessons 03 and 07 get their interactive parts below the widget cell, whose output a page cannot show
  without a kernel: the HTML that scripts/site wrote from bpcore's pictures (`bp_snippets`).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx import search
from sphinx.search.zh import SearchChinese
from sphinx.util import logging

logger = logging.getLogger(__name__)

LESSON = re.compile(r"^\d\d_[a-z0-9_]+$")
TWIN = {"en": ("zh", "中文", "这一页的中文版"), "zh": ("en", "English", "This page in English")}
LAUNCH_LABEL = {"en": "Run it live", "zh": "在线运行"}
LAUNCH_TITLE = {"en": "Open this notebook with a live kernel (JupyterHub or Binder)",
                "zh": "在 JupyterHub 或 Binder 中打开这个笔记本并运行"}


def launch_url(template: str, lang: str, pagename: str) -> str:
    """The launch button's address for a lesson: the template with {notebook} filled in."""
    notebook = f"notebooks/{'zh/' if lang == 'zh' else ''}{pagename}.ipynb"
    return template.replace("{notebook}", notebook)


def insert_snippets(app, doctree):
    """Below the widget cell of a lesson in bp_snippets, its interactive HTML."""
    docname = app.env.docname
    if docname not in app.config.bp_snippets:
        return
    pattern, path = app.config.bp_snippets[docname]
    for cell in doctree.findall(nodes.container):
        if "cell" not in cell["classes"]:
            continue
        source = "".join(block.astext() for block in cell.findall(nodes.literal_block))
        if re.search(pattern, source):
            html = Path(path).read_text(encoding="utf-8")
            cell.parent.insert(cell.parent.index(cell) + 1, nodes.raw("", html, format="html"))
            return
    logger.warning(f"no cell matching {pattern!r} in {docname}: its interactive part is missing",
                   location=docname)


def page_context(app, pagename, templatename, context, doctree):
    lang = app.config.bp_lang
    other, label, title = TWIN[lang]
    context["bp_twin_url"] = f"../{other}/{pagename}.html"
    context["bp_twin_lang"] = "zh-CN" if other == "zh" else "en"
    context["bp_twin_label"], context["bp_twin_title"] = label, title
    if LESSON.match(pagename) and app.config.bp_launch:
        context["bp_launch_url"] = launch_url(app.config.bp_launch, lang, pagename)
        context["bp_launch_label"], context["bp_launch_title"] = LAUNCH_LABEL[lang], LAUNCH_TITLE[lang]


def check_launch(app, config):
    if config.bp_launch and "{notebook}" not in config.bp_launch:
        logger.warning("site/launch.toml: `launch` must contain {notebook}, the notebook's path")


class SearchChineseEnglishStemmer(SearchChinese):
    """Sphinx's Chinese search (jieba), whose language_data.js works: Sphinx 9.0.4 ships the English
    stemmer for the Latin words of a Chinese page but names it `ChineseStemmer` in language_data.js
    (`window.Stemmer = ChineseStemmer;`, a ReferenceError on every page); the name is the stemmer's."""

    language_name = "English"


def setup(app):
    search.languages["zh"] = SearchChineseEnglishStemmer
    app.add_config_value("bp_lang", "en", "html")
    app.add_config_value("bp_launch", "", "html")
    app.add_config_value("bp_snippets", {}, "env")
    app.connect("config-inited", check_launch)
    app.connect("doctree-read", insert_snippets)
    app.connect("html-page-context", page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
