"""The main process of ``social-lab grade``: a pool of workers, a progress bar, the state.

Workers are long-lived processes (``worker``), each in its own session, so that killing
one kills its kernels too. They are started first, and read the course's nbgrader
configuration and gradebook for this process, which does not import nbgrader at all.
The main process hands out learners one at a time, records every outcome in the state
file as it arrives, stops (and replaces) a worker whose learner takes longer than the
per-notebook limit plus a grace period, and at the end has a worker write the reports
(it imports what they need while the last learners are graded).
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..i18n import _, current_language, ngettext
from ..settings import grading_grace
from .course import (
    WORK_DIR,
    Course,
    CourseError,
    check_course_dir,
    checkpoint_file,
    resolve_module,
)
from .outcomes import describe, flagged, status_label
from .progress_bar import ProgressBar, duration
from .state import State, fingerprint, settings_fingerprint

DEFAULT_NOTEBOOK_TIMEOUT = 600
DEFAULT_MEMORY_MB = 2048
GRACE = 60  # seconds beyond the notebook limit before a worker is killed
REPORT_TIMEOUT = 600  # seconds a worker may take to write the reports


@dataclass
class Options:
    workers: int = 0
    cell_timeout: int = 0
    notebook_timeout: int = 0
    memory_mb: int = DEFAULT_MEMORY_MB
    force: bool = False
    containment: bool = True
    report: bool = True


@dataclass
class Summary:
    course: Course
    graded: int = 0
    partly: int = 0
    not_graded: int = 0
    flagged: int = 0
    skipped: int = 0
    seconds: float = 0.0
    interrupted: bool = False


class WorkerProcess:
    """A worker, started before the run is set up: it imports nbgrader and starts its
    kernel zygote meanwhile, reads the course (``ask_course``), then waits for its set-up
    (``configure``)."""

    def __init__(self, slot: int, run_dir: Path) -> None:
        self.slot = slot
        self.log = (run_dir / f"worker-{slot}.log").open("ab")
        env = dict(os.environ)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "lab_helpers.grading.worker", str(run_dir), str(slot)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            start_new_session=True, env=env)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buffer = b""
        self.configured = False
        self.ready = False
        self.preloaded = False
        self.student: str | None = None
        self.started = 0.0
        self.findings: list[dict[str, Any]] = []

    def _write(self, message: dict[str, Any]) -> None:
        self.proc.stdin.write((json.dumps(message) + "\n").encode())
        self.proc.stdin.flush()

    def ask_course(self, course_dir: Path, module: str, lang: str) -> None:
        self._write({"course": str(course_dir), "module": module, "lang": lang})

    def configure(self, setup: dict[str, Any]) -> None:
        self._write({**setup, "slot": self.slot})

    def send(self, student: str) -> None:
        self.student, self.started, self.findings = student, time.monotonic(), []
        self._write({"student": student})

    def ask(self, job: dict[str, Any]) -> None:
        """Reports: ``{"preload": "report"}`` or ``{"report": LANG}``."""
        self._write(job)

    def read(self) -> tuple[list[dict[str, Any]], bool]:
        """Messages now available, and whether the worker has gone away."""
        try:
            data = os.read(self.proc.stdout.fileno(), 1 << 16)
        except BlockingIOError:
            return [], False
        if not data:
            return [], True
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        return [json.loads(line) for line in lines if line.strip()], False

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        self.log.close()


def _settings(course: Course, options: Options, box: Any) -> dict[str, Any]:
    from .state import fingerprint as folder_fingerprint

    return {"cell_timeout": options.cell_timeout, "notebook_timeout": options.notebook_timeout,
            "memory_mb": options.memory_mb, "containment": box.enforced,
            "source": folder_fingerprint(course.source / course.module),
            "notebooks": course.notebooks}


def _worker_failed(message: dict[str, Any], logs: Path) -> CourseError:
    if message.get("course_error"):  # the course's problem, in the trainer's words
        return CourseError(message.get("detail", ""))
    return CourseError(_("A grading worker could not start: {detail} (see {log})").format(
        detail=message.get("detail"), log=logs))


def _read_course(early: list[WorkerProcess], logs: Path) -> tuple[Course, set[str]]:
    """The course as the first worker to read it says (this process imports no nbgrader)."""
    pending = list(early)
    while pending:
        ready = selectors.DefaultSelector()
        for worker in pending:
            ready.register(worker.proc.stdout, selectors.EVENT_READ, worker)
        events = ready.select(timeout=1)
        ready.close()
        for key, _mask in events:
            worker = key.data
            messages, gone = worker.read()
            for message in messages:
                if message.get("event") == "course":
                    return (Course.from_dict(message["course"]),
                            set(message.get("in_gradebook", [])))
                if message.get("event") == "failed":
                    raise _worker_failed(message, logs)
            if gone:
                pending.remove(worker)
    raise CourseError(_("A grading worker could not start (see {log}).").format(log=logs))


def _enrich(faults: list[dict[str, Any]], options: Options) -> list[dict[str, Any]]:
    for fault in faults:
        if isinstance(fault.get("cell"), int):
            fault["cell"] = fault["cell"] + 1  # people count cells from 1
        if fault["code"] in ("cell_timeout",):
            fault["limit"] = options.cell_timeout
        elif fault["code"] == "notebook_timeout":
            fault["limit"] = options.notebook_timeout
        elif fault["code"] == "memory_limit":
            fault["limit"] = options.memory_mb
    return faults


def grade_module(course_dir: Path, module_ident: str, options: Options,
                 out: TextIO | None = None) -> Summary:
    """Grade every submission of a module; returns what happened."""
    out = out or sys.stdout
    course_dir = Path(course_dir).resolve()
    options.workers = max(1, options.workers or os.cpu_count() or 1)
    check_course_dir(course_dir)
    module = resolve_module(module_ident)
    run_dir = Path(tempfile.mkdtemp(prefix="social-lab-grading-"))
    run_dir.chmod(0o711)
    # the workers import nbgrader, warm their kernels and read the course for this process
    early = [WorkerProcess(slot, run_dir) for slot in range(options.workers)]
    for worker in early:
        worker.ask_course(course_dir, module, current_language())
    try:
        return _grade(course_dir, module, options, out, run_dir, early)
    except CourseError:
        _keep_logs(run_dir, course_dir / WORK_DIR / "grading" / module / "logs")
        raise
    finally:
        for worker in early:
            if worker.proc.poll() is None and not worker.configured:
                worker.kill()
        shutil.rmtree(run_dir, ignore_errors=True)


def _keep_logs(run_dir: Path, logs: Path) -> None:
    """The workers' logs, kept with the course, run after run."""
    logs.mkdir(parents=True, exist_ok=True)
    for log in run_dir.glob("worker-*.log"):
        with (logs / log.name).open("ab") as kept:
            kept.write(log.read_bytes())
        log.write_bytes(b"")


def _grade(course_dir: Path, module: str, options: Options, out: TextIO, run_dir: Path,
           early: list[WorkerProcess]) -> Summary:
    from .containment import confines, kill_user_processes, probe

    course, graded_before = _read_course(early, course_dir / WORK_DIR / "grading" / module
                                         / "logs")
    students = course.students()
    if not students:
        raise CourseError(_("No submissions of {module} in {path}: collect them first "
                            "(nbgrader collect {module}).").format(module=course.module,
                                                                    path=course.submitted))
    options.cell_timeout = options.cell_timeout or course.cell_timeout
    options.notebook_timeout = options.notebook_timeout or max(
        DEFAULT_NOTEBOOK_TIMEOUT, options.cell_timeout * 2)
    course.work.mkdir(parents=True, exist_ok=True)
    box = probe(options.memory_mb, course.hidden_paths(), str(run_dir / "scratch"),
                wanted=options.containment)
    if options.containment and not confines(box):
        raise CourseError(containment_line(box) + " " + _(
            "Student code cannot be confined on this machine, so nothing was graded. To "
            "grade without containment (not recommended), run the command again with "
            "--no-containment."))
    settings = _settings(course, options, box)
    settings_id = settings_fingerprint(settings)
    state = State(course.work / "state.json")
    prints = {s: fingerprint(course.submitted / s / course.module) for s in students}
    todo = deque(s for s in students if options.force or state.needs_grading(
        s, prints[s], settings_id, s in graded_before))
    summary = Summary(course=course, skipped=len(students) - len(todo))
    workers = min(options.workers, len(todo) or 1)
    print(_("Grading {module}: {submissions}, {todo} to grade ({unchanged}), {workers}.").format(
        module=course.module, todo=len(todo),
        submissions=ngettext("{n} submission", "{n} submissions", len(students)).format(
            n=len(students)),
        unchanged=ngettext("{n} unchanged since the last run", "{n} unchanged since the last run",
                           summary.skipped).format(n=summary.skipped),
        workers=ngettext("{n} worker", "{n} workers", workers).format(n=workers)), file=out)
    print(containment_line(box), file=out)
    out.flush()
    state.data["containment"] = {"enforced": box.enforced, "skipped": box.skipped,
                                 "mode": box.mode, "uid": box.uid}
    state.data["limits"] = {"cell_timeout": options.cell_timeout,
                            "notebook_timeout": options.notebook_timeout,
                            "memory_mb": options.memory_mb}
    state.save()
    started = time.monotonic()
    grace = grading_grace(GRACE)
    hard_limit = options.notebook_timeout + grace
    setup = {"course": str(course_dir), "module": course.module, "run_dir": str(run_dir),
             "cell_timeout": options.cell_timeout, "notebook_timeout": options.notebook_timeout,
             "containment": asdict(box), "containment_wanted": options.containment}
    bar = ProgressBar(len(todo), options.workers)
    logs = course.work / "logs"
    logs.mkdir(exist_ok=True)
    selector = selectors.DefaultSelector()
    workers: list[WorkerProcess] = []
    restarts = 0
    reported: dict[str, str] | None = None

    def start(slot: int) -> WorkerProcess:
        if early and early[0].slot == slot:
            worker = early.pop(0)
        else:
            worker = WorkerProcess(slot, run_dir)
            worker.ask_course(course_dir, course.module, current_language())
        worker.configure(setup)
        worker.configured = True
        selector.register(worker.proc.stdout, selectors.EVENT_READ, worker)
        return worker

    def stop(worker: WorkerProcess) -> None:
        selector.unregister(worker.proc.stdout)
        worker.kill()
        if box.uid is not None:
            kill_user_processes(box.for_slot(worker.slot).uid)

    def finish(student: str, result: dict[str, Any]) -> None:
        record = {
            "status": result.get("status", "not_graded"),
            "findings": result.get("findings", []),
            "faults": _enrich(result.get("faults", []), options),
            "score": result.get("score"), "max_score": result.get("max_score"),
            "items": result.get("items", {}), "sources": result.get("sources", {}),
            "seconds": result.get("seconds"), "fingerprint": prints[student],
            "settings": settings_id,
            "graded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        state.record(student, record)
        status = record["status"]
        summary.graded += status == "graded"
        summary.partly += status == "partly_graded"
        summary.not_graded += status == "not_graded"
        summary.flagged += flagged(record)
        bar.update(failed=status == "not_graded", flagged=flagged(record))

    try:
        workers = [start(slot) for slot in range(min(options.workers, len(todo)))]
        for extra in early:  # more workers than learners to grade
            extra.kill()
        early.clear()
        if todo:
            bar.show()
        while todo or any(w.student for w in workers):
            for worker in workers:
                if worker.ready and worker.student is None and todo:
                    worker.send(todo.popleft())
                elif worker.ready and worker.student is None and options.report and not any(
                        w.preloaded for w in workers):  # the first idle one writes them
                    worker.ask({"preload": "report"})
                    worker.preloaded = True
            for key, _mask in selector.select(timeout=0.5):
                worker = key.data
                messages, gone = worker.read()
                for message in messages:
                    event = message.get("event")
                    if event == "ready":
                        worker.ready = True
                    elif event == "failed":
                        raise _worker_failed(message, logs)
                    elif event == "prepared":
                        worker.findings = message.get("findings", [])
                    elif event == "done":
                        finish(message["student"], message)
                        worker.student = None
                if gone:
                    if worker.student:
                        finish(worker.student, {"findings": worker.findings,
                                                "faults": [{"code": "worker_crashed"}]})
                    elif not worker.ready:
                        raise CourseError(_("A grading worker could not start (see {log}).")
                                          .format(log=logs))
                    restarts += 1
                    stop(worker)
                    workers[workers.index(worker)] = start(worker.slot)
            now = time.monotonic()
            for index, worker in enumerate(workers):
                if worker.student and now - worker.started > hard_limit:
                    student = worker.student
                    stop(worker)
                    finish(student, {"findings": worker.findings, "faults": [
                        {"code": "notebook_timeout_hard", "limit": hard_limit}]})
                    restarts += 1
                    workers[index] = start(worker.slot)
            if restarts > 3 * options.workers + len(students):
                raise CourseError(_("Grading workers keep stopping: see {log}.").format(
                    log=logs))
        if options.report:
            reporter = next((w for w in workers if w.preloaded), None) or next(
                (w for w in workers if w.ready), None)
            reported = _report_by(reporter, selector) if reporter is not None else None
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        for worker in workers:
            try:
                stop(worker)
            except (KeyError, ValueError):
                pass
        selector.close()
        _keep_logs(run_dir, logs)
        checkpoint_file(course.gradebook)
    summary.seconds = time.monotonic() - started
    print_summary(summary, state, out)
    if options.report and not summary.interrupted:
        if reported is None:  # no worker could: written here (this imports nbgrader)
            from .report import write_reports

            reported = {k: str(v) for k, v in write_reports(course_dir, course.module).items()}
        print(_("Report: {path}").format(path=reported["html"]), file=out)
    return summary


def _report_by(worker: WorkerProcess, selector: selectors.BaseSelector,
               timeout: float = REPORT_TIMEOUT) -> dict[str, str] | None:
    """The reports' paths, once ``worker`` has written them; None if it could not."""
    worker.ask({"report": current_language()})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for key, _mask in selector.select(timeout=0.5):
            messages, gone = key.data.read()
            if key.data is not worker:
                continue
            for message in messages:
                if message.get("event") == "reported":
                    return message["paths"]
                if message.get("event") == "report_failed":
                    return None
            if gone:
                return None
    return None


def containment_line(box: Any) -> str:
    names = {"memory": _("memory limit"), "network": _("no network"),
             "hidden": _("other learners' files and the gradebook hidden"),
             "user": _("a separate unprivileged user")}
    line = _("Containment of student code: {enforced}.").format(
        enforced=", ".join(names[p] for p in box.enforced) or _("none"))
    if box.skipped:
        line += " " + _("Not enforced on this machine: {skipped} (needs Linux, and root or "
                        "user namespaces).").format(skipped=", ".join(names[p]
                                                                      for p in box.skipped))
    return line


def print_summary(summary: Summary, state: State, out: TextIO) -> None:
    if summary.interrupted:
        print(_("Interrupted. What was graded is kept: run the same command again to "
                "continue."), file=out)
    tally = (
        ngettext("{n} graded", "{n} graded", summary.graded).format(n=summary.graded),
        ngettext("{n} partly graded", "{n} partly graded", summary.partly).format(
            n=summary.partly),
        ngettext("{n} not graded", "{n} not graded", summary.not_graded).format(
            n=summary.not_graded),
        ngettext("{n} flagged", "{n} flagged", summary.flagged).format(n=summary.flagged),
        ngettext("{n} unchanged", "{n} unchanged", summary.skipped).format(n=summary.skipped))
    print(_("Done in {time}: {tally}.").format(time=duration(summary.seconds),
                                              tally=", ".join(tally)), file=out)
    for student, record in sorted(state.students.items()):
        items = record.get("findings", []) + record.get("faults", [])
        if record.get("status") == "graded" and not items:
            continue
        print(f"  {student} ({status_label(record.get('status', ''))}):", file=out)
        for item in items:
            print(f"    - {describe(item)}", file=out)
    out.flush()
