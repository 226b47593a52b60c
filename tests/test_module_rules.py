"""Rules that hold for every module, read from its notebooks and metadata.

A module added to ``modules/`` is checked by these the day it arrives: points stated in the
headings, minutes and titles that agree everywhere they appear, hints and a worked solution
for every exercise, Italian numbers written the Italian way, alternative text for every
chart that is an answer.
"""

from __future__ import annotations

import contextlib
import io
import re

import nbformat
import pytest
from conftest import REPO

from lab_helpers.catalog import list_modules
from lab_helpers.checks import ChartProblem, module_problems
from lab_helpers.checks.solutions import solution_text

MODULES = list_modules()
CASES = [pytest.param(m, lang, id=f"{m.slug}-{lang}") for m in MODULES for lang in ("en", "it")]
WORDS = {
    "en": {"exercise": r"(?:Exercise|Reflection)(?: \d+)? \((\d+) points?\b",
           "time": r"\*\*Time:\*\* about (\d+) minutes", "section": r"\((\d+) minutes\)",
           "sections": r"\*\*Sections:\*\* (.*)", "alt": r"alternative text|In words"},
    "it": {"exercise": r"(?:Esercizio|Riflessione)(?: \d+)? \((\d+) punt[io]\b",
           "time": r"\*\*Durata:\*\* circa (\d+) minuti", "section": r"\((\d+) minuti\)",
           "sections": r"\*\*Sezioni:\*\* (.*)", "alt": r"testo alternativo|A parole"},
}


def read(module, lang: str) -> nbformat.NotebookNode:
    return nbformat.read(module.notebooks[lang], as_version=4)


def grading(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_the_points_in_each_heading_are_the_nbgrader_points(module, lang):
    nb = read(module, lang)
    stated = [int(p) for text in markdown(nb) for line in text.splitlines()
              if line.startswith("### ") for p in re.findall(WORDS[lang]["exercise"], line)]
    graded = [grading(c)["points"] for c in nb.cells if grading(c).get("grade")]
    assert stated == graded


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_minutes_agree_in_metadata_introduction_and_section_headings(module, lang):
    nb = read(module, lang)
    meta = nb.metadata["social_lab"]
    sections = meta["sections"]
    assert sum(s["minutes"] for s in sections) == meta["minutes"]
    intro = nb.cells[0].source
    assert re.findall(WORDS[lang]["time"], intro) == [str(meta["minutes"])]
    listed = re.search(WORDS[lang]["sections"], intro).group(1).split(" · ")
    assert listed == [f"{i}. {s['title']} ({s['minutes']} min)"
                      for i, s in enumerate(sections, start=1)]
    headings = [line for text in markdown(nb) for line in text.splitlines()
                if re.match(r"## \d+\. ", line)]
    unit = "minutes" if lang == "en" else "minuti"
    assert headings == [f"## {i}. {s['title']} ({s['minutes']} {unit})"
                        for i, s in enumerate(sections, start=1)]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.slug)
def test_minutes_in_the_readme_and_in_social_lab_modules_are_the_metadata(module):
    from lab_helpers.cli import main

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| {module.number} {module.slug[3:]} \| (\d+) \|", readme, re.M)
    assert row and int(row.group(1)) == module.minutes()
    for lang in ("en", "it"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["modules", "--lang", lang, "--dir", str(REPO / "no-such-workspace")])
        line = next(x for x in out.getvalue().splitlines() if x.startswith(module.slug))
        assert line.split()[1] == str(module.minutes())
        assert module.title(lang) in line


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_the_title_is_the_same_in_the_metadata_and_the_notebook(module, lang):
    nb = read(module, lang)
    lines = nb.cells[0].source.splitlines()
    word = "Module" if lang == "en" else "Modulo"
    assert lines[0] == f"# {word} {module.number} · {lines[0].split(' · ', 1)[1]}"
    short, subtitle = lines[0].split(" · ", 1)[1], lines[1].removeprefix("## ")
    assert nb.metadata["social_lab"]["title"] == f"{short}: {subtitle[0].lower()}{subtitle[1:]}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.slug)
def test_every_exercise_has_hints_and_a_worked_solution_in_both_languages(module):
    for problem in module_problems(f"m{module.number}"):
        assert len(problem.hints) >= 2, problem.id
        for lang in ("en", "it"):
            text = solution_text(problem.id, lang)
            assert text and "### " not in text and "..." != text.strip(), (problem.id, lang)


# 1,180 or 4.5 in Italian prose; 0,269 and "1,131 milioni" are Italian decimals.
ENGLISH_NUMBER = re.compile(r"(?<![\w.,/-])([1-9]\d{0,2}(?:,\d{3})+(?! ?(?:milion|miliard|mila))"
                            r"|\d+\.\d{1,2})(?![\w/]|[.,]\d)")
EXCEPTIONS = re.compile(r"`[^`]*`|\$[^$]*\$|\([^)]*https?://[^)]*\)|https?://\S+"
                        r"|\b(?:art|artt|D\.Lgs|L|n|c|d|D\.P\.R|DPCM|par|punto)\. ?[\d.]+")


def test_italian_text_writes_numbers_the_italian_way():
    found = []
    for module in MODULES:
        for text in markdown(read(module, "it")):
            prose = EXCEPTIONS.sub("", text)
            found += [(module.slug, m, prose[max(0, i - 40):i + 20])
                      for i, m in ((x.start(), x.group(1)) for x in ENGLISH_NUMBER.finditer(prose))]
    assert not found, found


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_every_chart_that_is_an_answer_has_alternative_text(module, lang):
    nb = read(module, lang)
    charts = [p.id.split(".", 1)[1] for p in module_problems(f"m{module.number}")
              if isinstance(p, ChartProblem)]
    for name in charts:
        start = next(i for i, c in enumerate(nb.cells)
                     if grading(c).get("grade_id") == f"answer_{name}")
        after = []
        for cell in nb.cells[start + 1:]:
            if cell.cell_type == "markdown" and re.match(r"#{2,3} ", cell.source):
                break
            after.append(cell.source if cell.cell_type == "markdown" else "")
        assert re.search(WORDS[lang]["alt"], "\n".join(after), re.I), name


# "delete the `#` at the start of the line `# hint(...)`": the line is named by what it says
SENTENCE_END = r".*?(?:\.(?=\s|$)|$)"
DELETE_A_HASH = {"en": r"delete[^.\n]*?`#`" + SENTENCE_END,
                 "it": r"cancella[^.\n]*?`#`" + SENTENCE_END}
NAMED_LINE = {"en": r"at the start of the line `([^`]+)`",
              "it": r"all'inizio della riga `([^`]+)`"}


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_the_hint_instructions_name_a_line_that_every_hint_cell_has(module, lang):
    nb = read(module, lang)
    hint_cells = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                  and re.search(r"^# hint\(", c.source, re.M)]
    assert hint_cells
    said = [(i, m.group(0)) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"
            for m in re.finditer(DELETE_A_HASH[lang], c.source, re.I | re.M)]
    assert any(i < hint_cells[0] for i, _text in said), "say how, before the first hint cell"
    for _i, text in said:
        named = re.search(NAMED_LINE[lang], text)
        assert named, f"name the line by what it says, not by its place: {text!r}"
        line = re.compile(re.escape(named.group(1)).replace(re.escape("..."), ".+"))
        for i in hint_cells:
            lines = nb.cells[i].source.splitlines()
            assert any(line.fullmatch(x) for x in lines), (text, nb.cells[i].source)
            # the cell's own comment points at the line below it: that is the hint line
            assert line.fullmatch(lines[1]), nb.cells[i].source


def everything_written(nb) -> str:
    """The text of every cell and of the module's metadata (trainer notes, rubrics)."""
    return "\n".join([c.source for c in nb.cells] + [str(nb.metadata.get("social_lab", {}))])


@pytest.mark.parametrize(("module", "lang"), CASES)
def test_sources_are_cited_by_name_never_as_the_courses_fact_sheet(module, lang):
    """Learners never see the authors' fact sheet: the text names the real source."""
    unseen = {"en": r"fact sheet", "it": r"scheda dei dati reali"}[lang]
    assert not re.search(unseen, everything_written(read(module, lang)), re.I)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.slug)
def test_italian_spells_terzo_settore_one_way(module):
    """As in the Codice del Terzo settore (D.Lgs. 117/2017)."""
    text = everything_written(read(module, "it"))
    assert not re.search(r"\bterzo settore\b", text)
