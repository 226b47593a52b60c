"""Module 09 (capstone): figures recomputed for the learner's district, their intervals, and the
export of the brief.

The wrong answers are declared beside the exercises and run in real kernels by
tests/test_wrong_answers.py, for the notebook's example district; here each figure is also
checked for other districts, so that a neighbour's numbers do not pass.
"""

from __future__ import annotations

import math
import re

import nbformat
import numpy as np
import pandas as pd
import pytest

from lab_helpers import load_dataset
from lab_helpers.brief_export import ALT_TAG, BriefError, brief_html, export_brief
from lab_helpers.checks import ChartProblem, ChoiceProblem, Status, evaluate, module_problems
from lab_helpers.checks.answer_context import answer_context
from lab_helpers.domain import district_brief as brief
from lab_helpers.exercises import m09
from lab_helpers.i18n import _, set_language

FIGURE_EXERCISES = [p for p in module_problems("m09")
                    if p.context and not isinstance(p, ChartProblem | ChoiceProblem)]


def right_value(problem, district: str):
    with answer_context({"DISTRICT": district}):
        return problem.expected()


# --- the district is a setting every figure depends on ----------------------------------------

def test_every_figure_exercise_depends_on_the_district():
    assert len(FIGURE_EXERCISES) >= 10
    assert m09.EXAMPLE_DISTRICT in brief.district_ids()


@pytest.mark.parametrize("problem", FIGURE_EXERCISES, ids=lambda p: p.id)
def test_a_neighbours_right_answer_fails_for_my_district(problem):
    mine = right_value(problem, m09.EXAMPLE_DISTRICT)
    assert evaluate(problem.id, mine, namespace={"DISTRICT": m09.EXAMPLE_DISTRICT}).passed
    others = [d for d in brief.district_ids() if d != m09.EXAMPLE_DISTRICT]
    differ = [d for d in others if not math.isclose(right_value(problem, d), mine,
                                                      rel_tol=1e-3, abs_tol=1e-9)]
    assert len(differ) >= 15, "most districts have a figure of their own"
    for district in differ[:5]:
        outcome = evaluate(problem.id, mine, namespace={"DISTRICT": district})
        assert outcome.status is Status.INCORRECT, (problem.id, district)
        assert evaluate(problem.id, right_value(problem, district),
                        namespace={"DISTRICT": district}).passed


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("setting", [None, "D99", "d07", 7])
def test_a_missing_or_wrong_district_says_what_to_do(setting, lang):
    set_language(lang)
    namespace = {} if setting is None else {"DISTRICT": setting}
    outcome = evaluate("m09.share_65_plus", 26.0, namespace=namespace)
    assert outcome.status is Status.NOT_ATTEMPTED
    assert "DISTRICT" in outcome.message
    expected = {None: None, "D99": m09._district_trouble("D99"), "d07": m09._district_trouble(
        "d07"), 7: m09._district_trouble(7)}[setting]
    if expected:
        assert outcome.message == _(expected)
    set_language("en")


# --- the figures, computed by hand from the tables -------------------------------------------

def test_figures_are_ratios_of_sums_over_the_districts_comuni():
    comuni = load_dataset("municipalities")
    mine = comuni[comuni["district_id"] == "D24"]
    older = mine["population_65_79"] + mine["population_80_plus"]
    assert brief.alone_65_share("D24") == pytest.approx(
        mine["living_alone_65_plus"].sum() / older.sum() * 100)
    assert brief.alone_65_share("D24") != pytest.approx(
        brief.alone_65_share_mean_of_comuni("D24"))
    districts = load_dataset("districts")
    row = districts[districts["district_id"] == "D24"].iloc[0]
    assert brief.share_65_plus("D24") == pytest.approx(
        row["population_65_plus"] / row["population"] * 100)


def test_people_short_of_the_target_round_up_and_go_negative_beyond_it():
    panel = load_dataset("homecare_panel")
    year = panel[panel["year"] == brief.TARGET_YEAR]
    for _i, row in year.iterrows():
        needed = row["population_65_plus"] * 10 / 100 - row["adi_users_65_plus"]
        short = brief.adi_users_short(row["district_id"])
        assert short == math.ceil(needed) and isinstance(short, int)
        assert brief.gap_cost(row["district_id"]) == pytest.approx(
            max(0, short) * row["adi_hours"] / row["adi_users_65_plus"] * brief.COST_PER_HOUR_EUR)
    reached = year[year["adi_coverage_pct"] >= 10]["district_id"]
    assert len(reached) and all(brief.adi_users_short(d) <= 0 for d in reached)


def test_one_more_point_of_coverage_has_a_cost_in_every_district():
    costs = {d: brief.point_cost(d) for d in brief.district_ids()}
    assert all(cost > 0 for cost in costs.values())
    assert len({round(cost) for cost in costs.values()}) == len(costs)  # no two alike
    row = brief.panel_row("D07")
    assert brief.point_cost("D07") == pytest.approx(
        math.ceil(row["population_65_plus"] / 100) * row["adi_hours"] / row["adi_users_65_plus"]
        * brief.COST_PER_HOUR_EUR)


def test_the_e_i_index_counts_ties_inside_and_outside_the_district():
    organisations = load_dataset("organisations")
    ties = load_dataset("partnerships")
    for district in ("D07", "D14"):
        mine = set(organisations.loc[organisations["district_id"] == district, "org_id"])
        touching = ties[ties["org_a"].isin(mine) | ties["org_b"].isin(mine)]
        inside = sum(a in mine and b in mine for a, b in zip(touching["org_a"],
                                                             touching["org_b"], strict=True))
        assert brief.tie_counts(district) == (inside, len(touching) - inside)
        assert -1 <= brief.openness(district) <= 1


def test_online_share_counts_web_and_app_among_people_aged_65_plus():
    front = load_dataset("service_requests")
    mine = front[(front["district_id"] == "D07") & front["age_group"].isin(["65-79", "80+"])]
    online = mine["channel"].isin(["web", "app"]).sum()
    assert brief.online_counts_older("D07") == (online, len(mine))
    assert brief.online_share_older("D07") == pytest.approx(online / len(mine) * 100)


def test_the_chart_figures_are_the_four_percentages_of_district_and_region():
    table = brief.district_figures("D07")
    assert list(table.columns) == ["D07", "Piemonte"] and len(table) == 4
    assert table.iloc[0, 0] == pytest.approx(brief.share_65_plus("D07"))
    assert table.iloc[2, 1] == pytest.approx(brief.adi_coverage())
    set_language("it")
    try:
        assert brief.district_figures("D07").index[0] != table.index[0]  # named in Italian
    finally:
        set_language("en")


# --- how sure: the intervals -----------------------------------------------------------------

def test_the_capstone_bounds_shares_with_the_courses_wilson_interval():
    from lab_helpers.domain.uncertainty import wilson_percent

    assert brief.share_interval(34, 211) == wilson_percent(34, 211)
    low, high = brief.share_interval(*brief.online_counts_older("D07"))
    assert low < brief.online_share_older("D07") < high


def test_the_bootstrap_interval_is_seeded_holds_the_median_and_narrows_with_more_data():
    waits = brief.adi_waits("D07")
    first, again = brief.median_interval(waits), brief.median_interval(waits)
    assert first == again
    assert first[0] <= waits.median() <= first[1]
    rng = np.random.default_rng(1)
    small = pd.Series(rng.exponential(10, 50))
    large = pd.Series(rng.exponential(10, 2000))
    width = [b - a for a, b in (brief.median_interval(small), brief.median_interval(large))]
    assert width[1] < width[0]
    with pytest.raises(ValueError):
        brief.median_interval(pd.Series([np.nan]))


# --- exporting the brief ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_brief_exports_text_tables_and_chart_without_code(lang, executed_notebook,
                                                               tmp_path, monkeypatch):
    nb = executed_notebook("09-policy-brief", lang, "source", "learner")
    described = "ADI coverage is the figure furthest below the region."
    for cell in nb.cells:
        if ALT_TAG in cell.metadata.get("tags", []):
            cell.source = f"**Alternative text:** {described}"
    path = tmp_path / f"09-policy-brief.{lang}.ipynb"
    nbformat.write(nb, path)
    monkeypatch.chdir(tmp_path)
    set_language(lang)
    try:
        target = export_brief("D07")
    finally:
        set_language("en")
    assert target == tmp_path / "brief-D07.html"
    page = target.read_text(encoding="utf-8")
    assert "Ivrea e Canavese (D07)" in page
    for code in ("check(", "load_dataset", "BEGIN SOLUTION", "DISTRICT ="):
        assert code not in page
    assert len(re.findall(r"<h4\b", page)) == 7  # the seven headings of the brief
    assert re.search(r'<img[^>]*alt="' + re.escape(described) + '"', page)
    assert f"<em>{described}</em>" in page  # and written under the chart
    assert page.count("<table") == 1


def test_an_unsaved_brief_says_save_first_and_grading_exports_nothing(tmp_path, monkeypatch):
    from conftest import MODULES

    source = MODULES / "09-policy-brief" / "09-policy-brief.en.ipynb"
    blank = nbformat.read(source, as_version=4)  # committed without outputs: never run
    with pytest.raises(BriefError, match="save the notebook"):
        brief_html(blank, "Brief")
    nbformat.write(blank, tmp_path / source.name)
    monkeypatch.chdir(tmp_path)
    assert export_brief("D07") is None  # a message, no file
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert export_brief("D07") is None  # under grading: nothing written
    assert not list(tmp_path.glob("brief-*.html"))
