"""The check guard: an IPython extension loaded by every grading kernel.

Before each cell that calls ``check(``, it puts back what student code may have replaced:
the notebook's ``check``, nbgrader's grading flag (NBGRADER_EXECUTION), and every
function, class attribute and registered exercise of ``lab_helpers`` as they were when the
kernel started. If anything had to be put back, the test cell shows a short note (kept in
the graded notebook, marked ``social_lab_guard`` in the output's metadata) and the worker
flags the submission.

This is a second line of defence behind the static scan of ``integrity``: Python offers
no way to make code in one process fully tamper-proof against other code in it.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from .. import settings
from ..i18n import N_, _

MARK = "social_lab_guard"
NOTE = N_("Grading note: code above had replaced part of the course's checks ({what}). "
          "They were put back before this test.")
_MISSING = object()


class Snapshot:
    """The lab_helpers objects a test cell relies on, as they were at kernel start."""

    def __init__(self) -> None:
        from ..checks import notebook_calls, registry

        self.check = notebook_calls.check
        # functions, classes and modules only: data (caches, the language) may change
        self.modules = {name: (module, {k: v for k, v in vars(module).items() if _code(v)})
                        for name, module in list(sys.modules.items())
                        if name == "lab_helpers" or name.startswith("lab_helpers.")}
        self.classes = []
        for name, (_module, namespace) in self.modules.items():
            for value in namespace.values():
                if isinstance(value, type) and value.__module__ == name:
                    self.classes.append((value, {k: v for k, v in vars(value).items()
                                                 if not k.startswith("__")}))
        self.registry = registry._PROBLEMS
        self.problems = dict(registry._PROBLEMS)
        self.problem_state = {pid: dict(vars(p)) for pid, p in self.problems.items()
                              if hasattr(p, "__dict__")}

    def restore(self, namespace: dict[str, Any]) -> list[str]:
        """Put everything back; return what had been changed."""
        changed: list[str] = []
        for name, (module, saved) in self.modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
                changed.append(name)
            current = vars(module)
            for key, value in saved.items():
                if current.get(key, _MISSING) is not value:
                    current[key] = value
                    changed.append(f"{name}.{key}")
        for cls, saved in self.classes:
            current = vars(cls)
            for key, value in saved.items():
                if current.get(key, _MISSING) is value:
                    continue
                try:
                    setattr(cls, key, value)
                except (AttributeError, TypeError):
                    continue
                changed.append(f"{cls.__module__}.{cls.__qualname__}.{key}")
        for pid, problem in self.problems.items():
            if self.registry.get(pid) is not problem:
                self.registry[pid] = problem
                changed.append(pid)
            state = vars(problem) if hasattr(problem, "__dict__") else {}
            for key, value in self.problem_state.get(pid, {}).items():
                if state.get(key, _MISSING) is not value:
                    state[key] = value
                    changed.append(f"{pid}.{key}")
        # after the modules, settings among them: the flag is read through settings
        if settings.nbgrader_execution() != "autograde":
            os.environ[settings.NBGRADER_EXECUTION] = "autograde"
            changed.append(settings.NBGRADER_EXECUTION)
        if namespace.get("check", self.check) is not self.check:
            changed.append("check")
        if "check" in namespace or changed:
            namespace["check"] = self.check
        return changed


def _code(value: Any) -> bool:
    return callable(value) or isinstance(value, type(os))


def _note(changed: list[str]) -> None:
    from IPython.display import display

    shown = ", ".join(sorted(set(changed))[:5]) + (", ..." if len(set(changed)) > 5 else "")
    display({"text/plain": _(NOTE).format(what=shown)}, raw=True,
            metadata={MARK: sorted(set(changed))})


def load_ipython_extension(ip: Any) -> None:
    """Take the snapshot (before any student code) and guard every test cell."""
    import importlib

    import lab_helpers  # noqa: F401  (the notebook's setup cell imports it too)

    from ..checks.registry import module_problems

    module = settings.grading_module()
    if module:
        module_problems(f"m{module}")
    for name in ("lab_helpers.checks.display", "lab_helpers.errors", "lab_helpers.plots"):
        importlib.import_module(name)
    snapshot = Snapshot()

    def before(info: Any) -> None:
        source = getattr(info, "raw_cell", "") or ""
        if "check(" not in source:
            return
        changed = snapshot.restore(ip.user_ns)
        if changed:
            _note(changed)

    ip.events.register("pre_run_cell", before)
