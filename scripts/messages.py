"""bpcore's messages for translators: the template bpcore/locale/bpcore.pot and each language's .po.

    python scripts/messages.py extract   # the template, from every tr("...") and N_("...") in bpcore/
    python scripts/messages.py update    # extract, then merge the template into each .po:
                                         #   a new message gets an empty translation, a changed one is marked
                                         #   fuzzy (with its old translation to revise), a removed one goes
    python scripts/messages.py status    # how many messages each language still lacks, and which

The English sentence is the message id (bpcore/language.py).  Babel extracts and merges, with the options
here, which tests/test_language.py uses too; the files carry no line numbers, so that moving code does not
make them stale.  A translator edits bpcore/locale/<language>/LC_MESSAGES/bpcore.po in any text editor or
in Poedit, removes the "fuzzy" flag of each entry revised, and runs
`python -m pytest -n 0 tests/test_language.py`.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bpcore.language import DEFAULT, DOMAIN, LANGUAGES, LOCALE_DIR, catalogue_path  # noqa: E402

TEMPLATE = Path(LOCALE_DIR) / f"{DOMAIN}.pot"
# tr(message, **values) and N_(message): the first argument is the message.
KEYWORDS = {"tr": (1,), "N_": (1,)}
# A comment above a tr() call that starts so goes into the catalogue, for the translator.
COMMENT_TAGS = ("Translators:",)
WRITE = {"width": 110, "include_lineno": False, "ignore_obsolete": True}
HEADER = {
    "project": "bpcore", "version": "0.1.0", "charset": "utf-8", "copyright_holder": "the bpcore authors",
    "msgid_bugs_address": "the project's issues", "language_team": "bpcore", "last_translator": "bpcore",
}
TEMPLATE_COMMENT = """\
# bpcore's messages: the template of each language's catalogue, made
# by `python scripts/messages.py extract` from bpcore's tr("...") and
# N_("...").  Do not edit it: translate in locale/<language>/LC_MESSAGES/.
#"""
PO_COMMENT = """\
# bpcore's messages in {language}.  Each msgid is the English that a
# message says; write its translation in the msgstr below it.  Keep each
# {{placeholder}} as it is (a name in braces, with its format if it has
# one, such as {{off:+.2e}}) and the series' symbols (in_h1, out_o1, δ,
# η, ∂L/∂w1).  A "fuzzy" flag marks a message whose English changed:
# revise its translation, then delete the flag.  New messages arrive by
# `python scripts/messages.py update`; `python -m pytest -n 0
# tests/test_language.py` checks this file (CONTRIBUTING.md, "Every word
# in two languages").
#"""


def extract() -> Catalog:
    """Every message of bpcore's code, in the order the files and their lines give, as a template."""
    template = Catalog(domain=DOMAIN, header_comment=TEMPLATE_COMMENT, **HEADER)
    package = ROOT / "bpcore"
    for path, lineno, message, comments, context in extract_from_dir(
            package, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=COMMENT_TAGS,
            strip_comment_tags=True):
        where = f"bpcore/{Path(path).as_posix()}"
        template.add(message, locations=[(where, lineno)], auto_comments=comments, context=context)
    return template


def read(path: Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def text(catalog: Catalog) -> str:
    """The catalogue as its file would hold it, without its header's dates (which every write changes)."""
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, **WRITE)
    return out.getvalue().decode("utf-8")


def write(path: Path, catalog: Catalog) -> bool:
    """Write `catalog` to `path` unless the file already says the same; return whether it changed."""
    if path.exists() and text(read(path, catalog.locale_identifier)) == text(catalog):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        write_po(f, catalog, **WRITE)
    return True


def translations() -> dict[str, Path]:
    """Each language other than English, and its .po."""
    return {code: Path(catalogue_path(code)) for code in LANGUAGES if code != DEFAULT}


def update() -> None:
    template = extract()
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages"
          f"{' (rewritten)' if write(TEMPLATE, template) else ' (unchanged)'}")
    for code, path in translations().items():
        if path.exists():
            catalog = read(path, code)
        else:
            comment = PO_COMMENT.format(language=f"{LANGUAGES[code]} ({code})")
            catalog = Catalog(locale=code, domain=DOMAIN, fuzzy=False, header_comment=comment, **HEADER)
        catalog.update(template)
        changed = write(path, catalog)
        print(f"{path.relative_to(ROOT)}: {'rewritten' if changed else 'unchanged'}")
    status()


def status() -> None:
    for code, path in translations().items():
        catalog = read(path, code)
        todo = [m for m in catalog if m.id and (not m.string or m.fuzzy)]
        print(f"{code}: {len(todo)} of {len(catalog)} messages to translate or revise")
        for m in todo:
            print(f"  {'fuzzy' if m.fuzzy else 'new  '}  {m.id}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["extract", "update", "status"])
    command = parser.parse_args().command
    if command == "extract":
        template = extract()
        changed = write(TEMPLATE, template)
        print(f"{TEMPLATE.relative_to(ROOT)}: {len(template)} messages{' (rewritten)' if changed else ''}")
    elif command == "update":
        update()
    else:
        status()


if __name__ == "__main__":
    main()
