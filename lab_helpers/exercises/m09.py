"""Module 09, the capstone: the evidence of a policy brief, for the district the learner chose.

The notebook's first cell sets ``DISTRICT = "D07"`` (the learner's own district, or the one
their trainer gave them). Every figure exercise depends on it (``context=IN_DISTRICT``): the
check reads DISTRICT from the notebook and the reference code of
:mod:`lab_helpers.domain.district_brief` recomputes the figure for that district, so every
learner's numbers differ and a neighbour's do not pass. Messages and hints are English,
marked with ``N_()``; the Italian is in ``locale/it/LC_MESSAGES/m09.po``.
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
    Setting,
    Try,
    ValueProblem,
    bind,
)
from ..checks.answer_context import context_value
from ..checks.problems import is_whole_number
from ..datasets import load_dataset
from ..domain import district_brief as brief
from ..domain.territory import SERVICE_TARGET_RESIDENTS_PER_WORKER
from ..i18n import N_

EXAMPLE_DISTRICT = "D07"  # Ivrea e Canavese: short of the LEPS and of the ADI target


def _district_trouble(value: Any) -> str | None:
    if not isinstance(value, str):
        return N_("DISTRICT should be a district's code between quotes, like \"D07\". Set it "
                  "in the cell at the top of the notebook and run that cell.")
    if value not in brief.district_ids():
        return N_("DISTRICT is not the code of one of the 30 districts. Write one of D01 to "
                  "D30 (a capital D and two digits) in the cell at the top, and run it.")
    return None


IN_DISTRICT = {"DISTRICT": Setting(_district_trouble, EXAMPLE_DISTRICT,
                                   values=brief.district_ids)}


def _d() -> str:
    """The district of the answer being checked."""
    return str(context_value("DISTRICT"))


def _row(column: str) -> float:
    return float(brief.district_row(_d())[column])


def _wait_sample() -> pd.Series:
    return brief.adi_waits(_d())


# --- section 1: your district ---------------------------------------------------------------

district_population = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.population(_d()),
    hints=(
        N_("The table mine holds one row: your district's. Its column \"population\" holds "
           "the residents."),
        N_("Add up the column, as in module 00: mine[\"population\"].sum()."),
    ),
    mistakes=(
        Mistake(lambda: int(load_dataset("districts")["population"].sum()), N_(
            "That is the whole region. Use the table mine, which holds only your district."),
            code='districts["population"].sum()'),
        Mistake(lambda: int(_row("population_65_plus")), N_(
            "Those are the residents aged 65 and over. Here we want all residents."),
            code='mine["population_65_plus"].sum()'),
    ),
    hidden=(HiddenTest(is_whole_number, N_("Residents are counted in whole numbers."),
                       code='float(mine["population"].sum())'),),
    right=('int(mine["population"].iloc[0])',),
)


# --- section 2: needs ------------------------------------------------------------------------

share_65_plus = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.share_65_plus(_d()),
    hints=(
        N_("The worked example computes the same percentage for the whole region, from the "
           "table districts. Do it on the table mine."),
        N_("Residents aged 65+ divided by all residents, times 100: "
           "mine[\"population_65_plus\"].sum() / mine[\"population\"].sum() * 100."),
    ),
    mistakes=(
        Mistake(lambda: brief.share_65_plus(), N_(
            "That is the region's percentage, the worked example. Compute it on the table "
            "mine, your district."),
            code='districts["population_65_plus"].sum() / districts["population"].sum() * 100'),
        Mistake(lambda: brief.share_65_plus(_d(), "population_80_plus"), N_(
            "You counted the residents aged 80 and over. Here we want everyone aged 65 and "
            "over: population_65_plus."),
            code='mine["population_80_plus"].sum() / mine["population"].sum() * 100'),
    ),
    tries=(
        Try('mine["population_65_plus"].sum() / mine["population"].sum()',
            N_("Your value looks 100 times too small: a share instead of a percentage?")),
    ),
)

alone_65_share = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.alone_65_share(_d()),
    hints=(
        N_("Add up the comuni first, then divide, as module 02 taught: a ratio of sums."),
        N_("my_comuni[\"living_alone_65_plus\"].sum() divided by "
           "my_comuni[\"population_65_plus\"].sum(), times 100."),
    ),
    mistakes=(
        Mistake(lambda: brief.alone_65_share_mean_of_comuni(_d()), N_(
            "You took the mean of the comuni's percentages: a hamlet of 200 residents then "
            "weighs as much as a town. Add up the people first, then divide."),
            code=('(my_comuni["living_alone_65_plus"] / my_comuni["population_65_plus"] '
                  '* 100).mean()')),
        Mistake(lambda: brief.alone_65_share(_d(), all_ages=True), N_(
            "You counted everyone who lives alone, of every age. Count only the people aged "
            "65+ who live alone: living_alone_65_plus."),
            code=('my_comuni["living_alone"].sum() / my_comuni["population_65_plus"].sum() '
                  '* 100')),
    ),
)


# --- section 3: services ---------------------------------------------------------------------

adi_coverage_2025 = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.adi_coverage(_d()),
    hints=(
        N_("The worked example computes the coverage of 2019. Do the same on the row of "
           "2025, my_2025."),
        N_("my_2025[\"adi_users_65_plus\"].sum() / my_2025[\"population_65_plus\"].sum() "
           "* 100."),
    ),
    mistakes=(
        Mistake(lambda: brief.adi_coverage(_d(), 2024), N_(
            "That is the coverage of 2024. The PNRR target is for 2025: use my_2025."),
            code=('my_panel[my_panel["year"] == 2024]["adi_users_65_plus"].sum() / '
                  'my_panel[my_panel["year"] == 2024]["population_65_plus"].sum() * 100')),
        Mistake(lambda: brief.adi_coverage(_d(), users="sad_users_65_plus"), N_(
            "You used the users of SAD. The PNRR target is about ADI: adi_users_65_plus."),
            code='my_2025["sad_users_65_plus"].sum() / my_2025["population_65_plus"].sum() * 100'),
        Mistake(lambda: brief.adi_coverage(_d(), of="population"), N_(
            "You divided by all residents. Coverage counts the residents aged 65 and over: "
            "population_65_plus."),
            code='my_2025["adi_users_65_plus"].sum() / my_2025["population"].sum() * 100'),
    ),
)

adi_users_short = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.adi_users_short(_d()),
    hints=(
        N_("The target is 10 users for every 100 residents aged 65+: the users needed are "
           "residents 65+ × 10 / 100. Subtract the users the district has."),
        N_("People come whole: round up with math.ceil( ). A negative answer is right too: "
           "it means people beyond the target."),
        N_("math.ceil(residents_65 * 10 / 100 - users), with the two numbers of the row "
           "my_2025."),
    ),
    mistakes=(
        Mistake(lambda: brief.adi_users_short(_d(), rounded=False), N_(
            "Your number has decimals: people come whole. Round up with math.ceil( ), since "
            "rounding down would leave the district just short of the target."),
            code=('my_2025["population_65_plus"].sum() * 10 / 100 '
                  '- my_2025["adi_users_65_plus"].sum()')),
        Mistake(lambda: brief.adi_users_short(_d(), of="population"), N_(
            "You applied the 10% to all residents. The target counts the residents aged 65 "
            "and over."),
            code=('math.ceil(my_2025["population"].sum() * 10 / 100 '
                  '- my_2025["adi_users_65_plus"].sum())')),
        Mistake(lambda: math.ceil(-brief.adi_users_short(_d(), rounded=False) - 1e-9), N_(
            "Your sign is reversed: start from the users the target asks for and subtract the "
            "users the district has, so that people missing are a positive number."),
            code=('math.ceil(my_2025["adi_users_65_plus"].sum() '
                  '- my_2025["population_65_plus"].sum() * 10 / 100)')),
    ),
    hidden=(HiddenTest(is_whole_number, N_("People are counted in whole numbers."),
                       code=('float(math.ceil(my_2025["population_65_plus"].sum() * 10 / 100 '
                             '- my_2025["adi_users_65_plus"].sum()))')),),
)

leps_gap = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.social_workers_missing(_d()),
    hints=(
        N_("The LEPS asks for 1 social worker for every 5,000 residents: the posts asked for "
           "are residents / 5000."),
        N_("Posts missing = posts asked for minus the social workers of the district: "
           "mine[\"population\"].sum() / 5000 - mine[\"social_workers\"].sum()."),
    ),
    mistakes=(
        Mistake(lambda: brief.social_workers_missing(_d(), SERVICE_TARGET_RESIDENTS_PER_WORKER),
                N_("You used 4,000 residents, the service target (obiettivo di servizio). The "
                   "LEPS is 1 social worker per 5,000 residents."),
                code='mine["population"].sum() / 4000 - mine["social_workers"].sum()'),
        Mistake(lambda: -brief.social_workers_missing(_d()), N_(
            "Your sign is reversed: start from the posts the LEPS asks for and subtract the "
            "social workers, so that a shortfall is positive."),
            code='mine["social_workers"].sum() - mine["population"].sum() / 5000'),
        Mistake(lambda: brief.population(_d()) / 5000, N_(
            "Those are the posts the LEPS asks for. Subtract the social workers the district "
            "already has."),
            code='mine["population"].sum() / 5000'),
    ),
)

median_wait = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: float(_wait_sample().median()),
    hints=(
        N_("Keep the ADI requests of my_requests, then take the median of their wait_days."),
        N_("my_requests[my_requests[\"service\"] == \"ADI\"][\"wait_days\"].median()."),
    ),
    mistakes=(
        Mistake(lambda: float(_wait_sample().mean()), N_(
            "That is the mean. A few very long waits pull the mean up: the brief uses the "
            "median, the wait of the person in the middle."),
            code='my_requests[my_requests["service"] == "ADI"]["wait_days"].mean()'),
        Mistake(lambda: float(brief.adi_waits(None).median()), N_(
            "That is the median of the whole region. Use my_requests, your district's "
            "requests."),
            code='requests[requests["service"] == "ADI"]["wait_days"].median()'),
        Mistake(lambda: float(brief.adi_waits(_d(), "SAD").median()), N_(
            "Those are the waits for SAD. Keep the requests for ADI."),
            code='my_requests[my_requests["service"] == "SAD"]["wait_days"].median()'),
    ),
)

wait_sentence = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("The data are a sample of requests, and the interval shows how far another "
                "sample could move each district's median: a ranking of 30 districts on such "
                "numbers is not safe to write down."),
        "c": N_("Nothing above measured a change over time: one median of one period cannot "
                "say that waits are falling."),
        "d": N_("A median is the wait of the person in the middle: half waited less, half "
                "longer. It says nothing about everyone."),
    },
    hints=(
        N_("Which sentence says only what the median and its interval can carry: a value, a "
           "range and how many requests it rests on?"),
        N_("A sentence that ranks the district, or talks about a trend, or about every "
           "person, claims more than one median of a sample can."),
    ),
)


# --- section 4: partners ---------------------------------------------------------------------

openness = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.openness(_d()),
    hints=(
        N_("The E-I index is (ties outside - ties inside) divided by all ties. The worked "
           "example has counted outside and inside for you."),
        N_("(outside - inside) / (outside + inside)."),
    ),
    mistakes=(
        Mistake(lambda: -brief.openness(_d()), N_(
            "Your sign is reversed: start from the ties outside, so that an open district "
            "gets a positive index."),
            code='(inside - outside) / (outside + inside)'),
        Mistake(lambda: brief.tie_counts(_d())[1] / sum(brief.tie_counts(_d())), N_(
            "That is the share of ties outside, from 0 to 1. The E-I index subtracts the ties "
            "inside before dividing: (outside - inside) / all ties."),
            code='outside / (outside + inside)'),
        Mistake(lambda: float(brief.tie_counts(_d())[1] - brief.tie_counts(_d())[0]), N_(
            "You subtracted but did not divide. Divide by all ties, so that the index goes "
            "from -1 to +1 whatever the district's size."),
            code='outside - inside'),
    ),
)


# --- section 5: channels ---------------------------------------------------------------------

online_share_older = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.online_share_older(_d()),
    hints=(
        N_("The worked example computes the share of phone calls among older people's "
           "requests. Online means two channels: \"web\" and \"app\"."),
        N_("older_front[\"channel\"].isin([\"web\", \"app\"]).mean() * 100."),
    ),
    mistakes=(
        Mistake(lambda: brief.online_share_older(_d(), ("web",)), N_(
            "You counted the web only. The app is online too: use .isin([\"web\", \"app\"])."),
            code='(older_front["channel"] == "web").mean() * 100'),
        Mistake(lambda: brief.online_share_older(_d(), older=False), N_(
            "You counted the requests of every age. Use older_front: the requests of people "
            "aged 65 and over."),
            code='my_front["channel"].isin(["web", "app"]).mean() * 100'),
    ),
    tries=(
        Try('older_front["channel"].isin(["web", "app"]).mean()',
            N_("Your value looks 100 times too small: a share instead of a percentage?")),
    ),
)


# --- section 6: cost and financing -----------------------------------------------------------

point_cost = ValueProblem(
    context=IN_DISTRICT,
    expected=lambda: brief.point_cost(_d()),
    rel_tol=1e-4,
    hints=(
        N_("One more point of coverage is 1 more user for every 100 residents aged 65+: "
           "residents 65+ / 100, rounded up with math.ceil( ). Each of them receives "
           "hours_per_user hours a year, at COST_PER_HOUR euro an hour."),
        N_("math.ceil(my_2025[\"population_65_plus\"].sum() / 100) * hours_per_user "
           "* COST_PER_HOUR."),
    ),
    mistakes=(
        Mistake(lambda: brief.point_people(_d()) * brief.COST_PER_HOUR_EUR, N_(
            "You paid one hour a year for each person. Each person receives hours_per_user "
            "hours in a year: multiply by it too."),
            code='math.ceil(my_2025["population_65_plus"].sum() / 100) * COST_PER_HOUR'),
        Mistake(lambda: brief.point_cost(_d(), of="population"), N_(
            "You took 1 in 100 of all residents. Coverage counts the residents aged 65 and "
            "over: population_65_plus."),
            code=('math.ceil(my_2025["population"].sum() / 100) * hours_per_user '
                  '* COST_PER_HOUR')),
        Mistake(lambda: float(brief.panel_row(_d())["adi_hours"]) * brief.COST_PER_HOUR_EUR, N_(
            "That is the cost of all the ADI the district gives today. The question is what "
            "one more point of coverage would add."),
            code='my_2025["adi_hours"].sum() * COST_PER_HOUR'),
    ),
)

financing_choice = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("PNRR money is a one-off investment with a deadline: it can start a service "
                "or buy equipment, but the hours of care recur every year, after the PNRR "
                "ends too."),
        "c": N_("An impact bond pays for measured outcomes, after years, with investors and a "
                "contract to set up (module 07), and INDIGO lists none in Italy. Hours of "
                "care owed every year to people already assessed are a running cost, not an "
                "outcome to buy."),
        "d": N_("A donation campaign cannot promise care year after year: people assessed as "
                "needing ADI need a service that lasts."),
    },
    hints=(
        N_("Is the cost you computed paid once, or every year?"),
        N_("A cost that comes back every year needs money that comes back every year."),
    ),
)


# --- section 7: measuring impact -------------------------------------------------------------

evaluation_choice = ChoiceProblem(
    correct=frozenset({"c"}),
    explanations={
        "a": N_("Before and after in your district alone cannot tell the new hours from "
                "everything else that changed in the same years (an epidemic, a new hospital "
                "ward, a hard winter)."),
        "b": N_("Satisfaction matters, but people who are satisfied may still end up in "
                "hospital: it does not measure the outcome, and there is no comparison."),
        "d": N_("A ratio from another study rests on that study's assumptions and context "
                "(module 08): it is not evidence about your district."),
    },
    hints=(
        N_("Which design tells you what would have happened without the extra hours?"),
        N_("Module 08: a difference in differences needs districts that did not change, "
           "observed before and after as well."),
    ),
)


# --- section 8: the brief --------------------------------------------------------------------

priority_choice = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("A big number is not a big problem: the count of residents aged 65+ is "
                "large in every district. Compare each figure with the region or a standard."),
        "c": N_("A ranking of 30 districts on a sample (the waits of section 4) can change "
                "with another sample: it is the weakest ground for a priority."),
        "d": N_("Money available is a reason to act quickly, not evidence of need: the brief "
                "starts from the problem, and the financing comes after."),
    },
    hints=(
        N_("Which rule uses the comparisons and the certainty of the figures you gathered?"),
        N_("Look for the rule that weighs three things: how far a figure is from its "
           "standard, how solid it is, and whether the table can act on it."),
    ),
)



def _figures_bars() -> pd.Series:
    return brief.district_figures(_d()).stack()


brief_chart = ChartProblem(
    context=IN_DISTRICT,
    expected=_figures_bars,
    hints=(
        N_("Draw the table figures itself, with .plot(kind=\"barh\", ...): each row gets one "
           "bar for your district and one for the region."),
        N_("Give the chart a title, and both axes a label in words: title=\"...\", "
           "xlabel=\"...\", ylabel=\"...\"."),
    ),
    mistakes=(
        Mistake(lambda: brief.district_figures(_d()).iloc[:, 0], N_(
            "Your chart shows your district only. The brief compares it with the region: "
            "draw both columns of figures."),
            code=('brief_chart = figures[DISTRICT].plot(kind="barh", title="My district", '
                  'xlabel="Percentage", ylabel="Figure")')),
    ),
    tries=(
        Try('brief_chart = figures.plot(kind="barh", xlabel="Percentage", ylabel="Figure")',
            N_('The chart needs a title: add title="...".')),
    ),
)


bind(__name__, globals())
