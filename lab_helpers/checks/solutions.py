"""Worked solutions for self-learners: offered after a first attempt, never in a cohort.

A cohort's install (``settings.cohort_mode``) holds no solutions: its notebooks are the
released ones, so there is nothing here to turn on; both calls say that in a course the
trainer gives the model answers.
"""

from __future__ import annotations

import json
import re
import textwrap

from .. import settings
from ..i18n import N_, _, current_language
from ..progress_store import attempts
from ..user_errors import UserError
from .display import box, show
from .registry import get_problem

_SOLUTION = re.compile(r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION",
                       flags=re.S | re.M)
session_attempts: dict[str, int] = {}  # checks run in this kernel, per exercise


IN_A_COURSE = N_("In a course, your trainer gives the model answers, when you go through "
                 "the exercises together; they are not in your installation. Try a hint "
                 "instead: hint(\"{id}\")")


class SolutionsWithTrainerError(UserError, LookupError):
    """A cohort's install was asked for a solution: the trainer gives them."""

    def _render_traceback_(self) -> list[str]:  # IPython's hook: the message, no stack
        return [str(self)]


def solution_text(problem_id: str, lang: str) -> str | None:
    """The solution code of an exercise, from its module's source notebook.

    In a cohort's install: SolutionsWithTrainerError, whose message says so.
    """
    from ..catalog import find_module

    if settings.cohort_mode():
        raise SolutionsWithTrainerError(_(IN_A_COURSE, lang).format(id=problem_id))

    module_number, _sep, name = problem_id.partition(".")
    module = find_module(module_number.lstrip("m"))
    path = module.notebooks.get(lang) or next(iter(module.notebooks.values()))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"answer_{name}":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell[
                "source"]
            parts = _SOLUTION.findall(source)
            return "\n".join(textwrap.dedent(p).rstrip() for p in parts) or None
    return None


def solution(problem_id: str) -> None:
    """Show the solution of an exercise, if the learner may see it now.

    Returns nothing, so a notebook shows only the box; ``solution_text`` returns the code.
    """
    problem = get_problem(problem_id)
    title = _("Solution [{id}]").format(id=problem.id)
    if settings.cohort_mode():
        show(box("#6E6E6E", "🔒", title, _(IN_A_COURSE).format(id=problem.id)))
        return
    if session_attempts.get(problem.id, 0) + attempts(problem.id) == 0:
        show(box("#6E6E6E", "…", title, _(
            "Try the exercise first: write an answer and run its check at least once. "
            "Then the solution is yours.")))
        return
    text = solution_text(problem.id, current_language())
    if not text:
        show(box("#6E6E6E", "…", title, _("This exercise has no written solution.")))
        return
    show(box("#009E73", "✔", title, text))
