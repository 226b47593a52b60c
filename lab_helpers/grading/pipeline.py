"""What every autograding of this course runs: nbgrader's steps, with three of ours.

``grading_config`` is merged by ``instructor/nbgrader_config.py``, so ``social-lab grade``,
plain ``nbgrader autograde`` and the formgrader's *Autograde* button run the same steps:

1. ``IntegrityRepair`` (``integrity_step``), among the sanitize steps, before nbgrader
   overwrites the locked cells: deleted or edited cells are put back, code that changes
   the checks is commented out, files beside the notebook are reported;
2. ``ContainedExecute`` (``contained_execute``) in place of ``Execute``: each kernel is
   confined, starts in an empty folder and loads the check guard;
3. ``VerifyVerdicts`` (``verdicts``), right after execution: each test cell keeps its
   points only if the exercise's check, run in the grader's process on the answer the
   kernel recorded, says it is right.

nbgrader's other steps (saving grades, limiting output, late penalties) are unchanged.
"""

from __future__ import annotations

from typing import Any


def sanitize_preprocessors() -> list[Any]:
    """nbgrader's sanitize steps with the integrity repair after ClearOutput."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import ClearOutput

    from .integrity_step import IntegrityRepair

    steps = [s for s in Autograde.class_traits()["sanitize_preprocessors"].default()
             if s is not IntegrityRepair]
    at = steps.index(ClearOutput) + 1 if ClearOutput in steps else 0
    return steps[:at] + [IntegrityRepair] + steps[at:]


def autograde_preprocessors() -> list[Any]:
    """nbgrader's autograde steps: ContainedExecute for Execute, then VerifyVerdicts."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    from .contained_execute import ContainedExecute
    from .verdicts import VerifyVerdicts

    steps: list[Any] = []
    for step in Autograde.class_traits()["autograde_preprocessors"].default():
        steps += [ContainedExecute, VerifyVerdicts] if step is Execute else [step]
    return steps


def grading_config() -> Any:
    """The nbgrader configuration of the course's grading steps."""
    from traitlets.config import Config

    config = Config()
    config.Autograde.sanitize_preprocessors = sanitize_preprocessors()
    config.Autograde.autograde_preprocessors = autograde_preprocessors()
    return config
