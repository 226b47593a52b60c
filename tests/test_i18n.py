"""The message catalog is complete in Italian, and languages are chosen as promised."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from lab_helpers import i18n

PACKAGE = Path(i18n.__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS):
        found.update(message if isinstance(message, tuple) else (message,))
    return found


def italian() -> dict[str, object]:
    catalogs = {}
    for po_file in sorted((PACKAGE / "locale" / "it" / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            for message in read_po(handle, locale="it"):
                if message.id:
                    catalogs[message.id if isinstance(message.id, str) else message.id[0]] = message
    return catalogs


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[a-z_]*\}", text))


def test_every_message_has_an_italian_translation():
    messages, catalog = extracted(), italian()
    assert len(messages) > 50
    missing = sorted(m for m in messages if m not in catalog or not catalog[m].string)
    assert missing == []
    fuzzy = sorted(m for m in messages if m in catalog and catalog[m].fuzzy)
    assert fuzzy == []


def test_translations_keep_the_placeholders():
    for msgid, message in italian().items():
        assert placeholders(msgid) == placeholders(message.string), msgid


def test_no_stale_translations():
    stale = sorted(set(italian()) - extracted())
    assert stale == []


def test_language_from_locale(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "it_IT.UTF-8")
    assert i18n.language_from_locale() == "it"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert i18n.language_from_locale() == "en"


def test_set_language_normalises_and_rejects_unknown():
    assert i18n.set_language("IT") == "it"
    assert i18n.set_language("en_GB") == "en"
    with pytest.raises(i18n.UnknownLanguageError):
        i18n.set_language("fr")


def test_translation_and_numbers_in_both_languages():
    assert i18n._("Correct! Well done.", "it") == "Corretto! Ben fatto."
    assert i18n._("Correct! Well done.", "en") == "Correct! Well done."
    assert i18n.format_number(1180, "it") == "1.180"
    assert i18n.format_number(26.9, "it", decimals=1) == "26,9"
    assert i18n.format_number(1180, "en") == "1,180"
