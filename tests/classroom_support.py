"""The course in classroom/, run with nbgrader in a temporary copy, for tests/test_classroom.py and the
formgrader's browser test.  Its four assignments: backprop and autograd, and their Chinese versions
backprop_zh and autograd_zh.

nbgrader writes release/, submitted/, autograded/, feedback/ and gradebook.db into the course folder, so
the tests work in a copy and the repository stays clean.  Each command runs as `python -m nbgrader`
from this venv, in the copy, with its Jupyter state in the temporary folder (browser_support.isolated_env,
which also puts this venv's bin/ first on PATH: nbgrader runs `alembic` as a subprocess).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from browser_support import ROOT, isolated_env

COURSE = ROOT / "classroom"
ENGLISH = ("backprop", "autograd")
# The same assignments in Chinese, source/<name>_zh/<name>_zh.ipynb: the same cells, points and grade ids.
CHINESE = tuple(f"{name}_zh" for name in ENGLISH)
ASSIGNMENTS = ENGLISH + CHINESE
GENERATED = ("release", "submitted", "autograded", "feedback", "exchange", "gradebook.db", "grades.csv",
             "reports", "worksheets", "course_secret.txt", ".ipynb_checkpoints", "__pycache__")
SOLUTION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")
SECRET = re.compile(r"^\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)\s*$")  # what students never see


def copy_course(tmp: Path) -> Path:
    """classroom/ without anything generated, copied to tmp/course."""
    course = tmp / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns(*GENERATED))
    return course


def nbgrader(course: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    """One nbgrader command in the course folder, as classroom/README.md gives it; fails with its log."""
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    # nbgrader logs an error in nbgrader_config.py and goes on without the course's settings
    assert "Exception while loading config file" not in done.stderr, done.stderr
    return done


def mathjax(tmp: Path) -> Path | None:
    """MathJax's es5 tex-svg.js, which the feedback pages carry inline (bpcore.grading.feedback): the site's
    install (`npm ci --prefix site`) when it is complete, else the same pinned package installed into tmp,
    so that a test never writes site/node_modules while the site's test may be installing it; None
    without Node's npm."""
    from bpcore.grading.feedback import MATHJAX

    if (ROOT / "site" / "node_modules" / ".package-lock.json").is_file() and Path(MATHJAX).is_file():
        return Path(MATHJAX)
    if shutil.which("npm") is None:
        return None
    prefix = tmp / "mathjax"
    if (prefix / "node_modules" / "mathjax" / "es5" / "tex-svg.js").is_file():  # installed here already
        return prefix / "node_modules" / "mathjax" / "es5" / "tex-svg.js"
    prefix.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(ROOT / "site" / name, prefix / name)
    subprocess.run(["npm", "ci", "--prefix", str(prefix), "--no-audit", "--no-fund"], check=True,
                   capture_output=True, timeout=300)
    return prefix / "node_modules" / "mathjax" / "es5" / "tex-svg.js"


def course_env(tmp: Path) -> dict:
    return isolated_env(tmp / "jupyter-state")


def regions(source: str, marker: re.Pattern = SECRET) -> tuple[list[str], list[str]]:
    """The lines of `source` inside the regions `marker` opens and closes, and the lines outside them."""
    inside, outside, within = [], [], False
    for line in source.splitlines():
        m = marker.match(line)
        if m:
            within = m.group(1) == "BEGIN"
        else:
            (inside if within else outside).append(line)
    return inside, outside


def without_markers(source: str) -> str:
    """A solution cell as a student who solved it would have typed it: the solution, no markers."""
    return "\n".join(line for line in source.splitlines() if not SOLUTION.match(line))


def cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def submit(course: Path, student: str, assignment: str, solutions: dict[str, str]) -> Path:
    """The released notebook with the solution cells named in `solutions` (grade_id -> source) filled in,
    put where nbgrader's autograde looks: submitted/<student>/<assignment>/<assignment>.ipynb."""
    nb = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    for grade_id, source in solutions.items():
        cell(nb, grade_id).source = source
    path = course / "submitted" / student / assignment / f"{assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def source_solutions(course: Path, assignment: str) -> dict[str, str]:
    """Every solution cell of the source notebook, markers removed: the source's own solution."""
    nb = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    return {c.metadata.nbgrader.grade_id: without_markers(c.source) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def scores(course: Path, assignment: str, student: str) -> dict[str, tuple[float, float]]:
    """grade_id -> (score, max_score) of a student's autograded notebook, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(assignment, assignment, student)
        return {g.name: (g.score, g.max_score) for g in nb.grades}
