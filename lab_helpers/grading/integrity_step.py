"""The integrity scan and repair as a step of nbgrader's own autograding.

``IntegrityRepair`` is one of ``Autograde.sanitize_preprocessors`` (after nbgrader clears
the outputs, before it overwrites the locked cells), so that ``social-lab grade``, plain
``nbgrader autograde`` and the formgrader's *Autograde* button all grade the same repaired
notebook: it compares the submission with the released notebook and puts back what was
deleted or edited, comments out code that changes the checks (``integrity.repair``), and
reports the files shipped beside the notebook, which the grading kernel never sees. What
it found is kept in the notebook (``flags``) and said in nbgrader's log.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from .flags import add_findings, log_findings
from .integrity import Finding, repair

CODE_SUFFIXES = {".py", ".pyc", ".pyw", ".pth", ".so", ".pyd"}
IGNORED = {"timestamp.txt"}


def coursedir_of(preprocessor: Any) -> Any:
    """nbgrader's CourseDirectory, from the converter that runs ``preprocessor``."""
    parent = preprocessor
    while parent is not None:
        coursedir = getattr(parent, "coursedir", None)
        if coursedir is not None:
            return coursedir
        parent = getattr(parent, "parent", None)
    return None


def released_notebook(coursedir: Any, assignment: str, notebook: str) -> NotebookNode | None:
    """What learners received: the release copy, else the student version of the source."""
    release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
    source = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    for path, released in ((release / f"{notebook}.ipynb", True),
                           (source / f"{notebook}.ipynb", False)):
        if path.exists():
            return nbformat.from_dict(_read(path, path.stat().st_mtime_ns, released))
    return None


@lru_cache(maxsize=16)
def _read(path: Path, _mtime: int, released: bool) -> NotebookNode:
    """A notebook read once per version of the file (a worker grades many learners)."""
    from ..student_version import student_version_of

    return nbformat.read(path, as_version=4) if released else student_version_of(path)


def other_files(folder: Path) -> list[Path]:
    """The files of a submission folder that are not notebooks (nor nbgrader's timestamp)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".ipynb"
                  and ".ipynb_checkpoints" not in p.parts and p.name not in IGNORED)


def file_findings(folder: Path) -> list[Finding]:
    """Files beside the notebook; Python code among them is flagged."""
    files = other_files(folder)
    code = [p for p in files if p.suffix in CODE_SUFFIXES]
    names = lambda paths: [str(p.relative_to(folder)) for p in paths][:10]  # noqa: E731
    found = []
    if code:
        found.append(Finding("shipped_code", {"files": names(code)}))
    rest = [p for p in files if p not in code]
    if rest:
        found.append(Finding("extra_files", {"files": names(rest)}))
    return found


def local_modules(folder: Path) -> set[str]:
    """Names a notebook could import from its folder, if it could see the folder."""
    if not folder.is_dir():
        return set()
    return {p.stem for p in folder.rglob("*.py")} | {p.name for p in folder.iterdir()
                                                      if p.is_dir()}


class IntegrityRepair(NbGraderPreprocessor):
    """Before execution: put back what was removed, neutralise what changes the checks."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> Any:
        info = resources.get("nbgrader", {})
        coursedir = coursedir_of(self)
        if coursedir is None or not info.get("notebook"):
            return nb, resources
        released = released_notebook(coursedir, info["assignment"], info["notebook"])
        if released is None:
            return nb, resources
        folder = Path(coursedir.format_path(coursedir.submitted_directory, info["student"],
                                            info["assignment"]))
        lang = released.metadata.get("social_lab", {}).get("lang", "")
        findings: list[Finding] = []
        repaired = repair(nb, released, findings, local_modules(folder), lang)
        findings += file_findings(folder)
        found = [f.to_dict() for f in findings]
        add_findings(repaired, found)
        log_findings(self.log, info["notebook"], found)
        return repaired, resources
