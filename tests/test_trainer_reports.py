"""What a trainer reads and hands on: the report, the learners' feedback page, the exports.

A course here is a real nbgrader gradebook filled through nbgrader's own API with the grade
cells of the module's source notebook and a few learners' scores: no kernel runs, so the
tests are quick; tests/test_grading_cohort.py and tests/test_trainer_guide.py grade for real.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import MODULES, REPO

from lab_helpers import cli
from lab_helpers.grading import learner_feedback
from lab_helpers.i18n import _
from lab_helpers.student_version import student_version_of

MODULE = "00-getting-started"
COURSE_ID = "social-innovation-lab"


def grade_cells(lang: str) -> list[dict]:
    """The graded cells of module 00's source notebook: grade id, points, manual or not."""
    nb = nbformat.read(MODULES / MODULE / f"{MODULE}.{lang}.ipynb", as_version=4)
    found = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            found.append({"name": meta["grade_id"], "points": float(meta["points"]),
                          "manual": bool(meta.get("solution")), "type": cell.cell_type})
    return found


def make_course(root: Path, lang: str, scores: dict[str, float | None]) -> list[dict]:
    """A course folder with a gradebook: each learner scores a share of every cell (None:
    no submission). Returns the grade cells."""
    from nbgrader.api import Gradebook

    root.mkdir(parents=True)
    shutil.copy(REPO / "instructor" / "nbgrader_config.py", root)
    cells = grade_cells(lang)
    notebook = f"{MODULE}.{lang}"
    records = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        gb.add_assignment(MODULE)
        gb.add_notebook(notebook, MODULE)
        for cell in cells:
            gb.add_grade_cell(cell["name"], notebook, MODULE, max_score=cell["points"],
                              cell_type=cell["type"])
            if cell["manual"]:
                gb.add_solution_cell(cell["name"], notebook, MODULE)
        for student, share in scores.items():
            gb.update_or_create_student(student, first_name=student.title(),
                                        last_name="Rossi", email=f"{student}@example.org")
            if share is None:
                continue
            gb.add_submission(MODULE, student)
            for cell in cells:
                grade = gb.find_grade(cell["name"], notebook, MODULE, student)
                grade.auto_score = share * cell["points"]
            gb.db.commit()
            (root / "submitted" / student / MODULE).mkdir(parents=True)
            records[student] = {"status": "graded", "findings": [], "faults": []}
    work = root / ".social-lab" / "grading" / MODULE
    work.mkdir(parents=True)
    (work / "state.json").write_text(json.dumps({"students": records}), encoding="utf-8")
    return cells


@pytest.fixture
def course_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Set the course's language as a trainer does, and keep the exchange in tmp_path."""
    def choose(lang: str) -> None:
        monkeypatch.setenv("SOCIAL_LAB_COURSE_LANG", lang)
        monkeypatch.setenv("SOCIAL_LAB_EXCHANGE", str(tmp_path / "exchange"))
        monkeypatch.delenv("SOCIAL_LAB_COURSE_ROOT", raising=False)
    return choose


# --- the report ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_report_speaks_the_course_language_without_lang(tmp_path, course_env, lang):
    course_env(lang)
    root = tmp_path / "course"
    make_course(root, lang, {"anna": 1.0, "marco": 0.0})
    assert cli.main(["report", "00", "--course", str(root)]) == 0
    page = (root / "reports" / MODULE / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in page
    assert _("Discrimination of each exercise", lang) in page
    with (root / "reports" / MODULE / "learners.csv").open(encoding="utf-8") as handle:
        assert {row["student_id"] for row in csv.DictReader(handle)} == {"anna", "marco"}


def test_lang_still_chooses_the_report_language(tmp_path, course_env):
    course_env("it")
    root = tmp_path / "course"
    make_course(root, "it", {"anna": 1.0})
    assert cli.main(["report", "00", "--course", str(root), "--lang", "en"]) == 0
    page = (root / "reports" / MODULE / "report.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and _("Discrimination of each exercise", "it") not in page


def test_an_unknown_course_language_is_explained(tmp_path, course_env, capsys):
    course_env("fr")
    assert cli.main(["report", "00", "--course", str(tmp_path)]) == 2
    assert "fr" in capsys.readouterr().err


# --- the learners' feedback page -------------------------------------------------------


def feedback_page(lang: str, message: str) -> str:
    """Module 00's feedback page as nbgrader renders it, for a learner whose first check
    failed with ``message`` (its box, then the CheckFailed error nbgrader recorded)."""
    import nbgrader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = student_version_of(MODULES / MODULE / f"{MODULE}.{lang}.ipynb")
    first = True
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            meta["score"], meta["points"] = 0.5, meta["points"]
        if meta.get("grade") and cell.cell_type == "code" and first:
            first = False
            cell.outputs = [
                nbformat.v4.new_output("display_data", data={
                    "text/html": f"<div class='box'>{message}</div>", "text/plain": message}),
                nbformat.v4.new_output("error", ename="CheckFailed", evalue=message,
                                       traceback=["CheckFailed: m00.x", message])]
    config = learner_feedback.feedback_config()
    exporter_config = Config({"HTMLExporter": config.GenerateFeedback.HTMLExporter})
    css = (Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "static"
           / "node_modules" / "bootstrap" / "dist" / "css")
    exporter_config.HTMLExporter.extra_template_paths = [str(css)]
    exporter = HTMLExporter(config=exporter_config)
    for step in config.GenerateFeedback.preprocessors:
        if step.__name__ in ("HideHiddenTests", "FeedbackLabels"):  # GetGrades needs a db
            exporter.register_preprocessor(step(), enabled=True)
    page, _resources = exporter.from_notebook_node(nb, {
        "unique_key": f"{MODULE}.{lang}",
        "nbgrader": {"notebook": f"{MODULE}.{lang}", "score": 3.5, "max_score": 20,
                     "late_penalty": 0}})
    return page


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_feedback_page_speaks_the_notebooks_language(lang):
    message = "Nearly: count the comuni again (a distinctive message)"
    page = feedback_page(lang, message)
    assert f'<html lang="{lang}">' in page
    labels = {key: _(text, lang) for key, text in learner_feedback.LABELS.items()}
    assert labels["answer"] in page and labels["top"] in page
    assert _(learner_feedback.SCORE, lang).split("{")[0] in page
    if lang == "it":  # nbgrader's own English labels are gone
        for english in ("Test cell", "Student's answer", "Grade cell", "Score:", "(Top)"):
            assert english not in page, english


def test_the_feedback_page_shows_a_failed_checks_message_once():
    message = "Nearly: count the comuni again (a distinctive message)"
    page = feedback_page("it", message)
    assert page.count(message) == 1
    assert "CheckFailed" not in page


def test_feedback_config_leaves_the_formgraders_pages_alone():
    config = learner_feedback.feedback_config()
    assert "HTMLExporter" not in config  # only GenerateFeedback's exporter changes
    assert config.GenerateFeedback.HTMLExporter.template_name == learner_feedback.TEMPLATE
