"""The learner in JupyterLab under a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from lab_server import start_lab, stop, wait_for_http
from quoted_labels import QUOTED

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# under pytest-xdist, the real-environment tests (hub, browser, wheel) run one after the
# other on one worker, never two of them at once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("real-environment"), pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium comes from .ci/run: apt-get install chromium")]


@pytest.fixture
def lab(tmp_path, request):
    """A running `social-lab start --no-browser` and a browser page, per language."""
    lang = request.param
    home = tmp_path / "home"
    home.mkdir()
    ws = home / "social-innovation-lab"
    # render every cell (JupyterLab otherwise detaches cells scrolled out of view)
    tracker = ws / ".social-lab/jupyterlab/user-settings/@jupyterlab/notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    proc, url = start_lab(ws, home, lang)
    wait_for_http(url)
    errors: list[str] = []
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "&reset")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
        try:
            yield page, lang, errors
        except BaseException:
            raise
        finally:
            report = getattr(request.node, "rep_call", None)
            if report is None or report.failed:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
            browser.close()
            stop(proc)


def files_at_the_top_folder(page) -> None:
    """The file browser shows the workspace's top folder: every module, not one inside."""
    from lab_helpers.catalog import list_modules

    for module in list_modules():
        page.locator(".jp-DirListing-item", has_text=module.slug).first.wait_for(
            timeout=30_000)


def wait_idle(page) -> None:
    page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\| (Idle|Inattivo)")).first \
        .wait_for(timeout=90_000)


def run_all(page) -> None:
    wait_idle(page)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^(Run|Esegui)$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(
        r"^(Run All Cells|Esegui tutte le celle)$", re.I)).click()


def code_cell(page, text: str):
    return page.locator(".jp-CodeCell", has_text=text).first


def fixed(page, text: str):
    """The code cell that now holds ``text``, found again by position after it is edited."""
    texts = page.locator(".jp-CodeCell").all_inner_texts()
    return page.locator(".jp-CodeCell").nth(next(i for i, t in enumerate(texts) if text in t))


def type_and_run(page, cell, code: str) -> None:
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.type(code)
    page.keyboard.press("Shift+Enter")  # runs the answer and moves to the check below
    page.keyboard.press("Shift+Enter")  # runs the check


@pytest.mark.parametrize("lab", ["en"], indirect=True)
def test_a_learner_runs_module_00_and_sees_checks_widgets_and_charts(lab):
    page, _lang, errors = lab
    run_all(page)
    # the last cell shows the progress widget: every cell above ran
    page.wait_for_selector(".jp-Cell:last-child .jupyter-widgets", timeout=120_000)
    assert page.locator(".jp-OutputArea-output", has_text="Not attempted yet").count() >= 10
    files_at_the_top_folder(page)
    assert page.locator(".jp-OutputArea-output img").count() >= 1  # the worked chart
    answer = fixed(page, "piedmont_municipalities = (")
    type_and_run(page, answer, "piedmont_municipalities = 1180")
    check = code_cell(page, 'check("m00.piedmont_municipalities")')
    check.locator(".jp-OutputArea-output", has_text="Correct").wait_for(timeout=30_000)
    type_and_run(page, answer, "piedmont_municipalities = 1.180")
    check.locator(".jp-OutputArea-output", has_text="Not yet right").wait_for(timeout=30_000)
    shown = check.locator(".jp-OutputArea-output").inner_text()
    assert "1180" not in shown and "1,180" not in shown  # the answer is never revealed
    assert page.locator("text=Create Assignment").count() == 0  # trainers' tools are hidden
    assert errors == [], errors


@pytest.mark.parametrize("lab", ["it"], indirect=True)
def test_the_italian_learner_gets_an_italian_jupyterlab_and_notebook(lab):
    page, _lang, errors = lab
    page.locator(".jp-StatusBar-Widget", has_text="Modalità").first.wait_for(timeout=30_000)
    assert "Nome" in page.locator(".jp-DirListing-header").inner_text()
    files_at_the_top_folder(page)
    page.locator(".jp-RenderedMarkdown h1", has_text="Primi passi").first.wait_for(timeout=30_000)
    answer = fixed(page, "total_population = (")
    wait_idle(page)
    page.locator(".jp-CodeCell", has_text="setup(").first.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    type_and_run(page, answer, "total_population = 5")
    check = code_cell(page, 'check("m00.total_population")')
    check.locator(".jp-OutputArea-output", has_text="Non ancora giusto").wait_for(
        timeout=60_000)
    assert errors == [], errors


# what the learner reads, in each language: the Italian comes from social_lab_jupyterlab_it
MENU_BAR = {"en": ["File", "Edit", "View", "Run", "Kernel", "Tabs", "Settings", "Help"],
            "it": ["File", "Modifica", "Visualizza", "Esegui", "Kernel", "Schede", "Impostazioni",
                   "Aiuto"]}
RUN_MENU = {
    "en": ["Run Selected Cell", "Run Selected Cell and Insert Below",
           "Run Selected Cell and Do not Advance", "Run Selected Text or Current Line in Console",
           "Run All Above Selected Cell", "Run Selected Cell and All Below",
           "Render All Markdown Cells", "Run All Cells", "Restart Kernel and Run All Cells…"],
    "it": ["Esegui la cella selezionata", "Esegui la cella selezionata e inseriscine una sotto",
           "Esegui la cella selezionata senza andare avanti",
           "Esegui nella console il testo selezionato o la riga corrente",
           "Esegui tutte le celle sopra quella selezionata",
           "Esegui la cella selezionata e tutte quelle sotto", "Formatta tutte le celle Markdown",
           "Esegui tutte le celle",
           # JupyterLab joins the labels of "Riavvia il kernel…" and "Esegui tutte le celle"
           "Riavvia il kernel e Esegui tutte le celle…"],
}
FILE_COLUMNS = {"en": ["Name", "Modified"], "it": ["Nome", "Modificato"]}
SAVE_TOOLTIP = {"en": "Save and create checkpoint", "it": "Salva e crea un punto di ripristino"}
STATUS = {"en": "Mode: Command", "it": "Modalità: Comando"}
RESTART = {"en": ("Restart Kernel…", "Restart Kernel?", ["Cancel", "Restart"]),
           "it": ("Riavvia il kernel…", "Riavviare il kernel?", ["Annulla", "Riavvia"])}


def menu_items(page, menu: str) -> list[str]:
    """The item labels of one menu of the menu bar, as shown (separators left out)."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(menu)}$")).click()
    items = page.locator(".lm-Menu:visible .lm-Menu-itemLabel")
    items.first.wait_for(timeout=10_000)
    labels = [label for label in items.all_inner_texts() if label]
    page.keyboard.press("Escape")
    return labels


@pytest.mark.parametrize("lab", ["en", "it"], indirect=True)
def test_jupyterlab_speaks_the_learners_language_and_shows_every_quoted_label(lab):
    page, lang, errors = lab
    assert page.locator(".lm-MenuBar-itemLabel").all_inner_texts() == MENU_BAR[lang]
    assert menu_items(page, MENU_BAR[lang][3]) == RUN_MENU[lang]
    header = page.locator(".jp-DirListing-header").inner_text()
    assert [column.strip() for column in header.splitlines() if column.strip()] == \
        FILE_COLUMNS[lang]
    wait_idle(page)  # the notebook counts as read-only, "Save" disabled, until it is ready
    save = page.locator(".jp-NotebookPanel-toolbar [data-command='docmanager:save']").first
    playwright.expect(save).to_have_attribute(
        "title", re.compile(f"^{re.escape(SAVE_TOOLTIP[lang])}"), timeout=30_000)
    page.locator(".jp-StatusBar-Widget", has_text=STATUS[lang]).first.wait_for(timeout=10_000)
    for quote in QUOTED:  # every menu item a notebook or a message names
        menu, item = quote[lang]
        assert item in menu_items(page, menu), f"{menu} has no item {item!r}"
    command, title, buttons = RESTART[lang]
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
    page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text=re.compile(
        f"^{re.escape(command)}$")).click()
    dialog = page.locator(".jp-Dialog-content")
    assert dialog.locator(".jp-Dialog-header").inner_text().strip() == title
    assert dialog.locator(".jp-Dialog-button").all_inner_texts() == buttons
    page.keyboard.press("Escape")
    assert errors == [], errors
