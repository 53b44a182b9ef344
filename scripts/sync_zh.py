"""Keep the Chinese edition, notebooks/zh/NN_name.ipynb, in step with the English notebooks/NN_name.ipynb.

    python scripts/sync_zh.py                       # = status, for every notebook
    python scripts/sync_zh.py status [NB ...]       # what is stale, untranslated or out of step, and why
    python scripts/sync_zh.py build [NB ...]        # (re)build twins from the English, then execute them
    python scripts/sync_zh.py accept NB CELL [...]  # after revising a translation: record its English hash

NB is a notebook's number or name: `04`, `04_gradient_descent.ipynb`, or either edition's path.
CELL is a cell's index in the notebook (0 = the first cell, as `status` and the test print it).

How the twins stay in step:
- A twin has the English notebook's cells, in the same order, with the same cell ids and tags.
- A translated markdown cell records the SHA-256 of the English cell it translates, in its metadata
  (`"i18n": {"en_sha256": ...}`). When the English cell changes, the hashes differ: the translation
  is stale. A cell without the hash is untranslated (`build` leaves the English text there, under the
  visible marker 待翻译).
- A code cell is the English code. Only comments and the text of string literals may differ, so code
  is compared with both masked (`masked_code`: through `ast`; an f-string keeps its expressions and
  format specs, only its literal text is masked). nbval markers (`# NBVAL_...`) must agree too.
- The language is chosen once, in the first code cell: `bpcore.use_language("en")` in the English,
  `bpcore.use_language("zh")` in the twin, a string literal like any other.
- A code cell with the same code prints the same thing in another language (`same_output`): the same
  kinds of output in the same order (streams, errors and their exception class, displays and their
  MIME types, as many images), and in its text the same numbers in the same order (`numbers`). The
  words may differ, since bpcore and the cell's translated strings speak Chinese; a changed number, a
  value printed in another place, a missing figure or a new error is a code change and is named.

`build` carries over every translation whose English hash still matches, keeps a Chinese code cell
(with its translated comments and strings) while its masked code equals the English, takes the English
code otherwise, marks new markdown cells 待翻译 and stale ones 待更新, and executes the twin with
scripts/execute_notebooks.py. `status` shows, for a stale cell, how its English changed, found in git
history. tests/test_zh_twins.py fails on every problem `status` reports.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import io
import json
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
EN_DIR = ROOT / "notebooks"
ZH_DIR = EN_DIR / "zh"
KEY = "i18n"  # cell metadata: {"en_sha256": hash of the English markdown cell this one translates}
UNTRANSLATED = "> **待翻译** (to be translated: the English text follows)\n\n"
OUTDATED = ("> **待更新** (the English has changed since this translation: "
            "`python scripts/sync_zh.py status`)\n\n")
MASK = "…"
NBVAL_MARKER = re.compile(r"#\s*(NBVAL_\w+)")
TEXT_OUTPUTS = ("text/plain", "text/html", "text/latex", "text/markdown")


def en_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


# --- code, with comments and string literals masked ---------------------------------------------

class _MaskStrings(ast.NodeTransformer):
    def visit_Constant(self, node):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(MASK), node)
        return node

    def visit_JoinedStr(self, node):
        # An f-string's literal text may be translated (and its pieces reordered around the
        # expressions); its expressions, conversions and format specs decide what is computed
        # and how a number prints, so they are kept. Strings inside an expression are masked.
        fields = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                part.value = self.visit(part.value)
                fields.append(part)
        node.values = fields
        return node


def python_source(source: str) -> str:
    """A code cell as plain Python: IPython's %magics and !commands turned into calls."""
    if re.search(r"^\s*[%!]", source, re.M):
        from IPython.core.inputtransformer2 import TransformerManager

        return TransformerManager().transform_cell(source)
    return source


def masked_code(source: str) -> str:
    """The code of a cell with its comments and the text of its string literals masked.

    Two cells have the same code exactly when their masked codes are equal. Comments vanish in
    the syntax tree; strings become "…". Returned as ast.unparse text, so a difference can be shown.
    """
    tree = ast.parse(python_source(source))
    return ast.unparse(_MaskStrings().visit(tree))


def nbval_markers(source: str) -> list[str]:
    """The cell's nbval comment markers (NBVAL_IGNORE_OUTPUT, ...), which decide how nbval treats it."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return NBVAL_MARKER.findall(source)
    return [m for t in tokens if t.type == tokenize.COMMENT for m in NBVAL_MARKER.findall(t.string)]


def same_code(en_source: str, zh_source: str) -> bool:
    try:
        return (masked_code(en_source) == masked_code(zh_source)
                and nbval_markers(en_source) == nbval_markers(zh_source))
    except SyntaxError:
        return en_source == zh_source


# A number as printed: a sign glued to it, digits with decimals, thousands commas or an exponent. Not the
# digits of a name (w5, out_o1, float32; 1e-15's "e" is part of the number), so no letter just before it,
# unless it is the x of a size (640x480).
NUMBER = re.compile(r"(?:(?<![A-Za-z_\d.])|(?<=\dx))[+\-]?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][+\-]?\d+)?")
LANGUAGE_CALL = re.compile(r"""\bbpcore\.use_language\(\s*(['"])(\w+)\1\s*\)""")


# A figure's repr: its size in pixels follows its texts where it is cut to fit them (bbox_inches="tight"),
# and Chinese text is not as wide as English, so the size is left out; the number of Axes counts.
FIGURE_SIZE = re.compile(r"<Figure size [\d.]+x[\d.]+ ")


def numbers(text: str) -> list[str]:
    """The numbers in printed text, in order, as printed: "L = 0.298371 after 第9轮" -> ["0.298371", "9"].

    The minus sign U+2212 counts as "-"; "10,000" is one number.  Words, in any language, are left out, and
    so is a figure's size in its repr ("<Figure size 640x480 with 1 Axes>" gives ["1"])."""
    return NUMBER.findall(FIGURE_SIZE.sub("<Figure ", text).replace("\u2212", "-"))


def output_shape(cell) -> list[tuple]:
    """What kinds of output a code cell made, in order: ("stream", "stdout"), ("error", "ValueError"),
    ("display_data", ("image/png", "text/plain")), ...  A translation leaves it as it is."""
    shape = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            shape.append(("stream", o.name))
        elif o.output_type == "error":
            shape.append(("error", o.ename))
        else:
            shape.append((o.output_type, tuple(sorted(o.get("data", {})))))
    return shape


def printed_text(cell) -> str:
    """Every text a code cell printed or displayed (images left out), with its errors' messages."""
    parts = []
    for o in cell.get("outputs", []):
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type == "error":
            parts.append(o.evalue)
        else:
            parts += [o.data[k] for k in TEXT_OUTPUTS if k in o.get("data", {})]
    return "\n".join(parts)


def same_output(en_cell, zh_cell) -> str | None:
    """None when the twin's code cell printed what the English one printed, in its own language;
    otherwise what differs, in a few words.  Same kinds of output in the same order (so as many images)
    and the same numbers in the same order: a translated sentence passes, a changed computation does not."""
    en_shape, zh_shape = output_shape(en_cell), output_shape(zh_cell)
    if en_shape != zh_shape:
        return f"other kinds of output: {zh_shape}, the English {en_shape}"
    en_numbers, zh_numbers = numbers(printed_text(en_cell)), numbers(printed_text(zh_cell))
    if en_numbers != zh_numbers:
        for k, (a, b) in enumerate(zip(en_numbers, zh_numbers)):
            if a != b:
                return f"other numbers: its number {k + 1} is {b}, the English {a}"
        return f"other numbers: {len(zh_numbers)} numbers, the English {len(en_numbers)}"
    return None


def language_of(source: str) -> str | None:
    """The language a cell chooses with bpcore.use_language("..."), or None."""
    found = LANGUAGE_CALL.search(source)
    return found.group(2) if found else None


# --- notebooks and their twins -----------------------------------------------------------------

def english_notebooks() -> list[Path]:
    """Every numbered English notebook, notebooks/NN_name.ipynb."""
    return sorted(p for p in EN_DIR.glob("*.ipynb") if re.match(r"\d\d_", p.name))


def twin(en_path: Path) -> Path:
    return ZH_DIR / en_path.name


def resolve(name: str) -> Path:
    """`04`, `04_gradient_descent.ipynb`, notebooks/04_... or notebooks/zh/04_...: the English notebook."""
    stem = Path(name).name
    matches = [p for p in english_notebooks()
               if p.name == stem or p.name.startswith(f"{stem}_") or p.stem == stem]
    if len(matches) != 1:
        raise SystemExit(f"{name!r}: expected one English notebook in notebooks/ to match, "
                         f"found {len(matches)}")
    return matches[0]


def read(path: Path):
    return nbformat.read(path, as_version=4)


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []))


def recorded_hash(cell) -> str | None:
    return cell.metadata.get(KEY, {}).get("en_sha256")


def describe(cell, index: int) -> str:
    markers = (UNTRANSLATED.strip(), OUTDATED.strip())
    lines = (line.strip() for line in cell.source.splitlines())
    first = next((line for line in lines if line and line not in markers), "")
    return f"cell {index} ({cell.cell_type}, id {cell.get('id', '?')}: {first[:60]!r})"


def problems(en_path: Path, zh_path: Path | None = None, pending: bool = False) -> list[str]:
    """Every way the twin at `zh_path` is out of step with `en_path`, one sentence each, naming the cell.

    With `pending`, untranslated and stale markdown cells are not counted (a twin still to be
    translated); everything else is: cells, order, types, tags, code, outputs of unchanged code.
    """
    zh_path = zh_path or twin(en_path)
    where = f"notebooks/zh/{zh_path.name}"
    if not zh_path.exists():
        return [f"{where}: missing (the Chinese twin of notebooks/{en_path.name}); "
                f"`python scripts/sync_zh.py build {en_path.name}` makes it"]
    en, zh = read(en_path), read(zh_path)
    found = []
    en_ids = [c.get("id") for c in en.cells]
    zh_ids = [c.get("id") for c in zh.cells]
    pairs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, en_ids, zh_ids, autojunk=False).get_opcodes():
        if op == "equal":
            pairs += zip(range(i1, i2), range(j1, j2))
            continue
        for i in range(i1, i2):
            found.append(f"{where}: English {describe(en.cells[i], i)} has no Chinese twin "
                         f"(added in English, or removed or moved in zh)")
        for j in range(j1, j2):
            found.append(f"{where}: {describe(zh.cells[j], j)} has no English original "
                         f"(added in zh, or removed or moved in English)")
    found += language_problems(en, zh, where)
    for i, j in pairs:
        e, z = en.cells[i], zh.cells[j]
        cell = f"{where}: {describe(z, j)}"
        if e.cell_type != z.cell_type:
            found.append(f"{cell} is {z.cell_type}, its English original {e.cell_type}")
            continue
        if tags(e) != tags(z):
            found.append(f"{cell} has tags {tags(z)}, the English {tags(e)}")
        if e.cell_type == "markdown":
            recorded = recorded_hash(z)
            if recorded is None or UNTRANSLATED.strip() in z.source:
                if not pending:
                    found.append(f"{cell} is not translated yet (待翻译; no en_sha256 in its metadata)")
            elif recorded != en_hash(e.source):
                if not pending:
                    found.append(f"{cell}: the English cell changed after its translation (stale); "
                                 f"revise it, then `python scripts/sync_zh.py accept {zh_path.name} {j}`")
            elif OUTDATED.strip() in z.source:
                found.append(f"{cell} still carries the marker 待更新")
        elif e.cell_type == "code":
            if not same_code(e.source, z.source):
                found.append(f"{cell}: the code differs from the English beyond comments and strings:\n"
                             + code_diff(e.source, z.source))
            elif (differs := same_output(e, z)) is not None:
                found.append(f"{cell}: the same code as the English prints something else, beyond its "
                             f"language ({differs}); re-execute both editions with "
                             f"scripts/execute_notebooks.py")
        elif e.source != z.source:
            found.append(f"{cell}: a {e.cell_type} cell must equal its English original")
    return found


def language_problems(en, zh, where: str) -> list[str]:
    """Where the English notebook's first code cell says bpcore.use_language("en"), its twin's says "zh".

    (Every numbered notebook says it: tests/test_zh_twins.py checks; a made-up pair may leave it out.)"""
    found = []
    first_en = next((c for c in en.cells if c.cell_type == "code"), None)
    if first_en is None or language_of(first_en.source) is None:
        return found
    for nb, edition, code in ((en, "the English", "en"), (zh, where, "zh")):
        first = next((c for c in nb.cells if c.cell_type == "code"), None)
        said = language_of(first.source) if first is not None else None
        if said != code:
            found.append(f"{where}: the first code cell of {edition} must choose its language with "
                         f'bpcore.use_language("{code}")' + (f', not "{said}"' if said else ""))
    return found


def code_diff(en_source: str, zh_source: str) -> str:
    def masked(s):
        try:
            return masked_code(s).splitlines()
        except SyntaxError as error:
            return [f"SyntaxError: {error}"]
    diff = difflib.unified_diff(masked(en_source), masked(zh_source), "English (masked)", "zh (masked)",
                                lineterm="")
    return "\n".join("    " + line for line in diff)


def untranslated_cells(zh_path: Path) -> list[int]:
    zh = read(zh_path)
    return [j for j, c in enumerate(zh.cells) if c.cell_type == "markdown"
            and (recorded_hash(c) is None or UNTRANSLATED.strip() in c.source)]


# --- status: with the English change that made a translation stale, from git history ----------

def english_history(en_path: Path, limit=200):
    """The English notebook's committed versions, newest first (none where git is unavailable)."""
    rel = en_path.relative_to(ROOT).as_posix()
    try:
        commits = subprocess.run(["git", "log", f"-{limit}", "--format=%H", "--", rel], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return
    for commit in commits:
        shown = subprocess.run(["git", "show", f"{commit}:{rel}"], cwd=ROOT, capture_output=True, text=True)
        if shown.returncode == 0:
            yield commit, nbformat.reads(shown.stdout, as_version=4)


def committed_code(en_path: Path) -> set[str]:
    """Every code cell's source in every committed version of the English notebook (none outside git)."""
    if not en_path.resolve().is_relative_to(ROOT):
        return set()
    return {c.source for _, nb in english_history(en_path) for c in nb.cells if c.cell_type == "code"}


def translated_english(en_path: Path, cell_id: str, wanted: str) -> str | None:
    """The English text that a stale translation was made from: the committed version of the cell whose
    hash the translation records."""
    for _, nb in english_history(en_path):
        for c in nb.cells:
            if c.cell_type == "markdown" and en_hash(c.source) == wanted and c.get("id") in (cell_id, None):
                return c.source
        for c in nb.cells:  # the cell may have had another id then
            if c.cell_type == "markdown" and en_hash(c.source) == wanted:
                return c.source
    return None


def status(names) -> int:
    paths = [resolve(n) for n in names] or english_notebooks()
    total = 0
    for en_path in paths:
        zh_path = twin(en_path)
        found = problems(en_path, zh_path)
        if not found:
            print(f"notebooks/zh/{zh_path.name}: in step, fully translated")
            continue
        total += len(found)
        print(f"notebooks/zh/{zh_path.name}: {len(found)} to do")
        for line in found:
            print("  " + line)
        if zh_path.exists():
            show_stale_diffs(en_path, zh_path)
    return 1 if total else 0


def show_stale_diffs(en_path: Path, zh_path: Path):
    en, zh = read(en_path), read(zh_path)
    by_id = {c.get("id"): c for c in en.cells}
    for j, z in enumerate(zh.cells):
        e = by_id.get(z.get("id"))
        recorded = recorded_hash(z)
        if z.cell_type != "markdown" or e is None or recorded in (None, en_hash(e.source)):
            continue
        old = translated_english(en_path, z.get("id"), recorded)
        print(f"    cell {j}: how the English changed since it was translated:")
        if old is None:
            print("      (the translated English version is not in git history; compare by eye)")
            continue
        for line in difflib.unified_diff(old.splitlines(), e.source.splitlines(), "translated from",
                                         "English now", lineterm=""):
            print("      " + line)


# --- build -------------------------------------------------------------------------------------

def build(en_path: Path, execute: bool = True) -> Path:
    """Make notebooks/zh/<name> from the English: the English cells, with every translation and
    translated code cell that still fits carried over from the existing twin."""
    en = read(en_path)
    zh_path = twin(en_path)
    old = read(zh_path) if zh_path.exists() else nbformat.v4.new_notebook()
    old_by_id = {c.get("id"): c for c in old.cells}
    by_hash = {}
    for c in old.cells:
        if c.cell_type == "markdown" and recorded_hash(c):
            by_hash.setdefault(recorded_hash(c), c)
    used = set()
    cells = []
    english_code = None  # read from git history only when needed
    for e in en.cells:
        z = old_by_id.get(e.get("id"))
        if z is not None and z.cell_type != e.cell_type:
            z = None
        if e.cell_type == "markdown":
            h = en_hash(e.source)
            if (z is None or recorded_hash(z) != h) and h in by_hash and id(by_hash[h]) not in used:
                z = by_hash[h]  # the same English text elsewhere (a moved cell, or a new id)
            cells.append(_markdown_twin(e, z, h))
        elif e.cell_type == "code":
            keep = z is not None and same_code(e.source, z.source)
            if z is not None and not keep and z.source != e.source:
                english_code = committed_code(en_path) if english_code is None else english_code
                if z.source not in english_code:  # the twin's cell had translated comments or strings
                    print(f"notebooks/zh/{zh_path.name} cell {len(cells)}: the English code changed; the "
                          "cell's translated comments and strings are replaced by the English ones: "
                          "translate them again")
            cells.append(_code_twin(e, z if keep else None))
        else:
            cells.append(nbformat.from_dict(json.loads(json.dumps(e))))
        if z is not None:
            used.add(id(z))
    nb = nbformat.from_dict(json.loads(json.dumps(en)))
    nb.cells = cells
    ZH_DIR.mkdir(exist_ok=True)
    nbformat.write(nb, zh_path)
    if execute:
        sys.path.insert(0, str(ROOT / "scripts"))
        from execute_notebooks import execute as run

        print(f"{zh_path.relative_to(ROOT)}: executed in {run(zh_path):.1f} s")
    return zh_path


def _markdown_twin(e, z, h):
    cell = nbformat.v4.new_markdown_cell()
    cell["id"] = e.get("id")
    cell.metadata = json.loads(json.dumps(e.metadata))
    if z is not None and recorded_hash(z) is not None and UNTRANSLATED.strip() not in z.source:
        cell.source = z.source
        cell.metadata[KEY] = {"en_sha256": recorded_hash(z)}
        if recorded_hash(z) != h and not z.source.startswith(OUTDATED):
            cell.source = OUTDATED + z.source  # stale: kept for revision, marked
        if "attachments" in z:
            cell["attachments"] = z["attachments"]
    else:
        cell.source = UNTRANSLATED + e.source
        if "attachments" in e:
            cell["attachments"] = e["attachments"]
    return cell


def _code_twin(e, z):
    cell = nbformat.from_dict(json.loads(json.dumps(e)))
    if z is not None:
        cell.source = z.source
        if z.source != e.source:
            cell.outputs = z.get("outputs", [])  # translated strings print differently: execute again
    return cell


# --- accept ------------------------------------------------------------------------------------

def accept(name: str, indices: list[int]) -> int:
    en_path = resolve(name)
    zh_path = twin(en_path)
    en, zh = read(en_path), read(zh_path)
    by_id = {c.get("id"): c for c in en.cells}
    for j in indices:
        if not 0 <= j < len(zh.cells):
            raise SystemExit(f"cell {j}: notebooks/zh/{zh_path.name} has cells 0 to {len(zh.cells) - 1}")
        z = zh.cells[j]
        e = by_id.get(z.get("id"))
        if z.cell_type != "markdown" or e is None or e.cell_type != "markdown":
            raise SystemExit(f"cell {j}: not a markdown cell with an English original (see `status`)")
        if UNTRANSLATED.strip() in z.source:
            raise SystemExit(f"cell {j} still reads 待翻译: translate it first (replace the English text)")
        z.source = z.source.removeprefix(OUTDATED)
        z.metadata[KEY] = {"en_sha256": en_hash(e.source)}
        print(f"notebooks/zh/{zh_path.name} cell {j}: translation of the current English recorded")
    nbformat.write(zh, zh_path)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    p = sub.add_parser("status", help="list stale, untranslated and out-of-step cells")
    p.add_argument("notebooks", nargs="*")
    p = sub.add_parser("build", help="(re)build twins from the English, carrying translations over")
    p.add_argument("notebooks", nargs="*")
    p.add_argument("--no-execute", action="store_true",
                   help="leave the outputs to scripts/execute_notebooks.py")
    p = sub.add_parser("accept", help="record the English hash of revised translations")
    p.add_argument("notebook")
    p.add_argument("cells", nargs="+", type=int)
    args = parser.parse_args(argv)
    if args.command in (None, "status"):
        return status(getattr(args, "notebooks", []))
    if args.command == "build":
        for en_path in [resolve(n) for n in args.notebooks] or english_notebooks():
            zh_path = build(en_path, execute=not args.no_execute)
            left = untranslated_cells(zh_path)
            print(f"{zh_path.relative_to(ROOT)}: built; {len(left)} markdown cells to translate"
                  + (f" ({', '.join(map(str, left))})" if left else ""))
        return 0
    return accept(args.notebook, args.cells)


if __name__ == "__main__":
    sys.exit(main())
