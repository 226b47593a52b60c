"""A cohort on a real JupyterHub (with configurable-http-proxy) on 127.0.0.1.

The trainer releases module 00 through its own server's formgrader API; two learners
fetch it through theirs, one answers it and one leaves it blank and adds tricks meant to
score anyway (tests/hostile_submissions.py), both submit; the trainer collects and
autogrades through the formgrader, which runs the course's grading pipeline: the tricks
are flagged in the graded notebook and score nothing. Every call goes through the hub's
proxy to the users' own single-user servers.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from lab_helpers.catalog import find_module

PROXY = shutil.which("configurable-http-proxy")
# under pytest-xdist, the real-environment tests (hub, browser, wheel) run one after the
# other on one worker, never two of them at once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("real-environment"), pytest.mark.skipif(
    PROXY is None, reason="configurable-http-proxy comes from .ci/run: npm install -g")]
TOKEN = "social-lab-test-driver-" + os.urandom(8).hex()
MODULE = "00-getting-started"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Hub:
    """Talk to the hub and, through its proxy, to the users' servers."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, body: dict | None = None,
             form: dict | None = None, timeout: float = 300) -> object:
        data, headers = None, {"Authorization": f"token {TOKEN}"}
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        if form is not None:
            data = "&".join(f"{k}={v}" for k, v in form.items()).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode() or "null"
        try:
            return json.loads(text)
        except ValueError:
            raise AssertionError(f"{method} {path}: not JSON: {text[:500]}") from None

    def start(self, user: str) -> None:
        try:
            self.call("POST", f"/hub/api/users/{user}/server")
        except urllib.error.HTTPError as error:
            if error.code not in (201, 202, 400):
                raise
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            model = self.call("GET", f"/hub/api/users/{user}")
            if model.get("server") and not model.get("pending"):
                return
            time.sleep(0.5)
        raise AssertionError(f"the server of {user} did not start")


@pytest.fixture
def hub(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(REPO / "instructor", course, ignore=shutil.ignore_patterns(
        "exchange", "release", "submitted", "autograded", "feedback", "gradebook.db",
        "learner-config"))
    port = free_port()
    test_config = tmp_path / "hub_test_config.py"
    test_config.write_text(f"""
c = get_config()
load_subconfig({str(course / "jupyterhub_config.py")!r})
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.Authenticator.allow_all = True
c.Spawner.args = ["--allow-root"]
c.SimpleLocalProcessSpawner.home_dir_template = {str(tmp_path / "home" / "{username}")!r}
c.JupyterHub.services = [{{"name": "test-driver", "api_token": {TOKEN!r}}}]
c.JupyterHub.load_roles = [{{"name": "test-driver", "services": ["test-driver"],
    "scopes": ["admin:users", "admin:servers", "access:servers", "tokens"]}}]
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.cookie_secret_file = {str(tmp_path / "cookie_secret")!r}
c.JupyterHub.db_url = "sqlite:///{tmp_path / "hub.sqlite"}"
""")
    env = dict(os.environ, SOCIAL_LAB_HUB_PORT=str(port), SOCIAL_LAB_TRAINERS="trainer",
               SOCIAL_LAB_LEARNERS="anna,marco", SOCIAL_LAB_EXCHANGE=str(tmp_path / "exchange"),
               SOCIAL_LAB_COURSE_ROOT=str(course), SOCIAL_LAB_COURSE_LANG="it",
               SOCIAL_LAB_LEARNER_CONFIG=str(tmp_path / "learner-config"),
               PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR"):
        env.pop(var, None)
    log = (tmp_path / "hub.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f",
                             str(test_config)], cwd=tmp_path, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    api = Hub(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            api.call("GET", "/hub/api/")
            break
        except OSError:
            assert proc.poll() is None, (tmp_path / "hub.log").read_text()[-3000:]
            time.sleep(0.5)
    try:
        yield api, course, tmp_path
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        subprocess.run(["pkill", "-f", str(tmp_path)], check=False)
        log.close()


def answered(notebook: dict) -> dict:
    """The learner's notebook with every answer cell filled in from the source."""
    solutions = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in
                 nbformat.read(find_module("00").notebooks["it"], as_version=4).cells}
    for cell in notebook["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid and cell["metadata"]["nbgrader"].get("solution") and cell["cell_type"] == "code":
            cell["source"] = solutions[gid]
    return notebook


def tampered(notebook: dict) -> dict:
    """The blank notebook with tricks after its setup cell: one the scan knows, one not."""
    from hostile_submissions import CAUGHT, EVADING

    tricks = [CAUGHT["x-check"][0], EVADING["y-cleanup"][0], EVADING["y-exceptions"][0]]
    at = next(i for i, c in enumerate(notebook["cells"])
              if c["metadata"].get("nbgrader", {}).get("grade_id") == "setup") + 1
    for code in reversed(tricks):
        notebook["cells"].insert(at, {"cell_type": "code", "execution_count": None,
                                      "metadata": {}, "outputs": [], "source": code})
    return notebook


def test_a_cohort_runs_module_00_on_a_real_jupyterhub(hub):
    api, _course, tmp_path = hub
    for user in ("trainer", "anna", "marco"):
        api.start(user)
    api.call("POST", f"/user/trainer/formgrader/api/assignment/{MODULE}/assign", body={})
    released = api.call("POST", f"/user/trainer/formgrader/api/assignment/{MODULE}/release",
                        body={})
    assert released["success"], released
    path = f"{MODULE}/{MODULE}.it.ipynb"
    for learner in ("anna", "marco"):
        listing = api.call("POST", f"/user/{learner}/assignments/fetch",
                           form={"assignment_id": MODULE, "course_id": "social-innovation-lab"})
        assert listing["success"], listing
        fetched = [a for a in listing["value"] if a["assignment_id"] == MODULE]
        assert fetched and fetched[0]["status"] == "fetched", listing
    model = api.call("GET", f"/user/anna/api/contents/{path}?content=1")
    assert model["type"] == "notebook"
    api.call("PUT", f"/user/anna/api/contents/{path}",
             body={"type": "notebook", "format": "json", "content": answered(model["content"])})
    blank = api.call("GET", f"/user/marco/api/contents/{path}?content=1")
    api.call("PUT", f"/user/marco/api/contents/{path}",
             body={"type": "notebook", "format": "json", "content": tampered(blank["content"])})
    for learner in ("anna", "marco"):
        submitted = api.call("POST", f"/user/{learner}/assignments/submit",
                             form={"assignment_id": MODULE,
                                   "course_id": "social-innovation-lab"})
        assert submitted["success"], submitted
        assert any(a["status"] == "submitted" for a in submitted["value"]), submitted
    collected = api.call("POST", f"/user/trainer/formgrader/api/assignment/{MODULE}/collect",
                         body={})
    assert collected["success"], collected
    for learner in ("anna", "marco"):
        graded = api.call(
            "POST", f"/user/trainer/formgrader/api/submission/{MODULE}/{learner}/autograde",
            body={})
        assert graded["success"], graded.get("error") or graded.get("log")
    scores = {s["student"]: s for s in api.call(
        "GET", f"/user/trainer/formgrader/api/submissions/{MODULE}")}
    assert scores["anna"]["code_score"] == scores["anna"]["max_code_score"] >= 6
    assert scores["marco"]["code_score"] == 0
    assert scores["marco"]["max_code_score"] == scores["anna"]["max_code_score"]
    from lab_helpers.grading.flags import findings_of
    from lab_helpers.grading.outcomes import INTEGRITY

    graded = {learner: findings_of(nbformat.read(
        _course / "autograded" / learner / MODULE / f"{MODULE}.it.ipynb", as_version=4))
        for learner in ("anna", "marco")}
    assert not [f for f in graded["anna"] if f["code"] in INTEGRITY]
    codes = {f["code"] for f in graded["marco"]}
    assert {"redefined_check", "overruled_verdict"} <= codes, codes
