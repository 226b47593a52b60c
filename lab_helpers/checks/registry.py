"""Where exercises are found by id: "m00.total_population" lives in exercises/m00.py.

A module's exercises are declared once, as module-level names of its exercises file: the
name is the exercise (``total_population = ValueProblem(...)`` in ``m00.py`` is
``m00.total_population``, checked on the notebook variable ``total_population`` unless it
says otherwise), in the order they are written. The file ends with one line,
``bind(__name__, globals())``, that gives them their ids; no list repeats them.
"""

from __future__ import annotations

import difflib
import importlib

from ..i18n import _
from .problems import Problem

_PROBLEMS: dict[str, Problem] = {}
EXERCISES_PACKAGE = "lab_helpers.exercises"


class UnknownExerciseError(LookupError):
    """A check was asked for an exercise id that no module declares."""


def register(*problems: Problem) -> None:
    """Declare exercises that carry their own id (tests); ids are unique everywhere."""
    for problem in problems:
        if not problem.id:
            raise ValueError("an exercise registered by hand needs an id")
        if problem.id in _PROBLEMS and _PROBLEMS[problem.id] is not problem:
            raise ValueError(f"exercise id declared twice: {problem.id}")
        _PROBLEMS[problem.id] = problem


def bind(module: str, namespace: dict[str, object]) -> list[Problem]:
    """Give each Problem of a module's namespace its id (module.name) and variable."""
    module = module.rsplit(".", 1)[-1]
    bound: list[Problem] = []
    for name, value in list(namespace.items()):
        if not isinstance(value, Problem) or name.startswith("_"):
            continue
        problem_id = f"{module}.{name}"
        if value.id and value.id != problem_id:
            raise ValueError(f"{problem_id} is also declared as {value.id}")
        object.__setattr__(value, "id", problem_id)  # frozen: bound once, here
        if not value.var:
            object.__setattr__(value, "var", name)
        bound.append(value)
    register(*bound)
    return bound


def module_problems(module: str) -> list[Problem]:
    """Every exercise of one module ("m00"), in declaration order."""
    try:
        importlib.import_module(f"{EXERCISES_PACKAGE}.{module}")  # its last line binds them
    except ModuleNotFoundError as error:
        if error.name != f"{EXERCISES_PACKAGE}.{module}":
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
