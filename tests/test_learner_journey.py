"""A self-learner's journey in real kernels: progress, solutions, self-check and reset."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lab_helpers import progress_report, progress_store
from lab_helpers.catalog import find_module
from lab_helpers.checks import module_problems
from lab_helpers.execute import execute_notebook
from lab_helpers.progress_report import certificate_html
from lab_helpers.workspace import refresh_workspace

SOCIAL_LAB = str(Path(sys.executable).parent / "social-lab")

def exercises_in_the_notebook() -> int:
    """Module 00's exercises, counted as a learner would: its test cells' check("m00.x")."""
    nb = nbformat.read(find_module("00").notebooks["en"], as_version=4)
    return len({m for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")
                for m in re.findall(r"""check\(\s*["'](m00\.\w+)["']""", c.source)})


EXERCISES = exercises_in_the_notebook()
SETUP = 'from lab_helpers import check, hint, load_dataset, progress, setup, solution\n' \
        'setup("00", lang="{lang}")\ndistricts = load_dataset("districts")'


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "SOCIAL_LAB_COHORT"}
    return subprocess.run([SOCIAL_LAB, *args], capture_output=True, text=True, timeout=300,
                          env={**environ, **env})


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def shown(cell) -> str:
    return "\n".join(str(o.get("data", {}).get("text/plain", "")) + o.get("text", "")
                     for o in cell.outputs)


@pytest.fixture
def workspace(tmp_path) -> Path:
    ws = tmp_path / "ws"
    refresh_workspace(ws, "it")
    refresh_workspace(ws, "en")
    return ws


@pytest.mark.parametrize("lang", ["en", "it"])
def test_progress_survives_a_kernel_restart_and_a_corrupt_file(workspace, lang, forked_kernels):
    folder = workspace / "00-getting-started"
    first = execute_notebook(notebook(
        SETUP.format(lang=lang),
        'total_population = int(districts["population"].sum())',
        'check("m00.total_population")',
        "mean_social_workers = 3", 'check("m00.mean_social_workers")'), folder,
        kernel_manager=forked_kernels)
    data = progress_store.load(workspace)["exercises"]
    assert data["m00.total_population"]["status"] == "correct"
    assert data["m00.mean_social_workers"]["status"] == "incorrect"
    # a new kernel (a restart) sees the same progress, and progress() shows it
    second = execute_notebook(notebook(SETUP.format(lang=lang), "progress()"), folder,
                              kernel_manager=forked_kernels)
    widget = second.cells[1].outputs[0]["data"]
    assert "application/vnd.jupyter.widget-view+json" in widget
    assert progress_report.summary(workspace, lang)[0].done == 1
    # the learner saves the notebook; the progress file is then lost to corruption
    nbformat.write(first, folder / "my-work.ipynb")
    (workspace / ".social-lab" / "progress.json").write_text("{ broken", encoding="utf-8")
    listing = run("progress", "--lang", lang, "--dir", str(workspace))
    assert listing.returncode == 0, listing.stderr
    assert (f"1 of {EXERCISES} exercises" if lang == "en" else f"1 esercizio su {EXERCISES}"
            ) in listing.stdout
    assert "█" in listing.stdout and "░" in listing.stdout
    rebuilt = json.loads((workspace / ".social-lab" / "progress.json").read_text())
    assert rebuilt["exercises"]["m00.total_population"]["status"] == "correct"


def test_progress_that_cannot_be_written_never_breaks_a_check(workspace, forked_kernels):
    folder = workspace / "00-getting-started"
    cells = (SETUP.format(lang="en"), "total_population = 1", 'check("m00.total_population")')
    ran = execute_notebook(notebook(*cells), folder,  # no progress file yet: created
                           kernel_manager=forked_kernels)
    assert progress_store.attempts("m00.total_population", workspace) == 1
    blocked = workspace / ".social-lab" / "progress.json"
    blocked.unlink()
    blocked.mkdir()  # a folder where the file should be: nothing can be written
    ran = execute_notebook(notebook(*cells), folder, kernel_manager=forked_kernels)
    assert not [o for c in ran.cells for o in c.outputs if o.output_type == "error"]
    assert "Not yet right" in shown(ran.cells[2])


@pytest.mark.parametrize("lang", ["en", "it"])
def test_solution_only_after_an_attempt_and_no_variable_turns_them_off_or_on(workspace, lang,
                                                                            forked_kernels):
    folder = workspace / "00-getting-started"
    cells = (SETUP.format(lang=lang), 'solution("m00.total_population")',
             "total_population = 5", 'check("m00.total_population")',
             'solution("m00.total_population")')
    ran = execute_notebook(notebook(*cells), folder, kernel_manager=forked_kernels)
    before, after = shown(ran.cells[1]), shown(ran.cells[4])
    assert ("Try the exercise first" if lang == "en" else "Prima prova") in before
    assert 'districts["population"].sum()' not in before
    assert 'districts["population"].sum()' in after
    # a cohort's install has no solutions (tests/test_cohort_wheel.py); in a full install
    # the old variable is no switch any more: the self-learner's experience is the same
    # (a plain kernel: the forked ones' imports ran without the variable)
    cohort = execute_notebook(notebook(*cells), folder,
                              env=dict(os.environ, SOCIAL_LAB_COHORT="1"))
    assert 'districts["population"].sum()' in shown(cohort.cells[4])


def test_certificate_lists_only_completed_modules(workspace):
    with pytest.raises(progress_report.NothingToCertifyError, match="nothing to certify"):
        certificate_html(workspace, "en", "Anna Rossi")
    for lang, words in (("it", "niente da certificare"), ("en", "nothing to certify")):
        refused = run("certificate", "--lang", lang, "--dir", str(workspace), "--name", "Anna")
        assert refused.returncode == 2 and words in refused.stderr
        assert "social-lab progress" in refused.stderr and "Traceback" not in refused.stderr
    assert not (workspace / "certificate.html").exists()
    for problem in module_problems("m00"):
        progress_store.record(problem.id, "correct", workspace)
    full = certificate_html(workspace, "en", "Anna Rossi")
    assert "00-getting-started" in full and f"{EXERCISES}/{EXERCISES}" in full and "<html" in full
    assert "Anna Rossi" in full and "01-social-data" not in full
    result = run("certificate", "--lang", "it", "--dir", str(workspace), "--name", "Anna")
    assert result.returncode == 0
    assert "00-getting-started" in (workspace / "certificate.html").read_text()


def learner_notebook(ws: Path, lang: str = "en") -> Path:
    return ws / "00-getting-started" / f"00-getting-started.{lang}.ipynb"


def test_check_reports_exercises_and_deleted_or_edited_test_cells(workspace):
    path = learner_notebook(workspace)
    nb = nbformat.read(path, as_version=4)
    gid = lambda c: c.metadata.get("nbgrader", {}).get("grade_id")  # noqa: E731
    for cell in nb.cells:
        if gid(cell) == "answer_total_population":
            cell.source = cell.source.replace("...", 'districts["population"].sum()')
        if gid(cell) == "test_piedmont_municipalities":
            cell.source = "pass  # I did not like this check"
    nb.cells = [c for c in nb.cells if gid(c) != "test_mean_social_workers"]
    nbformat.write(nb, path)
    before = path.read_bytes()
    result = run("check", "00", "--lang", "en", "--dir", str(workspace))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "m00.total_population" in out and "✔" in out.split("m00.total_population")[0][-4:]
    assert f"1 of {EXERCISES} exercises correct" in out
    assert "test_mean_social_workers was deleted" in out
    assert "test_piedmont_municipalities was changed" in out
    assert "social-lab reset 00" in out
    assert path.read_bytes() == before, "a check never changes the learner's file"


def test_check_in_italian_and_an_unreadable_notebook(workspace):
    result = run("check", "0", "--lang", "it", "--dir", str(workspace))
    assert f"0 esercizi corretti su {EXERCISES}" in result.stdout
    learner_notebook(workspace, "it").write_text("not a notebook", encoding="utf-8")
    broken = run("check", "00", "--lang", "it", "--dir", str(workspace))
    assert broken.returncode == 2 and "social-lab reset 00" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_reset_keeps_a_dated_backup_and_gives_a_fresh_copy(workspace):
    path = learner_notebook(workspace, "it")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("i miei appunti"))
    nbformat.write(nb, path)
    result = run("reset", "00", "--lang", "it", "--dir", str(workspace))
    assert result.returncode == 0, result.stderr
    backups = list(path.parent.glob("00-getting-started.it.copia-riserva-*.ipynb"))
    assert len(backups) == 1 and "i miei appunti" in backups[0].read_text()
    assert "i miei appunti" not in path.read_text()
    module = find_module("00")
    assert module.notebook_name("it") == path.name
    status = run("modules", "--lang", "it", "--dir", str(workspace)).stdout
    assert "da iniziare" in status


def test_progress_modules_and_check_agree_before_and_after_a_reset(workspace, tmp_path):
    # in a JupyterLab terminal SOCIAL_LAB_WORKSPACE names the open workspace; --dir wins
    other = tmp_path / "other"
    refresh_workspace(other, "it")
    elsewhere = {"SOCIAL_LAB_WORKSPACE": str(other)}
    path = learner_notebook(workspace, "it")
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "answer_total_population":
            cell.source = cell.source.replace("...", 'districts["population"].sum()')
    nbformat.write(nb, path)
    total = len(__import__("lab_helpers.checks", fromlist=["x"]).module_problems("m00"))

    def answers() -> tuple[str, str, str]:
        ws = ("--lang", "it", "--dir", str(workspace))
        return (run("check", "00", *ws, **elsewhere).stdout,
                run("progress", *ws, **elsewhere).stdout, run("modules", *ws, **elsewhere).stdout)

    checked, progress, modules = answers()
    assert f"1 esercizio corretto su {total}" in checked
    assert re.search(rf"00-getting-started\s+[█░]+ 1 esercizio su {total}", progress)
    assert re.search(rf"00-getting-started\s+\d+\s+1/{total}\s+iniziato", modules)
    assert "m00.total_population" not in progress_store.load(other)["exercises"]
    reset = run("reset", "00", "--lang", "it", "--dir", str(workspace), **elsewhere)
    assert reset.returncode == 0, reset.stderr
    checked, progress, modules = answers()
    assert f"0 esercizi corretti su {total}" in checked
    assert re.search(rf"00-getting-started\s+[█░]+ 0 esercizi su {total}", progress)
    assert re.search(rf"00-getting-started\s+\d+\s+0/{total}\s+da iniziare", modules)
    # the old outcomes stay in the file's history; a rebuilt file does not count the backup
    history = progress_store.load(workspace)["reset"][0]
    assert history["module"] == "m00" and "copia-riserva" in history["backup"]
    assert history["exercises"]["m00.total_population"]["status"] == "correct"
    (workspace / ".social-lab" / "progress.json").unlink()
    assert progress_report.summary(workspace, "it")[0].done == 0


@pytest.mark.parametrize("lang", ["en", "it"])
def test_check_says_which_answer_cells_fail_and_why(workspace, lang):
    from lab_helpers.errors import explain
    from lab_helpers.i18n import set_language

    path = learner_notebook(workspace, lang)
    nb = nbformat.read(path, as_version=4)
    answers = {"answer_piedmont_municipalities": "piedmont_municipalities = comuni",
               "answer_total_population": 'total_population = (districts["population"].sum()',
               "answer_mean_social_workers": 'mean_social_workers = districts["workers"].mean()'}
    for cell in nb.cells:
        cell.source = answers.get(cell.metadata.get("nbgrader", {}).get("grade_id"), cell.source)
    nbformat.write(nb, path)
    result = run("check", "00", "--lang", lang, "--dir", str(workspace))
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # the explanations are wrapped
    set_language(lang)
    fails = "The answer cell fails" if lang == "en" else "La cella della risposta dà errore"
    for problem, error in (("piedmont_municipalities", NameError("name 'comuni' is not defined")),
                           ("total_population", SyntaxError("incomplete input")),
                           ("mean_social_workers", KeyError("workers"))):
        line = next(x for x in result.stdout.splitlines() if f"m00.{problem} " in x)
        assert f"{fails}: {type(error).__name__}" in line
        title, text = explain(error)
        assert f"{title}: {' '.join(text.split()[:8])}" in out
    assert "m00.cuneo_total_workers" in out  # the others are listed as before
    assert ".py, line" not in out  # not the kernel's name for the cell
