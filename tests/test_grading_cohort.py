"""`social-lab grade` on a synthetic cohort: every fault, every integrity case, containment.

One Italian cohort is graded once (module fixture) with three workers, a 10 s cell limit and
a 1.5 GB memory limit; each test then checks one promise against the state file, nbgrader's
gradebook, the graded notebooks and the reports.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from lab_helpers import settings
from lab_helpers.grading import synthetic
from lab_helpers.grading.export import ITEM_COLUMNS, LEARNER_COLUMNS, SCORE_COLUMNS

MODULE = "00-getting-started"
SOCIAL_LAB = str(Path(sys.executable).parent / "social-lab")
# cells get 10 s (the machine may be busy), whole notebooks 30 s
LIMITS = ("--cell-timeout", "10", "--notebook-timeout", "30", "--memory-mb", "1536")
# one worker of pytest-xdist runs every test here: the cohort is graded once
pytestmark = pytest.mark.xdist_group("grading-cohort")


def course_env(lang: str) -> dict[str, str]:
    env = dict(os.environ, SOCIAL_LAB_COURSE_LANG=lang)
    for var in ("SOCIAL_LAB_COURSE_ROOT", "SOCIAL_LAB_EXCHANGE", "SOCIAL_LAB_GRADING_GRACE"):
        env.pop(var, None)
    return env


def make_course(nbgrader_course, root: Path,
                lang: str) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    """A course at ``root`` (a copy of the run's generated one); module 00 released, source."""
    nbgrader_course(lang, root)
    name = f"{MODULE}.{lang}"
    released = nbformat.read(root / "release" / MODULE / f"{name}.ipynb", as_version=4)
    source = nbformat.read(REPO / "modules" / MODULE / f"{name}.ipynb", as_version=4)
    return released, source


def grade(root: Path, lang: str, *args: str, env_extra: dict[str, str] | None = None,
          timeout: int = 600) -> subprocess.CompletedProcess:
    env = course_env(lang)
    env.update(env_extra or {})
    return subprocess.run([SOCIAL_LAB, "grade", "00", "--course", str(root), *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


def state_of(root: Path) -> dict:
    return json.loads((root / ".social-lab" / "grading" / MODULE / "state.json").read_text())


class Listener:
    """A TCP server on 127.0.0.1 that counts who reaches it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.reached = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.reached += 1
            conn.close()


HOSTILE = {
    # faults
    "f-loop": ("answer_total_population", "while True:\n    pass"),
    "f-exit": ("answer_mean_social_workers", "import os\nos._exit(3)"),
    "f-memory": ("answer_cuneo_total_workers", "hog = bytearray(4 * 1024 ** 3)"),
    "f-output": ("answer_total_population",
                 "for _ in range(100):\n    print('x' * 1_000_000)\n"
                 "total_population = districts['population'].sum()"),
    # integrity: code that redefines the checks
    "i-def": (None, "def check(*args, **kwargs):\n    return None"),
    "i-lambda": (None, "check = lambda *a, **k: None"),
    "i-import": (None, "from builtins import print as check"),  # print would pass every check
    "i-monkey": (None, "import lab_helpers.settings as settings\n"
                       "settings.grading = lambda: False"),
    "i-flag": (None, "import os\nos.environ['NBGRADER_EXECUTION'] = ''"),
    "i-runtime": (None, "vars()['che' + 'ck'] = lambda *a, **k: None"),
}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, nbgrader_course):
    root = tmp_path_factory.mktemp("grading") / "course"
    released, source = make_course(nbgrader_course, root, "it")
    name = f"{MODULE}.it"
    good = synthetic.solved(released, source)
    submit = lambda student, files: synthetic.submit(root, student, MODULE, files)  # noqa: E731
    for student in ("solved-1", "solved-2", "solved-3"):
        submit(student, {f"{name}.ipynb": good})
    submit("blank-1", {f"{name}.ipynb": released})
    for student, (gid, code) in HOSTILE.items():
        nb = synthetic.replace_answer(good, gid, code) if gid else synthetic.with_cell(
            synthetic.solved(released, released), code)
        submit(student, {f"{name}.ipynb": nb})
    sleepy = good
    for _ in range(10):
        sleepy = synthetic.with_cell(sleepy, "import time\ntime.sleep(4)",
                                     after="answer_asti_residents_per_worker")
    submit("f-notebook-limit", {f"{name}.ipynb": sleepy})
    submit("f-not-json", {f"{name}.ipynb": "{ this is not a notebook"})
    submit("f-missing", {"notes.txt": "I forgot the notebook"})
    (root / "submitted" / "f-empty" / MODULE).mkdir(parents=True)
    submit("f-renamed", {f"{name} (1).ipynb": good})
    submit("i-deleted", {f"{name}.ipynb": synthetic.without(good, "test_total_population")})
    edited = nbformat.from_dict(good)
    for cell in edited.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "answer_cuneo_total_workers":
            cell.source = "cuneo_total_workers = 0"  # wrong: only the restored test says so
        if gid == "test_cuneo_total_workers":
            cell.source = "pass"
        if gid == "test_steps_order":
            cell.metadata.nbgrader["points"] = 100
    submit("i-edited", {f"{name}.ipynb": edited})
    submit("i-no-answer", {f"{name}.ipynb": synthetic.without(good, "answer_total_population")})
    listener = Listener()
    other = root / "submitted" / "solved-1" / MODULE / f"{name}.ipynb"
    probe = (
        "import socket\nresults = []\ns = socket.socket()\ns.settimeout(3)\n"
        f"try:\n    s.connect(('127.0.0.1', {listener.port}))\n    results.append('NET-REACHED')\n"
        "except OSError as error:\n    results.append('NET-BLOCKED')\n"
        f"for path in [{str(other)!r}, {str(root / 'gradebook.db')!r}]:\n"
        "    try:\n        open(path, 'rb').read(10)\n        results.append('READ-OK')\n"
        "    except OSError:\n        results.append('READ-DENIED')\n"
        "print(' '.join(results))")
    submit("c-escape", {f"{name}.ipynb": synthetic.with_cell(good, probe)})
    result = grade(root, "it", "--workers", "3", *LIMITS, "--lang", "it")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"root": root, "out": result.stdout, "err": result.stderr, "state": state_of(root),
            "listener": listener, "released": released, "source": source}


def outcome(cohort, student):
    return cohort["state"]["students"][student]


def codes(record):
    return {f["code"] for f in record["findings"]} | {f["code"] for f in record["faults"]}


def graded_cells(cohort, student: str) -> dict[str, str]:
    """grade_id -> source of the cells of a learner's graded notebook."""
    path = cohort["root"] / "autograded" / student / MODULE / f"{MODULE}.it.ipynb"
    return {c.metadata.get("nbgrader", {}).get("grade_id", ""): c.source
            for c in nbformat.read(path, as_version=4).cells}


def released_cells(cohort) -> dict[str, str]:
    return {c.metadata.get("nbgrader", {}).get("grade_id", ""): c.source
            for c in cohort["released"].cells}


def gradebook_scores(root: Path) -> dict[str, dict[str, float]]:
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for submission in gb.find_assignment(MODULE).submissions:
            grades = {}
            for notebook in submission.notebooks:
                for grade_ in notebook.grades:
                    grades[grade_.name] = grade_.score
            found[submission.student.id] = grades
    return found


def test_every_learner_has_a_recorded_outcome_and_the_progress_bar_shows(cohort):
    students = {p.name for p in (cohort["root"] / "submitted").iterdir()}
    assert set(cohort["state"]["students"]) == students
    assert "graded" in cohort["err"] or "valutat" in cohort["err"]  # the progress bar
    assert "database is locked" not in cohort["out"] + cohort["err"]
    for log in (cohort["root"] / ".social-lab" / "grading" / MODULE / "logs").glob("*.log"):
        assert "database is locked" not in log.read_text(errors="replace")


def test_good_learners_keep_full_marks_whatever_the_others_did(cohort):
    scores = gradebook_scores(cohort["root"])
    auto = {g: s for g, s in scores["solved-1"].items() if g.startswith("test_")}
    assert auto and all(value > 0 for value in auto.values()), outcome(cohort, "solved-1")
    for student in ("solved-2", "solved-3", "f-renamed", "i-deleted", "c-escape"):
        mine = {g: s for g, s in scores[student].items() if g.startswith("test_")}
        assert mine == auto, student
    assert set(scores["blank-1"]) == set(scores["solved-1"])
    assert all(v == 0 for g, v in scores["blank-1"].items())
    assert outcome(cohort, "solved-1")["status"] == "graded"
    assert not outcome(cohort, "solved-1")["findings"]


def test_endless_loop_is_stopped_by_the_cell_limit_and_the_rest_is_graded(cohort):
    record = outcome(cohort, "f-loop")
    assert record["status"] == "graded" and "cell_timeout" in codes(record)
    scores = gradebook_scores(cohort["root"])["f-loop"]
    assert scores["test_total_population"] == 0
    assert scores["test_answer_chart"] == 1


def test_the_notebook_limit_stops_grading_and_later_tests_score_zero(cohort):
    record = outcome(cohort, "f-notebook-limit")
    assert record["status"] == "partly_graded" and "notebook_timeout" in codes(record)
    scores = gradebook_scores(cohort["root"])["f-notebook-limit"]
    assert scores["test_piedmont_municipalities"] == 1
    assert scores["test_answer_chart"] == 0  # not run, so never full marks (nbgrader #427)


def test_a_kernel_that_dies_is_recorded_and_later_tests_score_zero(cohort):
    record = outcome(cohort, "f-exit")
    assert record["status"] == "partly_graded" and "kernel_died" in codes(record)
    fault = next(f for f in record["faults"] if f["code"] == "kernel_died")
    assert fault["exit"] == 3
    scores = gradebook_scores(cohort["root"])["f-exit"]
    assert scores["test_total_population"] == 1 and scores["test_answer_chart"] == 0


def test_a_memory_bomb_meets_the_kernel_memory_limit(cohort):
    record = outcome(cohort, "f-memory")
    assert "memory_limit" in codes(record) or "kernel_died" in codes(record)
    assert record["status"] in ("graded", "partly_graded")
    assert gradebook_scores(cohort["root"])["f-memory"]["test_cuneo_total_workers"] == 0


def test_100_mb_of_output_is_cut_and_the_notebook_graded(cohort):
    record = outcome(cohort, "f-output")
    assert record["status"] == "graded" and "output_truncated" in codes(record)
    graded = cohort["root"] / "autograded" / "f-output" / MODULE / f"{MODULE}.it.ipynb"
    assert graded.stat().st_size < 5_000_000
    assert gradebook_scores(cohort["root"])["f-output"]["test_total_population"] == 1


def test_unreadable_missing_and_empty_submissions_are_not_graded_with_a_reason(cohort):
    for student, code in (("f-not-json", "not_json"), ("f-missing", "missing_notebook"),
                          ("f-empty", "empty_submission")):
        record = outcome(cohort, student)
        assert record["status"] == "not_graded" and code in codes(record), student
    assert "f-not-json" in cohort["out"]


def test_a_renamed_notebook_is_graded_under_its_name_and_said_so(cohort):
    record = outcome(cohort, "f-renamed")
    assert record["status"] == "graded" and "renamed_notebook" in codes(record)
    assert record["sources"] == {f"{MODULE}.it": f"{MODULE}.it (1).ipynb"}
    assert (cohort["root"] / "autograded" / "f-renamed" / MODULE / f"{MODULE}.it.ipynb").exists()


def test_deleted_edited_and_repointed_test_cells_are_restored_and_flagged(cohort):
    deleted = outcome(cohort, "i-deleted")
    assert "deleted_test_cell" in codes(deleted)
    edited = outcome(cohort, "i-edited")
    assert {"edited_test_cell", "changed_points"} <= codes(edited)
    scores = gradebook_scores(cohort["root"])
    assert scores["i-deleted"]["test_total_population"] == 1  # restored, run and passed
    # the wrong answer under the test cell edited to "pass" is caught by the restored test
    assert scores["i-edited"]["test_cuneo_total_workers"] == 0
    for student in ("i-deleted", "i-edited"):
        for gid in ("test_total_population", "test_cuneo_total_workers"):
            assert graded_cells(cohort, student)[gid] == released_cells(cohort)[gid], student
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{cohort['root'] / 'gradebook.db'}") as gb:
        grade_ = gb.find_grade("test_steps_order", f"{MODULE}.it", MODULE, "i-edited")
        assert grade_.max_score == 1


def test_a_deleted_answer_cell_is_put_back_blank_and_flagged(cohort):
    record = outcome(cohort, "i-no-answer")
    assert "missing_answer_cell" in codes(record)
    assert gradebook_scores(cohort["root"])["i-no-answer"]["test_total_population"] == 0
    put_back = graded_cells(cohort, "i-no-answer")["answer_total_population"]
    assert put_back == released_cells(cohort)["answer_total_population"]  # blank, as released


@pytest.mark.parametrize(("student", "code"), [
    ("i-def", "redefined_check"), ("i-lambda", "redefined_check"),
    ("i-import", "redefined_check"), ("i-monkey", "monkeypatched_lab_helpers"),
    ("i-flag", "changed_grading_flag"), ("i-runtime", "runtime_tamper")])
def test_code_that_redefines_the_checks_is_flagged_and_cannot_help(cohort, student, code):
    record = outcome(cohort, student)
    assert code in codes(record)
    scores = gradebook_scores(cohort["root"])[student]
    assert set(scores) == set(gradebook_scores(cohort["root"])["solved-1"])
    assert all(v == 0 for g, v in scores.items()), scores  # blank answers stay at zero
    if code != "runtime_tamper":  # found by the scan: commented out before grading
        hostile = HOSTILE[student][1].splitlines()[-1]
        graded = cohort["root"] / "autograded" / student / MODULE / f"{MODULE}.it.ipynb"
        sources = [c.source for c in nbformat.read(graded, as_version=4).cells]
        assert any(f"# {hostile}" in source.splitlines() for source in sources), student


def test_submitted_folder_is_never_changed(cohort):
    original = cohort["root"] / "submitted" / "i-deleted" / MODULE / f"{MODULE}.it.ipynb"
    nb = nbformat.read(original, as_version=4)
    ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
    assert "test_total_population" not in ids
    graded = cohort["root"] / "autograded" / "i-deleted" / MODULE / f"{MODULE}.it.ipynb"
    assert "test_total_population" in graded.read_text()  # put back by nbgrader's pipeline


def test_containment_blocks_the_network_other_learners_and_the_gradebook(cohort):
    box = cohort["state"]["containment"]
    if "network" not in box["enforced"] or "hidden" not in box["enforced"]:
        if settings.require_containment():  # CI: a machine without it fails the run
            pytest.fail(f"containment is required but not available: {box}")
        pytest.skip(f"containment not available on this machine: {box}")
    graded = cohort["root"] / "autograded" / "c-escape" / MODULE / f"{MODULE}.it.ipynb"
    text = "".join(o.get("text", "") for c in nbformat.read(graded, as_version=4).cells
                   for o in c.get("outputs", []))
    assert "NET-BLOCKED READ-DENIED READ-DENIED" in text
    assert cohort["listener"].reached == 0
    assert outcome(cohort, "c-escape")["status"] == "graded"


def test_rerun_is_idempotent_and_grades_nothing_unchanged(cohort):
    before = gradebook_scores(cohort["root"])
    result = grade(cohort["root"], "it", "--workers", "2", *LIMITS, "--lang", "en")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "0 to grade" in result.stdout
    assert gradebook_scores(cohort["root"]) == before


def test_reports_have_the_documented_columns_in_csv_and_excel(cohort):
    from openpyxl import load_workbook

    result = subprocess.run([SOCIAL_LAB, "report", "00", "--course", str(cohort["root"]),
                             "--lang", "it"], env=course_env("it"), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    folder = cohort["root"] / "reports" / MODULE
    html = (folder / "report.html").read_text()
    assert "Discriminazione" in html and "data:image/png;base64," in html
    for name, columns in (("learners", LEARNER_COLUMNS), ("items", ITEM_COLUMNS),
                          ("scores", SCORE_COLUMNS)):
        with (folder / f"{name}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        assert rows[0] == columns
        sheet = load_workbook(folder / "grades.xlsx")[name]
        assert [c.value for c in sheet[1]] == columns
        assert sheet.max_row == len(rows)
    with (folder / "learners.csv").open(encoding="utf-8") as handle:
        learners = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert learners["i-def"]["flagged"] == "1" and "redefined_check" in learners["i-def"]["flags"]
    assert learners["f-empty"]["status"] == "not_graded"
    assert "vuota" in learners["f-empty"]["reason"]  # the report's language: Italian


def test_feedback_never_shows_hidden_tests(cohort):
    root = cohort["root"]
    graded = (root / "autograded" / "solved-1" / MODULE / f"{MODULE}.it.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in graded  # nbgrader ran them: they must not leak
    env = course_env("it")
    for student in ("solved-1", "f-exit"):
        result = subprocess.run([SOCIAL_LAB, "feedback", "00", "--course", str(root),
                                 "--student", student], env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    pages = list((root / "feedback").glob(f"*/{MODULE}/*.html"))
    assert len(pages) == 2
    for page in pages:
        text = page.read_text()
        assert "hidden=True" not in text and "HIDDEN TESTS" not in text, page


def test_messages_are_in_the_trainers_language(cohort):
    assert "Valutazione di 00-getting-started" in cohort["out"]
    assert "non valutat" in cohort["out"]
