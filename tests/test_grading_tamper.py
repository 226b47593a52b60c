"""Hostile submissions graded through `social-lab grade` and through plain `nbgrader autograde`.

Both paths run the course's own pipeline (``lab_helpers.grading.pipeline``, merged by the
course's nbgrader_config.py). The same cohort (tests/hostile_submissions.py: an honest
learner and learners with input and AST transformers, exception handlers, patched
comparisons, answer keys, environment flags, files beside the notebook and replaced
checks, each in several spellings) is graded once each way; every test then checks, for
both paths, that the grade stays honest and the submission is flagged.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from hostile_submissions import CAUGHT, EVADING, MODULE, WRONG_TESTS, submit_all
from test_grading_cohort import (
    SOCIAL_LAB,
    course_env,
    grade,
    gradebook_scores,
    make_course,
    state_of,
)

from lab_helpers.grading import synthetic
from lab_helpers.grading.flags import findings_of
from lab_helpers.grading.outcomes import INTEGRITY, describe, flagged

NBGRADER = str(Path(sys.executable).parent / "nbgrader")
LIMITS = ("--cell-timeout", "20", "--notebook-timeout", "120")
PATHS = ("social-lab", "nbgrader")
HOSTILE = sorted(CAUGHT) + sorted(EVADING)
# one worker of pytest-xdist runs every test here: the cohort is graded once per path
pytestmark = pytest.mark.xdist_group("grading-tamper")


@pytest.fixture(scope="module")
def graded(tmp_path_factory, nbgrader_course):
    base = tmp_path_factory.mktemp("tamper")
    roots = {"social-lab": base / "social-lab" / "course", "nbgrader": base / "nbgrader"}
    released, source = make_course(nbgrader_course, roots["social-lab"], "it")
    kinds = submit_all(roots["social-lab"], synthetic.solved(released, source), released)
    shutil.copytree(roots["social-lab"], roots["nbgrader"])
    ours = grade(roots["social-lab"], "it", "--workers", "2", *LIMITS, "--lang", "en",
                 timeout=900)
    assert ours.returncode == 0, ours.stdout[-3000:] + ours.stderr[-3000:]
    plain = subprocess.run([NBGRADER, "autograde", MODULE, "--force"], cwd=roots["nbgrader"],
                           env=course_env("it"), capture_output=True, text=True, timeout=900)
    assert plain.returncode == 0, plain.stdout[-3000:] + plain.stderr[-3000:]
    return {"roots": roots, "kinds": kinds, "log": plain.stdout + plain.stderr,
            "scores": {path: gradebook_scores(root) for path, root in roots.items()},
            "state": state_of(roots["social-lab"])["students"]}


def scores_of_tests(scores: dict[str, float]) -> dict[str, float]:
    return {gid: score for gid, score in scores.items() if gid.startswith("test_")}


def findings(graded, path: str, student: str) -> list[dict]:
    if path == "social-lab":
        return graded["state"][student]["findings"]
    notebook = graded["roots"][path] / "autograded" / student / MODULE / f"{MODULE}.it.ipynb"
    return findings_of(nbformat.read(notebook, as_version=4))


@pytest.mark.parametrize("path", PATHS)
def test_the_honest_learner_scores_the_right_answers_only_and_is_not_flagged(graded, path):
    honest = scores_of_tests(graded["scores"][path]["honest"])
    assert {gid for gid, score in honest.items() if score == 0} == WRONG_TESTS
    assert not [f for f in findings(graded, path, "honest") if f["code"] in INTEGRITY]


def test_both_paths_give_the_same_grades(graded):
    assert graded["scores"]["social-lab"] == graded["scores"]["nbgrader"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("student", HOSTILE)
def test_no_trick_buys_points_and_every_one_is_flagged(graded, path, student):
    honest = scores_of_tests(graded["scores"][path]["honest"])
    mine = scores_of_tests(graded["scores"][path][student])
    assert set(mine) == set(honest)
    assert all(mine[gid] == 0 for gid in WRONG_TESTS), mine
    assert all(mine[gid] <= honest[gid] for gid in honest), mine
    if graded["kinds"][student] == "caught":  # commented out: the right answers still score
        assert mine == honest
    codes = {f["code"] for f in findings(graded, path, student)}
    assert codes & set(INTEGRITY), (student, codes)
    if path == "social-lab":
        assert flagged(graded["state"][student])


@pytest.mark.parametrize("path", PATHS)
def test_files_beside_the_notebook_are_reported_and_never_imported(graded, path):
    found = {f["code"]: f["params"] for f in findings(graded, path, "x-files")}
    assert "helpers.py" in found["shipped_code"]["files"]
    assert "lab_helpers/__init__.py" in found["shipped_code"]["files"]
    assert found["extra_files"]["files"] == ["notes.txt"]
    assert scores_of_tests(graded["scores"][path]["x-files"]) == scores_of_tests(
        graded["scores"][path]["honest"])


def test_student_code_never_runs_as_root_nor_beside_its_files(graded):
    import os

    for path in PATHS:
        notebook = (graded["roots"][path] / "autograded" / "x-files" / MODULE
                    / f"{MODULE}.it.ipynb")
        text = "".join(o.get("text", "") for c in nbformat.read(notebook, as_version=4).cells
                       for o in c.get("outputs", []))
        line = next(row for row in text.splitlines() if row.startswith("kernel uid:"))
        assert line.endswith("files here: []"), line
        if os.geteuid() == 0:
            assert not line.startswith("kernel uid: 0 "), line


def test_a_machine_that_cannot_confine_student_code_grades_nothing(tmp_path, nbgrader_course,
                                                                  monkeypatch):
    from lab_helpers.grading import containment, pool
    from lab_helpers.grading.course import CourseError

    root = tmp_path / "course"
    released, _source = make_course(nbgrader_course, root, "it")
    synthetic.submit(root, "anna", MODULE, {f"{MODULE}.it.ipynb": released})
    monkeypatch.setattr(containment, "probe", lambda *a, **k: containment.Containment(
        skipped=list(containment.PROMISES)))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CourseError, match="--no-containment"):
        pool.grade_module(root, "00", pool.Options(workers=1, report=False))
    assert not (root / "autograded" / "anna").exists()


def test_answer_keys_are_out_of_the_kernels_reach(graded):
    for path in PATHS:
        notebook = (graded["roots"][path] / "autograded" / "y-answer-keys" / MODULE
                    / f"{MODULE}.it.ipynb")
        text = "".join(o.get("text", "") for c in nbformat.read(notebook, as_version=4).cells
                       for o in c.get("outputs", []))
        assert text.count("hidden:") == 3 and "READ" not in text, text[-2000:]
        assert "key bytes: 0" in text


def test_plain_nbgrader_says_what_it_found_in_its_log(graded):
    assert "social-lab: " in graded["log"]
    assert "reads the course's reference code or answer keys" in graded["log"]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_report_of_a_course_graded_by_plain_nbgrader_shows_its_flags(graded, lang):
    root = graded["roots"]["nbgrader"]
    assert not (root / ".social-lab" / "grading" / MODULE / "state.json").exists()
    result = subprocess.run([SOCIAL_LAB, "report", "00", "--course", str(root), "--lang", lang],
                            env=course_env("it"), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    folder = root / "reports" / MODULE
    with (folder / "learners.csv").open(encoding="utf-8") as handle:
        learners = {row["student_id"]: row for row in csv.DictReader(handle)}
    html = (folder / "report.html").read_text(encoding="utf-8")
    scores = graded["scores"]["nbgrader"]
    assert learners["honest"]["status"] == "graded" and learners["honest"]["flagged"] == "0"
    assert float(learners["honest"]["score"]) == pytest.approx(sum(scores["honest"].values()))
    for student in HOSTILE:
        found = [f for f in findings(graded, "nbgrader", student) if f["code"] in INTEGRITY]
        assert learners[student]["flagged"] == "1", (student, learners[student])
        assert {f["code"] for f in found} <= set(learners[student]["flags"].split(";"))
        reason = describe(found[0], lang)
        assert reason != describe(found[0], "it" if lang == "en" else "en")  # translated
        assert reason in learners[student]["reason"]
        assert f"{student} ⚑" in html
