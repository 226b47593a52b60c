"""Work done once per test run and shared by every test, also across pytest-xdist workers.

A result is a folder under the run's shared temporary folder. The first test (on any
worker) that asks for it makes it under a file lock; the others wait for the lock and
reuse it. A folder is made under a temporary name and renamed when complete, so a failed
attempt leaves nothing behind and the next test that asks tries again (and fails with the
same error, in its own report).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This run's folder for shared results (under xdist, common to all the workers)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-N/popen-gwK: pytest-N belongs to this run only
    folder = base / "shared-once"
    folder.mkdir(exist_ok=True)
    return folder


def once(folder: Path, make: Callable[[Path], None]) -> Path:
    """``folder``, made by ``make(folder_being_made)`` the first time anyone asks for it."""
    with FileLock(f"{folder}.lock"):
        if not folder.is_dir():
            partial = folder.with_name(folder.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            make(partial)
            partial.rename(folder)
    return folder
