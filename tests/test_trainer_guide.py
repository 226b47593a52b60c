"""The trainer guide works exactly as written: its command blocks run in order."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from lab_helpers.grading.course import SOURCE_INSTALLED
from lab_helpers.i18n import _

GUIDE = REPO / "instructor" / "TRAINER_GUIDE.md"


def guide_steps() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"<!-- guide-step -->\n```bash\n(.*?)```", text, flags=re.S)


@pytest.mark.slow
def test_trainer_guide_commands_run_in_order(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(REPO / "instructor", course / "instructor",
                    ignore=shutil.ignore_patterns("exchange", "release", "submitted",
                                                  "autograded", "feedback", "gradebook.db"))
    home = tmp_path / "home"
    home.mkdir()
    env = dict(os.environ, HOME=str(home))
    for var in ("SOCIAL_LAB_COURSE_ROOT", "SOCIAL_LAB_EXCHANGE", "JUPYTER_CONFIG_DIR"):
        env.pop(var, None)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    steps = guide_steps()
    assert len(steps) >= 6
    removal = next(i for i, step in enumerate(steps) if "social-lab remove-learner" in step)

    def run(blocks: list[str]) -> subprocess.CompletedProcess:
        script = "set -euo pipefail\n" + "\n".join(blocks)
        result = subprocess.run(["bash", "-c", script], cwd=course, env=env,
                                capture_output=True, text=True, timeout=900)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
        return result

    first = run(steps[:removal])  # up to the feedback, with the demo learner
    learner = "demo-learner"
    root = course / "instructor"
    assert (root / "release" / "00-getting-started" / "00-getting-started.it.ipynb").exists()
    # no modules/ beside this copy of instructor/: the installed modules, and it says so
    assert _(SOURCE_INSTALLED, "it").split("{")[0] in first.stderr
    assert (root / "autograded" / learner / "00-getting-started").is_dir()
    pages = list((root / "feedback" / learner / "00-getting-started").glob("*.html"))
    assert pages
    page = pages[0].read_text(encoding="utf-8")  # the course is Italian: so is its feedback
    assert '<html lang="it">' in page and "Student's answer" not in page
    assert "CheckFailed" not in page and "NotAttempted" not in page
    assert learner in learner_ids(root)
    run(steps[:1] + steps[removal:])  # the set-up again (same shell variables), then the rest
    assert learner not in learner_ids(root)
    assert not (root / "submitted" / learner).exists()
    assert not list((root / "exchange").rglob(f"{learner}+*"))  # collect won't bring it back
    with (root / "grades-00.csv").open() as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {"rossi.anna", "bianchi.marco"}  # no demo or system user left
    assert all(float(row["max_score"]) > 0 for row in rows.values())
    with (root / "reports" / "moodle-grades.csv").open(encoding="utf-8", newline="") as handle:
        moodle = list(csv.reader(handle))  # --id username: the nbgrader ids, every module
    assert moodle[0] == ["Username", "First name", "Last name", "00-getting-started"]
    assert {row[0]: row[3] for row in moodle[1:]} == {"bianchi.marco": "", "rossi.anna": ""}


def learner_ids(root: Path) -> set[str]:
    """The learners in the module's report and in the gradebook."""
    from nbgrader.api import Gradebook

    with (root / "reports" / "00-getting-started" / "learners.csv").open() as handle:
        found = {row["student_id"] for row in csv.DictReader(handle)}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        found |= {student.id for student in gb.students}
    return found
