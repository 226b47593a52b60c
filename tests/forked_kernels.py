"""Test kernels forked from a process that has already imported what every notebook imports.

A notebook run starts a kernel: the interpreter, IPython and ipykernel, then pandas,
matplotlib and lab_helpers in the notebook's first cell, about 1.5 s of CPU before the
first line of the notebook's own work. The wrong-answer runs make dozens of them. So each
test process (each xdist worker) starts one server that imports all of that once, before
any notebook code exists, and forks a child per kernel: each run still has its own kernel,
a process of its own that started from nothing but imports (no state shared between runs),
with the run's own environment and folder. The child starts ipykernel exactly as
``python -m ipykernel_launcher -f CONNECTION_FILE`` does (the python3 kernelspec).

Only the start-up is shared, as in the course's grading (``lab_helpers.grading.zygote``,
whose fork server, client and process handle this reuses); the notebook tests that prove a
module runs in a kernel started from scratch (tests/executed_notebooks.py) keep plain kernels.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

from lab_helpers.grading.zygote import (
    ZygoteClient,
    adopt_forked,
    fork_server,
    fork_server_env,
    run_forked,
)

_SERVER: dict[str, ZygoteClient | None] = {"client": None}
# run as a file, not importable from the kernels: neither tests/ nor the folder on sys.path
LAUNCH = ("import runpy, sys; del sys.path[0]; sys.argv = sys.argv[1:]; "
          "runpy.run_path(sys.argv[0], run_name='__main__')")


def serve(path: str) -> None:
    """The server: import once, then fork a kernel for each request on ``path``."""
    if not path.endswith(".sock"):
        raise SystemExit(f"not a socket path: {path}")
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import ipykernel.kernelapp  # noqa: F401 - the point: import once, fork many times
    import matplotlib
    import matplotlib.font_manager  # noqa: F401
    import pandas  # noqa: F401

    import lab_helpers  # noqa: F401

    del matplotlib
    fork_server(path, lambda request: run_forked(request, _start_kernel))


def _start_kernel(argv: list[str]) -> None:  # pragma: no cover - runs in the fork
    """ipykernel_launcher's start, in the run's environment and folder (run_forked)."""
    from ipykernel import kernelapp

    parent = str(os.getppid())  # the server: the kernel ends if it goes
    os.environ["JPY_PARENT_PID"] = parent  # as jupyter_client's launcher sets it
    # ipykernel read JPY_PARENT_PID when the server imported it: say it again
    kernelapp.launch_new_instance(argv=[*argv, f"--IPKernelApp.parent_handle={parent}"])


def start_server(folder: Path) -> ZygoteClient:
    """This process's kernel server (started on first use; it ends when this process does)."""
    client = _SERVER["client"]
    if client is not None and client.alive():
        return client
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kernels.sock"
    path.unlink(missing_ok=True)
    process = subprocess.Popen([sys.executable, "-c", LAUNCH, __file__, str(path)],
                               stdin=subprocess.DEVNULL, cwd=folder, env=fork_server_env())
    deadline = time.monotonic() + 120
    while not path.exists():  # not grading.zygote's wait_zygote: it sets the graders' server
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the test kernels' server did not start")
        time.sleep(0.05)
    client = ZygoteClient(path, process)
    _SERVER["client"] = client
    return client


def stop_server() -> None:
    client = _SERVER["client"]
    if client is not None:
        client.process.terminate()
        client.process.wait(timeout=30)
        _SERVER["client"] = None


class ForkedKernelManager(AsyncKernelManager):
    """The python3 kernel, forked from this process's server instead of started anew."""

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        client = _SERVER["client"]
        if client is None or not client.alive():
            raise RuntimeError("start_server() first")
        env = {k: str(v) for k, v in (kw.get("env") or os.environ).items()}
        cwd = str(kw.get("cwd") or os.getcwd())
        adopt_forked(self, client, kernel_cmd, env, cwd)


if __name__ == "__main__":
    serve(sys.argv[1])
