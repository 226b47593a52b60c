"""Grades for Moodle's gradebook: ``social-lab moodle-export``.

Moodle's *Grades > Import > CSV file* reads a table with one row per learner and one
column per grade item, and maps one column to a user field (*Map from* / *Map to*). This
file is that table, from nbgrader's gradebook:

- the identifier column first, named as Moodle's own exports name the user field it maps
  to: ``Username`` (the nbgrader id), ``Email address`` or ``ID number`` (the learner's
  ``lms_user_id`` in nbgrader, ``--lms-user-id`` of ``nbgrader db student add``);
- ``First name`` and ``Last name``, for the trainer's eye (Moodle ignores them unless they
  are mapped);
- one column per module (nbgrader assignment), named by its id (``00-getting-started``):
  the total after any late penalty, in points or as a percentage of the module's points,
  with a dot for decimals (Moodle reads a dot in every language); empty when the learner
  submitted nothing, which Moodle reads as no grade.

A learner without the chosen identifier (no e-mail address, say) is left out and named:
Moodle would give their row's grades to the learner of the row before.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_, _
from .course import CourseError, load_app, safe_db_url

# option -> (the CSV column, named as Moodle's "Map to" field; the nbgrader student field)
IDENTIFIERS = {
    "username": ("Username", "id"),
    "email": ("Email address", "email"),
    "idnumber": ("ID number", "lms_user_id"),
}
VALUES = ("points", "percent")
NAME_COLUMNS = ["First name", "Last name"]
FILE_NAME = "moodle-grades.csv"
NO_MODULES = N_("The gradebook has no module yet: release one first (nbgrader "
                "generate_assignment MODULE).")


@dataclass
class MoodleExport:
    """The file written, and what a trainer should know about it."""

    path: Path
    identifier: str  # the CSV column that identifies learners ("Username")
    modules: list[str] = field(default_factory=list)
    learners: int = 0
    left_out: list[str] = field(default_factory=list)  # learners without the identifier


def _value(score: float, max_score: float, values: str) -> str:
    if values == "percent":
        return f"{100 * score / max_score:.2f}" if max_score else ""
    return f"{score:.2f}"


def moodle_table(gradebook, identifier: str = "username", values: str = "points"
                 ) -> tuple[list[str], list[list[str]], list[str]]:
    """The header, the rows and the learners left out, from an open nbgrader Gradebook."""
    from nbgrader.api import MissingEntry

    column, attribute = IDENTIFIERS[identifier]
    assignments = sorted(gradebook.assignments, key=lambda a: a.name)
    header = [column, *NAME_COLUMNS, *(a.name for a in assignments)]
    rows, left_out = [], []
    for student in sorted(gradebook.students, key=lambda s: s.id):
        ident = (getattr(student, attribute) or "").strip()
        if not ident:
            left_out.append(student.id)
            continue
        row = [ident, student.first_name or "", student.last_name or ""]
        for assignment in assignments:
            try:
                submission = gradebook.find_submission(assignment.name, student.id)
            except MissingEntry:
                row.append("")  # nothing submitted: no grade in Moodle
                continue
            score = max(0.0, float(submission.score or 0)
                        - float(submission.late_submission_penalty or 0))
            row.append(_value(score, float(assignment.max_score or 0), values))
        rows.append(row)
    return header, rows, left_out


def write_moodle_csv(course_dir: Path, identifier: str = "username", values: str = "points",
                     out: Path | None = None) -> MoodleExport:
    """Write the CSV for Moodle's grade import (default: reports/moodle-grades.csv)."""
    from nbgrader.api import Gradebook

    app = load_app(Path(course_dir))
    coursedir = app.coursedir
    root = Path(coursedir.root).resolve()
    path = Path(out) if out else root / "reports" / FILE_NAME
    with Gradebook(safe_db_url(coursedir.db_url), coursedir.course_id) as gb:
        header, rows, left_out = moodle_table(gb, identifier, values)
    if len(header) == len(NAME_COLUMNS) + 1:
        raise CourseError(_(NO_MODULES))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)  # comma-separated: Moodle's default separator
        writer.writerow(header)
        writer.writerows(rows)
    return MoodleExport(path, header[0], header[len(NAME_COLUMNS) + 1:], len(rows), left_out)
