"""A grading worker: imports nbgrader once, then grades one learner at a time.

    python -m lab_helpers.grading.worker RUN_DIR SLOT   (started by ``pool``; JSON lines)

It starts its kernel zygote and imports nbgrader, then reads the course for the main
process, which never imports nbgrader: the first line on stdin names the course and the
module, and the worker answers with what nbgrader's configuration and gradebook say
(``course``, and which learners the gradebook has). The second line is the set-up; then
each line names a learner, or asks for the reports once all are graded. For each, the
worker finds and stages the submission's notebooks (``integrity``) and calls nbgrader's
``NbGraderAPI.autograde`` with the staging folder as ``submitted_directory``: nbgrader's
pipeline repairs, runs and verifies it, as in every way of grading (``pipeline``). It
answers with the outcome, the scores nbgrader saved and what the pipeline found. Its own
stdout is kept for the protocol; everything else (nbgrader's log, the kernels' output)
goes to its log file.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from .. import settings
from .lean_start import skip_iri_grammar

skip_iri_grammar()  # before nbformat: a second of CPU per worker (``lean_start``)
from .integrity import inspect_submission, stage  # noqa: E402


def _send(channel, message: dict[str, Any]) -> None:
    channel.write(json.dumps(message) + "\n")
    channel.flush()


def warm_up(run_dir: Path | None, slot: int) -> Any:
    """Before the set-up arrives: start the kernel zygote, import what grading needs."""
    launched = None
    if run_dir is not None and settings.grading_zygote():
        import matplotlib

        from .zygote import launch_zygote

        os.environ[settings.MPL_CACHE] = matplotlib.get_cachedir()
        folder = run_dir / f"zygote-{slot}"
        folder.mkdir(exist_ok=True)
        folder.chmod(0o711)  # its socket stays 0600; its matplotlib folder is readable
        launched = launch_zygote(folder)
    import matplotlib.font_manager  # noqa: F401  (builds the font cache once)
    import nbgrader.apps.api  # noqa: F401

    from . import pipeline

    pipeline.autograde_preprocessors()  # imports the pipeline's steps
    return launched


def read_course(request: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
    """The course's nbgrader application and Course, and what the main process needs."""
    from nbgrader.api import Gradebook, MissingEntry

    from ..i18n import set_language
    from .course import course_of, load_app, prepare_gradebook, safe_db_url

    set_language(request["lang"])
    app = load_app(Path(request["course"]))
    course = course_of(app, request["module"])
    prepare_gradebook(course.db_url, course.groupshared)
    with Gradebook(safe_db_url(course.db_url), course.course_id) as gb:
        try:
            graded = sorted(s.student.id for s in gb.find_assignment(course.module).submissions)
        except MissingEntry:
            graded = []
    return app, course, {"event": "course", "course": course.to_dict(), "in_gradebook": graded}


class Worker:
    def __init__(self, setup: dict[str, Any], app: Any, course: Any,
                 launched: Any = None) -> None:
        from nbgrader.apps.api import NbGraderAPI
        from traitlets.config import Config

        from .containment import Containment
        from .course import load_app, safe_db_url
        from .pipeline import grading_config

        self.slot = int(setup["slot"])
        self.box = Containment(**setup["containment"]).for_slot(self.slot)
        self.course = course
        self.lang = self.course.lang
        run = Path(setup["run_dir"])
        from .contained_execute import use_run_dir

        use_run_dir(run / f"execute-{self.slot}")
        os.environ[settings.CONTAINMENT] = self.box.to_env()
        os.environ[settings.GRADING_MODULE] = self.course.module.split("-", 1)[0]
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        try:
            import matplotlib
            import matplotlib.font_manager  # noqa: F401  (builds the font cache once)

            os.environ[settings.MPL_CACHE] = matplotlib.get_cachedir()
        except Exception:  # noqa: BLE001 - fonts are an optimisation only
            pass
        config = Config()
        config.CourseDirectory.submitted_directory = self.course.staging_rel
        config.CourseDirectory.db_url = safe_db_url(self.course.db_url)
        config.merge(grading_config())  # the course's own steps, even in an older config
        execute = config.ContainedExecute
        execute.timeout = int(setup["cell_timeout"])
        execute.notebook_timeout = int(setup["notebook_timeout"])
        execute.interrupt_on_timeout = True
        execute.shutdown_kernel = "immediate"
        execute.allow_uncontained = not setup.get("containment_wanted", True)
        if self.course.root == Path(setup["course"]).resolve():  # the course read above
            app.update_config(config)
            self.app = app
        else:
            self.app = load_app(self.course.root, config)
        self.api = NbGraderAPI(coursedir=self.app.coursedir, parent=self.app)
        self.expected = {name: self.course.released_notebook(name)
                         for name in self.course.notebooks}
        if launched is not None:
            from .zygote import wait_zygote

            wait_zygote(launched)
        elif settings.grading_zygote():
            from .zygote import start_zygote

            zygote_dir = run / f"zygote-{self.slot}"
            zygote_dir.mkdir(exist_ok=True)
            zygote_dir.chmod(0o711)  # its socket stays 0600; its matplotlib folder is readable
            start_zygote(zygote_dir)

    def _clean(self) -> None:
        from .containment import kill_user_processes

        if self.box.uid is not None:
            kill_user_processes(self.box.uid)
        if self.box.mode != "none":
            shutil.rmtree(self.box.scratch_base, ignore_errors=True)

    def grade(self, student: str, channel) -> dict[str, Any]:
        from .limits import EVENTS

        started = time.monotonic()
        folder = self.course.submitted / student / self.course.module
        inspection = inspect_submission(folder, self.expected, self.lang, repair_cells=False)
        findings = [f.to_dict() for f in inspection.findings]
        _send(channel, {"event": "prepared", "student": student, "findings": findings})
        result: dict[str, Any] = {"event": "done", "student": student, "findings": findings,
                                  "faults": [], "sources": inspection.sources}
        if inspection.status != "ok":
            result["status"] = "not_graded"
            result["seconds"] = round(time.monotonic() - started, 2)
            return result
        stage(inspection, folder, self.course.staging / student / self.course.module)
        EVENTS.clear()
        self._clean()
        try:
            outcome = self.api.autograde(self.course.module, student, force=True, create=True)
        finally:
            self._clean()
        result["faults"] = [dict(e) for e in EVENTS]
        if not outcome.get("success"):
            print(outcome.get("log", ""), outcome.get("error", ""), sep="\n", file=sys.stderr)
            text = [line for line in (outcome.get("log") or outcome.get("error") or "")
                    .splitlines() if "Error" in line and "Please see" not in line] or [""]
            result["status"] = "not_graded"
            result["faults"].append({"code": "grading_error",
                                     "detail": text[-1][:300] if text else ""})
        else:
            stopped = any(e["code"] in ("kernel_died", "kernel_unresponsive", "notebook_timeout")
                          for e in EVENTS)
            result["status"] = "partly_graded" if stopped else "graded"
            result.update(self.scores(student))
            result["findings"] += self.graded_findings(student)
        result["seconds"] = round(time.monotonic() - started, 2)
        return result

    def graded_findings(self, student: str) -> list[dict[str, Any]]:
        """What the pipeline recorded in the graded notebooks (``flags``)."""
        import nbformat

        from .flags import findings_of

        findings = []
        for name in self.course.notebooks:
            path = self.course.autograded / student / self.course.module / f"{name}.ipynb"
            if path.exists():
                findings += findings_of(nbformat.read(path, as_version=4))
        return findings

    def scores(self, student: str) -> dict[str, Any]:
        from nbgrader.api import Gradebook

        from .course import safe_db_url

        with Gradebook(safe_db_url(self.course.db_url), self.course.course_id) as gb:
            submission = gb.find_submission(self.course.module, student)
            items = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    items[grade.name] = [grade.score, grade.max_score, grade.auto_score is None]
            return {"score": submission.score, "max_score": submission.max_score,
                    "items": items}


def reports(job: dict[str, Any], setup: dict[str, Any]) -> dict[str, Any]:
    """Once every learner is graded: the module's reports, written here, where nbgrader is
    already imported (``{"report": LANG}``); ``{"preload": ...}`` imports what they need
    while the last learners are being graded."""
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot  # noqa: F401
        import openpyxl  # noqa: F401

        from .report import write_reports

        if "report" not in job:
            return {"event": "preloaded"}
        from ..i18n import set_language

        set_language(job["report"])
        paths = write_reports(Path(setup["course"]), setup["module"], job["report"])
        return {"event": "reported", "paths": {kind: str(p) for kind, p in paths.items()}}
    except Exception as error:  # noqa: BLE001 - the main process then writes them itself
        traceback.print_exc()
        return {"event": "report_failed", "detail": str(error)[:300]}


def main() -> None:
    channel = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)  # whatever else is printed goes to the log, not the protocol
    sys.stdout = sys.stderr
    args = sys.argv[1:]
    try:
        launched = warm_up(Path(args[0]) if args else None, int(args[1]) if len(args) > 1 else 0)
    except Exception:  # noqa: BLE001 - without the warm-up the worker still grades
        traceback.print_exc()
        launched = None
    from .course import CourseError

    line = sys.stdin.readline()
    if not line:  # the run needed fewer workers, or stopped before it began
        return
    try:
        app, course, answer = read_course(json.loads(line))
    except CourseError as error:  # the trainer's to fix: said as it is, translated
        _send(channel, {"event": "failed", "course_error": True, "detail": str(error)})
        return
    except Exception as error:  # noqa: BLE001 - reported to the main process
        traceback.print_exc()
        _send(channel, {"event": "failed", "detail": str(error)[:300]})
        return
    _send(channel, answer)
    line = sys.stdin.readline()
    if not line:  # the run stopped before it began
        return
    setup = json.loads(line)
    try:
        worker = Worker(setup, app, course, launched)
    except Exception as error:  # noqa: BLE001 - reported to the main process
        traceback.print_exc()
        _send(channel, {"event": "failed", "detail": str(error)[:300]})
        return
    _send(channel, {"event": "ready", "slot": worker.slot})
    for line in sys.stdin:
        job = json.loads(line)
        if "student" not in job:
            _send(channel, reports(job, setup))
            continue
        try:
            result = worker.grade(job["student"], channel)
        except Exception as error:  # noqa: BLE001 - one learner's problem, not the pool's
            traceback.print_exc()
            result = {"event": "done", "student": job["student"], "status": "not_graded",
                      "findings": [], "faults": [{"code": "grading_error",
                                                  "detail": str(error)[:300]}]}
        _send(channel, result)


if __name__ == "__main__":
    main()
