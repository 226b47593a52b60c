"""Module 02 (territorial needs): its domain functions, the figures its text quotes, and its
plausible wrong answers, written as a learner would write them, each rejected with its message.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import i18n, load_dataset
from lab_helpers.checks import get_problem
from lab_helpers.domain import territory
from lab_helpers.execute import cell_errors, execute_notebook
from lab_helpers.exercises import m02

FOLDER = MODULES / "02-territorial-needs"
BASE = {"population": 0.4, "population_80_plus": 0.3, "living_alone_65_plus": 0.3}


@pytest.fixture(scope="module")
def municipalities() -> pd.DataFrame:
    return load_dataset("municipalities")


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return m02._indicators()


# --- domain functions -------------------------------------------------------------------------

def test_per_hundred_works_on_numbers_and_columns():
    assert territory.per_hundred(215025, 98709) == pytest.approx(217.8373, rel=1e-6)
    column = territory.per_hundred(pd.Series([1, 3]), pd.Series([4, 4]))
    assert column.tolist() == [25.0, 75.0]


def test_population_65_plus_is_added_to_a_copy(municipalities):
    frame = territory.with_population_65_plus(municipalities)
    assert "population_65_plus" not in municipalities.columns
    assert (frame["population_65_plus"]
            == municipalities["population_65_79"] + municipalities["population_80_plus"]).all()
    bands = ["population_0_14", "population_15_64", "population_65_plus"]
    assert (frame[bands].sum(axis=1) == frame["population"]).all()


def test_district_totals_add_up_exactly_to_the_districts_table(municipalities):
    totals = territory.totals_by(municipalities, "district_id")
    districts = load_dataset("districts").set_index("district_id")
    assert len(totals) == 30
    for column in ("population", "population_0_14", "population_65_plus", "population_80_plus"):
        assert (totals[column].to_numpy() == districts.loc[totals.index.astype(str), column]
                .to_numpy()).all(), column
    assert len(territory.totals_by(municipalities, "province")) == 8


def test_indicators_are_ratios_of_totals_and_match_the_reference(municipalities):
    region = territory.add_indicators(
        territory.totals_by(municipalities.assign(region="Piemonte"), "region")).iloc[0]
    assert region["old_age_index"] == pytest.approx(232.3, abs=12)  # ISTAT 1 Jan 2024, ±12
    assert region["old_age_dependency"] == pytest.approx(43, abs=2)  # IRES Piemonte 2024
    assert region["share_80_plus"] == pytest.approx(8.9, abs=0.3)
    districts = territory.add_indicators(territory.totals_by(municipalities))
    pd.testing.assert_series_equal(
        districts["old_age_index"],
        m02._total_ratio("population_65_plus", "population_0_14"), check_names=False)
    pd.testing.assert_series_equal(
        districts["alone_65_share"],
        m02._total_ratio("living_alone_65_plus", "population_65_plus"), check_names=False)


def test_a_missing_column_is_named_in_the_learners_language(municipalities):
    with pytest.raises(KeyError, match="population_0_14"):
        territory.add_indicators(pd.DataFrame({"population": [1]}))
    i18n.set_language("it")
    with pytest.raises(KeyError, match="non ha una colonna che si chiama 'ageing'"):
        territory.need_index(m02._indicators(), {"ageing": 1})


def test_posts_missing_and_the_shortfall_leave_out_spare_posts(indicators):
    missing = territory.posts_missing(indicators["population"], indicators["social_workers"])
    assert missing.tolist() == pytest.approx(m02._posts_missing().tolist())
    assert territory.posts_missing(82500, 16.5) == 0  # the Casalese: exactly at the LEPS
    assert territory.posts_missing(10000, 1) == 1
    assert territory.posts_missing(10000, 3, residents_per_worker=4000) == -0.5
    assert territory.total_posts_short(missing) == pytest.approx(m02._short(m02._posts_missing()))
    assert territory.total_posts_short(missing) > missing.sum()
    assert territory.total_posts_short(pd.Series([2.0, -5.0, 0.0])) == 2.0


def test_need_index_adds_up_to_one_and_matches_the_reference(indicators):
    index = territory.need_index(indicators, BASE)
    assert index.sum() == pytest.approx(1)
    assert index.tolist() == pytest.approx(m02._need_index().tolist())
    assert (index > 0).all() and index.index.equals(indicators.index)


def test_weights_are_read_as_proportions(indicators):
    half = territory.need_index(indicators, {"population_80_plus": 2, "living_alone_65_plus": 2})
    same = territory.need_index(indicators, {"population_80_plus": 0.5,
                                             "living_alone_65_plus": 0.5})
    assert half.tolist() == pytest.approx(same.tolist())
    only = territory.need_index(indicators, {"population": 1, "population_80_plus": 0})
    assert only.tolist() == pytest.approx((indicators["population"]
                                           / indicators["population"].sum()).tolist())


@pytest.mark.parametrize("weights", [{}, {"population": -1}, {"population": 0}, [0.4, 0.6]])
def test_impossible_weights_are_refused_with_a_plain_message(indicators, weights):
    with pytest.raises(ValueError) as error:
        territory.need_index(indicators, weights)
    assert "Traceback" not in str(error.value) and str(error.value).endswith(".")


def test_allocation_always_shares_out_the_whole_fund(indicators):
    for weights in (BASE, {"population": 1}, {"living_alone_65_plus": 3, "population": 1}):
        amounts = territory.allocate_fund(indicators, weights, m02.FUND)
        assert amounts.sum() == pytest.approx(m02.FUND)
    assert territory.allocate_fund(indicators, BASE, m02.FUND).tolist() == pytest.approx(
        m02._allocation().tolist())
    with pytest.raises(ValueError):
        territory.allocate_fund(indicators, BASE, -1)


def test_compare_weights_moves_money_but_not_the_total(indicators):
    other = {"population": 0.2, "population_80_plus": 0.3, "living_alone_65_plus": 0.5}
    table = territory.compare_weights(indicators, BASE, other, m02.FUND)
    assert list(table.columns) == ["district", "base", "alternative", "difference",
                                   "rank_base", "rank_alternative", "places_moved"]
    assert table["difference"].sum() == pytest.approx(0, abs=1e-6)
    assert sorted(table["rank_base"]) == list(range(1, 31))
    assert (table["places_moved"] == table["rank_base"] - table["rank_alternative"]).all()
    unchanged = territory.compare_weights(indicators, BASE, BASE, m02.FUND)
    assert (unchanged["places_moved"] == 0).all()
    assert unchanged["difference"].abs().max() == pytest.approx(0, abs=1e-6)


# --- the figures the notebook's text quotes ---------------------------------------------------

def notebook_text(lang: str) -> str:
    nb = nbformat.read(FOLDER / f"02-territorial-needs.{lang}.ipynb", as_version=4)
    return "\n".join(c.source for c in nb.cells)


def test_the_figures_quoted_in_the_text_are_those_of_the_data(municipalities, indicators):
    m = territory.with_population_65_plus(municipalities)
    torino = m.loc[m["municipality"] == "Torino"].iloc[0]
    assert (torino["population_65_plus"], torino["population_0_14"]) == (215025, 98709)
    assert abs(m02.small_municipalities.expected() - len(m) / 2) < 30  # "about half"
    index = m02._total_ratio("population_65_plus", "population_0_14")
    names = indicators["district"]
    assert round(index.min()) == 212 and names[index.idxmin()] == "Settimo e Chivasso"
    assert round(index.max()) == 273 and names[index.idxmax()] == "Pinerolese"
    region = m["population_65_plus"].sum() / m["population_0_14"].sum() * 100
    assert round(region) == 233 and (index > region).sum() > 15  # "most districts"
    assert index["D01"] < region  # Torino pulls the regional figure down
    provinces = m02._total_ratio("population_65_plus", "population_0_14", by="province")
    assert provinces.idxmax() == "BI"  # "Biella comes first, as in reality"
    by_80 = indicators.sort_values("share_80_plus", ascending=False)["district"].head(5)
    assert len(set(by_80) & set(m02._top("old_age_index"))) == 1  # "only one ... in both"
    missing = m02._posts_missing()
    assert (missing > 0).sum() == 13 and (missing < 0).sum() == 16
    assert missing[names == "Casalese"].iloc[0] == 0
    assert round(-missing.sum()) == 11 and round(m02._short(missing)) == 36
    assert round(-missing.min()) == 12 and names[missing.idxmin()] == "Novara"
    assert {names[i] for i in missing.nlargest(2).index} == {"Monregalese", "Biellese"}
    assert round(missing.max()) == 6
    per_resident = m02._allocation() / indicators["population"]
    assert per_resident.idxmax() != "D01" and m02._allocation().idxmax() == "D01"
    other = {"population": 0.2, "population_80_plus": 0.3, "living_alone_65_plus": 0.5}
    table = territory.compare_weights(indicators, BASE, other, m02.FUND)
    assert (table["places_moved"] != 0).sum() == 15 and table["places_moved"].abs().max() == 3
    for lang in ("en", "it"):
        text = notebook_text(lang)
        assert "about 11 posts" in text or "circa 11 posti" in text
        assert "about 36 posts" in text or "circa 36 posti" in text


def test_italian_text_writes_numbers_the_italian_way():
    nb = nbformat.read(FOLDER / "02-territorial-needs.it.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    prose = re.sub(r"`[^`]*`", "", text)
    for english in ("1,180", "6.4 million", "232.3", "26.9%", "8.9%", "48.1", "5,000"):
        assert english not in prose, english
    for italian in ("1.180", "6,4 milioni", "232,3", "26,9%", "8,9%", "48,1", "5.000"):
        assert italian in prose, italian


# --- wrong answers written as learner code, in a real kernel ----------------------------------

# (exercise, learner code, a phrase of the expected English message, hidden part?)
WRONG = [
    ("population_65_plus", 'population_65_plus = municipalities["population_65_79"]',
     "only the residents aged 65 to 79", False),
    ("population_65_plus",
     'population_65_plus = municipalities["population"] - municipalities["population_0_14"]',
     "everyone aged 15 and over", False),
    ("small_municipalities",
     'small_municipalities = len(municipalities[municipalities["population"] <= 1000])',
     "exactly 1,000 residents", False),
    ("small_municipalities",
     'small_municipalities = len(municipalities[municipalities["population"] < 100])',
     "worked example's count", False),
    ("small_municipalities", 'small_municipalities = municipalities[municipalities["population"]'
     ' < 1000]["population"].sum()', "added up the residents of the small comuni", False),
    ("small_municipalities", "small_municipalities = 587.0",
     "whole numbers", True),
    ("old_age_index", 'old_age_index = municipalities["population_0_14"] / '
     'municipalities["population_65_plus"] * 100', "children per 100 older people", False),
    ("old_age_index", 'old_age_index = municipalities["population_65_plus"] / '
     'municipalities["population_0_14"]', "the index counts older people", False),
    ("old_age_index", 'old_age_index = municipalities["population_65_plus"] / '
     'municipalities["population"] * 100', "percentage of residents aged 65", False),
    ("dependency_ratio", 'dependency_ratio = municipalities["population_65_plus"] / '
     'municipalities["population_0_14"] * 100', "old-age index of the previous", False),
    ("dependency_ratio", 'dependency_ratio = (municipalities["population_0_14"] + '
     'municipalities["population_65_plus"]) / municipalities["population_15_64"] * 100',
     "total dependency ratio", False),
    ("dependency_ratio", 'dependency_ratio = municipalities["population_65_plus"] / '
     'municipalities["population"] * 100', "people of working age only", False),
    ("district_old_age_index", 'district_old_age_index = '
     'municipalities.groupby("district_id")["old_age_index"].mean()',
     "In a mean every comune counts once", False),
    ("district_old_age_index", 'district_old_age_index = '
     'municipalities.groupby("district_id")["old_age_index"].median()', "the median", False),
    ("district_old_age_index", 'totals = municipalities.groupby("province")[counts].sum()\n'
     'district_old_age_index = totals["population_65_plus"] / totals["population_0_14"] * 100',
     "grouped by province", False),
    ("answer_average", 'answer_average = "a"', "does not round", False),
    ("answer_average", 'answer_average = "d"', "one counts people", False),
    ("answer_average", 'answer_average = "b, c"', "Every comune has children", False),
    ("province_old_age_index", 'province_old_age_index = '
     'municipalities.groupby("province")["old_age_index"].mean()',
     "a comune of 40 residents counts as much as Torino", False),
    ("province_old_age_index", "province_old_age_index = district_old_age_index",
     "one value per district", False),
    ("province_old_age_index", 'province_totals = municipalities.groupby("province")[counts].sum()'
     '\nprovince_old_age_index = province_totals["population_0_14"] / '
     'province_totals["population_65_plus"] * 100', "upside down", False),
    ("answer_italy", 'answer_italy = "a"', None, False),
    ("answer_italy", 'answer_italy = "a, b"', "not a percentage of the residents", False),
    ("answer_italy", 'answer_italy = "c"', "Italy has far more people", False),
    ("answer_italy", 'answer_italy = "e, d"', "births, deaths", False),
    ("alone_65_share", 'alone_65_share = district_totals["living_alone"] / '
     'district_totals["population_65_plus"] * 100', "everyone living alone", False),
    ("alone_65_share", 'alone_65_share = district_totals["living_alone_65_plus"] / '
     'district_totals["population"] * 100', "The question is about older people", False),
    ("alone_65_share", 'alone_65_share = district_totals["living_alone_65_plus"] / '
     'district_totals["population_65_plus"]', "a share instead of a percentage", False),
    ("top5_old", 'top5_old = indicators.sort_values("old_age_index")["district"].head(5)',
     "five youngest", False),
    ("top5_old", 'top5_old = indicators.sort_values("share_80_plus", ascending=False)'
     '["district"].head(5)', "worked example's ranking", False),
    ("top5_old", 'top5_old = indicators.sort_values("population_65_plus", ascending=False)'
     '["district"].head(5)', "favours the largest districts", False),
    ("top5_old", 'top5_old = indicators.sort_values("old_age_index", ascending=False).head(5)',
     None, False),
    ("chart_alone", 'chart_alone = indicators.sort_values("old_age_index").plot(kind="barh", '
     'x="district", y="old_age_index", title="T", xlabel="X", ylabel="Y", legend=False)',
     "the worked example's column", False),
    ("chart_alone", 'chart_alone = indicators.plot(kind="barh", x="district", '
     'y="living_alone_65_plus", title="T", xlabel="X", ylabel="Y", legend=False)',
     "a count that follows the size", False),
    ("chart_alone", 'chart_alone = indicators.plot(kind="barh", x="district", '
     'y="alone_65_share", xlabel="X", ylabel="Y", legend=False)', None, False),
    ("chart_alone", 'chart_alone = indicators.plot(kind="barh", y="alone_65_share", '
     'title="T", xlabel="X", ylabel="Y", legend=False)', "named after its district", True),
    ("posts_missing", 'posts_missing = indicators["social_workers"] - indicators["leps_posts"]',
     "signs are the other way", False),
    ("posts_missing", 'posts_missing = indicators["population"] / 4000 - '
     'indicators["social_workers"]', "the service target (obiettivo di servizio)", False),
    ("posts_missing", 'posts_missing = indicators["leps_posts"]',
     "Those are the posts the LEPS asks for", False),
    ("total_posts_short", 'total_posts_short = indicators["posts_missing"].sum()',
     "spare posts of some districts cancel out", False),
    ("total_posts_short", "total_posts_short = len(short)", "how many districts fall short",
     False),
    ("cuneo_short_estimate", 'cuneo_short_estimate = '
     'indicators[indicators["province"] == "CN"]["posts_missing"].sum()',
     "Cuneo districts with spare posts", False),
    ("cuneo_short_estimate", "cuneo_short_estimate = 35", "That is the whole region", False),
    ("cuneo_short_estimate", "cuneo_short_estimate = 6.2", "That is only the district", False),
    ("cuneo_short_estimate", 'cuneo_short_estimate = "11"', None, False),
    ("need_index", "need_index = (weight_residents * share_residents + weight_80_plus * "
     "share_80_plus_of_region + weight_alone * share_alone_of_region) * 100",
     "100 times too large", False),
    ("need_index", 'need_index = (weight_residents * indicators["population"] + weight_80_plus * '
     'indicators["population_80_plus"] + weight_alone * indicators["living_alone_65_plus"])',
     "weighted the raw counts", False),
    ("need_index", 'need_index = (weight_residents * share_residents + weight_80_plus * '
     'indicators["share_80_plus"] + weight_alone * indicators["alone_65_share"])',
     "own percentages", False),
    ("need_index", "need_index = (share_residents + share_80_plus_of_region + "
     "share_alone_of_region) / 3", "the same weight", False),
    ("allocation", "allocation = need_index * 6.4", "millions of euro", False),
    ("allocation", "allocation = share_residents * fund", "by residents alone", False),
    ("allocation", "allocation = need_index", "the need index itself", False),
    ("allocation", "allocation = (need_index * fund).round()", "", False),
    ("steps_allocation", 'steps_allocation = ["b", "d", "c", "a", "e"]',
     "before you have computed them", False),
    ("steps_allocation", 'steps_allocation = ["c", "b", "d", "a", "e"]', "Which parts", False),
    ("steps_allocation", 'steps_allocation = ["b", "c", "d", "a"]', None, False),
    ("districts_losing", 'per_capita = allocate_fund(indicators, {"population": 1}, fund)\n'
     "districts_losing = (per_capita > allocation).sum()", "would receive more", False),
    ("districts_losing", 'per_capita = allocate_fund(indicators, {"population": 1}, fund)\n'
     "districts_losing = len(per_capita)", "all the districts", False),
    ("districts_losing", 'per_capita = allocate_fund(indicators, {"population": 1}, fund)\n'
     "districts_losing = float((per_capita < allocation).sum())", "whole numbers", True),
    ("answer_weights", 'answer_weights = "a"', "The formula is not neutral", False),
    ("answer_weights", 'answer_weights = "b"', "never change the total", False),
    ("answer_weights", 'answer_weights = "d"', "not certainly the neediest", False),
]

HARNESS = """
import json as _json
from lab_helpers.checks import evaluate as _evaluate
_results = []
for _pid, _code, _hidden in _json.loads({cases!r}):
    _namespace = dict(globals())
    exec(_code, _namespace)
    _outcome = _evaluate(_pid, hidden=_hidden, namespace=_namespace)
    _results.append([_pid, _outcome.status.value, _outcome.message])
print("RESULTS" + _json.dumps(_results))
"""


def test_every_exercise_has_at_least_two_wrong_answers_here():
    counts: dict[str, int] = {}
    for name, *_rest in WRONG:
        counts[name] = counts.get(name, 0) + 1
    declared = {p.id.split(".")[1] for p in m02.__dict__.values()
                if getattr(p, "id", "").startswith("m02.")}
    assert set(counts) == declared
    assert min(counts.values()) >= 2


def expected_message(name: str, phrase: str, lang: str) -> str:
    """The translated message of the mistake (or explanation, or hidden test) with ``phrase``."""
    problem = get_problem(f"m02.{name}")
    texts = [m.message for m in problem.mistakes] + [h.message for h in problem.hidden]
    texts += list(getattr(problem, "explanations", {}).values())
    found = [t for t in texts if phrase in t]
    assert len(found) == 1, (name, phrase, found)
    return i18n._(found[0], lang)


@pytest.mark.parametrize("lang", ["en", "it"])
def test_plausible_wrong_answers_fail_with_their_intended_message(lang, tmp_path):
    nb = nbformat.read(FOLDER / f"02-territorial-needs.{lang}.ipynb", as_version=4)
    cases = json.dumps([[f"m02.{name}", code, hidden] for name, code, _p, hidden in WRONG])
    nb.cells.append(nbformat.v4.new_code_cell(HARNESS.format(cases=cases)))
    ran = execute_notebook(nb, Path(tmp_path), grading=True)
    assert cell_errors(ran) == []
    text = "".join(o.get("text", "") for o in ran.cells[-1].outputs)
    results = json.loads(text.split("RESULTS", 1)[1])
    assert len(results) == len(WRONG)
    for (name, code, phrase, _hidden), (_pid, status, message) in zip(WRONG, results,
                                                                       strict=True):
        if phrase == "":  # a right answer written another way
            assert status == "correct", (name, code, message)
            continue
        assert status == "incorrect", (name, code, status, message)
        if phrase is not None:
            assert message == expected_message(name, phrase, lang), (name, code, message)


def test_the_solutions_shown_to_self_learners_are_the_source_answers():
    from lab_helpers.checks.solutions import solution_text

    for lang in ("en", "it"):
        for problem in (p for p in m02.__dict__.values() if getattr(p, "id", "").startswith(
                "m02.")):
            text = solution_text(problem.id, lang)
            assert text and "### " not in text, problem.id
    assert math.isclose(m02.FUND, 6.4e6)


def test_exercise_headings_state_the_points_of_their_test_cells():
    patterns = {"en": r"### (?:Exercise|Reflection) \d+ \((\d+) points?",
                "it": r"### (?:Esercizio|Riflessione) \d+ \((\d+) punt[io]"}
    for lang, pattern in patterns.items():
        nb = nbformat.read(FOLDER / f"02-territorial-needs.{lang}.ipynb", as_version=4)
        stated = [int(p) for c in nb.cells if c.cell_type == "markdown"
                  for p in re.findall(pattern, c.source)]
        graded = [c.metadata["nbgrader"]["points"] for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("grade")]
        assert stated == graded and len(graded) == 21, lang
