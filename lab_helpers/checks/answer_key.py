"""An exercise's answer key for a cohort's install: digests, not the code that computes them.

Run in the trainer's install (``social-lab cohort-wheel``): each Problem class has a
builder here (``KEY_BUILDERS``) that reads its reference values once and writes what the
learner's check needs: the kind of the expected answer (public: its type, a table's
columns), digests of the right answer and of each plausible wrong one with its message in
every language, and what the check says in its own words. ``digested.py`` checks with it.

Where the check can only get a few answers (a choice, True or False, an order, a reading
within a range), every possible answer is listed with what the check says of it: nothing
to compute at the learner's end, and nothing a learner could not find by trying.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .. import i18n
from ..i18n import LANGUAGES, _
from .digests import digest, forms, frame_form, frame_kind, kind_of
from .problems import (
    ChartProblem,
    ChoiceProblem,
    Mistake,
    OrderProblem,
    Problem,
    RangeProblem,
    TableProblem,
    ValueProblem,
)

SLOW = 5000  # PBKDF2 rounds for an answer among many: about 10 ms a digest
LISTED = 1  # a plain digest where every possible answer is listed anyway
MAX_LISTED = 5040  # 7 steps to order; a longer list of answers is refused
RANGE_STEPS = 20  # a range is read in steps of a power of ten, at least 20 across it
RANGE_MARGIN = 10  # widths each side of the range whose readings get "too low/high"
SCALE = 100  # compare_number names a percentage given for a share, and the reverse

KeyBuilder = Callable[[Any, "Digester"], dict[str, Any]]


class NoAnswerKeyError(TypeError):
    """An exercise of a Problem class that has no builder here."""


@dataclasses.dataclass(frozen=True)
class Digester:
    """Digests of one exercise: its own salt (the build's salt and the exercise id)."""

    salt: str
    iterations: int = SLOW

    def of(self, texts: list[str]) -> list[str]:
        return [digest(self.salt, text, self.iterations) for text in texts]

    def listed(self, text: str) -> str:
        return digest(self.salt, text, LISTED)


@contextmanager
def _language(lang: str) -> Iterator[None]:
    saved = i18n._current["lang"]
    i18n.set_language(lang)
    try:
        yield
    finally:
        i18n._current["lang"] = saved


def rendered(make: Callable[[], str]) -> dict[str, str]:
    """A message in every language of the course ({"en": ..., "it": ...})."""
    found = {}
    for lang in LANGUAGES:
        with _language(lang):
            found[lang] = make()
    return found


def said(message: str, **args: Any) -> dict[str, str]:
    """A message marked with N_(), translated into every language, filled with ``args``."""
    return rendered(lambda: _(message).format(**args) if args else _(message))


def _entry(value: Any, kind: dict[str, Any], message: dict[str, str],
           key: Digester) -> dict[str, Any]:
    return {"kind": kind, "digests": key.of(forms(value, kind)), "message": message}


def _mistakes(problem: Problem, key: Digester) -> list[dict[str, Any]]:
    """Each plausible wrong answer as compare_value would match it (Problem.matches)."""
    found = []
    for mistake in problem.mistakes:
        value = mistake.value()
        found.append(_entry(value, kind_of(value), said(mistake.message), key))
    return found


def _listed(problem: Problem, answers: list[tuple[str, Any]], key: Digester) -> dict[str, Any]:
    """Every possible answer (its form, a value to check) with what the check says of it."""
    if len(answers) > MAX_LISTED:
        raise NoAnswerKeyError(f"{problem.id}: {len(answers)} answers are too many to list")
    messages: list[dict[str, Any]] = []
    table: dict[str, int] = {}
    for text, value in answers:
        said_now = {}
        status = ""
        for lang in LANGUAGES:
            with _language(lang):
                outcome = problem.assess(value)
            said_now[lang] = outcome.message
            status = outcome.status.value
        record = {"status": status, **said_now}
        if record not in messages:
            messages.append(record)
        table[key.listed(text)] = messages.index(record)
    return {"messages": messages, "table": table}


def value_key(problem: ValueProblem, key: Digester) -> dict[str, Any]:
    """A number, a text, True/False or a list (``compare_value``'s kinds)."""
    expected = problem.expected()
    kind = kind_of(expected, problem.rel_tol)
    if kind["k"] == "bool":
        return {"type": "listed", "public": kind,
                **_listed(problem, [(f"b:{v}", v) for v in (True, False)], key)}
    entries = _mistakes(problem, key)
    if kind["k"] in ("int", "num") and expected:
        scale = {"k": "num", "tol": problem.rel_tol}
        entries.append(_entry(expected * SCALE, scale, said(
            "Your value looks 100 times too large: a percentage instead of a share?"), key))
        entries.append(_entry(expected / SCALE, scale, said(
            "Your value looks 100 times too small: a share instead of a percentage?"), key))
    if kind["k"] == "seq":
        entries.append({"kind": {"k": "sorted"}, "digests": key.of([sorted_form(expected)]),
                        "message": said("The items are right but in a different order.")})
    return {"type": "value", "public": kind, "right": key.of(forms(expected, kind)),
            "entries": entries}


def sorted_form(items: Any) -> str:
    """A list's items as text, sorted: the same items in another order share it."""
    return "sorted:" + "|".join(sorted(map(str, list(items))))


def table_key(problem: TableProblem, key: Digester) -> dict[str, Any]:
    """A DataFrame or Series: its columns are public, its rows are digests."""
    expected = problem.expected()
    kind = frame_kind(expected, problem.rel_tol, problem.check_order, problem.check_dtype,
                      problem.check_index)
    entries = _mistakes(problem, key)
    columns = {col: key.of([frame_form(expected, kind, grid, columns=[col]) or ""
                            for grid in (0.0, 0.5)]) for col in kind["cols"]}
    extra: dict[str, Any] = {"rows": key.of([f"rows:{len(expected)}"]), "columns": columns}
    if kind["index"]:
        extra["no_index"] = key.of([frame_form(expected, kind, g, index=False) or ""
                                    for g in (0.0, 0.5)])
    if kind["order"]:
        extra["sorted"] = key.of([frame_form(expected, kind, g, sort=True) or ""
                                  for g in (0.0, 0.5)])
    return {"type": "table", "public": kind, "right": key.of(forms(expected, kind)),
            "entries": entries, **extra}


def chart_key(problem: ChartProblem, key: Digester) -> dict[str, Any]:
    """A bar chart: the bars' heights (sorted, as the check reads them) are digests."""
    want = problem.expected()
    bars = {"k": "bars", "tol": problem.rel_tol}
    entries = []
    for mistake in problem.mistakes:
        heights = sorted(float(v) for v in mistake.value())
        entries.append({"kind": bars, "digests": key.of(bars_forms(heights, problem.rel_tol)),
                        "message": said(mistake.message)})
    heights = sorted(float(v) for v in want)
    raw_names = {str(want.index.name), str(want.name)}
    return {"type": "chart", "public": bars, "right": key.of(bars_forms(heights, problem.rel_tol)),
            "entries": entries, "count": key.of([f"count:{len(heights)}"]),
            "raw_names": key.of([label_form(name) for name in sorted(raw_names)])}


def label_form(label: str) -> str:
    """An axis label as the chart check reads it: without surrounding spaces, case kept."""
    return "label:" + label.strip()


def bars_forms(heights: list[float], rel_tol: float) -> list[str]:
    """Sorted bar heights on each grid, as a list of numbers is read (``forms``)."""
    return forms(list(heights), {"k": "seq", "items": [{"k": "num", "tol": rel_tol}] * len(
        heights)})


def choice_key(problem: ChoiceProblem, key: Digester) -> dict[str, Any]:
    """Multiple choice: every set of options is listed with what the check says of it."""
    options = sorted(set(problem.explanations) | set(problem.correct))
    answers = [(choice_form(chosen), list(chosen)) for size in range(1, len(options) + 1)
               for chosen in itertools.combinations(options, size)]
    return {"type": "choice", "options": options, **_listed(problem, answers, key)}


def choice_form(letters: Any) -> str:
    return "c:" + ",".join(sorted(letters))


def order_key(problem: OrderProblem, key: Digester) -> dict[str, Any]:
    """Steps to order: every order of the letters is listed with what the check says."""
    letters = sorted(problem.order)
    answers = [(order_form(p), list(p)) for p in itertools.permutations(letters)]
    return {"type": "order", "letters": letters, **_listed(problem, answers, key)}


def order_form(letters: Any) -> str:
    return "o:" + ",".join(letters)


def range_key(problem: RangeProblem, key: Digester) -> dict[str, Any]:
    """An estimate: readings in steps of the range's scale, each with what the check says,
    from 10 widths below the range to 10 widths above (farther off: "far")."""
    low, high = float(problem.low()), float(problem.high())
    refs = [float(m.value()) for m in problem.mistakes]
    fixed = dataclasses.replace(
        problem, low=lambda: low, high=lambda: high,
        mistakes=tuple(Mistake(lambda v=v: v, m.message) for v, m in zip(
            refs, problem.mistakes, strict=True)))
    object.__setattr__(fixed, "id", problem.id)
    width = high - low or abs(low) or 1.0
    step = 10 ** math.floor(math.log10(width / RANGE_STEPS))
    spans = [(low - RANGE_MARGIN * width, high + RANGE_MARGIN * width)]
    spans += [(r - abs(problem.mistake_tolerance * r), r + abs(problem.mistake_tolerance * r))
              for r in refs]
    steps = sorted({k for lo, hi in spans for k in range(
        math.floor(lo / step), math.ceil(hi / step) + 1)})
    answers = [(range_form(k), k * step) for k in steps]
    return {"type": "range", "step": step, **_listed(fixed, answers, key)}


def range_form(k: int) -> str:
    return f"q:{k}"


KEY_BUILDERS: dict[type, KeyBuilder] = {
    ValueProblem: value_key, TableProblem: table_key, ChartProblem: chart_key,
    ChoiceProblem: choice_key, OrderProblem: order_key, RangeProblem: range_key,
}


def keyable(problem: Problem) -> bool:
    """Whether ``answer_key`` can key the exercise (else it is checked only at grading)."""
    return type(problem) in KEY_BUILDERS and not getattr(problem, "context", None)


def unchecked_key(problem: Problem) -> dict[str, Any]:
    """The key of an exercise refused by ``answer_key``: its hints, and no check until
    grading (``social-lab cohort-wheel`` lists such exercises)."""
    return {"id": problem.id, "var": problem.var, "hints": list(problem.hints),
            "type": "unchecked", "salt": "", "iterations": LISTED}


def answer_key(problem: Problem, salt: str, iterations: int = SLOW) -> dict[str, Any]:
    """What a cohort learner's check of ``problem`` needs, and no reference code."""
    builder = KEY_BUILDERS.get(type(problem))
    if builder is None:  # a class of its own, even a subclass, compares in its own way
        raise NoAnswerKeyError(
            f"{problem.id}: {type(problem).__name__} has no answer-key builder "
            "(lab_helpers/checks/answer_key.py, KEY_BUILDERS)")
    if getattr(problem, "context", None):  # expected values that follow a notebook setting
        raise NoAnswerKeyError(
            f"{problem.id}: its expected value depends on the notebook's "
            f"{', '.join(problem.context)}; an answer key needs every value of that setting "
            "listed (lab_helpers/checks/answer_key.py)")
    digester = Digester(f"{salt}:{problem.id}", iterations)
    try:
        built = builder(problem, digester)
    except NoAnswerKeyError:
        raise
    except Exception as error:  # the reference code failed: name the exercise
        raise NoAnswerKeyError(f"{problem.id}: its answer key could not be made: "
                               f"{type(error).__name__}: {error}") from error
    return {"id": problem.id, "var": problem.var, "hints": list(problem.hints),
            "salt": digester.salt, "iterations": iterations, **built}

