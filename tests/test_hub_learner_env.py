"""The hub's configuration starts learners' servers from the cohort's install (no real hub)."""

from __future__ import annotations

import types

from conftest import REPO
from traitlets.config import Config

CONFIG = REPO / "instructor" / "jupyterhub_config.py"


def load(monkeypatch, tmp_path, **env: str) -> Config:
    for name, value in {"SOCIAL_LAB_EXCHANGE": str(tmp_path / "exchange"),
                        "SOCIAL_LAB_LEARNER_CONFIG": str(tmp_path / "learner-config"),
                        "SOCIAL_LAB_TRAINERS": "trainer", **env}.items():
        monkeypatch.setenv(name, value)
    config = Config()
    exec(compile(CONFIG.read_text(encoding="utf-8"), str(CONFIG), "exec"),
         {"get_config": lambda: config, "__file__": str(CONFIG)})
    return config


def spawner(name: str) -> types.SimpleNamespace:
    return types.SimpleNamespace(user=types.SimpleNamespace(name=name), cmd=None,
                                 environment={"PATH": "/usr/bin"}, notebook_dir="")


def test_learners_run_from_the_cohort_env_and_trainers_from_the_full_install(
        monkeypatch, tmp_path):
    config = load(monkeypatch, tmp_path, SOCIAL_LAB_LEARNER_ENV="/opt/social-lab/learners")
    assert "SOCIAL_LAB_COHORT" not in config.Spawner.environment
    learner, trainer = spawner("anna"), spawner("trainer")
    config.Spawner.pre_spawn_hook(learner)
    config.Spawner.pre_spawn_hook(trainer)
    assert learner.cmd == ["/opt/social-lab/learners/bin/jupyterhub-singleuser"]
    assert learner.environment["PATH"].split(":")[0] == "/opt/social-lab/learners/bin"
    assert trainer.cmd is None and trainer.environment["PATH"] == "/usr/bin"
    assert trainer.notebook_dir


def test_without_a_learner_env_the_hub_says_learners_can_read_the_answers(
        monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("SOCIAL_LAB_LEARNER_ENV", raising=False)
    monkeypatch.delenv("SOCIAL_LAB_LEARNER_IMAGE", raising=False)
    config = load(monkeypatch, tmp_path)
    assert "learners run in the trainer's full install" in capsys.readouterr().err
    learner = spawner("anna")
    config.Spawner.pre_spawn_hook(learner)
    assert learner.cmd is None
