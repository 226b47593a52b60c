"""Notebook settings an exercise's expected value depends on (the capstone's district).

Most expected values are fixed by the data. A few depend on a choice the learner makes at
the top of the notebook, such as ``DISTRICT = "D07"`` in module 09: every learner's figures
differ, so copying a neighbour's does not pass. Such an exercise names the setting in
``Problem.context`` (with a function that says what is wrong with a bad value); the check
reads the setting from the notebook when it runs and the reference code reads it back with
:func:`context_value`. A grader re-checking an answer elsewhere passes the same mapping.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any

_CURRENT: ContextVar[Mapping[str, Any]] = ContextVar(
    "answer_context", default=MappingProxyType({}))


@contextmanager
def answer_context(values: Mapping[str, Any]) -> Iterator[None]:
    """Make ``values`` the settings seen by reference code while an answer is assessed."""
    token = _CURRENT.set(dict(values))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def context_value(name: str) -> Any:
    """The setting ``name`` of the answer being assessed (KeyError outside a check)."""
    return _CURRENT.get()[name]
