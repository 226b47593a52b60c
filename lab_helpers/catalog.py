"""The curriculum's modules, read from their source notebooks' metadata."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .i18n import LANGUAGES, _
from .paths import modules_dir


class UnknownModuleError(LookupError):
    """A module id that the curriculum does not have."""


@dataclass(frozen=True)
class Module:
    """One module: its folder, and per language its notebook and metadata."""

    slug: str  # "00-getting-started"
    notebooks: dict[str, Path] = field(default_factory=dict)  # lang -> source notebook
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # lang -> metadata

    @property
    def number(self) -> str:
        return self.slug.split("-", 1)[0]

    def title(self, lang: str) -> str:
        return self.info(lang).get("title", self.slug)

    def minutes(self) -> int:
        return int(next(iter(self.meta.values())).get("minutes", 0))

    def info(self, lang: str) -> dict[str, Any]:
        return self.meta.get(lang) or next(iter(self.meta.values()))

    def notebook_name(self, lang: str) -> str:
        return self.notebooks[lang].name


@cache
def _modules(root: Path) -> tuple[Module, ...]:
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and p.name[:2].isdigit()):
        notebooks, meta = {}, {}
        for lang in LANGUAGES:
            path = folder / f"{folder.name}.{lang}.ipynb"
            if path.exists():
                notebooks[lang] = path
                notebook = json.loads(path.read_text(encoding="utf-8"))
                meta[lang] = dict(notebook.get("metadata", {}).get("social_lab", {}))
        if notebooks:
            found.append(Module(folder.name, notebooks, meta))
    return tuple(found)


def list_modules() -> list[Module]:
    """Every module, in curriculum order."""
    return list(_modules(modules_dir()))


def find_module(ident: str) -> Module:
    """A module by number ("0", "00") or name ("getting-started", "00-getting-started")."""
    key = str(ident).strip().lower()
    for module in list_modules():
        number, _sep, name = module.slug.partition("-")
        if key in (module.slug, name) or (key.isdigit() and int(key) == int(number)):
            return module
    slugs = [m.slug for m in list_modules()]
    message = _("There is no module '{name}'.").format(name=ident)
    close = difflib.get_close_matches(key, slugs, n=1, cutoff=0.4)
    if close:
        message += " " + _("Did you mean '{close}'?").format(close=close[0])
    message += " " + _("The modules are: {names}.").format(names=", ".join(slugs))
    raise UnknownModuleError(message)
