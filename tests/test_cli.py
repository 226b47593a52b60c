"""The social-lab command: translated errors, module list, and a real JupyterLab start."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from lab_server import start_lab, stop, wait_for_http

from lab_helpers import cli, progress_store
from lab_helpers.checks import module_problems

SOCIAL_LAB = str(Path(sys.executable).parent / "social-lab")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([SOCIAL_LAB, *args], capture_output=True, text=True, timeout=120,
                          env=env)


@pytest.mark.parametrize(("lang", "words"), [("en", "Unknown language"),
                                             ("it", "Lingua sconosciuta")])
def test_unknown_language_is_explained_in_the_locale_language(lang, words, tmp_path):
    env = dict(os.environ, LANG="it_IT.UTF-8" if lang == "it" else "en_GB.UTF-8")
    env.pop("LC_ALL", None)
    result = run("modules", "--lang", "fr", "--dir", str(tmp_path), env=env)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "There is no module"),
                                             ("it", "Non esiste un modulo")])
def test_unknown_module_lists_the_modules(lang, words, tmp_path):
    result = run("start", "--module", "gettin-started", "--lang", lang, "--dir",
                 str(tmp_path / "ws"), "--no-browser")
    assert result.returncode == 2
    assert words in result.stderr and "00-getting-started" in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "cannot be written"),
                                             ("it", "Non è possibile scrivere")])
def test_unwritable_workspace_is_explained(lang, words, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = run("refresh", "--lang", lang, "--dir", str(blocker / "ws"))
    assert result.returncode == 2
    assert words in result.stderr and "--dir" in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "already in use"), ("it", "già occupata")])
def test_port_in_use_is_explained(lang, words, tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("start", "--no-browser", "--port", str(port), "--lang", lang,
                     "--dir", str(tmp_path / "ws"))
    assert result.returncode == 2
    assert words in result.stderr and "--port" in result.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "missing"), ("it", "Mancano")])
def test_missing_dependency_is_explained(lang, words, monkeypatch, capsys):
    monkeypatch.setattr(cli, "REQUIRED", (*cli.REQUIRED, "a_package_that_is_not_there"))
    assert cli.main(["modules", "--lang", lang]) == 3
    err = capsys.readouterr().err
    assert words in err and "a_package_that_is_not_there" in err and "pip install" in err


def test_modules_lists_titles_minutes_and_status(tmp_path):
    ws = tmp_path / "ws"
    assert run("refresh", "--lang", "it", "--dir", str(ws)).returncode == 0
    listing = run("modules", "--lang", "it", "--dir", str(ws)).stdout
    assert "00-getting-started" in listing and "da iniziare" in listing
    total = len(module_problems("m00"))
    assert re.search(rf"00-getting-started\s+\d{{2,3}}\s+0/{total}\s", listing)
    progress_store.record("m00.total_population", "incorrect", ws)  # a first check
    assert re.search(rf"0/{total}\s+iniziato",
                     run("modules", "--lang", "it", "--dir", str(ws)).stdout)
    for problem in module_problems("m00"):
        progress_store.record(problem.id, "correct", ws)
    english = run("modules", "--lang", "en", "--dir", str(ws)).stdout
    assert re.search(rf"{total}/{total}\s+completed\s+Getting started", english, re.I)


def redirect_of(url: str) -> str:
    """Where a server sends a request for ``url`` (without following it)."""
    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(Stay).open(url, timeout=30)
    except urllib.error.HTTPError as error:
        return error.headers["Location"]
    raise AssertionError(f"{url} was not redirected")


def test_jupyterlab_reads_the_file_browser_folder_from_the_address():
    import jupyterlab

    static = Path(jupyterlab.__file__).parent / "static"
    assert any(f'"{cli.FILE_BROWSER_PATH}"' in js.read_text(encoding="utf-8", errors="ignore")
               for js in static.glob("*.js"))


@pytest.mark.slow
def test_start_serves_jupyterlab_and_keeps_the_learners_edit(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    ws = home / "social-innovation-lab"
    proc, url = start_lab(ws, home, "it")
    try:
        token = re.search(r"token=(\w+)", url).group(1)
        port = url.split(":")[2].split("/")[0]
        assert wait_for_http(f"http://127.0.0.1:{port}/lab?token={token}") == 200
        assert wait_for_http(url) == 200  # the module's own page
        # the address, and the server's own start page, open the module's notebook with
        # the file browser at the workspace's top folder, where every module is
        notebook = "/lab/tree/00-getting-started/00-getting-started.it.ipynb"
        for address in (url, redirect_of(f"http://127.0.0.1:{port}/?token={token}")):
            parts = urllib.parse.urlsplit(address)
            assert parts.path == notebook
            assert urllib.parse.parse_qs(parts.query)[cli.FILE_BROWSER_PATH] == ["/"]
        # the learner sees the address, not the server's and the kernels' messages
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/kernels", data=b"{}",
                                         method="POST",
                                         headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:  # as a notebook does
            assert response.status == 201
        time.sleep(3)  # the kernel's start-up warnings reach the server's output
    finally:
        printed = stop(proc)
    for noise in ("without encryption", "course directory", "Traceback", "[I ", "[W "):
        assert noise not in printed, noise
    log = (ws / ".social-lab" / "jupyterlab.log").read_text(encoding="utf-8")
    assert "Jupyter Server" in log and "Kernel started" in log
    nb_path = ws / "00-getting-started" / "00-getting-started.it.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    assert not any("BEGIN SOLUTION" in c.source for c in nb.cells)
    settings = ws / ".social-lab/jupyterlab/user-settings/@jupyterlab/translation-extension"
    assert "it_IT" in (settings / "plugin.jupyterlab-settings").read_text()
    answer = next(c for c in nb.cells if c.cell_type == "code"
                  and c.metadata.get("nbgrader", {}).get("solution"))
    answer.source = "# my own answer\n" + answer.source
    nbformat.write(nb, nb_path)

    proc, url = start_lab(ws, home, "it")
    try:
        assert wait_for_http(url) == 200
    finally:
        stop(proc)
    assert "# my own answer" in nb_path.read_text()


def test_the_workspace_keeps_its_language_until_told_otherwise(tmp_path):
    ws = tmp_path / "ws"  # the computer speaks English (C.UTF-8): the workspace, Italian
    assert run("refresh", "--lang", "it", "--dir", str(ws)).returncode == 0
    again = run("refresh", "--dir", str(ws))
    assert again.returncode == 0 and "La tua cartella di lavoro è pronta" in again.stdout
    assert list(ws.glob("*/*.it.ipynb")) and not list(ws.glob("*/*.en.ipynb"))
    checked = run("check", "00", "--dir", str(ws))
    assert checked.returncode == 0, checked.stderr
    assert "00-getting-started.it.ipynb" in checked.stdout
    assert "esercizi corretti su" in checked.stdout
    switched = run("refresh", "--lang", "en", "--dir", str(ws))
    assert "now in English (it was in Italian)" in switched.stdout
    assert list(ws.glob("*/*.en.ipynb"))
    assert "Your workspace is ready" in run("refresh", "--dir", str(ws)).stdout


def test_a_reader_that_stops_early_ends_the_listing_quietly(tmp_path):
    ws = tmp_path / "ws"
    assert run("refresh", "--lang", "en", "--dir", str(ws)).returncode == 0
    read, write = os.pipe()
    os.close(read)  # as in `social-lab modules | head -2`, once head has its two lines
    try:
        result = subprocess.run([SOCIAL_LAB, "modules", "--dir", str(ws)], stdout=write,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write)
    assert result.stderr == ""


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("usage: ", "error: the following arguments are required: MODULE",
            "invalid choice: 'modulez'", "show this help message and exit", "options:")),
    ("it", ("uso: ", "errore: mancano questi argomenti obbligatori: MODULO",
            "scelta non valida: 'modulez'", "mostra questo aiuto ed esce", "opzioni:"))])
def test_the_command_lines_own_messages_speak_the_learners_language(lang, words, tmp_path):
    usage, required, choice, help_text, options = words
    missing = run("check", "--lang", lang)
    assert missing.returncode == 2 and missing.stderr.startswith(usage)
    assert required in missing.stderr
    unknown = run("modulez", "--lang", lang)
    assert unknown.returncode == 2 and choice in unknown.stderr
    shown = run("check", "--lang", lang, "--help")
    assert shown.stdout.startswith(usage) and help_text in shown.stdout
    assert options in shown.stdout
    if lang == "it":  # nothing of argparse's English is left
        for english in ("usage:", "required", "invalid choice", "show this help", "options:"):
            assert english not in missing.stderr + unknown.stderr + shown.stdout
        ws = tmp_path / "ws"  # an Italian workspace: its language, without --lang
        assert run("refresh", "--lang", "it", "--dir", str(ws)).returncode == 0
        assert required in run("check", "--dir", str(ws)).stderr


@pytest.mark.parametrize("verb", ["modules", "progress"])
@pytest.mark.parametrize(("lang", "words"), [("en", "There is no workspace in"),
                                             ("it", "Non c'è una cartella di lavoro in")])
def test_a_folder_without_a_workspace_is_said_so(verb, lang, words, tmp_path):
    typo = tmp_path / "my-labb"
    result = run(verb, "--lang", lang, "--dir", str(typo))
    assert result.returncode == 2, result.stdout
    assert words in result.stderr and f"social-lab start --dir {typo}" in result.stderr
    assert "not started" not in result.stdout and "da iniziare" not in result.stdout
    assert not typo.exists()
