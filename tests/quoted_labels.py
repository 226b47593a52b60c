"""The menu items the course names to learners, and where it names them.

A notebook or a message names a menu item in one phrasing per language, so that the tests find
every quote and check it against the labels JupyterLab shows: English ``in the *Run* menu,
choose *Run All Above Selected Cell*``, Italian ``nel menu *Esegui* scegli *...*`` (asterisks,
double quotes or « »).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from conftest import MODULES

from lab_helpers import locale_update

_OPEN, _CLOSE = r'[*"«]', r'[*"»]'
QUOTE = {
    "en": re.compile(rf"in the {_OPEN}?(?P<menu>\w[\w ]*?){_CLOSE}? menu, choose "
                     rf"{_OPEN}(?P<item>[^*\"»]+){_CLOSE}"),
    "it": re.compile(rf"nel menu {_OPEN}?(?P<menu>\w[\w ]*?){_CLOSE}?,? scegli "
                     rf"{_OPEN}(?P<item>[^*\"»]+){_CLOSE}"),
}
# any naming of a menu: it must be part of a quote above
NAMES_A_MENU = {"en": re.compile(rf"{_OPEN}?\b[A-Z]\w*{_CLOSE}? menu\b"),
                "it": re.compile(rf"\bmenu {_OPEN}?[A-Z]")}

# (menu, item) as quoted, in English and in Italian: the labels learners must find
QUOTED: list[dict[str, tuple[str, str]]] = [
    {"en": ("Run", "Run All Above Selected Cell"),
     "it": ("Esegui", "Esegui tutte le celle sopra quella selezionata")},
]


def course_texts(lang: str) -> Iterator[tuple[str, str]]:
    """(where, text): every notebook's markdown and every message, in ``lang``."""
    for path in sorted(MODULES.glob(f"*/*.{lang}.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for number, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                yield f"{path.name} cell {number}", "".join(cell["source"])
    for path in sorted(locale_update.CATALOG_DIR.glob("*.po")):
        for message in locale_update.read(path):
            text = message.id if lang == "en" else message.string
            for form in (text,) if isinstance(text, str) else text:
                if form:
                    yield path.name, form


def quotes(lang: str) -> Iterator[tuple[str, tuple[str, str]]]:
    """(where, (menu, item)) of every quote in the course."""
    for where, text in course_texts(lang):
        for match in QUOTE[lang].finditer(text):
            yield where, (match["menu"], match["item"])


def loose_mentions(lang: str) -> Iterator[tuple[str, str]]:
    """(where, words) of every menu named outside the quoting phrase."""
    for where, text in course_texts(lang):
        spans = [match.span() for match in QUOTE[lang].finditer(text)]
        for match in NAMES_A_MENU[lang].finditer(text):
            if not any(start <= match.start() < end for start, end in spans):
                yield where, text[max(0, match.start() - 30):match.end() + 30]
