"""A kernel zygote: grading kernels forked from a process that has already imported them.

Starting a Python kernel costs about two seconds of CPU (the interpreter, IPython and
ipykernel, then pandas and lab_helpers in the notebook's first cell); most of a small
notebook's grading time. Each worker therefore starts one zygote, which imports all of
that once, single-threaded and before any student code exists, and forks a child per
kernel. The child confines itself (``containment.enter``) and starts IPython's kernel
exactly as ``lab_helpers.grading.kernel`` does; only the start-up is shared.

``GradingKernelManager`` is the jupyter_client kernel manager of the course's Execute
(``contained_execute``): whatever kernelspec the notebook names, it starts
``lab_helpers.grading.kernel`` (which confines itself before any student code runs), in
the empty folder and with the environment Execute gives it, with ``python -I`` so that
nothing in that folder or in the environment is imported first. It asks the zygote for
the kernel when there is one, else starts that command itself (no zygote, or
``SOCIAL_LAB_GRADING_ZYGOTE=0``). The forked kernel stays in the worker's process group,
so killing a worker kills its kernels too.
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

from .. import settings

_CLIENT: dict[str, ZygoteClient | None] = {"zygote": None}


def serve(path: str) -> None:
    """The zygote's main loop (``python -m lab_helpers.grading.zygote SOCKET``)."""
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # matplotlib settles its config folder at import, so here, for all the kernels: one that
    # their unprivileged users can read, with the font cache already built
    mpl = Path(path).parent / "matplotlib"
    mpl.mkdir(mode=0o755, exist_ok=True)
    mpl.chmod(0o755)
    cache = settings.mpl_cache()
    if cache is not None and cache.is_dir():
        for item in cache.glob("fontlist-*.json"):
            (mpl / item.name).write_bytes(item.read_bytes())
            (mpl / item.name).chmod(0o644)
    os.environ["MPLCONFIGDIR"] = str(mpl)
    import ipykernel.kernelapp  # noqa: F401 - the point: import once, fork many times
    import matplotlib
    import matplotlib.font_manager  # noqa: F401
    import pandas  # noqa: F401

    import lab_helpers  # noqa: F401
    import lab_helpers.grading.guard  # noqa: F401
    import lab_helpers.grading.kernel  # noqa: F401

    _warm_plots()
    del matplotlib
    fork_server(path, _child)


# read once, when numpy and pandas (with pyarrow) load, so given to a fork server when it
# starts: it must have no other thread (a fork copies only the thread that forks, and what
# other threads held stays held in the child); OpenBLAS and pyarrow's jemalloc start one
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                   "JE_ARROW_MALLOC_CONF": "background_thread:false",
                   # pyarrow's own allocator reserves about 1 GB of address space: under a
                   # memory limit (RLIMIT_AS) DuckDB, module 04's splink, would not load
                   "ARROW_DEFAULT_MEMORY_POOL": "system"}


def fork_server_env() -> dict[str, str]:
    """The environment to start a fork server with: this one, with SINGLE_THREADED."""
    return {**os.environ, **SINGLE_THREADED}


def fork_server(path: str, child: Callable[[dict[str, Any]], None]) -> None:
    """Answer on the socket ``path``: fork ``child(request)`` for each "spawn", tell a
    child's exit status for each "status"; end when the process that started this ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threads = Path("/proc/self/task")
    if threads.is_dir() and len(list(threads.iterdir())) > 1:
        raise SystemExit("a fork server must have one thread: start it with fork_server_env()")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path + ".new")
    os.chmod(path + ".new", 0o600)
    server.listen(8)
    os.rename(path + ".new", path)  # the socket appears only once it accepts connections
    statuses: dict[int, int] = {}
    while True:
        ready, _w, _x = select.select([server], [], [], 0.2)
        _reap(statuses)
        if not ready:
            if os.getppid() == 1:  # the worker is gone
                return
            continue
        conn, _addr = server.accept()
        with conn:
            request = json.loads(_receive(conn))
            if request.get("op") == "spawn":
                pid = os.fork()
                if pid == 0:  # the kernel
                    server.close()
                    conn.close()
                    child(request)
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
            elif request.get("op") == "status":
                _reap(statuses)
                conn.sendall(json.dumps({"status": statuses.get(int(request["pid"]))})
                             .encode() + b"\n")


def _warm_plots() -> None:
    """pyplot and pandas' plotting imported, and a chart drawn once: about a quarter of a
    second of CPU that each kernel's first chart no longer pays. pyplot's backend is not
    chosen here: each kernel picks IPython's inline backend at its first figure, as ever."""
    import io

    import matplotlib.pyplot  # noqa: F401
    import pandas.plotting._matplotlib  # noqa: F401
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    axes = figure.subplots()
    axes.bar(["a"], [1])
    axes.set_title("warm-up")
    FigureCanvasAgg(figure).print_png(io.BytesIO())


def _receive(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        data += chunk
    return data


def _reap(statuses: dict[int, int]) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        statuses[pid] = os.waitstatus_to_exitcode(status)
        if len(statuses) > 1000:
            statuses.pop(next(iter(statuses)))


def run_forked(request: dict[str, Any], start: Callable[[list[str]], None]) -> None:
    """In a fork (never returns): the request's environment and folder, then ``start`` with
    the kernel's arguments from ``-f`` on; the exit code says how it ended."""
    code = 1
    try:  # pragma: no cover - runs in the fork
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        argv = list(request["argv"])
        start(argv[argv.index("-f"):] if "-f" in argv else argv)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # noqa: BLE001 - report and end the fork, never return to the loop
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _child(request: dict[str, Any]) -> None:  # pragma: no cover - runs in the fork
    from .kernel import start

    run_forked(request, start)


class ZygoteClient:
    def __init__(self, path: Path, process: subprocess.Popen) -> None:
        self.path, self.process = path, process

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        for attempt in range(20):
            try:
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                    conn.settimeout(30)
                    conn.connect(str(self.path))
                    conn.sendall(json.dumps(request).encode() + b"\n")
                    return json.loads(_receive(conn))
            except (ConnectionRefusedError, FileNotFoundError):
                if attempt == 19 or not self.alive():
                    raise
                time.sleep(0.1)
        raise ConnectionRefusedError(str(self.path))

    def spawn(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        return int(self._ask({"op": "spawn", "argv": argv, "env": env, "cwd": cwd})["pid"])

    def status(self, pid: int) -> int | None:
        return self._ask({"op": "status", "pid": pid})["status"]

    def alive(self) -> bool:
        return self.process.poll() is None


def launch_zygote(folder: Path) -> tuple[Path, subprocess.Popen]:
    """Start this worker's zygote (``wait_zygote`` then waits until it answers)."""
    path = folder / "zygote.sock"
    process = subprocess.Popen([sys.executable, "-I", "-m", "lab_helpers.grading.zygote",
                                str(path)], stdin=subprocess.DEVNULL, cwd=folder,
                               env=fork_server_env())
    return path, process


def start_zygote(folder: Path, timeout: float = 60) -> ZygoteClient | None:
    """Start this worker's zygote; None if it does not come up (kernels start normally)."""
    return wait_zygote(launch_zygote(folder), timeout)


def wait_zygote(launched: tuple[Path, subprocess.Popen], timeout: float = 60
                ) -> ZygoteClient | None:
    """The zygote's client once its socket accepts; None if it does not come up."""
    path, process = launched
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if path.exists():
            client = ZygoteClient(path, process)
            _CLIENT["zygote"] = client
            return client
        time.sleep(0.05)
    process.kill()
    return None


class ForkedKernel:
    """What jupyter_client's provisioner needs of a kernel process it did not start."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, client: ZygoteClient) -> None:
        self.pid, self.client = pid, client
        self.fd = os.pidfd_open(pid)
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            ready, _w, _x = select.select([self.fd], [], [], 0)
            if ready:
                for _ in range(300):  # the zygote reaps it within its next loops
                    status = self.client.status(self.pid) if self.client.alive() else -9
                    if status is not None:
                        self.returncode = status
                        os.close(self.fd)
                        break
                    time.sleep(0.01)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.returncode is None:
            try:
                signal.pidfd_send_signal(self.fd, signum)
            except (ProcessLookupError, OSError):
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def kernel_command(kernel_cmd: list[str], connection_file: str) -> list[str]:
    """The grading kernel's command line, with the connection file of ``kernel_cmd``."""
    from .kernel import connection_file_of

    return [sys.executable, "-I", "-m", "lab_helpers.grading.kernel", "-f",
            connection_file_of(kernel_cmd) or connection_file]


class GradingKernelManager(AsyncKernelManager):
    """The grading kernel, confined: forked from the zygote if there is one, else started."""

    grading_env: dict[str, str] = {}  # set by Execute: containment, exercise variables
    grading_cwd: str = ""  # set by Execute: an empty folder

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        kernel_cmd = kernel_command(kernel_cmd, self.connection_file)
        env = {k: str(v) for k, v in (kw.get("env") or os.environ).items()}
        env.update(self.grading_env)
        cwd = self.grading_cwd or str(kw.get("cwd") or os.getcwd())
        kw.update(env=env, cwd=cwd)
        client = _CLIENT["zygote"]
        if client is None or not client.alive():
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        adopt_forked(self, client, kernel_cmd, env, cwd)


def adopt_forked(manager: AsyncKernelManager, client: ZygoteClient, kernel_cmd: list[str],
                 env: dict[str, str], cwd: str) -> None:
    """Have ``client`` fork the kernel, and ``manager`` own it as if it had started it."""
    pid = client.spawn(kernel_cmd, env, cwd)
    provisioner = manager.provisioner
    provisioner.process = ForkedKernel(pid, client)
    provisioner.pid, provisioner.pgid, provisioner.cwd = pid, None, cwd
    manager._reconcile_connection_info(provisioner.connection_info)


if __name__ == "__main__":
    serve(sys.argv[1])
