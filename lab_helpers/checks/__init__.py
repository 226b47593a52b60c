"""Exercise checks that serve nbgrader and the self-learner with one call."""

from ..settings import cohort_mode, grading
from .notebook_calls import check, evaluate, hint
from .outcome import CheckFailed, NotAttempted, Outcome, Status
from .problems import (
    ChartProblem,
    ChoiceProblem,
    HiddenTest,
    Mistake,
    OrderProblem,
    Problem,
    RangeProblem,
    Setting,
    TableProblem,
    Try,
    ValueProblem,
    WrongAnswer,
)
from .registry import UnknownExerciseError, bind, get_problem, module_problems, register
from .solutions import solution

__all__ = [
    "ChartProblem", "CheckFailed", "ChoiceProblem", "HiddenTest", "Mistake", "NotAttempted",
    "OrderProblem", "Outcome", "Problem", "RangeProblem", "Setting", "Status", "TableProblem",
    "Try", "UnknownExerciseError", "ValueProblem", "WrongAnswer",
    "bind", "check", "cohort_mode", "evaluate", "get_problem", "grading", "hint", "module_problems",
    "register", "solution",
]
