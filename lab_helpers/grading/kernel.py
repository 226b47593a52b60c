"""The grading kernel: confine the process, then start IPython's kernel with the guard.

    python -m lab_helpers.grading.kernel -f CONNECTION_FILE [kernel options]

Its kernelspec (``social-lab-grading``) is written by the worker; the containment to
apply comes in the environment (``SOCIAL_LAB_CONTAINMENT``). A kernel that cannot be
confined as asked exits at once: it never runs student code unconfined.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import settings

KERNEL_NAME = "social-lab-grading"
GUARD = "lab_helpers.grading.guard"


def kernel_args(argv: Sequence[str], connection_file: str) -> list[str]:
    """IPKernelApp's arguments: our connection file, no history file, the guard loaded."""
    args = list(argv)
    if "-f" in args:
        args[args.index("-f") + 1] = connection_file
    return args + ["--HistoryManager.hist_file=:memory:", f"--ext={GUARD}"]


def connection_file_of(argv: Sequence[str]) -> str:
    args = list(argv)
    return args[args.index("-f") + 1] if "-f" in args else ""


def start(argv: Sequence[str]) -> None:
    """Confine this process and run the kernel (never returns normally)."""
    from .containment import Containment, ContainmentError, enter

    try:
        connection = enter(Containment.from_env(settings.containment()), connection_file_of(argv))
    except (ContainmentError, OSError) as error:
        print(f"social-lab: the grading kernel could not be confined: {error}", file=sys.stderr)
        os._exit(70)
    from ipykernel.kernelapp import IPKernelApp

    IPKernelApp.launch_instance(argv=kernel_args(argv, connection))


def write_kernelspec(folder: Path, interrupt_mode: str = "signal") -> Path:
    """A kernelspec folder for JUPYTER_PATH whose kernel is this module."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "lab_helpers.grading.kernel", "-f", "{connection_file}"],
        "display_name": "Social Innovation Lab (grading)",
        "language": "python",
        "interrupt_mode": interrupt_mode,
    }), encoding="utf-8")
    return folder


if __name__ == "__main__":
    start(sys.argv[1:])
