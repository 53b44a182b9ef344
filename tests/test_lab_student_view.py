"""A student's JupyterLab (scripts/lab, scripts/lab --zh) has none of nbgrader's teacher tools, and a
teacher's (scripts/formgrader) has them all; scripts/lab starts without nbgrader's "No nbgrader_config.py"
warning or a DeprecationWarning.  No browser: the page config that JupyterLab hands its front end names
the disabled extensions, and the server's routes and log show which server extensions run."""

import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from jupyter_core.paths import jupyter_path
from jupyterlab_server.config import get_federated_extensions, get_page_config

import browser_support as B

ROOT = Path(__file__).resolve().parent.parent
NBGRADER = "@jupyter/nbgrader"  # its plugins: menu, create-assignment, validate-assignment, formgrader,
#                                 course-list, assignment-list


def page_config(settings: str) -> dict:
    return get_page_config(jupyter_path("labextensions"), str(ROOT / ".jupyter" / "lab" / settings))


def test_nbgrader_is_installed_with_its_lab_extension():
    assert NBGRADER in get_federated_extensions(jupyter_path("labextensions"))


@pytest.mark.parametrize("settings", ["settings", "settings-zh"])
def test_the_students_lab_disables_nbgrader(settings):
    assert NBGRADER in page_config(settings)["disabledExtensions"]


def test_the_teachers_lab_keeps_nbgrader():
    disabled = page_config("settings-teacher")["disabledExtensions"]
    assert not [name for name in disabled if name.startswith(NBGRADER)]
    assert "settings-teacher" in (ROOT / "scripts" / "formgrader").read_text()
    # the same news and update settings as the student's lab
    assert json.loads((ROOT / ".jupyter/lab/settings-teacher/overrides.json").read_text()) == \
        json.loads((ROOT / ".jupyter/lab/settings/overrides.json").read_text())


def test_scripts_lab_serves_no_teacher_tool_and_logs_no_warning(tmp_path):
    lab = B.start_lab(tmp_path)
    try:
        with urllib.request.urlopen(f"{lab.url}/lab?token={lab.token}", timeout=30) as response:
            html = response.read().decode()
        data = re.search(r'id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)
        config = json.loads(data.group(1))
        assert NBGRADER in config["disabledExtensions"]
        for route in ("formgrader", "assignments", "courses", "nbgrader_version"):  # nbgrader's routes
            with pytest.raises(urllib.error.HTTPError, match="404"):
                urllib.request.urlopen(f"{lab.url}/{route}?token={lab.token}", timeout=30)
    finally:
        lab.stop()
    log = lab.log.read_text()
    assert "nbgrader.server_extensions" not in log and "No nbgrader_config.py" not in log
    assert "DeprecationWarning" not in log and "Traceback" not in log
