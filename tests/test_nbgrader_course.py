"""nbgrader itself grades the course: full marks for the source, zero for the blank release,
and, for a submission whose first answers are wrong, exactly the points of the others."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import nbformat
import pytest
from conftest import REPO
from learner_answers import Answer, answers, with_answers

from lab_helpers.catalog import list_modules

NBGRADER = str(Path(sys.executable).parent / "nbgrader")


def nbgrader(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run([NBGRADER, *args], cwd=REPO / "instructor", env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def first_half_wrong(module, lang: str) -> tuple[nbformat.NotebookNode, int]:
    """The source with the first half of the exercises answered wrong; the points left."""
    from lab_helpers.checks import module_problems

    problems = module_problems(f"m{module.number}")
    half = len(problems) // 2
    chosen: dict[str, Answer] = {}
    for index, problem in enumerate(problems):
        name = problem.id.split(".", 1)[1]
        wrong = [a for a in answers(problem) if a.message is not None and not a.hidden]
        chosen[name] = wrong[0] if index < half else answers(problem)[-1]
    nb = with_answers(module.number, lang, chosen)
    points = {c.metadata["nbgrader"]["grade_id"].removeprefix("test_"):
              c.metadata["nbgrader"]["points"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_")}
    return nb, sum(points[p.id.split(".", 1)[1]] for p in problems[half:])


def cases() -> list:
    """Module 00 in both languages; each later module in one, alternating, to keep the
    suite fast (the twins' parity test proves the other language has the same cells)."""
    found = []
    for index, module in enumerate(list_modules()):
        langs = ["it", "en"] if index == 0 else [("en", "it")[index % 2 == 0]]
        found += [pytest.param(module, lang, id=f"{module.slug}-{lang}") for lang in langs]
    return found


@pytest.mark.slow
@pytest.mark.parametrize(("module", "lang"), cases())
def test_nbgrader_grades_source_full_and_release_zero(module, lang, tmp_path,
                                                     nbgrader_course):
    from nbgrader.api import Gradebook

    # every module released in ``lang`` (once per run, by nbgrader's generate_assignment);
    # nbgrader runs from instructor/, as a trainer's does, on this test's copy of the course
    root = nbgrader_course(lang, tmp_path / "course", with_config=False)
    env = dict(os.environ, SOCIAL_LAB_COURSE_ROOT=str(root),
               SOCIAL_LAB_EXCHANGE=str(root / "exchange"), SOCIAL_LAB_COURSE_LANG=lang)
    name = module.notebook_name(lang)
    released = root / "release" / module.slug / name
    assert released.exists()
    assert not (root / "release" / module.slug / module.notebook_name(
        "en" if lang == "it" else "it")).exists(), "one language per course"
    for student, notebook in (("solved", module.notebooks[lang]), ("blank", released)):
        target = root / "submitted" / student / module.slug
        target.mkdir(parents=True)
        shutil.copy(notebook, target / name)
    mixed, points_left = first_half_wrong(module, lang)
    (root / "submitted" / "mixed" / module.slug).mkdir(parents=True)
    nbformat.write(mixed, root / "submitted" / "mixed" / module.slug / name)
    nbgrader("autograde", module.slug, "--force", env=env)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        solved = gb.find_submission(module.slug, "solved")
        blank = gb.find_submission(module.slug, "blank")
        assert solved.max_code_score >= 6
        assert solved.code_score == solved.max_code_score
        assert blank.code_score == 0
        assert blank.max_written_score >= 1  # the reflection waits for the trainer
        # one wrong answer costs only its own points: nothing cascades under nbgrader
        mixed = gb.find_submission(module.slug, "mixed")
        assert 0 < points_left < solved.max_code_score
        assert mixed.code_score == points_left
    # feedback from plain nbgrader (as the formgrader's button makes it) hides hidden tests
    nbgrader("generate_feedback", module.slug, "--force", env=env)
    html = (root / "feedback" / "solved" / module.slug / name.replace(
        ".ipynb", ".html")).read_text(encoding="utf-8")
    text = unescape(re.sub(r"<[^>]+>", "", html))  # code is split into highlighted spans
    assert f'check("m{module.number}.' in text
    assert "hidden=True" not in text and "HIDDEN TESTS" not in text
