"""Module 03, home care: the exercises of the notebook, checked from the home-care data.

Every expected value (and every plausible wrong one) is computed here from
``load_dataset("homecare_panel")`` and ``load_dataset("homecare_requests")``, never typed
in, so a regenerated dataset cannot drift from its checks. The scenario exercises are
checked against :func:`lab_helpers.domain.home_care.run_scenario`, the same function the
notebook's widget calls. Messages and hints are English, marked with ``N_()``; the Italian
is in ``locale/it/LC_MESSAGES/m03.po``.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..checks import (
    ChartProblem,
    ChoiceProblem,
    HiddenTest,
    Mistake,
    RangeProblem,
    TableProblem,
    Try,
    ValueProblem,
    bind,
)
from ..checks.problems import bar_labels, is_whole_number
from ..datasets import load_dataset
from ..domain.home_care import (
    CARE_HOURS_PER_OPERATOR,
    CONTRACT_HOURS_PER_WEEK,
    PNRR_ADI_TARGET_PCT,
    WEEKS_PER_YEAR,
    WORKING_WEEKS,
    district_baseline,
    run_scenario,
    smallest_staff_for_target,
)
from ..domain.home_care import (
    operators_needed as operators_for_hours,
)
from ..i18n import N_

PERCENT = 100
TARGET_YEAR = 2025  # the PNRR target is for December 2025
PLAN_DISTRICT = "D24"  # Borgomanerese: among the longest ADI waits, below the target in 2025
MONTHS_PER_YEAR = 12

# The scenario the notebook asks about (section 7).
SCENARIO_GROWTH_PCT = 20
SCENARIO_HOURS_PER_USER = 14
READING_TOLERANCE = 0.05  # a reading of the tool within 5% below the limit is right


# --- reference code -------------------------------------------------------------------------

def _panel() -> pd.DataFrame:
    return load_dataset("homecare_panel")


def _year(year: int = TARGET_YEAR) -> pd.DataFrame:
    frame = _panel()
    return frame[frame["year"] == year]


def _pct(frame: pd.DataFrame, users: str, population: str = "population_65_plus") -> pd.Series:
    return frame[users] / frame[population] * PERCENT


def _count_coverage(frame: pd.DataFrame, below: bool = True,
                    column: str = "adi_coverage_pct") -> int:
    values = frame[column]
    return int((values < PNRR_ADI_TARGET_PCT).sum() if below
               else (values >= PNRR_ADI_TARGET_PCT).sum())


def _regional(frame: pd.DataFrame, users: str = "adi_users_65_plus",
              population: str = "population_65_plus") -> float:
    return float(frame[users].sum() / frame[population].sum() * PERCENT)


def _by_year() -> pd.DataFrame:
    return _panel().groupby("year")[
        ["population", "population_65_plus", "adi_users_65_plus", "sad_users_65_plus"]].sum()


def _requests() -> pd.DataFrame:
    frame = load_dataset("homecare_requests")
    frame["wait_days"] = (frame["start_date"] - frame["request_date"]).dt.days
    return frame


def _service(service: str | None) -> pd.DataFrame:
    frame = _requests()
    return frame if service is None else frame[frame["service"] == service]


def _waits(service: str | None = "ADI") -> pd.Series:
    return _service(service)["wait_days"]


def _by_district(service: str | None = "ADI", quantile: float | None = 0.9,
                 column: str = "wait_days") -> pd.Series:
    grouped = _service(service).groupby("district_id", observed=True)[column]
    return grouped.mean() if quantile is None else grouped.quantile(quantile)


def _plan_row() -> pd.Series:
    frame = _year()
    return frame[frame["district_id"] == PLAN_DISTRICT].iloc[0]


def _plan_weekly(column: str = "adi_hours") -> float:
    return float(_plan_row()[column] / WEEKS_PER_YEAR)


def _baseline():
    return district_baseline(_panel(), PLAN_DISTRICT, TARGET_YEAR)


def _today_operators(working_weeks: float = WORKING_WEEKS) -> int:
    return operators_for_hours(_baseline().weekly_hours, working_weeks=working_weeks)


def _staff_for_target(hours_per_user: float = SCENARIO_HOURS_PER_USER,
                      working_weeks: float = WORKING_WEEKS) -> int | None:
    return smallest_staff_for_target(_baseline(), SCENARIO_GROWTH_PCT, hours_per_user,
                                     working_weeks=working_weeks)


def _staff_for_everyone() -> int:
    """The fewest operators that leave no one waiting (more than the target needs)."""
    baseline = _baseline()
    operators = 0
    while run_scenario(baseline, SCENARIO_GROWTH_PCT, SCENARIO_HOURS_PER_USER,
                       operators).waiting > 0:
        operators += 1
    return operators


def _max_hours_for_target(working_weeks: float = WORKING_WEEKS) -> float:
    """The most hours per person with which today's operators still reach the target."""
    baseline = _baseline()
    needed = PNRR_ADI_TARGET_PCT / PERCENT * baseline.population_65_plus
    return (_today_operators(working_weeks) * CARE_HOURS_PER_OPERATOR * working_weeks
            / needed)


def _yearly_operators(care_hours: float = CARE_HOURS_PER_OPERATOR,
                      working_weeks: float = WORKING_WEEKS) -> float:
    """Operators (not rounded) for the plan district's hours of a year."""
    return _plan_weekly("adi_hours") * WEEKS_PER_YEAR / (care_hours * working_weeks)


def _bars_named_by_district(value: Any) -> bool:
    return {str(d) for d in _by_district().index} <= bar_labels(value)


# --- section 1: home care at home, SAD and ADI ----------------------------------------------

sad_coverage = TableProblem(
    expected=lambda: _pct(_panel(), "sad_users_65_plus"),
    hints=(
        N_("Start from the worked example for ADI just above: the same calculation, with "
           "another column of users."),
        N_("Divide the column of SAD users by the column of residents aged 65 and over, then "
           "multiply by 100."),
        N_("The columns are panel[\"sad_users_65_plus\"] and panel[\"population_65_plus\"]."),
    ),
    mistakes=(
        Mistake(lambda: _panel()["sad_users_65_plus"] / _panel()["population_65_plus"], N_(
            "Your values look 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code='panel["sad_users_65_plus"] / panel["population_65_plus"]'),
        Mistake(lambda: _pct(_panel(), "sad_users_65_plus", "population"), N_(
            "You divided by all residents. Coverage is measured among the residents aged 65 "
            "and over: use population_65_plus."),
            code='panel["sad_users_65_plus"] / panel["population"] * 100'),
        Mistake(lambda: _pct(_panel(), "adi_users_65_plus"), N_(
            "That is the coverage of ADI, the worked example. Here we want the users of SAD."),
            code='panel["adi_users_65_plus"] / panel["population_65_plus"] * 100'),
        Mistake(lambda: _panel()["population_65_plus"] / _panel()["sad_users_65_plus"]
                * PERCENT, N_(
            "Your division is upside down: put the users first, then the residents aged 65 "
            "and over."),
            code='panel["population_65_plus"] / panel["sad_users_65_plus"] * 100'),
    ),
)


# --- section 2: coverage against the PNRR target --------------------------------------------

below_target_count = ValueProblem(
    expected=lambda: _count_coverage(_year()),
    hints=(
        N_("Filter panel_2025, as in the worked example, but keep the districts whose ADI "
           "coverage is below 10."),
        N_("Below 10 is written < 10. Then count the rows of the filtered table with len( )."),
        N_("The whole answer fits in one line: len(panel_2025[panel_2025[\"adi_coverage_pct\"] "
           "... ]), with the condition in place of the dots."),
    ),
    mistakes=(
        Mistake(lambda: _count_coverage(_year(), below=False), N_(
            "You counted the districts that reach the target (10% or more). Check the "
            "comparison sign."),
            code='len(panel_2025[panel_2025["adi_coverage_pct"] >= 10])'),
        Mistake(lambda: _count_coverage(_year(2024)), N_(
            "That is the count for 2024. The PNRR target is for 2025: use panel_2025."),
            code='len(panel[(panel["year"] == 2024) & (panel["adi_coverage_pct"] < 10)])'),
        Mistake(lambda: _count_coverage(_panel()), N_(
            "You counted rows of every year, so a district is counted once per year. Filter "
            "panel_2025, the 2025 rows only."),
            code='len(panel[panel["adi_coverage_pct"] < 10])'),
        Mistake(lambda: int((_pct(_year(), "sad_users_65_plus") < PNRR_ADI_TARGET_PCT).sum()), N_(
            "You used the coverage of SAD. The PNRR target is for ADI: use adi_coverage_pct."),
            code=('len(panel_2025[panel_2025["sad_users_65_plus"] / '
                  'panel_2025["population_65_plus"] * 100 < 10])')),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Districts are counted in whole numbers: count them with len( ).")),
    ),
)

region_coverage_2025 = ValueProblem(
    expected=lambda: _regional(_year()),
    hints=(
        N_("The region's coverage is all the ADI users of the region divided by all its "
           "residents aged 65 and over."),
        N_("Add up each column first with .sum(), then divide the two totals and multiply by "
           "100."),
        N_("Taking the mean of the 30 percentages gives each district the same weight, small "
           "or large. Divide the totals instead."),
    ),
    mistakes=(
        Mistake(lambda: float(_year()["adi_coverage_pct"].mean()), N_(
            "That is the mean of the 30 district percentages: a small district weighs as much "
            "as Torino. Divide the total of users by the total of residents aged 65 and over."),
            code='panel_2025["adi_coverage_pct"].mean()'),
        Mistake(lambda: float(_pct(_year(), "adi_users_65_plus").mean()), N_(
            "That is the mean of the 30 district percentages: a small district weighs as much "
            "as Torino. Divide the total of users by the total of residents aged 65 and over."),
            code=('(panel_2025["adi_users_65_plus"] / panel_2025["population_65_plus"] * 100)'
                  '.mean()')),
        Mistake(lambda: float(_year()["adi_coverage_pct"].median()), N_(
            "That is the median district, not the region. Divide the total of users by the "
            "total of residents aged 65 and over."),
            code='panel_2025["adi_coverage_pct"].median()'),
        Mistake(lambda: _regional(_panel()), N_(
            "You added up the rows of every year. Use panel_2025, the 2025 rows only."),
            code='panel["adi_users_65_plus"].sum() / panel["population_65_plus"].sum() * 100'),
        Mistake(lambda: _regional(_year(), population="population"), N_(
            "You divided by all residents. Coverage is measured among the residents aged 65 "
            "and over."),
            code='panel_2025["adi_users_65_plus"].sum() / panel_2025["population"].sum() * 100'),
    ),
    tries=(
        Try('panel_2025["adi_users_65_plus"].sum() / panel_2025["population_65_plus"].sum()',
            N_("Your value looks 100 times too small: a share instead of a percentage?")),
    ),
)


# --- section 3: seven years of home care ----------------------------------------------------

adi_coverage_by_year = TableProblem(
    expected=lambda: _by_year()["adi_users_65_plus"] / _by_year()["population_65_plus"]
    * PERCENT,
    hints=(
        N_("The worked example did it for SAD with the table by_year. Do the same for ADI."),
        N_("Divide by_year[\"adi_users_65_plus\"] by by_year[\"population_65_plus\"], then "
           "multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _panel().groupby("year")["adi_coverage_pct"].mean(), N_(
            "These are the means of the district percentages, year by year: each district "
            "weighs the same. Divide the yearly totals in by_year instead."),
            code='panel.groupby("year")["adi_coverage_pct"].mean()'),
        Mistake(lambda: _by_year()["adi_users_65_plus"] / _by_year()["population_65_plus"], N_(
            "Your values look 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code='by_year["adi_users_65_plus"] / by_year["population_65_plus"]'),
        Mistake(lambda: _by_year()["sad_users_65_plus"] / _by_year()["population_65_plus"]
                * PERCENT, N_(
            "That is the coverage of SAD, the worked example. Here we want ADI."),
            code='by_year["sad_users_65_plus"] / by_year["population_65_plus"] * 100'),
        Mistake(lambda: _by_year()["adi_users_65_plus"] / _by_year()["population"] * PERCENT,
                N_("You divided by all residents. Use the residents aged 65 and over."),
            code=('panel.groupby("year")["adi_users_65_plus"].sum() '
                  '/ panel.groupby("year")["population"].sum() * 100')),
    ),
)

trend_reading = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("The region as a whole is above 10%, but you counted the districts still "
                "below it in 2025: a regional figure can hide them."),
        "c": N_("The chart shows how many people received SAD, not how many needed it. Fewer "
                "users can also mean less money, fewer staff or stricter access: the data "
                "cannot say why."),
        "d": N_("The chart shows people, not hours. In this dataset the hours per ADI user "
                "went down, not up, as coverage widened: more people, each with fewer hours."),
    },
    hints=(
        N_("Look at the two lines of the chart from 2019 to 2025: which goes up, which goes "
           "down?"),
        N_("Rule out the options that claim something the chart does not show: causes, "
           "hours, or every single district."),
    ),
)


# --- section 4: waiting times ---------------------------------------------------------------

adi_median_wait = ValueProblem(
    expected=lambda: float(_waits("ADI").median()),
    hints=(
        N_("The table adi holds the ADI requests, as the table sad holds the SAD ones in the "
           "worked example."),
        N_("Pick the column wait_days of adi and take its median with .median()."),
    ),
    mistakes=(
        Mistake(lambda: float(_waits("ADI").mean()), N_(
            "That is the mean. A few very long waits pull the mean up: here we want the "
            "median, .median()."),
            code='adi["wait_days"].mean()'),
        Mistake(lambda: float(_waits("SAD").median()), N_(
            "That is the median wait for SAD, the worked example. Use the ADI requests."),
            code='sad["wait_days"].median()'),
        Mistake(lambda: float(_waits(None).median()), N_(
            "That is the median of all requests, SAD and ADI together. Keep only the ADI "
            "requests first."),
            code='requests["wait_days"].median()'),
    ),
)

adi_p90_by_district = TableProblem(
    expected=lambda: _by_district("ADI", 0.9),
    hints=(
        N_("Start from the worked example, which takes the median by district. Change only "
           "the last part."),
        N_("The 90th percentile is the quantile at 0.9: use .quantile(0.9) instead of "
           ".median()."),
        N_("adi.groupby(\"district_id\")[\"wait_days\"] then .quantile(0.9)."),
    ),
    mistakes=(
        Mistake(lambda: _by_district("ADI", 0.5), N_(
            "These are the medians (the worked example). Here we want the 90th percentile: "
            ".quantile(0.9)."),
            code='adi.groupby("district_id")["wait_days"].median()'),
        Mistake(lambda: _by_district("ADI", 0.1), N_(
            "That is the 10th percentile, the short waits. The 90th percentile is "
            ".quantile(0.9)."),
            code='adi.groupby("district_id")["wait_days"].quantile(0.1)'),
        Mistake(lambda: _by_district("ADI", None), N_(
            "These are means. Here we want the 90th percentile: .quantile(0.9)."),
            code='adi.groupby("district_id")["wait_days"].mean()'),
        Mistake(lambda: _by_district(None, 0.9), N_(
            "You used all the requests, SAD and ADI together. Group the table adi."),
            code='requests.groupby("district_id")["wait_days"].quantile(0.9)'),
        Mistake(lambda: _by_district("SAD", 0.9), N_(
            "You used the SAD requests. Group the table adi."),
            code='sad.groupby("district_id")["wait_days"].quantile(0.9)'),
    ),
)


# --- section 5: where the delays concentrate ------------------------------------------------

chart_p90 = ChartProblem(
    var="chart",
    expected=lambda: _by_district("ADI", 0.9),
    hints=(
        N_("Sort adi_p90_by_district with .sort_values(), then add .plot(kind=\"barh\", ...) "
           "as in module 00."),
        N_("Keep the result in the variable chart, and give it a title=\"...\", an "
           "xlabel=\"...\" and a ylabel=\"...\" in words a colleague understands."),
        N_("With kind=\"barh\" the bars lie down: xlabel names the horizontal axis (the days) "
           "and ylabel the vertical one (the districts)."),
    ),
    mistakes=(
        Mistake(lambda: _by_district("ADI", 0.5), N_(
            "Your bars show the medians. Here the bars should show the 90th percentile, "
            "adi_p90_by_district."),
            code=("chart = "
                  'adi.groupby("district_id")["wait_days"].median().sort_values()'
                  '.plot(kind="barh", '
                  'title="Waits", xlabel="Days", ylabel="District")')),
        Mistake(lambda: _by_district("ADI", None), N_(
            "Your bars show means. Here the bars should show the 90th percentile, "
            "adi_p90_by_district."),
            code=('chart = adi.groupby("district_id")["wait_days"].mean().sort_values()'
                  '.plot(kind="barh", title="Waits", xlabel="Days", ylabel="District")')),
        Mistake(lambda: _by_district(None, 0.9), N_(
            "Your bars mix SAD and ADI. Draw adi_p90_by_district."),
            code=('chart = requests.groupby("district_id")["wait_days"].quantile(0.9)'
                  '.sort_values().plot(kind="barh", title="Waits", xlabel="Days", '
                  'ylabel="District")')),
    ),
    hidden=(
        HiddenTest(_bars_named_by_district, N_(
            "Each bar should be named after its district: draw the Series "
            "adi_p90_by_district itself, whose index holds the districts."),
            code=('chart = adi_p90_by_district.sort_values().reset_index().plot(kind="barh", '
                  'y="wait_days", title="Waits", xlabel="Days", ylabel="District")')),
    ),
    tries=(
        Try('chart = adi_p90_by_district.sort_values().plot(kind="barh", title="Waits")',
            N_('Both axes need a label in words: use xlabel="..." and ylabel="..." in '
                ".plot(...), or ax.set_xlabel(...) and ax.set_ylabel(...).")),
        Try(('chart = adi_p90_by_district.sort_values().plot(kind="barh", xlabel="Days", '
             'ylabel="District")'),
            N_('The chart needs a title: add title="...".')),
    ),
)

wait_reading = ChoiceProblem(
    correct=frozenset({"a", "b"}),
    explanations={
        "c": N_("The median says nothing about the longest waits: two districts with the same "
                "median can have very different 90th percentiles, as your chart shows."),
        "d": N_("A short median means that half the people started quickly. The other half "
                "may still wait long: look at the 90th percentile."),
    },
    hints=(
        N_("Which requests have a value in wait_days? Only those that started. Who is left "
           "out?"),
        N_("More than one option is right. Think of the people still waiting on 31 December "
           "2025, and of those who gave up."),
    ),
    tries=(
        Try('"a"',
            N_("Part of the answer: more than one option is right.")),
    ),
)

ranking_reading = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Borgomanerese comes first in only about half of the resamples: with another "
                "sample of the same size, D22 or D04 could be at the top. A ranking this close "
                "cannot choose for you."),
        "c": N_("Not all of it is noise: many districts are never among the five slowest, "
                "while the slowest few are there in almost every resample. The data tell the "
                "slow districts from the fast ones, not the order at the top."),
        "d": N_("The median is about the typical wait, not the long ones, and it also moves "
                "from one sample to another. No other figure removes the uncertainty of a "
                "small sample."),
    },
    hints=(
        N_("Look at pct_first: in how many resamples out of 100 is Borgomanerese the slowest?"),
        N_("Now look at pct_top, and at the districts lower down: which ones are never among "
           "the five slowest?"),
    ),
)


# --- section 6: caseload planning -----------------------------------------------------------

adi_weekly_hours = ValueProblem(
    expected=lambda: _plan_weekly("adi_hours"),
    hints=(
        N_("borgo[\"adi_hours\"] holds the hours of ADI of the whole year."),
        N_("A year has 52 weeks: divide the hours of the year by 52."),
    ),
    mistakes=(
        Mistake(lambda: float(_plan_row()["adi_hours"]), N_(
            "Those are the hours of the whole year. Divide them by the 52 weeks of the year."),
            code='borgo["adi_hours"]'),
        Mistake(lambda: float(_plan_row()["adi_hours"] / MONTHS_PER_YEAR), N_(
            "You divided by 12: that gives hours a month. Divide by the 52 weeks of the "
            "year."),
            code='borgo["adi_hours"] / 12'),
        Mistake(lambda: _plan_weekly("sad_hours"), N_(
            "Those are the hours of SAD. Here we plan ADI: use adi_hours."),
            code='borgo["sad_hours"] / 52'),
        Mistake(lambda: float(_plan_row()["adi_hours"] / _plan_row()["adi_users_65_plus"]), N_(
            "That is the hours per person in a year. Here we want all the district's hours in "
            "a week."),
            code='borgo["adi_hours"] / borgo["adi_users_65_plus"]'),
    ),
)

operators_needed = ValueProblem(
    expected=lambda: operators_for_hours(_plan_weekly("adi_hours")),
    hints=(
        N_("The care runs all 52 weeks: adi_weekly_hours * 52 are the hours of the year. One "
           "operator gives care_hours_per_operator * working_weeks hours in a year."),
        N_("Divide the first by the second. The result is not a whole number, and an operator "
           "is a whole person: round up, or some hours stay uncovered."),
        N_("math.ceil( ) rounds up: math.ceil(adi_weekly_hours * 52 / "
           "(care_hours_per_operator * working_weeks))."),
    ),
    mistakes=(
        Mistake(lambda: math.ceil(_plan_weekly("adi_hours") / CARE_HOURS_PER_OPERATOR), N_(
            "That is the staff if every operator worked all 52 weeks. Operators take leave, "
            "fall ill and train, and the colleagues who cover them are staff too: divide the "
            "hours of the year by care_hours_per_operator * working_weeks."),
            code="math.ceil(adi_weekly_hours / care_hours_per_operator)"),
        Mistake(_yearly_operators, N_(
            "Almost: operators are whole people. Round the result up with math.ceil( )."),
            code="adi_weekly_hours * 52 / (care_hours_per_operator * working_weeks)"),
        Mistake(lambda: math.floor(_yearly_operators()), N_(
            "You rounded down: some hours of care would stay uncovered. Round up with "
            "math.ceil( )."),
            code="math.floor(adi_weekly_hours * 52 / (care_hours_per_operator * working_weeks))"),
        Mistake(lambda: math.ceil(_yearly_operators(care_hours=CONTRACT_HOURS_PER_WEEK)), N_(
            "You divided by 36, the whole working week. Only about 30 hours are spent with "
            "people: use care_hours_per_operator."),
            code="math.ceil(adi_weekly_hours * 52 / (36 * working_weeks))"),
        Mistake(lambda: math.ceil(_plan_weekly("adi_hours")
                                  / (CARE_HOURS_PER_OPERATOR * WORKING_WEEKS)), N_(
            "You divided the hours of one week by the hours of a whole year. Multiply the "
            "weekly hours by 52 first."),
            code="math.ceil(adi_weekly_hours / (care_hours_per_operator * working_weeks))"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Operators are counted in whole people: round up with math.ceil( )."),
            code=("float(math.ceil(adi_weekly_hours * 52 / (care_hours_per_operator * "
                  "working_weeks)))")),
    ),
    right=('math.ceil(borgo["adi_hours"] / (care_hours_per_operator * working_weeks))',),
)


# --- section 7: a scenario tool -------------------------------------------------------------

operators_for_target = ValueProblem(
    expected=_staff_for_target,
    hints=(
        N_("Set the tool's sliders: demand growth at 20 and hours per person at 14. Then move "
           "the operators slider."),
        N_("Look for the smallest number of operators with which the tool says \"Target "
           "reached\". One operator fewer, and it says \"Target not reached\"."),
        N_("You can also ask the function itself, for example run_scenario(borgo_baseline, "
           "20, 14, 30).meets_target, and change the last number."),
    ),
    mistakes=(
        Mistake(lambda: _staff_for_target() - 1, N_(
            "With that many operators coverage stays just under 10%. Check that the hours "
            "slider is at 14 and that the coverage reaches at least 10%."),
            code="40"),
        Mistake(_staff_for_everyone, N_(
            "With that many operators no one is left waiting: more than the target needs. The "
            "question asks for the fewest operators that reach 10%."),
            code="43"),
        Mistake(_today_operators, N_(
            "That is about the staff the district has today. With 20% more people asking, "
            "check whether the tool says the target is reached."),
            code="35"),
        Mistake(lambda: _staff_for_target(working_weeks=WEEKS_PER_YEAR), N_(
            "That would be enough if every operator worked all 52 weeks of the year. The tool "
            "counts leave, sickness and training (42 working weeks): read it again."),
            code="33"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Operators are counted in whole people: write a whole number."),
            code="41.0"),
        HiddenTest(lambda value: run_scenario(_baseline(), SCENARIO_GROWTH_PCT,
                                              SCENARIO_HOURS_PER_USER, value).meets_target,
                   N_("With that many operators the scenario does not reach the target.")),
    ),
)

hours_for_target = RangeProblem(
    low=lambda: _max_hours_for_target() * (1 - READING_TOLERANCE),
    high=lambda: _max_hours_for_target() + 0.01,
    hints=(
        N_("Put the operators slider back to its starting value (today's staff) and the "
           "demand growth at 20. Then move the hours slider down, step by step."),
        N_("Stop at the highest number of hours with which the tool still says \"Target "
           "reached\"."),
    ),
    mistakes=(
        Mistake(lambda: _baseline().hours_per_user, N_(
            "That is about today's hours per person. With today's staff and 20% more people "
            "asking, the tool does not reach the target: move the hours slider down."),
            code="14"),
        Mistake(lambda: _max_hours_for_target(working_weeks=WEEKS_PER_YEAR), N_(
            "That would hold if every operator worked all 52 weeks. With leave, sickness and "
            "training, today's staff give fewer hours: lower the hours slider a little more."),
            code="12.5"),
    ),
    tries=(
        Try("10",
            N_("Your estimate is too low: look again at the figures above.")),
    ),
)


bind(__name__, globals())
