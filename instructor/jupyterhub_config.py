"""JupyterHub for a Social Innovation Lab cohort: trainers and learners as hub users.

Start it from this folder (``jupyterhub -f jupyterhub_config.py``). Everything a region
changes is an environment variable:

    SOCIAL_LAB_TRAINERS   comma-separated hub users who grade (default: trainer)
    SOCIAL_LAB_LEARNERS   comma-separated hub users who learn (empty: anyone who logs in)
    SOCIAL_LAB_EXCHANGE   nbgrader's shared exchange folder (default: /srv/nbgrader/exchange)
    SOCIAL_LAB_COURSE_ROOT  the trainers' course folder (default: this folder)
    SOCIAL_LAB_COURSE_LANG  it or en: the language the course releases (default: it)
    SOCIAL_LAB_HUB_IP / SOCIAL_LAB_HUB_PORT   where the hub listens (default 127.0.0.1:8000)

The hub's Python need not have the course installed, so this file reads these itself;
lab_helpers/settings.py describes them with the course's other settings.

Authentication and spawning are left to the installation (The Littlest JupyterHub's
defaults, or Zero to JupyterHub on Kubernetes): see DEPLOYMENT.md.
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent
TRAINERS = {u for u in os.environ.get("SOCIAL_LAB_TRAINERS", "trainer").split(",") if u}
LEARNERS = {u for u in os.environ.get("SOCIAL_LAB_LEARNERS", "").split(",") if u}
EXCHANGE = Path(os.environ.get("SOCIAL_LAB_EXCHANGE", "/srv/nbgrader/exchange"))
COURSE_ROOT = Path(os.environ.get("SOCIAL_LAB_COURSE_ROOT", HERE))
COURSE_ID = os.environ.get("SOCIAL_LAB_COURSE_ID", "social-innovation-lab")
LANG = os.environ.get("SOCIAL_LAB_COURSE_LANG", "it")

c.JupyterHub.ip = os.environ.get("SOCIAL_LAB_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SOCIAL_LAB_HUB_PORT", "8000"))
c.Authenticator.admin_users = TRAINERS
if LEARNERS:
    c.Authenticator.allowed_users = TRAINERS | LEARNERS

# nbgrader's exchange: every user must be able to write it.
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o777)

# What a learner's server needs: the course id and the exchange (an nbgrader_config.py
# found through JUPYTER_CONFIG_PATH), solutions turned off, and the course's language.
LEARNER_CONFIG = Path(os.environ.get("SOCIAL_LAB_LEARNER_CONFIG", HERE / "learner-config"))
LEARNER_CONFIG.mkdir(parents=True, exist_ok=True)
# Submissions carry the learner's hub name (not the Unix account's, e.g. jupyter-anna).
(LEARNER_CONFIG / "nbgrader_config.py").write_text(
    "import os\n"
    "c = get_config()  # noqa: F821\n"
    f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
    f"c.Exchange.root = {str(EXCHANGE)!r}\n"
    "c.CourseDirectory.student_id = os.environ.get('JUPYTERHUB_USER', '*')\n",
    encoding="utf-8")

c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": str(LEARNER_CONFIG),
    "SOCIAL_LAB_COHORT": "1",  # solution() is off for the cohort; hints stay on
    "SOCIAL_LAB_COURSE_LANG": LANG,
    "SOCIAL_LAB_LANG": LANG,
    "SOCIAL_LAB_EXCHANGE": str(EXCHANGE),
    "SOCIAL_LAB_COURSE_ID": COURSE_ID,
}


def trainers_open_the_course(spawner) -> None:
    """A trainer's server opens in the course folder, where nbgrader_config.py lives."""
    if spawner.user.name in TRAINERS:
        spawner.notebook_dir = str(COURSE_ROOT)
        # nbgrader finds the course's nbgrader_config.py on the Jupyter config path
        spawner.environment = dict(spawner.environment, SOCIAL_LAB_COHORT="0",
                                   SOCIAL_LAB_COURSE_ROOT=str(COURSE_ROOT),
                                   JUPYTER_CONFIG_PATH=str(COURSE_ROOT))


c.Spawner.pre_spawn_hook = trainers_open_the_course
