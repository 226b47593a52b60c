"""A failed cell's traceback cut down to the lines the learner wrote.

Python lists every step an error went through, most of them inside libraries: a misspelt
column shows some 50 lines of pandas. ``short_traceback`` keeps the steps in the notebook's
own cells, leaves out an exception chained entirely inside a library, and says how many
steps it left out, so that the error's last line (``KeyError: 'populaton'``) stays in view.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class ShortTraceback:
    """IPython's structured traceback of the learner's steps, and what was left out."""

    lines: list[str]
    hidden: int  # steps left out
    libraries: tuple[str, ...]  # where they were ("pandas")


def cell_files(shell: Any) -> set[str]:
    """The file names under which IPython compiled this kernel's cells."""
    return set(getattr(getattr(shell, "compile", None), "_filename_map", None) or ())


def _steps(tb: TracebackType | None) -> list[TracebackType]:
    found = []
    while tb is not None:
        found.append(tb)
        tb = tb.tb_next
    return found


def _library(step: TracebackType) -> str:
    return str(step.tb_frame.f_globals.get("__name__", "")).partition(".")[0] or "?"


def _chained(error: BaseException) -> BaseException | None:
    if error.__cause__ is not None:
        return error.__cause__
    return None if error.__suppress_context__ else error.__context__


def short_traceback(shell: Any, etype: type[BaseException], error: BaseException,
                    tb: TracebackType | None) -> ShortTraceback | None:
    """The traceback without library steps; None when there is nothing to leave out."""
    cells = cell_files(shell)
    steps = _steps(tb)
    first = next((i for i, s in enumerate(steps) if s.tb_frame.f_code.co_filename in cells),
                 None)
    if first is None:
        return None  # not raised by a cell: show it whole
    kept = [s for s in steps[first:] if s.tb_frame.f_code.co_filename in cells]
    left_out = [s for s in steps[first:] if s.tb_frame.f_code.co_filename not in cells]
    chained = _chained(error)
    chain_steps = _steps(chained.__traceback__) if chained is not None else []
    drop_chain = bool(chain_steps) and not any(
        s.tb_frame.f_code.co_filename in cells for s in chain_steps)
    if drop_chain:
        left_out += chain_steps
    if not left_out:
        return None
    short = None
    for step in reversed(kept):
        short = TracebackType(short, step.tb_frame, step.tb_lasti, step.tb_lineno)
    saved = error.__cause__, error.__context__, error.__suppress_context__
    try:
        if drop_chain:
            error.__cause__, error.__suppress_context__ = None, True
        lines = shell.InteractiveTB.structured_traceback(etype, error, short, tb_offset=0)
    finally:
        error.__cause__, error.__context__, error.__suppress_context__ = saved
    libraries = tuple(dict.fromkeys(_library(s) for s in left_out))
    return ShortTraceback(list(lines), len(left_out), libraries)


def remember(etype: type[BaseException], error: BaseException,
             tb: TracebackType | None) -> None:
    """Keep the whole error where IPython's %tb finds it (it shows every step)."""
    sys.last_type, sys.last_value, sys.last_traceback = etype, error, tb
    if sys.version_info >= (3, 12):
        sys.last_exc = error
