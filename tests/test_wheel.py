"""The wheel alone (not the checkout) holds everything `social-lab` needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from conftest import REPO

LAB_DOMAINS = ["jupyterlab", "notebook", "jupyterlab_widgets"]


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


# under pytest-xdist, the real-environment tests (hub, browser, wheel) run one after the
# other on one worker, never two of them at once
pytestmark = pytest.mark.xdist_group("real-environment")


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_builds_a_workspace(tmp_path):
    dist = tmp_path / "dist"
    sh(sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO), cwd=tmp_path)
    wheel = next(dist.glob("social_innovation_lab-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("lab_helpers/cli.py", "lab_helpers/locale/it/LC_MESSAGES/checks.po",
                   "lab_helpers/_content/datasets/datapackage.json",
                   "lab_helpers/_content/datasets/districts.csv",
                   "lab_helpers/_content/modules/00-getting-started/00-getting-started.it.ipynb",
                   "lab_helpers/_content/modules/00-getting-started/00-getting-started.en.ipynb",
                   "social_lab_jupyterlab_it/__init__.py",
                   *(f"social_lab_jupyterlab_it/locale/it_IT/LC_MESSAGES/{domain}.json"
                     for domain in LAB_DOMAINS)):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "instructor/")) for n in names)

    env_dir = tmp_path / "fresh"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = dict(os.environ, HOME=str(tmp_path / "home"),
               PIP_CACHE_DIR=os.path.join(os.environ.get("SOCIAL_LAB_REAL_HOME") or
                                          str(tmp_path), ".cache", "pip"))
    env.pop("PYTHONPATH", None)
    sh(str(python), "-m", "pip", "install", "--quiet", str(wheel), cwd=tmp_path, env=env)
    where = sh(str(python), "-c", "import lab_helpers; print(lab_helpers.__file__)",
               cwd=tmp_path, env=env)
    assert str(env_dir) in where, "lab_helpers must come from the wheel, not the checkout"
    ws = tmp_path / "ws"
    sh(str(env_dir / "bin" / "social-lab"), "refresh", "--lang", "it", "--dir", str(ws),
       cwd=tmp_path, env=env)
    assert (ws / "00-getting-started" / "00-getting-started.it.ipynb").exists()
    rows = sh(str(python), "-c", "from lab_helpers import load_dataset; "
              "print(len(load_dataset('districts')))", cwd=tmp_path, env=env)
    assert rows.strip() == "30"
    # jupyterlab_server finds the wheel's Italian for JupyterLab and merges it into the pack
    probe = ("import json; from jupyterlab_server.translation_utils import get_language_pack; "
             "data, message = get_language_pack('it_IT'); "
             "print(json.dumps({'message': message, 'data': data}))")
    answer = json.loads(sh(str(python), "-c", probe, cwd=tmp_path, env=env))
    assert answer["message"] == ""
    for domain in LAB_DOMAINS:
        ours = json.loads((REPO / "social_lab_jupyterlab_it/locale/it_IT/LC_MESSAGES" /
                           f"{domain}.json").read_text(encoding="utf-8"))
        assert {key: answer["data"][domain][key] for key in ours} == ours, domain
