"""Synthetic submissions for tests and the benchmark: solved, blank, partly wrong, hostile.

A solved submission is the released notebook with every answer cell taken from the
source (as a learner who got everything right would submit it); a partly wrong one has
some answers replaced by ``0``; the hostile ones add a cell that misbehaves.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

SOLUTION = re.compile(r"### BEGIN SOLUTION\n.*?### END SOLUTION", re.S)


def _gid(cell: NotebookNode) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def _is_answer(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("solution")) and cell.cell_type == "code"


def solved(released: NotebookNode, source: NotebookNode) -> NotebookNode:
    """The released notebook with the source's answers in its answer cells."""
    answers = {_gid(c): c.source for c in source.cells if _is_answer(c)}
    nb = nbformat.from_dict(released)
    for cell in nb.cells:
        if _is_answer(cell) and _gid(cell) in answers:
            cell.source = answers[_gid(cell)]
    return nb


def partly_wrong(released: NotebookNode, source: NotebookNode, rng: random.Random,
                 share: float = 0.4) -> NotebookNode:
    """Solved, except a random share of the answers, which are replaced by 0."""
    nb = solved(released, source)
    for cell in nb.cells:
        if _is_answer(cell) and rng.random() < share:
            cell.source = SOLUTION.sub("0", cell.source)
    return nb


def with_cell(nb: NotebookNode, code: str, after: str | None = None) -> NotebookNode:
    """A copy with a new code cell after the cell ``after`` (grade id; default: setup)."""
    nb = nbformat.from_dict(nb)
    after = after or "setup"
    index = next((i for i, c in enumerate(nb.cells) if _gid(c) == after), 0)
    cell = nbformat.v4.new_code_cell(code)
    if nb.get("nbformat_minor", 5) < 5:
        cell.pop("id", None)
    nb.cells.insert(index + 1, cell)
    return nb


def replace_answer(nb: NotebookNode, grade_id: str, code: str) -> NotebookNode:
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        if _gid(cell) == grade_id:
            cell.source = code
    return nb


def without(nb: NotebookNode, grade_id: str) -> NotebookNode:
    nb = nbformat.from_dict(nb)
    nb.cells = [c for c in nb.cells if _gid(c) != grade_id]
    return nb


def submit(course_root: Path, student: str, module: str, files: dict[str, object]) -> Path:
    """Write a submission folder: notebooks (NotebookNode), text (str) or bytes."""
    folder = Path(course_root) / "submitted" / student / module
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, NotebookNode):
            nbformat.write(content, path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(str(content), encoding="utf-8")
    return folder


def cohort(course_root: Path, module: str, name: str, released: NotebookNode,
           source: NotebookNode, size: int, seed: int = 6) -> dict[str, str]:
    """``size`` learners: a third solved, a third blank, a third partly wrong."""
    rng = random.Random(seed)
    kinds = {}
    for number in range(size):
        kind = ("solved", "blank", "partly")[number % 3]
        nb = {"solved": lambda: solved(released, source),
              "blank": lambda: nbformat.from_dict(released),
              "partly": lambda: partly_wrong(released, source, rng)}[kind]()
        student = f"learner{number:03d}"
        submit(course_root, student, module, {f"{name}.ipynb": nb})
        kinds[student] = kind
    return kinds
