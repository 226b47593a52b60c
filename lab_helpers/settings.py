"""The course's environment settings, read in one place.

Every ``SOCIAL_LAB_*`` variable, and nbgrader's ``NBGRADER_EXECUTION``, has here a
constant with its name (for whoever writes it into a process's environment) and one
accessor that reads it. Accessors read the environment each time they are called, never
once at import: ``social-lab``, the grading worker, a test or a trainer may set a variable
while the process runs. No other module of ``lab_helpers`` reads these variables
(``tests/test_architecture.py`` checks it).

The hub's own settings are read by ``instructor/jupyterhub_config.py`` itself, because the
hub's Python need not have the course installed: ``SOCIAL_LAB_TRAINERS`` and
``SOCIAL_LAB_LEARNERS`` (comma-separated hub users), ``SOCIAL_LAB_HUB_IP`` and
``SOCIAL_LAB_HUB_PORT`` (where the hub listens), ``SOCIAL_LAB_LEARNER_CONFIG`` (the folder
of the learners' nbgrader_config.py). It reads the course settings below too, and passes
them on to the servers it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

# A learner's notebook and the ``social-lab`` command
LANG = "SOCIAL_LAB_LANG"
WORKSPACE = "SOCIAL_LAB_WORKSPACE"
MODE = "SOCIAL_LAB_MODE"
NBGRADER_EXECUTION = "NBGRADER_EXECUTION"
# The nbgrader course (instructor/nbgrader_config.py)
COURSE_ROOT = "SOCIAL_LAB_COURSE_ROOT"
COURSE_LANG = "SOCIAL_LAB_COURSE_LANG"
COURSE_ID = "SOCIAL_LAB_COURSE_ID"
EXCHANGE = "SOCIAL_LAB_EXCHANGE"
# ``social-lab grade``: its pool, its workers and their grading kernels
CONTAINMENT = "SOCIAL_LAB_CONTAINMENT"
GRADING_MODULE = "SOCIAL_LAB_GRADING_MODULE"
MPL_CACHE = "SOCIAL_LAB_MPL_CACHE"
GRADING_GRACE = "SOCIAL_LAB_GRADING_GRACE"
GRADING_ZYGOTE = "SOCIAL_LAB_GRADING_ZYGOTE"
GRADING_VARS = "SOCIAL_LAB_GRADING_VARS"
GRADING_SETTINGS = "SOCIAL_LAB_GRADING_SETTINGS"
GRADING_PROBES = "SOCIAL_LAB_GRADING_PROBES"
# The test suite
REQUIRE_CONTAINMENT = "SOCIAL_LAB_REQUIRE_CONTAINMENT"

_YES = ("1", "true", "yes", "on")


def language() -> str:
    """SOCIAL_LAB_LANG: the language of messages when none was chosen ("" if unset).

    Set by ``social-lab start`` for the JupyterLab it opens, and by the hub for a cohort's
    servers; a learner may set it too. ``i18n.current_language`` checks the value.
    """
    return os.environ.get(LANG, "")


def workspace() -> Path | None:
    """SOCIAL_LAB_WORKSPACE: the learner's workspace folder (None if unset).

    Set by ``social-lab start`` for the JupyterLab it opens, so that checks find the
    progress file; a learner may set it to keep the workspace elsewhere than the default
    folder in the home.
    """
    value = os.environ.get(WORKSPACE)
    return Path(value) if value else None


# Written into a cohort's install by ``social-lab cohort-wheel``; never in a full install.
COHORT_INSTALL = Path(__file__).resolve().parent / "cohort_install.json"


def cohort_mode() -> bool:
    """True in a cohort's install (``social-lab cohort-wheel``): a course's learner, whose
    install holds no solutions, hidden tests or answer keys, so there are none to show.

    Fixed when the package is built, not read from the environment: nothing a learner's
    kernel sets turns it off, and a full install (trainers', self-learners') has no cohort
    mode at all.
    """
    return COHORT_INSTALL.is_file()


def nbgrader_execution() -> str:
    """NBGRADER_EXECUTION: "autograde" or "validate" while nbgrader runs a notebook, else "".

    Set by nbgrader in the kernels it starts, and by ``execute_notebook(grading=True)``;
    the grading kernel's guard puts it back if student code changed it.
    """
    return os.environ.get(NBGRADER_EXECUTION, "")


def grading() -> bool:
    """True when nbgrader executes the notebook, or a trainer asks for grading mode.

    nbgrader sets NBGRADER_EXECUTION; a trainer sets SOCIAL_LAB_MODE=grading to see a
    notebook as the autograder does. Then a failed check raises ``CheckFailed`` and no
    progress is recorded.
    """
    return bool(nbgrader_execution()) or os.environ.get(MODE, "").lower() == "grading"


def course_root(default: Path) -> Path:
    """SOCIAL_LAB_COURSE_ROOT: the trainers' nbgrader course folder (``default`` if unset).

    Set by a trainer whose course folder is not the one of nbgrader_config.py, and by the
    hub for trainers' servers.
    """
    return Path(os.environ.get(COURSE_ROOT, default))


def course_language() -> str:
    """SOCIAL_LAB_COURSE_LANG: the language a course releases, as written ("it" if unset).

    Set by the trainer (``export SOCIAL_LAB_COURSE_LANG=en`` for an English cohort) and by
    the hub; nbgrader_config.py checks the value.
    """
    return os.environ.get(COURSE_LANG, "it")


def course_id() -> str:
    """SOCIAL_LAB_COURSE_ID: nbgrader's course id ("social-innovation-lab" if unset).

    Set by the hub for every server, from the hub's own environment.
    """
    return os.environ.get(COURSE_ID, "social-innovation-lab")


def exchange(default: Path) -> Path:
    """SOCIAL_LAB_EXCHANGE: nbgrader's shared exchange folder (``default`` if unset).

    Set by the trainer (the guide's first step) and by the hub for every server.
    """
    return Path(os.environ.get(EXCHANGE, default))


def containment() -> str | None:
    """SOCIAL_LAB_CONTAINMENT: what a grading kernel must enforce, as JSON (None if unset).

    Set by each grading worker for the kernels it starts (``Containment.to_env``); the
    kernel removes it once it is confined.
    """
    return os.environ.get(CONTAINMENT)


def grading_module() -> str:
    """SOCIAL_LAB_GRADING_MODULE: the number of the module being graded ("" if unset).

    Set by each grading worker for its kernels, whose guard loads that module's exercises
    before student code runs.
    """
    return os.environ.get(GRADING_MODULE, "")


def mpl_cache() -> Path | None:
    """SOCIAL_LAB_MPL_CACHE: matplotlib's font cache, to copy into each kernel (None if unset).

    Set by each grading worker once it has built the cache, for its zygote and kernels.
    """
    value = os.environ.get(MPL_CACHE)
    return Path(value) if value else None


def grading_grace(default: int) -> int:
    """SOCIAL_LAB_GRADING_GRACE: seconds past the notebook limit before a worker is killed.

    ``default`` if unset. Set by the tests, to reach the limit quickly.
    """
    return int(os.environ.get(GRADING_GRACE, default))


def grading_zygote() -> bool:
    """SOCIAL_LAB_GRADING_ZYGOTE: False when set to 0; kernels then start the ordinary way.

    On by default: each grading worker forks its kernels from a zygote. Set to 0 by the
    tests that need kernels started as nbgrader starts them.
    """
    return os.environ.get(GRADING_ZYGOTE, "1") != "0"


def _json_mapping(name: str) -> dict[str, object]:
    """The JSON object in environment variable ``name`` (empty when unset or not an object)."""
    import json

    try:
        found = json.loads(os.environ.get(name, "") or "{}")
    except ValueError:
        return {}
    return {str(k): v for k, v in found.items()} if isinstance(found, dict) else {}


def grading_vars() -> dict[str, str]:
    """SOCIAL_LAB_GRADING_VARS: exercise id -> the notebook variable it checks, as JSON.

    Set by the grading pipeline for its kernels, which cannot read the exercises (they are
    hidden from student code): ``check`` records the variable it names for the grader.
    """
    return {k: str(v) for k, v in _json_mapping(GRADING_VARS).items()}


def grading_settings() -> dict[str, list[str]]:
    """SOCIAL_LAB_GRADING_SETTINGS: exercise id -> the notebook settings it depends on, as JSON.

    Set beside SOCIAL_LAB_GRADING_VARS for exercises whose expected value follows a setting
    (module 09's ``DISTRICT``): ``check`` records the settings' values with the answer.
    """
    return {k: [str(n) for n in v] for k, v in _json_mapping(GRADING_SETTINGS).items()
            if isinstance(v, list)}


def grading_probes() -> dict[str, dict]:
    """SOCIAL_LAB_GRADING_PROBES: exercise id -> how to call a function answer, as JSON.

    Set beside SOCIAL_LAB_GRADING_VARS for exercises whose answer is a function (module 06's
    view of the dashboard): the kernel records its results on those cases.
    """
    return {k: v for k, v in _json_mapping(GRADING_PROBES).items() if isinstance(v, dict)}


def require_containment() -> bool:
    """SOCIAL_LAB_REQUIRE_CONTAINMENT=1 (or true, yes, on): containment must be there.

    Set by CI (``.ci/run``): the test that graded code cannot reach the network, other
    learners' work or the gradebook then fails, instead of being skipped, on a machine
    that does not allow containment.
    """
    return os.environ.get(REQUIRE_CONTAINMENT, "").strip().lower() in _YES
