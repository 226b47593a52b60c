"""What a check found, and the exceptions that make nbgrader score a test cell 0."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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

    Its traceback in a notebook is just the friendly message: no stack of our code.
    """

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.message)
        self.outcome = outcome

    def _render_traceback_(self) -> list[str]:  # IPython's hook for custom tracebacks
        return [f"{type(self).__name__}: {self.outcome.problem_id}", self.outcome.message]


class NotAttempted(CheckFailed):
    """The answer was left blank: under grading it scores 0 like a wrong answer."""
