"""The check guard: an IPython extension loaded by every grading kernel.

Before each cell that calls ``check(``, it puts back what student code may have replaced:
the notebook's ``check``, nbgrader's grading flag (NBGRADER_EXECUTION), every function,
class attribute and registered exercise of ``lab_helpers``, the comparison functions of
Python, numpy and pandas (``COMPARED``), and IPython's input and AST
transformers, exception handlers and cell runners, as they were when the kernel started.
If anything had to be put back, the test cell shows a short note (kept in the graded
notebook, marked ``social_lab_guard`` in the output's metadata) and the submission is
flagged (``verdicts``).

It also installs an audit hook (which Python code cannot remove) that notes every attempt
to import the exercises or open the course's reference code and answer keys; the grading
kernel cannot read them (containment hides them), and the next test cell shows the note.

This is a line of defence behind the static scan of ``integrity``, and it only flags:
Python offers no way to make code in one process tamper-proof against other code in it,
so what scores is decided outside the kernel (``verdicts``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from .. import settings
from ..i18n import N_, _

MARK = "social_lab_guard"
NOTE = N_("Grading note: code above had replaced part of the course's checks ({what}). "
          "They were put back before this test.")
_MISSING = object()
ANSWER_NOTE = "answer key"
# modules whose comparison functions a learner might replace to pass a check
COMPARED = ("math", "cmath", "operator", "numpy", "numpy.testing", "pandas",
            "pandas.testing", "pandas.core.dtypes.missing")


class Snapshot:
    """The lab_helpers objects a test cell relies on, as they were at kernel start."""

    def __init__(self) -> None:
        from ..checks import notebook_calls, registry

        self.check = notebook_calls.check
        # functions, classes and modules only: data (caches, the language) may change
        self.modules = {name: (module, {k: v for k, v in vars(module).items() if _code(v)})
                        for name, module in list(sys.modules.items())
                        if name == "lab_helpers" or name.startswith("lab_helpers.")
                        or name in COMPARED}
        self.classes = []
        for name, (_module, namespace) in self.modules.items():
            if name in COMPARED:
                continue
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


# what student code may change about how the kernel runs cells and shows their errors
HOOK_LISTS = ("input_transformers_cleanup", "input_transformers_post", "ast_transformers")
HOOK_TRAITS = ("input_transformer_manager", "displayhook", "display_pub")
HOOK_METHODS = ("showtraceback", "_showtraceback", "showsyntaxerror", "run_cell",
                "run_cell_async", "run_ast_nodes", "run_code", "transform_cell", "transform_ast",
                "CustomTB", "custom_exceptions", "InteractiveTB", "SyntaxTB")


class KernelHooks:
    """IPython's transformers, exception handlers and runners, as at kernel start."""

    def __init__(self, ip: Any) -> None:
        self.ip = ip
        self.lists = {n: (getattr(ip, n, None), list(getattr(ip, n, None) or []))
                      for n in HOOK_LISTS}
        self.traits = {n: getattr(ip, n, _MISSING) for n in HOOK_TRAITS}
        self.instance = {n: vars(ip).get(n, _MISSING) for n in HOOK_METHODS}
        self.klass = {n: getattr(type(ip), n, _MISSING) for n in HOOK_METHODS}

    def restore(self) -> list[str]:
        """Put every hook back; return the names of those that had been changed."""
        changed = []
        for name, value in self.traits.items():
            if getattr(self.ip, name, _MISSING) is not value:
                setattr(self.ip, name, value)
                changed.append(name)
        for name, (original, items) in self.lists.items():
            current = getattr(self.ip, name, None)
            if current is original and list(current or []) == items and all(
                    a is b for a, b in zip(current or [], items, strict=False)):
                continue
            try:
                setattr(self.ip, name, original)
            except (AttributeError, TypeError):
                pass
            if isinstance(original, list):
                original[:] = items
            changed.append(name)
        for name, value in self.instance.items():
            if vars(self.ip).get(name, _MISSING) is not value:
                if value is _MISSING:
                    vars(self.ip).pop(name, None)
                else:
                    vars(self.ip)[name] = value
                changed.append(name)
        for name, value in self.klass.items():
            if getattr(type(self.ip), name, _MISSING) is not value and value is not _MISSING:
                setattr(type(self.ip), name, value)
                changed.append(name)
        return [f"IPython.{name}" for name in changed]


def _code(value: Any) -> bool:
    return callable(value) or isinstance(value, type(os))


def _note(changed: list[str]) -> None:
    from IPython.display import display

    shown = ", ".join(sorted(set(changed))[:5]) + (", ..." if len(set(changed)) > 5 else "")
    display({"text/plain": _(NOTE).format(what=shown)}, raw=True,
            metadata={MARK: sorted(set(changed))})


ANSWER_MODULES = ("lab_helpers.exercises",)


def answer_watch(attempts: list[str]) -> Any:
    """An audit hook that notes imports and opens of the course's reference and keys."""
    from .course import answer_paths

    roots = tuple(str(p) for p in answer_paths())

    def hook(event: str, args: tuple) -> None:
        if event == "import":
            name = str(args[0]) if args else ""
            if name.startswith(ANSWER_MODULES) and name not in attempts:
                attempts.append(name)
        elif event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
            path = os.path.abspath(os.fsdecode(args[0]))
            if path.startswith(roots) and path not in attempts:
                attempts.append(path)

    return hook


def load_ipython_extension(ip: Any) -> None:
    """Take the snapshot (before any student code) and guard every test cell."""
    import importlib

    import lab_helpers  # noqa: F401  (the notebook's setup cell imports it too)

    from ..checks.registry import module_problems

    module = settings.grading_module()
    if module:
        module_problems(f"m{module}")
    for name in ("lab_helpers.checks.display", "lab_helpers.errors", "lab_helpers.plots",
                 *COMPARED):
        importlib.import_module(name)
    from ..errors import enable_error_help

    enable_error_help(ip)  # the setup cell's error help, installed before the hooks' snapshot
    snapshot = Snapshot()
    hooks = KernelHooks(ip)
    attempts: list[str] = []
    try:
        sys.addaudithook(answer_watch(attempts))
    except (OSError, ValueError):  # no datapackage: nothing to watch
        pass

    def before(info: Any) -> None:
        source = getattr(info, "raw_cell", "") or ""
        if "check(" not in source:
            return
        changed = snapshot.restore(ip.user_ns) + hooks.restore()
        if attempts:
            changed += [f"{ANSWER_NOTE}: {Path(a).name}" for a in attempts]
            attempts.clear()
        if changed:
            _note(changed)

    ip.events.register("pre_run_cell", before)
