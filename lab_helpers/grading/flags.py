"""Findings about a submission, kept in the graded notebook itself.

Each step of the grading pipeline (``integrity_step``, ``verdicts``) adds what it found to
the notebook's metadata, so that the autograded notebook says why it was flagged whichever
way it was graded: ``social-lab grade`` reads them into its report, a trainer who used
``nbgrader autograde`` or the formgrader finds them in the notebook (and in nbgrader's log).
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode

KEY = "social_lab_grading"


def add_findings(nb: NotebookNode, findings: list[dict[str, Any]]) -> None:
    """Append ``findings`` ({"code", "params"}) to the notebook's list."""
    if not findings:
        return
    meta = nb.metadata.setdefault(KEY, {})
    meta.setdefault("findings", []).extend(findings)


def findings_of(nb: NotebookNode) -> list[dict[str, Any]]:
    """What the grading pipeline recorded in a graded notebook."""
    found = nb.get("metadata", {}).get(KEY, {}).get("findings", [])
    return [f for f in found if isinstance(f, dict) and isinstance(f.get("code"), str)]


def log_findings(log: Any, notebook: str, findings: list[dict[str, Any]]) -> None:
    """Say each finding in nbgrader's log, as a warning, in the trainer's language."""
    from .outcomes import describe

    for finding in findings:
        log.warning("social-lab: %s: %s", notebook, describe(finding))
