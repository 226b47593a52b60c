"""The cohort's install, tested on its installed files and in a kernel of its own venv.

One wheel is built (``social-lab cohort-wheel``) and installed into one fresh venv per run;
every test here reads that install.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import nbformat
import pytest
from conftest import REPO
from learner_answers import MODULES, SOLUTION, Answer, answers, notebook_for, plan
from test_wrong_answers import outcome_of

from lab_helpers.catalog import list_modules
from lab_helpers.checks import ValueProblem, get_problem, module_problems
from lab_helpers.checks.answer_context import answer_context
from lab_helpers.checks.answer_key import keyable
from lab_helpers.checks.solutions import solution_text
from lab_helpers.i18n import ngettext
from lab_helpers.student_version import student_version_of

# under pytest-xdist, the real-environment tests (hub, browser, wheel) run one after the
# other on one worker, never two of them at once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("real-environment")]
ITERATIONS = 50
RUNNER = '''
import json, sys
from pathlib import Path
import nbformat
from lab_helpers.execute import execute_notebook
for job in json.loads(Path(sys.argv[1]).read_text()):
    nb = nbformat.read(job["in"], as_version=4)
    ran = execute_notebook(nb, Path(job["cwd"]), grading=job["grading"], timeout=300)
    nbformat.write(ran, job["out"])
'''


def sh(*args: str, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


class Cohort:
    """The built wheel, the venv it is installed in, and how to run that venv's Python."""

    def __init__(self, root: Path) -> None:
        self.root = root
        out = root / "wheel"
        # few digest rounds (not the 5,000 of a real build): the kernels below check every
        # declared answer of every module twice, and each check recomputes its digests
        sh(sys.executable, "-m", "lab_helpers.cli", "cohort-wheel", "--out", str(out),
           "--iterations", str(ITERATIONS), cwd=root, env=dict(os.environ, SOCIAL_LAB_LANG="en"))
        self.wheel = next(out.glob("social_innovation_lab-*+cohort-py3-none-any.whl"))
        env_dir = root / "venv"
        venv.create(env_dir, with_pip=True)
        self.python = env_dir / "bin" / "python"
        self.env = dict(os.environ, HOME=str(root / "home"),
                        PATH=f"{env_dir / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
                        PIP_CACHE_DIR=os.path.join(os.environ.get("SOCIAL_LAB_REAL_HOME") or
                                                   str(root), ".cache", "pip"))
        for name in ("PYTHONPATH", "SOCIAL_LAB_LANG", "SOCIAL_LAB_WORKSPACE", "VIRTUAL_ENV"):
            self.env.pop(name, None)
        sh(str(self.python), "-m", "pip", "install", "--quiet", str(self.wheel),
           cwd=root, env=self.env)
        self.package = Path(self.run("import lab_helpers; print(lab_helpers.__file__)")
                            .strip()).parent

    def run(self, code: str) -> str:
        return sh(str(self.python), "-c", code, cwd=self.root, env=self.env)

    def files(self, *suffixes: str) -> list[Path]:
        return [p for p in self.package.rglob("*") if p.is_file() and p.suffix in suffixes]

    def execute(self, notebooks: dict[str, nbformat.NotebookNode],
                grading: bool = False) -> dict[str, nbformat.NotebookNode]:
        """Run notebooks in kernels of the cohort's venv; name -> the executed notebook."""
        jobs = []
        for name, nb in notebooks.items():
            folder = self.root / "runs" / name
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / "in.ipynb")
            jobs.append({"in": str(folder / "in.ipynb"), "out": str(folder / "out.ipynb"),
                         "cwd": str(folder), "grading": grading})
        (self.root / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        (self.root / "runner.py").write_text(RUNNER, encoding="utf-8")
        sh(str(self.python), str(self.root / "runner.py"), str(self.root / "jobs.json"),
           cwd=self.root, env=self.env)
        return {name: nbformat.read(job["out"], as_version=4)
                for name, job in zip(notebooks, jobs, strict=True)}


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> Cohort:
    return Cohort(tmp_path_factory.mktemp("cohort"))


def test_the_install_has_no_solutions_hidden_tests_or_trainer_content(cohort):
    texts = {p: p.read_text(encoding="utf-8") for p in cohort.files(".ipynb", ".py", ".json")}
    notebooks = [p for p in texts if p.suffix == ".ipynb"]
    assert len(notebooks) == 2 * len(list_modules())
    for marker in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME",
                   '"trainer_notes"', '"rubrics"'):
        assert not [p for p, t in texts.items() if marker in t and p.suffix == ".ipynb"], marker
    found = []
    for module in list_modules():
        for lang, source in module.notebooks.items():
            installed = cohort.package / "_content" / "modules" / module.slug / source.name
            released = student_version_of(source)
            assert [c.source for c in nbformat.read(installed, as_version=4).cells] == [
                c.source for c in released.cells], installed.name
            # what the authors show outside the answer cells (a catch-up cell after an
            # exercise, so that later sections run) is in every learner's notebook anyway
            shown = "\n".join(c.source for c in released.cells)
            for problem in module_problems(f"m{module.number}"):
                code = solution_text(problem.id, lang) or ""
                found += [(problem.id, line.strip()) for line in code.splitlines()
                          if len(line.strip()) > 24 and line.strip() not in shown
                          and line.strip() in texts[installed]]
    assert not found, found[:5]


def test_a_learners_workspace_from_the_cohort_install_keeps_its_answer_cells(cohort):
    """Released notebooks are not cleared twice: the workspace has them as they are."""
    workspace = cohort.root / "workspace"
    sh(str(cohort.python.parent / "social-lab"), "refresh", "--lang", "it", "--dir",
       str(workspace), cwd=cohort.root, env=cohort.env)
    module = list_modules()[0]
    mine = nbformat.read(workspace / module.slug / module.notebook_name("it"), as_version=4)
    released = student_version_of(module.notebooks["it"])
    assert [c.source for c in mine.cells] == [c.source for c in released.cells]
    report = sh(str(cohort.python.parent / "social-lab"), "check", module.number, "--lang",
                "it", "--dir", str(workspace), cwd=cohort.root, env=cohort.env)
    total = len(module_problems(f"m{module.number}"))
    summary = ngettext("{passed} of {total} exercises correct.",
                       "{passed} of {total} exercises correct.", 0, "it")
    assert summary.format(passed=0, total=total) in report  # blank, and no check broke


def test_validate_in_the_cohort_install_fails_a_wrong_answer_with_its_message(cohort):
    """nbgrader's Validate button runs a learner's notebook in their own install."""
    number, k = "00", 1
    ran = cohort.execute({"validate": notebook_for(number, "en", k, learner=True)},
                         grading=True)["validate"]
    chosen, checked = plan(number, k), 0
    for cell in ran.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        answer = chosen.get(grade_id.removeprefix("test_"))
        if not grade_id.startswith("test_") or answer is None or answer.hidden:
            continue
        status, message = outcome_of(cell, f"m{number}.{grade_id[5:]}", False)
        want = answer.expected("en")
        assert (status, message) == (("error:CheckFailed", want) if want else (
            "correct", message)), grade_id
        checked += 1
    assert checked >= 10


def test_the_install_has_no_answer_key_datasets_or_their_generators(cohort):
    shipped = json.loads((REPO / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    keys = [r for r in shipped["resources"] if r.get("answer_key")]
    assert {r["name"] for r in keys} == {"registries_key", "case_records_defects"}
    datasets = cohort.package / "_content" / "datasets"
    installed = json.loads((datasets / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in installed["resources"]}
    assert not names & {r["name"] for r in keys} and "districts" in names
    assert not [r["path"] for r in keys if (datasets / r["path"]).exists()]
    assert not (datasets / "generators").exists() and not (datasets / "generate.py").exists()
    assert (cohort.run("from lab_helpers import load_dataset; "
                       "print(len(load_dataset('districts')))").strip()
            == str(len(__import__("lab_helpers").load_dataset("districts"))))


def _functions(paths) -> set[str]:
    return {node.name for path in paths
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.FunctionDef)}


def _reference_functions() -> set[str]:
    """The functions of exercises/mNN.py that no other part of the package also defines."""
    package = REPO / "lab_helpers"
    exercises = sorted((package / "exercises").glob("m[0-9][0-9].py"))
    elsewhere = set(package.rglob("*.py")) - set(exercises)
    return _functions(exercises) - _functions(elsewhere)


def _known_answers() -> list[tuple[str, list[str]]]:
    """The numeric expected answers of every module, as they could be written in a file."""
    found = []
    for module in list_modules():
        for problem in module_problems(f"m{module.number}"):
            if not isinstance(problem, ValueProblem):
                continue
            contexts = [problem.example_context()]  # module 09: every DISTRICT has a key
            for name, setting in problem.context.items():
                contexts += [{name: value} for value in setting.values()]
            for context in contexts:
                with answer_context(context):
                    value = problem.expected()
                if isinstance(value, bool) or not isinstance(value, int | float):
                    continue
                if isinstance(value, int) and abs(value) >= 1000:
                    found.append((problem.id, [str(value), f"{value:_}", f"{value:,}"]))
                elif isinstance(value, float) and not float(value).is_integer():
                    found.append((problem.id, [repr(value), f"{value:.4f}", f"{value:.6g}"]))
    return found


def test_the_install_has_no_reference_code_and_no_expected_numbers(cohort):
    code = {p: p.read_text(encoding="utf-8") for p in cohort.files(".py", ".json")}
    exercises = sorted((cohort.package / "exercises").glob("m[0-9][0-9].py"))
    assert [p.stem for p in exercises] == [f"m{m.number}" for m in list_modules()]
    for path in exercises:
        source = code[path]
        assert "bind_key(__name__)" in source and len(source.splitlines()) < 10
        assert not re.search(r"\bdef |lambda|load_dataset", source), path
    functions = _reference_functions()
    assert len(functions) > 20  # the reference code the trainer's install has
    everything = "\n\0\n".join(code.values())  # one search per name, not one per file
    leaked = [f for f in functions if f in everything and (
        re.search(rf"\bdef {re.escape(f)}\b", everything) or (
            f.startswith("_") and re.search(rf"\b{re.escape(f)}\(", everything)))]
    assert not leaked, leaked[:5]
    answers = _known_answers()
    assert len(answers) >= 8
    # an answer the notebook itself prints (a number to copy from the text) is public
    shown = "\n".join(c.source for module in list_modules() for path in module.notebooks.values()
                      for c in student_version_of(path).cells)
    answers = [(pid, spellings) for pid, spellings in answers
               if not any(spelling in shown for spelling in spellings)]
    assert len(answers) >= 6
    numbers = [(pid, spelling) for pid, spellings in answers for spelling in spellings
               if spelling in everything and re.search(  # not inside a digest, a word
                   rf"(?<![\w.]){re.escape(spelling)}(?!\w)", everything)]
    assert not numbers, numbers[:5]


PROBE = """from IPython.display import display
from lab_helpers.checks import evaluate as _evaluate
from lab_helpers.i18n import set_language as _set_language
_said = {}
for _lang in ("en", "it"):
    _set_language(_lang)
    _outcome = _evaluate(%(pid)r, namespace=globals())
    _said[_lang] = [_outcome.status.value, _outcome.message]
_set_language("en")
display({"application/x-outcome+json": [%(pid)r, %(k)d, _said]}, raw=True)"""


def _put(source: str, code: str) -> str:
    """An answer cell of the source notebook with ``code`` in place of its solution."""
    def put(match: re.Match) -> str:
        indent = match.group(2)
        return match.group(1) + "\n".join(indent + line for line in code.splitlines()) + \
            match.group(4)

    found, count = SOLUTION.subn(put, source, count=1)
    assert count == 1
    return found


def every_answer(number: str, package: Path) -> tuple[nbformat.NotebookNode,
                                                      dict[tuple[str, int], Answer]]:
    """The module's released notebook as installed, run blank, with after each test cell
    every declared answer of its exercise (learner_answers.answers: the wrong ones, the
    right ones written another way, the solution last, so that later sections run) put in
    its answer cell in turn, each followed by a check of it in English and in Italian."""
    module = MODULES[number]
    source = nbformat.read(module.notebooks["en"], as_version=4)
    answer_cells = {c.metadata.get("nbgrader", {}).get("grade_id", ""): c.source
                    for c in source.cells if c.cell_type == "code"}
    released = nbformat.read(package / "_content" / "modules" / module.slug /
                             module.notebook_name("en"), as_version=4)
    cells, planned = [], {}
    for cell in released.cells:
        cells.append(cell)
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        filled = answer_cells.get(grade_id, "") if grade_id else ""
        if not grade_id.startswith(("test_", "answer_")) and SOLUTION.search(filled):
            cells.append(nbformat.v4.new_code_cell(filled))  # filled in, checked by none
        if not grade_id.startswith("test_"):
            continue
        name = grade_id.removeprefix("test_")
        problem = get_problem(f"m{number}.{name}")
        for k, answer in enumerate(answers(problem)):
            cell_source = answer_cells[f"answer_{name}"]
            if answer.code is not None:
                cell_source = _put(cell_source, answer.code)
            cells.append(nbformat.v4.new_code_cell(cell_source))
            cells.append(nbformat.v4.new_code_cell(PROBE % {"pid": problem.id, "k": k}))
            planned[(problem.id, k)] = answer
    released.cells = cells
    return released, planned


def _unchecked(lang: str) -> str:
    from lab_helpers.checks.digested import UNCHECKED
    from lab_helpers.i18n import _

    return _(UNCHECKED, lang)


UNKEYED: dict[str, str] = {}  # exercises left without an answer key on purpose: none


def test_every_exercise_has_an_answer_key_in_the_cohort_install(cohort):
    keys = [key for path in sorted((cohort.package / "exercises").glob("m[0-9][0-9].key.json"))
            for key in json.loads(path.read_text(encoding="utf-8"))["exercises"]]
    assert len(keys) == sum(len(module_problems(f"m{n}")) for n in MODULES)
    assert {k["id"] for k in keys if k["type"] == "unchecked"} == set(UNKEYED)
    assert all(keyable(get_problem(k["id"])) for k in keys if k["id"] not in UNKEYED)


def test_checks_give_each_answer_its_verdict_and_message_in_the_cohort_install(cohort):
    """Every declared answer of every module (the solution, right answers written another
    way, each plausible mistake) in the cohort venv's kernels, one kernel per module, with
    the very verdict and message (English and Italian) of the trainer's install; each
    released notebook run blank first: every exercise not attempted."""
    notebooks, plans = {}, {}
    for number in sorted(MODULES):
        notebooks[number], plans[number] = every_answer(number, cohort.package)
    ran = cohort.execute(notebooks)
    failures, checked = [], 0
    for number, nb in ran.items():
        said = {}
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if grade_id.startswith("test_"):
                status = outcome_of(cell, f"m{number}.{grade_id[5:]}", True)[0]
                if status != "not_attempted":
                    failures.append(f"{grade_id} blank: got {status}")
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    failures.append(f"m{number}: {output.get('ename')}: {output.get('evalue')}"
                                    f" in {cell.source[:60]!r}")
                if "application/x-outcome+json" in output.get("data", {}):
                    pid, k, outcome = output["data"]["application/x-outcome+json"]
                    said[(pid, k)] = outcome
        for (pid, k), answer in plans[number].items():
            for lang in ("en", "it"):
                want = None if answer.hidden else answer.expected(lang)
                got = tuple(said.get((pid, k), {}).get(lang, ("nothing shown", "")))
                if pid in UNKEYED:
                    ok = got == ("not_attempted", _unchecked(lang))
                else:
                    ok = got[0] == "correct" if want is None else got == ("incorrect", want)
                checked += 1
                if not ok:
                    failures.append(f"{pid} {lang} with {answer.code!r}: got {got}, want "
                                    f"{want or 'correct'!r}")
    assert not failures, f"{len(failures)} of {checked}:\n" + "\n".join(failures)
    assert checked >= 2 * sum(len(answers(p)) for n in MODULES
                              for p in module_problems(f"m{n}"))


SOLUTION_PROBES = '''
import os, json
os.environ["SOCIAL_LAB_COHORT"] = "0"
os.environ["SOCIAL_LAB_MODE"] = "self"
from lab_helpers import check, solution, settings
import lab_helpers.checks.solutions as solutions
from lab_helpers.checks import get_problem
total_population = 5
check("m00.total_population")
solution("m00.total_population")
settings.cohort_mode = lambda: False
solutions.settings.cohort_mode = lambda: False
solution("m00.total_population")
print("TEXT:", solutions.solution_text("m00.total_population", "en"))
print("KEY:", json.dumps(dict(get_problem("m00.total_population").key)))
'''


def test_nothing_set_in_a_learners_kernel_brings_solutions_back(cohort):
    from lab_helpers.checks.solutions import IN_A_COURSE
    from lab_helpers.i18n import _

    answer = solution_text("m00.total_population", "en")
    assert answer and 'districts["population"].sum()' in answer
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SOLUTION_PROBES)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    out = cohort.execute({"probes": nb})["probes"]
    shown = json.dumps(out.cells[0].outputs)
    assert _(IN_A_COURSE, "en").format(id="m00.total_population").split(":")[0] in shown
    assert 'districts[\\"population\\"].sum()' not in shown and "population\\\"].sum" not in shown
    assert "TEXT: None" in shown  # no solution region left anywhere to read
    assert str(__import__("lab_helpers").load_dataset("districts")["population"].sum()) \
        not in shown
    italian = cohort.run("from lab_helpers.checks.solutions import solution_text\n"
                         "try:\n    solution_text('m00.total_population', 'it')\n"
                         "except LookupError as error:\n    print(error)")
    assert italian.strip() == _(IN_A_COURSE, "it").format(id="m00.total_population")
