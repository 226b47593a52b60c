"""Module 03 (home care): the scenario model, its widget and the figures its text quotes.

The domain functions are tested in-process. The wrong answers are declared beside the
exercises and run in real kernels by tests/test_wrong_answers.py.
"""

from __future__ import annotations

import html
import math
import re

import nbformat
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import load_dataset
from lab_helpers.checks import Status, evaluate, module_problems
from lab_helpers.domain.home_care import (
    CARE_HOURS_PER_OPERATOR,
    CONTRACT_HOURS_PER_WEEK,
    HILL_CARE_HOURS_PER_OPERATOR,
    PNRR_ADI_TARGET_PCT,
    WEEKS_PER_YEAR,
    WORKING_WEEKS,
    DistrictBaseline,
    ScenarioResult,
    describe,
    district_baseline,
    operators_needed,
    ranking_uncertainty,
    run_scenario,
    scenario_tool,
    smallest_staff_for_target,
)
from lab_helpers.exercises import m03
from lab_helpers.i18n import set_language


def m03_problems():
    return module_problems("m03")


NOTEBOOKS = {lang: MODULES / "03-home-care" / f"03-home-care.{lang}.ipynb"
             for lang in ("en", "it")}


@pytest.fixture(scope="module")
def panel():
    return load_dataset("homecare_panel")


@pytest.fixture(scope="module")
def borgo(panel) -> DistrictBaseline:
    return district_baseline(panel, m03.PLAN_DISTRICT, m03.TARGET_YEAR)


# --- the domain functions --------------------------------------------------------------------

def test_baseline_reads_one_district_and_year(panel, borgo):
    row = panel[(panel["district_id"] == "D24") & (panel["year"] == 2025)].iloc[0]
    assert borgo.users == row["adi_users_65_plus"]
    assert borgo.population_65_plus == row["population_65_plus"]
    assert borgo.coverage_pct == pytest.approx(row["adi_coverage_pct"], abs=0.005)
    assert borgo.hours_per_user == pytest.approx(row["adi_hours"] / row["adi_users_65_plus"])
    assert borgo.weekly_hours == pytest.approx(row["adi_hours"] / WEEKS_PER_YEAR)
    assert borgo.operators == pytest.approx(
        row["adi_hours"] / (CARE_HOURS_PER_OPERATOR * WORKING_WEEKS))


def test_baseline_of_a_missing_district_says_so_in_the_learners_language(panel):
    set_language("it")
    with pytest.raises(ValueError, match="La tabella non ha una riga per il distretto D99"):
        district_baseline(panel, "D99", 2025)


def test_operators_are_rounded_up_but_exact_divisions_are_not():
    assert operators_needed(60, working_weeks=52) == 2
    assert operators_needed(60.5, working_weeks=52) == 3
    assert operators_needed(10, care_hours_per_operator=4, working_weeks=52) == 3
    assert operators_needed(2 * 30 * 42 / 52) == 2  # exactly two years of care, no float slip
    for bad in ({"care_hours_per_operator": 0}, {"working_weeks": 0}, {"working_weeks": 53}):
        with pytest.raises(ValueError):
            operators_needed(10, **bad)


def test_leave_sickness_and_travel_take_more_operators_for_the_same_care():
    """Issue 12, point 6: 52 weeks of care from operators who work 42 of them, and fewer
    hours of care a week where travel is long (hill and mountain comuni)."""
    assert 40 <= WORKING_WEEKS <= 46  # 6 to 12 weeks of leave, holidays, sickness, training
    assert CARE_HOURS_PER_OPERATOR < CONTRACT_HOURS_PER_WEEK
    assert HILL_CARE_HOURS_PER_OPERATOR < CARE_HOURS_PER_OPERATOR
    assert operators_needed(60) == 3 > operators_needed(60, working_weeks=52) == 2
    assert operators_needed(600, care_hours_per_operator=HILL_CARE_HOURS_PER_OPERATOR) > (
        operators_needed(600))


def test_the_model_gives_back_the_baseline_year(borgo):
    same = run_scenario(borgo, 0, borgo.hours_per_user, borgo.operators)
    assert same.demand == pytest.approx(borgo.users)
    assert same.capacity == pytest.approx(borgo.users)
    assert same.waiting == pytest.approx(0, abs=1e-9)
    assert same.coverage_pct == pytest.approx(borgo.coverage_pct)


def test_served_is_the_smaller_of_demand_and_capacity(borgo):
    short = run_scenario(borgo, 20, 14, 10)
    assert short.demand == pytest.approx(borgo.users * 1.2)
    assert short.capacity == pytest.approx(10 * CARE_HOURS_PER_OPERATOR * WORKING_WEEKS / 14)
    assert short.served == pytest.approx(short.capacity)
    assert short.waiting == pytest.approx(short.demand - short.capacity)
    plenty = run_scenario(borgo, 20, 14, 1000)
    assert plenty.served == pytest.approx(plenty.demand) and plenty.waiting == 0
    assert plenty.coverage_pct == pytest.approx(plenty.served / borgo.population_65_plus * 100)


def test_the_target_is_at_least_ten_per_cent():
    assert ScenarioResult(1, 1, 1, 0, PNRR_ADI_TARGET_PCT).meets_target
    assert not ScenarioResult(1, 1, 1, 0, PNRR_ADI_TARGET_PCT - 1e-9).meets_target


def test_smallest_staff_is_the_first_that_meets_the_target(borgo):
    staff = smallest_staff_for_target(borgo, 20, 14)
    assert run_scenario(borgo, 20, 14, staff).meets_target
    assert not run_scenario(borgo, 20, 14, staff - 1).meets_target
    # too few people ask: no number of operators reaches the target
    assert borgo.coverage_pct < PNRR_ADI_TARGET_PCT
    assert smallest_staff_for_target(borgo, 0, 14) is None
    # a target of 0% needs no operator at all
    assert smallest_staff_for_target(borgo, 20, 14, target_pct=0) == 0


def test_impossible_inputs_are_refused(borgo):
    for growth, hours, operators in ((0, 0, 10), (0, -1, 10), (0, 14, -1), (-101, 14, 10)):
        with pytest.raises(ValueError):
            run_scenario(borgo, growth, hours, operators)


def plan_row(panel):
    """District D24 in 2025, straight from the data."""
    return panel[(panel["district_id"] == m03.PLAN_DISTRICT)
                 & (panel["year"] == m03.TARGET_YEAR)].iloc[0]


def fewest_operators_for_the_target(panel, growth_pct: float, hours: float) -> int:
    """By hand: the people the target asks for, over the people one operator serves."""
    row = plan_row(panel)
    target = PNRR_ADI_TARGET_PCT / 100 * row["population_65_plus"]
    assert row["adi_users_65_plus"] * (1 + growth_pct / 100) >= target  # enough people ask
    return math.ceil(target / (CARE_HOURS_PER_OPERATOR * WORKING_WEEKS / hours))


def in_words(value: float, lang: str, decimals: int = 0) -> str:
    """A number as the learner reads it: 3,870 and 10.0 in English, 3.870 and 10,0 in Italian."""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "it" else text


@pytest.mark.parametrize(("lang", "reached", "not_reached"), [
    ("en", "Target reached.", "Target not reached."),
    ("it", "Obiettivo raggiunto.", "Obiettivo non raggiunto.")])
def test_the_description_uses_the_learners_language_and_numbers(panel, borgo, lang, reached,
                                                                not_reached):
    row = plan_row(panel)
    staff = fewest_operators_for_the_target(panel, 20, 14)
    for operators, verdict in ((staff, reached), (staff - 1, not_reached), (1000, reached)):
        text = describe(run_scenario(borgo, 20, 14, operators), lang)
        demand = row["adi_users_65_plus"] * 1.2
        capacity = operators * CARE_HOURS_PER_OPERATOR * WORKING_WEEKS / 14
        served = min(demand, capacity)
        lines = text.split("\n")
        assert len(lines) == 4 and verdict in lines[2] and lines[2].endswith(verdict)
        for line, people in zip(lines, (demand, capacity, served, demand - served), strict=True):
            assert line.split(": ", 1)[1].startswith(in_words(round(people), lang)), line
        coverage = served / row["population_65_plus"] * 100
        assert f"{in_words(coverage, lang, 1)}%" in lines[2]
        assert f"{in_words(PNRR_ADI_TARGET_PCT, lang, 1)}%" in lines[2]
    set_language(lang)
    short = run_scenario(borgo, 20, 14, staff - 1)
    assert not_reached in str(short)  # print() shows it in the learner's language
    assert "✘" in short._repr_html_()
    assert "✔" in run_scenario(borgo, 20, 14, staff)._repr_html_()


def test_the_widget_works_without_a_browser(borgo):
    set_language("it")
    tool = scenario_tool(borgo)
    growth, hours, operators = (tool.sliders[k] for k in ("growth", "hours", "operators"))
    assert growth.description == "Crescita della domanda (%)"
    assert operators.value == operators_needed(borgo.weekly_hours)  # today's staff
    assert hours.value == round(borgo.hours_per_user * 2) / 2
    assert "Obiettivo non raggiunto" in tool.result.value  # today, below the target
    growth.value, hours.value = 20, 14
    staff = smallest_staff_for_target(borgo, 20, 14)
    operators.value = staff
    assert "Obiettivo raggiunto" in tool.result.value
    assert "Obiettivo non raggiunto" not in tool.result.value
    operators.value = staff - 1
    assert "Obiettivo non raggiunto" in tool.result.value
    # what the widget shows is what the function says
    shown = html.unescape(re.sub(r"<[^>]+>", "\n", tool.result.value))
    for line in describe(run_scenario(borgo, 20, 14, staff - 1), "it").split("\n"):
        assert line.removeprefix("✘ ") in shown


# --- what the notebook's text says about the data --------------------------------------------

def solution_reading(lang: str, name: str) -> float:
    """The number the notebook's solution gives for exercise ``name``."""
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    cell = next(c for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == f"answer_{name}")
    solution = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
    return float(solution.group(1))


def test_the_narrative_of_the_notebook_matches_the_data(panel, borgo):
    """Sentences of the notebook that describe the data; a regenerated dataset must keep them."""
    by_year = panel.groupby("year")[["population_65_plus", "adi_users_65_plus",
                                     "sad_users_65_plus"]].sum()
    adi = by_year["adi_users_65_plus"] / by_year["population_65_plus"] * 100
    sad = by_year["sad_users_65_plus"] / by_year["population_65_plus"] * 100
    assert adi[2023] < 10 <= adi[2024]  # "crosses the dashed 10% target in 2024"
    assert adi[2025] > 2 * adi[2019]  # "more than doubled" (exercise 5, option b)
    assert (sad.diff().dropna() < 0).all() and sad.max() < 1.5  # "near 1% and slowly falls"
    waits = m03._by_district("ADI", 0.9)
    assert waits.idxmax() == "D24"  # Borgomanerese has the longest ADI waits in this sample
    assert 45 <= waits.max() <= 52  # "about seven weeks"
    assert borgo.coverage_pct < 10  # ...and is below the target in 2025
    assert 13 <= borgo.hours_per_user < 14  # "a little under 14 hours"
    hours = (panel.groupby("year")["adi_hours"].sum() / panel.groupby("year")[
        "adi_users_65_plus"].sum())
    assert hours[2025] < hours[2019]  # exercise 5, option d: hours per user went down
    # section 7: the solution's readings are the ones the tool gives
    row = plan_row(panel)
    for lang in NOTEBOOKS:
        staff = solution_reading(lang, "operators_for_target")
        assert staff == fewest_operators_for_the_target(panel, 20, 14) == m03._staff_for_target()
        reading = solution_reading(lang, "hours_for_target")
        today = math.ceil(row["adi_hours"] / (CARE_HOURS_PER_OPERATOR * WORKING_WEEKS))
        limit = today * CARE_HOURS_PER_OPERATOR * WORKING_WEEKS / (
            PNRR_ADI_TARGET_PCT / 100 * row["population_65_plus"])
        assert reading == math.floor(limit * 2) / 2  # the slider's last step (0.5 h) below
        assert m03.hours_for_target.low() <= reading <= m03.hours_for_target.high()
    assert m03._staff_for_everyone() > m03._staff_for_target() > m03._today_operators()



@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_staffing_sentences_are_those_of_the_model(panel, lang):
    """Section 6 and 7: the assumptions' arithmetic, the staff without leave, the hills."""
    cells = {c.id: c.source for c in nbformat.read(NOTEBOOKS[lang], as_version=4).cells}
    sep = "," if lang == "en" else "."
    yearly, contract = (CARE_HOURS_PER_OPERATOR * WORKING_WEEKS,
                        CONTRACT_HOURS_PER_WEEK * WEEKS_PER_YEAR)
    assert (f"{CARE_HOURS_PER_OPERATOR:.0f} × {WORKING_WEEKS} = {yearly // 1000:.0f}{sep}"
            f"{yearly % 1000:03.0f}") in cells["m03-083"]
    assert f"{contract // 1000}{sep}{contract % 1000:03d}" in cells["m03-083"]
    assert f"({CONTRACT_HOURS_PER_WEEK} × {WEEKS_PER_YEAR})" in cells["m03-083"]
    assert 0.6 < yearly / contract < 0.7  # "about two thirds"
    row = plan_row(panel)
    without_leave = math.ceil(row["adi_hours"] / (CARE_HOURS_PER_OPERATOR * WEEKS_PER_YEAR))
    gap = m03.operators_needed.expected() - without_leave
    assert re.search(rf"\b{without_leave}: {gap} ", cells["m03-089"]), cells["m03-089"]
    assert gap > 0 and m03.operators_needed.compare(without_leave) is not None
    baseline = district_baseline(panel, m03.PLAN_DISTRICT, m03.TARGET_YEAR)
    more = (smallest_staff_for_target(baseline, 20, 14,
                                      care_hours_per_operator=HILL_CARE_HOURS_PER_OPERATOR)
            - smallest_staff_for_target(baseline, 20, 14))
    assert f" {more} " in cells["m03-hill-reading"] and more > 0
    today = m03._baseline().hours_per_user
    assert 1.2 < today - m03._max_hours_for_target() < 1.8  # "about an hour and a half less"


# --- how sure the ranking of waits can be (issue 12, point 5) --------------------------------

def test_ranking_uncertainty_is_seeded_and_resamples_each_group_from_its_own_rows():
    frame = pd.DataFrame({"g": ["slow"] * 40 + ["fast"] * 40 + ["same"] * 10 + ["none"] * 3,
                          "v": list(range(100, 140)) + list(range(40)) + [7.0] * 10
                          + [None] * 3})
    table = ranking_uncertainty(frame, "g", "v", q=0.9, top=1, draws=200)
    assert list(table.index) == ["slow", "fast", "same"]  # the empty group is left out
    assert table["count"].tolist() == [40, 40, 10]
    assert table.loc["slow", "quantile"] == pytest.approx(frame["v"][:40].quantile(0.9))
    assert table.loc["slow", "pct_first"] == 100 and table.loc["fast", "pct_top"] == 0
    same = table.loc["same"]
    assert same["low"] == same["high"] == same["quantile"] == 7  # no spread, no uncertainty
    slow = table.loc["slow"]
    assert slow["low"] < slow["quantile"] < slow["high"] and slow["high"] <= 139
    assert table.equals(ranking_uncertainty(frame, "g", "v", q=0.9, top=1, draws=200))


def test_ranking_uncertainty_refuses_a_percentage_and_an_empty_column():
    frame = pd.DataFrame({"g": ["a", "b"], "v": [None, None]})
    with pytest.raises(ValueError, match="between 0 and 1"):
        ranking_uncertainty(frame, "g", "v", q=90)
    with pytest.raises(ValueError, match="no values to rank"):
        ranking_uncertainty(frame, "g", "v")


def test_the_ranking_of_waits_is_described_with_the_datas_uncertainty(panel):
    """Section 5: D24 first in about half the resamples; D24, D22 and D04 almost always in the
    top five; many districts never; and D24 the only one of the three below the target."""
    ranking = ranking_uncertainty(m03._service("ADI"), "district_id", "wait_days")
    d24 = ranking.loc["D24"]
    assert list(ranking.index[:3]) == ["D24", "D22", "D04"]
    assert 30 < d24["pct_first"] < 70  # the data cannot say which is the slowest...
    assert (ranking.loc[["D24", "D22", "D04"], "pct_top"] > 90).all()  # ...but who is slow
    assert d24["low"] < ranking.loc["D04", "high"]  # the ranges overlap
    assert ranking["count"].min() == 50 and ranking["count"].max() == 602
    assert ranking.loc["D24", "count"] == 104
    never = int((ranking["pct_top"] == 0).sum())
    coverage = panel[panel["year"] == 2025].set_index("district_id")["adi_coverage_pct"]
    assert coverage["D24"] < 10 and (coverage[["D22", "D04"]] > 13).all()
    for lang, words in (("en", "comes first in only {first} resamples out of 100, and its "
                               "range ({low} to {high} days)"),
                        ("it", "è primo solo in {first} ricampionamenti su 100, e il suo "
                               "intervallo (da {low} a {high} giorni)")):
        text = {c.id: c.source for c in nbformat.read(NOTEBOOKS[lang], as_version=4).cells}[
            "m03-rank-reading"]
        assert words.format(first=round(d24["pct_first"]), low=round(d24["low"]),
                            high=round(d24["high"])) in text
        assert f"{never} " in text and never >= 10
    assert m03.ranking_reading.compare("b") is None


def _agenas_sentence(lang: str) -> str:
    marker = {"en": "AGENAS counted", "it": "AGENAS ha contato"}[lang]
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    (cell,) = [c.source for c in nb.cells if marker in c.source]
    return cell[cell.index(marker):]


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_agenas_percentages_are_those_of_the_figures_quoted_beside_them(lang):
    """110.4% is reached ÷ target; AGENAS's 119.2% is the increase since 2019 ÷ that planned."""
    text = _agenas_sentence(lang)
    thousands, decimal = {"en": (",", "."), "it": (".", ",")}[lang]
    counts = [int(n.replace(thousands, ""))
              for n in re.findall(rf"\b\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+\b", text)]
    reached, target, increase, baseline, planned = counts
    assert increase == reached - baseline and planned == target - baseline
    percents = [float(p.replace(decimal, "."))
                for p in re.findall(rf"(\d+{re.escape(decimal)}\d)%", text)]
    assert percents == [round(reached / target * 100, 1), round(increase / planned * 100, 1)]

def test_the_checks_reject_wrong_values_in_plain_python(borgo):
    """A quick in-process guard on the scenario exercises (no kernel needed)."""
    staff = smallest_staff_for_target(borgo, m03.SCENARIO_GROWTH_PCT, m03.SCENARIO_HOURS_PER_USER)
    right = evaluate("m03.operators_for_target", staff, hidden=True)
    assert right.status is Status.CORRECT
    assert evaluate("m03.operators_for_target", staff - 1).status is Status.INCORRECT
    assert evaluate("m03.operators_for_target", float(staff), hidden=True).status is (
        Status.INCORRECT)
    limit = m03._max_hours_for_target()
    assert math.floor(limit * 2) / 2 >= m03.hours_for_target.low()  # the slider can reach it
    assert evaluate("m03.hours_for_target", limit + 0.5).status is Status.INCORRECT
