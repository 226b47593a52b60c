"""The learner workspace: built from student versions, refreshed without losing work."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from lab_helpers import catalog
from lab_helpers.workspace import (
    Manifest,
    WorkspaceNotWritableError,
    refresh_workspace,
    remember_language,
    workspace_language,
    write_lab_settings,
)

SOLUTION = "answer = (\n    ### BEGIN SOLUTION\n    {value}\n    ### END SOLUTION\n)"


def write_module(root: Path, value: int = 42, intro: str = "Welcome") -> None:
    """A one-exercise module in both languages, as nbgrader source notebooks."""
    folder = root / "99-sample"
    folder.mkdir(parents=True, exist_ok=True)
    for lang in ("en", "it"):
        nb = nbformat.v4.new_notebook(metadata={"social_lab": {
            "module": "99", "lang": lang, "title": f"Sample {lang}", "minutes": 10}})
        meta = {"grade": False, "solution": True, "locked": False, "grade_id": "answer",
                "schema_version": 3}
        test = {"grade": True, "solution": False, "locked": True, "grade_id": "test_answer",
                "points": 1, "schema_version": 3}
        nb.cells = [
            nbformat.v4.new_markdown_cell(intro),
            nbformat.v4.new_code_cell(SOLUTION.format(value=value), metadata={"nbgrader": meta}),
            nbformat.v4.new_code_cell(
                "assert answer == 42\n### BEGIN HIDDEN TESTS\nassert answer > 0\n"
                "### END HIDDEN TESTS", metadata={"nbgrader": test}),
        ]
        nbformat.write(nb, folder / f"99-sample.{lang}.ipynb")


@pytest.fixture
def modules(tmp_path, monkeypatch):
    root = tmp_path / "modules"
    write_module(root)
    monkeypatch.setattr(catalog, "modules_dir", lambda: root)
    catalog._modules.cache_clear()
    yield root
    catalog._modules.cache_clear()


def notebook(ws: Path, lang: str = "it") -> Path:
    return ws / "99-sample" / f"99-sample.{lang}.ipynb"


def test_first_build_holds_the_student_version(modules, tmp_path):
    ws = tmp_path / "ws"
    changes = refresh_workspace(ws, "it")
    assert [c.kind for c in changes] == ["created"]
    nb = nbformat.read(notebook(ws), as_version=4)
    code = "\n".join(c.source for c in nb.cells)
    assert "answer = (\n    ...\n)" in code
    assert "BEGIN SOLUTION" not in code and "42\n" not in code.split("assert")[0]
    assert "HIDDEN" not in code and "answer > 0" not in code
    assert not notebook(ws, "en").exists()


def test_refresh_replaces_an_untouched_notebook_with_a_newer_version(modules, tmp_path):
    ws = tmp_path / "ws"
    refresh_workspace(ws, "it")
    write_module(modules, intro="Welcome, second edition")
    catalog._modules.cache_clear()
    assert [c.kind for c in refresh_workspace(ws, "it")] == ["updated"]
    assert "second edition" in notebook(ws).read_text()


def test_refresh_never_overwrites_the_learners_work(modules, tmp_path):
    ws = tmp_path / "ws"
    refresh_workspace(ws, "it")
    nb = nbformat.read(notebook(ws), as_version=4)
    nb.cells[1].source = "answer = 41  # my attempt"
    nbformat.write(nb, notebook(ws))
    # same package version: nothing to offer, the learner's notebook stays
    assert [c.kind for c in refresh_workspace(ws, "it")] == ["unchanged"]
    # a newer version: saved beside, once, with a clear name
    write_module(modules, intro="Second edition")
    catalog._modules.cache_clear()
    change = refresh_workspace(ws, "it")[0]
    assert change.kind == "kept" and change.new_copy.exists()
    assert "nuova-versione" in change.new_copy.name
    assert "my attempt" in notebook(ws).read_text()
    assert "Second edition" in change.new_copy.read_text()
    assert [c.kind for c in refresh_workspace(ws, "it")] == ["unchanged"]
    assert len(list(notebook(ws).parent.glob("*.ipynb"))) == 2


def test_a_broken_notebook_is_kept_and_a_lost_manifest_errs_on_the_safe_side(modules, tmp_path):
    ws = tmp_path / "ws"
    refresh_workspace(ws, "it")
    notebook(ws).write_text("{ not json", encoding="utf-8")
    (ws / ".social-lab" / "manifest.json").unlink()
    write_module(modules, intro="Third edition")
    catalog._modules.cache_clear()
    change = refresh_workspace(ws, "it")[0]
    assert change.kind == "kept" and notebook(ws).read_text() == "{ not json"
    assert Manifest(ws).get("99-sample/99-sample.it.ipynb", "offered")


def test_workspace_under_a_file_is_reported(modules, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WorkspaceNotWritableError, match="--dir"):
        refresh_workspace(blocker / "ws", "en")


def test_lab_settings_choose_the_interface_language(tmp_path):
    settings = write_lab_settings(tmp_path, "it")
    plugin = settings / "@jupyterlab/translation-extension/plugin.jupyterlab-settings"
    assert json.loads(plugin.read_text())["locale"] == "it_IT"
    write_lab_settings(tmp_path, "en")
    assert json.loads(plugin.read_text())["locale"] == "en"


def test_the_workspace_keeps_its_language(modules, tmp_path):
    ws = tmp_path / "ws"
    assert workspace_language(ws) is None
    refresh_workspace(ws, "it")
    assert workspace_language(ws) == "it"
    (ws / ".social-lab" / "workspace.json").unlink()  # made before the language was kept
    assert workspace_language(ws) == "it"  # the language of its notebooks
    remember_language(ws, "en")
    assert workspace_language(ws) == "en"
