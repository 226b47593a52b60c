"""nbgrader's Execute preprocessor, with the limits a cohort needs.

``GuardedExecute`` is the base of the course's Execute (``contained_execute``, in
``Autograde.autograde_preprocessors``: see ``pipeline``). It adds:

- a per-notebook limit: each cell's timeout is the smaller of ``timeout`` (the per-cell
  limit, ``c.Execute.timeout``) and the time left for the notebook; when it runs out, the
  remaining cells are not run;
- a kernel that dies (``os._exit``, a crash, the memory limit) or stops answering no
  longer fails the whole submission: the cells already run keep their results, and every
  cell not run gets an error output, so a test cell after it scores 0 (never full marks:
  nbgrader #427);
- an output cap per cell: past ``max_output_bytes``, printed output is dropped (errors and
  the checks' answer records are always kept) and a note says how much;
- a record of what happened (``EVENTS``), read by the worker for the report.
"""

from __future__ import annotations

import time
from typing import Any

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

from ..checks.answer_record import MIME as ANSWER_MIME
from ..i18n import N_

MAX_RECORD_BYTES = 64_000_000  # an answer record is kept whole up to this size
# What the last notebook's execution met; the worker reads it after each autograde.
EVENTS: list[dict[str, Any]] = []

STOPPED = {
    "kernel_died": N_("Not run: the grading kernel stopped in an earlier cell."),
    "kernel_unresponsive": N_("Not run: the grading kernel stopped answering in an earlier "
                              "cell."),
    "notebook_timeout": N_("Not run: the time limit for the whole notebook was reached."),
}
TRUNCATED = N_("[Output cut by the grader: {size} MB printed in this cell; only the first "
               "{limit} MB are kept.]")


def _size(msg: dict[str, Any]) -> int:
    content = msg.get("content", {})
    if "text" in content:
        return len(content["text"])
    return sum(len(str(v)) for v in content.get("data", {}).values())


def _error(name: str, text: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=name, evalue=text, traceback=[text])


class GuardedExecute(Execute):
    """Execute with a per-notebook limit, dead-kernel handling and an output cap."""

    notebook_timeout = Integer(
        0, help="Seconds for the whole notebook (0: no limit); cells after it are not run."
    ).tag(config=True)
    max_output_bytes = Integer(
        1_000_000, help="Printed output kept per cell (errors are always kept)."
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .zygote import GradingKernelManager

        kwargs.setdefault("kernel_manager_class", GradingKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb: NotebookNode, resources: Any, km: Any = None) -> Any:
        self._deadline = (time.monotonic() + self.notebook_timeout
                          if self.notebook_timeout > 0 else None)
        self._stopped: str | None = None
        self._dropped: dict[int, int] = {}
        self._cell_bytes = 0
        self._stderr_kept = False
        try:
            return super().preprocess(nb, resources, km)
        except (DeadKernelError, RuntimeError) as error:
            if "died" not in str(error).lower() and not isinstance(error, DeadKernelError):
                raise
            status = self._exit_status()
            if status == 70:  # lab_helpers.grading.kernel could not confine itself
                raise
            # the kernel died before the first cell (at start-up): nothing ran
            EVENTS.append({"code": "kernel_died", "cell": -1, "exit": status})
            for index, cell in enumerate(nb.cells):
                self._not_run(cell, "kernel_died")
                nb.cells[index] = cell
            return nb, resources

    def _remaining(self) -> float | None:
        return None if self._deadline is None else self._deadline - time.monotonic()

    def _get_timeout(self, cell: NotebookNode | None) -> int | None:
        timeout = super()._get_timeout(cell)
        remaining = self._remaining()
        if remaining is not None:
            left = max(1, int(remaining + 0.999))
            timeout = left if timeout is None else min(timeout, left)
        return timeout

    def _exit_status(self) -> int | None:
        try:
            process = self.km.provisioner.process  # type: ignore[union-attr]
            return process.poll() if process is not None else None
        except AttributeError:
            return None

    def _not_run(self, cell: NotebookNode, reason: str) -> None:
        from ..i18n import _

        if cell.cell_type == "code" and cell.source.strip():
            cell.outputs = [_error("GradingStopped", _(STOPPED[reason]))]
            cell.execution_count = None

    def _stop(self, reason: str, index: int) -> None:
        self._stopped = reason
        event: dict[str, Any] = {"code": reason, "cell": index}
        if reason == "kernel_died":
            event["exit"] = self._exit_status()
        EVENTS.append(event)

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        if cell.cell_type != "code" or not cell.source.strip():
            return cell, resources
        if self._stopped:
            self._not_run(cell, self._stopped)
            return cell, resources
        remaining = self._remaining()
        if remaining is not None and remaining <= 0:
            self._stop("notebook_timeout", index)
            self._not_run(cell, "notebook_timeout")
            return cell, resources
        self._cell_bytes, self._stderr_kept = 0, False
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stop("kernel_died", index)
            cell.outputs.append(_error("DeadKernelError", STOPPED_HERE["kernel_died"]()))
        except CellTimeoutError:  # no output after an interrupt: the kernel is stuck
            self._stop("kernel_unresponsive", index)
            cell.outputs.append(_error("CellTimeoutError", STOPPED_HERE["kernel_unresponsive"]()))
            self._kill_kernel()
        self._after_cell(cell, index)
        return cell, resources

    def _kill_kernel(self) -> None:
        try:
            process = self.km.provisioner.process  # type: ignore[union-attr]
            if process is not None:
                process.kill()
        except (AttributeError, OSError):
            pass

    def _after_cell(self, cell: NotebookNode, index: int) -> None:
        from ..i18n import _

        dropped = self._dropped.pop(index, 0)
        if dropped:
            total = (self._cell_bytes + dropped) / 1e6
            cell.outputs.append(NotebookNode(
                output_type="display_data", metadata={"social_lab_truncated": dropped},
                data={"text/plain": _(TRUNCATED).format(
                    size=f"{total:.0f}", limit=f"{self.max_output_bytes / 1e6:g}")}))
            EVENTS.append({"code": "output_truncated", "cell": index,
                           "mb": round(total, 1)})
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and "MemoryError" in output.get("text", ""):
                EVENTS.append({"code": "memory_limit", "cell": index})  # in the kernel's I/O
            if output.get("output_type") != "error":
                continue
            if output.get("ename") == "MemoryError":
                EVENTS.append({"code": "memory_limit", "cell": index})
            elif output.get("ename") == "CellTimeoutError" and not self._stopped:
                remaining = self._remaining()
                if remaining is not None and remaining <= 0.5:
                    self._stop("notebook_timeout", index)
                else:
                    EVENTS.append({"code": "cell_timeout", "cell": index})

    def output(self, outs: list, msg: dict[str, Any], display_id: Any, cell_index: int) -> Any:
        kind = msg.get("msg_type")
        if kind == "display_data" and ANSWER_MIME in msg.get("content", {}).get("data", {}) \
                and _size(msg) <= MAX_RECORD_BYTES:
            # an answer record is for the grader's verdict (``verdicts``), which removes it
            return super().output(outs, msg, display_id, cell_index)
        if kind in ("stream", "display_data", "execute_result", "update_display_data"):
            size = _size(msg)
            if self._cell_bytes + size > self.max_output_bytes:
                self._dropped[cell_index] = self._dropped.get(cell_index, 0) + size
                name = msg.get("content", {}).get("name")
                if kind == "stream" and name == "stderr" and not self._stderr_kept:
                    # keep one piece of stderr: nbgrader scores a test cell with stderr 0
                    self._stderr_kept = True
                    msg = {**msg, "content": {**msg["content"],
                                              "text": msg["content"]["text"][:1000]}}
                    return super().output(outs, msg, display_id, cell_index)
                return None
            self._cell_bytes += size
        return super().output(outs, msg, display_id, cell_index)


STOPPED_HERE = {
    "kernel_died": lambda: _here(N_("The grading kernel stopped while running this cell (the "
                                    "code ended Python, crashed or ran out of memory).")),
    "kernel_unresponsive": lambda: _here(N_("The grading kernel stopped answering while "
                                            "running this cell.")),
}


def _here(message: str) -> str:
    from ..i18n import _

    return _(message)
