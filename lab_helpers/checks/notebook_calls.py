"""``check`` and ``hint``: the two calls a learner's notebook makes.

Under nbgrader (autograde or validate) a failed check raises ``CheckFailed``, an
AssertionError, so the test cell scores 0, and the answer it looked at is recorded in the
cell's output (``answer_record``) for the grader to check again outside the kernel. In a
learner's notebook the same call shows a friendly message in the learner's language and
raises nothing.
"""

from __future__ import annotations

import sys
from typing import Any

from .. import settings
from ..i18n import _
from ..progress_store import record
from .answer_context import answer_context
from .display import HINT_STYLE, box, outcome_bundle, outcome_metadata, outcome_title, show
from .outcome import CheckFailed, NotAttempted, Outcome, Status
from .registry import UnknownExerciseError, get_problem
from .solutions import session_attempts

_MISSING = object()
_hints_seen: dict[str, int] = {}


def _caller_globals(depth: int) -> dict[str, Any]:
    return sys._getframe(depth + 1).f_globals  # the notebook's namespace


def evaluate(problem_id: str, value: Any = _MISSING, hidden: bool = False,
             namespace: dict[str, Any] | None = None) -> Outcome:
    """Check one exercise and return its outcome, showing and raising nothing."""
    problem = get_problem(problem_id)
    namespace = namespace if namespace is not None else {}
    settings_used: dict[str, Any] = {}
    for name, setting in problem.context.items():
        if name not in namespace:
            return Outcome(problem.id, Status.NOT_ATTEMPTED, _(
                "'{var}' does not exist yet. Run the cell at the top of the notebook that "
                "sets it, then run this one again.").format(var=name))
        message = setting.trouble(namespace[name])
        if message:
            return Outcome(problem.id, Status.NOT_ATTEMPTED, _(message))
        settings_used[name] = namespace[name]
    if value is _MISSING:
        if problem.var not in namespace:
            return Outcome(problem.id, Status.NOT_ATTEMPTED, _(
                "'{var}' does not exist yet. Fill in and run the cell that sets it "
                "(and the cells above it), then run this one again."
            ).format(var=problem.var))
        value = namespace[problem.var]
    with answer_context(settings_used):
        return problem.assess(value, hidden=hidden)


def check(problem_id: str, value: Any = _MISSING, *, hidden: bool = False) -> None:
    """Check an exercise (by default the variable it names) and show the outcome.

    Returns nothing, so a notebook shows only the message; ``evaluate`` returns it.
    """
    namespace = _caller_globals(1)
    if settings.grading() and not _record_answer(problem_id, value, hidden, namespace):
        return  # a grading kernel without the exercises: the grader checks the record
    outcome = evaluate(problem_id, value, hidden=hidden, namespace=namespace)
    show(outcome_bundle(outcome), metadata=outcome_metadata(outcome))
    if not settings.grading():
        if outcome.status is not Status.NOT_ATTEMPTED:
            session_attempts[outcome.problem_id] = session_attempts.get(outcome.problem_id, 0) + 1
        record(outcome.problem_id, outcome.status.value)
    elif not outcome.passed:
        failed = NotAttempted if outcome.status is Status.NOT_ATTEMPTED else CheckFailed
        raise failed(outcome, outcome_title(outcome))


def _record_answer(problem_id: str, value: Any, hidden: bool,
                   namespace: dict[str, Any]) -> bool:
    """Display the answer's record; False when the grader alone checks it.

    In the course's grading kernel (it is given the exercises' variables, and cannot read
    the exercises) the check only records; elsewhere (nbgrader validate) it checks too.
    """
    from .answer_record import MIME, call_results, record

    variables = settings.grading_vars()
    if variables:
        var, reachable = variables.get(str(problem_id), ""), False
        names = settings.grading_settings().get(str(problem_id), [])
        probes = settings.grading_probes().get(str(problem_id))
    else:
        try:
            problem = get_problem(problem_id)
            var, reachable = problem.var, True
            names, probes = list(problem.context), problem.probes()
        except UnknownExerciseError:
            var, reachable, names, probes = "", False, [], None
    used = {name: namespace[name] for name in names if name in namespace}
    missing = value is _MISSING and (not var or var not in namespace)
    if value is _MISSING and not missing:
        value = namespace[var]
    from IPython import get_ipython
    from IPython.display import display

    if get_ipython() is not None:  # the record is for nbgrader's copy of the notebook
        found = record(problem_id, value, hidden, missing, used)
        if not missing and callable(value) and isinstance(probes, dict):  # a function answer
            found["value"] = call_results(value, namespace.get(str(probes.get("table"))),
                                          list(probes.get("cases", [])))
        display({MIME: found, "text/plain": ""}, raw=True)
    if not reachable:
        show({"text/plain": _("Answer recorded: the grader checks it.")},
             metadata={"social_lab_recorded": True})
    return reachable


def next_hint(problem_id: str, number: int | None = None) -> tuple[str, str]:
    """The title and text of the next hint of an exercise (or of hint ``number``).

    Hints come in stages: each call counts the hint as seen, so the next call gives the next.
    """
    problem = get_problem(problem_id)
    total = len(problem.hints)
    if not total:
        return _(HINT_STYLE[2]), _("There are no hints for this exercise.")
    if number is None:
        number = min(_hints_seen.get(problem.id, 0) + 1, total)
    number = max(1, min(int(number), total))
    _hints_seen[problem.id] = max(_hints_seen.get(problem.id, 0), number)
    text = _(problem.hints[number - 1])
    if number == total:
        text += "\n" + _("(This is the last hint.)")
    return _("Hint {n} of {total}").format(n=number, total=total), text


def hint(problem_id: str, number: int | None = None) -> None:
    """Show the next hint of an exercise (or hint ``number``) in a box.

    Returns nothing, so a notebook shows only the box; ``next_hint`` returns the text.
    """
    title, text = next_hint(problem_id, number)
    show(box(HINT_STYLE[0], HINT_STYLE[1], title, text))
