"""The shape of lab_helpers: imports that never go round in a circle, one name per job."""

from __future__ import annotations

import ast
from collections import deque
from pathlib import Path

import lab_helpers

PACKAGE = Path(lab_helpers.__file__).resolve().parent


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
