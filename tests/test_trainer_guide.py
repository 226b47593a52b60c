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
    script = "set -euo pipefail\n" + "\n".join(steps)
    result = subprocess.run(["bash", "-c", script], cwd=course, env=env, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    learner = os.environ.get("USER") or __import__("getpass").getuser()
    root = course / "instructor"
    assert (root / "release" / "00-getting-started" / "00-getting-started.it.ipynb").exists()
    assert (root / "autograded" / learner / "00-getting-started").is_dir()
    pages = list((root / "feedback" / learner / "00-getting-started").glob("*.html"))
    assert pages
    page = pages[0].read_text(encoding="utf-8")  # the course is Italian: so is its feedback
    assert '<html lang="it">' in page and "Student's answer" not in page
    assert "CheckFailed" not in page and "NotAttempted" not in page
    with (root / "grades-00.csv").open() as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert {"rossi.anna", "bianchi.marco", learner} <= set(rows)
    assert float(rows[learner]["score"]) == 0.0  # the pretend learner submitted a blank
    assert float(rows[learner]["max_score"]) > 0
