"""What a check found, and the exceptions that make nbgrader score a test cell 0."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from enum import StrEnum

WIDTH = 60  # nbgrader's Validate dialog cuts longer lines off on the right


class Status(StrEnum):
    """The three answers a check can give."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not_attempted"


@dataclass(frozen=True)
class Outcome:
    """The result of checking one exercise; ``message`` is already translated."""

    problem_id: str
    status: Status
    message: str

    @property
    def passed(self) -> bool:
        return self.status is Status.CORRECT


class CheckFailed(AssertionError):
    """Raised under grading so that nbgrader scores the test cell 0.

    ``title`` names the exercise and the verdict ("Exercise 1 · Not yet right"). Its text
    is "title: message"; its traceback in a notebook (and in nbgrader's Validate dialog) is
    the title, the message in short lines and the id: no stack of our code.
    """

    def __init__(self, outcome: Outcome, title: str = "") -> None:
        self.title = title or outcome.problem_id
        super().__init__(f"{self.title}: {outcome.message}")
        self.outcome = outcome

    def _render_traceback_(self) -> list[str]:  # IPython's hook for custom tracebacks
        lines = [wrapped for line in self.outcome.message.splitlines()
                 for wrapped in textwrap.wrap(line, WIDTH) or [""]]
        return [f"\x1b[1m{self.title}\x1b[0m", *lines, f"({self.outcome.problem_id})"]


class NotAttempted(CheckFailed):
    """The answer was left blank: under grading it scores 0 like a wrong answer."""
