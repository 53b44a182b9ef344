"""The printable worksheet of issue 23: one PDF for the class, a page per student, and its answer key.

    scripts/worksheet --ids roster.csv [--lang zh] [--out DIR] [--assignment backprop]
    scripts/worksheet --ids alice.smith 张伟 2024_001 [--lang zh] [--out DIR]

Each student's page has the exercise's network with that student's weights, inputs and targets
(bpcore.variant.variant), the table of the eight gradients to fill in by hand to 4 significant digits, the
variant's short code and a QR code of it.  The key has, per student, the gradients by the chain rule to
4 significant digits, the published formula's (wrong on w1...w4, so that a teacher recognises the mistake),
and the forward pass and the error terms to check the working.  Writes DIR/worksheet-<assignment>-<lang>.pdf
and DIR/key-<assignment>-<lang>.pdf (DIR: worksheets/ by default) and prints their paths.

A roster is a CSV file: nbgrader's (a header with an `id` column), one with a `student_id` column, or one
id per line without a header.  --lang zh makes the pages Chinese (bpcore.use_language("zh"), the Chinese
font of bpcore.plots.fonts).
"""

from __future__ import annotations

import argparse
import csv
import logging
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import segno  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

import bpcore  # noqa: E402
from bpcore.language import tr  # noqa: E402
from bpcore.network import WEIGHT_NAMES  # noqa: E402
from bpcore.plots import fonts  # noqa: E402
from bpcore.plots.network import draw_network  # noqa: E402
from bpcore.variant import (  # noqa: E402
    ASSIGNMENT,
    PAGE,
    WORKSHEET_ERRORS,
    Variant,
    key,
    significant,
    variant,
)

A4 = (8.27, 11.69)  # inches, portrait
LEFT, RIGHT = 0.07, 0.93  # the text's margins, in figure fractions
ROW = 0.027  # a table row's height, in figure fractions
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")
CLOSING = set("，。；：、）》」！？%")  # never at the start of a line


def given(v: float) -> str:
    """A given weight, input or target: two decimals, the grid's (−0.15, 0.32)."""
    return f"{v + 0.0:.2f}"


def width(text: str) -> int:
    """The printed width of `text` in Latin letters: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, columns: int) -> list[str]:
    """`text` in lines of at most `columns` (by `width`): broken at spaces, or between Chinese characters."""
    tokens = re.findall(CJK.pattern + r"|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|\s+", text)
    lines, line = [], ""
    for token in tokens:
        if line and width(line + token.rstrip()) > columns and token not in CLOSING:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return lines + [line.rstrip()] if line.strip() else lines


def paragraph(fig, y: float, text: str, size: float = 10, columns: int = 92) -> float:
    """`text` wrapped at the left margin from height y down; returns the height below it."""
    for line in wrap(text, columns):
        fig.text(LEFT, y, line, fontsize=size, va="top")
        y -= size / 72 * 1.45 / A4[1]
    return y


def qr_text(v: Variant) -> str:
    """What a page's QR code says: the variant's assignment, short code and student id."""
    return f"bpcore.variant:{v.assignment}:{v.code}:{v.student_id}"


def header(fig, v: Variant, title: str, page: int, pages: int) -> None:
    """The title, the student, the variant's code and QR code, and the page's footer."""
    fig.text(LEFT, 0.965, title, fontsize=16, va="top")
    fig.text(LEFT, 0.935, tr(PAGE["student"], student=v.student_id), fontsize=12, va="top")
    fig.text(LEFT, 0.912, tr(PAGE["code"], code=v.code), fontsize=12, va="top")
    ax = fig.add_axes((0.81, 0.885, 0.12, 0.085))
    rows = [list(row) for row in segno.make(qr_text(v), error="m").matrix_iter(border=2)]
    ax.imshow(rows, cmap="gray_r", interpolation="nearest")
    ax.set_aspect("equal")
    ax.axis("off")
    fig.text(0.87, 0.878, v.code, fontsize=9, ha="center", va="top", family="monospace")
    fig.text(LEFT, 0.025, tr(PAGE["rule"], student=v.student_id, assignment=v.assignment, draw=v.draw),
             fontsize=7.5, color="#555555")
    fig.text(RIGHT, 0.025, tr(PAGE["page"], page=page, pages=pages), fontsize=7.5, ha="right",
             color="#555555")


def network(fig, v: Variant, box) -> None:
    """The network with the variant's weights on its edges, its inputs on the left, its targets on the
    right."""
    ax = fig.add_axes(box)
    draw_network(v.w, ax=ax)
    for text in ax.texts:
        name = (text.get_gid() or "").removeprefix("label-")
        if name in WEIGHT_NAMES:
            text.set_text(f"{name} = {given(getattr(v.w, name))}")
            text.set_fontsize(10)
    for k, (xk, yk) in enumerate(zip(v.x, v.y), start=1):
        row = 2 - k  # x1, o1 on the top row (1), x2, o2 below (0)
        ax.text(-0.2, row, f"x{k} = {given(xk)}", ha="right", va="center", fontsize=11, gid=f"x{k}")
        ax.text(2.2, row, f"y{k} = {given(yk)}", ha="left", va="center", fontsize=11, gid=f"y{k}")
    ax.set_xlim(-1.05, 3.05)
    ax.set_ylim(-0.3, 1.3)


FORMULAS = ("in_h1 = w1·x1 + w3·x2,   in_h2 = w2·x1 + w4·x2,   out_h = σ(in_h)",
            "in_o1 = w5·out_h1 + w7·out_h2,   in_o2 = w6·out_h1 + w8·out_h2,   out_o = σ(in_o)")


def table(fig, top: float, columns: list[tuple[float, str]], rows: list[list[str]]) -> float:
    """A table from height `top` down: a header row, then one row per list; columns are (left, heading).
    A column with no cells in the rows is left blank, to write in.  Returns the height below it."""
    line = dict(color="#333333", linewidth=0.6)
    y = top
    for x, heading in columns:
        fig.text(x + 0.01, y - ROW / 2, heading, fontsize=10, va="center", color="#333333")
    for cells in rows:
        y -= ROW
        fig.add_artist(plt.Line2D([LEFT, RIGHT], [y, y], **line))
        for (x, _), cell in zip(columns, cells):
            fig.text(x + 0.01, y - ROW / 2, cell, fontsize=11, va="center")
    y -= ROW
    fig.add_artist(plt.Line2D([LEFT, RIGHT], [y, y], **line))
    fig.add_artist(plt.Line2D([LEFT, RIGHT], [top, top], **line))
    for x, _ in columns[1:]:
        fig.add_artist(plt.Line2D([x, x], [top, y], **line))
    for x in (LEFT, RIGHT):
        fig.add_artist(plt.Line2D([x, x], [top, y], **line))
    return y


def worksheet_page(v: Variant, page: int, pages: int):
    """A student's page: the network, the task, and the table to fill in by hand."""
    fig = plt.figure(figsize=A4)
    header(fig, v, tr(PAGE["title"]), page, pages)
    y = paragraph(fig, 0.86, tr(PAGE["network"]))
    x1, x2, y1, y2 = map(given, (*v.x, *v.y))
    y = paragraph(fig, y, tr(PAGE["given"], x1=x1, x2=x2, y1=y1, y2=y2))
    network(fig, v, (0.05, y - 0.25, 0.90, 0.24))
    y -= 0.26
    for formula in FORMULAS:
        y = paragraph(fig, y, formula)
    y = paragraph(fig, y, tr(PAGE["loss"]))
    y = paragraph(fig, y - 0.008, tr(PAGE["task"]), size=11, columns=84)
    y = paragraph(fig, y, tr(PAGE["digits"]), size=11, columns=84)
    columns = [(LEFT, tr(PAGE["weight"])), (0.20, tr(PAGE["value"])), (0.36, tr(PAGE["your answer"]))]
    rows = [[n, given(w)] for n, w in zip(WEIGHT_NAMES, v.w)]
    y = table(fig, y - 0.01, columns, rows)
    fig.text(LEFT + 0.01, y - 0.012, tr(PAGE["working"]), fontsize=10, va="top", color="#333333")
    fig.add_artist(plt.Rectangle((LEFT, 0.045), RIGHT - LEFT, y - 0.055, fill=False, linewidth=0.6,
                                 edgecolor="#999999"))
    return fig


def key_page(v: Variant, page: int, pages: int):
    """The teacher's page of a student: the gradients by the chain rule and by the published formula, and
    the forward pass and the δ's to check the working."""
    fig = plt.figure(figsize=A4)
    header(fig, v, tr(PAGE["key title"]), page, pages)
    fig.text(LEFT, 0.889, tr(PAGE["teacher only"]), fontsize=12, va="top", color="#8e1b10")
    x1, x2, y1, y2 = map(given, (*v.x, *v.y))
    y = paragraph(fig, 0.85, tr(PAGE["key given"], x1=x1, x2=x2, y1=y1, y2=y2))
    network(fig, v, (0.10, y - 0.23, 0.80, 0.22))
    y -= 0.24
    k = key(v)
    columns = [(LEFT, tr(PAGE["weight"])), (0.20, tr(PAGE["value"])), (0.33, tr(PAGE["chain rule"])),
               (0.55, tr(PAGE["published"])), (0.77, "")]
    rows = []
    for i, name in enumerate(WEIGHT_NAMES):
        wrong = "✗ " + tr(PAGE["wrong"]) if i < 4 else ""
        rows.append([name, given(v.w[i]), significant(k.grads[i]), significant(k.published[i]),
                     wrong])
    y = table(fig, y, columns, rows)
    y = paragraph(fig, y - 0.012, tr(PAGE["published note"]), columns=92)
    y = paragraph(fig, y - 0.006, tr(PAGE["accept"]), columns=92)
    y = paragraph(fig, y - 0.014, tr(PAGE["intermediate"]), size=11)
    f = k.forward
    left = [("in_h1", f.in_h1), ("out_h1", f.out_h1), ("in_h2", f.in_h2), ("out_h2", f.out_h2),
            ("in_o1", f.in_o1), ("out_o1", f.out_o1), ("in_o2", f.in_o2), ("out_o2", f.out_o2)]
    right = [("L", k.loss), ("δ_o1", k.deltas[0]), ("δ_o2", k.deltas[1]), ("δ_h1", k.deltas[2]),
             ("δ_h2", k.deltas[3])]
    for column, (x, pairs) in enumerate(((LEFT, left), (0.5, right))):
        for j, (name, value) in enumerate(pairs):
            fig.text(x + 0.01, y - 0.006 - j * ROW * 0.85, f"{name} = {significant(value)}", fontsize=10.5,
                     va="top", gid=f"{column}-{name}")
    return fig


def read_ids(given_ids: list[str]) -> list[str]:
    """The ids given, or read from a roster: one argument naming an existing .csv (or .txt) file."""
    roster = given_ids[0] if len(given_ids) == 1 else ""
    if roster.lower().endswith((".csv", ".txt")) and Path(roster).is_file():
        with open(given_ids[0], newline="", encoding="utf-8-sig") as f:
            rows = [row for row in csv.reader(f) if row and any(cell.strip() for cell in row)]
        head = [cell.strip().lower() for cell in rows[0]] if rows else []
        for column in ("id", "student_id"):
            if column in head:
                i = head.index(column)
                return [row[i].strip() for row in rows[1:] if len(row) > i and row[i].strip()]
        return [row[0].strip() for row in rows if row[0].strip()]
    return given_ids


def write(ids: list[str], out: Path, lang: str, assignment: str = ASSIGNMENT) -> tuple[Path, Path]:
    """The class's worksheet and key, a page per student, in `lang`; returns their paths."""
    spoken = bpcore.language.language()
    bpcore.use_language(lang)
    variants = [variant(i, assignment) for i in ids]
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / f"worksheet-{assignment}-{lang}.pdf", out / f"key-{assignment}-{lang}.pdf")
    # Chinese characters in either language: a Chinese class's words, and a student's Chinese name anywhere
    try:
        with matplotlib.rc_context({"font.family": fonts.families("zh")}):
            for path, page in zip(paths, (worksheet_page, key_page)):
                metadata = {"Title": path.stem, "Creator": "bpcore scripts/worksheet", "CreationDate": None}
                with PdfPages(path, metadata=metadata) as pdf:
                    for n, v in enumerate(variants, start=1):
                        fig = page(v, n, len(variants))
                        pdf.savefig(fig)
                        plt.close(fig)
    finally:
        bpcore.use_language(spoken)  # a caller in Python (the tests) speaks on as before
    return paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids", nargs="+", required=True, help="student ids, or one roster .csv file")
    parser.add_argument("--lang", choices=sorted(bpcore.language.LANGUAGES), default="en")
    parser.add_argument("--out", type=Path, default=Path("worksheets"))
    parser.add_argument("--assignment", default=ASSIGNMENT,
                        help="backprop (backprop_zh's numbers are the same): the worksheet's numbers are "
                             "those of assignment 1's notebook")
    args = parser.parse_args(argv)
    # matplotlib's Type 3 fonts keep the PDF's text extractable (pdftotext), Chinese included; a Type 42
    # Noto Sans SC (CFF outlines) makes poppler warn.  draw_network's bold unit names have no bold Chinese
    # face: matplotlib says so once per page and takes the regular face, which has no Chinese to draw there.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    for error in errors(args):
        parser.error(error)
    for path in write(read_ids(args.ids), args.out, args.lang, ASSIGNMENT):
        print(path)


def errors(args) -> list[str]:
    """What is wrong with the arguments, said in the language of --lang (empty: nothing)."""
    spoken = bpcore.language.language()
    bpcore.use_language(args.lang)
    try:
        if args.assignment not in (ASSIGNMENT, f"{ASSIGNMENT}_zh"):  # backprop_zh's numbers are backprop's
            return [tr(WORKSHEET_ERRORS["assignment"], value=args.assignment)]
        roster = args.ids[0] if len(args.ids) == 1 else ""
        if roster.lower().endswith((".csv", ".txt")) and not Path(roster).is_file():
            return [tr(WORKSHEET_ERRORS["no roster"], path=roster)]
        blank = [i for i in args.ids if not i.strip()]
        if blank:
            return [tr(WORKSHEET_ERRORS["blank id"], value=blank[0])]
        if not read_ids(args.ids):
            return [tr(WORKSHEET_ERRORS["no ids"])]
        return []
    finally:
        bpcore.use_language(spoken)


if __name__ == "__main__":
    main()
