"""One nbgrader course per language, every module generated once per run, copied per test.

``nbgrader generate_assignment`` takes seconds per module, most of it nbgrader starting,
so the course of each language is generated in one nbgrader process, with the course's
own ``instructor/nbgrader_config.py`` and nbgrader's API (the same ``GenerateAssignment``
converter that ``nbgrader generate_assignment`` and the formgrader's button run). Tests
autograde, so they change the course: each gets its own copy (a few hundred KB).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from run_once import once

from lab_helpers.catalog import list_modules

CONFIG = REPO / "instructor" / "nbgrader_config.py"

# run in the course folder: nbgrader reads nbgrader_config.py from there, as its commands do
GENERATE = """
import sys
from nbgrader.apps.api import NbGraderAPI
from nbgrader.apps.baseapp import NbGrader

app = NbGrader()
app.initialize([])
api = NbGraderAPI(coursedir=app.coursedir, parent=app)
for module in sys.argv[1:]:
    result = api.generate_assignment(module, force=True)
    if not result["success"]:
        sys.exit(f"generate_assignment {module} failed:\\n{result.get('log', '')}\\n"
                 f"{result.get('error', '')}")
"""


def course_env(lang: str) -> dict[str, str]:
    """The environment of a course folder holding its own nbgrader_config.py."""
    env = dict(os.environ, SOCIAL_LAB_COURSE_LANG=lang)
    for var in ("SOCIAL_LAB_COURSE_ROOT", "SOCIAL_LAB_EXCHANGE", "SOCIAL_LAB_GRADING_GRACE"):
        env.pop(var, None)
    return env


def generate(root: Path, lang: str) -> None:
    """Release every module in ``lang`` into the course folder ``root``."""
    shutil.copy(CONFIG, root)
    slugs = [module.slug for module in list_modules()]
    result = subprocess.run([sys.executable, "-c", GENERATE, *slugs], cwd=root,
                            env=course_env(lang), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for module in list_modules():
        assert (root / "release" / module.slug / module.notebook_name(lang)).exists()


def copy_course(shared: Path, lang: str, dest: Path, *, with_config: bool = True) -> Path:
    """A fresh copy at ``dest`` of the ``lang`` course (generated on first use).

    ``with_config=False`` leaves out the course's nbgrader_config.py, for a test that runs
    nbgrader from instructor/ with SOCIAL_LAB_COURSE_ROOT pointing at the copy.
    """
    pristine = once(shared / f"nbgrader-course-{lang}", lambda root: generate(root, lang))
    ignore = None if with_config else shutil.ignore_patterns("nbgrader_config.py")
    shutil.copytree(pristine, dest, ignore=ignore)
    return dest
