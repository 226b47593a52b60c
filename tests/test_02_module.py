"""Module 02 (territorial needs): its domain functions and the figures its text quotes.

Its wrong answers are declared beside its exercises and run by tests/test_wrong_answers.py.
"""

from __future__ import annotations

import math
import re

import nbformat
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import i18n, load_dataset
from lab_helpers.domain import territory
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
    with pytest.raises(KeyError, match="non ha una colonna chiamata 'ageing'"):
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
    assert math.isclose(m02.FUND, 6.4e6)
    alone = indicators.set_index("district")["alone_65_share"]  # the chart's alternative text
    assert (round(alone.min()), alone.idxmin()) == (27, "Cuorgnè e Alto Canavese")
    assert (round(alone.max()), alone.idxmax()) == (32, "Valle di Susa")
    assert round(alone.median()) == 30
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
