"""Each module notebook executed once per run, in a real kernel, whichever tests read it.

A run is named by (module, language, version, mode): version ``source`` (the trainer's
notebook, solutions in) or ``student`` (the released, blank version); mode ``grading``
(as under nbgrader autograde: failed checks raise) or ``learner`` (as in a learner's
JupyterLab). Each test gets its own copy of the executed notebook.

The source runs in a kernel started from nothing, as a learner's first one: that proves
each module, in each language, starts and runs top to bottom in a plain kernel. The
released (blank) version's runs prove what a check says of a blank answer: their kernels,
each its own, fork from a process that has already imported ipykernel, pandas and
lab_helpers (``kernel_manager``, see forked_kernels.py), which saves each about a second.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from conftest import MODULES
from nbformat import NotebookNode
from run_once import once

from lab_helpers.execute import execute_notebook
from lab_helpers.student_version import make_student_version

VERSIONS = ("source", "student")
MODES = ("grading", "learner")
RESULT = "executed.ipynb"


def notebook_path(module: str, lang: str) -> Path:
    return MODULES / module / f"{module}.{lang}.ipynb"


def executed(shared: Path, module: str, lang: str, version: str = "source",
             mode: str = "grading", kernel_manager: type | None = None) -> NotebookNode:
    """The notebook ``module``/``lang`` in ``version``, executed in ``mode`` (once per run);
    the student version's kernel from ``kernel_manager`` when given."""
    if version not in VERSIONS or mode not in MODES:
        raise ValueError(f"version must be one of {VERSIONS} and mode one of {MODES}")
    path = notebook_path(module, lang)
    if not path.exists():
        raise FileNotFoundError(path)

    def run(cwd: Path) -> None:
        nb = nbformat.read(path, as_version=4)
        if version == "student":
            nb = make_student_version(nb)
        forked = kernel_manager if version == "student" else None
        done = execute_notebook(nb, cwd, grading=mode == "grading", kernel_manager=forked)
        nbformat.write(done, cwd / RESULT)

    folder = once(shared / f"executed-{module}.{lang}.{version}.{mode}", run)
    return nbformat.read(folder / RESULT, as_version=4)
