"""JupyterHub for a Social Innovation Lab cohort: trainers and learners as hub users.

Start it from this folder (``jupyterhub -f jupyterhub_config.py``). Everything a region
changes is an environment variable:

    SOCIAL_LAB_TRAINERS   comma-separated hub users who grade (default: trainer)
    SOCIAL_LAB_LEARNERS   comma-separated hub users who learn (empty: anyone who logs in)
    SOCIAL_LAB_EXCHANGE   nbgrader's shared exchange folder (default: /srv/nbgrader/exchange)
    SOCIAL_LAB_COURSE_ROOT  the trainers' course folder (default: this folder)
    SOCIAL_LAB_COURSE_LANG  it or en: the language the course releases (default: it)
    SOCIAL_LAB_HUB_IP / SOCIAL_LAB_HUB_PORT   where the hub listens (default 127.0.0.1:8000)
    SOCIAL_LAB_LEARNER_ENV  the learners' Python environment, where the cohort's wheel
                            (``social-lab cohort-wheel``) is installed: no solutions, hidden
                            tests or answer keys. Unset: learners run in the hub's own
                            environment, the trainer's full install (the hub says so).
    SOCIAL_LAB_LEARNER_IMAGE  on Kubernetes (KubeSpawner), the learners' image, built with
                            the cohort's wheel; trainers keep the hub's default image

The hub's Python need not have the course installed, so this file reads these itself;
lab_helpers/settings.py describes them with the course's other settings.

Authentication and spawning are left to the installation (The Littlest JupyterHub's
defaults, or Zero to JupyterHub on Kubernetes): see DEPLOYMENT.md.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

HERE = Path(__file__).resolve().parent
TRAINERS = {u for u in os.environ.get("SOCIAL_LAB_TRAINERS", "trainer").split(",") if u}
LEARNERS = {u for u in os.environ.get("SOCIAL_LAB_LEARNERS", "").split(",") if u}
EXCHANGE = Path(os.environ.get("SOCIAL_LAB_EXCHANGE", "/srv/nbgrader/exchange"))
COURSE_ROOT = Path(os.environ.get("SOCIAL_LAB_COURSE_ROOT", HERE))
COURSE_ID = os.environ.get("SOCIAL_LAB_COURSE_ID", "social-innovation-lab")
LANG = os.environ.get("SOCIAL_LAB_COURSE_LANG", "it")
LEARNER_ENV = os.environ.get("SOCIAL_LAB_LEARNER_ENV", "")
LEARNER_IMAGE = os.environ.get("SOCIAL_LAB_LEARNER_IMAGE", "")
if not (LEARNER_ENV or LEARNER_IMAGE):
    print("social-lab: SOCIAL_LAB_LEARNER_ENV is not set: learners run in the trainer's full "
          "install, where solutions and answer keys are readable (DEPLOYMENT.md, step 2)",
          file=sys.stderr)

c.JupyterHub.ip = os.environ.get("SOCIAL_LAB_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SOCIAL_LAB_HUB_PORT", "8000"))
c.Authenticator.admin_users = TRAINERS
if LEARNERS:
    c.Authenticator.allowed_users = TRAINERS | LEARNERS

# nbgrader's exchange: every user must be able to write it.
EXCHANGE.mkdir(parents=True, exist_ok=True)
EXCHANGE.chmod(0o777)

# What a learner's server needs: the course id and the exchange (an nbgrader_config.py
# found through JUPYTER_CONFIG_PATH), the course's language, and the cohort's install.
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
    "SOCIAL_LAB_COURSE_LANG": LANG,
    "SOCIAL_LAB_LANG": LANG,
    "SOCIAL_LAB_EXCHANGE": str(EXCHANGE),
    "SOCIAL_LAB_COURSE_ID": COURSE_ID,
}


def trainers_open_the_course(spawner) -> None:
    """A trainer's server opens in the course folder, where nbgrader_config.py lives, with
    the full install; a learner's runs in the cohort's install (no answers in its files)."""
    if spawner.user.name in TRAINERS:
        spawner.notebook_dir = str(COURSE_ROOT)
        # nbgrader finds the course's nbgrader_config.py on the Jupyter config path
        spawner.environment = dict(spawner.environment,
                                   SOCIAL_LAB_COURSE_ROOT=str(COURSE_ROOT),
                                   JUPYTER_CONFIG_PATH=str(COURSE_ROOT))
        return
    if LEARNER_ENV:  # its jupyterhub-singleuser, and its kernels (first on the PATH)
        bin_dir = Path(LEARNER_ENV) / "bin"
        spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
        path = spawner.environment.get("PATH") or os.environ.get("PATH", "")
        spawner.environment = dict(spawner.environment, PATH=f"{bin_dir}{os.pathsep}{path}",
                                   VIRTUAL_ENV=str(LEARNER_ENV))
    if LEARNER_IMAGE:
        spawner.image = LEARNER_IMAGE  # KubeSpawner's per-user image


c.Spawner.pre_spawn_hook = trainers_open_the_course
