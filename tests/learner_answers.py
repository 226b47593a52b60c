"""Learner answers put into a module's own source notebook, for tests that run them.

An exercise's answers (``Problem.wrong_answers()``, ``Problem.right``, and the solution)
replace the text between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` of its answer cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nbformat

from lab_helpers.catalog import list_modules
from lab_helpers.checks import Problem, WrongAnswer, module_problems
from lab_helpers.i18n import _

SOLUTION = re.compile(r"(### BEGIN SOLUTION\n)([ \t]*)(.*?)(\n[ \t]*### END SOLUTION)", re.S)
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.S | re.M)
MODULES = {module.number: module for module in list_modules()}
LANGS = ("en", "it")


@dataclass(frozen=True)
class Answer:
    """What one answer cell holds in a run: the solution (no code), a right answer written
    another way, or a declared wrong answer, whose message its check must then give."""

    code: str | None  # None: the solution itself
    wrong: WrongAnswer | None = None  # None: the check passes

    @property
    def message(self) -> str | None:
        return self.wrong.message if self.wrong else None

    @property
    def hidden(self) -> bool:
        return bool(self.wrong and self.wrong.hidden)

    def expected(self, lang: str) -> str | None:
        return self.wrong.expected(lambda text: _(text, lang)) if self.wrong else None


def answers(problem: Problem) -> list[Answer]:
    """The exercise's wrong answers, its right ones written another way, then the solution."""
    found = [Answer(w.code, w) for w in problem.wrong_answers()]
    found += [Answer(code) for code in problem.right]
    return [*found, Answer(None)]


def runs(number: str) -> int:
    """How many runs give every exercise each of its answers: its most answers."""
    return max(len(answers(p)) for p in module_problems(f"m{number}"))


def plan(number: str, k: int) -> dict[str, Answer]:
    """Exercise name -> its answer in run ``k`` (0 <= k < runs).

    The last run gives every exercise its solution: it is the source notebook itself, so
    that run is the one every module's source gets anyway. Runs before it share out the
    other answers: exercise ``i``'s answers, then its solution as often as needed to make
    ``runs - 1`` of them, and run ``k`` takes number ``(i + k) mod (runs - 1)``. So each
    answer runs exactly once, and the runs mix wrong answers with right ones.
    """
    total = runs(number)
    chosen = {}
    for i, problem in enumerate(module_problems(f"m{number}")):
        *others, solution = answers(problem)
        options = others + [solution] * (total - 1 - len(others))
        pick = solution if k == total - 1 else options[(i + k) % len(options)]
        chosen[problem.id.split(".", 1)[1]] = pick
    return chosen


def is_source(chosen: dict[str, Answer]) -> bool:
    """True if every exercise has its solution: the notebook is the source, unchanged."""
    return all(answer.code is None for answer in chosen.values())


def notebook_for(number: str, lang: str, k: int, learner: bool) -> nbformat.NotebookNode:
    """The source notebook with the answers of run ``k``; hidden tests stripped for a learner."""
    return with_answers(number, lang, plan(number, k), learner)


def with_answers(number: str, lang: str, chosen: dict[str, Answer],
                 learner: bool = False) -> nbformat.NotebookNode:
    """The source notebook with ``chosen`` answers (exercise name -> Answer) in place."""
    nb = nbformat.read(MODULES[number].notebooks[lang], as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        answer = chosen.get(grade_id.removeprefix("answer_"))
        if grade_id.startswith("answer_") and answer is not None and answer.code is not None:
            def put(match: re.Match, code: str = answer.code) -> str:
                indent = match.group(2)
                body = "\n".join(indent + line for line in code.splitlines())
                return match.group(1) + body + match.group(4)
            cell.source, count = SOLUTION.subn(put, cell.source, count=1)
            assert count == 1, grade_id
        if learner and grade_id.startswith("test_"):
            cell.source = HIDDEN.sub("", cell.source)
    return nb
