"""Where exercises are found by id: "m00.total_population" lives in exercises/m00.py."""

from __future__ import annotations

import difflib
import importlib

from ..i18n import _
from .problems import Problem

_PROBLEMS: dict[str, Problem] = {}


class UnknownExerciseError(LookupError):
    """A check was asked for an exercise id that no module declares."""


def register(*problems: Problem) -> None:
    """Declare exercises; ids must be unique across the curriculum."""
    for problem in problems:
        if problem.id in _PROBLEMS and _PROBLEMS[problem.id] is not problem:
            raise ValueError(f"exercise id declared twice: {problem.id}")
        _PROBLEMS[problem.id] = problem


def module_problems(module: str) -> list[Problem]:
    """Every exercise of one module ("m00"), in declaration order."""
    try:
        importlib.import_module(f"lab_helpers.exercises.{module}")
    except ModuleNotFoundError as error:
        if error.name != f"lab_helpers.exercises.{module}":
            raise
    return [p for pid, p in _PROBLEMS.items() if pid.split(".")[0] == module]


def get_problem(problem_id: str) -> Problem:
    """The exercise with this id, or a message naming the closest ids."""
    module = str(problem_id).split(".")[0]
    known = {p.id: p for p in module_problems(module)} if module else {}
    if problem_id in known:
        return known[problem_id]
    close = difflib.get_close_matches(str(problem_id), list(known) or list(_PROBLEMS), n=1)
    message = _("There is no exercise called '{id}'.").format(id=problem_id)
    if close:
        message += " " + _("Did you mean '{close}'?").format(close=close[0])
    raise UnknownExerciseError(message)
