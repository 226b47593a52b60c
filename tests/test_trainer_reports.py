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
from lab_helpers.catalog import list_modules
from lab_helpers.checks.registry import get_problem
from lab_helpers.exercise_titles import exercise_titles, module_titles, title_of
from lab_helpers.grading import learner_feedback
from lab_helpers.grading.course import SOURCE_BESIDE
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


def heading_above(lang: str, grade_id: str) -> str:
    """The last "### " line above a graded cell of module 00, read plainly."""
    nb = nbformat.read(MODULES / MODULE / f"{MODULE}.{lang}.ipynb", as_version=4)
    last = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            last = next((line for line in reversed(cell.source.splitlines())
                         if line.startswith("### ") and "SOLUTION" not in line), last)
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return last
    raise AssertionError(grade_id)


# --- exercise titles -------------------------------------------------------------------


@pytest.mark.parametrize("module", [m.slug for m in list_modules()])
def test_every_graded_cell_has_a_number_and_a_title_in_both_languages(module):
    titles = {lang: module_titles(module, lang) for lang in ("it", "en")}
    assert titles["it"] and titles["it"].keys() == titles["en"].keys()
    auto = [t for t in titles["en"].values() if not t.manual]
    assert [t.number for t in auto] == sorted(t.number for t in auto)  # in notebook order
    assert len({t.number for t in auto}) == len(auto)  # one heading each
    for grade_id, english in titles["en"].items():
        italian = titles["it"][grade_id]
        assert english.summary and italian.summary, grade_id
        assert english.number == italian.number and english.check_id == italian.check_id
        if not english.manual:
            assert get_problem(english.check_id).id == english.check_id  # a real check
            assert title_of(english.check_id, "it") == italian


def test_a_title_is_the_heading_above_the_cell_and_what_it_asks():
    for lang in ("it", "en"):
        titles = module_titles(MODULE, lang)
        for grade_id in ("test_piedmont_municipalities", "test_total_population"):
            heading = heading_above(lang, grade_id)  # "### Esercizio 5 (1 punto)"
            found = titles[grade_id]
            assert heading.startswith(f"### {found.heading} (")
            assert found.number == int(heading.split()[2])
            assert found.title.startswith(f"{found.heading}: ") and "**" not in found.title


def test_exercise_titles_reads_any_notebook_the_same_way():
    released = student_version_of(MODULES / MODULE / f"{MODULE}.en.ipynb")
    assert {t.grade_id: t for t in exercise_titles(released)} == module_titles(MODULE, "en")


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


def test_the_report_names_each_exercise_beside_its_grade_id(tmp_path, course_env):
    import html

    course_env("it")
    root = tmp_path / "course"
    make_course(root, "it", {"anna": 1.0, "marco": 0.5, "luca": 0.0, "sara": None})
    assert cli.main(["report", "00", "--course", str(root)]) == 0
    folder = root / "reports" / MODULE
    page = (folder / "report.html").read_text(encoding="utf-8")
    titles = module_titles(MODULE, "it")
    heading = heading_above("it", "test_total_population")[4:].split(" (")[0]
    assert f"<td>{html.escape(titles['test_total_population'].title)}<br>" \
           "<code>test_total_population</code></td>" in page
    assert titles["test_total_population"].title.startswith(heading)
    with (folder / "items.csv").open(encoding="utf-8") as handle:
        rows = {row["item_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(titles)
    for grade_id, title in titles.items():
        assert rows[grade_id]["title"] == title.title
        assert rows[grade_id]["number"] == ("" if title.number is None else str(title.number))


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


def test_the_feedback_page_names_each_check_after_its_exercise():
    page = feedback_page("it", "A message")
    first = heading_above("it", "test_piedmont_municipalities")[4:].split(" (")[0]
    assert f'<a href="#test_piedmont_municipalities">{first}</a>' in page
    assert f'<span class="nbgrader-label">{first}</span>' in page


def test_the_feedback_page_shows_a_failed_checks_message_once():
    message = "Nearly: count the comuni again (a distinctive message)"
    page = feedback_page("it", message)
    assert page.count(message) == 1
    assert "CheckFailed" not in page


def test_feedback_config_leaves_the_formgraders_pages_alone():
    config = learner_feedback.feedback_config()
    assert "HTMLExporter" not in config  # only GenerateFeedback's exporter changes
    assert config.GenerateFeedback.HTMLExporter.template_name == learner_feedback.TEMPLATE


# --- taking a learner out; the course's source -----------------------------------------


def test_remove_learner_takes_a_learner_out_and_keeps_a_copy(tmp_path, course_env, capsys):
    from nbgrader.api import Gradebook

    course_env("it")
    root = tmp_path / "course"
    make_course(root, "it", {"anna": 1.0, "demo-learner": 0.0})
    inbound = tmp_path / "exchange" / COURSE_ID / "inbound"
    inbound.mkdir(parents=True)
    (inbound / f"demo-learner+{MODULE}+2025-01-01 10:00:00.000000 UTC").mkdir()
    (inbound / f"anna+{MODULE}+2025-01-01 10:00:00.000000 UTC").mkdir()
    (root / "feedback" / "demo-learner" / MODULE).mkdir(parents=True)
    assert cli.main(["report", "00", "--course", str(root)]) == 0
    assert cli.main(["remove-learner", "demo-learner", "--course", str(root)]) == 0
    out = capsys.readouterr().out
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        assert {s.id for s in gb.students} == {"anna"}
        assert [s.student.id for s in gb.find_assignment(MODULE).submissions] == ["anna"]
    assert sorted(p.name.split("+")[0] for p in inbound.iterdir()) == ["anna"]
    for step in ("submitted", "feedback"):
        assert not (root / step / "demo-learner").exists()
    assert (root / "submitted" / "anna" / MODULE).is_dir()
    state = json.loads((root / ".social-lab" / "grading" / MODULE / "state.json").read_text())
    assert set(state["students"]) == {"anna"}
    with (root / "reports" / MODULE / "learners.csv").open(encoding="utf-8") as handle:
        assert [row["student_id"] for row in csv.DictReader(handle)] == ["anna"]
    kept = next((root / ".social-lab" / "removed").iterdir())
    assert (kept / "submitted" / "demo-learner" / MODULE).is_dir()
    assert (kept / "gradebook.db").is_file() and str(kept) in out
    assert cli.main(["remove-learner", "demo-learner", "--course", str(root)]) == 2
    assert "demo-learner" in capsys.readouterr().err  # already gone: said plainly


def test_the_course_releases_the_modules_beside_it_and_says_so(tmp_path, course_env):
    import os
    import subprocess
    import sys

    course_env("it")
    course = tmp_path / "checkout" / "instructor"
    course.mkdir(parents=True)
    shutil.copy(REPO / "instructor" / "nbgrader_config.py", course)
    shutil.copytree(MODULES / MODULE, tmp_path / "checkout" / "modules" / MODULE)
    edited = tmp_path / "checkout" / "modules" / MODULE / f"{MODULE}.it.ipynb"
    nb = nbformat.read(edited, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell("A trainer's own note, added here."))
    nbformat.write(nb, edited)
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    result = subprocess.run([nbgrader, "generate_assignment", MODULE, "--force"], cwd=course,
                            env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    released = (course / "release" / MODULE / f"{MODULE}.it.ipynb").read_text(encoding="utf-8")
    assert "A trainer's own note, added here." in released
    said = _(SOURCE_BESIDE, "it")
    assert said.split("{")[0] in result.stderr and str(edited.parent.parent) in result.stderr
    listing = subprocess.run([nbgrader, "db", "student", "list"], cwd=course,
                             env=dict(os.environ), capture_output=True, text=True, timeout=300)
    assert said.split("{")[0] not in listing.stderr  # only generate_assignment says it


def test_without_modules_beside_it_the_course_releases_the_installed_ones(tmp_path):
    from lab_helpers.grading.course import course_source
    from lab_helpers.paths import modules_dir

    (tmp_path / "instructor").mkdir()
    assert course_source(tmp_path / "instructor") == modules_dir()
    (tmp_path / "modules").mkdir()  # an empty folder is not a course's source
    assert course_source(tmp_path / "instructor") == modules_dir()


# --- grades for Moodle -----------------------------------------------------------------


def add_module(root: Path, name: str, points: float, scores: dict[str, float]) -> None:
    """One more module in the gradebook: one grade cell, and the learners' scores on it."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        gb.add_assignment(name)
        gb.add_notebook(f"{name}.it", name)
        gb.add_grade_cell("test_only", f"{name}.it", name, max_score=points, cell_type="code")
        for student, score in scores.items():
            gb.add_submission(name, student)
            gb.find_grade("test_only", f"{name}.it", name, student).auto_score = score
            gb.db.commit()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def moodle_course(tmp_path, course_env):
    """An Italian course: four learners (one submitted nothing, one has no e-mail address
    and an ID number instead), two modules."""
    from nbgrader.api import Gradebook

    course_env("it")
    root = tmp_path / "course"
    cells = make_course(root, "it", {"anna": 1.0, "marco": 0.5, "sara": None})
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        gb.update_or_create_student("luca", first_name="Luca", last_name="Bianchi",
                                    lms_user_id="PMN-0042")
    add_module(root, "01-social-data", 3, {"anna": 1.5, "luca": 3})
    return root, sum(cell["points"] for cell in cells)


def test_moodle_export_has_one_row_a_learner_and_one_column_a_module(moodle_course, capsys):
    root, points_00 = moodle_course
    assert cli.main(["moodle-export", "--course", str(root)]) == 0
    rows = read_csv(root / "reports" / "moodle-grades.csv")
    assert rows[0] == ["Username", "First name", "Last name", MODULE, "01-social-data"]
    table = {row[0]: row for row in rows[1:]}
    assert sorted(table) == ["anna", "luca", "marco", "sara"]  # one row each, by id
    assert all(len(row) == len(rows[0]) for row in rows)
    assert float(table["anna"][3]) == points_00 and float(table["marco"][3]) == points_00 / 2
    assert table["sara"][3:] == ["", ""]  # nothing submitted: no grade
    assert table["luca"][3] == "" and float(table["luca"][4]) == 3
    assert float(table["anna"][4]) == 1.5
    for row in rows[1:]:  # a dot for decimals, in an Italian course too
        assert all("," not in value for value in row[3:])
    assert "Username" in capsys.readouterr().out


def test_moodle_export_as_percent_by_email_or_id_number(moodle_course, capsys):
    root, _points = moodle_course
    out = root / "for-moodle.csv"
    assert cli.main(["moodle-export", "--course", str(root), "--id", "email", "--values",
                     "percent", "--out", str(out)]) == 0
    rows = read_csv(out)
    assert rows[0][0] == "Email address"
    table = {row[0]: row for row in rows[1:]}
    assert sorted(table) == ["anna@example.org", "marco@example.org", "sara@example.org"]
    assert table["anna@example.org"][3:] == ["100.00", "50.00"]
    assert float(table["marco@example.org"][3]) == 50
    assert "luca" in capsys.readouterr().out  # left out, and said so: no e-mail address
    assert cli.main(["moodle-export", "--course", str(root), "--id", "idnumber"]) == 0
    rows = read_csv(root / "reports" / "moodle-grades.csv")
    assert rows[0][0] == "ID number" and [row[0] for row in rows[1:]] == ["PMN-0042"]


def test_moodle_export_of_an_empty_gradebook_explains(tmp_path, course_env, capsys):
    from nbgrader.api import Gradebook

    course_env("en")
    root = tmp_path / "course"
    root.mkdir()
    shutil.copy(REPO / "instructor" / "nbgrader_config.py", root)
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID):
        pass
    assert cli.main(["moodle-export", "--course", str(root)]) == 2
    assert "generate_assignment" in capsys.readouterr().err
