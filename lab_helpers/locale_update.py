"""Refresh the Italian catalogs from the code: ``python -m lab_helpers.locale_update``.

Each part's messages (``_()``, ``N_()``, ``ngettext()``) are extracted with Babel from the
source files that ``i18n.CATALOGS`` gives it, and merged into that part's catalog: a new
message takes the translation it already has in another catalog, or stays untranslated; a
changed message keeps its old translation marked fuzzy, to review; a removed one is
dropped. A catalog is rewritten only when what it says changes. The tests fail until every
message has a reviewed Italian translation.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from . import __version__
from .i18n import CATALOGS, LOCALE_DIR, catalog_of

PACKAGE = Path(__file__).parent
# The functions that mark a message; ngettext's first two arguments are one plural pair.
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "N_": None, "ngettext": (1, 2)}
LANGUAGE = "it"
# Italian has one form for 1 and one for every other count: "1 esercizio", "0 esercizi".
# (Babel's newer locale data add a third form for millions, "1 milione di"; not needed.)
PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
WIDTH = 100
CATALOG_DIR = LOCALE_DIR / LANGUAGE / "LC_MESSAGES"


def source_files() -> list[str]:
    """Every Python file of the package, as a path inside lab_helpers/ ("checks/runner.py")."""
    return sorted(path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py"))


def messages_of(source: str) -> list[tuple[str | tuple[str, ...], int]]:
    """The messages marked in one source file, with their line numbers."""
    found = extract_from_file("python", PACKAGE / source, keywords=KEYWORDS)
    return [(message, line) for line, message, _comments, _context in found]


def parts() -> dict[str, list[str]]:
    """Each catalog's source files, only those that mark messages; "" for files of no part."""
    found: dict[str, list[str]] = {}
    for source in source_files():
        if messages_of(source):
            found.setdefault(catalog_of(source) or "", []).append(source)
    return found


def template(sources: Iterable[str]) -> Catalog:
    """The messages of some source files, as a catalog without translations."""
    catalog = Catalog(locale=LANGUAGE, fuzzy=False)
    for source in sources:
        for message, line in messages_of(source):
            catalog.add(message, locations=[(f"lab_helpers/{source}", line)])
    return catalog


def po_path(name: str) -> Path:
    return CATALOG_DIR / f"{name}.po"


def key(msgid: str | tuple[str, ...]) -> str:
    """A message's English singular: how gettext finds it."""
    return msgid if isinstance(msgid, str) else msgid[0]


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=LANGUAGE)


def translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return all(strings) and not message.fuzzy


def new_catalog(name: str) -> Catalog:
    sources = CATALOGS.get(name, (f"exercises/{name}.py",))
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    catalog = Catalog(
        locale=LANGUAGE, domain=name, project="social-innovation-lab", version=__version__,
        header_comment=(f"# Italian translations for social-innovation-lab: the messages of\n"
                        f"# lab_helpers/{', lab_helpers/'.join(sources)}.\n"
                        "# This file is distributed under the same license as the "
                        "social-innovation-lab project.\n#"),
        creation_date=now, revision_date=now, last_translator="Social Innovation Lab",
        language_team="Social Innovation Lab", fuzzy=False)
    catalog.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    return catalog


def update(name: str, sources: list[str], known: dict[str, Message]) -> Catalog:
    """A part's catalog brought up to date with its sources (not written)."""
    path = po_path(name)
    catalog = read(path) if path.exists() else new_catalog(name)
    catalog.update(template(sources), update_creation_date=False)
    for message in catalog:
        other = known.get(key(message.id))
        if message.id and not translated(message) and other and other.id == message.id:
            message.string = other.string
            message.flags.discard("fuzzy")
    return catalog


def content(catalog: Catalog) -> list[tuple[str, ...]]:
    """What a catalog says, without its layout (location comments, line wrapping)."""
    return sorted((repr(m.id), repr(m.string), repr(sorted(m.flags))) for m in catalog if m.id)


def write(catalog: Catalog, path: Path) -> bool:
    """Write a catalog whose messages or translations changed; True when it did."""
    if path.exists() and content(read(path)) == content(catalog):
        return False
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, ignore_obsolete=True, include_lineno=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return True


def main() -> int:
    by_part = parts()
    orphans = by_part.pop("", [])
    if orphans:
        print("These files mark messages but belong to no catalog: add them to CATALOGS in "
              "lab_helpers/i18n.py: " + ", ".join(orphans), file=sys.stderr)
        return 1
    existing = sorted(CATALOG_DIR.glob("*.po"))
    known = {}
    for path in existing:
        for message in read(path):
            if message.id and translated(message):
                known[key(message.id)] = message
    for name, sources in sorted(by_part.items()):
        catalog, path = update(name, sources, known), po_path(name)
        todo = sum(1 for m in catalog if m.id and not translated(m))
        changed = write(catalog, path)
        if changed or todo:
            print(f"{path.relative_to(PACKAGE.parent)}: {'updated, ' if changed else ''}"
                  f"{todo} to translate or review")
    unused = [p.name for p in existing if p.stem not in by_part]
    if unused:
        print("No source file uses these catalogs any more: delete them: " + ", ".join(unused),
              file=sys.stderr)
    return 1 if unused else 0


if __name__ == "__main__":
    sys.exit(main())
