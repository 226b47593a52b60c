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
from learner_answers import MODULES, notebook_for, plan, runs
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
        sh(sys.executable, "-m", "lab_helpers.cli", "cohort-wheel", "--out", str(out),
           cwd=root, env=dict(os.environ, SOCIAL_LAB_LANG="en"))
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
            with answer_context(problem.example_context()):  # module 09's DISTRICT
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
    leaked = [(p.name, f) for p, text in code.items() for f in functions
              if re.search(rf"\bdef {re.escape(f)}\b", text) or (
                  f.startswith("_") and re.search(rf"\b{re.escape(f)}\(", text))]
    assert not leaked, leaked[:5]
    answers = _known_answers()
    assert len(answers) >= 8
    # an answer the notebook itself prints (a number to copy from the text) is public
    shown = "\n".join(c.source for module in list_modules() for path in module.notebooks.values()
                      for c in student_version_of(path).cells)
    answers = [(pid, spellings) for pid, spellings in answers
               if not any(spelling in shown for spelling in spellings)]
    assert len(answers) >= 6
    numbers = [(pid, spelling, p.name) for pid, spellings in answers for spelling in spellings
               for p, text in code.items() if re.search(
                   rf"(?<![\w.]){re.escape(spelling)}(?!\w)", text)]  # not inside a digest
    assert not numbers, numbers[:5]


# Modules whose every declared answer runs in the cohort's kernels with its exact message;
# for the others one English and one Italian run check the verdicts (test_digests.py checks
# every module's mistakes in-process), which keeps this file's kernels to a few minutes.
EXACT_MODULES = {"00", "01", "02", "03"}


def _unchecked(lang: str) -> str:
    from lab_helpers.checks.digested import UNCHECKED
    from lab_helpers.i18n import _

    return _(UNCHECKED, lang)


@pytest.mark.parametrize("number", sorted(MODULES))
def test_checks_give_each_answer_its_verdict_and_message_in_the_cohort_install(cohort, number):
    """Every declared answer of the module (the solution, right answers written another
    way, each plausible mistake) in learner notebooks run by the cohort venv's kernels; the
    released notebook itself for the blanks."""
    exact = number in EXACT_MODULES
    learner_runs = {f"{number}-en-{k}": ("en", k) for k in range(runs(number) if exact else 1)}
    learner_runs[f"{number}-it-1"] = ("it", 1)
    ran = cohort.execute({name: notebook_for(number, lang, k, learner=True)
                          for name, (lang, k) in learner_runs.items()})
    failures = []
    for name, (lang, k) in learner_runs.items():
        chosen = plan(number, k)
        for cell in ran[name].cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if not grade_id.startswith("test_"):
                continue
            exercise = grade_id.removeprefix("test_")
            answer = chosen[exercise]
            want = None if answer.hidden else answer.expected(lang)
            status, message = outcome_of(cell, f"m{number}.{exercise}", True)
            if not keyable(get_problem(f"m{number}.{exercise}")):  # checked at grading only
                ok = status == "not_attempted" and message == _unchecked(lang)
            elif exact:
                ok = status == "correct" if want is None else (status, message) == (
                    "incorrect", want)
            else:  # the verdict is the full install's; some messages are plainer (README)
                ok = status == ("correct" if want is None else "incorrect")
            if not ok:
                failures.append(f"{name} {exercise} with {answer.code!r}: got {status} "
                                f"{message!r}, want {want or 'correct'!r}")
    assert not failures, "\n".join(failures)
    module = MODULES[number]
    released = cohort.package / "_content" / "modules" / module.slug / module.notebook_name("en")
    blank = cohort.execute({f"{number}-blank": nbformat.read(released, as_version=4)})
    statuses = [outcome_of(cell, f"m{number}.{cell.metadata['nbgrader']['grade_id'][5:]}",
                           True)[0] for cell in blank[f"{number}-blank"].cells
                if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("test_")]
    assert statuses and set(statuses) == {"not_attempted"}


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
