"""Module 03 (home care): the scenario model, its widget, and the notebook's wrong answers.

The domain functions are tested in-process. The plausible wrong answers are written as a
learner would write them, substituted into the notebook's answer cells and checked in a
real kernel, once in English and once in Italian, so each fails with its own message.
"""

from __future__ import annotations

import html
import json
import math
import re

import nbformat
import pytest
from conftest import MODULES

from lab_helpers import load_dataset
from lab_helpers.checks import Status, evaluate, module_problems
from lab_helpers.domain.home_care import (
    CARE_HOURS_PER_OPERATOR,
    PNRR_ADI_TARGET_PCT,
    WEEKS_PER_YEAR,
    DistrictBaseline,
    ScenarioResult,
    describe,
    district_baseline,
    operators_needed,
    run_scenario,
    scenario_tool,
    smallest_staff_for_target,
)
from lab_helpers.execute import cell_errors, execute_notebook
from lab_helpers.exercises import m03
from lab_helpers.i18n import _, set_language


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
    assert borgo.operators == pytest.approx(borgo.weekly_hours / CARE_HOURS_PER_OPERATOR)


def test_baseline_of_a_missing_district_says_so_in_the_learners_language(panel):
    set_language("it")
    with pytest.raises(ValueError, match="La tabella non ha una riga per il distretto D99"):
        district_baseline(panel, "D99", 2025)


def test_operators_are_rounded_up_but_exact_divisions_are_not():
    assert operators_needed(60) == 2
    assert operators_needed(60.5) == 3
    assert operators_needed(10, care_hours_per_operator=4) == 3
    with pytest.raises(ValueError):
        operators_needed(10, care_hours_per_operator=0)


def test_the_model_gives_back_the_baseline_year(borgo):
    same = run_scenario(borgo, 0, borgo.hours_per_user, borgo.operators)
    assert same.demand == pytest.approx(borgo.users)
    assert same.capacity == pytest.approx(borgo.users)
    assert same.waiting == pytest.approx(0, abs=1e-9)
    assert same.coverage_pct == pytest.approx(borgo.coverage_pct)


def test_served_is_the_smaller_of_demand_and_capacity(borgo):
    short = run_scenario(borgo, 20, 14, 10)
    assert short.demand == pytest.approx(borgo.users * 1.2)
    assert short.capacity == pytest.approx(10 * CARE_HOURS_PER_OPERATOR * WEEKS_PER_YEAR / 14)
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


def test_the_description_uses_the_learners_language_and_numbers(borgo):
    result = run_scenario(borgo, 20, 14, 33)
    english = describe(result, "en")
    assert "3,870" in english and "Target reached." in english
    italian = describe(result, "it")
    assert "3.870" in italian and "Obiettivo raggiunto." in italian and "10,0%" in italian
    short = run_scenario(borgo, 20, 14, 32)
    assert str(short) == describe(short)
    assert "✘" in short._repr_html_() and "✔" in result._repr_html_()


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
    assert waits.idxmax() == "D24"  # Borgomanerese has the longest ADI waits
    assert 45 <= waits.max() <= 52  # "about seven weeks"
    assert borgo.coverage_pct < 10  # ...and is below the target in 2025
    assert 13 <= borgo.hours_per_user < 14  # "a little under 14 hours"
    hours = (panel.groupby("year")["adi_hours"].sum() / panel.groupby("year")[
        "adi_users_65_plus"].sum())
    assert hours[2025] < hours[2019]  # exercise 5, option d: hours per user went down
    # section 7: the solution's readings are the ones the tool gives
    assert m03._staff_for_target() == 33
    assert m03.hours_for_target.low() <= 12.5 <= m03.hours_for_target.high()
    assert m03._staff_for_everyone() > m03._staff_for_target() > m03._today_operators()


# --- wrong answers, written as a learner would, in a real kernel -----------------------------

P90 = 'adi.groupby("district_id")["wait_days"]'
CHART = ('chart = {series}.sort_values().plot(kind="barh", title="Waits", '
         'xlabel="Days", ylabel="District")')
# exercise -> [(the learner's code in place of the solution, the message expected, hidden?)]
WRONG = {
    "sad_coverage": [
        ('panel["sad_users_65_plus"] / panel["population_65_plus"]',
         "Your values look 100 times too small: that is a share. Multiply by 100 for a "
         "percentage."),
        ('panel["sad_users_65_plus"] / panel["population"] * 100',
         "You divided by all residents. Coverage is measured among the residents aged 65 and "
         "over: use population_65_plus."),
    ],
    "below_target_count": [
        ('len(panel_2025[panel_2025["adi_coverage_pct"] >= 10])',
         "You counted the districts that reach the target (10% or more). Check the comparison "
         "sign."),
        ('len(panel[panel["adi_coverage_pct"] < 10])',
         "You counted rows of every year, so a district is counted once per year. Filter "
         "panel_2025, the 2025 rows only."),
    ],
    "region_coverage_2025": [
        ('panel_2025["adi_coverage_pct"].mean()',
         "That is the mean of the 30 district percentages: a small district weighs as much as "
         "Torino. Divide the total of users by the total of residents aged 65 and over."),
        ('panel_2025["adi_users_65_plus"].sum() / panel_2025["population_65_plus"].sum()',
         "Your value looks 100 times too small: a share instead of a percentage?"),
    ],
    "adi_coverage_by_year": [
        ('panel.groupby("year")["adi_coverage_pct"].mean()',
         "These are the means of the district percentages, year by year: each district weighs "
         "the same. Divide the yearly totals in by_year instead."),
        ('by_year["sad_users_65_plus"] / by_year["population_65_plus"] * 100',
         "That is the coverage of SAD, the worked example. Here we want ADI."),
    ],
    "trend_reading": [
        ('"a"', "The region as a whole is above 10%, but you counted the districts still below "
                "it in 2025: a regional figure can hide them."),
        ('"b, d"', "The chart shows people, not hours. In this dataset the hours per ADI user "
                   "went down, not up, as coverage widened: more people, each with fewer hours."),
    ],
    "adi_median_wait": [
        ('adi["wait_days"].mean()',
         "That is the mean. A few very long waits pull the mean up: here we want the median, "
         ".median()."),
        ('requests["wait_days"].median()',
         "That is the median of all requests, SAD and ADI together. Keep only the ADI requests "
         "first."),
    ],
    "adi_p90_by_district": [
        (f"{P90}.median()",
         "These are the medians (the worked example). Here we want the 90th percentile: "
         ".quantile(0.9)."),
        (f"{P90}.quantile(0.1)",
         "That is the 10th percentile, the short waits. The 90th percentile is "
         ".quantile(0.9)."),
        ('requests.groupby("district_id")["wait_days"].quantile(0.9)',
         "You used all the requests, SAD and ADI together. Group the table adi."),
    ],
    "chart_p90": [
        (CHART.format(series=f"{P90}.median()"),
         "Your bars show the medians. Here the bars should show the 90th percentile, "
         "adi_p90_by_district."),
        ('chart = adi_p90_by_district.sort_values().plot(kind="barh", title="Waits")',
         "Both axes need a label in words: use xlabel=\"...\" and ylabel=\"...\" in "
         ".plot(...), or ax.set_xlabel(...) and ax.set_ylabel(...)."),
        ('chart = adi_p90_by_district.sort_values().plot(kind="barh", xlabel="Days", '
         'ylabel="District")',
         "The chart needs a title: add title=\"...\"."),
    ],
    "wait_reading": [
        ('"a"', "Part of the answer: more than one option is right."),
        ('"a, d"', "A short median means that half the people started quickly. The other half "
                   "may still wait long: look at the 90th percentile."),
    ],
    "adi_weekly_hours": [
        ('borgo["adi_hours"]',
         "Those are the hours of the whole year. Divide them by the 52 weeks of the year."),
        ('borgo["adi_hours"] / 12',
         "You divided by 12: that gives hours a month. Divide by the 52 weeks of the year."),
    ],
    "operators_needed": [
        ("adi_weekly_hours / care_hours_per_operator",
         "Almost: operators are whole people. Round the result up with math.ceil( )."),
        ("round(adi_weekly_hours / care_hours_per_operator)",
         "You rounded down (or to the nearest): some hours of care would stay uncovered. Round "
         "up with math.ceil( )."),
        ("math.ceil(adi_weekly_hours / 36)",
         "You divided by 36, the whole working week. Only about 30 hours are spent with people: "
         "use care_hours_per_operator."),
        ("float(math.ceil(adi_weekly_hours / care_hours_per_operator))",
         "Operators are counted in whole people: round up with math.ceil( ).", True),
    ],
    "operators_for_target": [
        ("32", "With that many operators coverage stays just under 10%. Check that the hours "
               "slider is at 14 and that the coverage reaches at least 10%."),
        ("35", "With that many operators no one is left waiting: more than the target needs. "
               "The question asks for the fewest operators that reach 10%."),
        ("29", "That is about the staff the district has today. With 20% more people asking, "
               "check whether the tool says the target is reached."),
    ],
    "hours_for_target": [
        ("14", "That is about today's hours per person. With today's staff and 20% more people "
               "asking, the tool does not reach the target: move the hours slider down."),
        ("10", "Your estimate is too low: look again at the figures above."),
    ],
}

SOLUTION = re.compile(r"(### BEGIN SOLUTION\n)(.*?)(\n[ \t]*### END SOLUTION)", flags=re.S)
MARK = "M03-OUTCOME "


def _answer_cell(nb, name: str) -> int:
    for index, cell in enumerate(nb.cells):
        if cell.metadata.get("nbgrader", {}).get("grade_id") == f"answer_{name}":
            return index
    raise LookupError(name)


def _with_wrong_answers(nb):
    """The notebook, then each wrong answer, its check, and the right answer again."""
    cases, extra = [], []
    for name, wrongs in WRONG.items():
        index = _answer_cell(nb, name)
        right = nb.cells[index].source
        for wrong in wrongs:
            code, message, hidden = (*wrong, False)[:3]
            indent = re.search(r"### BEGIN SOLUTION\n([ \t]*)", right).group(1)
            source = SOLUTION.sub(lambda m, c=code, i=indent: m.group(1) + i + c + m.group(3),
                                  right)
            extra.append(nbformat.v4.new_code_cell(source))
            extra.append(nbformat.v4.new_code_cell(
                "import json as _json\n"
                "from lab_helpers.checks import evaluate as _evaluate\n"
                f"_o = _evaluate('m03.{name}', hidden={hidden}, namespace=globals())\n"
                f"print({MARK!r} + _json.dumps([_o.status.value, _o.message]))"))
            extra.append(nbformat.v4.new_code_cell(right))
            cases.append((name, code, message))
    out = nbformat.from_dict(nb)
    out.cells = list(nb.cells) + extra
    return out, cases


@pytest.mark.parametrize("lang", ["en", "it"])
def test_each_plausible_wrong_answer_fails_with_its_own_message(lang, tmp_path):
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    extended, cases = _with_wrong_answers(nb)
    ran = execute_notebook(extended, tmp_path, grading=False)
    assert cell_errors(ran) == []
    printed = [line[len(MARK):] for cell in ran.cells for output in cell.get("outputs", [])
               if output.get("output_type") == "stream"
               for line in output.get("text", "").splitlines() if line.startswith(MARK)]
    assert len(printed) == len(cases)
    for (name, code, message), line in zip(cases, printed, strict=True):
        status, shown = json.loads(line)
        assert status == Status.INCORRECT.value, (name, code)
        assert shown == _(message, lang), (name, code, shown)


def test_every_exercise_has_at_least_two_wrong_answers_tried():
    assert set(WRONG) == {p.id.split(".")[1] for p in m03_problems()}
    assert all(len(wrongs) >= 2 for wrongs in WRONG.values())


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
