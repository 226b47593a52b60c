"""nbgrader's Execute for this course: every grading kernel confined, in an empty folder.

``ContainedExecute`` takes the place of ``Execute`` in ``Autograde.autograde_preprocessors``
(with the limits of ``GuardedExecute``). Whatever kernelspec a notebook names, its kernel
is ``lab_helpers.grading.kernel``: it confines itself (``containment.enter``: no network,
the course's other folders, reference code and answer keys hidden, its own unprivileged
user when run as root) and loads the check guard before any student code runs. It starts
in an empty folder, so no file shipped beside the notebook can be imported.

Under ``social-lab grade`` the worker gives the containment (probed once for the run); in
plain ``nbgrader autograde`` and the formgrader it is probed once per process. When the
machine cannot confine student code, grading refuses with a message, unless the trainer
set ``c.ContainedExecute.allow_uncontained = True`` (what ``--no-containment`` does).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from nbformat import NotebookNode
from traitlets import Bool, Integer

from .. import settings
from ..i18n import N_, _
from .limits import GuardedExecute

REFUSED = N_("Student code cannot be confined on this machine (it needs Linux, and root or "
             "user namespaces), so it was not run. To grade without containment (not "
             "recommended): social-lab grade --no-containment, or for nbgrader set "
             "c.ContainedExecute.allow_uncontained = True in nbgrader_config.py.")
_PROBED: dict[tuple[Any, ...], Any] = {}
_RUN: dict[str, Path] = {}


class ContainmentUnavailable(RuntimeError):
    """The machine cannot confine a grading kernel, and the trainer did not waive it."""


def use_run_dir(path: Path) -> None:
    """Keep kernels' scratch and sockets in ``path`` (a grading worker: its run's folder,
    which the run removes; a worker is stopped with a signal, so its exit hooks never run)."""
    path.mkdir(mode=0o711, parents=True, exist_ok=True)
    path.chmod(0o711)
    _RUN["dir"] = path


def _run_dir() -> Path:
    """This process's folder for kernels' scratch and sockets (removed at exit)."""
    if "dir" not in _RUN:
        path = Path(tempfile.mkdtemp(prefix="social-lab-execute-"))
        path.chmod(0o711)
        _RUN["dir"] = path
        atexit.register(shutil.rmtree, path, True)
    return _RUN["dir"]


def module_number(assignment: str) -> str:
    """"00" for the assignment "00-getting-started"."""
    head = assignment.split("-", 1)[0]
    return head if head.isdigit() else ""


def exercise_variables(number: str) -> dict[str, str]:
    """Exercise id -> the notebook variable its check reads, for a module's kernels."""
    from ..checks.registry import module_problems

    return {p.id: p.var for p in module_problems(f"m{number}")} if number else {}


def exercise_probes(number: str) -> dict[str, dict]:
    """Exercise id -> how the kernel calls a function answer (only exercises that have one)."""
    from ..checks.registry import module_problems

    found = {p.id: p.probes() for p in module_problems(f"m{number}")} if number else {}
    return {pid: probes for pid, probes in found.items() if probes}


def exercise_settings(number: str) -> dict[str, list[str]]:
    """Exercise id -> the notebook settings its expected value follows (only those with any)."""
    from ..checks.registry import module_problems

    return {p.id: list(p.context) for p in module_problems(f"m{number}")
            if p.context} if number else {}


class ContainedExecute(GuardedExecute):
    """Execute whose kernels are confined, start in an empty folder and load the guard."""

    allow_uncontained = Bool(
        False, help="Run student code even when this machine cannot confine it (not "
                    "recommended)."
    ).tag(config=True)
    memory_mb = Integer(
        2048, help="Memory limit of each grading kernel, in MB (0: no limit)."
    ).tag(config=True)

    def _containment(self) -> Any:
        from .containment import Containment, probe
        from .course import course_hidden_paths
        from .integrity_step import coursedir_of

        text = settings.containment()
        if text:  # social-lab grade's worker: probed once for the run, one slot each
            return Containment.from_env(text)
        coursedir = coursedir_of(self)
        exchange = None
        try:
            exchange = self.config.Exchange.root if "root" in self.config.Exchange else None
        except (AttributeError, TypeError):
            exchange = None
        hidden = course_hidden_paths(coursedir, exchange) if coursedir is not None else []
        key = (tuple(hidden), self.memory_mb)
        if key not in _PROBED:
            _PROBED[key] = probe(self.memory_mb, hidden, str(_run_dir() / "scratch"))
        return _PROBED[key]

    def preprocess(self, nb: NotebookNode, resources: Any, km: Any = None) -> Any:
        from .containment import confines, kill_user_processes

        box = self._containment()
        if not confines(box) and not self.allow_uncontained:
            self.log.error(_(REFUSED))
            raise ContainmentUnavailable(_(REFUSED))
        work = Path(tempfile.mkdtemp(prefix="notebook-", dir=_run_dir()))
        work.chmod(0o711)
        cwd, ipc = work / "cwd", work / "ipc"
        cwd.mkdir(mode=0o755)
        ipc.mkdir(mode=0o700)
        if box.uid is not None:
            os.chown(ipc, box.uid, box.uid)
        from .zygote import SINGLE_THREADED

        number = module_number((resources or {}).get("nbgrader", {}).get("assignment", ""))
        self._grading = ({settings.CONTAINMENT: box.to_env(),
                          settings.GRADING_MODULE: number or settings.grading_module(),
                          settings.GRADING_VARS: json.dumps(exercise_variables(number)),
                          settings.GRADING_SETTINGS: json.dumps(exercise_settings(number)),
                          settings.GRADING_PROBES: json.dumps(exercise_probes(number)),
                          **SINGLE_THREADED},
                         str(cwd), str(ipc / "kernel"))
        try:
            return super().preprocess(nb, resources, km)
        finally:
            if box.uid is not None:
                kill_user_processes(box.uid)
            shutil.rmtree(work, ignore_errors=True)
            if box.mode != "none":
                shutil.rmtree(box.scratch_base, ignore_errors=True)

    def create_kernel_manager(self) -> Any:
        km = super().create_kernel_manager()
        env, cwd, ip = self._grading
        km.transport, km.ip = "ipc", ip
        km.grading_env, km.grading_cwd = env, cwd
        return km
