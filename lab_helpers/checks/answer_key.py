"""An exercise's answer key for a cohort's install: digests, not the code that computes them.

Run in the trainer's install (``social-lab cohort-wheel``): each Problem class has a
builder here (``KEY_BUILDERS``) that reads its reference values once and writes what the
learner's check needs: the kind of the expected answer (public: its type, a table's
columns), digests of the right answer and of each plausible wrong one with its message in
every language, and what the check says in its own words. ``digested.py`` checks with it.

An answer that is a function is keyed by what the expected function and each plausible
wrong one give back on the cases its check calls it on (``function_key``); an exercise
whose expected value follows a notebook setting gets one key per listed value of the
setting (``Setting.values``), chosen by the setting's value when the check runs.

Where the check can only get a few answers (a choice, True or False, an order, a reading
within a range), every possible answer is listed with what the check says of it: nothing
to compute at the learner's end, and nothing a learner could not find by trying.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from .. import i18n
from ..i18n import LANGUAGES, _
from .answer_context import answer_context
from .digests import digest, forms, frame_form, frame_kind, kind_of
from .problems import (
    ChartProblem,
    ChoiceProblem,
    Mistake,
    OrderProblem,
    Problem,
    RangeProblem,
    Setting,
    TableProblem,
    ValueProblem,
)

SLOW = 5000  # PBKDF2 rounds for an answer among many: about 10 ms a digest
LISTED = 1  # a plain digest where every possible answer is listed anyway
MAX_LISTED = 5040  # 7 steps to order; a longer list of answers is refused
MAX_READINGS = 20_000  # readings of an estimate, on its grid and its mistakes' finer ones
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


def _listed(problem: Problem, answers: list[tuple[str, Any]], key: Digester,
            limit: int = MAX_LISTED) -> dict[str, Any]:
    """Every possible answer (its form, a value to check) with what the check says of it."""
    if len(answers) > limit:
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
        entries.append({"kind": {"k": "sorted"},
                        "digests": key.of(forms(expected, {"k": "sorted"})),
                        "message": said("The items are right but in a different order.")})
    return {"type": "value", "public": kind, "right": key.of(forms(expected, kind)),
            "entries": entries}


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
    covered = [(lo - step, hi + step) for lo, hi in spans]
    fine: list[float] = []  # a mistake's reading closer than a step: a finer grid around it
    for ref in refs:
        band = abs(problem.mistake_tolerance * ref)
        fine_step = 10 ** math.floor(math.log10(band / RANGE_STEPS)) if band else step
        if fine_step < step:
            answers += [(f"m{len(fine)}:{k}", k * fine_step) for k in range(
                math.floor((ref - 2 * band) / fine_step),
                math.ceil((ref + 2 * band) / fine_step) + 1)]
            fine.append(fine_step)
    answers += far_readings(covered)
    return {"type": "range", "step": step, "fine": fine,
            **_listed(fixed, answers, key, limit=MAX_READINGS)}


FAR_LEVELS = (4, 40, 400)  # readings far from the range: a decade cut in 4, 40, 400
FAR_DECADES = (-9, 15)  # from 1e-9 to 1e15, either sign


def far_form(value: float, level: int) -> str:
    """A reading far from the range, by its sign and its place on a logarithmic scale."""
    if abs(value) < 10 ** FAR_DECADES[0]:
        return "far:0"
    return f"far{level}:{'-' if value < 0 else '+'}{math.floor(math.log10(abs(value)) * level)}"


def far_readings(covered: list[tuple[float, float]]) -> list[tuple[str, float]]:
    """Readings outside the stretches ``covered`` by the grids: logarithmic buckets that lie
    wholly outside them (the check says "too low" or "too high" of all of a bucket), cut
    finer where a bucket straddles a stretch's end."""
    def place(lo: float, hi: float) -> str:
        if any(a <= lo and hi <= b for a, b in covered):
            return "inside"
        return "straddles" if any(lo < b and a < hi for a, b in covered) else "outside"

    found = [] if place(-1e-300, 1e-300) != "outside" else [("far:0", 0.0)]
    buckets = [(FAR_LEVELS[0], sign, b) for sign in (1, -1) for b in range(
        FAR_DECADES[0] * FAR_LEVELS[0], FAR_DECADES[1] * FAR_LEVELS[0])]
    while buckets:
        level, sign, b = buckets.pop()
        ends = sorted((sign * 10 ** (b / level), sign * 10 ** ((b + 1) / level)))
        where = place(*ends)
        if where == "outside":
            middle = sign * 10 ** ((b + 0.5) / level)
            found.append((far_form(middle, level), middle))
        elif where == "straddles" and level != FAR_LEVELS[-1]:
            finer = FAR_LEVELS[FAR_LEVELS.index(level) + 1]
            ratio = finer // level
            buckets += [(finer, sign, b * ratio + i) for i in range(ratio)]
    return found


def range_form(k: int) -> str:
    return f"q:{k}"


MARK = "\u2063mark\u2063"  # stands for a part of a message that the check fills in


def _template(message: str, name: str) -> str:
    """A message with ``MARK`` where the check wrote a value: a template for ``name``."""
    return message.replace("{", "{{").replace("}", "}}").replace(MARK, "{" + name + "}")


def _learnt(problem: Problem, answer: Any, name: str) -> dict[str, str]:
    """What the check says, in every language, of an answer whose message holds ``MARK``."""
    def make() -> str:
        return _template(problem.assess(answer).message, name)
    return rendered(make)


def _fails(*_args: Any) -> Any:
    raise RuntimeError(MARK)


def function_key(problem: Problem, key: Digester) -> dict[str, Any]:
    """A function answer (``Problem.probes()``): digests of what the expected function and
    each plausible wrong one give back on the cases the learner's check calls it on; the
    check's messages for a function that fails or gives back the wrong kind of thing."""
    probes = problem.probes() or {}
    table = problem.probe_table()
    cases = [list(c) for c in probes["cases"][:probes.get("checked", len(probes["cases"]))]]
    public = {"k": probes["result"], "tol": float(probes.get("tol", 1e-6))}

    def results(function: Callable[..., Any]) -> list[list[str]]:
        return [key.of([f"case{i}|{text}" for text in forms(
            function(table.copy(), *case), public)]) for i, case in enumerate(cases)]

    expected = problem.expected  # type: ignore[attr-defined] - a function answer's reference
    entries = [{"digests": results(m.value()), "message": said(m.message)}
               for m in problem.mistakes]
    wrong_kind = type(MARK, (), {})
    return {"type": "function", "table": probes["table"], "cases": cases, "public": public,
            "right": results(expected), "entries": entries,
            "not_function": rendered(lambda: problem.assess(0).message),
            "error": _learnt(problem, _fails, "error"),
            "wrong_kind": _learnt(problem, lambda *_a: wrong_kind(), "kind")}


KEY_BUILDERS: dict[type, KeyBuilder] = {
    ValueProblem: value_key, TableProblem: table_key, ChartProblem: chart_key,
    ChoiceProblem: choice_key, OrderProblem: order_key, RangeProblem: range_key,
}


def _builder(problem: Problem) -> KeyBuilder | None:
    """A function answer that says how its results are read, or a class's own builder."""
    probes = problem.probes()
    if probes and probes.get("result"):
        return function_key
    return KEY_BUILDERS.get(type(problem))


def keyable(problem: Problem) -> bool:
    """Whether ``answer_key`` can key the exercise (else it is checked only at grading)."""
    return _builder(problem) is not None and all(
        s.values is not None for s in problem.context.values())


def setting_key(setting: Setting) -> dict[str, Any]:
    """A setting's usable values, and what is said of another value: a value of the same
    type that is not listed, or a value of another type (the two answers ``trouble`` gives
    in the course)."""
    values = list(setting.values() if setting.values else [])
    refused = [v for v in values if setting.trouble(v) is not None]
    if refused or not values:
        raise NoAnswerKeyError(f"listed values refused by the setting itself: {refused}")
    unlisted = UNLISTED.get(type(values[0]))
    return {"values": values, "example": setting.example,
            "unlisted": setting.trouble(unlisted) if unlisted is not None else None,
            "other": setting.trouble(object())}


UNLISTED: dict[type, Any] = {str: "?", int: -(10 ** 9)}  # a value no setting lists


def _context_key(problem: Problem, builder: KeyBuilder, salt: str,
                 iterations: int) -> dict[str, Any]:
    """One answer key per combination of the settings' values, chosen at check time."""
    names = list(problem.context)
    keys = {}
    settings = {name: setting_key(setting) for name, setting in problem.context.items()}
    for combination in itertools.product(*(settings[n]["values"] for n in names)):
        chosen = json.dumps(list(combination))
        digester = Digester(f"{salt}:{problem.id}:{chosen}", iterations)
        with answer_context(dict(zip(names, combination, strict=True))):
            keys[chosen] = {"salt": digester.salt, **builder(problem, digester)}
    return {"type": "context", "settings": settings, "keys": keys}


def unchecked_key(problem: Problem) -> dict[str, Any]:
    """The key of an exercise refused by ``answer_key``: its hints, and no check until
    grading (``social-lab cohort-wheel`` lists such exercises)."""
    return {"id": problem.id, "var": problem.var, "hints": list(problem.hints),
            "type": "unchecked", "salt": "", "iterations": LISTED}


def answer_key(problem: Problem, salt: str, iterations: int = SLOW) -> dict[str, Any]:
    """What a cohort learner's check of ``problem`` needs, and no reference code."""
    builder = _builder(problem)
    if builder is None:  # a class of its own, even a subclass, compares in its own way
        raise NoAnswerKeyError(
            f"{problem.id}: {type(problem).__name__} has no answer-key builder "
            "(lab_helpers/checks/answer_key.py, KEY_BUILDERS)")
    unlisted = [n for n, s in problem.context.items() if s.values is None]
    if unlisted:  # expected values that follow a notebook setting of unknown values
        raise NoAnswerKeyError(
            f"{problem.id}: its expected value depends on the notebook's "
            f"{', '.join(unlisted)}; an answer key needs every value of that setting "
            "listed (Setting.values)")
    digester = Digester(f"{salt}:{problem.id}", iterations)
    try:
        if problem.context:  # expected values that follow a notebook setting
            built = _context_key(problem, builder, salt, iterations)
        else:
            built = builder(problem, digester)
    except NoAnswerKeyError as error:
        if str(error).startswith(problem.id):
            raise
        raise NoAnswerKeyError(f"{problem.id}: {error}") from error
    except Exception as error:  # the reference code failed: name the exercise
        raise NoAnswerKeyError(f"{problem.id}: its answer key could not be made: "
                               f"{type(error).__name__}: {error}") from error
    return {"id": problem.id, "var": problem.var, "hints": list(problem.hints),
            "salt": digester.salt, "iterations": iterations, **built}

