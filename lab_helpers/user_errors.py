"""Errors a person can fix themselves; their message is already in their language."""

from __future__ import annotations


class UserError(Exception):
    """A problem the learner (or trainer) can fix; its message is already translated."""
