"""``python -m lab_helpers.authoring new``: the skeleton of a new module, made in a copy.

The command runs into a temporary root holding a copy of the package (without the other
modules' exercises and catalogs), an empty ``modules/`` and the real datasets, so it can
never touch the repository. What it writes is checked against the arguments it was given:
valid notebooks, twins with the same cells, points and minutes stated where nbgrader and
the metadata have them, an exercise that binds under its module's id, a complete Italian
catalog, and a refusal to overwrite. One kernel run shows the Italian notebook works.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po
from conftest import MODULES, REPO

from lab_helpers.authoring.new_module import main
from lab_helpers.execute import cell_errors, execute_notebook

NUMBER, SLUG = "04", "service-integration"
TITLES = {"en": "Service integration: linking the registries of one person",
          "it": "Integrazione dei servizi: collegare gli archivi di una persona"}
DATASETS = ("registry_population", "registry_benefits")
SECTIONS = (("Four registries, one person", "Quattro archivi, una persona", 12),
            ("Joining two registries", "Unire due archivi", 15),
            ("People who use several services", "Chi usa più servizi", 14))
LANGS = ("en", "it")
FOLDER = f"{NUMBER}-{SLUG}"
NOTEBOOKS = {lang: f"modules/{FOLDER}/{FOLDER}.{lang}.ipynb" for lang in LANGS}
EXERCISES = f"lab_helpers/exercises/m{NUMBER}.py"
CATALOG = f"lab_helpers/locale/it/LC_MESSAGES/m{NUMBER}.po"
WORDS = {
    "en": {"points": r"(?:Exercise|Reflection)(?: \d+)? \((\d+) points?\b",
           "time": r"\*\*Time:\*\* about (\d+) minutes", "sections": r"\*\*Sections:\*\* (.*)",
           "minutes": "minutes", "module": "Module"},
    "it": {"points": r"(?:Esercizio|Riflessione)(?: \d+)? \((\d+) punt[io]\b",
           "time": r"\*\*Durata:\*\* circa (\d+) minuti", "sections": r"\*\*Sezioni:\*\* (.*)",
           "minutes": "minuti", "module": "Modulo"},
}
OTHER_MODULES = re.compile(r"m\d\d\.(py|po)")


def command(number: str = NUMBER, slug: str = SLUG, *extra: str, root: Path,
            titles: dict[str, str] = TITLES) -> list[str]:
    """The arguments of ``python -m lab_helpers.authoring``, with the test's plan."""
    args = ["new", number, slug, "--title-en", titles["en"], "--title-it", titles["it"]]
    for name in DATASETS:
        args += ["--dataset", name]
    for title_en, title_it, minutes in SECTIONS:
        args += ["--section", title_en, title_it, str(minutes)]
    return [*args, *extra, "--root", str(root)]


def make_root(folder: Path) -> Path:
    """A repository in miniature: the package without other modules, no modules, the data."""
    def leave_out(directory: str, names: list[str]) -> set[str]:
        return {n for n in names if n == "__pycache__" or OTHER_MODULES.fullmatch(n)}

    shutil.copytree(REPO / "lab_helpers", folder / "lab_helpers", ignore=leave_out)
    (folder / "modules").mkdir()
    (folder / "datasets").symlink_to(REPO / "datasets", target_is_directory=True)
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")  # ruff's settings
    return folder


@dataclass(frozen=True)
class Made:
    root: Path
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Made:
    root = make_root(tmp_path_factory.mktemp("authoring"))
    result = subprocess.run([sys.executable, "-m", "lab_helpers.authoring",
                             *command(root=root)], cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    return Made(root, result)


def read(made: Made, lang: str) -> nbformat.NotebookNode:
    return nbformat.read(made.root / NOTEBOOKS[lang], as_version=4)


def grading(cell: nbformat.NotebookNode) -> dict:
    return cell.metadata.get("nbgrader", {})


def markdown_lines(nb: nbformat.NotebookNode) -> list[str]:
    return [line for c in nb.cells if c.cell_type == "markdown" for line in c.source.splitlines()]


def code_tokens(cell: nbformat.NotebookNode) -> list[str]:
    """The cell's code without comments; the setup cell's language counts as the same."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENDMARKER}
    tokens = [t.string for t in tokenize.generate_tokens(io.StringIO(cell.source).readline)
              if t.type not in skip]
    if grading(cell).get("grade_id") == "setup":
        tokens = ['"<lang>"' if t in ('"en"', '"it"') else t for t in tokens]
    commented_calls = re.findall(r"^# ((?:hint|solution)\(.*\))$", cell.source, re.M)
    return tokens + commented_calls


def test_the_command_writes_the_module_and_says_what_comes_next(made):
    assert made.result.returncode == 0, made.result.stderr
    for relative in (*NOTEBOOKS.values(), EXERCISES, CATALOG):
        assert (made.root / relative).is_file(), relative
        assert relative in made.result.stdout
    minutes = sum(m for *_titles, m in SECTIONS)
    assert f"| {NUMBER} {SLUG} | {minutes} |" in made.result.stdout  # the README row
    assert "docs/AUTHORING.md" in made.result.stdout
    assert (REPO / "docs" / "AUTHORING.md").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_each_notebook_is_valid_nbformat_without_outputs_and_marks_its_todos(made, lang):
    path = made.root / NOTEBOOKS[lang]
    nb = read(made, lang)
    nbformat.validate(nb)
    assert path.read_text(encoding="utf-8") == nbformat.writes(nb) + "\n"  # as committed
    code = [c for c in nb.cells if c.cell_type == "code"]
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
        ast.parse(cell.source)
    assert "TODO" in nb.cells[0].source and "TODO" in json.dumps(nb.metadata["social_lab"])
    setup = code[0]
    assert grading(setup)["locked"] and f'setup("{NUMBER}", lang="{lang}")' in setup.source


def test_the_twins_have_the_same_cells_ids_grading_and_code(made):
    en, it = read(made, "en"), read(made, "it")
    assert [(c.id, c.cell_type, c.metadata) for c in en.cells] == [
        (c.id, c.cell_type, c.metadata) for c in it.cells]
    code_en = [code_tokens(c) for c in en.cells if c.cell_type == "code"]
    assert code_en == [code_tokens(c) for c in it.cells if c.cell_type == "code"]
    assert any(grading(c).get("points") for c in en.cells)
    meta_en, meta_it = en.metadata["social_lab"], it.metadata["social_lab"]
    for key in ("module", "slug", "minutes", "datasets"):
        assert meta_en[key] == meta_it[key], key
    assert (meta_en["module"], meta_en["slug"], meta_en["datasets"]) == (
        NUMBER, FOLDER, list(DATASETS))


@pytest.mark.parametrize("lang", LANGS)
def test_each_heading_states_the_points_nbgrader_gives(made, lang):
    nb = read(made, lang)
    stated = [int(p) for line in markdown_lines(nb) if line.startswith("### ")
              for p in re.findall(WORDS[lang]["points"], line)]
    graded = [grading(c)["points"] for c in nb.cells if grading(c).get("grade")]
    assert len(graded) == 2  # the example exercise and the reflection
    assert stated == graded


@pytest.mark.parametrize("lang", LANGS)
def test_the_reflection_shows_learners_criteria_and_keeps_its_levels_for_trainers(made, lang):
    from lab_helpers.rubrics import reflections

    nb = read(made, lang)
    (item,) = reflections(nb)
    assert [level.points for level in item.levels] == list(range(item.points + 1))
    assert all(len(level.anchors) == 2 and level.descriptor for level in item.levels)
    bullets = [line[2:] for line in item.prompt.splitlines() if line.startswith("- ")]
    assert bullets == list(item.criteria) and len(bullets) >= 2
    for level in item.levels:  # what only trainers may read stays out of the prompt
        assert level.descriptor not in item.prompt
        assert not any(anchor in item.prompt for anchor in level.anchors)


@pytest.mark.parametrize("lang", LANGS)
def test_minutes_agree_in_metadata_introduction_and_section_headings(made, lang):
    nb = read(made, lang)
    meta = nb.metadata["social_lab"]
    index = LANGS.index(lang)
    planned = [(titles[index], minutes) for *titles, minutes in SECTIONS]
    assert [(s["title"], s["minutes"]) for s in meta["sections"]] == planned
    total = sum(minutes for _title, minutes in planned)
    assert meta["minutes"] == total
    intro = nb.cells[0].source
    assert re.findall(WORDS[lang]["time"], intro) == [str(total)]
    listed = re.search(WORDS[lang]["sections"], intro).group(1).split(" · ")
    assert listed == [f"{i}. {t} ({m} min)" for i, (t, m) in enumerate(planned, start=1)]
    headings = [line for line in markdown_lines(nb) if re.match(r"## \d+\. ", line)]
    unit = WORDS[lang]["minutes"]
    assert headings == [f"## {i}. {t} ({m} {unit})" for i, (t, m) in enumerate(planned, start=1)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_title_headings_and_the_metadata_title_agree(made, lang):
    nb = read(made, lang)
    first, second = nb.cells[0].source.splitlines()[:2]
    short, subtitle = TITLES[lang].split(": ", 1)
    assert first == f"# {WORDS[lang]['module']} {NUMBER} · {short}"
    assert second == f"## {subtitle[0].upper()}{subtitle[1:]}"
    assert nb.metadata["social_lab"]["title"] == TITLES[lang]


PROBE = """
import json, lab_helpers
from lab_helpers.checks import module_problems
from lab_helpers.checks.solutions import solution_text
problems = module_problems("m{number}")
p = problems[0]
print(json.dumps({{
    "package": lab_helpers.__file__,
    "ids": [q.id for q in problems], "var": p.var, "hints": len(p.hints),
    "wrong": [w.code for w in p.wrong_answers()],
    "mistakes": [p.assess(m.value()).status.value for m in p.mistakes],
    "expected": p.assess(p.expected()).status.value,
    "solutions": [solution_text(p.id, lang) for lang in ("en", "it")],
}}))
"""


def test_the_example_exercise_binds_under_its_module_id(made):
    probe = subprocess.run([sys.executable, "-c", PROBE.format(number=NUMBER)], cwd=made.root,
                           env=dict(os.environ, PYTHONPATH=str(made.root)),
                           capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert Path(found["package"]).is_relative_to(made.root)  # the copy, not the repository
    [problem_id] = found["ids"]
    module, name = problem_id.split(".")
    assert module == f"m{NUMBER}" and found["var"] == name
    assert found["hints"] >= 2 and len(found["wrong"]) >= 2 and all(found["wrong"])
    assert set(found["mistakes"]) == {"incorrect"} and found["expected"] == "correct"
    assert all(text and DATASETS[0] in text for text in found["solutions"])
    for lang in LANGS:
        nb = read(made, lang)
        ids = {grading(c).get("grade_id") for c in nb.cells}
        assert {f"answer_{name}", f"test_{name}"} <= ids
        test = next(c for c in nb.cells if grading(c).get("grade_id") == f"test_{name}")
        assert re.findall(r'check\("([\w.]+)"', test.source) == [problem_id, problem_id]


def test_every_message_of_the_exercises_file_is_translated_in_its_catalog(made):
    keywords = {"_": None, "N_": None}
    messages = {m for _line, m, _c, _ctx in extract_from_file(
        "python", str(made.root / EXERCISES), keywords=keywords)}
    with (made.root / CATALOG).open("rb") as handle:
        catalog = {m.id: m for m in read_po(handle, locale="it") if m.id}
    assert messages and set(catalog) == messages  # nothing missing, nothing stale
    assert all(catalog[m].string and not catalog[m].fuzzy for m in messages)


def test_the_exercises_file_is_ruff_clean(made):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run([ruff, "check", "--no-cache", EXERCISES], cwd=made.root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def test_it_refuses_to_overwrite_a_module_with_the_same_number(made, capsys):
    before = {p: p.read_bytes() for p in made.root.rglob("*") if p.is_file()
              and "__pycache__" not in p.parts and "datasets" not in p.parts}
    assert main(command(NUMBER, "another-name", root=made.root)) == 1
    error = capsys.readouterr().err
    assert "already exists" in error and f"modules/{FOLDER}" in error
    after = {p: p.read_bytes() for p in made.root.rglob("*") if p.is_file()
             and "__pycache__" not in p.parts and "datasets" not in p.parts}
    assert after == before


def test_it_refuses_when_only_the_exercises_file_exists(tmp_path, capsys):
    root = make_root(tmp_path)
    stray = root / "lab_helpers" / "exercises" / "m05.py"
    stray.write_text("# someone's work in progress\n", encoding="utf-8")
    assert main(command("05", "networks-subsidiarity", root=root)) == 1
    assert "lab_helpers/exercises/m05.py" in capsys.readouterr().err
    assert stray.read_text(encoding="utf-8") == "# someone's work in progress\n"
    assert list((root / "modules").iterdir()) == []
    assert not (root / "lab_helpers" / "locale" / "it" / "LC_MESSAGES" / "m05.po").exists()


BAD = [
    pytest.param(("4", SLUG), {}, "two digits", id="number"),
    pytest.param((NUMBER, "Service_Integration"), {}, "lowercase", id="slug"),
    pytest.param((NUMBER, SLUG), {"titles": {**TITLES, "it": "Integrazione dei servizi"}},
                 "Short title: subtitle", id="title"),
    pytest.param((NUMBER, SLUG, "--dataset", "no_such_table"), {}, "Unknown dataset",
                 id="dataset"),
    pytest.param((NUMBER, SLUG, "--section", "More", "Altro", "ten"), {}, "whole number",
                 id="minutes"),
]


@pytest.mark.parametrize(("args", "options", "words"), BAD)
def test_a_wrong_argument_is_explained_and_nothing_is_written(tmp_path, capsys, args, options,
                                                            words):
    root = make_root(tmp_path)
    assert main(command(*args, root=root, **options)) == 1
    assert words in capsys.readouterr().err
    assert list((root / "modules").iterdir()) == []
    assert not list((root / "lab_helpers" / "exercises").glob("m*.py"))


def test_the_italian_skeleton_runs_in_a_kernel_with_its_check_passing(made, tmp_path):
    ran = execute_notebook(read(made, "it"), tmp_path, grading=True,
                           env=dict(os.environ, PYTHONPATH=str(made.root)))
    assert cell_errors(ran) == []
    test = next(c for c in ran.cells if grading(c).get("grade_id", "").startswith("test_"))
    statuses = [o.metadata["social_lab"]["status"] for o in test.outputs
                if o.output_type == "display_data" and "social_lab" in o.get("metadata", {})]
    assert statuses and set(statuses) == {"correct"}


def test_no_module_of_the_repository_still_holds_a_skeleton_todo():
    sources = [*MODULES.glob("*/*.ipynb"), *(REPO / "lab_helpers" / "exercises").glob("m*.py")]
    left = [str(p.relative_to(REPO)) for p in sources if "TODO" in p.read_text(encoding="utf-8")]
    assert left == [], "replace every TODO of the skeleton (docs/AUTHORING.md, step 8)"
