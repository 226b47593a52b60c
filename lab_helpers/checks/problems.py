"""Exercise checks as small declarative problem classes.

A module declares its exercises once (``lab_helpers/exercises/mNN.py``); the test cell of
a notebook only calls ``check("mNN.name")``. Expected values are functions of the shipped
data, computed when the check runs, so the check and the data can never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..i18n import _, ngettext
from .compare import compare_frame, compare_value
from .outcome import Outcome, Status

Reference = Callable[[], Any]


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer, computed like the right one, with its own message.

    ``code`` is what a learner would write in the answer cell, in place of the solution,
    to make this mistake: the tests run it in a real kernel and expect ``message``.
    """

    value: Reference
    message: str  # marked with N_(), translated when shown
    code: str = ""


@dataclass(frozen=True)
class HiddenTest:
    """An extra test run only by the hidden part of a test cell (stripped for learners).

    ``code``: a learner's answer that only this hidden test catches.
    """

    test: Callable[[Any], bool]
    message: str  # marked with N_(), shown when ``test`` returns False
    code: str = ""


@dataclass(frozen=True)
class Try:
    """A plausible wrong answer that the check's own reasoning catches, not a Mistake.

    ``code`` replaces the solution in the answer cell; ``message`` (marked with N_()) is
    what the learner must then be told, filled in with ``args``.
    """

    code: str
    message: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WrongAnswer:
    """One wrong answer to run in a kernel, and the message it must get."""

    code: str
    message: str  # English, marked with N_()
    args: Mapping[str, Any]
    hidden: bool  # caught only by the hidden tests (so only under grading)

    def expected(self, translate: Callable[[str], str]) -> str:
        """The message a learner must read, in the language of ``translate``."""
        text = translate(self.message)
        return text.format(**self.args) if self.args else text


@dataclass(frozen=True)
class Setting:
    """A notebook setting (``DISTRICT = "D07"``) that an exercise's expected value depends on."""

    trouble: Callable[[Any], str | None]  # what is wrong with a value (N_()), None if usable
    example: Any  # a usable value, for assessing the exercise outside a notebook (tests)
    # every usable value, when they are few (a cohort's install has an answer key for each)
    values: Callable[[], Sequence[Any]] | None = None


def is_blank(value: Any) -> bool:
    """The ``...`` placeholder, alone or left inside a list."""
    if value is Ellipsis:
        return True
    if isinstance(value, list | tuple):
        return any(item is Ellipsis for item in value)
    return False


@dataclass(frozen=True)
class Problem:
    """One autograded exercise. Subclasses say how an answer is compared."""

    id: str = ""  # given by the module it is declared in: "m00." + its name
    var: str = ""  # the notebook variable checked; by default the exercise's name
    hints: Sequence[str] = ()
    mistakes: Sequence[Mistake] = ()
    hidden: Sequence[HiddenTest] = ()
    tries: Sequence[Try] = ()  # more wrong answers, caught by the check itself
    right: Sequence[str] = ()  # right answers written another way (code for the answer cell)
    # notebook settings the expected value depends on, by name (see answer_context)
    context: Mapping[str, Setting] = field(default_factory=dict)

    def wrong_answers(self) -> list[WrongAnswer]:
        """Every plausible wrong answer declared with its learner code, in order."""
        found = [WrongAnswer(m.code, m.message, {}, False) for m in self.mistakes if m.code]
        found += [WrongAnswer(t.code, t.message, dict(t.args), False) for t in self.tries]
        found += [WrongAnswer(h.code, h.message, {}, True) for h in self.hidden if h.code]
        return found

    def probes(self) -> dict[str, Any] | None:
        """For an answer that is a function: the notebook table and the cases to call it on.

        ``{"table": "requests", "cases": [["D01", "web"], ...]}``: under grading the kernel
        records what the learner's function gives back for each case (answer_record).
        """
        return None

    def probe_table(self) -> Any:
        """For an answer that is a function: the table its check calls it on (the notebook's
        ``probes()["table"]`` as the check rebuilds it); None for other answers."""
        return None

    def example_context(self) -> dict[str, Any]:
        """A usable value of each setting the exercise depends on (empty for most)."""
        return {name: setting.example for name, setting in self.context.items()}

    def compare(self, value: Any) -> str | None:
        """None when ``value`` is right, else a message saying what differs."""
        raise NotImplementedError

    def matches(self, value: Any, reference: Any) -> bool:
        """True when ``value`` is the same answer as ``reference`` (used for mistakes)."""
        return compare_value(value, reference) is None

    def assess(self, value: Any, hidden: bool = False) -> Outcome:
        """Check a learner's value: correct, incorrect (with why) or not attempted."""
        if is_blank(value):
            return Outcome(self.id, Status.NOT_ATTEMPTED, _(
                "Replace the ... in the cell that sets '{var}', "
                "run that cell, then run this one again.").format(var=self.var))
        try:
            problem = self.compare(value)
        except Exception:  # noqa: BLE001 - an answer of an odd kind is a wrong answer
            problem = _("Not quite: that is not the expected answer.")
        if problem is None and hidden:
            for test in self.hidden:
                try:
                    passed = bool(test.test(value))
                except Exception:  # noqa: BLE001 - a test that cannot run is a failed test
                    passed = False
                if not passed:
                    problem = _(test.message)
                    break
        if problem is None:
            return Outcome(self.id, Status.CORRECT, _("Correct! Well done."))
        for mistake in self.mistakes:
            try:
                if self.matches(value, mistake.value()):
                    return Outcome(self.id, Status.INCORRECT, _(mistake.message))
            except Exception:  # noqa: BLE001 - a mistake that cannot be compared is no match
                continue
        return Outcome(self.id, Status.INCORRECT, problem)


@dataclass(frozen=True)
class ValueProblem(Problem):
    """A number, a text, a True/False or a list, compared with a reference value."""

    expected: Reference = lambda: None  # noqa: E731 - a dataclass default
    rel_tol: float = 1e-6

    def compare(self, value: Any) -> str | None:
        return compare_value(value, self.expected(), rel_tol=self.rel_tol)


@dataclass(frozen=True)
class TableProblem(Problem):
    """A DataFrame or Series, compared column by column with a reference table."""

    expected: Reference = lambda: None  # noqa: E731
    rel_tol: float = 1e-6
    check_order: bool = True
    check_dtype: bool = True
    check_index: bool = False

    def compare(self, value: Any) -> str | None:
        return compare_frame(value, self.expected(), rel_tol=self.rel_tol,
                             check_order=self.check_order, check_dtype=self.check_dtype,
                             check_index=self.check_index)


@dataclass(frozen=True)
class ChoiceProblem(Problem):
    """Multiple choice: one or several letters; every wrong option explains itself."""

    correct: frozenset[str] = frozenset()
    explanations: Mapping[str, str] = field(default_factory=dict)  # wrong letter -> N_()

    def _letters(self, value: Any) -> set[str] | None:
        if isinstance(value, str):
            parts = value.replace(",", " ").split()
        elif isinstance(value, list | tuple | set | frozenset):
            parts = [str(v) for v in value]
        else:
            return None
        return {p.strip().strip("'\"()").lower() for p in parts if p.strip()}

    def wrong_answers(self) -> list[WrongAnswer]:
        """Each wrong option, answered alone, gets its own explanation."""
        return [WrongAnswer(f'"{letter}"', text, {}, False)
                for letter, text in self.explanations.items()] + super().wrong_answers()

    def compare(self, value: Any) -> str | None:
        letters = self._letters(value)
        options = set(self.explanations) | set(self.correct)
        if not letters:
            return _("Answer with the letter of your choice, between quotes, like \"a\".")
        unknown = sorted(letters - options)
        if unknown:
            return _("'{letter}' is not one of the options ({options}).").format(
                letter=unknown[0], options=", ".join(sorted(options)))
        wrong = sorted(letters - self.correct)
        if wrong:
            return _(self.explanations[wrong[0]])
        if letters != self.correct:
            return _("Part of the answer: more than one option is right.")
        return None


def bar_axes(value: Any) -> Any:
    """The Axes of a chart given as an Axes or a Figure; None for anything else."""
    if hasattr(value, "patches") and hasattr(value, "get_title"):
        return value
    axes = getattr(value, "axes", None)
    if isinstance(axes, list) and axes and hasattr(axes[0], "patches"):
        return axes[0]
    return None


def bar_labels(value: Any) -> set[str]:
    """The names written on a chart's axes (its bars' labels), for hidden tests."""
    axes = bar_axes(value)
    if axes is None:
        return set()
    return {t.get_text() for t in axes.get_xticklabels()} | {
        t.get_text() for t in axes.get_yticklabels()}


def is_whole_number(value: Any) -> bool:
    """True for 14, False for 14.0 or True: counts are whole numbers (a hidden test)."""
    import numbers

    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def bar_heights(axes: Any) -> tuple[list[float], bool]:
    """The bars' values (sorted) and whether the bars are horizontal."""
    bars = [p for p in axes.patches if p.get_height() or p.get_width()]
    # barh starts every bar at x = 0 and centres it on its row (y = row - 0.4); bar starts it
    # at y = 0 and centres it on its column: so one bar alone is read the right way too
    horizontal = bool(bars) and all(abs(b.get_x()) < 1e-9 for b in bars) and any(
        abs(b.get_y()) >= 1e-9 for b in bars)
    return sorted(b.get_width() if horizontal else b.get_height() for b in bars), horizontal


@dataclass(frozen=True)
class ChartProblem(Problem):
    """A bar chart (a matplotlib Axes) with a title, axis labels and the right bars."""

    expected: Reference = lambda: None  # noqa: E731 - a Series: label -> bar height
    rel_tol: float = 1e-6

    def matches(self, value: Any, reference: Any) -> bool:
        axes = bar_axes(value)
        if axes is None:
            return False
        heights, _horizontal = bar_heights(axes)
        return compare_value(heights, sorted(float(v) for v in reference),
                             rel_tol=self.rel_tol) is None

    def compare(self, value: Any) -> str | None:
        axes = bar_axes(value)
        if axes is None:
            return _("The answer should be a chart: keep the result of .plot(...) in the variable.")
        heights, _horizontal = bar_heights(axes)
        want: pd.Series = self.expected()
        if not heights:
            return _("The chart has no bars: use kind=\"bar\" or kind=\"barh\".")
        if len(heights) != len(want):
            return " ".join((
                ngettext("The chart has {m} bar;", "The chart has {m} bars;", len(heights)).format(
                    m=len(heights)),
                ngettext("{n} is expected.", "{n} are expected.", len(want)).format(n=len(want))))
        if not self.matches(axes, want):
            return _("The bars do not show the values asked for: check the column you plotted.")
        if not axes.get_title().strip():
            return _("The chart needs a title: add title=\"...\".")
        raw_names = {str(want.index.name), str(want.name)}
        labels = (axes.get_xlabel().strip(), axes.get_ylabel().strip())
        if not all(labels) or any(label in raw_names for label in labels):
            return _("Both axes need a label in words: use xlabel=\"...\" and ylabel=\"...\" "
                     "in .plot(...), or ax.set_xlabel(...) and ax.set_ylabel(...).")
        return None


@dataclass(frozen=True)
class RangeProblem(Problem):
    """A number that is right anywhere between two bounds (an estimate, a reading)."""

    low: Reference = lambda: 0  # noqa: E731 - bounds may be computed from the data
    high: Reference = lambda: 0  # noqa: E731
    mistake_tolerance: float = 0.05  # an estimate this close to a mistake's value matches it

    def matches(self, value: Any, reference: Any) -> bool:
        from .compare import is_number

        return is_number(value) and abs(float(value) - float(reference)) <= abs(
            self.mistake_tolerance * float(reference))

    def compare(self, value: Any) -> str | None:
        from .compare import is_number

        if isinstance(value, str) or not is_number(value):
            return _("The answer should be a number, without quotes.")
        low, high = float(self.low()), float(self.high())
        if low <= float(value) <= high:
            return None
        if float(value) < low:
            return _("Your estimate is too low: look again at the figures above.")
        return _("Your estimate is too high: look again at the figures above.")


@dataclass(frozen=True)
class OrderProblem(Problem):
    """Steps to put in order: the learner lists their letters, e.g. ["b", "a", "c"]."""

    order: tuple[str, ...] = ()

    def compare(self, value: Any) -> str | None:
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        if not isinstance(value, list | tuple):
            return _("Answer with a list of letters in order, like [\"b\", \"a\", \"c\"].")
        given = [str(v).strip().lower() for v in value]
        if sorted(given) != sorted(self.order):
            return _("Use each of the letters {letters} exactly once.").format(
                letters=", ".join(sorted(self.order)))
        if given == list(self.order):
            return None
        right = sum(a == b for a, b in zip(given, self.order, strict=True))
        if given[0] != self.order[0]:
            return _("Think again about which step comes first.")
        return ngettext("{right} of {n} steps is in the right place.",
                        "{right} of {n} steps are in the right place.", right).format(
            right=right, n=len(self.order))
