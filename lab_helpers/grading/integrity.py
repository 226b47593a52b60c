"""Compare a submission with what learners received, and stage a repaired copy to grade.

``submitted/`` is never changed. For each learner the notebook to grade is found (also
when renamed, e.g. ``00-getting-started.it (1).ipynb``, or in the other language), then
compared with the released notebook:

- deleted or edited test cells are put back (``selfcheck.restore_test_cells``);
- changed points (or other nbgrader metadata of a graded cell) are put back;
- deleted answer cells, and deleted locked cells such as the setup cell, are put back
  blank;
- code that redefines the checks (``def check``, ``check = ...``, ``import x as check``,
  assignments to ``lab_helpers`` attributes, the grading flag ``NBGRADER_EXECUTION`` and
  other ``SOCIAL_LAB_*``/``NBGRADER*`` variables, ``exec``/``eval``, IPython's event hooks,
  input and AST transformers and exception handlers, patched comparison functions of
  Python, numpy or pandas, the course's reference code and answer keys) is commented out
  with a note.

The scan only flags: a grade never depends on it. What scores is decided after the run by
``verdicts``, outside the kernel, on the answers the checks recorded.

Each finding is recorded for the report; the repaired copy goes to the staging folder
that nbgrader is pointed at (``CourseDirectory.submitted_directory``).
"""

from __future__ import annotations

import ast
import json
import shutil
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from .. import settings
from ..i18n import N_, _
from ..selfcheck import Report, restore_test_cells

PROTECTED = {"check"}
FLAGS = {settings.NBGRADER_EXECUTION, settings.MODE}
DYNAMIC = {"exec", "eval", "compile", "__import__"}
FLAG_PREFIXES = ("SOCIAL_LAB_", "NBGRADER")
ENVIRON_CHANGES = {"clear", "pop", "popitem", "update", "setdefault", "putenv", "unsetenv"}
# what IPython lets code change about how later cells run and how their errors show
KERNEL_HOOKS = {"input_transformers_cleanup", "input_transformers_post", "ast_transformers",
                "input_transformer_manager", "set_custom_exc", "custom_exceptions",
                "showtraceback", "_showtraceback", "showsyntaxerror", "run_cell",
                "run_cell_async", "run_ast_nodes", "run_code", "transform_cell",
                "displayhook", "display_pub", "excepthook", "register_magic_function",
                "safe_execfile", "CustomTB", "InteractiveTB", "SyntaxTB", "user_ns_hidden"}
COMPARISON_MODULES = {"math", "cmath", "numpy", "pandas", "operator", "statistics",
                      "decimal", "fractions", "numbers", "builtins"}
COMPARISON_NAMES = {"math", "np", "numpy", "pd", "pandas", "operator", "float", "int", "str",
                    "bool", "list", "tuple", "object", "type"}
LOW_LEVEL = {"ctypes", "forbiddenfruit", "gc", "_ctypes", "cffi"}
# the course's reference code and its answer keys
ANSWER_MODULES = ("lab_helpers.exercises", "lab_helpers.checks.registry",
                  "lab_helpers.checks.problems", "lab_helpers.checks.solutions",
                  "lab_helpers.checks.answer_record", "lab_helpers.exercise_titles",
                  "lab_helpers.paths", "lab_helpers.catalog", "lab_helpers.authoring",
                  "lab_helpers.grading")
ANSWER_NAMES = {"exercises", "get_problem", "module_problems", "evaluate", "solution_text",
                "_PROBLEMS", "registry", "problems", "expected", "mistakes", "datasets_dir",
                "modules_dir", "content_dir", "PACKAGE_DIR", "__file__", "__path__",
                "getsourcefile", "getsource", "getfile"}
ANSWER_WORDS = ("registries_key", "case_records_defects", "lab_helpers.exercises",
                "exercises/m", "exercises.m0", "BEGIN SOLUTION", "HIDDEN TESTS", "_content")
NEUTRALISED = N_("The grader did not run the next lines: they change how exercises are "
                 "checked.")


@dataclass
class Finding:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


@dataclass
class Inspection:
    """What was found in one learner's submission, and the notebooks to grade."""

    status: str = "ok"  # ok, empty, missing, not_json
    findings: list[Finding] = field(default_factory=list)
    staged: dict[str, NotebookNode] = field(default_factory=dict)  # expected name -> nb
    sources: dict[str, str] = field(default_factory=dict)  # expected name -> file graded


def grade_id(cell: NotebookNode) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def _meta(cell: NotebookNode) -> dict[str, Any]:
    return cell.get("metadata", {}).get("nbgrader", {})


def read_notebook(path: Path) -> NotebookNode | None:
    """The notebook in ``path``, or None if it is not notebook JSON."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "nbformat" not in data or not isinstance(
                data.get("cells"), list):
            return None
        return nbformat.reads(json.dumps(data), as_version=4)
    except (OSError, ValueError, UnicodeDecodeError, KeyError, TypeError, AttributeError):
        return None


def _similarity(released: NotebookNode, nb: NotebookNode) -> float:
    wanted = {grade_id(c) for c in released.cells if grade_id(c)}
    found = {grade_id(c) for c in nb.cells if grade_id(c)}
    return len(wanted & found) / len(wanted) if wanted else 0.0


def find_notebooks(folder: Path, expected: dict[str, NotebookNode], inspection: Inspection
                   ) -> dict[str, tuple[Path, NotebookNode]]:
    """Each expected notebook's file in ``folder``, renamed ones included."""
    files = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    chosen: dict[str, tuple[Path, NotebookNode]] = {}
    unreadable: list[str] = []
    readable: dict[Path, NotebookNode] = {}
    for path in files:
        nb = read_notebook(path)
        if nb is None:
            unreadable.append(path.name)
        else:
            readable[path] = nb
    used: set[Path] = set()
    for name in expected:
        exact = folder / f"{name}.ipynb"
        if exact in readable:
            chosen[name] = (exact, readable[exact])
            used.add(exact)
    for name, released in expected.items():
        if name in chosen:
            continue
        ranked = []
        for path, nb in readable.items():
            if path in used or path.stem in expected:
                continue
            score = _similarity(released, nb)
            if score >= 0.5:
                ranked.append((score, SequenceMatcher(None, path.stem, name).ratio(),
                               path.stat().st_mtime, path))
        if ranked:
            path = max(ranked)[3]
            chosen[name] = (path, readable[path])
            used.add(path)
            inspection.findings.append(Finding("renamed_notebook", {
                "found": path.name, "expected": f"{name}.ipynb"}))
            lang = readable[path].metadata.get("social_lab", {}).get("lang")
            wanted_lang = released.metadata.get("social_lab", {}).get("lang")
            if lang and wanted_lang and lang != wanted_lang:
                inspection.findings.append(Finding("other_language", {"lang": lang}))
    if len(chosen) < len(expected):
        others = [p.name for p in folder.rglob("*") if p.is_file() and p.name != "timestamp.txt"
                  and ".ipynb_checkpoints" not in p.parts]
        if unreadable:
            inspection.status = "not_json"
            inspection.findings.append(Finding("not_json", {"files": unreadable}))
        elif not others:
            inspection.status = "empty"
            inspection.findings.append(Finding("empty_submission"))
        else:
            inspection.status = "missing"
            inspection.findings.append(Finding("missing_notebook", {
                "expected": [f"{n}.ipynb" for n in expected if n not in chosen],
                "found": sorted(others)[:10]}))
    return chosen


def _insert_missing(nb: NotebookNode, released: NotebookNode, wanted) -> list[str]:
    """Put back released cells (chosen by ``wanted``) that the learner deleted."""
    added = []
    previous = -1
    for cell in released.cells:
        gid = grade_id(cell)
        if not gid:
            continue
        present = [i for i, c in enumerate(nb.cells) if grade_id(c) == gid]
        if present:
            previous = present[0]
        elif wanted(cell):
            previous += 1
            nb.cells.insert(previous, nbformat.from_dict(cell))
            added.append(gid)
    return added


def _is_test(cell: NotebookNode) -> bool:
    meta = _meta(cell)
    return bool(meta.get("grade")) and not meta.get("solution") and cell.cell_type == "code"


def repair(nb: NotebookNode, released: NotebookNode, findings: list[Finding],
           local_modules: set[str], lang: str) -> NotebookNode:
    """A copy of ``nb`` fit for grading; what was wrong is appended to ``findings``."""
    nb = nbformat.from_dict(nb)
    answers = _insert_missing(nb, released, lambda c: bool(_meta(c).get("solution")))
    if answers:
        findings.append(Finding("missing_answer_cell", {"cells": answers}))
    locked = _insert_missing(nb, released, lambda c: bool(_meta(c).get("locked"))
                             and not _is_test(c))
    if locked:
        findings.append(Finding("deleted_locked_cell", {"cells": locked}))
    report = Report()
    nb = restore_test_cells(nb, released, report)
    if report.deleted:
        findings.append(Finding("deleted_test_cell", {"cells": report.deleted}))
    if report.edited:
        findings.append(Finding("edited_test_cell", {"cells": report.edited}))
    released_meta = {grade_id(c): c for c in released.cells if grade_id(c)}
    changed = []
    for cell in nb.cells:
        original = released_meta.get(grade_id(cell))
        if original is None or not _meta(original).get("grade"):
            continue
        mine, theirs = _meta(cell), _meta(original)
        if mine.get("points") != theirs.get("points") or mine.get("grade") != theirs.get("grade"):
            changed.append({"cell": grade_id(cell), "points": mine.get("points"),
                            "expected": theirs.get("points")})
        cell.metadata["nbgrader"] = dict(theirs)
    if changed:
        findings.append(Finding("changed_points", {"cells": changed}))
    locked_ids = {gid for gid, c in released_meta.items() if _meta(c).get("locked")}
    aliases = lab_aliases([c.source for c in nb.cells if c.cell_type == "code"])
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or grade_id(cell) in locked_ids:
            continue
        found = scan_source(cell.source, local_modules, aliases)
        if found:
            cell.source = neutralise(cell.source, found, lang)
            for code in sorted({f[0] for f in found}):
                findings.append(Finding(code, {"cell": grade_id(cell) or index + 1,
                                               "lines": sorted({f[1] for f in found
                                                                if f[0] == code})}))
    return nb


# --- the static scan -----------------------------------------------------------------


def _python(source: str) -> list[tuple[str, int]]:
    """(code, offset) pieces of a cell to parse: IPython syntax turned into Python."""
    from IPython.core.inputtransformer2 import TransformerManager

    if source.lstrip().startswith("%%"):
        head, _sep, body = source.partition("\n")
        return [(body, 1)] if head.split()[0] in ("%%capture", "%%time", "%%timeit") else []
    try:
        return [(TransformerManager().transform_cell(source), 0)]
    except Exception:  # noqa: BLE001 - IPython's own syntax errors: the cell cannot run
        return []


def _root_name(node: ast.AST) -> str:
    while isinstance(node, ast.Attribute | ast.Subscript | ast.Call):
        node = node.value if not isinstance(node, ast.Call) else node.func
    return node.id if isinstance(node, ast.Name) else ""


def _targets(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Assign):
        found = []
        for target in node.targets:
            found += list(ast.walk(target))
        return found
    if isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
        return list(ast.walk(node.target))
    if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
        return list(ast.walk(node.target))
    if isinstance(node, ast.withitem) and node.optional_vars is not None:
        return list(ast.walk(node.optional_vars))
    if isinstance(node, ast.Delete):
        found = []
        for target in node.targets:
            found += list(ast.walk(target))
        return found
    return []


def lab_aliases(sources: list[str]) -> set[str]:
    """Names bound to lab_helpers or its contents by the imports of a notebook's cells."""
    aliases = {"lab_helpers"}
    for source in sources:
        for code, _offset in _python(source):
            try:
                tree = ast.parse(code)
            except (SyntaxError, ValueError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    for alias in node.names:
                        if alias.name.split(".")[0] == "lab_helpers":
                            aliases.add(alias.asname or "lab_helpers")
                elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                        "lab_helpers"):
                    aliases.update(a.asname or a.name for a in node.names
                                   if a.name != "*" and (a.asname or a.name) not in PROTECTED)
    return aliases


def _comparison_aliases(tree: ast.AST) -> set[str]:
    names = set(COMPARISON_NAMES)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.asname or a.name.split(".")[0] for a in node.names
                         if a.name.split(".")[0] in COMPARISON_MODULES)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in \
                COMPARISON_MODULES:
            names.update(a.asname or a.name for a in node.names if a.name != "*")
    return names


def _answer_module(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in ANSWER_MODULES)


def _hostile(tree: ast.AST, lab_aliases: set[str]) -> list[str]:
    """Codes of kernel hooks, patched comparisons, answer keys and grading variables."""
    found = []
    compared = _comparison_aliases(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in KERNEL_HOOKS:
            found.append("kernel_hooks")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if text in KERNEL_HOOKS:
                found.append("kernel_hooks")
            if text.startswith(FLAG_PREFIXES):
                found.append("changed_grading_flag")
            if any(word in text for word in ANSWER_WORDS) or _answer_module(text):
                found.append("answer_key_access")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [
                node.module or ""]
            if any(_answer_module(m) for m in modules):
                found.append("answer_key_access")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "lab_helpers") and {a.name for a in node.names} & ANSWER_NAMES:
                found.append("answer_key_access")
            if any(m.split(".")[0] in LOW_LEVEL for m in modules):
                found.append("patched_comparison")
        elif isinstance(node, ast.Attribute) and node.attr in ANSWER_NAMES and (
                _root_name(node) in lab_aliases or node.attr in (
                    "_PROBLEMS", "get_problem", "module_problems", "solution_text")):
            found.append("answer_key_access")
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in ("setattr", "delattr") and node.args and (
                    _root_name(node.args[0]) in compared):
                found.append("patched_comparison")
            if isinstance(func, ast.Attribute) and func.attr in ENVIRON_CHANGES and (
                    func.attr in ("putenv", "unsetenv") or (
                        isinstance(func.value, ast.Attribute) and func.value.attr == "environ")):
                found.append("changed_grading_flag")
            if name in ("import_module", "find_spec", "spec_from_file_location"):
                found.append("answer_key_access")
        for target in _targets(node):
            if isinstance(target, ast.Attribute | ast.Subscript):
                root = _root_name(target)
                if root in compared and "options" not in ast.unparse(target):
                    found.append("patched_comparison")
                if isinstance(target, ast.Subscript) and isinstance(
                        target.value, ast.Attribute) and target.value.attr == "environ":
                    found.append("changed_grading_flag")
    return found


def _problems(tree: ast.AST, local_modules: set[str], lab_aliases: set[str]) -> list[str]:
    """Codes of what a statement does to the grading."""
    found = _hostile(tree, lab_aliases)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.asname or alias.name) in PROTECTED:
                    found.append("redefined_check")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            for alias in node.names:
                bound = alias.asname or alias.name
                if alias.name == "*" and module.split(".")[0] in local_modules:
                    found.append("redefined_check")
                elif bound in PROTECTED and not (module.startswith("lab_helpers")
                                                 and alias.name in PROTECTED):
                    found.append("redefined_check")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) \
                and node.name in PROTECTED:
            found.append("redefined_check")
        elif isinstance(node, ast.Global | ast.Nonlocal) and PROTECTED & set(node.names):
            found.append("redefined_check")
        elif isinstance(node, ast.Constant) and node.value in FLAGS:
            found.append("changed_grading_flag")
        elif isinstance(node, ast.Attribute) and node.attr == "events" \
                and _root_name(node) == "get_ipython":
            found.append("tampered_grader")
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else ""
            if name in DYNAMIC:
                found.append("dynamic_code")
            elif name in ("setattr", "delattr") and node.args and (
                    _root_name(node.args[0]) in lab_aliases | {"sys"}):
                found.append("monkeypatched_lab_helpers")
            elif name == "globals" or (isinstance(node.func, ast.Attribute)
                                       and node.func.attr == "run_line_magic" and node.args
                                       and isinstance(node.args[0], ast.Constant)
                                       and node.args[0].value in ("run", "load")):
                found.append("dynamic_code")
        for target in _targets(node):
            if isinstance(target, ast.Name) and target.id in PROTECTED:
                found.append("redefined_check")
            elif isinstance(target, ast.Attribute | ast.Subscript):
                root = _root_name(target)
                if root in lab_aliases:
                    found.append("monkeypatched_lab_helpers")
                elif root in ("sys", "builtins", "__builtins__"):
                    found.append("tampered_grader")
    return found


def scan_source(source: str, local_modules: set[str] | None = None,
                aliases: set[str] | None = None) -> list[tuple[str, int, int]]:
    """(code, first line, last line) of each top-level statement that touches grading."""
    aliases = aliases if aliases is not None else lab_aliases([source])
    results = []
    for code, offset in _python(source):
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError):
            continue
        for statement in tree.body:
            for problem in sorted(set(_problems(statement, local_modules or set(), aliases))):
                results.append((problem, statement.lineno + offset,
                                (statement.end_lineno or statement.lineno) + offset))
    return results


def neutralise(source: str, found: list[tuple[str, int, int]], lang: str) -> str:
    """Comment out the flagged lines, with a note in the notebook's language."""
    lines = source.split("\n")
    flagged = set()
    for _code, first, last in found:
        flagged.update(range(first - 1, min(last, len(lines))))
    out = []
    noted = False
    for index, line in enumerate(lines):
        if index in flagged:
            if not noted:
                out.append("# " + _(NEUTRALISED, lang or None))
                noted = True
            out.append("# " + line)
        else:
            noted = False
            out.append(line)
    return "\n".join(out)


# --- one learner ---------------------------------------------------------------------


def inspect_submission(folder: Path, expected: dict[str, NotebookNode], lang: str,
                       repair_cells: bool = True) -> Inspection:
    """Find, compare and repair the notebooks of one learner's submission folder.

    ``repair_cells=False`` only finds them: nbgrader's pipeline repairs them
    (``integrity_step``), as it does in every other way of grading.
    """
    inspection = Inspection()
    chosen = find_notebooks(folder, expected, inspection)
    if inspection.status != "ok":
        return inspection
    local = {p.stem for p in folder.rglob("*.py")} | {p.name for p in folder.iterdir()
                                                       if p.is_dir()}
    for name, (path, nb) in chosen.items():
        inspection.sources[name] = path.name
        inspection.staged[name] = (repair(nb, expected[name], inspection.findings, local, lang)
                                   if repair_cells else nb)
    return inspection


def stage(inspection: Inspection, folder: Path, target: Path) -> None:
    """Write the repaired notebooks and the submission's other files into ``target``."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            dest = target / path.relative_to(folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
    for name, nb in inspection.staged.items():
        nbformat.write(nb, target / f"{name}.ipynb")
