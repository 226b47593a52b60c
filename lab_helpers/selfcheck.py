"""``social-lab check``: run a learner's own notebook headless and say where they stand.

The learner's file is never changed by a check: a copy runs, with any deleted or edited
test cell put back from the released version (as nbgrader's autograde would), and the
report says what was found and how to restore it. An answer cell that raises an error is
reported as failing, with the error's plain-language explanation from ``errors.py``.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from . import settings
from .catalog import Module
from .execute import execute_notebook
from .exercise_titles import CHECK_CALL
from .student_version import student_version_of


def _grade_id(cell: NotebookNode) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def _is_test(cell: NotebookNode) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def _is_answer(cell: NotebookNode) -> bool:
    meta = cell.metadata.get("nbgrader", {})
    return bool(meta.get("solution")) and not meta.get("grade") and cell.cell_type == "code"


_CELL_FILE = re.compile(r" \([^()]*\.py, line \d+\)$")  # "(3145614106.py, line 2)"


@dataclass(frozen=True)
class Failure:
    """An answer cell that raised an error when the notebook ran."""

    cell: str  # its grade id
    ename: str  # "NameError"
    evalue: str  # "name 'x' is not defined"

    def explanation(self) -> tuple[str, str] | None:
        """What this error usually means, as errors.py explains it under a cell."""
        from .errors import explain

        error = _rebuilt(self.ename, self.evalue)
        return explain(error) if error is not None else None


def _rebuilt(ename: str, evalue: str) -> BaseException | None:
    """The built-in exception that a failed cell reported by name and message."""
    kind = getattr(builtins, ename, None)
    if not (isinstance(kind, type) and issubclass(kind, BaseException)):
        return None
    try:
        message = ast.literal_eval(evalue) if issubclass(kind, KeyError) else evalue
    except (ValueError, SyntaxError):  # a KeyError's message is its key's repr: 'column'
        message = evalue
    try:
        error = kind(message)
    except TypeError:  # an exception that needs more than a message
        return None
    named = re.search(r"'([^']+)'", evalue)
    if isinstance(error, ModuleNotFoundError) and named:
        error.name = named.group(1)
    if isinstance(error, FileNotFoundError) and named:
        error.filename = named.group(1)
    return error


@dataclass
class Report:
    """What a self-check found in one notebook."""

    outcomes: dict[str, str] = field(default_factory=dict)  # problem id -> status
    deleted: list[str] = field(default_factory=list)  # test cells' grade ids
    edited: list[str] = field(default_factory=list)
    failures: dict[str, Failure] = field(default_factory=dict)  # problem id -> its answer's


def restore_test_cells(learner: NotebookNode, released: NotebookNode,
                       report: Report | None = None) -> NotebookNode:
    """A copy of ``learner`` whose test cells are exactly the released ones."""
    nb = nbformat.from_dict(learner)
    by_id = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
    previous = -1
    for cell in released.cells:
        gid = _grade_id(cell)
        if not gid:
            continue
        if gid in by_id:
            previous = by_id[gid]
            if _is_test(cell) and nb.cells[previous].source != cell.source:
                if report is not None:
                    report.edited.append(gid)
                nb.cells[previous] = nbformat.from_dict(cell)
        elif _is_test(cell):
            if report is not None:
                report.deleted.append(gid)
            previous += 1
            nb.cells.insert(previous, nbformat.from_dict(cell))
            by_id = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
    return nb


def outcomes_in(nb: NotebookNode) -> dict[str, str]:
    """The last outcome each check displayed in an executed notebook."""
    found: dict[str, str] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            mark = output.get("metadata", {}).get("social_lab", {})
            if "problem" in mark:
                found[mark["problem"]] = mark["status"]
    return found


def failures_in(nb: NotebookNode) -> dict[str, Failure]:
    """The first answer cell that raised before each check, by the problems it checks."""
    found: dict[str, Failure] = {}
    pending: Failure | None = None
    for cell in nb.cells:
        if _is_answer(cell) and pending is None:
            error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"),
                         None)
            if error is not None:
                pending = Failure(_grade_id(cell), error.get("ename", ""),
                                  _CELL_FILE.sub("", error.get("evalue", "")))
        elif _is_test(cell):
            if pending is not None:
                found.update(dict.fromkeys(CHECK_CALL.findall(cell.source), pending))
            pending = None
    return found


def self_check(notebook: Path, module: Module, lang: str, timeout: int = 60,
               workspace: Path | None = None) -> Report:
    """Run a copy of the learner's notebook, test cells restored, and report.

    The checks record their outcomes in the progress of ``workspace`` (by default the
    workspace the notebook is in).
    """
    learner = nbformat.read(notebook, as_version=4)
    released = student_version_of(module.notebooks[lang])
    report = Report()
    runnable = restore_test_cells(learner, released, report)
    env = dict(os.environ)
    if workspace is not None:
        env[settings.WORKSPACE] = str(workspace)
    executed = execute_notebook(runnable, notebook.parent, timeout=timeout, env=env)
    report.outcomes = outcomes_in(executed)
    report.failures = failures_in(executed)
    return report


def readable(notebook: Path) -> bool:
    """True if the file is a notebook nbformat can read."""
    try:
        nbformat.read(notebook, as_version=4)
    except (OSError, ValueError, json.JSONDecodeError, nbformat.reader.NotJSONError):
        return False
    return True
