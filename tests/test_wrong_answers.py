"""Every module's plausible wrong answers, run as a learner would write them, in real kernels.

Each exercise declares its wrong answers as learner code beside it (``Mistake.code``,
``HiddenTest.code``, ``Try``, the wrong options of a choice) and its right answers written
another way (``right``). Here they replace the solution in the module's own source notebook.
The runs (``learner_answers.round_plan``) give each answer to its exercise exactly once and
mix wrong and right answers: a right answer after wrong ones must still pass (no cascade),
and each wrong one must fail with its own message, in the language of the notebook. An
exercise with more answers than a module has runs takes two in a run: the first in a copy
of its answer and test cells just above its own, which hold the second, the one the cells
after them see. Runs alternate English and Italian under grading (nbgrader's
``NBGRADER_EXECUTION``); the last gives every exercise its solution, so it is the source
notebook's own run under grading (the ``executed_notebook`` that test_notebooks reads too),
not a second one. One more run per module is a learner's, with the hidden tests stripped,
in English or Italian by module: the message a check gives does not depend on the mode
(``evaluate`` makes it in both), the grading runs prove each one in its language, and
test_notebooks' blank learner runs show the learner's display in both languages for every
module. Each run has a kernel of its own, forked from a process that has already imported
ipykernel, pandas and lab_helpers (tests/forked_kernels.py): the start-up is shared,
nothing else.
"""

from __future__ import annotations

import nbformat
import pytest
from learner_answers import COPY, LANGS, MODULES, SOLUTION, round_plan, rounds, with_answer_copies

from lab_helpers.checks import module_problems
from lab_helpers.execute import execute_notebook


def is_test(cell: nbformat.NotebookNode) -> bool:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_")


def outcome_of(cell: nbformat.NotebookNode, problem_id: str, learner: bool) -> tuple[str, str]:
    """(status, message) that the learner saw, or that nbgrader recorded, for a test cell."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":  # "Exercise 1 · Not yet right: <message>"
            return "error:" + output.get("ename", ""), output.get("evalue", "").split(": ", 1)[-1]
    shown = [o for o in cell.get("outputs", []) if o.get("output_type") == "display_data"
             and o.get("metadata", {}).get("social_lab", {}).get("problem") == problem_id]
    if not shown:
        return "nothing shown", ""
    statuses = [o["metadata"]["social_lab"]["status"] for o in shown]
    last = next((o for o in shown if o["metadata"]["social_lab"]["status"] != "correct"),
                shown[-1])
    text = last["data"]["text/plain"].split(": ", 1)[-1]  # "✘ Exercise 1 · Not yet right: "
    return ("correct" if all(s == "correct" for s in statuses)
            else last["metadata"]["social_lab"]["status"]), text


CASES = [(number, "grading", LANGS[k % 2], k) for number in MODULES
         for k in range(rounds(number))]
CASES += [(number, "learner", LANGS[1 - index % 2], 0) for index, number in enumerate(MODULES)]


@pytest.mark.parametrize(("number", "mode", "lang", "k"), CASES,
                         ids=[f"{n}-{m}-{lang}-run{k}" for n, m, lang, k in CASES])
def test_each_answer_gets_its_own_verdict_and_costs_only_its_points(number, mode, lang, k,
                                                                    tmp_path,
                                                                    executed_notebook,
                                                                    forked_kernels):
    learner = mode == "learner"
    chosen = round_plan(number, k)
    if not learner and all(a.code is None for picks in chosen.values() for a in picks):
        # every exercise has its solution: the source notebook itself, run once per suite
        ran = executed_notebook(MODULES[number].slug, lang, "source", "grading")
    else:
        ran = execute_notebook(with_answer_copies(number, lang, chosen, learner), tmp_path,
                               grading=not learner, kernel_manager=forked_kernels)
    assert sum(is_test(c) for c in ran.cells) == sum(map(len, chosen.values())), \
        "one test cell for each answer"
    failures = []
    for index, cell in enumerate(ran.cells):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not grade_id.startswith("test_"):
            if errors:
                failures.append(f"cell {index} ({grade_id or 'text'}) failed: "
                                f"{errors[0].get('ename')}: {errors[0].get('evalue')}")
            continue
        name = grade_id.removeprefix("test_")
        answer = chosen[name][cell.metadata.get(COPY, -1)]  # its own cell: the last answer
        want = answer.expected(lang)
        if learner and answer.hidden:
            want = None  # only the hidden tests, stripped for learners, catch it
        status, message = outcome_of(cell, f"m{number}.{name}", learner)
        if want is None:
            ok = status == "correct"
        elif learner:
            ok = status == "incorrect" and message == want
        else:
            ok = status == "error:CheckFailed" and message == want
        if not ok:
            failures.append(f"{name} with {answer.code!r}: got {status} {message!r}, "
                            f"want {'correct' if want is None else want!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("number", list(MODULES))
def test_every_exercise_has_at_least_two_wrong_answers_run_in_a_kernel(number):
    thin = {p.id: len(p.wrong_answers()) for p in module_problems(f"m{number}")
            if len(p.wrong_answers()) < 2}
    assert not thin, thin


@pytest.mark.parametrize("number", list(MODULES))
def test_every_mistake_is_declared_with_the_learner_code_that_makes_it(number):
    bare = [(p.id, m.message[:50]) for p in module_problems(f"m{number}") for m in p.mistakes
            if not m.code]
    assert not bare, bare


@pytest.mark.parametrize("number", list(MODULES))
def test_every_answer_cell_has_one_solution_region_to_replace(number):
    names = {p.id.split(".", 1)[1] for p in module_problems(f"m{number}")}
    for lang in LANGS:
        nb = nbformat.read(MODULES[number].notebooks[lang], as_version=4)
        cells = {c.metadata["nbgrader"]["grade_id"].removeprefix("answer_"): c for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer_")}
        assert set(cells) == names, lang
        assert all(len(SOLUTION.findall(c.source)) == 1 for c in cells.values()), lang
