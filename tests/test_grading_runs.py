"""`social-lab grade` runs: a worker killed and replaced, an interrupted run resumed, English.

A small English course is graded without containment (``--no-containment``) and without
the kernel zygote, so these tests also show that the run degrades gracefully, says so, and
that kernels started from the kernelspec work as well.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest
from test_grading_cohort import MODULE, SOCIAL_LAB, course_env, grade, make_course, state_of

from lab_helpers.grading import synthetic

LIMITS = ("--cell-timeout", "30", "--notebook-timeout", "30", "--no-containment", "--lang", "en")
# grace -20 s: a worker is killed 10 s after its notebook started (before the 30 s cell
# limit); no zygote: kernels start from the kernelspec, as when the zygote cannot start
GRACE = {"SOCIAL_LAB_GRADING_GRACE": "-20", "SOCIAL_LAB_GRADING_ZYGOTE": "0"}
# one worker of pytest-xdist runs every test here: the course is graded once
pytestmark = pytest.mark.xdist_group("grading-runs")


@pytest.fixture(scope="module")
def english(tmp_path_factory, nbgrader_course):
    root = tmp_path_factory.mktemp("grading-en") / "course"
    released, source = make_course(nbgrader_course, root, "en")
    name = f"{MODULE}.en"
    good = synthetic.solved(released, source)
    synthetic.submit(root, "a-stuck", MODULE, {f"{name}.ipynb": synthetic.replace_answer(
        good, "answer_total_population", "while True:\n    pass")})
    synthetic.submit(root, "b-solved", MODULE, {f"{name}.ipynb": good})
    result = grade(root, "en", "--workers", "1", *LIMITS, env_extra=GRACE)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"root": root, "out": result.stdout, "good": good, "name": name}


def test_a_worker_over_the_notebook_limit_is_killed_and_replaced(english):
    state = state_of(english["root"])["students"]
    assert state["a-stuck"]["status"] == "not_graded"
    assert state["a-stuck"]["faults"][0]["code"] == "notebook_timeout_hard"
    assert state["b-solved"]["status"] == "graded", state  # by the replacement worker
    assert state["b-solved"]["score"] == state["b-solved"]["max_score"] - 3  # reflection: 3


def test_without_containment_the_run_says_so_in_english(english):
    assert "Not enforced on this machine" in english["out"]
    assert "Grading took longer than 10 s and was stopped" in english["out"]
    state = state_of(english["root"])
    assert "network" in state["containment"]["skipped"]
    html = (english["root"] / "reports" / MODULE / "report.html").read_text()
    assert "Discrimination" in html


def test_an_interrupted_run_resumes_where_it_stopped(english):
    root = english["root"]
    for number in range(4):
        synthetic.submit(root, f"c-more-{number}", MODULE,
                         {f"{english['name']}.ipynb": english["good"]})
    env = dict(course_env("en"), **GRACE)
    process = subprocess.Popen([SOCIAL_LAB, "grade", "00", "--course", str(root), "--workers",
                                "1", *LIMITS], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    path = root / ".social-lab" / "grading" / MODULE / "state.json"
    while time.monotonic() < deadline:
        done = json.loads(path.read_text())["students"] if path.exists() else {}
        if sum(s.startswith("c-more") for s in done) >= 1:
            break
        time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, _err = process.communicate(timeout=120)
    assert process.returncode == 130, out
    assert "Interrupted" in out
    first = {s for s in state_of(root)["students"] if s.startswith("c-more")}
    assert 1 <= len(first) < 4
    again = grade(root, "en", "--workers", "2", *LIMITS, env_extra=GRACE)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"{4 - len(first)} to grade" in again.stdout
    state = state_of(root)["students"]
    assert all(state[f"c-more-{n}"]["status"] == "graded" for n in range(4))


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "The gradebook does not know the module 99-unreleased yet"),
    ("it", "Il registro dei voti non conosce ancora il modulo 99-unreleased")])
def test_a_module_not_released_is_explained_by_the_worker_that_read_the_course(english, lang,
                                                                              words):
    result = subprocess.run([SOCIAL_LAB, "grade", "99-unreleased", "--course", str(english["root"]),
                             "--workers", "1", "--no-containment", "--lang", lang],
                            env=course_env("en"), capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout[-2000:] + result.stderr[-2000:]
    assert words in result.stderr and "Traceback" not in result.stderr, result.stderr
