"""Learner-facing language: gettext catalogs (.po files read with Babel).

Messages are written in English in the code, marked with ``_()`` (translated now),
``N_()`` (marked for translation, translated later) or ``ngettext()`` (a sentence with a
count: "1 exercise", "2 exercises"). Italian lives in ``locale/it/LC_MESSAGES/*.po``, one
catalog per part of the package (``CATALOGS``); ``python -m lab_helpers.locale_update``
refreshes them from the code. A message is looked up in all the catalogs at once, since
one part often shows another's messages (checks/ shows the hints of exercises/mNN.py); the
tests make sure that an English message has the same Italian in every catalog, so the
lookup never depends on which catalog is read first.
"""

from __future__ import annotations

import io
import locale
import os
import re
from functools import cache
from pathlib import Path, PurePosixPath

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from . import settings

LANGUAGES = ("it", "en")
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

_current = {"lang": ""}

# Which catalog, locale/<lang>/LC_MESSAGES/<name>.po, holds the messages of which source
# files: paths inside lab_helpers/, a folder standing for every file below it. Besides
# these, each module's exercises, exercises/mNN.py, have a catalog of their own, mNN.po.
CATALOGS: dict[str, tuple[str, ...]] = {
    "checks": ("checks/",),
    "grading": ("grading/",),
    "cli": ("__init__.py", "catalog.py", "cli.py", "cli_parser.py", "progress_report.py",
            "progress_store.py", "selfcheck.py", "student_version.py", "workspace.py",
            "brief_export.py", "cohort_wheel.py"),
    "trainer": ("trainer_sheet.py", "rubrics.py", "trainer_only.py"),
    "errors": ("errors.py",),
    "datasets": ("datasets.py", "indigo.py"),
    "domain": ("domain/",),
}
_EXERCISES = re.compile(r"exercises/(m\d\d)\.py")


class UnknownLanguageError(ValueError):
    """A language the curriculum is not written in."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for translation without translating it yet."""
    return message


def catalog_of(path: str) -> str | None:
    """The catalog of a source file ("checks/compare.py" -> "checks"); None if it has none."""
    path = PurePosixPath(path).as_posix()
    exercises = _EXERCISES.fullmatch(path)
    if exercises:
        return exercises.group(1)
    for name, sources in CATALOGS.items():
        if any(path == s or (s.endswith("/") and path.startswith(s)) for s in sources):
            return name
    return None


@cache
def translations(lang: str) -> NullTranslations:
    """Every catalog of one language as one (English is the source language)."""
    if lang == "en":
        return NullTranslations()
    merged: Translations | None = None
    for po_file in sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(fp=buffer)
        merged = part if merged is None else merged.merge(part)
    return merged or NullTranslations()


def check_language(lang: str) -> str:
    """Return ``lang`` normalised ("IT" -> "it"), or raise UnknownLanguageError."""
    norm = (lang or "").strip().lower().replace("-", "_").split("_")[0]
    if norm not in LANGUAGES:
        raise UnknownLanguageError(lang)
    return norm


def language_from_locale() -> str:
    """Italian on an Italian locale, English otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "it" if value.lower().startswith("it") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "it" if code.lower().startswith("it") else "en"


def current_language() -> str:
    """The language set by ``set_language``, else SOCIAL_LAB_LANG, else the locale's."""
    if _current["lang"]:
        return _current["lang"]
    env = settings.language()
    if env:
        try:
            return check_language(env)
        except UnknownLanguageError:
            pass
    return language_from_locale()


def set_language(lang: str) -> str:
    """Choose the language of every later message; returns the normalised code."""
    _current["lang"] = check_language(lang)
    return _current["lang"]


def _(message: str, lang: str | None = None) -> str:
    """Translate ``message`` into ``lang`` (default: the current language)."""
    return translations(lang or current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    """Translate a message with a count: the singular or the plural form that suits ``n``.

    ``n`` is the count the words agree with: ``ngettext("{done} of {total} exercises", ...,
    done)`` gives "1 esercizio su 13" and "2 esercizi su 13".
    """
    return translations(lang or current_language()).ngettext(singular, plural, n)


def format_number(value: float, lang: str | None = None, decimals: int | None = None) -> str:
    """A number as readers of ``lang`` write it (1.180 and 26,9 in Italian)."""
    from babel.numbers import format_decimal

    lang = lang or current_language()
    pattern = None if decimals is None else "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale="it_IT" if lang == "it" else "en_GB")
