"""Module 04 (service integration): the linkage functions, the review sample and the pathway.

The domain functions are tested in-process on small tables built here, and once on the
registries against the hidden key. The wrong answers are declared beside the exercises and
run in real kernels by tests/test_wrong_answers.py.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from lab_helpers import load_dataset
from lab_helpers.domain import linkage as L


def identity(rows: list[tuple], id_column: str = "id") -> pd.DataFrame:
    columns = [id_column, "surname", "first_name", "sex", "birth_date", "fiscal_code",
               "municipality"]
    return pd.DataFrame(rows, columns=columns)


REGISTER = identity([
    ("A1", "Rossi", "Maria", "F", "1950-03-04", "RSSMRA50C44L219X", "Ivrea"),
    ("A2", "Rossi", "Marta", "F", "1950-07-01", "RSSMRT50L41L219X", "Ivrea"),
    ("A3", "Bianchi", "Luca", "M", "1980-01-02", "BNCLCU80A02L219X", "Banchette"),
    ("A4", "Nicolò", "D'Amico", "M", "1961-05-05", "DMCNCL61E05L219X", "Ivrea"),
])
RECORDS = identity([
    ("S1", "ROSSI", "MARIA", "F", "1950-03-04", None, "IVREA"),
    ("S2", "Bianchi", "Lucca", "M", "1980-01-02", "BNCLCU80A02L219X", "Banchette"),
    ("S3", "Verdi", "Anna", "F", "1990-01-01", "VRDNNA90A41L219X", "Ivrea"),
])


@pytest.fixture(scope="module")
def small():
    records = L.standard_identity(RECORDS, "id")
    register = L.standard_identity(REGISTER, "id")
    return L.compare(L.candidate_pairs(records, register))


def test_plain_upper_removes_accents_and_apostrophes():
    assert L.plain_upper("Nicolò") == "NICOLO"
    assert L.plain_upper("D'Amico ") == "D AMICO"
    assert L.plain_upper(None) is pd.NA


def test_blocking_keeps_only_pairs_that_share_a_key(small):
    pairs = set(zip(small["record_id"], small["anagrafe_id"], strict=True))
    # S1 shares sex and birth year with A1 and A2; S2 with A3; S3 with nobody
    assert pairs == {("S1", "A1"), ("S1", "A2"), ("S2", "A3")}


def test_compare_gives_agree_close_disagree_and_missing(small):
    row = small.set_index(["record_id", "anagrafe_id"])
    assert row.loc[("S1", "A1"), "surname"] == "agree"  # capitals do not matter
    assert row.loc[("S1", "A1"), "fiscal_code"] == "missing"
    assert row.loc[("S1", "A2"), "first_name"] == "close"  # MARIA and MARTA
    assert row.loc[("S1", "A2"), "birth_date"] == "disagree"
    assert row.loc[("S2", "A3"), "first_name"] == "close"  # a doubled letter
    assert row.loc[("S2", "A3"), "fiscal_code"] == "agree"


def test_name_similarity_is_one_for_equal_names_and_zero_when_missing():
    sim = L.name_similarity(pd.Series(["ROSSI", "ROSSI", None]),
                            pd.Series(["ROSSI", "ROSI", "ROSSI"]))
    assert sim[0] == 1.0 and 0.9 < sim[1] < 1.0 and sim[2] == 0.0


def test_weights_are_log2_of_m_over_u():
    levels = pd.DataFrame({name: pd.Categorical(["agree"] * 3 + ["disagree"],
                                                categories=list(L.LEVELS))
                           for name in L.FIELDS})
    others = pd.DataFrame({name: pd.Categorical(["agree"] + ["disagree"] * 9,
                                                categories=list(L.LEVELS))
                           for name in L.FIELDS})
    m, u = L.m_probabilities(levels), L.u_probabilities(others)
    w = L.match_weights(m, u).set_index(["field", "level"])
    m_agree = (3 + L.SMOOTHING) / (4 + 2 * L.SMOOTHING)  # two levels: agree, disagree
    u_agree = (1 + L.SMOOTHING) / (10 + 2 * L.SMOOTHING)
    assert w.loc[("birth_date", "agree"), "weight"] == pytest.approx(
        math.log2(m_agree / u_agree))
    assert w.loc[("birth_date", "disagree"), "weight"] < 0
    names = w.loc["surname"]
    assert set(names.index) == {"agree", "close", "disagree"}
    assert names["m"].sum() == pytest.approx(1.0)


def test_score_adds_weights_and_missing_counts_zero(small):
    weights = pd.DataFrame([(f, level, 1.0, 1.0, 2.0 if level == "agree" else -1.0)
                            for f in L.FIELDS for level in ("agree", "close", "disagree")],
                           columns=["field", "level", "m", "u", "weight"])
    scores = L.score(small, weights)
    s1a1 = small.index[(small["record_id"] == "S1") & (small["anagrafe_id"] == "A1")][0]
    assert scores[s1a1] == 4 * 2.0  # four fields agree, the fiscal code is missing


def test_best_links_keeps_one_resident_per_record_and_decides():
    levels = pd.DataFrame({"record_id": ["R1", "R1", "R2", "R3"],
                           "anagrafe_id": ["A1", "A2", "A3", "A4"]})
    for name in L.FIELDS:
        levels[name] = pd.Categorical(["agree", "disagree", "agree", "disagree"],
                                      categories=list(L.LEVELS))
    levels.loc[2, "surname"] = "disagree"
    weights = pd.DataFrame([(f, lv, 1.0, 1.0, w) for f in L.FIELDS
                            for lv, w in (("agree", 2.0), ("close", 0.0), ("disagree", -1.0))],
                           columns=["field", "level", "m", "u", "weight"])
    best = L.best_links(levels, weights, threshold=9, review_from=5).set_index("record_id")
    assert list(best.index) == ["R1", "R2", "R3"]
    assert best.loc["R1", "anagrafe_id"] == "A1" and best.loc["R1", "decision"] == L.LINK
    assert best.loc["R2", "decision"] == L.REVIEW  # 4 agree, 1 disagree: 7
    assert best.loc["R3", "decision"] == L.NO_LINK


def test_precision_recall_counts_on_reviewed_records_only():
    reviewed = pd.DataFrame({"record_id": ["R1", "R1", "R2", "R3"],
                             "anagrafe_id": ["A1", "A9", "A2", "A8"],
                             "match": [True, False, True, False]})
    links = pd.DataFrame({"record_id": ["R1", "R3", "R4"], "anagrafe_id": ["A1", "A8", "A4"]})
    precision, recall = L.precision_recall(links, reviewed)
    assert precision == pytest.approx(1 / 2)  # R1 right, R3 wrong; R4 was not reviewed
    assert recall == pytest.approx(1 / 2)  # R2 missed


# --- on the registries, against the hidden key -------------------------------------------------

SOURCES = ("registry_benefits", "registry_employment", "registry_homecare")


@pytest.fixture(scope="module")
def linked():
    register = L.standard_identity(load_dataset("registry_population"), "anagrafe_id")
    records = L.standard_identity(pd.concat([load_dataset(s) for s in SOURCES]), "record_id")
    levels = L.compare(L.candidate_pairs(records, register))
    review = load_dataset("registries_review")
    truth = review[review["match"]][["record_id", "anagrafe_id"]]
    m = L.m_probabilities(levels.merge(truth, on=["record_id", "anagrafe_id"]))
    weights = L.match_weights(m, L.u_probabilities(levels))
    return L.best_links(levels, weights, threshold=10, review_from=4), weights


def test_full_linkage_is_accurate_against_the_key(linked):
    best, _ = linked
    key = load_dataset("registries_key")
    found = best[best["decision"] == L.LINK].merge(key, on="record_id",
                                                   suffixes=("", "_true"))
    right = (found["anagrafe_id"] == found["anagrafe_id_true"]).sum()
    assert right / len(found) > 0.99  # precision
    assert right / key["anagrafe_id"].notna().sum() > 0.93  # recall


def test_full_linkage_is_deterministic(linked):
    best, weights = linked
    again = L.best_links(*_levels_and_weights_again(), threshold=10, review_from=4)
    pd.testing.assert_frame_equal(best, again)


def _levels_and_weights_again():
    register = L.standard_identity(load_dataset("registry_population"), "anagrafe_id")
    records = L.standard_identity(pd.concat([load_dataset(s) for s in SOURCES]), "record_id")
    levels = L.compare(L.candidate_pairs(records, register))
    review = load_dataset("registries_review")
    truth = review[review["match"]][["record_id", "anagrafe_id"]]
    m = L.m_probabilities(levels.merge(truth, on=["record_id", "anagrafe_id"]))
    return levels, L.match_weights(m, L.u_probabilities(levels))


def test_review_sample_agrees_with_the_key():
    review = load_dataset("registries_review")
    key = load_dataset("registries_key")
    assert review.groupby("source", observed=True)["record_id"].nunique().eq(80).all()
    matches = review[review["match"]].merge(key, on=["source", "record_id"],
                                            suffixes=("", "_true"))
    assert (matches["anagrafe_id"] == matches["anagrafe_id_true"]).all()
    others = review[~review["match"]].merge(key, on=["source", "record_id"],
                                            suffixes=("", "_true"))
    assert (others["anagrafe_id"] != others["anagrafe_id_true"]).fillna(True).all()
    assert review.groupby("record_id")["match"].sum().le(1).all()


def test_referral_pathway_follows_the_benefit():
    key = load_dataset("registries_key")
    benefits = load_dataset("registry_benefits").merge(key, on="record_id")
    jobs = load_dataset("registry_employment").merge(key, on="record_id")
    referred = jobs[jobs["referred_by"] == "AdI"].merge(
        benefits[benefits["benefit"] == "AdI"].drop_duplicates("anagrafe_id")[
            ["anagrafe_id", "start_date"]], on="anagrafe_id")
    days = (referred["registered_on"] - referred["start_date"]).dt.days
    assert (days > 0).all() and 20 < days.median() < 90
    assert jobs["registered_on"].le("2025-12-31").all()


def test_wilson_interval_holds_the_share_and_is_not_certain_at_100_percent():
    low, high = L.wilson_interval(48, 50)
    assert low < 48 / 50 < high < 1
    low, high = L.wilson_interval(50, 50)
    assert 0.9 < low < 1 and high == pytest.approx(1.0)
    assert math.isnan(L.wilson_interval(0, 0)[0])
    assert L.wilson_interval(5, 10)[0] == pytest.approx(1 - L.wilson_interval(5, 10)[1])


# --- the figures the notebooks' text quotes ---------------------------------------------------

def test_the_figures_the_text_quotes():
    from lab_helpers.exercises import m04

    assert m04._lost_pct() == pytest.approx(100 / 6, abs=1.5)  # "about one record in six"
    assert m04._pair_weight() == pytest.approx(16, abs=0.5)  # "About 16"
    m, u = m04._m_u()
    assert math.log2(m / u) == pytest.approx(3.7, abs=0.1)  # "about 3.7"
    care = m04._care_levels()
    matches = m04._matches(True)
    birth = math.log2((matches["birth_date"] == "agree").mean()
                      / (care["birth_date"] == "agree").mean())
    assert birth == pytest.approx(6, abs=0.3)  # "about +6 ... about 64"
    homecare = load_dataset("registry_homecare")
    assert 1 / 8 < homecare["fiscal_code"].isna().mean() < 1 / 6.5  # "about one in seven"


def test_what_the_text_says_about_errors_and_the_review_band():
    from lab_helpers.exercises import m04

    review = load_dataset("registries_review")
    outsiders = review.groupby("record_id")["match"].sum().eq(0).sum()
    always = m04._judged(m04.ALWAYS_LINK)
    assert always["left_only"] == outsiders > 0 and always["right_only"] == 0
    at_10 = m04._judged(m04.LINK_THRESHOLD)
    assert at_10["left_only"] == 0 < at_10["right_only"]  # "no false match, a few missed"
    assert m04._judged(m04.REVIEW_FROM)["right_only"] == 0  # "all of them are in the band"
    band = m04._links()[m04._links()["decision"] == L.REVIEW].merge(
        m04._levels(), on=["record_id", "anagrafe_id"])
    swapped = (band["surname"] == "disagree") & (band["first_name"] == "disagree")
    assert swapped.mean() > 0.5  # "many of them ... names keyed in the wrong boxes"
    low, _high = L.wilson_interval(at_10["both"], at_10["both"])
    assert low == pytest.approx(0.98, abs=0.005)  # "a true precision of about 98%"


def test_what_the_text_says_about_several_services_and_the_pathway():
    from lab_helpers.exercises import m04

    per_person = m04._per_person()
    assert (per_person == 3).sum() <= 2  # "almost nobody is in all three"
    people = m04._several_population()
    by_comune = people.groupby("municipality")["several"].agg(["sum", "count"])
    top = (by_comune["sum"] / by_comune["count"]).idxmax()
    assert top == "Serra Casaleggio" and tuple(by_comune.loc[top]) == (5, 89)
    largest = by_comune.sort_values("count").tail(3)
    assert set(largest.index) == {"Giannotti Toce", "Omma Ossola", "Foconi Toce"}
    assert largest["sum"].sum() > by_comune["sum"].sum() / 2  # "most of them live in..."
    assert (by_comune["sum"] == 0).sum() == 2  # "two small comuni have none"
    pathway = m04._pathway()
    reached = (pathway["_merge"] == "both").groupby(
        (pathway["start_date"].dt.year == 2025) & (pathway["start_date"].dt.month > 6)).mean()
    assert reached[True] < reached[False] - 0.2  # the second half of 2025 lags behind


# --- section 5 with splink: seeded, offline, and what the text says about it -------------------

@pytest.fixture(scope="module")
def splink_run(linked):
    from lab_helpers.domain import splink_linkage as S

    register = L.standard_identity(load_dataset("registry_population"), "anagrafe_id")
    records = L.standard_identity(pd.concat([load_dataset(s) for s in SOURCES]), "record_id")
    linker = S.trained_linker(records, register)
    return S, linker, S.pairs_of(linker), records, register


def test_splink_pairs_name_the_register_on_the_left(splink_run):
    _, _, pairs, records, register = splink_run
    assert set(pairs["source_dataset_l"]) == {"anagrafe"}
    assert pairs["anagrafe_id"].isin(register["id"]).all()
    assert pairs["record_id"].isin(records["id"]).all()


@pytest.mark.parametrize("threads", [1, 4])
def test_splink_is_seeded_so_every_run_agrees_on_any_number_of_threads(splink_run, threads,
                                                                       monkeypatch):
    # the checks' reference runs on one thread, a learner's notebook on one per core
    S, _, pairs, records, register = splink_run
    monkeypatch.setattr(S, "REFERENCE_THREADS", threads)
    again = S.predictions(records, register)
    pd.testing.assert_frame_equal(S.best_per_record(pairs)[["record_id", "anagrafe_id"]],
                                  S.best_per_record(again)[["record_id", "anagrafe_id"]])
    assert (S.best_per_record(pairs)["match_probability"]
            - S.best_per_record(again)["match_probability"]).abs().max() < 1e-9


def test_splink_links_are_accurate_against_the_key(splink_run):
    S, _, pairs, _, _ = splink_run
    best = S.best_per_record(pairs)
    linked = best[best["match_probability"] >= S.THRESHOLD]
    key = load_dataset("registries_key")
    found = linked.merge(key, on="record_id", suffixes=("", "_true"))
    right = (found["anagrafe_id"] == found["anagrafe_id_true"]).sum()
    assert right / len(found) > 0.99  # precision
    assert right / key["anagrafe_id"].notna().sum() > 0.93  # recall
    # no link sits so close to the threshold that a last digit could move it
    assert not best["match_probability"].between(S.THRESHOLD - 1e-6, S.THRESHOLD + 1e-6).any()


def test_what_the_text_says_about_splink(splink_run, linked):
    S, linker, pairs, _, _ = splink_run
    weights = S.model_weights(linker).set_index("field")
    assert set(weights["level"]) == {"agree", "close", "disagree"}
    agree = weights[weights["level"] == "agree"]["weight"]
    # "a fiscal code or a birth date that agrees weighs most, a comune that agrees little"
    assert set(agree.nlargest(2).index) == {"fiscal_code", "birth_date"}
    assert agree.idxmin() == "municipality"
    # "its weights for the names, the birth date and the fiscal code are larger"
    course = linked[1].set_index(["field", "level"])["weight"]
    assert all(agree[f] > course[f, "agree"] for f in agree.index if f != "municipality")
    # the links only splink made are in the course's band, with a birth date keyed in wrong
    best = S.best_per_record(pairs)
    mine = best[best["match_probability"] >= S.THRESHOLD]
    course_links = linked[0][linked[0]["decision"] == L.LINK]
    both = mine.merge(course_links, on=["record_id", "anagrafe_id"], how="outer", indicator=True)
    assert (both["_merge"] == "right_only").sum() == 0
    only = linked[0][linked[0]["record_id"].isin(both.loc[both["_merge"] == "left_only",
                                                          "record_id"])]
    assert len(only) >= 1 and (only["decision"] == L.REVIEW).all()


def test_splink_is_imported_only_when_section_5_needs_it():
    import subprocess
    import sys

    code = ("import sys; import lab_helpers.exercises.m04, lab_helpers.domain.splink_linkage; "
            "print('splink' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
