"""The class report: after `nbgrader autograde`, what the class got right and wrong, for the teacher.

    cd classroom && python -m bpcore.grading.report backprop                 # report.html and report.csv
    python -m bpcore.grading.report backprop_zh --language zh --out reports/  # in Chinese

It reads the points from nbgrader's gradebook (gradebook.db) and the named mistakes and copied variants
from the autograded notebooks, autograded/<student>/<assignment>/*.ipynb: each test cell displays its
verdict as JSON (bpcore.grading.feedback.VERDICT_MIME; {"part", "title", "passed", "mistakes",
"variant_of", "student_id"}).  A test cell without one counts as "no verdict".  It writes
- report.html, one page with nothing to fetch: per mistake how many students made it ("published formula:
  12 of 58"), per part a histogram of the points, the pairs whose numbers are another student's variant,
  and per student the points of each part and the mistakes named;
- report.csv, a row per student: student_id, total, max_score, the points of each part (by its key,
  "backprop.hidden"), the mistakes (codes, ";" between them) and whose variant their numbers are.
"""

from __future__ import annotations

import argparse
import csv
import html
import os
from dataclasses import dataclass, field

import nbformat

from ..language import N_, tr, use_language
from . import parts
from .feedback import is_test_cell, verdicts
from .hand import COPIED

# The mistakes' short names (the codes of bpcore/grading/mistakes.py and the checks), as a teacher reads them.
MISTAKES = {
    "published formula": N_("published formula"), "flipped sign": N_("flipped sign in δ_o"),
    "missing hidden σ′": N_("missing hidden σ′"), "swapped w2/w3": N_("w2 and w3 swapped"),
    "loss without ½": N_("loss without ½"), "worked example's globals": N_("worked example's globals"),
    "missing sigmoid": N_("missing sigmoid"), "climbs": N_("steps up the gradient"),
    "records after": N_("loss recorded after the update"), "no update": N_("weights never updated"),
    "ignores lr": N_("lr ignored"), "float32": N_("float32"), "outside no_grad": N_("update outside no_grad"),
    "not in place": N_("weight replaced, not updated in place"),
    "accumulated gradients": N_("gradients never zeroed"),
    COPIED: N_("numbers of another student’s variant"),
}
NO_VERDICT = "no verdict"


@dataclass
class Student:
    """One student's submission: points per part (grade id -> score), mistakes named, whose variant."""

    student_id: str
    scores: dict = field(default_factory=dict)
    mistakes: list = field(default_factory=list)  # codes, in the order first named
    variant_of: list = field(default_factory=list)  # other students' ids
    no_verdict: list = field(default_factory=list)  # grade ids of test cells that displayed no verdict

    @property
    def total(self) -> float:
        return sum(self.scores.values())


def ordered(grade_ids) -> list[str]:
    """Grade ids in the order of bpcore.grading.parts.PARTS (the assignments' order), others after."""
    known = list(parts.PARTS)
    return sorted(grade_ids, key=lambda g: (known.index(g) if g in known else len(known), g))


def read_gradebook(course: str, assignment: str):
    """({grade id: max score}, {student id: Student with scores}) from course/gradebook.db."""
    from nbgrader.api import Gradebook, MissingEntry  # noqa: PLC0415 (the teacher's, not the student's)

    maxima, students, db = {}, {}, os.path.join(course, "gradebook.db")
    if not os.path.isfile(db):  # (nbgrader would make an empty one)
        raise SystemExit(tr("No {db}: run this in the course folder (or give --course) after "
                            "`nbgrader autograde`.", db=db))
    with Gradebook(f"sqlite:///{db}") as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            unknown = tr("{db} knows no assignment {assignment}.", db=db, assignment=assignment)
            raise SystemExit(unknown) from None
        for notebook in gb.find_assignment(assignment).notebooks:
            for cell in notebook.grade_cells:
                maxima[cell.name] = cell.max_score
        for submission in gb.find_assignment(assignment).submissions:
            student = students.setdefault(submission.student.id, Student(submission.student.id))
            for nb in submission.notebooks:
                for grade in nb.grades:
                    student.scores[grade.name] = grade.score
    return {g: maxima[g] for g in ordered(maxima)}, students


def read_verdicts(course: str, assignment: str, student: Student) -> None:
    """The verdicts of the student's autograded notebooks: mistakes, variant_of, test cells without one."""
    folder = os.path.join(course, "autograded", student.student_id, assignment)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".ipynb")) if os.path.isdir(folder) else []
    for name in names:
        nb = nbformat.read(os.path.join(folder, name), as_version=4)
        for cell in nb.cells:
            if not is_test_cell(cell):
                continue
            said = verdicts(cell)
            if not said:
                student.no_verdict.append(cell.metadata.nbgrader.get("grade_id", ""))
            for verdict in said:
                for code in verdict.get("mistakes") or ():
                    if code not in student.mistakes:
                        student.mistakes.append(code)
                other = verdict.get("variant_of")
                if other and other != student.student_id and other not in student.variant_of:
                    student.variant_of.append(other)


def read_class(course: str, assignment: str):
    maxima, students = read_gradebook(course, assignment)
    for student in students.values():
        read_verdicts(course, assignment, student)
    return maxima, [students[s] for s in sorted(students)]


def mistake_counts(students) -> list[tuple[str, int]]:
    """(mistake code, how many students made it), most made first; NO_VERDICT last, for those without."""
    counts: dict[str, int] = {}
    for s in students:
        for code in s.mistakes:
            counts[code] = counts.get(code, 0) + 1
    made = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    without = sum(1 for s in students if s.no_verdict)
    return made + ([(NO_VERDICT, without)] if without else [])


def mistake_name(code: str) -> str:
    if code == NO_VERDICT:
        return tr("no verdict (a test cell that displayed none)")
    return tr(MISTAKES[code]) if code in MISTAKES else code


def buckets(scores, top: float) -> list[tuple[str, int]]:
    """The histogram of `scores` out of `top`: a bar per whole point 0..top (top <= 10, a whole number),
    else five bars of a fifth each; each (label, count)."""
    if top == int(top) and top <= 10:
        edges = [float(k) for k in range(int(top) + 1)]
        labels = [f"{k:g}" for k in edges]
    else:
        edges = [top * k / 5 for k in range(5)]
        labels = [f"≥{e:g}" for e in edges]
    counts = [0] * len(edges)
    for score in scores:
        counts[max(k for k, e in enumerate(edges) if score >= e - 1e-9)] += 1
    return list(zip(labels, counts))


def svg_histogram(bars, label: str) -> str:
    """Bars as inline SVG, each with its count above it and its points below."""
    # a bar wide enough for its label ("≥7.2" of a total's fifths needs more than a whole point's "3")
    width = max([26] + [7 * len(name) + 10 for name, _ in bars])
    height, most = 60, max([c for _, c in bars] + [1])
    body = []
    for k, (name, count) in enumerate(bars):
        h = round(height * count / most)
        x = 4 + k * width
        mid = x + (width - 6) / 2
        body.append(f'<rect x="{x}" y="{14 + height - h}" width="{width - 6}" height="{h}" fill="#4a7ab8"/>'
                    f'<text x="{mid}" y="{10 + height - h}" text-anchor="middle">{count}</text>'
                    f'<text x="{mid}" y="{height + 28}" text-anchor="middle">{html.escape(name)}</text>')
    return (f'<svg role="img" aria-label="{html.escape(label)}" width="{8 + len(bars) * width}" '
            f'height="{height + 34}" font-size="11" font-family="sans-serif">{"".join(body)}</svg>')


def write_csv(path: str, maxima, students) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["student_id", "total", "max_score", *(parts.key(g) for g in maxima), "mistakes",
                      "variant_of", "no_verdict"])
        for s in students:
            out.writerow([s.student_id, f"{s.total:g}", f"{sum(maxima.values()):g}",
                          *(f"{s.scores[g]:g}" if g in s.scores else "" for g in maxima),
                          ";".join(s.mistakes), ";".join(s.variant_of),
                          ";".join(parts.key(g) for g in s.no_verdict)])


STYLE = """body{font-family:sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
td.n{text-align:right;white-space:nowrap}.parts{display:flex;flex-wrap:wrap;gap:1.5em}.part{min-width:200px}
.copy{color:#a40000}.muted{color:#777}"""


def html_report(assignment: str, maxima, students, code: str) -> str:
    """The report as one HTML page, in the language bpcore speaks (`code`, for the titles of the parts)."""
    n, top, e = len(students), sum(maxima.values()), html.escape
    title = tr("Class report: {assignment}", assignment=assignment)
    lang = "zh-CN" if code == "zh" else "en"
    out = [f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">',
           f"<title>{e(title)}</title><style>{STYLE}</style></head><body><h1>{e(title)}</h1>",
           "<p>" + e(tr("{n} students handed it in; {top:g} points in all.", n=n, top=top)) + "</p>",
           "<h2>" + e(tr("Mistakes: how many students made each")) + "</h2>"]
    counted = [tr("{mistake}: {k} of {n}", mistake=mistake_name(c), k=k, n=n)
               for c, k in mistake_counts(students)]
    none = tr("No mistake was named.")
    out.append("<ul>" + "".join(f"<li>{e(said)}</li>" for said in counted) + "</ul>" if counted
               else f"<p>{e(none)}</p>")
    out.append("<h2>" + e(tr("Points per part")) + '</h2><div class="parts">')
    for g, most in [*maxima.items(), ("", top)]:
        name = parts.title(g, code) if g else tr("Total")
        scores = [s.scores.get(g, 0.0) for s in students] if g else [s.total for s in students]
        mean = sum(scores) / len(scores) if scores else 0.0
        said = tr("{part}: mean {mean:.1f} of {top:g}", part=name, mean=mean, top=most)
        picture = svg_histogram(buckets(scores, most), said)
        out.append(f'<div class="part"><b>{e(name)}</b><br>{picture}</div>')
    out.append("</div><h2>" + e(tr("Numbers of another student")) + "</h2>")
    copies = [tr("{student} handed in the numbers of {other}’s variant", student=s.student_id, other=other)
              for s in students for other in s.variant_of]
    out.append("<ul>" + "".join(f'<li class="copy">{e(said)}</li>' for said in copies) + "</ul>" if copies
               else "<p>" + e(tr("None.")) + "</p>")
    heads = [tr("Student"), *(parts.title(g, code) for g in maxima), tr("Total"), tr("Mistakes named")]
    out.append("<h2>" + e(tr("Students")) + "</h2><table><tr>" + "".join(f"<th>{e(h)}</th>" for h in heads)
               + "</tr>")
    for s in students:
        out.append("<tr>" + "".join(student_cells(s, maxima, code)) + "</tr>")
    out.append("</table></body></html>")
    return "\n".join(out)


def student_cells(s: Student, maxima, code: str) -> list[str]:
    """A student's row of the table: id, points of each part, total, mistakes named."""
    # a copy is named with whose variant it is, below, rather than as the bare mistake
    named = [mistake_name(c) for c in s.mistakes if not (c == COPIED and s.variant_of)]
    named += [tr("numbers of {other}’s variant", other=o) for o in s.variant_of]
    comma = "、" if code == "zh" else ", "
    if s.no_verdict:
        named.append(tr("no verdict: {part}", part=comma.join(parts.title(g, code) for g in s.no_verdict)))
    points = [f'<td class="n">{s.scores[g]:g} / {most:g}</td>' if g in s.scores else "<td></td>"
              for g, most in maxima.items()]
    total = f'<td class="n"><b>{s.total:g}</b> / {sum(maxima.values()):g}</td>'
    return [f"<td>{html.escape(s.student_id)}</td>", *points, total,
            f"<td>{html.escape(comma.join(named))}</td>"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bpcore.grading.report", description=(
        "After `nbgrader autograde ASSIGNMENT`, in the course folder: report.html and report.csv, "
        "the class's points per part, mistakes and copied variants."))
    parser.add_argument("assignment")
    parser.add_argument("--course", default=".", help="the nbgrader course folder (default: here)")
    parser.add_argument("--out", default=None, help="the folder to write into (default: reports/ASSIGNMENT)")
    parser.add_argument("--language", choices=["en", "zh"], default="en", help="the report's language")
    args = parser.parse_args(argv)
    use_language(args.language)
    maxima, students = read_class(args.course, args.assignment)
    out = args.out or os.path.join(args.course, "reports", args.assignment)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "report.html"), "w", encoding="utf-8") as f:
        f.write(html_report(args.assignment, maxima, students, args.language))
    write_csv(os.path.join(out, "report.csv"), maxima, students)
    written = tr("Wrote {html} and {csv}: {n} students.", html=os.path.join(out, "report.html"),
                 csv=os.path.join(out, "report.csv"), n=len(students))
    print(written)


if __name__ == "__main__":
    main()
