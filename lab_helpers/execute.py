"""Run a notebook headless in a real kernel (tests, benchmarks and self-checks share it)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from . import settings


def execute_notebook(nb: NotebookNode, cwd: Path, *, grading: bool = False,
                     timeout: int = 120, allow_errors: bool = True,
                     env: Mapping[str, str] | None = None,
                     kernel_manager: type | None = None) -> NotebookNode:
    """Execute every cell of a copy of ``nb`` in ``cwd`` and return it with outputs.

    ``grading=True`` runs the kernel as nbgrader's autograde does, so failed checks raise.
    ``kernel_manager``: a jupyter_client kernel manager class other than the default.
    """
    nb = nbformat.from_dict(nb)
    kernel_env = dict(os.environ if env is None else env)
    kernel_env.pop(settings.NBGRADER_EXECUTION, None)
    if grading:
        kernel_env[settings.NBGRADER_EXECUTION] = "autograde"
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=allow_errors,
                            resources={"metadata": {"path": str(cwd)}},
                            **({"kernel_manager_class": kernel_manager} if kernel_manager else {}))
    client.execute(env=kernel_env)
    return nb


def cell_errors(nb: NotebookNode) -> list[tuple[int, str, str]]:
    """(index, ename, evalue) for every cell whose output holds an error."""
    found = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found.append((index, output.get("ename", ""), output.get("evalue", "")))
    return found
