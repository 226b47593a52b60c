"""Take a learner out of a course: ``social-lab remove-learner ID``.

For a learner who should not be there, such as the demo learner of the trainer guide's
try-it-yourself step. The learner goes out of nbgrader's gradebook (with their grades), and
their folders go out of ``submitted/``, ``autograded/`` and ``feedback/``, their
submissions out of the exchange's inbound folder (so that ``nbgrader collect`` does not
bring them back) and their records out of the grading state. Nothing is deleted for good:
the folders, the submissions and a copy of a SQLite gradebook taken before the removal are
moved to ``.social-lab/removed/ID-TIME/``. The reports that exist are written again.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..i18n import _
from .course import WORK_DIR, CourseError, load_app, safe_db_url, sqlite_file
from .state import State


@dataclass
class Removal:
    """What was taken out, and where it was kept."""

    student: str
    kept_in: Path
    moved: list[Path] = field(default_factory=list)  # where each item was, before
    in_gradebook: bool = False
    reports: list[str] = field(default_factory=list)  # modules whose report was rewritten


def _move(path: Path, root: Path, kept_in: Path, removal: Removal) -> None:
    try:
        relative = path.resolve().relative_to(root)
    except ValueError:  # outside the course folder (the exchange)
        relative = Path("exchange") / path.name
    target = kept_in / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(path), str(target))
    removal.moved.append(path)


def remove_learner(course_dir: Path, student: str) -> Removal:
    """Remove ``student`` from the course in ``course_dir`` (see the module's docstring)."""
    from nbgrader.api import Gradebook, MissingEntry

    from .report import write_reports

    if not (Path(course_dir) / "nbgrader_config.py").exists():
        raise CourseError(_("There is no nbgrader_config.py in {path}: run this command in "
                            "the course folder (instructor/), or give it with --course.")
                          .format(path=course_dir))
    app = load_app(Path(course_dir))
    coursedir = app.coursedir
    root = Path(coursedir.root).resolve()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    removal = Removal(student, root / WORK_DIR / "removed" / f"{student}-{stamp}")
    with Gradebook(safe_db_url(coursedir.db_url), coursedir.course_id) as gb:
        try:
            gb.find_student(student)
            removal.in_gradebook = True
        except MissingEntry:
            pass
    found: list[Path] = []
    for step in ("submitted_directory", "autograded_directory", "feedback_directory"):
        folder = Path(coursedir.format_path(getattr(coursedir, step), student, ".")).resolve()
        if folder.is_dir():
            found.append(folder)
    grading = root / WORK_DIR / "grading"
    found += sorted(grading.glob(f"*/staging/{student}"))
    exchange = Path(app.config.Exchange.root) if "root" in app.config.Exchange else None
    if exchange is not None:
        found += sorted((exchange / coursedir.course_id / "inbound").glob(f"{student}+*"))
    states = [s for s in map(State, sorted(grading.glob("*/state.json")))
              if student in s.students]
    if not (removal.in_gradebook or found or states):
        raise CourseError(_("There is no learner '{student}' in this course: nbgrader db "
                            "student list shows the learners.").format(student=student))
    removal.kept_in.mkdir(parents=True)
    gradebook = sqlite_file(coursedir.db_url)
    if removal.in_gradebook:
        if gradebook is not None and gradebook.exists():
            shutil.copy2(gradebook, removal.kept_in / gradebook.name)
        with Gradebook(safe_db_url(coursedir.db_url), coursedir.course_id) as gb:
            gb.remove_student(student)
    for path in found:
        _move(path, root, removal.kept_in, removal)
    for state in states:
        state.students.pop(student)
        state.save()
    for report in sorted((root / "reports").glob("*/report.html")):
        write_reports(root, report.parent.name)
        removal.reports.append(report.parent.name)
    return removal
