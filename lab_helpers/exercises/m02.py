"""Module 02, territorial needs: the exercises of the notebook, checked from the data.

Every expected value (and every plausible wrong one) is computed here from
``load_dataset("municipalities")`` and ``load_dataset("districts")``, never typed in, so a
regenerated dataset cannot drift from its checks. The reference code is plain pandas, as
the learner writes it; ``lab_helpers.domain.territory`` does the same in one call and its
tests compare the two. Messages and hints are English, marked with ``N_()``; the Italian
is in ``locale/it/LC_MESSAGES/m02.po``.
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
PER_HUNDRED = 100
LEPS_RESIDENTS = 5000  # LEPS: 1 social worker per 5,000 residents (L. 178/2020)
SERVICE_TARGET_RESIDENTS = 4000  # obiettivo di servizio: 1 per 4,000 residents
FUND = 6_400_000  # WECARE Misura 1, territorial welfare actions (newsbiella.it, 2019-12-13)
FUND_IN_MILLIONS = 6.4

# Choices the notebook makes (the text states them).
SMALL_COMUNE = 1000  # "small": fewer than 1,000 residents
TOP = 5  # the five oldest districts
EXERCISE_PROVINCE = "CN"  # the province of the estimate in section 7
WEIGHTS = {"population": 0.4, "population_80_plus": 0.3, "living_alone_65_plus": 0.3}
PER_CAPITA = {"population": 1.0}
ESTIMATE_TOLERANCE = 0.10  # an estimate within 10% is right

COUNTS = ["population", "population_0_14", "population_15_64", "population_65_plus",
          "population_80_plus", "living_alone", "living_alone_65_plus"]


# --- reference code -------------------------------------------------------------------------

def _municipalities() -> pd.DataFrame:
    """The comuni as the notebook has them after section 2."""
    frame = load_dataset("municipalities")
    frame["population_65_plus"] = frame["population_65_79"] + frame["population_80_plus"]
    frame["old_age_index"] = frame["population_65_plus"] / frame["population_0_14"] * PER_HUNDRED
    frame["alone_65_share"] = (frame["living_alone_65_plus"] / frame["population_65_plus"]
                               * PER_HUNDRED)
    return frame


def _column(name: str) -> pd.Series:
    return _municipalities()[name]


def _per_hundred(part: pd.Series, whole: pd.Series) -> pd.Series:
    return part / whole * PER_HUNDRED


def _totals(by: str = "district_id") -> pd.DataFrame:
    return _municipalities().groupby(by, observed=True)[COUNTS].sum()


def _total_ratio(part: str, whole: str, by: str = "district_id") -> pd.Series:
    totals = _totals(by)
    return _per_hundred(totals[part], totals[whole])


def _mean_of_comuni(column: str, by: str = "district_id", how: str = "mean") -> pd.Series:
    return _municipalities().groupby(by, observed=True)[column].agg(how)


def _indicators() -> pd.DataFrame:
    """The district table of section 6: names, social workers, counts and indicators."""
    districts = load_dataset("districts").set_index("district_id")
    frame = districts[["district", "province", "social_workers"]].join(_totals())
    frame["old_age_index"] = _per_hundred(frame["population_65_plus"], frame["population_0_14"])
    frame["share_80_plus"] = _per_hundred(frame["population_80_plus"], frame["population"])
    frame["alone_65_share"] = _per_hundred(frame["living_alone_65_plus"],
                                           frame["population_65_plus"])
    return frame


def _top(column: str, ascending: bool = False) -> list[str]:
    frame = _indicators().sort_values(column, ascending=ascending)
    return frame["district"].head(TOP).tolist()


def _bars(column: str) -> pd.Series:
    return _indicators().set_index("district")[column]


def _posts_missing(residents_per_worker: float = LEPS_RESIDENTS) -> pd.Series:
    frame = _indicators()
    return frame["population"] / residents_per_worker - frame["social_workers"]


def _short(missing: pd.Series) -> float:
    return float(missing[missing > 0].sum())


def _province_short(province: str = EXERCISE_PROVINCE, net: bool = False,
                    residents_per_worker: float = LEPS_RESIDENTS) -> float:
    missing = _posts_missing(residents_per_worker)
    missing = missing[_indicators()["province"] == province]
    return float(missing.sum()) if net else _short(missing)


def _part_of_region(column: str) -> pd.Series:
    frame = _indicators()
    return frame[column] / frame[column].sum()


def _weighted(weights: dict[str, float], parts: Any = _part_of_region) -> pd.Series:
    return sum(weight * parts(column) for column, weight in weights.items())


def _need_index() -> pd.Series:
    return _weighted(WEIGHTS)


def _allocation(weights: dict[str, float] | None = None) -> pd.Series:
    return _weighted(weights or WEIGHTS) * FUND


def _losing(weights: dict[str, float], fewer: bool = True) -> int:
    alternative, base = _allocation(weights), _allocation()
    return int((alternative < base).sum() if fewer else (alternative > base).sum())


def _bars_named_by_district(value: Any) -> bool:
    return set(_indicators()["district"]) <= bar_labels(value)


def _is_list_of_names(value: Any) -> bool:
    items = value.tolist() if isinstance(value, pd.Series) else value
    return isinstance(items, list | tuple) and all(isinstance(v, str) for v in items)


# --- section 1: the comuni of Piedmont -------------------------------------------------------

population_65_plus = TableProblem(
    expected=lambda: _column("population_65_79") + _column("population_80_plus"),
    hints=(
        N_("The table has no column for everyone aged 65 and over: it has two age bands that "
           "together make it."),
        N_("Look at the names of the columns that start with population_: which two cover "
           "ages 65 and over?"),
        N_("Add the column population_65_79 and the column population_80_plus with the + sign, "
           "each picked with municipalities[\"...\"]."),
    ),
    mistakes=(
        Mistake(lambda: _column("population_65_79"), N_(
            "You took only the residents aged 65 to 79. People aged 80 and over are also 65 "
            "and over: add their column too."),
            code='municipalities["population_65_79"]'),
        Mistake(lambda: _column("population_80_plus"), N_(
            "You took only the residents aged 80 and over. Add the residents aged 65 to 79."),
            code='municipalities["population_80_plus"]'),
        Mistake(lambda: _column("population") - _column("population_0_14"), N_(
            "That counts everyone aged 15 and over, working ages included. Add up only the "
            "age bands from 65 up."),
            code='municipalities["population"] - municipalities["population_0_14"]'),
    ),
)

small_municipalities = ValueProblem(
    expected=lambda: int((_column("population") < SMALL_COMUNE).sum()),
    hints=(
        N_("Copy the worked example for the comuni with fewer than 100 residents, and change "
           "the limit."),
        N_("Fewer than 1,000 is < 1000 (no dot in the number). Count the rows of the filtered "
           "table with len( )."),
    ),
    mistakes=(
        Mistake(lambda: int((_column("population") <= SMALL_COMUNE).sum()), N_(
            "You also counted a comune with exactly 1,000 residents. \"Fewer than\" is <, not "
            "<=."),
            code='len(municipalities[municipalities["population"] <= 1000])'),
        Mistake(lambda: int((_column("population") >= SMALL_COMUNE).sum()), N_(
            "You counted the comuni with 1,000 residents or more. Check the comparison sign."),
            code='len(municipalities[municipalities["population"] >= 1000])'),
        Mistake(lambda: int((_column("population") < 100).sum()), N_(
            "That is the worked example's count, with the limit of 100. Change the limit to "
            "1,000."),
            code='len(municipalities[municipalities["population"] < 100])'),
        Mistake(lambda: int(_column("population")[_column("population") < SMALL_COMUNE].sum()), N_(
            "You added up the residents of the small comuni. The question asks how many comuni "
            "there are: count the rows."),
            code='municipalities[municipalities["population"] < 1000]["population"].sum()'),
        Mistake(lambda: len(_municipalities()), N_(
            "You counted all the comuni of Piedmont. Count the filtered table."),
            code="len(municipalities)"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Comuni are counted in whole numbers: count the rows with len( )."),
            code="587.0"),
    ),
)


# --- section 2: two indicators for every comune ----------------------------------------------

old_age_index = TableProblem(
    expected=lambda: _per_hundred(_column("population_65_plus"), _column("population_0_14")),
    hints=(
        N_("It is the calculation of the Torino example, with whole columns instead of two "
           "numbers."),
        N_("Divide the column of residents aged 65 and over by the column of residents aged 0 "
           "to 14, then multiply by 100."),
        N_("The columns are municipalities[\"population_65_plus\"] and "
           "municipalities[\"population_0_14\"]; * 100 goes at the end."),
    ),
    mistakes=(
        Mistake(lambda: _per_hundred(_column("population_0_14"), _column("population_65_plus")),
                N_("Your division is upside down: it gives children per 100 older people. Put "
                   "the residents aged 65 and over first."),
            code='municipalities["population_0_14"] / municipalities["population_65_plus"] * 100'),
        Mistake(lambda: _column("population_65_plus") / _column("population_0_14"), N_(
            "Your values look 100 times too small: the index counts older people for every "
            "100 children, so multiply by 100."),
            code='municipalities["population_65_plus"] / municipalities["population_0_14"]'),
        Mistake(lambda: _per_hundred(_column("population_65_79"), _column("population_0_14")),
                N_("You used the residents aged 65 to 79 only. Use the column "
                   "population_65_plus that you made in exercise 1."),
            code='municipalities["population_65_79"] / municipalities["population_0_14"] * 100'),
        Mistake(lambda: _per_hundred(_column("population_65_plus"), _column("population")), N_(
            "That is the percentage of residents aged 65 and over. The index compares them "
            "with the children: divide by the residents aged 0 to 14."),
            code='municipalities["population_65_plus"] / municipalities["population"] * 100'),
    ),
)

dependency_ratio = TableProblem(
    expected=lambda: _per_hundred(_column("population_65_plus"), _column("population_15_64")),
    hints=(
        N_("Same shape as the old-age index: only the column you divide by changes."),
        N_("The people of working age are in the column population_15_64. Divide the residents "
           "aged 65 and over by them, then multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _per_hundred(_column("population_65_plus"), _column("population_0_14")),
                N_("That is the old-age index of the previous exercise. Here divide by the "
                   "people of working age, 15 to 64."),
            code='municipalities["population_65_plus"] / municipalities["population_0_14"] * 100'),
        Mistake(lambda: _per_hundred(_column("population_65_plus"), _column("population")), N_(
            "You divided by all the residents. The ratio compares older people with the people "
            "of working age only."),
            code='municipalities["population_65_plus"] / municipalities["population"] * 100'),
        Mistake(lambda: _per_hundred(_column("population_0_14") + _column("population_65_plus"),
                                     _column("population_15_64")), N_(
            "That is the total dependency ratio: it counts the children too. Here count only "
            "the people aged 65 and over."),
            code=('(municipalities["population_0_14"] + '
                  'municipalities["population_65_plus"]) / '
                  'municipalities["population_15_64"] * 100')),
        Mistake(lambda: _column("population_65_plus") / _column("population_15_64"), N_(
            "Your values look 100 times too small: the ratio is per 100 people of working age, "
            "so multiply by 100."),
            code='municipalities["population_65_plus"] / municipalities["population_15_64"]'),
        Mistake(lambda: _per_hundred(_column("population_15_64"), _column("population_65_plus")),
                N_("Your division is upside down. Put the residents aged 65 and over first."),
            code='municipalities["population_15_64"] / municipalities["population_65_plus"] * 100'),
    ),
)


# --- section 3: from comuni to districts -----------------------------------------------------

district_old_age_index = TableProblem(
    expected=lambda: _total_ratio("population_65_plus", "population_0_14"),
    hints=(
        N_("Work on district_totals, the table with one row per district, as the worked "
           "example does for the residents aged 80 and over."),
        N_("Divide district_totals[\"population_65_plus\"] by district_totals[\"population_0_14\"] "
           "and multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _mean_of_comuni("old_age_index"), N_(
            "You took the mean of the comuni's indexes. In a mean every comune counts once, "
            "however small: add up the people first (district_totals), then divide."),
            code='municipalities.groupby("district_id")["old_age_index"].mean()'),
        Mistake(lambda: _mean_of_comuni("old_age_index", how="median"), N_(
            "You took the median of the comuni's indexes. Add up the people of each district "
            "first (district_totals), then divide."),
            code='municipalities.groupby("district_id")["old_age_index"].median()'),
        Mistake(lambda: _total_ratio("population_65_plus", "population_0_14") / PER_HUNDRED, N_(
            "Your values look 100 times too small: multiply by 100."),
            code='district_totals["population_65_plus"] / district_totals["population_0_14"]'),
        Mistake(lambda: _total_ratio("population_0_14", "population_65_plus"), N_(
            "Your division is upside down. Put the residents aged 65 and over first."),
            code=('district_totals["population_0_14"] / district_totals["population_65_plus"] '
                  '* 100')),
        Mistake(lambda: _total_ratio("population_65_plus", "population_0_14", by="province"), N_(
            "You grouped by province (8 rows). Here we want one value for each of the 30 "
            "districts: use district_totals."),
            code=('municipalities.groupby("province")[counts].sum()["population_65_plus"] '
                  '/ municipalities.groupby("province")[counts].sum()["population_0_14"] * '
                  "100")),
    ),
)

answer_average = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Python does not round here: both columns are computed to many decimals. The "
                "gap is tens of points, far too large for rounding."),
        "c": N_("Every comune has children aged 0 to 14 in this table, so every comune has an "
                "index. The difference comes from how the comuni are counted in the mean."),
        "d": N_("They do not measure the same thing: one counts people, the other counts comuni. "
                "They can differ by tens of points, as the table shows."),
    },
    hints=(
        N_("In the mean of the comuni's indexes, how much does a comune of 50 residents count, "
           "and how much a town of 50,000?"),
        N_("Remember exercise 3 and the sorted table: which comuni had the highest indexes, the "
           "small ones or the large ones?"),
    ),
)


# --- section 4: provinces, Piedmont and Italy ------------------------------------------------

province_old_age_index = TableProblem(
    expected=lambda: _total_ratio("population_65_plus", "population_0_14", by="province"),
    hints=(
        N_("Two steps, as for the districts: first add up the comuni of each province with "
           "groupby, then divide."),
        N_("municipalities.groupby(\"province\")[[\"population_65_plus\", \"population_0_14\"]]"
           ".sum() gives one row per province. Keep it in province_totals."),
        N_("Then divide province_totals[\"population_65_plus\"] by "
           "province_totals[\"population_0_14\"] and multiply by 100. Do not sort the result."),
    ),
    mistakes=(
        Mistake(lambda: _mean_of_comuni("old_age_index", by="province"), N_(
            "You took the mean of the comuni's indexes, so a comune of 40 residents counts as "
            "much as Torino. Add up the people of each province first, then divide."),
            code=("province_totals = "
                  'municipalities.groupby("province")[counts].sum()\nprovince_old_age_index '
                  '= municipalities.groupby("province")["old_age_index"].mean()')),
        Mistake(lambda: _total_ratio("population_65_plus", "population_0_14", by="province")
                / PER_HUNDRED, N_("Your values look 100 times too small: multiply by 100."),
            code=('province_totals = municipalities.groupby("province")[counts].sum()\n'
                  'province_old_age_index = province_totals["population_65_plus"] / '
                  'province_totals["population_0_14"]')),
        Mistake(lambda: _total_ratio("population_0_14", "population_65_plus", by="province"), N_(
            "Your division is upside down. Put the residents aged 65 and over first."),
            code=("province_totals = "
                  'municipalities.groupby("province")[counts].sum()\nprovince_old_age_index '
                  '= province_totals["population_0_14"] / '
                  'province_totals["population_65_plus"] * 100')),
        Mistake(lambda: _total_ratio("population_65_plus", "population_0_14"), N_(
            "You have one value per district (30 rows). Group the comuni by \"province\" "
            "instead."),
            code=("province_totals = "
                  'municipalities.groupby("province")[counts].sum()\nprovince_old_age_index '
                  "= district_old_age_index")),
    ),
)

answer_italy = ChoiceProblem(
    correct=frozenset({"a", "e"}),
    explanations={
        "b": N_("The index is not a percentage of the residents: it compares two age groups. "
                "People aged 65 and over are about 27% of Piedmont's residents."),
        "c": N_("The index compares two age groups within the same population; it says nothing "
                "about how many people there are. Italy has far more people aged 65 and over "
                "than Piedmont (about 14.4 million against about 1.1 million)."),
        "d": N_("The index counts older people against children at one moment. Whether a "
                "population grows or shrinks depends on births, deaths and people moving in "
                "and out, which the index does not show."),
    },
    hints=(
        N_("Read the definition again: how many people aged 65 and over, for every how many "
           "children?"),
        N_("More than one option is right. Rule out those that read the index as a percentage, "
           "as a number of people, or as a trend over time."),
    ),
    tries=(
        Try('"a"',
            N_("Part of the answer: more than one option is right.")),
    ),
)


# --- section 5: the very old and people living alone -----------------------------------------

alone_65_share = TableProblem(
    expected=lambda: _total_ratio("living_alone_65_plus", "population_65_plus"),
    hints=(
        N_("Follow the worked example for the residents aged 80 and over: the same shape, on "
           "district_totals, with two other columns."),
        N_("Out of whom? Of the people aged 65 and over: they go below the line, in the "
           "denominator."),
        N_("Divide district_totals[\"living_alone_65_plus\"] by "
           "district_totals[\"population_65_plus\"] and multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _total_ratio("living_alone", "population_65_plus"), N_(
            "You counted everyone living alone, of any age. Use the column of the people aged "
            "65 and over who live alone."),
            code='district_totals["living_alone"] / district_totals["population_65_plus"] * 100'),
        Mistake(lambda: _total_ratio("living_alone_65_plus", "population"), N_(
            "You divided by all the residents. The question is about older people: divide by "
            "the residents aged 65 and over."),
            code='district_totals["living_alone_65_plus"] / district_totals["population"] * 100'),
        Mistake(lambda: _total_ratio("living_alone_65_plus", "population_65_plus") / PER_HUNDRED,
                N_("Your values look 100 times too small: a share instead of a percentage? "
                   "Multiply by 100."),
            code='district_totals["living_alone_65_plus"] / district_totals["population_65_plus"]'),
        Mistake(lambda: _mean_of_comuni("alone_65_share"), N_(
            "You took the mean of the comuni's percentages, so every comune counts once, "
            "however small. Use the district totals."),
            code=('(municipalities["living_alone_65_plus"] / municipalities["population_65_plus"]'
                  ' * 100).groupby(municipalities["district_id"]).mean()')),
    ),
)


# --- section 6: ranking and charting districts ------------------------------------------------

top5_old = ValueProblem(
    expected=lambda: _top("old_age_index"),
    hints=(
        N_("Start from the worked example: it ranks the districts by share_80_plus. Change the "
           "column."),
        N_("Sort indicators by old_age_index with ascending=False, pick the column \"district\" "
           "and keep the first 5 with .head(5)."),
    ),
    mistakes=(
        Mistake(lambda: _top("old_age_index", ascending=True), N_(
            "Those are the five youngest districts: the table is sorted the other way. Use "
            "ascending=False."),
            code='indicators.sort_values("old_age_index")["district"].head(5)'),
        Mistake(lambda: _top("share_80_plus"), N_(
            "That is the worked example's ranking, by the share of residents aged 80 and over. "
            "Rank by the old-age index."),
            code='indicators.sort_values("share_80_plus", ascending=False)["district"].head(5)'),
        Mistake(lambda: _top("population_65_plus"), N_(
            "You ranked by the number of residents aged 65 and over, which favours the largest "
            "districts. Rank by the old-age index."),
            code=('indicators.sort_values("population_65_plus", '
                  'ascending=False)["district"].head(5)')),
        Mistake(lambda: _top("alone_65_share"), N_(
            "You ranked by the share of older people living alone. Rank by the old-age index."),
            code='indicators.sort_values("alone_65_share", ascending=False)["district"].head(5)'),
    ),
    hidden=(
        HiddenTest(_is_list_of_names, N_(
            "The answer should be the names of the districts, as text: pick the column "
            "\"district\"."),
            code=('indicators.sort_values("old_age_index", '
                  'ascending=False)["district"].head(5).to_numpy()')),
    ),
    tries=(
        Try('indicators.sort_values("old_age_index", ascending=False).head(5)',
            N_("The answer should be a list, in square brackets [ ].")),
    ),
)

chart_alone = ChartProblem(
    expected=lambda: _bars("alone_65_share"),
    hints=(
        N_("Copy the worked example of the old-age index and change the column it sorts and "
           "draws."),
        N_("Sort indicators by alone_65_share, then .plot(kind=\"barh\", x=\"district\", "
           "y=\"alone_65_share\", ...). Keep the result in chart_alone."),
        N_("Give the chart a title, an xlabel and a ylabel in plain words, as in the worked "
           "example."),
    ),
    mistakes=(
        Mistake(lambda: _bars("old_age_index"), N_(
            "Your bars show the old-age index, the worked example's column. Here the bars "
            "should show the share of people aged 65+ who live alone."),
            code=('chart_alone = indicators.sort_values("old_age_index").plot(kind="barh", '
                  'x="district", y="old_age_index", title="T", xlabel="X", ylabel="Y", '
                  "legend=False)")),
        Mistake(lambda: _bars("share_80_plus"), N_(
            "Your bars show the share of residents aged 80 and over. Here the bars should show "
            "the share of people aged 65+ who live alone."),
            code=('chart_alone = indicators.sort_values("share_80_plus").plot(kind="barh", '
                  'x="district", y="share_80_plus", title="T", xlabel="X", ylabel="Y", '
                  'legend=False)')),
        Mistake(lambda: _bars("living_alone_65_plus"), N_(
            "Your bars show how many older people live alone, a count that follows the size of "
            "the district. Draw the percentage, alone_65_share."),
            code=('chart_alone = indicators.plot(kind="barh", x="district", '
                  'y="living_alone_65_plus", title="T", xlabel="X", ylabel="Y", '
                  "legend=False)")),
    ),
    hidden=(
        HiddenTest(_bars_named_by_district, N_(
            "Each bar should be named after its district: use x=\"district\"."),
            code=('chart_alone = indicators.plot(kind="barh", y="alone_65_share", '
                  'title="T", xlabel="X", ylabel="Y", legend=False)')),
    ),
    tries=(
        Try(('chart_alone = indicators.plot(kind="barh", x="district", y="alone_65_share", '
             'xlabel="X", ylabel="Y", legend=False)'),
            N_('The chart needs a title: add title="...".')),
    ),
)


# --- section 7: social workers against the LEPS ----------------------------------------------

posts_missing = TableProblem(
    expected=lambda: _posts_missing(),
    hints=(
        N_("Posts missing = posts the LEPS asks for, minus the social workers the district "
           "has."),
        N_("The posts the LEPS asks for are already in the column leps_posts; the social "
           "workers are in social_workers."),
        N_("Subtract indicators[\"social_workers\"] from indicators[\"leps_posts\"]."),
    ),
    mistakes=(
        Mistake(lambda: -_posts_missing(), N_(
            "Your signs are the other way round: a district short of social workers should "
            "have a positive number. Start from the posts the LEPS asks for."),
            code='indicators["social_workers"] - indicators["leps_posts"]'),
        Mistake(lambda: _posts_missing(SERVICE_TARGET_RESIDENTS), N_(
            "You used 4,000 residents, the service target (obiettivo di servizio). The LEPS is "
            "1 social worker per 5,000 residents."),
            code='indicators["population"] / 4000 - indicators["social_workers"]'),
        Mistake(lambda: _indicators()["population"] / LEPS_RESIDENTS, N_(
            "Those are the posts the LEPS asks for. Subtract the social workers each district "
            "has."),
            code='indicators["leps_posts"]'),
        Mistake(lambda: _indicators()["population"] / _indicators()["social_workers"], N_(
            "That is the residents per social worker, from module 00. Here we want posts: the "
            "posts the LEPS asks for minus the social workers."),
            code='indicators["population"] / indicators["social_workers"]'),
    ),
)

total_posts_short = ValueProblem(
    expected=lambda: _short(_posts_missing()),
    hints=(
        N_("Keep only the districts that fall short (posts_missing above 0), as the worked "
           "example does, then add up their posts_missing."),
        N_("short[\"posts_missing\"].sum() adds up the column of the filtered table."),
    ),
    mistakes=(
        Mistake(lambda: float(_posts_missing().sum()), N_(
            "You added up all 30 districts, so the spare posts of some districts cancel out "
            "the missing posts of others. A spare post in one district does not work in "
            "another: add up only the districts that fall short."),
            code='indicators["posts_missing"].sum()'),
        Mistake(lambda: int((_posts_missing() > 0).sum()), N_(
            "That is how many districts fall short. The question asks how many posts they "
            "miss altogether."),
            code="len(short)"),
        Mistake(lambda: float(_posts_missing().abs().sum()), N_(
            "You added the spare posts of the other districts too. Keep only the districts "
            "that fall short."),
            code='indicators["posts_missing"].abs().sum()'),
    ),
)


def _cuneo_short() -> float:
    return _province_short()


cuneo_short_estimate = RangeProblem(
    low=lambda: _cuneo_short() * (1 - ESTIMATE_TOLERANCE),
    high=lambda: _cuneo_short() * (1 + ESTIMATE_TOLERANCE),
    hints=(
        N_("Look at the table of the districts that fall short: find the rows whose province "
           "is CN."),
        N_("Add up the posts missing of those Cuneo rows. Rounded numbers are fine."),
    ),
    mistakes=(
        Mistake(lambda: _province_short(net=True), N_(
            "You also counted the Cuneo districts with spare posts, which cancel out part of "
            "the shortfall. Count only the districts that fall short."),
            code='indicators[indicators["province"] == "CN"]["posts_missing"].sum()'),
        Mistake(lambda: _short(_posts_missing()), N_(
            "That is the whole region. The question asks about the province of Cuneo only."),
            code="35"),
        Mistake(lambda: float(_posts_missing().max()), N_(
            "That is only the district that misses the most posts. Add up all the Cuneo "
            "districts that fall short."),
            code="6.2"),
    ),
    tries=(
        Try('"11"',
            N_("The answer should be a number, without quotes.")),
    ),
)


# --- section 8: a needs-based allocation formula ---------------------------------------------

need_index = TableProblem(
    expected=_need_index,
    hints=(
        N_("Make two more columns like share_residents: each district's part of the region's "
           "residents aged 80 and over, and of the region's people aged 65+ living alone."),
        N_("Each part is a column divided by its own total: "
           "indicators[\"population_80_plus\"] / indicators[\"population_80_plus\"].sum()."),
        N_("Then multiply each part by its weight and add them up: weight_residents * "
           "share_residents + weight_80_plus * ... + weight_alone * ..."),
    ),
    mistakes=(
        Mistake(lambda: _need_index() * PER_HUNDRED, N_(
            "Your values look 100 times too large: use shares (from 0 to 1), not percentages. "
            "Over the 30 districts the index should add up to 1."),
            code=('share_80_plus_of_region = indicators["population_80_plus"] / '
                  'indicators["population_80_plus"].sum()\nshare_alone_of_region = '
                  '(indicators["living_alone_65_plus"]\n                         / '
                  'indicators["living_alone_65_plus"].sum())\nneed_index = '
                  "(weight_residents * share_residents + weight_80_plus * "
                  "share_80_plus_of_region + weight_alone * share_alone_of_region) * 100")),
        Mistake(lambda: _weighted(WEIGHTS, lambda c: _indicators()[c]), N_(
            "You weighted the raw counts. Divide each column by the region's total first, so "
            "that each term is the district's part of the region."),
            code=('share_80_plus_of_region = indicators["population_80_plus"] / '
                  'indicators["population_80_plus"].sum()\nshare_alone_of_region = '
                  '(indicators["living_alone_65_plus"]\n                         / '
                  'indicators["living_alone_65_plus"].sum())\nneed_index = '
                  '(weight_residents * indicators["population"] + weight_80_plus * '
                  'indicators["population_80_plus"] + weight_alone * '
                  'indicators["living_alone_65_plus"])')),
        Mistake(lambda: (WEIGHTS["population"] * _part_of_region("population")
                         + WEIGHTS["population_80_plus"] * _indicators()["share_80_plus"]
                         + WEIGHTS["living_alone_65_plus"] * _indicators()["alone_65_share"]),
                N_("You used the districts' own percentages (share_80_plus, alone_65_share). "
                   "Here each term must be the district's part of the region's total: divide "
                   "a count by the region's total of that count."),
            code=('share_80_plus_of_region = indicators["population_80_plus"] / '
                  'indicators["population_80_plus"].sum()\nshare_alone_of_region = '
                  '(indicators["living_alone_65_plus"]\n                         / '
                  'indicators["living_alone_65_plus"].sum())\nneed_index = '
                  "(weight_residents * share_residents + weight_80_plus * "
                  'indicators["share_80_plus"] + weight_alone * '
                  'indicators["alone_65_share"])')),
        Mistake(lambda: _weighted(dict.fromkeys(WEIGHTS, 1 / 3)), N_(
            "You gave the three parts the same weight. Use the weights of the cell above: "
            "weight_residents, weight_80_plus and weight_alone."),
            code=('share_80_plus_of_region = indicators["population_80_plus"] / '
                  'indicators["population_80_plus"].sum()\nshare_alone_of_region = '
                  '(indicators["living_alone_65_plus"]\n                         / '
                  'indicators["living_alone_65_plus"].sum())\nneed_index = '
                  "(share_residents + share_80_plus_of_region + share_alone_of_region) / 3")),
        Mistake(lambda: _weighted(dict.fromkeys(WEIGHTS, 1.0)), N_(
            "You added up the three parts without weighting them, so the index adds up to 3, "
            "not 1. Multiply each part by its weight."),
            code=('share_80_plus_of_region = indicators["population_80_plus"] / '
                  'indicators["population_80_plus"].sum()\n'
                  'share_alone_of_region = (indicators["living_alone_65_plus"]\n'
                  '                         / indicators["living_alone_65_plus"].sum())\n'
                  'need_index = share_residents + share_80_plus_of_region + '
                  'share_alone_of_region')),
    ),
)

allocation = TableProblem(
    expected=_allocation,
    rel_tol=1e-4,  # amounts rounded to the euro are right
    hints=(
        N_("Each district receives its need index times the whole fund."),
        N_("Multiply need_index by fund (the variable, written in euro)."),
    ),
    mistakes=(
        Mistake(lambda: _need_index() * FUND_IN_MILLIONS, N_(
            "Your amounts are in millions of euro: use the variable fund, which is written in "
            "euro."),
            code="need_index * 6.4"),
        Mistake(lambda: _part_of_region("population") * FUND, N_(
            "You split the fund by residents alone. Use the need index, which also weighs the "
            "very old and the older people living alone."),
            code="share_residents * fund"),
        Mistake(_need_index, N_(
            "That is the need index itself, a share. Multiply it by the fund to get euro."),
            code="need_index"),
    ),
    right=(
        "(need_index * fund).round()",
    ),
)

steps_allocation = OrderProblem(
    order=("b", "c", "d", "a", "e"),
    hints=(
        N_("Scroll up through section 8: in which order did you do these things?"),
        N_("You cannot weight parts you have not computed, nor compute parts of indicators "
           "nobody has chosen."),
    ),
    mistakes=(
        Mistake(lambda: ["b", "d", "c", "a", "e"], N_(
            "You cannot add up the weighted parts before you have computed them."),
            code='"b", "d", "c", "a", "e",'),
        Mistake(lambda: ["c", "b", "d", "a", "e"], N_(
            "Which parts would you compute, before the indicators and their weights are "
            "chosen?"),
            code='"c", "b", "d", "a", "e",'),
    ),
    tries=(
        Try('"b", "c", "d", "a",',
            N_("Use each of the letters {letters} exactly once."), {"letters": "a, b, c, d, e"}),
    ),
)


# --- section 9: how much do the weights matter? ----------------------------------------------

districts_losing = ValueProblem(
    expected=lambda: _losing(PER_CAPITA),
    hints=(
        N_("Copy the worked example's call of allocate_fund and change the weights to "
           "{\"population\": 1}. Keep the result in per_capita."),
        N_("Compare per_capita < allocation: it gives True for each district that would "
           "receive less. .sum() counts the True values."),
    ),
    mistakes=(
        Mistake(lambda: _losing(PER_CAPITA, fewer=False), N_(
            "You counted the districts that would receive more. The question asks about those "
            "that would receive less."),
            code=('per_capita = allocate_fund(indicators, {"population": 1}, '
                  "fund)\ndistricts_losing = (per_capita > allocation).sum()")),
        Mistake(lambda: len(_indicators()), N_(
            "You counted all the districts. Count only those that would receive less."),
            code=('per_capita = allocate_fund(indicators, {"population": 1}, '
                  "fund)\ndistricts_losing = len(per_capita)")),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Districts are counted in whole numbers: count them with .sum() on the comparison."),
            code=('per_capita = allocate_fund(indicators, {"population": 1}, '
                  "fund)\ndistricts_losing = float((per_capita < allocation).sum())")),
    ),
)

answer_weights = ChoiceProblem(
    correct=frozenset({"c"}),
    explanations={
        "a": N_("The table shows that the money moves: some districts gain and others lose "
                "thousands of euro, and many change place. The formula is not neutral."),
        "b": N_("The shares of all the districts always add up to 1, so the fund is always "
                "6.4 million: the weights move money between districts, they never change the "
                "total."),
        "d": N_("The ranking is by euro per resident under one set of weights. The district at "
                "the top is not certainly the neediest: with other weights it may move, and "
                "the indicators leave out much of what a district needs."),
    },
    hints=(
        N_("Look at the columns difference and places_moved of the table above."),
        N_("Ask yourself: who decides the weights, and does the choice change who gets what?"),
    ),
)


bind(__name__, globals())
