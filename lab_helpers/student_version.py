"""Make the student version of a source notebook with nbgrader's own preprocessors.

The same settings serve the learner workspace (``social-lab start``) and the trainers'
nbgrader course (``instructor/nbgrader_config.py`` imports them), so a self-learner and a
cohort receive the same notebook.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat import NotebookNode
from traitlets.config import Config

from .i18n import N_, _
from .kernel_metadata import kernel_metadata

# What replaces a solution: a code answer becomes "...", which the checks read as
# "not attempted"; a written answer gets an invitation in the notebook's language.
CODE_STUB = {"python": "..."}
TEXT_STUB = N_("YOUR ANSWER HERE")


def nbgrader_config(lang: str) -> Config:
    """nbgrader settings shared by the workspace builder and the trainers' course."""
    config = Config()
    config.ClearSolutions.code_stub = dict(CODE_STUB)
    config.ClearSolutions.text_stub = _(TEXT_STUB, lang)
    config.ClearSolutions.enforce_metadata = True
    return config


def notebook_language(nb: NotebookNode) -> str:
    """The language a module notebook is written in (from its metadata)."""
    return nb.metadata.get("social_lab", {}).get("lang", "en")


RELEASED = "released"  # social_lab metadata of a notebook that is already a student version


def is_released(nb: NotebookNode) -> bool:
    """True for a student version shipped as such (a cohort's install has no other)."""
    return bool(nb.get("metadata", {}).get("social_lab", {}).get(RELEASED))


def make_student_version(nb: NotebookNode) -> NotebookNode:
    """Solutions cleared, hidden tests, outputs and trainer-only content removed, locked
    cells marked; the kernel metadata JupyterLab would write, so it opens unchanged.

    A notebook that is already a student version (``is_released``) is returned as it is:
    clearing it again would empty its answer cells.
    """
    if is_released(nb):
        return nbformat.from_dict(nb)
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
        ComputeChecksums,
        LockCells,
    )

    from .trainer_only import StripTrainerOnly

    config = nbgrader_config(notebook_language(nb))
    nb = nbformat.from_dict(nb)  # a deep copy: the source stays untouched
    resources: dict = {"nbgrader": {}}
    steps = [LockCells, StripTrainerOnly, ClearSolutions, ClearOutput, CheckCellMetadata,
             ComputeChecksums, ClearHiddenTests, ClearMarkScheme, ComputeChecksums,
             CheckCellMetadata]
    for step in steps:
        nb, resources = step(config=config).preprocess(nb, resources)
    nb.metadata.update(kernel_metadata())
    return nb


def student_version_of(path: Path) -> NotebookNode:
    """Read a source notebook from disk and return its student version."""
    return make_student_version(nbformat.read(path, as_version=4))
