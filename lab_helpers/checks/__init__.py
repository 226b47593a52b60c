"""Exercise checks that serve nbgrader and the self-learner with one call."""

from .outcome import CheckFailed, NotAttempted, Outcome, Status
from .problems import (
    ChartProblem,
    ChoiceProblem,
    HiddenTest,
    Mistake,
    Problem,
    TableProblem,
    ValueProblem,
)
from .registry import UnknownExerciseError, get_problem, module_problems, register
from .runner import check, evaluate, grading, hint

__all__ = [
    "ChartProblem", "CheckFailed", "ChoiceProblem", "HiddenTest", "Mistake", "NotAttempted",
    "Outcome", "Problem", "Status", "TableProblem", "UnknownExerciseError", "ValueProblem",
    "check", "evaluate", "get_problem", "grading", "hint", "module_problems", "register",
]
