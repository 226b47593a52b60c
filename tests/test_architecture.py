"""The shape of lab_helpers: imports that never go round in a circle, one name per job,
environment settings read in one place."""

from __future__ import annotations

import ast
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import lab_helpers
from lab_helpers import settings

PACKAGE = Path(lab_helpers.__file__).resolve().parent
SETTINGS = PACKAGE / "settings.py"
OUR_VARIABLE = re.compile(r"(SOCIAL_LAB|NBGRADER)_[A-Z0-9_]+")


def module_files(package: Path) -> dict[str, Path]:
    """Every module of a package by dotted name (a package by its own name)."""
    files = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def _within(name: str, known: dict[str, Path]) -> str | None:
    """``name`` if it is a module of the package, else its nearest enclosing one."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``name`` imports, at module level or in any function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            # ``from x import y``: the submodule x.y if there is one, else x itself
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                       for alias in node.names]
        found.update(m for m in (_within(t, known) for t in targets) if m)
    found.discard(name)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    """Who imports whom inside a package."""
    known = module_files(package)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``a, b, ..., a``) per group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_shortest_cycle(graph, group) for group in groups]


def _shortest_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    start = min(group)
    queue, seen = deque([[start]]), {start}
    while queue:
        path = queue.popleft()
        for nxt in sorted(graph[path[-1]] & group):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                queue.append(path + [nxt])
    raise AssertionError("a strongly connected group always has a cycle")


def test_lab_helpers_has_no_import_cycle():
    found = cycles(import_graph(PACKAGE))
    assert not found, "import cycles in lab_helpers:\n" + "\n".join(
        " -> ".join(cycle) for cycle in found)


def test_the_graph_sees_every_kind_of_import(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("import pkg.sub.b\ndef f():\n    from .sub import c\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("from pkg.sub.c import g\n")
    (pkg / "sub" / "c.py").write_text("def g():\n    from ..a import f\n    from .. import d\n")
    (pkg / "d.py").write_text("import os\n")
    graph = import_graph(pkg)
    assert graph == {"pkg": {"pkg.a"}, "pkg.a": {"pkg.sub.b", "pkg.sub.c"}, "pkg.sub": set(),
                     "pkg.sub.b": {"pkg.sub.c"}, "pkg.sub.c": {"pkg.a", "pkg.d"}, "pkg.d": set()}
    assert cycles(graph) == [["pkg.a", "pkg.sub.c", "pkg.a"]]
    (pkg / "d.py").write_text("from . import a\n")
    assert cycles(import_graph(pkg)) == [["pkg.a", "pkg.sub.c", "pkg.a"]]  # one group, named once


def test_no_two_modules_share_a_name():
    by_stem: dict[str, list[str]] = {}
    for name, path in module_files(PACKAGE).items():
        if path.stem != "__init__":
            by_stem.setdefault(path.stem, []).append(name)
    shared = {stem: names for stem, names in by_stem.items() if len(names) > 1}
    assert not shared, "modules of lab_helpers with the same file name: " + "; ".join(
        ", ".join(names) for names in shared.values())


def setting_names() -> dict[str, str]:
    """settings.py's constants: their name in Python, the variable they name."""
    names = {}
    for node in ast.parse(SETTINGS.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str) and OUR_VARIABLE.fullmatch(node.value.value):
            names.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})
    return names


def _is_environ(node: ast.expr) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "environ") or (
        isinstance(node, ast.Name) and node.id == "environ")


def _environment_keys(tree: ast.Module) -> Iterator[ast.expr]:
    """The key of every read of the environment: os.environ.get, [], in, setdefault, getenv."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in ("get", "setdefault") \
                    and _is_environ(func.value):
                yield node.args[0]
            elif (isinstance(func, ast.Attribute) and func.attr == "getenv") or (
                    isinstance(func, ast.Name) and func.id == "getenv"):
                yield node.args[0]
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) \
                and _is_environ(node.value):
            yield node.slice
        elif isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn)
                                                   for op in node.ops) \
                and any(_is_environ(c) for c in node.comparators):
            yield node.left


def environment_reads(source: str, names: dict[str, str]) -> list[tuple[int, str]]:
    """(line, variable) of each read of a SOCIAL_LAB_* or NBGRADER_* variable in ``source``.

    A key is a string, a module-level constant of the same source, a constant imported
    from settings, or ``settings.NAME``.
    """
    tree = ast.parse(source)
    local: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            local.update({t.id: node.value.value for t in node.targets if isinstance(t, ast.Name)})
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("settings"):
            local.update({a.asname or a.name: names[a.name] for a in node.names if a.name in names})
    reads = []
    for key in _environment_keys(tree):
        value = None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            value = key.value
        elif isinstance(key, ast.Name):
            value = local.get(key.id)
        elif isinstance(key, ast.Attribute) and isinstance(key.value, ast.Name) \
                and key.value.id == "settings":
            value = names.get(key.attr)
        if value and OUR_VARIABLE.fullmatch(value):
            reads.append((key.lineno, value))
    return sorted(reads)


def _modules_but_settings() -> Iterator[tuple[str, str]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != SETTINGS:
            yield path.relative_to(PACKAGE.parent).as_posix(), path.read_text(encoding="utf-8")


def test_only_settings_reads_the_course_environment():
    names = setting_names()
    found = [f"{where}:{line} reads {variable}" for where, source in _modules_but_settings()
             for line, variable in environment_reads(source, names)]
    assert not found, "read these through lab_helpers/settings.py:\n" + "\n".join(found)


def test_only_settings_spells_the_variables_names():
    found = []
    for where, source in _modules_but_settings():
        for node in ast.walk(ast.parse(source)):
            name = node.value if isinstance(node, ast.Constant) else (
                node.arg if isinstance(node, ast.keyword) else None)
            if isinstance(name, str) and OUR_VARIABLE.fullmatch(name):
                found.append(f"{where}:{node.lineno} {name}")
    assert not found, "use the constants of lab_helpers/settings.py:\n" + "\n".join(found)


def test_every_setting_has_an_accessor_with_a_docstring():
    names = setting_names()
    assert len(set(names.values())) == len(names)  # one constant per variable
    accessors = [node for node in ast.parse(SETTINGS.read_text(encoding="utf-8")).body
                 if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    assert all(getattr(settings, f.name).__doc__ for f in accessors)
    read = {n.id for f in accessors for n in ast.walk(f) if isinstance(n, ast.Name)}
    assert set(names) <= read, f"settings without an accessor: {set(names) - read}"


def test_the_scan_sees_every_way_to_read_a_variable():
    names = {"COHORT": "SOCIAL_LAB_COHORT"}
    source = ("import os\nfrom os import environ, getenv\nfrom .settings import COHORT\n"
              "LOCAL = 'NBGRADER_EXECUTION'\n"
              "os.environ.get('SOCIAL_LAB_A')\nos.environ['SOCIAL_LAB_B']\n"
              "'SOCIAL_LAB_C' in os.environ\nos.getenv('SOCIAL_LAB_D', '')\n"
              "environ.get(LOCAL)\ngetenv(COHORT)\nos.environ.get(settings.COHORT)\n"
              "os.environ['SOCIAL_LAB_E'] = '1'\nos.environ.get('HOME')\n")
    assert environment_reads(source, names) == [
        (5, "SOCIAL_LAB_A"), (6, "SOCIAL_LAB_B"), (7, "SOCIAL_LAB_C"), (8, "SOCIAL_LAB_D"),
        (9, "NBGRADER_EXECUTION"), (10, "SOCIAL_LAB_COHORT"), (11, "SOCIAL_LAB_COHORT")]
