"""nbgrader's exchange on the class hub, as its users: for tests/test_hub.py.

Each user's part runs as that system user (`Hub.run_as`), in one Python process of the shared environment
that calls nbgrader's own classes, the ones its command line and its lab extension call: the teacher's
NbGraderAPI (what the formgrader's buttons run: generate, release, collect, autograde) and the student's
fetch and submit (what Nbgrader ▸ Assignment List runs).  One process per user and step instead of one
`nbgrader` command per action: each start imports nbgrader (seconds on a loaded 2-core machine).  The code
goes by `python -c`: the tests' folder may sit where the users cannot read (/root in CI).
"""

from __future__ import annotations

import json

# nbgrader's configuration as its apps load it: the environment's etc/jupyter/nbgrader_config.py (course,
# exchange) and ./nbgrader_config.py of the folder the process runs in (the course, for the teacher).
LOAD_CONFIG = """
import json, os, sys
from jupyter_core.paths import jupyter_config_path
from nbgrader.apps.baseapp import NbGrader

def load_config():
    app = NbGrader()
    app.config_file_paths.extend([*jupyter_config_path(), os.getcwd()])
    app.load_config_file()
    return app.config

def check(result, what):
    if not result.get("success"):
        sys.exit(f"{what} failed:\\n{result.get('error')}\\n{result.get('log')}")
"""

TEACHER = LOAD_CONFIG + """
from nbgrader.apps.api import NbGraderAPI

steps = json.loads(sys.argv[1])
api = NbGraderAPI(config=load_config())
for step, *args in steps:
    check(getattr(api, step)(*args), f"{step}{tuple(args)}")
"""

STUDENT = LOAD_CONFIG + """
import nbformat
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeFactory

course, assignment = sys.argv[1:3]
solutions = json.loads(sys.stdin.read())  # grade_id -> the cell's source, as the student writes it
config = load_config()
config.CourseDirectory.course_id, config.CourseDirectory.assignment_id = course, assignment

def run(kind):
    factory = ExchangeFactory(config=config)
    getattr(factory, kind)(coursedir=CourseDirectory(config=config),
                           authenticator=Authenticator(config=config), config=config).start()

run("FetchAssignment")  # into ./<assignment>/
path = os.path.join(assignment, assignment + ".ipynb")
nb = nbformat.read(path, as_version=4)
for cell in nb.cells:
    grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
    if grade_id in solutions:
        cell.source = solutions[grade_id]
nbformat.write(nb, path)
run("Submit")
"""


def teacher(hub, name: str, steps: list[tuple], cwd):
    """NbGraderAPI's `steps` ([("generate_assignment", "backprop"), ...]) as the teacher, in the course."""
    return hub.run_as(name, "python", "-c", TEACHER, json.dumps(steps), cwd=cwd)


def student(hub, name: str, course: str, assignment: str, solutions: dict[str, str]):
    """As the student, in their home: fetch `assignment`, write `solutions` (grade_id -> source), submit."""
    return hub.run_as(name, "python", "-c", STUDENT, course, assignment, input=json.dumps(solutions))
