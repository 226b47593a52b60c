"""Shared test set-up: an isolated Jupyter home, the venv's tools on PATH, the work done
once per run (an nbgrader course, executed notebooks), the order under pytest-xdist."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from nbformat import NotebookNode

REPO = Path(__file__).resolve().parents[1]
MODULES = REPO / "modules"
REAL_HOME = os.environ.get("HOME", "")
UNGROUPED = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    """Jupyter writes under $HOME: give the whole run a temporary one."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="social-lab-home-"))
    os.environ["SOCIAL_LAB_REAL_HOME"] = REAL_HOME
    os.environ["HOME"] = str(home)
    for var, sub in (("JUPYTER_CONFIG_DIR", ".jupyter"), ("JUPYTER_DATA_DIR", "jupyter-data"),
                     ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"), ("IPYTHONDIR", ".ipython")):
        os.environ[var] = str(home / sub)
    # nbgrader shells out to alembic: the venv's bin must come first on PATH
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"]
    os.environ["LANG"] = os.environ["LC_ALL"] = "C.UTF-8"
    for var in ("SOCIAL_LAB_LANG", "SOCIAL_LAB_MODE", "NBGRADER_EXECUTION",
                "SOCIAL_LAB_WORKSPACE"):
        os.environ.pop(var, None)


@pytest.fixture(autouse=True)
def _reset_language():
    """Each test starts with no language chosen."""
    from lab_helpers import i18n

    i18n._current["lang"] = ""
    yield
    i18n._current["lang"] = ""


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's folder for work done once and shared (by every xdist worker too)."""
    from run_once import shared_dir

    return shared_dir(tmp_path_factory)


@pytest.fixture(scope="session")
def nbgrader_course(shared_tmp: Path) -> Callable[..., Path]:
    """``copy(lang, dest, with_config=True)``: a fresh copy at ``dest`` of an nbgrader
    course in ``lang`` with every module generated (generated once per run)."""
    from shared_course import copy_course

    def copy(lang: str, dest: Path, *, with_config: bool = True) -> Path:
        return copy_course(shared_tmp, lang, dest, with_config=with_config)

    return copy


@pytest.fixture(scope="session")
def executed_notebook(shared_tmp: Path, forked_kernels: type) -> Callable[..., NotebookNode]:
    """``run(module, lang, version="source", mode="grading")``: that notebook executed in a
    kernel, once per run (see executed_notebooks.py); each call returns a fresh copy."""
    from executed_notebooks import executed

    def run(module: str, lang: str, version: str = "source",
            mode: str = "grading") -> NotebookNode:
        return executed(shared_tmp, module, lang, version, mode, forked_kernels)

    return run


@pytest.fixture(scope="session")
def forked_kernels(tmp_path_factory: pytest.TempPathFactory):
    """A kernel manager class for ``execute_notebook(kernel_manager=...)``: each run's own
    kernel, forked from a server (one per test process) that has already imported
    ipykernel, pandas, matplotlib and lab_helpers (see forked_kernels.py)."""
    from forked_kernels import ForkedKernelManager, start_server, stop_server

    start_server(tmp_path_factory.mktemp("kernels"))
    yield ForkedKernelManager
    stop_server()


@pytest.fixture
def grading_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as under nbgrader autograde."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")


def source_notebooks() -> list[Path]:
    """Every source notebook of every module."""
    return sorted(MODULES.glob("*/*.ipynb"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, hand out the slow tests first, so that no worker is left with
    a long test at the end while the other has finished (the order is otherwise kept);
    and fail the tests whose group ``--dist loadgroup`` lost (see ``pytest_runtest_setup``)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    if getattr(config.option, "loadgroup", False):
        for item in items:
            item.stash[UNGROUPED] = bool(item.get_closest_marker("xdist_group")) and (
                "@" not in item.nodeid)  # xdist writes the group after an @ in the node id


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A group of tests shares a costly module fixture: split over workers, it would be
    made once per worker, silently. Say so instead."""
    if item.stash.get(UNGROUPED, False):
        pytest.fail("pytest-xdist did not keep this test in its xdist_group: install the "
                    "pytest version of the test extra (pip install -e '.[test]')")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Let fixtures know whether the test failed (to keep a screenshot)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
