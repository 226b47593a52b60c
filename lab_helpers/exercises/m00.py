"""Module 00, getting started: the exercises of the notebook, checked from the `districts` data.

Every expected value (and every plausible wrong one) is computed here from
``load_dataset("districts")``, never typed in, so a regenerated dataset cannot drift
from its checks. Messages and hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/m00.po``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..checks import (
    ChartProblem,
    ChoiceProblem,
    HiddenTest,
    Mistake,
    OrderProblem,
    RangeProblem,
    TableProblem,
    Try,
    ValueProblem,
    bind,
)
from ..checks.problems import bar_labels, is_whole_number
from ..datasets import load_dataset
from ..i18n import N_

# Domain constants (GLOSSARY.md, FACTS.md), not expected answers.
LEPS_RESIDENTS = 5000  # LEPS: 1 social worker per 5,000 residents (L. 178/2020)
SERVICE_TARGET_RESIDENTS = 4000  # obiettivo di servizio: 1 per 4,000 residents
PIEDMONT_RESIDENTS_ISTAT = 4_251_623  # real figure, 31 Dec 2023, quoted in section 1
PERCENT = 100

# The districts the notebook names in its exercises.
WORKED_DISTRICT = "Torino"
EXERCISE_DISTRICT = "Asti"
EXERCISE_PROVINCE = "CN"


# --- reference code -------------------------------------------------------------------------

def _districts() -> pd.DataFrame:
    return load_dataset("districts")


def _district(name: str) -> pd.Series:
    frame = _districts()
    return frame.loc[frame["district"] == name].iloc[0]


def _per_worker(name: str) -> float:
    row = _district(name)
    return float(row["population"] / row["social_workers"])


def _province_workers(province: str = EXERCISE_PROVINCE) -> list[float]:
    frame = _districts()
    return frame.loc[frame["province"] == province, "social_workers"].tolist()


def _ratio(numerator: str, denominator: str) -> pd.Series:
    frame = _districts()
    return frame[numerator] / frame[denominator]


def _with_columns() -> pd.DataFrame:
    """The table as the notebook has built it by section 6."""
    frame = _districts()
    frame["share_65_plus"] = frame["population_65_plus"] / frame["population"] * PERCENT
    frame["residents_per_worker"] = frame["population"] / frame["social_workers"]
    return frame


def _top_district(column: str, ascending: bool = False) -> str:
    frame = _with_columns().sort_values(column, ascending=ascending)
    return str(frame["district"].iloc[0])


def _beyond(limit: float, above: bool = True) -> pd.DataFrame:
    """Districts whose residents per social worker are above (or below) ``limit``."""
    frame = _with_columns()
    ratio = frame["residents_per_worker"]
    return frame[ratio > limit] if above else frame[ratio < limit]


def _at_or_beyond(limit: float) -> pd.DataFrame:
    """The plausible slip of ``>=`` for ``>``."""
    frame = _with_columns()
    return frame[frame["residents_per_worker"] >= limit]


def _below_leps() -> pd.DataFrame:
    return _beyond(LEPS_RESIDENTS)


def _bars(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame.set_index("district")[column]


def _bars_named_by_district(value: Any) -> bool:
    return set(_below_leps()["district"]) <= bar_labels(value)


# --- section 1: notebooks, cells and variables -----------------------------------------------

piedmont_municipalities = ValueProblem(
    expected=lambda: int(_districts()["municipalities"].sum()),
    hints=(
        N_("The number of comuni of Piedmont is written in the text just above the cell."),
        N_("Write the number with digits only: no dot, comma or space between the thousands."),
        N_("The cell should read: piedmont_municipalities = ( then your number, then )."),
    ),
    mistakes=(
        Mistake(lambda: _districts()["municipalities"].sum() / 1000, N_(
            "In Python the dot is the decimal point, so your number reads as one point "
            "something. Write the thousands without a dot."),
            code="1.180"),
        Mistake(lambda: divmod(int(_districts()["municipalities"].sum()), 1000), N_(
            "In Python a comma separates two values, so your number became two numbers. "
            "Write the thousands without a comma."),
            code="1,180"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Comuni are counted in whole numbers: write the number without a decimal point."),
            code="1180.0"),
    ),
)


# --- section 2: numbers and arithmetic -------------------------------------------------------

asti_residents_per_worker = ValueProblem(
    expected=lambda: _per_worker(EXERCISE_DISTRICT),
    hints=(
        N_("Look at the worked example for Torino: it divides the residents by the social "
           "workers."),
        N_("Use the two variables of the cell, asti_residents and asti_social_workers, with "
           "the / sign between them."),
    ),
    mistakes=(
        Mistake(lambda: 1 / _per_worker(EXERCISE_DISTRICT), N_(
            "Your division is upside down: it gives social workers per resident. Put the "
            "residents first."),
            code="asti_social_workers / asti_residents"),
        Mistake(lambda: _per_worker(WORKED_DISTRICT), N_(
            "This is the result of the worked example, for Torino. Use the variables for "
            "Asti."),
            code="torino_residents / torino_social_workers"),
        Mistake(lambda: _district(EXERCISE_DISTRICT)["population"] / LEPS_RESIDENTS, N_(
            "You divided by 5,000: that gives the social workers the LEPS asks for. Divide by "
            "the social workers Asti has."),
            code="asti_residents / 5000"),
    ),
)


# --- section 3: lists ------------------------------------------------------------------------

cuneo_total_workers = ValueProblem(
    expected=lambda: sum(_province_workers()),
    hints=(
        N_("Adding up all the numbers of a list is a job for one function: sum."),
        N_("Put the name of the list inside the round brackets of sum( )."),
    ),
    mistakes=(
        Mistake(lambda: len(_province_workers()), N_(
            "len counts how many items the list has. Here we want to add the items up."),
            code="len(cuneo_social_workers)"),
        Mistake(lambda: max(_province_workers()), N_(
            "max gives the largest item of the list. Here we want all the items added up."),
            code="max(cuneo_social_workers)"),
        Mistake(lambda: sum(_province_workers()) / len(_province_workers()), N_(
            "That is the mean (the next exercise). Here we want the total."),
            code="sum(cuneo_social_workers) / len(cuneo_social_workers)"),
    ),
)

cuneo_mean_workers = ValueProblem(
    expected=lambda: sum(_province_workers()) / len(_province_workers()),
    hints=(
        N_("The mean is the total divided by how many values there are."),
        N_("You already know the function for the total (sum) and the one that counts the "
           "items (len). Divide the first by the second."),
    ),
    mistakes=(
        Mistake(lambda: sum(_province_workers()), N_(
            "That is the total. Divide it by the number of districts in the list."),
            code="sum(cuneo_social_workers)"),
        Mistake(lambda: sum(_province_workers()) / len(_districts()), N_(
            "You divided by all the districts of Piedmont. The list holds only the Cuneo "
            "ones: let len count them."),
            code="sum(cuneo_social_workers) / 30"),
        Mistake(lambda: len(_province_workers()) / sum(_province_workers()), N_(
            "Your division is upside down: put the total first, then the number of items."),
            code="len(cuneo_social_workers) / sum(cuneo_social_workers)"),
    ),
)


# --- section 4: a first table ----------------------------------------------------------------

total_population = ValueProblem(
    expected=lambda: int(_districts()["population"].sum()),
    rel_tol=1e-9,  # residents are counted exactly: the real ISTAT figure differs by 2
    hints=(
        N_("Pick the column of the residents with square brackets and its name in quotes."),
        N_("The worked example adds up the residents aged 65 and over. Do the same with the "
           "column of all residents."),
        N_("The column of all residents is called \"population\"; add .sum() after it."),
    ),
    mistakes=(
        Mistake(lambda: _districts()["population"].mean(), N_(
            "That is the mean number of residents per district. Here we want the total."),
            code='districts["population"].mean()'),
        Mistake(lambda: _districts()["population_65_plus"].sum(), N_(
            "That is the total of the residents aged 65 and over, the worked example's column. "
            "Here we want all residents."),
            code='districts["population_65_plus"].sum()'),
        Mistake(lambda: len(_districts()), N_(
            "That is the number of rows (districts), not of residents. Add up the column."),
            code="len(districts)"),
        Mistake(lambda: PIEDMONT_RESIDENTS_ISTAT, N_(
            "That is the real ISTAT figure from section 1. Here we want the total of the "
            "dataset's column: add it up with code."),
            code="piedmont_residents"),
    ),
)

mean_social_workers = ValueProblem(
    expected=lambda: float(_districts()["social_workers"].mean()),
    hints=(
        N_("A column has a method for the mean, just as it has .sum() for the total."),
        N_("Pick the column \"social_workers\" and add .mean() after it."),
    ),
    mistakes=(
        Mistake(lambda: _districts()["social_workers"].sum(), N_(
            "That is the total of social workers. Here we want the mean per district."),
            code='districts["social_workers"].sum()'),
        Mistake(lambda: _districts()["social_workers"].median(), N_(
            "That is the median (the middle value). Here we want the mean: .mean()."),
            code='districts["social_workers"].median()'),
        Mistake(lambda: _districts()["population"].mean(), N_(
            "That is the mean of another column: pick the social workers."),
            code='districts["population"].mean()'),
        Mistake(lambda: sum(_province_workers()) / len(_province_workers()), N_(
            "That is the mean of the Cuneo districts only, from section 3. Here we want all "
            "30 districts of the table."),
            code="sum(cuneo_social_workers) / len(cuneo_social_workers)"),
    ),
)


# --- section 5: a new column and sorting ----------------------------------------------------

oldest_district = ValueProblem(
    expected=lambda: _top_district("share_65_plus"),
    hints=(
        N_("Sort the table by the column share_65_plus, from the highest value down."),
        N_("From the highest down means ascending=False. The district you want is the first "
           "row of the sorted table."),
        N_("Copy the district's name exactly as the table shows it, between quotes."),
    ),
    mistakes=(
        Mistake(lambda: _top_district("population_65_plus"), N_(
            "That district has the most residents aged 65 and over in number, because it is "
            "the largest. The question asks about the share: sort by share_65_plus."),
            code='"Torino"'),
        Mistake(lambda: _top_district("share_65_plus", ascending=True), N_(
            "That district has the lowest share: the table is sorted the other way. Use "
            "ascending=False."),
            code='"Albese e Langhe"'),
    ),
)

residents_per_worker = TableProblem(
    expected=lambda: _ratio("population", "social_workers"),
    hints=(
        N_("It is the same division you did for Asti, but with whole columns instead of two "
           "numbers."),
        N_("Pick the two columns with square brackets, districts[\"...\"], and put the / sign "
           "between them."),
        N_("First the column of all residents, then the column of the social workers."),
    ),
    mistakes=(
        Mistake(lambda: _ratio("social_workers", "population"), N_(
            "Your division is upside down: it gives social workers per resident. Put the "
            "residents first."),
            code='districts["social_workers"] / districts["population"]'),
        Mistake(lambda: _districts()["population"] / LEPS_RESIDENTS, N_(
            "You divided by 5,000: that gives the social workers the LEPS asks for in each "
            "district. Divide by the column of the social workers."),
            code='districts["population"] / 5000'),
        Mistake(lambda: _ratio("population_65_plus", "social_workers"), N_(
            "You used the residents aged 65 and over. Social workers serve all residents: use "
            "the column of all residents."),
            code='districts["population_65_plus"] / districts["social_workers"]'),
    ),
)


# --- section 6: filtering: districts below the LEPS -----------------------------------------

below_leps_count = ValueProblem(
    expected=lambda: len(_below_leps()),
    hints=(
        N_("A district is below the LEPS when each social worker has more than 5,000 "
           "residents. Check the condition in the cell that makes below_leps."),
        N_("The worked example counts the rows of a filtered table with len( )."),
        N_("Put the name of the filtered table, below_leps, inside len( )."),
    ),
    mistakes=(
        Mistake(lambda: len(_beyond(LEPS_RESIDENTS, above=False)), N_(
            "You counted the districts that meet the LEPS (fewer than 5,000 residents per "
            "social worker). Check the comparison sign in the filter."),
            code='len(districts[districts["residents_per_worker"] < 5000])'),
        Mistake(lambda: len(_at_or_beyond(LEPS_RESIDENTS)), N_(
            "You also counted a district with exactly 5,000 residents per social worker: it "
            "meets the LEPS. Use > (more than), not >= (at least)."),
            code='len(districts[districts["residents_per_worker"] >= 5000])'),
        Mistake(lambda: len(_districts()), N_(
            "You counted all the districts. Count the filtered table, below_leps, and check "
            "that the filter keeps only some rows."),
            code="len(districts)"),
        Mistake(lambda: len(_beyond(SERVICE_TARGET_RESIDENTS)), N_(
            "You used 4,000, the service target (obiettivo di servizio). The LEPS is 1 social "
            "worker per 5,000 residents."),
            code='len(districts[districts["residents_per_worker"] > 4000])'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Districts are counted in whole numbers: count them with len( ).")),
    ),
)


# --- section 7: a first chart, and what it cannot say ---------------------------------------

chart_below_leps = ChartProblem(
    var="chart",
    expected=lambda: _bars(_below_leps(), "residents_per_worker"),
    hints=(
        N_("Start from the worked example for Cuneo: copy it and change what it draws."),
        N_("Draw from the table below_leps, with x=\"district\" and y=\"residents_per_worker\", "
           "and keep the result in the variable chart."),
        N_("Give the chart a title=\"...\", an xlabel=\"...\" and a ylabel=\"...\" that say "
           "what the bars show, in words a colleague understands."),
    ),
    mistakes=(
        Mistake(lambda: _bars(_with_columns(), "residents_per_worker"), N_(
            "Your chart shows all the districts. Draw it from below_leps, the table of the "
            "districts below the LEPS."),
            code=('chart = districts.plot(kind="bar", x="district", y="residents_per_worker", '
                  'title="T", xlabel="X", ylabel="Y", legend=False)')),
        Mistake(lambda: _bars(_below_leps(), "share_65_plus"), N_(
            "Your bars show the share of residents aged 65 and over, the worked example's "
            "column. Here the bars should show the residents per social worker."),
            code=('chart = below_leps.plot(kind="bar", x="district", y="share_65_plus", '
                  'title="T", xlabel="X", ylabel="Y", legend=False)')),
        Mistake(lambda: _bars(_below_leps(), "social_workers"), N_(
            "Your bars show the number of social workers. Here the bars should show the "
            "residents per social worker."),
            code=('chart = below_leps.plot(kind="bar", x="district", y="social_workers", '
                  'title="T", xlabel="X", ylabel="Y", legend=False)')),
        Mistake(lambda: _bars(_below_leps(), "population"), N_(
            "Your bars show the residents. Here the bars should show the residents per social "
            "worker."),
            code=('chart = below_leps.plot(kind="bar", x="district", y="population", title="T", '
                  'xlabel="X", ylabel="Y", legend=False)')),
    ),
    hidden=(
        HiddenTest(_bars_named_by_district, N_(
            "Each bar should be named after its district: use x=\"district\"."),
            code=('chart = below_leps.plot(kind="bar", y="residents_per_worker", title="T", '
                  'xlabel="X", ylabel="Y", legend=False)')),
    ),
)

steps_order = OrderProblem(
    order=("b", "d", "c", "a"),
    hints=(
        N_("Scroll up through sections 4 to 6: in which order did the cells do these things?"),
        N_("You cannot count rows before you have filtered them, and you cannot filter on a "
           "column before you have added it."),
    ),
    mistakes=(
        Mistake(lambda: ["b", "c", "d", "a"], N_(
            "The filter uses the column residents_per_worker, so that column must exist "
            "before you filter on it."),
            code='"b", "c", "d", "a",'),
    ),
    tries=(
        Try('"a", "b", "c", "d",',
            N_("Think again about which step comes first.")),
    ),
)

READING_TOLERANCE = 0.05  # a reading of the chart within 5% is right


def _shortest_bar() -> float:
    return float(_below_leps()["residents_per_worker"].min())


def _tallest_bar() -> float:
    return float(_below_leps()["residents_per_worker"].max())


shortest_bar_estimate = RangeProblem(
    low=lambda: _shortest_bar() * (1 - READING_TOLERANCE),
    high=lambda: _shortest_bar() * (1 + READING_TOLERANCE),
    hints=(
        N_("Find the shortest bar, then follow its top across to the vertical axis."),
        N_("Every bar in this chart is above 5,000: the shortest is only a little above it."),
    ),
    mistakes=(
        Mistake(_tallest_bar, N_("That is the tallest bar. The question asks for the "
                                 "shortest one."),
            code="6500"),
    ),
    tries=(
        Try('"5000"',
            N_("The answer should be a number, without quotes.")),
    ),
)

answer_chart = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Look at what the height of a bar measures: residents per social worker. A tall "
                "bar means few social workers for the residents, not many."),
        "c": N_("The chart shows a ratio, not its causes. Posts may be vacant, funded in other "
                "ways or shared with other services: the data cannot say why."),
        "d": N_("The chart says nothing about age: the height of a bar is residents per social "
                "worker. Age is in another column, share_65_plus."),
    },
    hints=(
        N_("Read the title and the label of the vertical axis again: what does one bar "
           "measure?"),
        N_("Rule out the options that talk about something the chart does not show: causes, "
           "or columns that are not in it."),
    ),
)


bind(__name__, globals())
