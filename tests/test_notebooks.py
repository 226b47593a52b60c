"""Every module notebook: runs, hides its solutions, fails when blank, matches its twin."""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from pathlib import Path

import nbformat
import pytest
from conftest import MODULES, source_notebooks

from lab_helpers import i18n
from lab_helpers.catalog import list_modules
from lab_helpers.checks import Status, module_problems
from lab_helpers.checks.answer_context import answer_context
from lab_helpers.checks.problems import ChartProblem, ChoiceProblem
from lab_helpers.datasets import dataset_names
from lab_helpers.execute import cell_errors
from lab_helpers.exercise_titles import CHECK_CALL
from lab_helpers.i18n import _
from lab_helpers.student_version import make_student_version

NOTEBOOKS = source_notebooks()
IDS = [p.name for p in NOTEBOOKS]


def nbg(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def is_autograded_test(cell) -> bool:
    return cell.cell_type == "code" and nbg(cell).get("grade") and not nbg(cell).get("solution")


def read(path: Path):
    return nbformat.read(path, as_version=4)


def module_and_lang(path: Path) -> tuple[str, str]:
    """("00-getting-started", "it") for modules/00-getting-started/00-getting-started.it.ipynb."""
    return path.parent.name, path.name.split(".")[-2]


ANSI = re.compile(r"\x1b\[[0-9;]*m")
NOT_ATTEMPTED = {"en": "Not attempted yet", "it": "Non ancora svolto"}


def lang_of(path: Path) -> str:
    return path.name.split(".")[-2]


def headings_above_tests(nb) -> dict[int, str]:
    """Each autograded test cell's index -> the ### heading above it, without its points."""
    found, heading = {}, ""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            heading = (re.findall(r"^### (.+?)(?: \(.*\))?$", cell.source, re.M) or [heading])[-1]
        if is_autograded_test(cell):
            found[index] = heading
    return found


def test_every_module_has_both_languages():
    assert NOTEBOOKS, "no module notebooks found"
    for module in list_modules():
        assert set(module.notebooks) == {"en", "it"}, module.slug


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_source_notebook_runs_top_to_bottom_with_every_check_passing(path, executed_notebook):
    executed = executed_notebook(*module_and_lang(path), "source", "grading")
    assert cell_errors(executed) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_student_version_holds_no_solution_and_no_hidden_test(path):
    source = read(path)
    student = make_student_version(source)
    text = "\n".join(c.source for c in student.cells)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "hidden=True"):
        assert marker not in text
    for cell, released in zip(source.cells, student.cells, strict=True):
        regions = re.findall(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1",
                             cell.source, flags=re.S)
        for _kind, body in regions:
            for line in body.strip().splitlines():
                if line.strip() and len(line.strip()) > 3:
                    assert line.strip() not in released.source, (cell.metadata, line)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_every_test_cell_fails_on_the_released_version(path, executed_notebook):
    graded = executed_notebook(*module_and_lang(path), "student", "grading")
    tests = [i for i, c in enumerate(graded.cells) if is_autograded_test(c)]
    failing = {i: name for i, name, _ in cell_errors(graded)}
    assert tests and all(i in failing for i in tests), [i for i in tests if i not in failing]
    assert {failing[i] for i in tests} == {"NotAttempted"}
    # what nbgrader shows (autograde's feedback, the Validate dialog): the exercise by its
    # heading, in the notebook's language, in lines short enough for the dialog
    word = NOT_ATTEMPTED[lang_of(path)]
    for index, heading in headings_above_tests(graded).items():
        assert re.fullmatch(r"(Exercise|Esercizio) \d+", heading), heading
        error = next(o for o in graded.cells[index].outputs if o.output_type == "error")
        lines = [ANSI.sub("", line) for line in error.traceback]
        assert lines[0] == f"{heading} · {word}" and error.evalue.startswith(lines[0] + ": ")
        assert max(len(line) for line in lines) <= 60, lines


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_a_learner_sees_calm_not_attempted_messages_on_the_blank_version(path,
                                                                         executed_notebook):
    ran = executed_notebook(*module_and_lang(path), "student", "learner")
    word = NOT_ATTEMPTED[lang_of(path)]
    assert cell_errors(ran) == [], "a blank notebook runs to the end: nothing cascades"
    for index, heading in headings_above_tests(ran).items():
        cell = ran.cells[index]
        assert not any(o.output_type == "error" for o in cell.outputs)
        shown = "".join(str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs)
        assert f"{heading} · {word}: " in shown, "titled by the exercise's heading"
        assert "[m" not in shown, "the id is small print in the HTML only"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_nbgrader_validate_names_each_exercise_in_lines_that_fit_its_dialog(lang, tmp_path):
    from nbgrader.validator import Validator

    module = list_modules()[0]
    released = make_student_version(read(module.notebooks[lang]))
    path = tmp_path / module.notebook_name(lang)
    nbformat.write(released, path)
    failed = [f for f in Validator().validate(str(path))["failed"] if "check(" in f["source"]]
    headings = list(headings_above_tests(released).values())
    assert [ANSI.sub("", f["raw_error"]).splitlines()[0] for f in failed] == [
        f"{heading} · {NOT_ATTEMPTED[lang]}" for heading in headings]
    assert max(len(line) for f in failed for line in ANSI.sub("", f["raw_error"]).splitlines()) \
        <= 60


def code_shape(source: str) -> list[str]:
    """The tokens of a cell, without comments, and with every string literal blanked."""
    shape = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                        tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        if tok.type == tokenize.STRING or tok.type in getattr(tokenize, "FSTRING_MIDDLE", ()):
            shape.append("<str>")
        else:
            shape.append(tok.string)
    return shape


def twins():
    pairs = []
    for module in list_modules():
        if {"en", "it"} <= set(module.notebooks):
            pairs.append(pytest.param(module.notebooks["en"], module.notebooks["it"],
                                      id=module.slug))
    return pairs


@pytest.mark.parametrize(("en_path", "it_path"), twins())
def test_english_and_italian_have_the_same_code_ids_and_points(en_path, it_path):
    en, it = read(en_path), read(it_path)
    en_code = [c for c in en.cells if c.cell_type == "code"]
    it_code = [c for c in it.cells if c.cell_type == "code"]
    assert len(en_code) == len(it_code)
    for a, b in zip(en_code, it_code, strict=True):
        assert code_shape(a.source) == code_shape(b.source), (a.source, b.source)
    graded = [(nbg(c).get("grade_id"), nbg(c).get("points"), c.cell_type)
              for c in en.cells if nbg(c)]
    assert graded == [(nbg(c).get("grade_id"), nbg(c).get("points"), c.cell_type)
                      for c in it.cells if nbg(c)]
    meta_en, meta_it = en.metadata["social_lab"], it.metadata["social_lab"]
    for key in ("module", "slug", "minutes", "datasets"):
        assert meta_en[key] == meta_it[key], key
    assert [s["minutes"] for s in meta_en["sections"]] == [
        s["minutes"] for s in meta_it["sections"]]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_module_metadata_and_exercise_mix(path):
    nb = read(path)
    meta = nb.metadata["social_lab"]
    assert meta["lang"] == path.name.split(".")[-2]
    assert path.parent.name == meta["slug"] and path.name.startswith(meta["slug"])
    assert 60 <= meta["minutes"] <= 120
    assert sum(s["minutes"] for s in meta["sections"]) == meta["minutes"]
    assert len(meta["objectives"]) >= 3 and meta["title"] and meta["question"]
    assert set(meta["datasets"]) <= set(dataset_names())
    tests = [c for c in nb.cells if is_autograded_test(c)]
    manual = [c for c in nb.cells if nbg(c).get("grade") and nbg(c).get("solution")
              and c.cell_type == "markdown"]
    ids = [m for c in tests for m in CHECK_CALL.findall(c.source)]
    problems = {p.id: p for p in module_problems("m" + meta["module"])}
    assert len(tests) >= 6 and len(manual) >= 1
    assert all(nbg(c).get("points", 0) > 0 for c in tests + manual)
    assert set(ids) == set(problems), "every declared exercise is used, and only those"
    assert any(isinstance(problems[i], ChoiceProblem) for i in ids)
    assert all(len(CHECK_CALL.findall(c.source)) >= 1 for c in tests)
    setup = nb.cells[[c.cell_type for c in nb.cells].index("code")]
    assert nbg(setup).get("locked") and "setup(" in setup.source


def all_problems():
    found = []
    for module in list_modules():
        found += module_problems("m" + module.number)
    return found


def as_answer(problem, value):
    """A mistake's value as a learner hands it in: a chart exercise gets a finished chart."""
    if not isinstance(problem, ChartProblem):
        return value
    import matplotlib

    matplotlib.use("Agg")
    return value.plot(kind="barh", title="A chart", xlabel="In words", ylabel="Districts")


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("problem", all_problems(), ids=lambda p: p.id)
def test_each_exercise_has_staged_hints_and_names_each_plausible_mistake(problem, lang):
    import matplotlib.pyplot as plt

    assert len(problem.hints) >= 2
    i18n.set_language(lang)
    wrong = []
    for mistake in problem.mistakes:
        with answer_context(problem.example_context()):  # a setting such as DISTRICT
            outcome = problem.assess(as_answer(problem, mistake.value()))
        plt.close("all")
        if outcome.status is not Status.INCORRECT or outcome.message != _(mistake.message):
            wrong.append(f"{mistake.message[:60]!r}: got {outcome.status} {outcome.message!r}")
    assert not wrong, "\n".join(wrong)


def test_module_folders_hold_only_what_nbgrader_should_release():
    for folder in MODULES.iterdir():
        if folder.is_dir():
            names = {p.name for p in folder.iterdir()}
            assert names <= {f"{folder.name}.en.ipynb", f"{folder.name}.it.ipynb"}, names


def test_notebook_sources_are_committed_without_outputs():
    for path in NOTEBOOKS:
        for cell in read(path).cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_code_cells_are_valid_python():
    for path in NOTEBOOKS:
        for cell in read(path).cells:
            if cell.cell_type == "code":
                ast.parse(cell.source)


# --- opened in JupyterLab, a notebook is unchanged: no unsaved-changes dot -----------------

@pytest.fixture(scope="module")
def what_jupyterlab_writes() -> dict:
    """The kernelspec and language_info JupyterLab writes into a notebook it opens.

    It takes them from the kernel it starts (its kernel_info reply) and its kernel spec.
    """
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        client.kernel_info()
        reply = client.get_shell_msg(timeout=60)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    spec = KernelSpecManager().get_kernel_spec("python3")
    return {"kernelspec": {"display_name": spec.display_name, "language": spec.language,
                           "name": "python3"},
            "language_info": reply["content"]["language_info"]}


def assert_as_jupyter_writes_it(path: Path) -> nbformat.NotebookNode:
    """Valid, with cell ids, in the current minor version, and byte for byte the JSON that
    Jupyter's own writer would save."""
    raw = path.read_text(encoding="utf-8")
    nb = nbformat.reads(raw, as_version=4)
    nbformat.validate(nb)
    changes, _normal = nbformat.validator.normalize(json.loads(raw))
    assert changes == 0 and nb.nbformat_minor == nbformat.current_nbformat_minor
    assert all(cell.get("id") for cell in nb.cells)
    assert nbformat.writes(nb) + "\n" == raw, "not in the form Jupyter saves"
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_source_notebook_is_saved_as_jupyterlab_would_save_it(path, what_jupyterlab_writes):
    nb = assert_as_jupyter_writes_it(path)
    assert nb.metadata.kernelspec == what_jupyterlab_writes["kernelspec"]
    machine = {k: v for k, v in what_jupyterlab_writes["language_info"].items() if k != "version"}
    assert nb.metadata.language_info == machine, "all but the version, which is the machine's"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_a_released_notebook_opens_in_jupyterlab_with_nothing_to_save(lang, tmp_path,
                                                                       what_jupyterlab_writes):
    from lab_helpers.workspace import refresh_workspace

    refresh_workspace(tmp_path, lang)
    released = sorted(tmp_path.glob(f"*/*.{lang}.ipynb"))
    assert len(released) == len(list_modules())
    for path in released:
        nb = assert_as_jupyter_writes_it(path)
        assert {key: nb.metadata[key] for key in what_jupyterlab_writes} == \
            what_jupyterlab_writes, path.name

