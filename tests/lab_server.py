"""Start `social-lab start --no-browser` for a test, and stop it again."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SOCIAL_LAB = str(Path(sys.executable).parent / "social-lab")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_lab(ws: Path, home: Path, lang: str) -> tuple[subprocess.Popen, str]:
    """Start social-lab with a temporary HOME; return the process and its lab URL."""
    env = dict(os.environ, HOME=str(home))
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env.pop(var, None)
    port = free_port()
    proc = subprocess.Popen([SOCIAL_LAB, "start", "--no-browser", "--port", str(port),
                             "--lang", lang, "--dir", str(ws)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = ""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not url:
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+/\S+\?token=\w+\S*)", line)
        url = match.group(1) if match else ""
        assert proc.poll() is None or url, "social-lab start exited early"
    assert url, "social-lab start printed no address"
    return proc, url


def wait_for_http(url: str, seconds: float = 90) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"no answer from {url}")


def stop(proc: subprocess.Popen) -> str:
    """Stop social-lab start; return what it printed after its address."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    rest = proc.stdout.read()
    proc.stdout.close()
    return rest
