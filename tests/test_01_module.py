"""Module 01 (social data): the privacy functions and the reference cleaning.

Its wrong answers are declared beside its exercises and run by tests/test_wrong_answers.py."""

from __future__ import annotations

import hashlib
import hmac
import re

import nbformat
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import load_dataset
from lab_helpers.domain import privacy
from lab_helpers.domain.privacy import (
    age_in_years,
    count_changes,
    fiscal_code_check_character,
    group_sizes,
    k_anonymity,
    keyed_hash,
    plain_hash,
    valid_fiscal_code,
)
from lab_helpers.exercises import m01
from lab_helpers.i18n import set_language

NOTEBOOKS = {lang: MODULES / "01-social-data" / f"01-social-data.{lang}.ipynb"
             for lang in ("en", "it")}


# --- fiscal codes ---------------------------------------------------------------------------

def test_check_character_and_validity_on_a_known_code():
    code = "MNDLNZ36R28L215K"  # a fake person of case_records
    assert fiscal_code_check_character(code[:15]) == "K"
    assert valid_fiscal_code(code)
    assert not valid_fiscal_code(code[:15] + "A")  # wrong check character
    assert not valid_fiscal_code(code.lower())  # not tidied
    assert not valid_fiscal_code("MND LNZ 36R28 L215K")
    assert not valid_fiscal_code(code[:8] + "Z" + code[9:])  # no month is written Z
    assert not valid_fiscal_code(None)


def test_valid_fiscal_code_on_a_column_keeps_missing_values_missing():
    codes = pd.Series(["MNDLNZ36R28L215K", None, "MNDLNZ36R28L215A"], dtype="string")
    out = valid_fiscal_code(codes)
    assert str(out.dtype) == "boolean"
    assert out.iloc[0] and pd.isna(out.iloc[1]) and not out.iloc[2]


def test_only_the_planted_invalid_codes_fail_once_the_codes_are_tidy():
    clean = m01._clean()
    failing = set(clean.loc[valid_fiscal_code(clean["fiscal_code"]).eq(False), "record_id"])
    planted = set(m01._defects("invalid_code", "fiscal_code")["record_id"])
    assert failing == planted and len(planted) == 25


# --- ages -----------------------------------------------------------------------------------

def test_age_in_years_counts_birthdays():
    births = pd.Series(pd.to_datetime(["2000-05-10", "2000-05-10", "2000-02-29", "2020-06-01",
                                       None]))
    on = pd.Series(pd.to_datetime(["2020-05-09", "2020-05-10", "2021-02-28", "2020-05-01",
                                   "2020-05-01"]))
    ages = age_in_years(births, on)
    assert str(ages.dtype) == "Int64"
    assert ages.tolist()[:4] == [19, 20, 20, -1]
    assert pd.isna(ages.iloc[4])


# --- pseudonyms -----------------------------------------------------------------------------

def test_keyed_hash_is_an_hmac_that_depends_on_the_key():
    code, key = "MNDLNZ36R28L215K", "k"
    expected = hmac.new(b"k", code.encode(), hashlib.sha256).hexdigest()[:16]
    assert keyed_hash(code, key) == expected
    assert keyed_hash(code, key) != keyed_hash(code, "another key")
    assert keyed_hash(code, key) != plain_hash(code)
    assert plain_hash(code) == hashlib.sha256(code.encode()).hexdigest()[:16]
    assert len(keyed_hash(code, key, length=8)) == 8


def test_keyed_hash_on_a_column_keeps_missing_values_and_the_index():
    codes = pd.Series(["A", None, "A"], index=[10, 11, 12], dtype="string", name="fiscal_code")
    out = keyed_hash(codes, "k")
    assert out.index.tolist() == [10, 11, 12] and out.name == "fiscal_code"
    assert out.iloc[0] == out.iloc[2] and pd.isna(out.iloc[1])


def test_an_empty_key_is_refused_in_the_learners_language():
    set_language("it")
    with pytest.raises(ValueError, match="chiave segreta è vuota"):
        keyed_hash("A", "")


# --- k-anonymity ----------------------------------------------------------------------------

def test_group_sizes_count_missing_values_as_a_group_and_skip_unused_categories():
    table = pd.DataFrame({
        "age": pd.array([30, 30, None, None, 40], dtype="Int64"),
        "sex": ["F", "F", "M", "M", "F"],
        "district": pd.Categorical(["D01", "D01", "D02", "D02", "D01"],
                                   categories=["D01", "D02", "D03"]),
    }, index=[5, 6, 7, 8, 9])
    sizes = group_sizes(table, ["age", "sex", "district"])
    assert sizes.index.tolist() == [5, 6, 7, 8, 9]
    assert sizes.tolist() == [2, 2, 2, 2, 1]
    assert k_anonymity(table, ["age", "sex", "district"]) == 1
    assert k_anonymity(table, "sex") == 2
    assert k_anonymity(table.iloc[:0], ["sex"]) == 0


def test_an_unknown_quasi_identifier_names_the_columns():
    table = pd.DataFrame({"age": [1], "sex": ["F"]})
    with pytest.raises(KeyError, match="comune"):
        group_sizes(table, ["age", "comune"])


def test_suppressing_the_small_groups_reaches_k_5():
    research = m01._research()
    sizes = group_sizes(research, m01.BANDS_20_QI)
    assert k_anonymity(research, m01.EXACT_QI) == 1
    assert k_anonymity(research[sizes >= m01.K_TARGET], m01.BANDS_20_QI) >= m01.K_TARGET


# --- the cleaning log -----------------------------------------------------------------------

def test_count_changes_matches_records_and_treats_two_gaps_as_equal():
    before = pd.DataFrame({"record_id": ["a", "b", "c"], "x": [1.0, None, 3.0],
                           "y": ["p", None, "r"]})
    after = pd.DataFrame({"record_id": ["c", "a"], "x": [4.0, 1.0], "y": ["r", "p"],
                          "z": [0, 0]})
    assert count_changes(before, after).to_dict() == {"x": 1, "y": 0}


def test_the_cleaning_changes_exactly_the_planted_defects_it_claims_to_fix():
    changes = count_changes(load_dataset("case_records"), m01._clean())
    key = load_dataset("case_records_defects")
    fixed = key[[(d, c) in m01.FIXED_DEFECTS and d not in ("duplicate", "near_duplicate")
                 for d, c in zip(key["defect"], key["column"], strict=True)]]
    planted = fixed["column"].astype(str).value_counts()
    assert changes[changes > 0].to_dict() == planted.to_dict()


def test_the_reference_cleaning_leaves_one_spelling_per_code():
    clean = m01._clean()
    copies = len(m01._defects("duplicate")) + len(m01._defects("near_duplicate"))
    assert len(clean) == len(load_dataset("case_records")) - copies
    assert set(clean["sex"]) == {"F", "M"}
    assert clean["fiscal_code"].dropna().str.len().eq(16).all()
    assert clean["municipality"].isin(load_dataset("municipalities")["municipality"]).all()
    assert not (clean["birth_date"] > clean["opened_on"]).any()
    assert clean["age"].dropna().between(0, 110).all()


def test_the_answer_key_and_the_notebooks_method_agree():
    """The checks use the answer key; the notebook's method must reach the same values."""
    assert m01.sex_fixed.compare(m01._codes_fixed()["sex"]) is None
    assert m01.fiscal_code_fixed.compare(m01._codes_fixed()["fiscal_code"]) is None
    raw = load_dataset("case_records")
    assert m01.duplicate_count.compare(int(raw.drop(columns="record_id").duplicated().sum())) \
        is None


def test_near_duplicates_are_found_by_standardising_then_comparing():
    """Exercise 4: the standardised code finds exactly the planted near duplicates, and
    removing them leaves one record per case, as the first clean extract had."""
    once = m01._exact_removed()
    found = set(once.loc[m01._same_person(once), "record_id"])
    assert found == set(m01._defects("near_duplicate")["record_id"])
    assert m01.near_duplicate_count.expected() == len(found) == 30
    clean = m01._deduplicated()
    assert not clean.drop(columns="record_id").duplicated().any()
    assert not m01._same_person(clean).any()
    raw = load_dataset("case_records")
    assert set(raw["record_id"]) - set(clean["record_id"]) == set(
        m01._defects("duplicate")["record_id"]) | found  # the originals are the ones kept


@pytest.mark.parametrize("lang", ["en", "it"])
def test_section_2_quotes_the_datas_counts(lang):
    cells = {c.id: c.source for c in nbformat.read(NOTEBOOKS[lang], as_version=4).cells}
    raw = load_dataset("case_records")
    by_names = int(raw.duplicated(subset=["surname", "first_name"]).sum())
    sep = "," if lang == "en" else "."
    assert cells["m01-026"].startswith(f"{by_names}: ")
    assert f"4{sep}910" in cells["m01-032"] and len(m01._exact_removed()) == 4910
    assert f"4{sep}880" in cells["m01-near-end"] and len(m01._deduplicated()) == 4880


def test_the_privacy_module_says_what_it_is_for():
    assert "k-anonymity" in privacy.__doc__ and "art. 4(5)" in privacy.__doc__


# --- the counts for the Region (exercise 12) -------------------------------------------------

def test_the_report_counts_every_case_once_and_hides_exactly_the_small_counts():
    """Counted another way (one filter per cell): the reference's counts, and its hidden cells."""
    clean, report = m01._clean(), m01.report.expected()
    assert list(report.columns) == [*m01.MONITORING_COLUMNS, "cases"]
    full = m01._report(threshold=None)()
    assert full["cases"].sum() == len(clean)  # the cases with no age or no date are there
    hidden = report["cases"].isna()
    assert (full.loc[hidden, "cases"] < m01.SMALL_CELL).all()
    assert (report.loc[~hidden, "cases"] >= m01.SMALL_CELL).all()
    ages, years = clean["age"], clean["opened_on"].dt.year
    for _, row in full.sample(40, random_state=1).iterrows():
        band = {"0-17": (0, 17), "18-64": (18, 64), "65+": (65, 200)}.get(row["age_band"])
        same_age = ages.isna() if band is None else ages.between(*band)
        same_year = years.isna() if pd.isna(row["year"]) else years == row["year"]
        same = (same_age & same_year & (clean["district_id"] == row["district_id"])
                & (clean["sex"] == row["sex"]) & (clean["need"] == row["need"]))
        assert int(same.sum()) == row["cases"], row.to_dict()


def test_the_old_row_level_answer_is_refused_as_not_minimised():
    set_language("en")
    outcome = m01.report.assess(m01._clean()[m01.REPORT_COLUMNS])
    assert outcome.status.name == "INCORRECT" and "one row per person" in outcome.message


def test_what_the_text_says_of_the_hidden_cases_holds():
    """Section 7: five breakdowns hide most of the cases; the two smaller tables, only a few."""
    def hidden_share(columns: list[str]) -> float:
        counts = m01._monitoring().groupby(columns, dropna=False).size()
        return counts[counts < m01.SMALL_CELL].sum() / counts.sum()

    assert hidden_share(list(m01.MONITORING_COLUMNS)) > 0.5
    assert hidden_share(["year", "district_id"]) < 0.05
    assert hidden_share(["year", "sex", "age_band", "need"]) < 0.05
    cells = nbformat.read(NOTEBOOKS["en"], as_version=4).cells
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert 'groupby(["year", "district_id"], dropna=False)' in code
    assert 'groupby(["year", "sex", "age_band", "need"], dropna=False)' in code
    assert "bins=[0, 18, 65, 120], right=False" in code


# Assegno di inclusione thresholds (L. 207/2024 changed them from 2025), as the text quotes them
INCLUSION_THRESHOLDS = {"en": ("€9,360", "€10,140", "€6,000", "€6,500"),
                        "it": ("9.360 euro", "10.140 euro", "6.000", "6.500 euro")}


@pytest.mark.parametrize("lang", ["en", "it"])
def test_every_inclusion_allowance_threshold_is_quoted_with_its_year(lang):
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    sentences = re.split(r"(?<=[.;:])\s", prose)
    for threshold in INCLUSION_THRESHOLDS[lang]:
        quoting = [s for s in sentences if threshold in s]
        assert quoting, threshold
        assert all(re.search(r"\b20(24|25)\b", s) for s in quoting), threshold
    assert not re.search(r"(must be at most|non deve superare) (€9,360|9\.360)", prose)


# section 10: the Italian frame, and sharing that does not rest on the person's consent
ITALIAN_FRAME = {"en": ("D.Lgs. 196/2003", "2-ter", "2-sexies", "Garante", "professional secrecy",
                        "code of ethics", "recital 43"),
                 "it": ("D.Lgs. 196/2003", "2-ter", "2-sexies", "Garante", "segreto professionale",
                        "Codice deontologico", "considerando 43")}
AGREEMENT = {"en": "written data-sharing agreement", "it": "accordo scritto"}


@pytest.mark.parametrize("lang", ["en", "it"])
def test_sharing_is_framed_by_italian_law_and_the_agreement_comes_first(lang):
    cells = nbformat.read(NOTEBOOKS[lang], as_version=4).cells
    (exercise,) = [c.source for c in cells if "`share_steps`" in c.source]
    before = exercise[:exercise.index("`share_steps`")]
    assert all(term in before for term in ITALIAN_FRAME[lang])
    steps = dict(re.findall(r"^- \*\*([a-e])\)\*\* (.*)$", exercise, re.M))
    first, *_rest, last = m01.share_steps.order
    assert AGREEMENT[lang] in steps[first] and AGREEMENT[lang] not in steps[last]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_model_answers_give_the_person_the_number_rather_than_pass_on_their_contact(lang):
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    (model,) = [c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get(
        "grade_id") == "reflection_sharing"]
    levels = nb.metadata["social_lab"]["rubrics"]["reflection_sharing"]["levels"]
    best = [*levels["3"]["anchors"], *levels["4"]["anchors"], levels["4"]["descriptor"]]
    number = {"en": "cooperative's number", "it": "numero della cooperativa"}[lang]
    assert number in model and ITALIAN_FRAME[lang][-1] in model
    for anchor in best:  # consent is named only to say why it is a fragile basis
        assert "consen" not in anchor or ITALIAN_FRAME[lang][-1] in anchor, anchor


@pytest.mark.parametrize(("lang", "cited"), [
    ("en", ("D.Lgs. 196/2003 of 30 June 2003", "D.Lgs. 101/2018 of 10 August 2018",
            "19 September 2018", "L. 675/1996 of 31 December 1996", "garanteprivacy.it",
            "L. 119/2001 of 3 April 2001", "February 2020", "1 June 2020", "cnoas.org",
            "normattiva.it")),
    ("it", ("D.Lgs. 196/2003 del 30 giugno 2003", "D.Lgs. 101/2018 del 10 agosto 2018",
            "19 settembre 2018", "L. 675/1996 del 31 dicembre 1996", "garanteprivacy.it",
            "L. 119/2001 del 3 aprile 2001", "febbraio 2020", "1° giugno 2020", "cnoas.org",
            "normattiva.it"))])
def test_the_italian_frame_cites_each_law_and_code_with_its_date_and_source(lang, cited):
    """Issue 12: the Codice privacy and D.Lgs. 101/2018, the Garante, L. 119/2001 and the
    social workers' 2020 code of ethics, each with its date and where to read it."""
    cells = {c.id: c.source for c in nbformat.read(NOTEBOOKS[lang], as_version=4).cells}
    for text in cited:
        assert text in cells["m01-156"], text


OPTIONAL_MARK = {"en": "*If you have time:", "it": "*Se hai tempo:"}
EXTRA_MINUTES = {"en": r"and about (\d+) more for the exercises marked \*If you have time\*",
                 "it": r"e circa (\d+) in più per gli esercizi segnati \*Se hai tempo\*"}


def _optional_exercises(path) -> tuple[list[str], nbformat.NotebookNode]:
    nb = nbformat.read(path, as_version=4)
    names = []
    for before, cell in zip(nb.cells, nb.cells[1:], strict=False):
        grading = cell.metadata.get("nbgrader", {})
        if grading.get("solution") and cell.cell_type == "code" and any(
                mark in before.source for mark in OPTIONAL_MARK.values()):
            names.append(grading["grade_id"].removeprefix("answer_"))
    return names, nb


@pytest.mark.parametrize("module", ["00-getting-started", "01-social-data",
                                    "02-territorial-needs", "03-home-care"])
def test_if_you_have_time_exercises_are_the_same_in_both_languages_and_needed_by_no_cell(
        module):
    """Issue 12, point 11: optional exercises keep their ids and points, are marked in both
    languages, are named in the introduction's minutes, and no later cell needs the answer
    (a cell that needs it first writes the right value)."""
    found = {}
    for lang in ("en", "it"):
        names, nb = _optional_exercises(MODULES / module / f"{module}.{lang}.ipynb")
        found[lang] = names
        assert re.search(EXTRA_MINUTES[lang], nb.cells[0].source), lang
        ids = [c.id for c in nb.cells]
        for name in names:
            start = ids.index(next(c.id for c in nb.cells if c.metadata.get("nbgrader", {}).get(
                "grade_id") == f"answer_{name}"))
            for cell in nb.cells[start + 1:]:
                if cell.cell_type != "code" or "check(" in cell.source or "hint(" in cell.source:
                    continue
                if re.search(rf"^{name} = ", cell.source, re.M):
                    break  # the right value is written before any use
                assert not re.search(rf"\b{name}\b", cell.source), (name, cell.id)
    assert found["en"] == found["it"] and len(found["en"]) >= 2
