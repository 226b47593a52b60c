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
    return max(len(answers(p)) for p in module_problems(f"m{number}"))


def plan(number: str, k: int) -> dict[str, Answer]:
    """Exercise name -> its answer in run ``k``."""
    chosen = {}
    for i, problem in enumerate(module_problems(f"m{number}")):
        options = answers(problem)
        chosen[problem.id.split(".", 1)[1]] = options[(i + k) % len(options)]
    return chosen


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


def copies(number: str) -> int:
    """How many answer cells an exercise takes at most in one run of ``rounds``: two."""
    return 2


def rounds(number: str) -> int:
    """How many runs give every exercise each of its answers, two at most per run:
    the last gives every exercise its solution (the source notebook itself)."""
    others = max(len(answers(p)) - 1 for p in module_problems(f"m{number}"))
    return -(-others // copies(number)) + 1


def round_plan(number: str, k: int) -> dict[str, list[Answer]]:
    """Exercise name -> its answers in run ``k`` of ``rounds``, in the order they run.

    As ``plan``, with an exercise that has more answers than runs taking two in a run:
    its answers (then its solution, as often as needed) fill ``copies * (rounds - 1)``
    slots, and run ``k < rounds - 1`` takes slot ``(i + k) mod (rounds - 1)``, and that
    plus ``rounds - 1`` when it needs two. The last answer of each exercise is the one the
    cells after it see. The last run gives every exercise its solution alone.
    """
    total = rounds(number) - 1
    chosen = {}
    for i, problem in enumerate(module_problems(f"m{number}")):
        *others, solution = answers(problem)
        if k == total:
            picks = [solution]
        else:
            need = -(-len(others) // total)  # answer cells this exercise takes in a run
            options = others + [solution] * (need * total - len(others))
            picks = [options[(i + k) % total + c * total] for c in range(need)]
        chosen[problem.id.split(".", 1)[1]] = picks
    return chosen


COPY = "answer_copy"  # a copied answer or test cell's metadata: which answer it holds


def with_answer_copies(number: str, lang: str, chosen: dict[str, list[Answer]],
                       learner: bool = False) -> nbformat.NotebookNode:
    """The source notebook with each exercise's ``chosen`` answers in place: the last in its
    own answer cell, each one before it in a copy of the answer and test cells, just above.

    A copy's metadata says which of the exercise's answers it holds (``COPY``); the
    exercise's own cells hold the last.
    """
    nb = with_answers(number, lang, {name: picks[-1] for name, picks in chosen.items()},
                      learner)
    extra = {name: picks[:-1] for name, picks in chosen.items() if len(picks) > 1}
    if not extra:
        return nb
    cells = []
    for index, cell in enumerate(nb.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        name = grade_id.removeprefix("answer_")
        if grade_id.startswith("answer_") and name in extra:
            test = nb.cells[index + 1]
            assert test.metadata["nbgrader"]["grade_id"] == f"test_{name}", grade_id
            for position, answer in enumerate(extra[name]):
                one = with_answers(number, lang, {name: answer}, learner)
                for copied in (one.cells[index], one.cells[index + 1]):
                    copied = nbformat.from_dict(copied)
                    copied.metadata[COPY] = position
                    copied["id"] = f"{copied.get('id', 'cell')[:40]}-copy{position}"
                    cells.append(copied)
        cells.append(cell)
    nb.cells = cells
    return nb
