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

from ..i18n import _
from .compare import compare_frame, compare_value
from .outcome import Outcome, Status

Reference = Callable[[], Any]


@dataclass(frozen=True)
class Mistake:
    """A plausible wrong answer, computed like the right one, with its own message."""

    value: Reference
    message: str  # marked with N_(), translated when shown


@dataclass(frozen=True)
class HiddenTest:
    """An extra test run only by the hidden part of a test cell (stripped for learners)."""

    test: Callable[[Any], bool]
    message: str  # marked with N_(), shown when ``test`` returns False


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

    id: str
    var: str
    hints: Sequence[str] = ()
    mistakes: Sequence[Mistake] = ()
    hidden: Sequence[HiddenTest] = ()

    def compare(self, value: Any) -> str | None:
        """None when ``value`` is right, else a message saying what differs."""
        raise NotImplementedError

    def assess(self, value: Any, hidden: bool = False) -> Outcome:
        """Check a learner's value: correct, incorrect (with why) or not attempted."""
        if is_blank(value):
            return Outcome(self.id, Status.NOT_ATTEMPTED, _(
                "Replace the ... in the cell that sets '{var}', "
                "run that cell, then run this one again.").format(var=self.var))
        problem = self.compare(value)
        if problem is None and hidden:
            for test in self.hidden:
                if not test.test(value):
                    problem = _(test.message)
                    break
        if problem is None:
            return Outcome(self.id, Status.CORRECT, _("Correct! Well done."))
        for mistake in self.mistakes:
            try:
                if compare_value(value, mistake.value()) is None:
                    return Outcome(self.id, Status.INCORRECT, _(mistake.message))
            except (TypeError, ValueError):
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


@dataclass(frozen=True)
class ChartProblem(Problem):
    """A bar chart (a matplotlib Axes) with a title, axis labels and the right bars."""

    expected: Reference = lambda: None  # noqa: E731 - a Series: label -> bar height
    rel_tol: float = 1e-6

    def compare(self, value: Any) -> str | None:
        axes = getattr(value, "axes", None)
        if axes is not None and not hasattr(value, "patches") and len(axes) >= 1:
            value = axes[0]  # a Figure: take its first Axes
        if not hasattr(value, "patches") or not hasattr(value, "get_title"):
            return _("The answer should be a chart: keep the result of .plot(...) in the variable.")
        bars = [p for p in value.patches if p.get_height() or p.get_width()]
        want: pd.Series = self.expected()
        if not bars:
            return _("The chart has no bars: use kind=\"bar\" or kind=\"barh\".")
        if len(bars) != len(want):
            return _("The chart has {m} bars; {n} are expected.").format(m=len(bars), n=len(want))
        horizontal = all(abs(b.get_x()) < 1e-9 for b in bars) and len({b.get_y() for b in bars}) > 1
        heights = [b.get_width() if horizontal else b.get_height() for b in bars]
        labels = value.get_yticklabels() if horizontal else value.get_xticklabels()
        shown = [t.get_text() for t in labels]
        got = pd.Series(heights, index=shown[: len(heights)] or None)
        if compare_value(sorted(got.tolist()), sorted(want.tolist()), rel_tol=self.rel_tol):
            return _("The bars do not show the values asked for: check the column you plotted.")
        if not value.get_title().strip():
            return _("The chart needs a title: add title=\"...\".")
        if not value.get_xlabel().strip() or not value.get_ylabel().strip():
            return _("Both axes need a label: use ax.set_xlabel(...) and ax.set_ylabel(...).")
        return None
