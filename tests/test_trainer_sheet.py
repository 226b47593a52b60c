"""The trainer's sheet: notes, timing, exercises and every rubric level, printable, in the
course's language."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from lab_helpers import cli
from lab_helpers.catalog import list_modules
from lab_helpers.i18n import _
from lab_helpers.rubrics import reflections
from lab_helpers.trainer_sheet import FRAME, sheet_html

VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}
CASES = [pytest.param(m, lang, id=f"{m.slug}-{lang}") for m in list_modules()
         for lang in ("en", "it")]


class StrictParser(HTMLParser):
    """Fails on an end tag that closes anything but the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.doctype = ""
        self.text: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> StrictParser:
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.errors == [] and parser.stack == [], (parser.errors, parser.stack)
    assert parser.doctype.lower() == "doctype html"
    return parser


def source(module, lang: str):
    return nbformat.read(module.notebooks[lang], as_version=4)


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_the_sheet_is_valid_html_with_a_print_style_for_a4(module, lang):
    page = sheet_html(module, lang)
    parse(page)
    assert f"<html lang='{lang}'>" in page and "<meta charset='utf-8'>" in page
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "size: A4" in style and "@media print" in style
    assert "break-before: page" in style and "page-break-before: always" in style
    parts = page.count("<section class='part'>")
    assert parts == 2 + len(reflections(source(module, lang))), "one part per page group"


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_the_sheet_holds_notes_timing_exercises_and_module_facts(module, lang):
    nb = source(module, lang)
    meta = nb.metadata["social_lab"]
    text = "".join(parse(sheet_html(module, lang)).text)
    for note in meta["trainer_notes"]:
        assert note in text
    for item in (meta["question"], meta["title"], *meta["objectives"], *meta["prerequisites"],
                 *meta["datasets"]):
        assert item in text
    start = 0
    for section in meta["sections"]:
        end = start + section["minutes"]
        assert f"{section['title']}{section['minutes']}{clock(start)} – {clock(end)}" in text
        start = end
    assert start == meta["minutes"]
    graded = [c.metadata["nbgrader"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")]
    auto = sum(g["points"] for g in graded if not g.get("solution"))
    manual = sum(g["points"] for g in graded if g.get("solution"))
    assert _(FRAME["sum"], lang).format(auto=auto, manual=manual, total=auto + manual) in text
    for g in graded:
        if g.get("solution"):
            assert g["grade_id"] in text
    assert text.count(f"m{module.number}.") >= len(graded) - len(reflections(nb))


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_the_sheet_holds_every_rubric_level_with_its_anchors_and_the_model_answer(module, lang):
    nb = source(module, lang)
    page = sheet_html(module, lang)
    text = "".join(parse(page).text)
    for item in reflections(nb):
        assert item.title in text
        for criterion in item.criteria:
            assert criterion in text
        for level in item.levels:
            assert _(FRAME["level"], lang).format(points=level.points, max=item.points) in text
            assert level.descriptor in text
            for anchor in level.anchors:
                assert anchor in text
        # the model answer is rendered from markdown: compare its words, not its markup
        words = "".join(text.split())
        for sentence in item.model_answer.replace("*", "").split(". ")[1:]:
            assert "".join(sentence.replace("#", "").split()) in words


@pytest.mark.parametrize("module", list_modules(), ids=lambda m: m.slug)
def test_the_italian_sheet_has_an_italian_frame(module):
    italian = "".join(parse(sheet_html(module, "it")).text)
    english = "".join(parse(sheet_html(module, "en")).text)
    for key in ("sheet", "question", "timing", "notes", "exercises", "rubric", "anchors",
                "model", "prompt", "private"):
        assert FRAME[key] in english
        assert _(FRAME[key], "it") != FRAME[key] and _(FRAME[key], "it") in italian, key
        assert FRAME[key] not in italian, key


def test_the_command_writes_one_sheet_per_module_in_the_course_language(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOCIAL_LAB_COURSE_LANG", "it")
    assert cli.main(["trainer-sheet", "all", "--out", str(tmp_path / "all")]) == 0
    written = sorted(p.name for p in (tmp_path / "all").iterdir())
    assert written == sorted(f"trainer-sheet-{m.slug}.it.html" for m in list_modules())
    assert "Scheda del formatore salvata" in capsys.readouterr().out
    assert cli.main(["trainer-sheet", "3", "--lang", "en", "--out", str(tmp_path / "one")]) == 0
    (page,) = (tmp_path / "one").iterdir()
    assert page.name == "trainer-sheet-03-home-care.en.html"
    assert html.escape(FRAME["anchors"]) in page.read_text(encoding="utf-8")


def test_the_command_explains_an_unknown_module_or_language(tmp_path, capsys):
    assert cli.main(["trainer-sheet", "00", "--lang", "fr", "--out", str(tmp_path)]) == 2
    assert "Unknown language 'fr'" in capsys.readouterr().err
    assert cli.main(["trainer-sheet", "99", "--lang", "it", "--out", str(tmp_path)]) == 2
    assert "Non esiste un modulo" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_installed_command_has_the_verb(tmp_path):
    social_lab = str(Path(sys.executable).parent / "social-lab")
    env = dict(os.environ, LANG="it_IT.UTF-8")
    env.pop("LC_ALL", None)
    result = subprocess.run([social_lab, "trainer-sheet", "00", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "trainer-sheet-00-getting-started.it.html").exists()


def test_the_guide_and_the_readme_tell_trainers_how_to_make_and_print_the_sheets():
    guide = (REPO / "instructor" / "TRAINER_GUIDE.md").read_text(encoding="utf-8")
    section = guide.split("## Before a session: print the trainer's sheets", 1)[1]
    assert "social-lab trainer-sheet all" in section.split("\n## ", 1)[0]
    assert "(#before-a-session-print-the-trainers-sheets)" in guide
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    trainers = readme.split("## Guide for trainers", 1)[1].split("\n## ", 1)[0]
    assert "social-lab trainer-sheet" in trainers
    assert "TRAINER_GUIDE.md#before-a-session-print-the-trainers-sheets" in trainers
