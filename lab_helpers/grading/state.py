"""The state of a module's grading, kept in the course folder so a run can resume.

``.social-lab/grading/MODULE/state.json`` holds, per learner, a fingerprint of the
submission and of the grading settings, and the outcome. It is rewritten atomically after
each learner, so an interrupted run loses at most the learners being graded at that
moment; the next run grades only what is new, changed or unfinished.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

FINAL = ("graded", "partly_graded", "not_graded")
RETRY = ("grading_error", "worker_crashed")  # not the learner's doing: try again next run


def fingerprint(folder: Path) -> str:
    """A hash of every file in a submission folder (names and contents)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def settings_fingerprint(settings: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:24]


class State:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = {"students": {}}
        if path.exists():
            try:
                self.data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.data = {"students": {}}
        self.data.setdefault("students", {})

    @property
    def students(self) -> dict[str, dict[str, Any]]:
        return self.data["students"]

    def needs_grading(self, student: str, submission: str, settings: str,
                      in_gradebook: bool) -> bool:
        record = self.students.get(student)
        if not record or record.get("status") not in FINAL:
            return True
        if record.get("fingerprint") != submission or record.get("settings") != settings:
            return True
        if any(f.get("code") in RETRY for f in record.get("faults", [])):
            return True
        return record["status"] != "not_graded" and not in_gradebook

    def record(self, student: str, outcome: dict[str, Any]) -> None:
        self.students[student] = outcome
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".state-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self.data, out, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
