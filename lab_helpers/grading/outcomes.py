"""Outcome codes of a graded submission and their plain-language reasons.

The state file and the exports keep the codes (stable, English, for spreadsheets); the
report and the terminal show the reasons, in the trainer's language.
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_, _

STATUS = {
    "graded": N_("graded"),
    "partly_graded": N_("partly graded"),
    "not_graded": N_("not graded"),
}

# integrity findings: the submission was changed before grading
INTEGRITY = {
    "deleted_test_cell": N_("Test cells deleted: {cells}. They were put back and run."),
    "edited_test_cell": N_("Test cells edited: {cells}. The original tests were put back "
                           "and run."),
    "changed_points": N_("Points changed in: {cells}. The original points were used."),
    "missing_answer_cell": N_("Answer cells deleted: {cells}. They were put back blank."),
    "deleted_locked_cell": N_("Locked cells deleted: {cells}. They were put back."),
    "redefined_check": N_("Cell {cell} (lines {lines}) redefined the check function; those "
                          "lines were not run."),
    "monkeypatched_lab_helpers": N_("Cell {cell} (lines {lines}) changed lab_helpers; those "
                                    "lines were not run."),
    "changed_grading_flag": N_("Cell {cell} (lines {lines}) changed the grading flag "
                               "(NBGRADER_EXECUTION); those lines were not run."),
    "tampered_grader": N_("Cell {cell} (lines {lines}) tampered with the grader (sys.modules, "
                          "builtins or IPython's hooks); those lines were not run."),
    "dynamic_code": N_("Cell {cell} (lines {lines}) runs code the grader cannot inspect "
                       "(exec, eval, globals, %run); those lines were not run."),
    "answer_key_access": N_("Cell {cell} (lines {lines}) reads the course's reference code or "
                            "answer keys; those lines were not run."),
    "kernel_hooks": N_("Cell {cell} (lines {lines}) changes how the grading kernel runs or "
                       "reports cells (input or AST transformers, exception handlers); those "
                       "lines were not run."),
    "patched_comparison": N_("Cell {cell} (lines {lines}) replaces a comparison function of "
                             "Python, numpy or pandas; those lines were not run."),
    "overruled_verdict": N_("The tests {cells} would have scored, but the grader's own check of "
                            "the recorded answers says otherwise ({reasons}): they score 0."),
    "forged_record": N_("The tests {cells} show answer records that the checks did not write; "
                        "they score 0."),
    "shipped_code": N_("Python code beside the notebook: {files}. It was not available to "
                       "the graded code."),
    "runtime_tamper": N_("While grading, the course's checks had been replaced before the "
                         "tests {cells}; they were put back before those tests ran."),
}

# notices about the file: not the learner's misconduct, but worth knowing
NOTICES = {
    "renamed_notebook": N_("The notebook was submitted as {found}; it was graded as "
                           "{expected}."),
    "other_language": N_("The notebook is the '{lang}' version; it was graded against the "
                         "course's version (same exercises and points)."),
    "not_json": N_("{files}: not a readable notebook (not notebook JSON). Not graded."),
    "empty_submission": N_("The submission folder is empty. Not graded."),
    "extra_files": N_("Files beside the notebook: {files}. They were not available to the "
                      "graded code."),
    "missing_notebook": N_("No {expected} in the submission (found: {found}). Not graded."),
}

FAULTS = {
    "cell_timeout": N_("Cell {cell} ran longer than the per-cell limit ({limit} s) and was "
                       "stopped; the next cells ran."),
    "notebook_timeout": N_("The time limit for the notebook ({limit} s) ran out at cell "
                           "{cell}; the cells after it were not run and their tests score 0."),
    "kernel_died": N_("The kernel stopped at cell {cell} (exit status {exit}): the code ended "
                      "Python, crashed or ran out of memory. The cells after it were not run "
                      "and their tests score 0."),
    "kernel_unresponsive": N_("The kernel stopped answering at cell {cell}; the cells after it "
                              "were not run and their tests score 0."),
    "memory_limit": N_("Cell {cell} ran out of memory (limit {limit} MB)."),
    "output_truncated": N_("Cell {cell} printed {mb} MB; only the first part was kept."),
    "notebook_timeout_hard": N_("Grading took longer than {limit} s and was stopped. Not "
                                "graded."),
    "grading_error": N_("nbgrader could not grade this submission: {detail}"),
    "worker_crashed": N_("The grading worker stopped unexpectedly. Not graded; it will be "
                         "tried again at the next run."),
}

MESSAGES = {**INTEGRITY, **NOTICES, **FAULTS}


def _value(value: Any) -> str:
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict) and "cell" in item:
                parts.append(f"{item['cell']} ({item.get('points')} → {item.get('expected')})")
            else:
                parts.append(str(item))
        return ", ".join(parts)
    return "?" if value is None else str(value)


def describe(item: dict[str, Any], lang: str | None = None) -> str:
    """One finding or fault as a sentence in ``lang``."""
    code = item.get("code", "")
    template = MESSAGES.get(code)
    if template is None:
        return code
    params = {k: _value(v) for k, v in item.get("params", item).items() if k != "code"}
    try:
        return _(template, lang).format(**params)
    except (KeyError, IndexError):
        return _(template, lang)


def status_label(status: str, lang: str | None = None) -> str:
    return _(STATUS.get(status, status), lang)


def codes(record: dict[str, Any]) -> list[str]:
    return [f["code"] for f in record.get("findings", [])] + [
        f["code"] for f in record.get("faults", [])]


def flagged(record: dict[str, Any]) -> bool:
    """True if the submission was changed before grading (an integrity finding)."""
    return any(f["code"] in INTEGRITY for f in record.get("findings", []))


def reasons(record: dict[str, Any], lang: str | None = None) -> list[str]:
    return [describe(f, lang) for f in record.get("findings", []) + record.get("faults", [])]
