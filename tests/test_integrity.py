"""The integrity step of `social-lab grade` in-process, on small notebooks made here.

What is found in a submission (the notebook, renamed or in another language), what is put
back (cells, points), what the static scan flags (each kind of code that changes the
checks, with its lines) and what is staged for nbgrader. No kernel, no nbgrader.
"""

from __future__ import annotations

import os

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from lab_helpers.grading import integrity
from lab_helpers.grading.integrity import Finding, Inspection, scan_source

NAME = "00-getting-started.it"


def graded(cell, gid: str, **meta):
    cell.metadata["nbgrader"] = {"grade_id": gid, "grade": False, "solution": False,
                                 "locked": False, "schema_version": 3, **meta}
    return cell


def released(lang: str = "it") -> nbformat.NotebookNode:
    """Setup, answer, test, a task and a written answer, as nbgrader releases them."""
    nb = new_notebook(cells=[
        new_markdown_cell("# Module"),
        graded(new_code_cell("from lab_helpers import check, setup\nsetup('00')"), "setup",
               locked=True),
        graded(new_code_cell("total = ..."), "answer_total", solution=True),
        graded(new_code_cell('check("m00.total")'), "test_total", grade=True, locked=True,
               points=1),
        graded(new_markdown_cell("Describe the chart."), "task_chart", grade=True, locked=True,
               points=2),
        graded(new_markdown_cell("YOUR ANSWER HERE"), "written_why", grade=True, solution=True,
               points=3),
    ])
    nb.metadata["social_lab"] = {"lang": lang}
    return nb


def ids(nb) -> list[str]:
    return [integrity.grade_id(c) for c in nb.cells if integrity.grade_id(c)]


def by_id(nb) -> dict:
    return {integrity.grade_id(c): c for c in nb.cells if integrity.grade_id(c)}


def without(nb, *gids: str):
    copy = nbformat.from_dict(nb)
    copy.cells = [c for c in copy.cells if integrity.grade_id(c) not in gids]
    return copy


def write(folder, name: str, nb_or_text, mtime: float | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(nb_or_text, str | bytes):
        path.write_bytes(nb_or_text if isinstance(nb_or_text, bytes) else nb_or_text.encode())
    else:
        nbformat.write(nb_or_text, path)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


# --- reading and finding the notebook ---------------------------------------------------------

def test_finding_and_notebook_reading():
    assert Finding("x", {"a": 1}).to_dict() == {"code": "x", "params": {"a": 1}}
    assert Finding("empty_submission").to_dict() == {"code": "empty_submission", "params": {}}
    cell = new_code_cell("x")
    assert integrity.grade_id(cell) == "" and integrity._meta(cell) == {}
    assert integrity.grade_id({}) == "" and integrity._meta({}) == {}


@pytest.mark.parametrize("text", ["[1, 2]", '{"cells": []}', '{"nbformat": 4, "cells": {}}',
                                  "not json", b"\x89PNG\xff"])
def test_what_is_not_a_notebook(tmp_path, text):
    assert integrity.read_notebook(write(tmp_path, "x.ipynb", text)) is None


def test_a_notebook_is_read(tmp_path):
    nb = integrity.read_notebook(write(tmp_path, "x.ipynb", released()))
    assert ids(nb) == ids(released())
    assert integrity.read_notebook(tmp_path / "missing.ipynb") is None


def test_the_exact_name_wins_and_a_renamed_copy_is_found(tmp_path):
    expected = {NAME: released()}
    write(tmp_path, f"{NAME}.ipynb", released())
    write(tmp_path, f"{NAME} (1).ipynb", released())
    inspection = Inspection()
    chosen = integrity.find_notebooks(tmp_path, expected, inspection)
    assert chosen[NAME][0].name == f"{NAME}.ipynb" and inspection.findings == []
    (tmp_path / f"{NAME}.ipynb").unlink()
    inspection = Inspection()
    chosen = integrity.find_notebooks(tmp_path, expected, inspection)
    assert chosen[NAME][0].name == f"{NAME} (1).ipynb"
    assert [f.to_dict() for f in inspection.findings] == [{"code": "renamed_notebook", "params": {
        "found": f"{NAME} (1).ipynb", "expected": f"{NAME}.ipynb"}}]
    assert inspection.status == "ok"


def test_the_closest_renamed_copy_is_chosen(tmp_path):
    expected = {NAME: released()}
    half = without(released(), "test_total", "task_chart")  # 3 of the 5 graded cells: 0.6
    write(tmp_path, "my copy.ipynb", half, mtime=3_000)
    write(tmp_path, "notes.ipynb", released(), mtime=1_000)  # all 5: the best match
    chosen = integrity.find_notebooks(tmp_path, expected, Inspection())
    assert chosen[NAME][0].name == "notes.ipynb"
    (tmp_path / "notes.ipynb").unlink()
    write(tmp_path, "00-getting-started.it copy.ipynb", half, mtime=1_000)  # the closer name
    chosen = integrity.find_notebooks(tmp_path, expected, Inspection())
    assert chosen[NAME][0].name == "00-getting-started.it copy.ipynb"
    write(tmp_path, "00-getting-started.it copz.ipynb", half, mtime=2_000)  # as close, newer
    chosen = integrity.find_notebooks(tmp_path, expected, Inspection())
    assert chosen[NAME][0].name == "00-getting-started.it copz.ipynb"


def test_half_of_the_graded_cells_is_enough_and_less_is_not(tmp_path):
    nb = released()
    nb.cells.append(graded(new_code_cell("x"), "answer_extra", solution=True))  # 6 cells
    expected = {NAME: nb}
    write(tmp_path, "mine.ipynb", without(nb, "test_total", "task_chart", "written_why"))
    assert NAME in integrity.find_notebooks(tmp_path, expected, Inspection())
    write(tmp_path, "mine.ipynb", without(nb, "test_total", "task_chart", "written_why",
                                          "setup"))
    assert NAME not in integrity.find_notebooks(tmp_path, expected, Inspection())
    assert integrity._similarity(new_notebook(), nb) == 0.0  # nothing graded: nothing alike


def test_a_file_named_after_another_expected_notebook_is_left_to_it(tmp_path):
    english = released("en")
    expected = {NAME: released(), "00-getting-started.en": english}
    write(tmp_path, "00-getting-started.en.ipynb", english)
    inspection = Inspection()
    chosen = integrity.find_notebooks(tmp_path, expected, inspection)
    assert set(chosen) == {"00-getting-started.en"} and inspection.status == "missing"


@pytest.mark.parametrize(("mine", "theirs", "flagged"), [
    ("en", "it", True), ("it", "it", False), (None, "it", False), ("en", None, False)])
def test_another_language_is_said_only_when_both_are_known_and_differ(tmp_path, mine, theirs,
                                                                      flagged):
    nb, wanted = released(), released()
    for notebook, lang in ((nb, mine), (wanted, theirs)):
        if lang is None:
            del notebook.metadata["social_lab"]
        else:
            notebook.metadata["social_lab"] = {"lang": lang}
    write(tmp_path, "copy.ipynb", nb)
    inspection = Inspection()
    integrity.find_notebooks(tmp_path, {NAME: wanted}, inspection)
    found = [f.to_dict() for f in inspection.findings if f.code == "other_language"]
    assert found == ([{"code": "other_language", "params": {"lang": mine}}] if flagged else [])


def test_each_renamed_file_is_given_to_one_notebook_only(tmp_path):
    english = "00-getting-started.en"
    both = {NAME: released(), english: released("en")}
    write(tmp_path, "copy.ipynb", released())
    inspection = Inspection()
    chosen = integrity.find_notebooks(tmp_path, both, inspection)
    assert list(chosen) == [NAME] and inspection.status == "missing"
    write(tmp_path, f"{english}.ipynb", released("en"))  # an exact name, sorted first
    inspection = Inspection()
    chosen = integrity.find_notebooks(tmp_path, {english: both[english], NAME: both[NAME]},
                                      inspection)
    assert {n: p.name for n, (p, _nb) in chosen.items()} == {
        english: f"{english}.ipynb", NAME: "copy.ipynb"}
    assert inspection.status == "ok"


def test_why_a_submission_cannot_be_graded(tmp_path):
    expected = {NAME: released()}
    empty = tmp_path / "empty"
    write(empty, "timestamp.txt", "2026-01-01")
    write(empty / ".ipynb_checkpoints", "old.ipynb", "{}")
    inspection = Inspection()
    assert integrity.find_notebooks(empty, expected, inspection) == {}
    assert inspection.status == "empty"
    assert [f.to_dict() for f in inspection.findings] == [
        {"code": "empty_submission", "params": {}}]
    broken = tmp_path / "broken"
    write(broken, f"{NAME}.ipynb", "{ not json")
    inspection = Inspection()
    integrity.find_notebooks(broken, expected, inspection)
    assert inspection.status == "not_json"
    assert [f.to_dict() for f in inspection.findings] == [
        {"code": "not_json", "params": {"files": [f"{NAME}.ipynb"]}}]
    other = tmp_path / "other"
    for i in range(12):
        write(other, f"note-{i:02}.txt", "x")
    write(other / ".ipynb_checkpoints", "old.ipynb", "{}")
    inspection = Inspection()
    integrity.find_notebooks(other, {**expected, "00-getting-started.en": released("en")},
                             inspection)
    assert inspection.status == "missing"
    assert [f.to_dict() for f in inspection.findings] == [{"code": "missing_notebook", "params": {
        "expected": [f"{NAME}.ipynb", "00-getting-started.en.ipynb"],
        "found": [f"note-{i:02}.txt" for i in range(10)]}}]


# --- putting back what was removed or changed --------------------------------------------------

def repaired(nb, lang: str = "it", local: set[str] | None = None):
    findings: list[Finding] = []
    return integrity.repair(nb, released(), findings, local or set(), lang), [
        f.to_dict() for f in findings]


def test_deleted_cells_are_put_back_in_place_and_said_so():
    nb, findings = repaired(without(released(), "setup", "answer_total", "test_total",
                                    "task_chart"))
    assert ids(nb) == ids(released())
    for gid in ("setup", "answer_total", "test_total", "task_chart"):
        assert by_id(nb)[gid].source == by_id(released())[gid].source, gid
    assert findings == [
        {"code": "missing_answer_cell", "params": {"cells": ["answer_total"]}},
        {"code": "deleted_locked_cell", "params": {"cells": ["setup", "task_chart"]}},
        {"code": "deleted_test_cell", "params": {"cells": ["test_total"]}}]
    first, _ = repaired(without(released(), "setup"))
    assert first.cells[0].source == by_id(released())["setup"].source  # before all graded cells
    assert ids(first) == ids(released())


def test_edited_tests_and_changed_points_are_put_back():
    nb = released()
    by_id(nb)["test_total"].source = "pass"
    by_id(nb)["test_total"].metadata.nbgrader["points"] = 10
    by_id(nb)["task_chart"].metadata.nbgrader["grade"] = False
    by_id(nb)["answer_total"].metadata.nbgrader["points"] = 4  # not graded: left alone
    fixed, findings = repaired(nb)
    assert by_id(fixed)["test_total"].source == 'check("m00.total")'
    assert {gid: c.metadata.nbgrader for gid, c in by_id(fixed).items()
            if gid != "answer_total"} == {gid: c.metadata.nbgrader
                                          for gid, c in by_id(released()).items()
                                          if gid != "answer_total"}
    assert findings == [  # the edited test came back whole, its points with it
        {"code": "edited_test_cell", "params": {"cells": ["test_total"]}},
        {"code": "changed_points", "params": {"cells": [
            {"cell": "task_chart", "points": 2, "expected": 2}]}}]
    points = released()
    by_id(points)["test_total"].metadata.nbgrader["points"] = 10
    _fixed, findings = repaired(points)
    assert findings == [{"code": "changed_points", "params": {"cells": [
        {"cell": "test_total", "points": 10, "expected": 1}]}}]


def test_code_that_changes_the_checks_is_commented_out_where_it_is():
    nb = released()
    by_id(nb)["answer_total"].source = "total = 1\ncheck = print\nimport os\nexec('x')"
    nb.cells.append(new_code_cell("x = 2\n\ndef check(*a):\n    pass"))
    nb.cells.append(new_markdown_cell("check = 1"))  # text, not code
    by_id(nb)["setup"].source += "\ncheck = check"  # locked: put back by nbgrader, not scanned
    fixed, findings = repaired(nb, lang="en")
    note = "# The grader did not run the next lines: they change how exercises are checked."
    italian, _findings = repaired(nb, lang="it")  # the notebook's language, not the session's
    assert "# Il valutatore" in by_id(italian)["answer_total"].source
    assert by_id(fixed)["answer_total"].source.split("\n") == [
        "total = 1", note, "# check = print", "import os", note, "# exec('x')"]
    assert fixed.cells[-2].source.split("\n") == [
        "x = 2", "", note, "# def check(*a):", "#     pass"]
    assert fixed.cells[-1].source == "check = 1" and by_id(fixed)["setup"].source.endswith(
        "\ncheck = check")
    assert findings == [
        {"code": "dynamic_code", "params": {"cell": "answer_total", "lines": [4]}},
        {"code": "redefined_check", "params": {"cell": "answer_total", "lines": [2]}},
        {"code": "redefined_check", "params": {"cell": 7, "lines": [3]}}]


def test_an_alias_made_in_one_cell_is_followed_in_another():
    nb = released()
    by_id(nb)["answer_total"].source = "from lab_helpers import checks as c"
    nb.cells.append(new_code_cell("c.check = print"))
    _fixed, findings = repaired(nb)
    assert findings == [{"code": "monkeypatched_lab_helpers", "params": {"cell": 7,
                                                                         "lines": [1]}}]


def test_the_note_is_written_in_the_notebooks_language():
    source = "check = 1"
    italian = integrity.neutralise(source, scan_source(source), "it")
    assert italian.split("\n")[0].startswith("# Il valutatore")
    assert integrity.neutralise(source, scan_source(source), "").startswith("# The grader")


def test_flagged_lines_apart_get_a_note_each_and_lines_together_one():
    source = "check = 1\ncheck = 2\nx = 3\ncheck = 4"
    lines = integrity.neutralise(source, scan_source(source), "en").split("\n")
    assert [line.startswith("# The grader") for line in lines] == [
        True, False, False, False, True, False]
    assert integrity.neutralise(source, [("redefined_check", 4, 9)], "en").split("\n")[-1] == (
        "# check = 4")  # a range past the end stops at the last line


# --- the static scan -------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "found"), [
    ("import check", [("redefined_check", 1, 1)]),
    ("import lab_helpers as check", [("redefined_check", 1, 1)]),
    ("from lab_helpers import check", []),
    ("from lab_helpers.checks import check, hint", []),
    ("from lab_helpers import hint as check", [("redefined_check", 1, 1)]),
    ("from builtins import print as check", [("redefined_check", 1, 1)]),
    ("from os import *", []),
    ("class check:\n    pass", [("redefined_check", 1, 2)]),
    ("async def check():\n    pass", [("redefined_check", 1, 2)]),
    ("def f():\n    global total\n    total = 1", []),
    ("def f():\n    global check", [("redefined_check", 1, 2)]),
    ("x = 1\ncheck = (\n    1)\ny = 2", [("redefined_check", 2, 3)]),
    ("x, check = 1, 2", [("redefined_check", 1, 1)]),
    ("check += 1", [("redefined_check", 1, 1)]),
    ("check: int = 1", [("redefined_check", 1, 1)]),
    ("(check := 1)", [("redefined_check", 1, 1)]),
    ("[1 for check in range(3)]", [("redefined_check", 1, 1)]),
    ("with open('f') as check:\n    pass", [("redefined_check", 1, 2)]),
    ("with open('f'):\n    pass", []),
    ("del check", [("redefined_check", 1, 1)]),
    ("a.b.check = 1", []),
    ("x = 'SOCIAL_LAB_MODE'", [("changed_grading_flag", 1, 1)]),
    ("get_ipython().events.register('pre_run_cell', print)", [("tampered_grader", 1, 1)]),
    ("table.events = 1", []),
    ("eval('1')", [("dynamic_code", 1, 1)]),
    ("compile('1', 'f', 'eval')", [("dynamic_code", 1, 1)]),
    ("__import__('os')", [("dynamic_code", 1, 1)]),
    ("get_ipython().run_line_magic('load', 'other.py')", [("dynamic_code", 1, 1)]),
    ("get_ipython().run_line_magic('matplotlib', 'inline')", []),
    ("get_ipython().run_line_magic(name, 'x')", []),
    ("import lab_helpers\ndelattr(lab_helpers, 'check')", [("monkeypatched_lab_helpers", 2, 2)]),
    ("import sys\nsetattr(sys, 'x', 1)", [("monkeypatched_lab_helpers", 2, 2)]),
    ("setattr(table, 'x', 1)", []),
    ("setattr()", []),
    ("import lab_helpers.checks as lc\nlc.x = 1", [("monkeypatched_lab_helpers", 2, 2)]),
    ("from lab_helpers import *\nx.y = 1", []),
    ("del lab_helpers.check", [("monkeypatched_lab_helpers", 1, 1)]),
    ("import sys\nsys.path = []", [("tampered_grader", 2, 2)]),
    ("import builtins\nbuiltins.print = len", [("tampered_grader", 2, 2)]),
    ("__builtins__['len'] = print", [("tampered_grader", 1, 1)]),
    ("table['a'].b = 1", []),
    ("(a + b).total = 1", []),
    ("'text'.upper = 1", []),
    ("check = total = 1", [("redefined_check", 1, 1)]),
    ("total = check = 1", [("redefined_check", 1, 1)]),
    ("del check, total", [("redefined_check", 1, 1)]),
    ("del total, check", [("redefined_check", 1, 1)]),
    ("%%capture\nx = 1\ncheck = 1", [("redefined_check", 3, 3)]),
    ("%%time\ncheck = 1", [("redefined_check", 2, 2)]),
    ("%%timeit\ncheck = 1", [("redefined_check", 2, 2)]),
    ("%%bash\ncheck = 1", []),
    ("  %%capture\ncheck = 1", [("redefined_check", 2, 2)]),
    ("%matplotlib inline\ncheck = 1", [("redefined_check", 2, 2)]),
    ("check = 1\nthis is not python (", []),
])
def test_the_scan_names_each_statement_and_its_lines(code, found):
    assert scan_source(code) == found


def test_star_imports_from_the_learners_own_modules_are_flagged():
    assert scan_source("from helpers import *", {"helpers"}) == [("redefined_check", 1, 1)]
    assert scan_source("from helpers.more import *", {"helpers"}) == [("redefined_check", 1, 1)]
    assert scan_source("from os import *", {"helpers"}) == []
    assert scan_source("from helpers import total", {"helpers"}) == []
    assert scan_source("c.check = 1", aliases={"c"}) == [("monkeypatched_lab_helpers", 1, 1)]


def test_aliases_of_the_course_package():
    assert integrity.lab_aliases([]) == {"lab_helpers"}
    assert integrity.lab_aliases(["import lab_helpers.checks", "import lab_helpers as lh",
                                  "from lab_helpers import checks as c, check, hint",
                                  "from lab_helpers.checks import *", "from os import path",
                                  "not python (", "%%bash\nls"]) == {
        "lab_helpers", "lh", "c", "hint"}


# --- one learner, staged for nbgrader ----------------------------------------------------------

def test_a_submission_is_inspected_with_its_own_modules(tmp_path):
    folder = tmp_path / "submitted" / "x" / "m"
    nb = released()
    by_id(nb)["answer_total"].source = "from helpers import *\nfrom tools.more import *"
    write(folder, f"{NAME}.ipynb", nb)
    write(folder, "helpers.py", "check = print")
    write(folder / "tools", "__init__.py", "")
    inspection = integrity.inspect_submission(folder, {NAME: released()}, "it")
    assert inspection.status == "ok" and inspection.sources == {NAME: f"{NAME}.ipynb"}
    assert [f.to_dict() for f in inspection.findings] == [
        {"code": "redefined_check", "params": {"cell": "answer_total", "lines": [1, 2]}}]
    staged = by_id(inspection.staged[NAME])["answer_total"].source
    assert staged.count("# from") == 2 and "# Il valutatore" in staged
    (tmp_path / "nothing").mkdir()
    empty = integrity.inspect_submission(tmp_path / "nothing", {NAME: released()}, "it")
    assert empty.status == "empty" and empty.staged == {} and empty.sources == {}


def test_staging_writes_the_repaired_notebooks_and_the_other_files(tmp_path):
    folder = tmp_path / "submitted"
    write(folder, f"{NAME}.ipynb", "the learner's own file, never copied")
    write(folder, "data.csv", "a,b")
    write(folder / "sub" / "deeper", "notes.txt", "n")
    write(folder, "copy (1).ipynb", "another notebook of the learner's, not graded")
    write(folder / ".ipynb_checkpoints", "old.txt", "o")
    target = tmp_path / "staging"
    write(target, "stale.txt", "from an earlier run")
    inspection = Inspection(staged={NAME: released()})
    integrity.stage(inspection, folder, target)
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [f"{NAME}.ipynb", "data.csv", "sub/deeper/notes.txt"]
    assert ids(nbformat.read(target / f"{NAME}.ipynb", as_version=4)) == ids(released())
    integrity.stage(Inspection(), folder, tmp_path / "new" / "deep")  # parents are made
    assert (tmp_path / "new" / "deep" / "data.csv").exists()
