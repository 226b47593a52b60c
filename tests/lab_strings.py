"""The messages the installed JupyterLab asks to translate, read from its bundles and schemas.

A message is ``msgid``, or ``context + "\\x04" + msgid`` (the layout of a language pack's JSON),
and is asked for in the singular (``trans.__``, ``trans._p``) or with a plural (``trans._n``,
``trans._np``). JupyterLab's gettext uses a translation only if it has one form for a singular
call and two for a plural one.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

SHARE = Path(sys.prefix) / "share" / "jupyter"
# where the code that loads each translation domain lives
DOMAIN_SOURCES = {
    "jupyterlab": ["lab/static"],
    "notebook": ["labextensions/@jupyter-notebook", "labextensions/@jupyter/nbgrader"],
    "jupyterlab_widgets": ["labextensions/@jupyter-widgets"],
}
SINGULAR, PLURAL = "singular", "plural"
_LITERAL = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|`(?:[^`\\$]|\\.)*`'
_ARGUMENT = rf"(?:\s*,\s*({_LITERAL}))?"
_CALL = re.compile(rf"\.(__|_p|_n|_np)\(\s*({_LITERAL}){_ARGUMENT}{_ARGUMENT}")


def _text(literal: str) -> str:
    """The value of a JavaScript string literal (quotes or a template without ``${}``)."""
    if literal.startswith("`"):
        body = literal[1:-1].replace('"', '\\"').replace("\n", "\\n")
        literal = f'"{body}"'
    return ast.literal_eval(literal)


class LabMessage(NamedTuple):
    kinds: frozenset[str]  # SINGULAR, PLURAL or both
    plural: str  # the English plural, "" if never asked for with one


def _calls(code: str) -> Iterator[tuple[str, str, str]]:
    """(key, SINGULAR or PLURAL, English plural) of every call with literal arguments."""
    for function, *literals in _CALL.findall(code):
        with_context = function in ("_p", "_np")
        arity = (2 if with_context else 1) + (function in ("_n", "_np"))
        if not all(literals[:arity]):
            continue
        try:
            texts = [_text(literal) for literal in literals[:arity]]
        except (SyntaxError, ValueError):
            continue
        key = "\x04".join(texts[:2]) if with_context else texts[0]
        plural = texts[-1] if function in ("_n", "_np") else ""
        yield key, PLURAL if plural else SINGULAR, plural


def _main_menu_labels(schema: object) -> Iterator[str]:
    """Labels of the main menus in a settings schema: the menu bar translates them, in the
    "menu" context (the context menus' labels are translated on the server, from the pack)."""
    menus = schema.get("jupyter.lab.menus", {}) if isinstance(schema, dict) else {}
    pending: list[object] = [menus.get("main", [])]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                yield node["label"]
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)


@cache
def lab_messages(domain: str) -> dict[str, LabMessage]:
    """Every message of ``domain`` the installed code asks for, and how."""
    kinds: dict[str, set[str]] = defaultdict(set)
    plurals: dict[str, str] = {}
    for folder in DOMAIN_SOURCES[domain]:
        for script in sorted((SHARE / folder).rglob("*.js")):
            code = script.read_text(encoding="utf-8", errors="replace")
            for key, kind, plural in _calls(code):
                kinds[key].add(kind)
                plurals[key] = plural or plurals.get(key, "")
    if domain == "jupyterlab":
        for schema in sorted((SHARE / "lab" / "schemas").rglob("*.json")):
            for label in _main_menu_labels(json.loads(schema.read_text(encoding="utf-8"))):
                kinds[f"menu\x04{label}"].add(SINGULAR)
    return {key: LabMessage(frozenset(found), plurals.get(key, "")) for key, found in kinds.items()}
