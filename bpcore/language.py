"""The language bpcore speaks: English (the default) or Chinese, chosen once at the top of a notebook.

    import bpcore
    bpcore.use_language("zh")

Every sentence bpcore prints, draws or raises is written in English in the code, inside tr(), with its
numbers and names as named placeholders:

    print(tr("✓ {label} = {value} is right.", label=label, value=_show(value)))

The English sentence is the message id of a gettext catalogue, bpcore/locale/<language>/LC_MESSAGES/bpcore.po,
which a translator edits without reading code.  A sentence written once, at import, and said later (a table
of hints) is marked N_("...") where it is written and passed through tr() where it is said.  In a message,
braces are placeholders ({{ and }} are a literal brace), in English and in every translation alike.
`python scripts/messages.py update` extracts the messages into the template bpcore/locale/bpcore.pot and
merges it into each .po; tests/test_language.py fails on a message without a translation, a translation whose
placeholders differ, a stale or fuzzy entry, and a template out of date (CONTRIBUTING.md, "Every word in two
languages").

Plain Python: Babel reads a catalogue on the first message said in a language other than English, so that
`import bpcore` loads neither Babel nor numpy.
"""

from __future__ import annotations

import os

DOMAIN = "bpcore"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")  # os.path: pathlib would slow `import bpcore`
DEFAULT = "en"
# The languages there are, each under its own name: English, and a catalogue in LOCALE_DIR for each other.
LANGUAGES = {"en": "English", "zh": "中文"}

_current = DEFAULT
_catalogues: dict[str, dict[str, str]] = {}


def use_language(code: str) -> None:
    """Speak `code` from now on: "en" (English, the default) or "zh" (中文).

    Everything bpcore prints, draws or raises afterwards is in that language.  Call it once, at the top of a
    notebook, with a string literal.  An unknown language raises a ValueError that names the languages there
    are, in each of them."""
    global _current
    if not isinstance(code, str) or code not in LANGUAGES:
        raise (ValueError if isinstance(code, str) else TypeError)(
            f"unknown language {code!r}: bpcore speaks {_listed(', ', ' and ')}"
            f" / 未知的语言 {code!r}：bpcore 支持 {_listed('、', ' 和 ')}")
    _current = code


def _listed(sep: str, last: str) -> str:
    """The languages there are, listed: "'en' (English) and 'zh' (中文)"."""
    named = [f"{code!r} ({name})" for code, name in LANGUAGES.items()]
    return sep.join(named[:-1]) + last + named[-1]


def language() -> str:
    """The code of the language bpcore speaks now: "en" or "zh"."""
    return _current


def catalogue_path(code: str) -> str:
    """Where the catalogue of `code` is: bpcore/locale/<code>/LC_MESSAGES/bpcore.po."""
    return os.path.join(LOCALE_DIR, code, "LC_MESSAGES", f"{DOMAIN}.po")


def catalogue(code: str) -> dict[str, str]:
    """The translations of `code`, English message id to translation, read from its .po on first use.

    An entry that is untranslated or marked fuzzy (its English changed since it was translated) is left out,
    so that message is said in English, as gettext does; tests/test_language.py keeps there being none."""
    if code not in _catalogues:
        # Lazy: Babel takes a tenth of a second to import, and only a language other than English needs it.
        from babel.messages.pofile import read_po  # noqa: PLC0415

        with open(catalogue_path(code), "rb") as f:
            po = read_po(f, locale=code, domain=DOMAIN)
        _catalogues[code] = {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}
    return _catalogues[code]


def tr(message: str, /, **values) -> str:
    """`message` (English, a message id) in the language bpcore speaks, its {placeholders} filled by `values`.

    tr("{name} must be > 0, got {value}", name="eps", value=-1.0) is "eps must be > 0, got -1.0" in English
    and "eps 必须 > 0，而传入的是 -1.0" in Chinese.  A message still without a translation is said in
    English."""
    text = message if _current == DEFAULT else catalogue(_current).get(message, message)
    return text.format(**values)


def N_(message: str) -> str:
    """Mark `message` for translation where it is written, at import (a table of hints), and return it as it
    is: tr() translates it where it is said.  (gettext's name for this marker.)"""
    return message
