"""A module's reflections and their rubrics, read from a source notebook.

A reflection is a locked prompt cell (what is asked, and the criteria learners see) followed
by a written-answer cell graded by hand (nbgrader ``grade_id`` ``reflection_*``) whose
solution region holds a model answer. Its rubric is for trainers only and lives in the
notebook metadata, never in a cell::

    social_lab.rubrics[grade_id] = {
        "criteria": ["...", ...],                  # the same bullets as in the prompt
        "levels": {"0": {"descriptor": "...", "anchors": ["...", ...]}, ..., "3": {...}},
    }

``trainer_only.StripTrainerOnly`` keeps it, and the model answer, out of every release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nbformat import NotebookNode

SOLUTION_REGION = re.compile(r"### BEGIN SOLUTION\n(.*?)\n?### END SOLUTION", re.S)


@dataclass(frozen=True)
class Level:
    """One point level of a rubric: what an answer at that level does, and examples of it."""

    points: int
    descriptor: str
    anchors: tuple[str, ...]


@dataclass(frozen=True)
class Reflection:
    """A reflection as a trainer needs it: the prompt, the rubric and a model answer."""

    grade_id: str
    points: int
    title: str  # the prompt's heading, e.g. "Reflection (3 points, graded by your trainer)"
    prompt: str  # the rest of the prompt, in markdown, as learners see it
    model_answer: str  # markdown
    criteria: tuple[str, ...]
    levels: tuple[Level, ...]  # from 0 points up


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_written_answer(cell: NotebookNode) -> bool:
    """A markdown answer graded by hand (a reflection's answer cell)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "markdown" and bool(meta.get("solution")) and bool(meta.get("grade"))


def model_answer(source: str) -> str:
    """The text inside a cell's solution region(s)."""
    return "\n\n".join(part.strip() for part in SOLUTION_REGION.findall(source))


def rubric_levels(rubric: dict[str, Any]) -> tuple[Level, ...]:
    """The levels of a metadata rubric, sorted by points."""
    levels = rubric.get("levels", {})
    return tuple(sorted((Level(int(points), level.get("descriptor", ""),
                               tuple(level.get("anchors", ())))
                         for points, level in levels.items()), key=lambda lv: lv.points))


def _split_heading(source: str) -> tuple[str, str]:
    first, _newline, rest = source.strip().partition("\n")
    if first.startswith("#"):
        return first.lstrip("#").strip(), rest.strip()
    return "", source.strip()


def reflections(nb: NotebookNode) -> list[Reflection]:
    """Every reflection of a notebook, in order, with its rubric from the metadata."""
    rubrics = nb.metadata.get("social_lab", {}).get("rubrics", {})
    found = []
    for index, cell in enumerate(nb.cells):
        if not is_written_answer(cell):
            continue
        meta = nbgrader_meta(cell)
        prompt = next((c.source for c in reversed(nb.cells[:index])
                       if c.cell_type == "markdown"), "")
        title, body = _split_heading(prompt)
        rubric = rubrics.get(meta["grade_id"], {})
        found.append(Reflection(meta["grade_id"], int(meta.get("points", 0)), title, body,
                                model_answer(cell.source), tuple(rubric.get("criteria", ())),
                                rubric_levels(rubric)))
    return found
