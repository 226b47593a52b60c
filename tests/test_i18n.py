"""The message catalogs are complete in Italian, one per part of the package, agree with
each other, and languages are chosen as promised."""

from __future__ import annotations

import ast
import re
from functools import cache

import pytest
from babel.messages.catalog import Message

from lab_helpers import i18n, locale_update
from lab_helpers.locale_update import key

PARTS = locale_update.parts()  # catalog -> its source files that mark messages
NAMES = sorted(name for name in PARTS if name)


def forms(text: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return (text or "",) if not isinstance(text, tuple | list) else tuple(text)


@cache
def extracted(name: str) -> dict[str, str | tuple[str, ...]]:
    """The messages of one part's source files, by their English singular."""
    return {key(message): message for source in PARTS[name]
            for message, _line in locale_update.messages_of(source)}


@cache
def catalog(name: str) -> dict[str, Message]:
    return {key(m.id): m for m in locale_update.read(locale_update.po_path(name)) if m.id}


def catalog_files() -> list[str]:
    return sorted(path.stem for path in locale_update.CATALOG_DIR.glob("*.po"))


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{[a-z_]*\}", text))


def test_every_source_file_that_marks_messages_has_a_catalog():
    assert PARTS.get("", []) == []
    assert {"checks", "grading", "cli", "errors", "m00"} <= set(NAMES)


def test_catalogs_follow_folders_so_that_files_can_be_renamed():
    assert i18n.catalog_of("checks/a_new_file.py") == "checks"
    assert i18n.catalog_of("grading/a_new_file.py") == "grading"
    assert i18n.catalog_of("domain/a_new_model.py") == "domain"
    assert i18n.catalog_of("exercises/m07.py") == "m07"
    assert i18n.catalog_of("exercises/__init__.py") is None
    assert i18n.catalog_of("checks.py") is None


@pytest.mark.parametrize("name", NAMES)
def test_every_message_has_an_italian_translation_in_its_parts_catalog(name):
    messages, translations = extracted(name), catalog(name)
    assert messages
    missing = sorted(k for k in messages if k not in translations
                     or not all(forms(translations[k].string)))
    assert missing == []
    fuzzy = sorted(k for k in messages if k in translations and translations[k].fuzzy)
    assert fuzzy == []
    # a plural pair in the code is the same pair in the catalog, with every Italian form
    pairs = sorted(k for k, m in messages.items() if k in translations
                   and translations[k].id != m)
    assert pairs == []


def test_the_catalogs_hold_every_message():
    assert sum(len(extracted(name)) for name in NAMES) > 50


def test_no_stale_catalogs_or_translations():
    assert catalog_files() == NAMES
    stale = sorted((name, k) for name in NAMES for k in set(catalog(name)) - set(extracted(name)))
    assert stale == []


def test_an_english_message_has_one_italian_translation_across_the_catalogs():
    found: dict[str, dict[tuple, list[str]]] = {}
    for name in catalog_files():
        for k, message in catalog(name).items():
            found.setdefault(k, {}).setdefault(
                (forms(message.id), forms(message.string)), []).append(name)
    conflicts = {k: versions for k, versions in found.items() if len(versions) > 1}
    assert conflicts == {}


@pytest.mark.parametrize("name", NAMES)
def test_every_catalog_is_read_when_translating(name):
    message = next(m for m in catalog(name).values() if isinstance(m.id, str))
    assert i18n._(message.id, "it") == message.string


def test_translations_keep_the_placeholders():
    for name in catalog_files():
        for message in catalog(name).values():
            wanted = placeholders(key(message.id))
            for text in forms(message.id) + forms(message.string):
                assert placeholders(text) == wanted, (name, message.id)


def test_italian_catalogs_have_a_form_for_one_and_a_form_for_more():
    for name in catalog_files():
        headers = dict(locale_update.read(locale_update.po_path(name)).mime_headers)
        assert headers["Plural-Forms"] == locale_update.PLURAL_FORMS, name
    assert "nplurals=2" in locale_update.PLURAL_FORMS


def test_the_update_script_rebuilds_the_catalogs_from_the_code(tmp_path, monkeypatch):
    known = {k: m for name in NAMES for k, m in catalog(name).items()}
    monkeypatch.setattr(locale_update, "CATALOG_DIR", tmp_path)
    for name in NAMES:
        assert locale_update.write(locale_update.update(name, PARTS[name], known),
                                   tmp_path / f"{name}.po")
        rebuilt = locale_update.read(tmp_path / f"{name}.po")
        assert dict(rebuilt.mime_headers)["Plural-Forms"] == locale_update.PLURAL_FORMS
        shipped = locale_update.read(i18n.LOCALE_DIR / "it" / "LC_MESSAGES" / f"{name}.po")
        assert locale_update.content(rebuilt) == locale_update.content(shipped), name


def ngettext_calls(source: str) -> list[tuple[str, ...] | None]:
    """The plural pairs of a file's ngettext() calls; None for a pair that is not literal."""
    tree = ast.parse((locale_update.PACKAGE / source).read_text(encoding="utf-8"))
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ngettext":
            pair = node.args[:2]
            literal = len(pair) == 2 and all(
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in pair)
            calls.append(tuple(a.value for a in pair) if literal else None)
    return calls


def test_every_ngettext_call_is_extracted_as_a_plural_pair():
    for source in locale_update.source_files():
        pairs = [m for m, _line in locale_update.messages_of(source) if isinstance(m, tuple)]
        assert sorted(ngettext_calls(source), key=str) == sorted(pairs, key=str), source


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


def steps(right: int) -> str:
    from lab_helpers.checks.problems import OrderProblem

    order = ("a", "b", "c", "d")
    answer = {1: ["a", "c", "d", "b"], 2: ["a", "b", "d", "c"]}[right]
    return OrderProblem(id="t.order", var="v", order=order).compare(answer)


def table_rows(rows: int) -> str:
    import pandas as pd

    from lab_helpers.checks.compare import compare_frame

    return compare_frame(pd.DataFrame({"a": range(rows)}), pd.DataFrame({"a": range(3)}))


def values_differ(count: int) -> str:
    import pandas as pd

    from lab_helpers.checks.compare import compare_frame

    want = pd.DataFrame({"a": [1.0, 2.0, 3.0]})
    return compare_frame(pd.DataFrame({"a": [1.0, 2.0, 3.0][:3 - count] + [9.0] * count}), want)


def list_items(items: int) -> str:
    from lab_helpers.checks.compare import compare_sequence

    return compare_sequence([0] * 5, list(range(items)))


def exercises_done(done: int) -> str:
    from lab_helpers.progress_report import ModuleProgress, progress_lines

    return progress_lines([ModuleProgress("00-getting-started", "Start", done, done, 13)])[0]


def grading_bar(failed: int) -> str:
    import io

    from lab_helpers.grading.progress_bar import ProgressBar

    bar = ProgressBar(total=5, workers=1, stream=io.StringIO())
    bar.done, bar.failed, bar.flagged = 3, failed, failed
    return bar.line()


def grading_summary(graded: int) -> str:
    import io
    from types import SimpleNamespace

    from lab_helpers.grading.pool import Summary, print_summary

    out = io.StringIO()
    print_summary(Summary(course=None, graded=graded, partly=graded, not_graded=graded,
                          flagged=graded, skipped=graded, seconds=3),
                  SimpleNamespace(students={}), out)
    return out.getvalue()


def learners_graded(graded: int) -> str:
    return i18n.ngettext("{graded} of {total} learners graded; mean total {mean}%.",
                         "{graded} of {total} learners graded; mean total {mean}%.",
                         graded).format(graded=graded, total=20, mean=70)


def exercises_correct(passed: int) -> str:
    return i18n.ngettext("{passed} of {total} exercises correct.",
                         "{passed} of {total} exercises correct.", passed).format(
                             passed=passed, total=13)


COUNTS = [  # what makes the text for a count, and what it says for 1 and for 2, in en and it
    (exercises_done, "1 of 13 exercises", "2 of 13 exercises",
     "1 esercizio su 13", "2 esercizi su 13"),
    (exercises_correct, "1 of 13 exercises correct.", "2 of 13 exercises correct.",
     "1 esercizio corretto su 13.", "2 esercizi corretti su 13."),
    (steps, "1 of 4 steps is in the right place.", "2 of 4 steps are in the right place.",
     "1 passo su 4 è al posto giusto.", "2 passi su 4 sono al posto giusto."),
    (table_rows, "Your table has 1 row; 3 are expected.", "Your table has 2 rows; 3 are",
     "La tua tabella ha 1 riga; ne sono attese 3.", "La tua tabella ha 2 righe;"),
    (values_differ, "(1 value differs)", "(2 values differ)",
     "(1 valore diverso)", "(2 valori diversi)"),
    (list_items, "The list should have 1 item; yours has 5.", "should have 2 items;",
     "La lista dovrebbe avere 1 elemento; la tua ne ha 5.", "dovrebbe avere 2 elementi;"),
    (grading_bar, "1 failed, 1 flagged", "2 failed, 2 flagged",
     "1 non riuscito, 1 segnalato", "2 non riusciti, 2 segnalati"),
    (grading_summary, "1 graded, 1 partly graded, 1 not graded, 1 flagged, 1 unchanged.",
     "2 graded, 2 partly graded, 2 not graded, 2 flagged, 2 unchanged.",
     "1 valutato, 1 valutato in parte, 1 non valutato, 1 segnalato, 1 invariato.",
     "2 valutati, 2 valutati in parte, 2 non valutati, 2 segnalati, 2 invariati."),
    (learners_graded, "1 of 20 learners graded;", "2 of 20 learners graded;",
     "1 corsista valutato su 20;", "2 corsisti valutati su 20;"),
]


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize(("text", "en_one", "en_two", "it_one", "it_two"), COUNTS,
                         ids=[case[0].__name__ for case in COUNTS])
def test_a_count_of_one_takes_the_singular_and_two_the_plural(
        lang, text, en_one, en_two, it_one, it_two):
    i18n.set_language(lang)
    one, two = (en_one, en_two) if lang == "en" else (it_one, it_two)
    assert one in text(1)
    assert two in text(2)


def test_an_expected_count_of_one_takes_the_singular():
    import pandas as pd

    from lab_helpers.checks.compare import compare_frame

    longer, one_row = pd.DataFrame({"a": [1, 2]}), pd.DataFrame({"a": [1]})
    assert compare_frame(longer, one_row) == "Your table has 2 rows; 1 is expected."
    i18n.set_language("it")
    assert compare_frame(longer, one_row) == "La tua tabella ha 2 righe; ne è attesa 1."
