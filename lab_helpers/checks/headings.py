"""An exercise as the learner knows it: by the heading above it, "Exercise 1", "Esercizio 1".

The heading is read from the module's notebook in the learner's language: the nearest
``###`` heading above the exercise's test cell, without its points ("(1 point)").
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

_HEADING = re.compile(r"^###[ \t]+(.+?)(?:[ \t]*\([^)]*\))?[ \t]*$", re.M)


@cache
def _headings(path: Path) -> dict[str, str]:
    """Exercise name -> the heading above its test cell, for one notebook."""
    found: dict[str, str] = {}
    heading = ""
    for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") == "markdown":
            for match in _HEADING.finditer(source):
                heading = match.group(1)
        grade_id = str(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
        if grade_id.startswith("test_") and heading:
            found[grade_id.removeprefix("test_")] = heading
    return found


def exercise_heading(problem_id: str, lang: str) -> str:
    """The heading of an exercise in its module's notebook ("Exercise 1"); "" if none."""
    from ..catalog import find_module

    module_number, _sep, name = problem_id.partition(".")
    try:
        module = find_module(module_number.removeprefix("m"))
    except LookupError:
        return ""
    path = module.notebooks.get(lang) or next(iter(module.notebooks.values()), None)
    if path is None:
        return ""
    try:
        return _headings(path).get(name, "")
    except (OSError, ValueError):
        return ""
