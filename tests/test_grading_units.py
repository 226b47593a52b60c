"""The parts of `social-lab grade` that need no kernel: scan, repair, state, statistics."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import nbformat
import pytest
from conftest import MODULES

from lab_helpers.grading import course, integrity, outcomes, report, state, synthetic
from lab_helpers.grading.progress_bar import ProgressBar
from lab_helpers.student_version import student_version_of

SOURCE = MODULES / "00-getting-started" / "00-getting-started.it.ipynb"


@pytest.fixture(scope="module")
def released():
    return student_version_of(SOURCE)


@pytest.mark.parametrize(("code", "expected"), [
    ("def check(*a):\n    pass", "redefined_check"),
    ("check = lambda *a, **k: None", "redefined_check"),
    ("from math import floor as check", "redefined_check"),
    ("import math as check", "redefined_check"),
    ("for check in range(3):\n    pass", "redefined_check"),
    ("def f():\n    global check\n    check = 1", "redefined_check"),
    ("import lab_helpers.settings as s\ns.grading = lambda: False",
     "monkeypatched_lab_helpers"),
    ("import lab_helpers\nlab_helpers.check = print", "monkeypatched_lab_helpers"),
    ("from lab_helpers import checks\nsetattr(checks, 'check', print)",
     "monkeypatched_lab_helpers"),
    ("import os\nos.environ['NBGRADER_EXECUTION'] = ''", "changed_grading_flag"),
    ("import os\nos.environ.pop('NBGRADER_EXECUTION')", "changed_grading_flag"),
    ("import sys\nsys.modules['lab_helpers'] = None", "tampered_grader"),
    ("get_ipython().events.callbacks.clear()", "tampered_grader"),
    ("exec('x = 1')", "dynamic_code"),
    ("globals()['check'] = print", "dynamic_code"),
    ("%run other.py", "dynamic_code"),
])
def test_the_scan_finds_code_that_changes_the_checks(code, expected):
    assert expected in {found[0] for found in integrity.scan_source(code)}


@pytest.mark.parametrize("code", [
    "total = districts['population'].sum()\ntotal",
    "from lab_helpers import check, hint\nhint('m00.total_population')",
    "checked = True\nchecks = [1, 2]",
    "districts['check'] = 1",
    "%matplotlib inline\nimport pandas as pd",
    "this is not python (",
])
def test_ordinary_answers_are_not_flagged(code):
    assert integrity.scan_source(code) == []


def test_neutralise_comments_out_only_the_flagged_lines():
    source = "x = 1\ncheck = lambda *a: None\ny = 2"
    result = integrity.neutralise(source, integrity.scan_source(source), "it")
    lines = result.split("\n")
    assert lines[0] == "x = 1" and lines[-1] == "y = 2"
    assert "# check = lambda *a: None" in lines
    assert any("valutatore" in line for line in lines)  # the note, in the notebook's language


def test_repair_restores_tests_points_and_answers(released):
    source = nbformat.read(SOURCE, as_version=4)
    good = synthetic.solved(released, source)
    broken = synthetic.without(good, "test_total_population")
    broken = synthetic.without(broken, "answer_mean_social_workers")
    for cell in broken.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_steps_order":
            cell.metadata.nbgrader["points"] = 50
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "test_cuneo_total_workers":
            cell.source = "pass"
    findings = []
    repaired = integrity.repair(broken, released, findings, set(), "it")
    found = {f.code for f in findings}
    assert {"deleted_test_cell", "edited_test_cell", "missing_answer_cell",
            "changed_points"} <= found
    ids = [integrity.grade_id(c) for c in repaired.cells if integrity.grade_id(c)]
    assert ids == [integrity.grade_id(c) for c in released.cells if integrity.grade_id(c)]
    given = {integrity.grade_id(c): c for c in released.cells if integrity.grade_id(c)}
    for cell in repaired.cells:  # every graded cell as released: points, source of tests
        original = given.get(integrity.grade_id(cell))
        if original is not None:
            assert cell.metadata["nbgrader"] == original.metadata["nbgrader"], cell.metadata
    restored = {integrity.grade_id(c): c.source for c in repaired.cells}
    for gid in ("test_total_population", "test_cuneo_total_workers",
                "answer_mean_social_workers"):
        assert restored[gid] == given[gid].source, gid
    changed = next(f for f in findings if f.code == "changed_points").params["cells"]
    assert changed == [{"cell": "test_steps_order", "points": 50,
                        "expected": given["test_steps_order"].metadata.nbgrader["points"]}]


def test_renamed_and_other_language_notebooks_are_found(tmp_path, released):
    english = student_version_of(MODULES / "00-getting-started" / "00-getting-started.en.ipynb")
    synthetic.submit(tmp_path, "x", "m", {"00-getting-started.en.ipynb": english})
    inspection = integrity.inspect_submission(tmp_path / "submitted" / "x" / "m",
                                              {"00-getting-started.it": released}, "it")
    assert inspection.status == "ok"
    assert {f.code for f in inspection.findings} == {"renamed_notebook", "other_language"}


@pytest.mark.parametrize(("files", "status"), [
    ({}, "empty"), ({"timestamp.txt": "2026-01-01 10:00:00"}, "empty"),
    ({"notes.md": "hello"}, "missing"), ({"00-getting-started.it.ipynb": "[1, 2]"}, "not_json"),
    ({"00-getting-started.it.ipynb": b"\x89PNG"}, "not_json")])
def test_submissions_without_a_gradable_notebook(tmp_path, released, files, status):
    folder = synthetic.submit(tmp_path, "x", "m", files)
    inspection = integrity.inspect_submission(folder, {"00-getting-started.it": released}, "it")
    assert inspection.status == status


def test_state_regrades_only_what_changed(tmp_path):
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / "a.ipynb").write_text("1")
    first = state.fingerprint(folder)
    saved = state.State(tmp_path / "state.json")
    assert saved.needs_grading("x", first, "s1", False)
    saved.record("x", {"status": "graded", "fingerprint": first, "settings": "s1",
                       "faults": []})
    again = state.State(tmp_path / "state.json")
    assert not again.needs_grading("x", first, "s1", True)
    assert again.needs_grading("x", first, "s1", False)  # lost from the gradebook
    assert again.needs_grading("x", first, "s2", True)  # other limits
    (folder / "a.ipynb").write_text("2")
    assert again.needs_grading("x", state.fingerprint(folder), "s1", True)


def test_sqlite_urls_get_a_busy_timeout_and_wal_other_urls_are_left_alone(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    assert course.safe_db_url(url).endswith("?timeout=120")
    assert course.safe_db_url(url + "?timeout=5") == url + "?timeout=5"
    pg = "postgresql://trainer:secret@db.example/grades"
    assert course.safe_db_url(pg) == pg and course.sqlite_file(pg) is None
    sqlite3.connect(tmp_path / "gradebook.db").execute("create table t (x)").connection.commit()
    course.prepare_gradebook(url)
    mode = sqlite3.connect(tmp_path / "gradebook.db").execute("pragma journal_mode").fetchone()
    assert mode[0] == "wal"
    assert oct((tmp_path / "gradebook.db").stat().st_mode & 0o777) == "0o600"


def test_item_statistics():
    strong = {"a": 1, "b": 1, "c": 1, "d": 0, "e": 0, "f": 0}
    items = [report.Item("anchor1", "auto", 1, 0, dict(strong)),
             report.Item("anchor2", "auto", 1, 1, dict(strong)),
             report.Item("good", "auto", 2, 2, {s: 2 * v for s, v in strong.items()}),
             report.Item("odd", "auto", 1, 3, {s: 1 - v for s, v in strong.items()}),
             report.Item("easy", "auto", 1, 4, {"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 0})]
    report.analyse(items)
    good, odd, easy = items[2], items[3], items[4]
    assert easy.mean_percent == pytest.approx(500 / 6) and easy.full_share == pytest.approx(5 / 6)
    assert good.zero_share == pytest.approx(0.5)
    assert good.discrimination > 0.3 and odd.discrimination < 0
    assert good.upper_lower == pytest.approx(1.0) and odd.upper_lower == pytest.approx(-1.0)


@pytest.mark.parametrize(("lang", "words"), [("en", "The submission folder is empty"),
                                             ("it", "La cartella della consegna è vuota")])
def test_reasons_in_both_languages(lang, words):
    assert outcomes.describe({"code": "empty_submission", "params": {}}, lang).startswith(words)
    text = outcomes.describe({"code": "kernel_died", "cell": 12, "exit": 3}, lang)
    assert "12" in text and "3" in text


def test_progress_bar_shows_done_failed_and_time_left():
    stream = io.StringIO()
    bar = ProgressBar(4, 2, stream=stream)
    bar.update()
    bar.update(failed=True)
    line = stream.getvalue().strip().splitlines()[-1]
    assert "2/4" in line and "1 failed" in line and "left" in line


@pytest.mark.parametrize(("lang", "words"), [("en", "There is no nbgrader_config.py"),
                                             ("it", "Non c'è nessun nbgrader_config.py")])
def test_grade_outside_a_course_explains_in_both_languages(tmp_path, lang, words):
    import subprocess
    import sys
    from pathlib import Path

    social_lab = str(Path(sys.executable).parent / "social-lab")
    result = subprocess.run([social_lab, "grade", "00", "--course", str(tmp_path), "--lang",
                             lang], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_nbgrader_refuses_to_run_student_code_it_cannot_confine(monkeypatch):
    from lab_helpers import settings
    from lab_helpers.grading.contained_execute import ContainedExecute, ContainmentUnavailable
    from lab_helpers.grading.containment import Containment

    monkeypatch.setenv(settings.CONTAINMENT, Containment().to_env())
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('ran')")])
    with pytest.raises(ContainmentUnavailable, match="allow_uncontained"):
        ContainedExecute().preprocess(nb, {})
    assert not nb.cells[0].get("outputs")



def test_a_grading_worker_reads_notebooks_without_compiling_the_iri_grammar():
    import subprocess
    import sys

    code = ("import sys\nimport lab_helpers.grading.worker\nimport nbformat\n"
            "print(sys.modules.get('rfc3987_syntax', 'absent'))\n"
            f"nb = nbformat.read({str(SOURCE)!r}, as_version=4)\nnbformat.validate(nb)\n"
            "nb.cells[0].pop('source')\n"
            "try:\n    nbformat.validate(nb)\nexcept nbformat.ValidationError:\n"
            "    print('invalid found')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split() == ["None", "invalid", "found"], run.stdout + run.stderr


def test_the_report_takes_flags_from_notebooks_graded_after_social_lab_grade(tmp_path):
    import json
    import os
    from types import SimpleNamespace

    fake = SimpleNamespace(notebooks=["nb"], autograded=tmp_path, module="m")
    graded = tmp_path / "anna" / "m" / "nb.ipynb"
    graded.parent.mkdir(parents=True)
    found = {"code": "kernel_hooks", "params": {"cell": 3, "lines": "1"}}
    graded.write_text(json.dumps({"metadata": {"social_lab_grading": {"findings": [found]}},
                                  "cells": []}), encoding="utf-8")
    os.utime(graded, (1_800_000_000, 1_800_000_000))
    kept = {"status": "graded", "findings": [], "faults": [], "graded_at":
            "2027-01-15T08:00:00+00:00"}  # 1_800_000_000 is 2027-01-15T08:00:00Z
    assert report.learner_record(fake, "anna", kept, True) is kept  # social-lab graded it
    kept["graded_at"] = "2027-01-14T08:00:00+00:00"  # a day before nbgrader graded it again
    again = report.learner_record(fake, "anna", kept, True)
    assert again["findings"] == [found] and outcomes.flagged(again)
    only = report.learner_record(fake, "anna", None, True)  # only nbgrader graded it
    assert only["status"] == "graded" and only["findings"] == [found]
    assert report.learner_record(fake, "anna", None, False)["status"] == "not_graded"
    assert report.learner_record(fake, "bruno", None, True)["status"] == "not_graded"



def test_the_kernel_zygote_has_one_thread_and_refuses_to_fork_with_more(tmp_path, monkeypatch):
    # a fork copies only the forking thread: with pyarrow's jemalloc thread alive, forked
    # kernels' messages were at times corrupt ("Invalid Signature")
    from lab_helpers.grading import zygote

    (tmp_path / "ok").mkdir()
    client = zygote.start_zygote(tmp_path / "ok", timeout=60)
    try:
        assert client is not None, "the zygote did not start"
        assert len(list(Path(f"/proc/{client.process.pid}/task").iterdir())) == 1
    finally:
        zygote._CLIENT["zygote"] = None
        if client is not None:
            client.process.kill()
            client.process.wait(timeout=30)
    # started without its environment, pyarrow's thread is there: it refuses to serve
    monkeypatch.setattr(zygote, "SINGLE_THREADED", {})
    (tmp_path / "bare").mkdir()
    path, process = zygote.launch_zygote(tmp_path / "bare")
    assert process.wait(timeout=60) != 0 and not path.exists()
