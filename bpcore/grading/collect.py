"""Hand-ins collected by folder (`nbgrader zip_collect`, classroom/README.md): who handed in which file.

Each student saves the assignment's notebook as <student>_<notebook>.ipynb.  The student id is everything
before the last "_<notebook>.ipynb" that names a notebook of the assignment (its release/ folder, else its
source/ folder), kept as it is: dots, underscores, digits, spaces and Chinese names alike,

    alice.smith_backprop.ipynb  -> alice.smith      alice_smith_backprop.ipynb -> alice_smith
    Alice Smith_backprop.ipynb  -> Alice Smith      张三_backprop_zh.ipynb      -> 张三

A notebook whose name does not end so is not collected, and zip_collect says which, in one line, in the
language of the assignment's notebook (Chinese for backprop_zh, whose code calls bpcore.use_language("zh")).
"""

from __future__ import annotations

import glob
import os

import nbformat
from nbgrader.plugins import FileNameCollectorPlugin

from ..language import N_, language, tr, use_language
from .feedback import notebook_language

SUFFIX = ".ipynb"
NOT_COLLECTED = N_("NOT COLLECTED: {file}: name it <student>_<notebook>.ipynb, the notebook one of "
                   "{notebooks}")


def not_collected(filename: str, notebooks, code: str = "en") -> str:
    """The line zip_collect logs for a file it leaves, in the language `code` ("en" or "zh")."""
    before = language()
    use_language(code)
    try:
        return tr(NOT_COLLECTED, file=os.path.basename(filename),
                  notebooks=", ".join(f"{n}{SUFFIX}" for n in notebooks))
    finally:
        use_language(before)


def split(filename: str, notebooks) -> tuple[str, str] | None:
    """(student id, notebook) of a file named <student>_<notebook>.ipynb, the notebook one of `notebooks`
    (names without .ipynb), split at the last "_<notebook>.ipynb"; None when no known notebook ends it."""
    name = os.path.basename(filename)
    ends = [n for n in notebooks if name.endswith(f"_{n}{SUFFIX}") and len(name) > len(n) + len(SUFFIX) + 1]
    if not ends:
        return None
    notebook = min(ends, key=len)  # the last split: the shortest notebook name that ends the file's
    student = name[:-(len(notebook) + len(SUFFIX) + 1)].strip()
    return (student, notebook) if student else None


class ByStudentAndNotebook(FileNameCollectorPlugin):
    """nbgrader's file-name collector for <student>_<notebook>.ipynb, the notebook one of the assignment's;
    it names every notebook it does not collect."""

    def paths(self) -> list[str]:
        """The assignment's notebooks: those of its release/ folder, else of its source/ folder."""
        coursedir = self.parent.coursedir
        for folder in (coursedir.release_directory, coursedir.source_directory):
            path = coursedir.format_path(folder, ".", coursedir.assignment_id)
            found = sorted(glob.glob(os.path.join(path, "*.ipynb")))
            if found:
                return found
        return []

    def notebooks(self) -> list[str]:
        return [os.path.splitext(os.path.basename(p))[0] for p in self.paths()]

    def language(self) -> str:
        """The language the assignment's notebook speaks: "zh" or "en"."""
        paths = self.paths()
        try:
            return notebook_language(nbformat.read(paths[0], as_version=4)) if paths else "en"
        except Exception:  # an unreadable notebook: nbgrader says so elsewhere
            return "en"

    def collect(self, submitted_file: str):
        if os.path.splitext(submitted_file)[1] not in self.valid_ext:
            return None
        notebooks = self.notebooks()
        found = split(submitted_file, notebooks)
        if found is None:
            self.log.warning(not_collected(submitted_file, notebooks, self.language()))
            return None
        student, notebook = found
        return {"student_id": student, "file_id": notebook + SUFFIX}
