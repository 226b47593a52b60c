"""Print what one learner costs a server: kernel memory and CPU per module, and the
memory of a JupyterLab server, to size a JupyterHub (see instructor/DEPLOYMENT.md).

    python benchmarks/learner_resources.py

Each module's source notebook runs top to bottom in a real kernel, as a learner's would;
the kernel reports its own peak resident memory (VmHWM) and CPU time at the end.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lab_helpers.catalog import list_modules  # noqa: E402
from lab_helpers.execute import execute_notebook  # noqa: E402

PROBE = """import json, resource
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]
print(json.dumps({"peak_mb": peak / 1024, "cpu_s": usage.ru_utime + usage.ru_stime}))"""


def kernel_cost(path: Path, cwd: Path) -> dict[str, float]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    done = execute_notebook(nb, cwd, grading=True)
    return json.loads(done.cells[-1].outputs[-1]["text"])


def rss_mb(pid: int) -> float:
    total = 0.0
    for child in [pid, *children(pid)]:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    kids = [int(p) for p in out.split()]
    return kids + [g for k in kids for g in children(k)]


def lab_server_mb(cwd: Path) -> float:
    """Resident memory of an idle JupyterLab server after its page was loaded once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=bench",
            f"--ServerApp.root_dir={cwd}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=bench", timeout=5)
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)
        return rss_mb(proc.pid)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        print(f"{'notebook':<40} {'peak kernel MB':>15} {'kernel CPU s':>13} {'minutes':>8}")
        peaks, cpu_per_minute = [], []
        for module in list_modules():
            for path in sorted(module.notebooks.values()):
                cost = kernel_cost(path, cwd)
                peaks.append(cost["peak_mb"])
                cpu_per_minute.append(cost["cpu_s"] / module.minutes())
                print(f"{path.name:<40} {cost['peak_mb']:>15.0f} {cost['cpu_s']:>13.1f} "
                      f"{module.minutes():>8}")
        server = lab_server_mb(cwd)
        print(f"JupyterLab server, idle after one page load: {server:.0f} MB")
        per_learner = max(peaks) + server
        print(f"memory per learner (largest kernel + server): {per_learner:.0f} MB")
        print(f"kernel CPU per learner-minute (largest): {max(cpu_per_minute):.2f} s")


if __name__ == "__main__":
    main()
