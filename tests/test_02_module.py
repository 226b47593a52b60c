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


def quoted(pattern_en: str, pattern_it: str) -> list[dict[str, str]]:
    """What the English and the Italian text say: the named groups of each pattern's match.

    Each pattern must match exactly once in its notebook's text.
    """
    found = []
    for lang, pattern in (("en", pattern_en), ("it", pattern_it)):
        matches = list(re.finditer(pattern, notebook_text(lang), flags=re.S))
        assert len(matches) == 1, (lang, pattern, len(matches))
        found.append(matches[0].groupdict())
    return found


N = r"(?P<{}>\d+)"  # a number the text quotes
NAME = r"(?P<{}>[^)]+?)"  # a name in brackets


def by_district(municipalities: pd.DataFrame) -> pd.DataFrame:
    """Plain pandas, not the module's code: the comuni added up into their districts."""
    m = municipalities.assign(
        p65=municipalities["population_65_79"] + municipalities["population_80_plus"])
    totals = m.groupby("district_id", observed=True)[
        ["population", "population_0_14", "p65", "population_80_plus", "living_alone_65_plus"]
    ].sum()
    totals.index = totals.index.astype(str)
    districts = load_dataset("districts").set_index("district_id")
    districts.index = districts.index.astype(str)
    totals["district"] = districts.loc[totals.index, "district"].astype(str)
    totals["province"] = districts.loc[totals.index, "province"].astype(str)
    totals["social_workers"] = districts.loc[totals.index, "social_workers"]
    totals["index"] = totals["p65"] / totals["population_0_14"] * 100
    totals["alone"] = totals["living_alone_65_plus"] / totals["p65"] * 100
    totals["missing"] = totals["population"] / m02.LEPS_RESIDENTS - totals["social_workers"]
    return totals.set_index("district")


def test_the_torino_example_uses_torinos_figures(municipalities):
    torino = municipalities.loc[municipalities["municipality"] == "Torino"].iloc[0]
    for lang in ("en", "it"):
        nb = nbformat.read(FOLDER / f"02-territorial-needs.{lang}.ipynb", as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        old, young = map(int, re.search(r"(\d+) / (\d+) \* 100", code).groups())
        assert old == torino["population_65_79"] + torino["population_80_plus"], lang
        assert young == torino["population_0_14"], lang


def test_the_old_age_index_chart_is_described_with_the_datas_figures(municipalities):
    d = by_district(municipalities)
    region = ((municipalities["population_65_79"] + municipalities["population_80_plus"]).sum()
              / municipalities["population_0_14"].sum() * 100)
    for said in quoted(
            rf"from about {N.format('low')} \({NAME.format('low_name')}\) to about "
            rf"{N.format('high')} \({NAME.format('high_name')}\)\. A dashed line marks "
            rf"Piedmont, at about {N.format('region')}",
            rf"da circa {N.format('low')} \({NAME.format('low_name')}\) a circa "
            rf"{N.format('high')} \({NAME.format('high_name')}\)\. Una linea tratteggiata "
            rf"indica il Piemonte, a circa {N.format('region')}"):
        assert (int(said["low"]), said["low_name"]) == (round(d["index"].min()),
                                                        d["index"].idxmin())
        assert (int(said["high"]), said["high_name"]) == (round(d["index"].max()),
                                                          d["index"].idxmax())
        assert int(said["region"]) == round(region)
    assert (d["index"] > region).sum() > len(d) / 2  # "most districts lie to the right"
    assert d.loc["Torino", "index"] < region  # "Torino ... pulls the regional figure down"
    index = m02._total_ratio("population_65_plus", "population_0_14")
    assert index.to_numpy() == pytest.approx(d["index"].to_numpy())  # the module agrees


def test_the_living_alone_chart_is_described_with_the_datas_figures(municipalities):
    alone = by_district(municipalities)["alone"]
    for said in quoted(
            rf"from about {N.format('low')}% \({NAME.format('low_name')}\) to about "
            rf"{N.format('high')}% \({NAME.format('high_name')}\); half of the districts are "
            rf"above about {N.format('half')}%",
            rf"da circa il {N.format('low')}% \({NAME.format('low_name')}\) a circa il "
            rf"{N.format('high')}% \({NAME.format('high_name')}\); metà dei distretti supera "
            rf"circa il {N.format('half')}%"):
        assert (int(said["low"]), said["low_name"]) == (round(alone.min()), alone.idxmin())
        assert (int(said["high"]), said["high_name"]) == (round(alone.max()), alone.idxmax())
        assert int(said["half"]) == round(alone.median())


def test_the_posts_missing_against_the_leps_are_those_of_the_data(municipalities):
    missing = by_district(municipalities)["missing"]
    short = missing[missing > 0]
    for said in quoted(rf"\n{N.format('short')} districts fall short",
                       rf"\n{N.format('short')} distretti sono sotto il LEPS"):
        assert int(said["short"]) == len(short)
    assert missing["Casalese"] == 0  # "has exactly the posts the LEPS asks for"
    for said in quoted(
            rf"about {N.format('spare')} posts \*\*more\*\*.*?about {N.format('posts')} posts "
            rf"are missing in {N.format('districts')} districts",
            rf"circa {N.format('spare')} posti \*\*in più\*\*.*?in {N.format('districts')} "
            rf"distretti mancano circa {N.format('posts')} posti"):
        assert int(said["spare"]) == round(-missing.sum())
        assert int(said["posts"]) == round(short.sum())
        assert int(said["districts"]) == len(short)
    for said in quoted(
            rf"{N.format('right')} bars point right, from less than 1 post up to about "
            rf"{N.format('most')} \((?P<first>\w+) and (?P<second>\w+)\); one district sits "
            rf"at zero; {N.format('left')} bars point left, down to about {N.format('spare')} "
            r"spare posts in (?P<where>\w+)",
            rf"{N.format('right')} barre vanno verso destra, da meno di 1 posto fino a circa "
            rf"{N.format('most')} \((?P<first>\w+) e (?P<second>\w+)\); un distretto è a "
            rf"zero; {N.format('left')} barre vanno verso sinistra, fino a circa "
            rf"{N.format('spare')} posti in più a (?P<where>\w+)"):
        assert int(said["right"]) == len(short) and short.min() < 1
        assert int(said["most"]) == round(missing.max())
        assert {said["first"], said["second"]} == set(missing.nlargest(2).index)
        assert (missing == 0).sum() == 1 and int(said["left"]) == (missing < 0).sum()
        assert (int(said["spare"]), said["where"]) == (round(-missing.min()), missing.idxmin())
    module = m02._posts_missing()
    assert module.to_numpy() == pytest.approx(missing.to_numpy())  # the module agrees


def test_other_claims_of_the_text_hold_in_the_data(municipalities, indicators):
    assert abs(m02.small_municipalities.expected() - len(municipalities) / 2) < 30  # "half"
    provinces = m02._total_ratio("population_65_plus", "population_0_14", by="province")
    assert provinces.idxmax() == "BI"  # "Biella comes first and Cuneo last, as in reality"
    assert provinces.idxmin() == "CN"
    by_80 = indicators.sort_values("share_80_plus", ascending=False)["district"].head(5)
    assert len(set(by_80) & set(m02._top("old_age_index"))) == 2  # "only two ... in both"
    names = indicators["district"]
    per_resident = m02._allocation() / indicators["population"]
    assert names[per_resident.idxmax()] != "Torino" and m02._allocation().idxmax() == "D01"
    assert math.isclose(m02.FUND, 6.4e6)


def test_other_weights_move_money_and_places_but_not_the_total(indicators):
    """Exercise 19's answer (c), by plain pandas: money and places move, the total does not."""
    other = {"population": 0.2, "population_80_plus": 0.3, "living_alone_65_plus": 0.5}
    table = territory.compare_weights(indicators, BASE, other, m02.FUND)

    def euro(weights: dict[str, float]) -> pd.Series:
        return sum(w * indicators[c] / indicators[c].sum() for c, w in weights.items()) * m02.FUND

    def places(weights: dict[str, float]) -> pd.Series:
        per_resident = euro(weights) / indicators["population"]
        return per_resident.rank(ascending=False, method="min")

    moved = places(BASE) - places(other)
    assert table["places_moved"].tolist() == moved.astype(int).tolist()
    assert table["difference"].to_numpy() == pytest.approx((euro(other) - euro(BASE)).to_numpy())
    assert (moved != 0).any() and (table["difference"].abs() > 1).any()
    assert table["alternative"].sum() == pytest.approx(table["base"].sum())  # option b is wrong


def test_italian_text_writes_numbers_the_italian_way():
    nb = nbformat.read(FOLDER / "02-territorial-needs.it.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    prose = re.sub(r"`[^`]*`", "", text)
    for english in ("1,180", "6.4 million", "232.3", "26.9%", "8.9%", "48.1", "5,000"):
        assert english not in prose, english
    for italian in ("1.180", "6,4 milioni", "232,3", "26,9%", "8,9%", "48,1", "5.000"):
        assert italian in prose, italian
