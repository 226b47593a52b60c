"""The grader's own verdict on each test cell, reached outside the grading kernel.

``VerifyVerdicts`` runs after the notebook has been executed. A test cell's code is the
released test (put back by nbgrader and ``integrity_step`` if it was edited); for each
``check(...)`` call it names, the cell's output must hold the answer record that call
wrote (``lab_helpers.checks.answer_record``). Each record is read back as plain data and
checked here, in nbgrader's process, with the exercise's own check and hidden tests.

The test cell keeps its points only when every check it makes says "correct" here. A
missing, forged or unreadable record, or an answer the check finds wrong, gives the cell
an error output (first, so nbgrader scores it 0 whatever else the cell printed). The
notebook is flagged when records were forged or unreadable, when a cell that would have
scored recorded nothing (its check did not run), and when the kernel's own check said
"correct" to an answer the grader's check finds wrong. Whatever
the student code did to the kernel (its input or AST transformers, exception handlers,
patched comparisons, a replaced ``check``) cannot make a wrong or blank answer score.
"""

from __future__ import annotations

import ast
import copy
from typing import Any

from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor

from ..i18n import N_, _, current_language, set_language
from .flags import add_findings, log_findings
from .guard import MARK

RECORDED = "social_lab_recorded"
OVERRULED = N_("Not counted: the grader checked the recorded answer itself and it is not "
               "right ({reason}).")
REASONS = {
    "missing": N_("no answer was recorded by the check"),
    "forged": N_("the answer records were not written by the checks"),
    "malformed": N_("the answer record cannot be read"),
    "incorrect": N_("the check says the answer is not right"),
}


def check_calls(source: str) -> list[tuple[str, bool]]:
    """(exercise id, hidden) of each ``check("mNN.name", ...)`` call of a test cell."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "check" and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            hidden = any(k.arg == "hidden" and isinstance(k.value, ast.Constant)
                         and bool(k.value.value) for k in node.keywords)
            calls.append((node.lineno, node.col_offset, node.args[0].value, hidden))
    return [(pid, hidden) for _line, _col, pid, hidden in sorted(calls)]


def _is_test(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def _would_score(cell: NotebookNode) -> bool:
    from nbgrader.utils import determine_grade

    try:
        score, _max = determine_grade(cell)
    except (ValueError, KeyError, TypeError):
        return False
    return bool(score)


def _claimed(cell: NotebookNode) -> bool:
    """True if the kernel showed a "correct" outcome in this cell (its own verdict)."""
    return any(o.get("metadata", {}).get("social_lab", {}).get("status") == "correct"
               for o in cell.get("outputs", []))


def _error(reason: str) -> NotebookNode:
    text = _(OVERRULED).format(reason=_(REASONS[reason]))
    return NotebookNode(output_type="error", ename="GradingVerdict", evalue=text,
                        traceback=[text])


def verify_cell(cell: NotebookNode) -> tuple[bool, str | None, list[Any]]:
    """Check a test cell's records: (all correct, why not, the trusted outcomes)."""
    from ..checks.answer_record import MIME, MalformedRecord, read, read_settings
    from ..checks.notebook_calls import evaluate

    calls = check_calls(cell.source)
    records = [o for o in cell.get("outputs", []) if o.get("output_type") == "display_data"
               and MIME in o.get("data", {})]
    outcomes: list[Any] = []
    for index, (pid, hidden) in enumerate(calls):
        if index >= len(records):
            return False, "missing", outcomes
        try:
            problem, recorded_hidden, missing, value = read(records[index]["data"][MIME])
            used = read_settings(records[index]["data"][MIME])
        except (MalformedRecord, RecursionError, TypeError, ValueError, KeyError):
            return False, "malformed", outcomes
        if problem != pid or recorded_hidden != hidden:
            return False, "forged", outcomes
        try:
            outcome = (evaluate(pid, hidden=hidden, namespace=used) if missing
                       else evaluate(pid, value, hidden=hidden, namespace=used))
        except Exception:  # noqa: BLE001 - an exercise that cannot be checked gives no points
            return False, "incorrect", outcomes
        outcomes.append(outcome)
        if not outcome.passed:
            return False, "incorrect", outcomes
    if len(records) > len(calls):
        return False, "forged", outcomes
    return True, None, outcomes


class VerifyVerdicts(NbGraderPreprocessor):
    """After execution: each test cell scores only if the grader's own check agrees."""

    def preprocess(self, nb: NotebookNode, resources: dict[str, Any]) -> Any:
        from ..checks.answer_record import MIME
        from ..checks.display import outcome_bundle, outcome_metadata

        lang = nb.metadata.get("social_lab", {}).get("lang") or current_language()
        previous = current_language()
        set_language(lang)
        overruled: dict[str, list[str]] = {}
        forged: list[str] = []
        try:
            for cell in nb.cells:
                if not _is_test(cell) or not check_calls(cell.source):
                    continue
                gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
                before = copy.deepcopy(cell)
                passed, reason, outcomes = verify_cell(cell)
                kept = [o for o in cell.get("outputs", [])
                        if not (o.get("output_type") == "display_data" and (
                            MIME in o.get("data", {}) or RECORDED in o.get("metadata", {})
                            or "problem" in o.get("metadata", {}).get("social_lab", {})))]
                shown = [NotebookNode(output_type="display_data", data=outcome_bundle(o),
                                      metadata=outcome_metadata(o)) for o in outcomes]
                cell.outputs = shown + kept
                cell.metadata["social_lab_verdict"] = {"passed": passed, "reason": reason}
                if passed:
                    continue
                cell.outputs.insert(0, _error(reason or "incorrect"))
                if reason in ("forged", "malformed"):
                    forged.append(gid)
                elif _would_score(before) and (reason == "missing" or _claimed(before)):
                    overruled.setdefault(gid, []).append(reason or "incorrect")
        finally:
            set_language(previous)
        findings = []
        noted = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "") or str(i + 1)
                 for i, c in enumerate(nb.cells)
                 if any(MARK in o.get("metadata", {}) for o in c.get("outputs", []))]
        if noted:  # the guard put back replaced checks, or saw answer keys being read
            findings.append({"code": "runtime_tamper", "params": {"cells": noted}})
        if overruled:
            findings.append({"code": "overruled_verdict", "params": {
                "cells": sorted(overruled),
                "reasons": sorted({r for rs in overruled.values() for r in rs})}})
        if forged:
            findings.append({"code": "forged_record", "params": {"cells": forged}})
        add_findings(nb, findings)
        log_findings(self.log, resources.get("nbgrader", {}).get("notebook", ""), findings)
        return nb, resources
