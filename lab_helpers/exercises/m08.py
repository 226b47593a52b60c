"""Module 08, measuring impact: the exercises of the notebook.

They check a difference-in-differences on ``pilot_panel`` (the four means, the difference
of differences, a regression with errors clustered by district, the effect in people), an
SROI on ``impact_map`` (adjustments, drop-off, discounting, the ratio and its range) and
the evidence behind ``good_practices``. Every expected value (and every plausible wrong one)
is computed here from the shipped data, never typed in, so a regenerated dataset cannot
drift from its checks; the SROI steps use :mod:`lab_helpers.domain.sroi`, as the notebook
does. Messages and hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/m08.po``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..checks import (
    ChoiceProblem,
    Mistake,
    OrderProblem,
    RangeProblem,
    TableProblem,
    Try,
    ValueProblem,
    bind,
)
from ..datasets import load_dataset
from ..domain import sroi
from ..i18n import N_

PERCENT = 100
FORMULA = "supported_pct ~ treated * post"
INTERACTION = "treated:post"
READING_TOLERANCE = 0.15  # a reading of the chart within 15% of the gap is right
SHIFT_POINTS = 25  # one step of the 0/25/50/75/100 rubric of the adjustments
O01 = "O01"  # the outcome the learner follows by hand: older people who stay at home


# --- reference code -------------------------------------------------------------------------

def _panel() -> pd.DataFrame:
    frame = load_dataset("pilot_panel")
    frame["treated"] = frame["pilot"].astype(int)
    frame["after"] = frame["post"].astype(int)
    return frame


def _mean_by_period(pilot: bool | None, stat: str = "mean",
                    column: str = "supported_pct") -> pd.Series:
    frame = _panel()
    if pilot is not None:
        frame = frame[frame["pilot"] == pilot]
    return frame.groupby("post")[column].agg(stat)


def _means(stat: str = "mean") -> pd.Series:
    return _panel().groupby(["pilot", "post"])["supported_pct"].agg(stat)


def _cell(pilot: bool, post: bool) -> float:
    return float(_means()[pilot, post])


def _change(pilot: bool) -> float:
    return _cell(pilot, True) - _cell(pilot, False)


def _did() -> float:
    return _change(True) - _change(False)


def _fit(**options: Any) -> Any:
    import statsmodels.formula.api as smf

    frame = _panel().drop(columns="post").rename(columns={"after": "post"})
    return smf.ols(FORMULA, data=frame).fit(**options)


def _clustered_se(groups: str = "district_id") -> float:
    frame = _panel()
    return float(_fit(cov_type="cluster", cov_kwds={"groups": frame[groups].astype(str)})
                 .bse[INTERACTION])


def _pilot_discharges_after(pilot: bool | None = True, post: bool | None = True) -> float:
    frame = _panel()
    if pilot is not None:
        frame = frame[frame["pilot"] == pilot]
    if post is not None:
        frame = frame[frame["post"] == post]
    return float(frame["discharges_65_plus"].sum())


def _map() -> pd.DataFrame:
    return load_dataset("impact_map")


def _kept(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    kept = pd.Series(1.0, index=frame.index)
    for column in columns:
        kept = kept * (1 - frame[column] / PERCENT)
    return kept


THREE = ("deadweight_pct", "displacement_pct", "attribution_pct")


def _impact_year1(columns: tuple[str, ...] = THREE) -> pd.Series:
    frame = _map()
    return frame["quantity"] * frame["proxy_value_eur"] * _kept(frame, columns)


def _o01() -> sroi.Outcome:
    row = _map().set_index("outcome_id")
    return sroi.outcomes(row.loc[[O01]])[0]


def _o01_value(rate: float, drop_off: bool = True, first_year_discounted: bool = True,
               years: int | None = None) -> float:
    outcome = _o01()
    first = sroi.first_year_impact(outcome)
    total = 0.0
    for year in range(outcome.duration_years if years is None else years):
        value = first * (1 - outcome.drop_off_pct / PERCENT) ** year if drop_off else first
        total += value / (1 + rate) ** (year + 1 if first_year_discounted else year)
    return total


def _terms() -> dict[str, Any]:
    return sroi.analysis_terms()


def _rate() -> float:
    return float(_terms()["discount_rate"])


def _inputs() -> float:
    return float(_terms()["inputs_eur"])


def _pv(rate: float | None = None) -> float:
    return sroi.total_present_value(_map(), _rate() if rate is None else rate)


def _ratio_shifted(shifts: dict[str, float]) -> float:
    frame = _map()
    for column, points in shifts.items():
        frame = sroi.shifted(frame, column, points)
    return sroi.sroi_ratio(frame, _inputs(), _rate())


def _practices() -> pd.DataFrame:
    return load_dataset("good_practices")


def _by_evidence(column: str, stat: str) -> pd.Series:
    return _practices().groupby("evidence", observed=True)[column].agg(stat)


def _replicated_pct(by: str = "evidence", column: str = "replicated",
                    scale: float = PERCENT) -> pd.Series:
    frame = _practices()
    return frame.groupby(by, observed=True)[column].mean().astype(float) * scale


# --- section 1: before and after is not impact ----------------------------------------------

pilot_by_period = TableProblem(
    expected=lambda: _mean_by_period(True),
    check_dtype=False,
    hints=(
        N_("Copy the worked example for the districts without the pilot, and change one "
           "thing: keep the rows where pilot is True."),
        N_("panel[panel[\"pilot\"] == True], then .groupby(\"post\")[\"supported_pct\"]"
           ".mean()."),
    ),
    mistakes=(
        Mistake(lambda: _mean_by_period(False), N_(
            "These are the 20 districts without the pilot, as in the worked example. Keep "
            "the rows where pilot is True."),
            code='panel[panel["pilot"] == False].groupby("post")["supported_pct"].mean()'),
        Mistake(lambda: _mean_by_period(None), N_(
            "You used all 30 districts. Keep only the 10 pilot districts first."),
            code='panel.groupby("post")["supported_pct"].mean()'),
        Mistake(lambda: _mean_by_period(True, "median"), N_(
            "That is the median. As in the worked example, take the mean with .mean()."),
            code='panel[panel["pilot"] == True].groupby("post")["supported_pct"].median()'),
        Mistake(lambda: _mean_by_period(True, column="supported_within_7_days"), N_(
            "You averaged the number of people supported, which depends on the size of each "
            "district. Use the share, supported_pct."),
            code=('panel[panel["pilot"] == True].groupby("post")["supported_within_7_days"]'
                  '.mean()')),
    ),
)

counterfactual_reading = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("The 6.5 points are everything that changed in the pilot districts, the "
                "pilot and everything else together. The other districts rose too, without "
                "the pilot."),
        "c": N_("Starting lower does not make the pilot harmful. It means the two groups "
                "cannot be compared at one moment; their changes can."),
        "d": N_("A big change is not proof: the question is how much of it would have "
                "happened anyway. No threshold of points answers that."),
    },
    hints=(
        N_("Look at the worked example: what happened in the districts without the pilot, "
           "over the same quarters?"),
        N_("Impact is the difference between what happened and what would have happened "
           "without the pilot. Which option asks for that?"),
    ),
)


# --- section 2: difference in differences, by hand ------------------------------------------

four_means = TableProblem(
    expected=_means,
    check_dtype=False,
    hints=(
        N_("The worked example groups by one column. Give .groupby( ) a list of two "
           "columns instead: [\"pilot\", \"post\"]."),
        N_("panel.groupby([\"pilot\", \"post\"])[\"supported_pct\"].mean()"),
    ),
    mistakes=(
        Mistake(lambda: _panel().groupby("pilot")["supported_pct"].mean(), N_(
            "You grouped by pilot only: 2 means. Group by pilot and by post together, a "
            "list of two columns, for 4 means."),
            code='panel.groupby("pilot")["supported_pct"].mean()'),
        Mistake(lambda: _means("median"), N_(
            "Those are medians. The difference in differences compares means: use .mean()."),
            code='panel.groupby(["pilot", "post"])["supported_pct"].median()'),
        Mistake(lambda: _panel().groupby(["pilot", "post"])["supported_within_7_days"].mean(),
                N_("You averaged the number of people supported, which depends on the size "
                   "of each district. Use the share, supported_pct."),
                code='panel.groupby(["pilot", "post"])["supported_within_7_days"].mean()'),
    ),
    right=(
        'panel.groupby(["pilot", "post"]).mean(numeric_only=True)["supported_pct"]',
    ),
)

did_estimate = ValueProblem(
    expected=_did,
    hints=(
        N_("First the change in the pilot districts (after minus before), then the same "
           "change in the other districts; subtract the second from the first."),
        N_("means.loc[True, True] - means.loc[True, False] is the change in the pilot "
           "districts. Write the same for False, and subtract it."),
        N_("(means.loc[True, True] - means.loc[True, False]) - (means.loc[False, True] - "
           "means.loc[False, False])"),
    ),
    mistakes=(
        Mistake(lambda: _change(True), N_(
            "That is the change in the pilot districts alone: before and after again. "
            "Subtract the change in the other districts."),
            code="means.loc[True, True] - means.loc[True, False]"),
        Mistake(lambda: -_did(), N_(
            "Your sign is the wrong way round: subtract the other districts' change from the "
            "pilot districts' change, not the reverse."),
            code=("(means.loc[False, True] - means.loc[False, False]) - "
                  "(means.loc[True, True] - means.loc[True, False])")),
        Mistake(lambda: _cell(True, True) - _cell(False, True), N_(
            "That compares the two groups after the start only. They started at different "
            "levels: compare their changes."),
            code="means.loc[True, True] - means.loc[False, True]"),
        Mistake(lambda: _change(True) + _change(False), N_(
            "You added the two changes. Subtract the other districts' change: it is what "
            "would have happened anyway."),
            code=("(means.loc[True, True] - means.loc[True, False]) + "
                  "(means.loc[False, True] - means.loc[False, False])")),
    ),
)


# --- section 3: parallel trends ---------------------------------------------------------------

def _gap_before() -> float:
    return -(_cell(True, False) - _cell(False, False))


gap_before_estimate = RangeProblem(
    low=lambda: _gap_before() * (1 - READING_TOLERANCE),
    high=lambda: _gap_before() * (1 + READING_TOLERANCE),
    hints=(
        N_("Look at the six quarters left of the dotted line: how far below the upper line "
           "is the lower one, about?"),
        N_("The table gap shows the same distance quarter by quarter: a rounded reading is "
           "fine, as a positive number of points."),
    ),
    mistakes=(
        Mistake(lambda: -(_cell(True, True) - _cell(False, True)), N_(
            "That is the gap after the pilot started, right of the dotted line. The question "
            "asks about the quarters before it."),
            code="1.6"),
        Mistake(_did, N_(
            "That is the difference in differences: how much the gap closed. The question "
            "asks how wide the gap was before the pilot."),
            code="4.3"),
    ),
    tries=(
        Try("-6", N_("Your estimate is too low: look again at the figures above.")),
    ),
)

trend_threat = ChoiceProblem(
    correct=frozenset({"a", "c"}),
    explanations={
        "b": N_("Different starting levels are what the method handles: it compares "
                "changes, not levels. Only different trends break it."),
        "d": N_("Seasons that affect every district alike move both lines together: the "
                "difference in differences removes them."),
    },
    hints=(
        N_("The method assumes that, without the pilot, the two groups would have moved in "
           "parallel. Which events would move one group and not the other?"),
        N_("More than one option is right. Think of what else happened only in the pilot "
           "districts, and of how they were chosen."),
    ),
    tries=(
        Try('"a"', N_("Part of the answer: more than one option is right.")),
    ),
)


# --- section 4: the same as a regression, and how sure we can be ---------------------------

did_se = ValueProblem(
    expected=_clustered_se,
    rel_tol=1e-4,
    hints=(
        N_("Copy the worked example's line and add, inside .fit( ), the two settings given "
           "above: cov_type=\"cluster\" and cov_kwds={\"groups\": panel[\"district_id\"]}."),
        N_("Then keep only the standard error of the pilot's effect: .bse[\"treated:post\"]."),
    ),
    mistakes=(
        Mistake(lambda: float(_fit().bse[INTERACTION]), N_(
            "That is the plain regression's standard error, which treats the 360 rows as "
            "independent. Cluster the errors by district."),
            code='smf.ols("supported_pct ~ treated * post", data=panel).fit().bse["treated:post"]'),
        Mistake(lambda: float(_fit(cov_type="HC1").bse[INTERACTION]), N_(
            "HC1 protects against unequal spread, not against the rows of one district being "
            "alike. Use cov_type=\"cluster\" with the districts as groups."),
            code=('smf.ols("supported_pct ~ treated * post", data=panel)'
                  '.fit(cov_type="HC1").bse["treated:post"]')),
        Mistake(lambda: _clustered_se("quarter"), N_(
            "You clustered by quarter. The pilot was given to districts, and a district's "
            "quarters are alike: cluster by district_id."),
            code=('smf.ols("supported_pct ~ treated * post", data=panel).fit('
                  'cov_type="cluster", cov_kwds={"groups": panel["quarter"].astype(str)})'
                  '.bse["treated:post"]')),
    ),
    right=(
        ('smf.ols("supported_pct ~ post * treated", data=panel).fit(cov_type="cluster", '
         'cov_kwds={"groups": panel["district_id"]}).bse["post:treated"]'),
    ),
)

extra_people = ValueProblem(
    expected=lambda: _did() / PERCENT * _pilot_discharges_after(),
    rel_tol=1e-4,
    hints=(
        N_("The effect is in percentage points: 4 points means 4 discharges in every 100. "
           "Divide it by 100 and multiply by the discharges it applies to."),
        N_("It applies to the discharges of the pilot districts from 2023-Q3: "
           "pilot_after[\"discharges_65_plus\"].sum()."),
        N_("did_estimate / 100 * pilot_after[\"discharges_65_plus\"].sum()"),
    ),
    mistakes=(
        Mistake(lambda: _did() * _pilot_discharges_after(), N_(
            "Your number is 100 times too large: the effect is in percentage points. Divide "
            "it by 100 first."),
            code='did_estimate * pilot_after["discharges_65_plus"].sum()'),
        Mistake(lambda: _change(True) / PERCENT * _pilot_discharges_after(), N_(
            "You used the before-and-after change, which includes what would have happened "
            "anyway. Use the difference in differences, did_estimate."),
            code=('(means.loc[True, True] - means.loc[True, False]) / 100 '
                  '* pilot_after["discharges_65_plus"].sum()')),
        Mistake(lambda: _did() / PERCENT * _pilot_discharges_after(None, True), N_(
            "You counted the discharges of all 30 districts. The effect applies only where "
            "the pilot ran: the 10 pilot districts."),
            code='did_estimate / 100 * panel[panel["post"] == 1]["discharges_65_plus"].sum()'),
        Mistake(lambda: _did() / PERCENT * _pilot_discharges_after(True, None), N_(
            "You counted the pilot districts' discharges before the start too. The pilot ran "
            "from 2023-Q3: use pilot_after."),
            code=('did_estimate / 100 * '
                  'panel[panel["treated"] == 1]["discharges_65_plus"].sum()')),
    ),
)

how_sure = ChoiceProblem(
    correct=frozenset({"c"}),
    explanations={
        "a": N_("4.27 is the best single estimate, not an exact fact: the interval says how "
                "far the truth may be from it."),
        "b": N_("The plain regression's interval pretends that the 360 rows are 360 separate "
                "facts. They are 30 districts seen 12 times: report the clustered one."),
        "d": N_("The interval is about the average effect across the pilot districts, not "
                "about how many districts improved, nor about single people."),
    },
    hints=(
        N_("What does a confidence interval describe: single districts, or the average "
           "effect?"),
        N_("How many districts, and how many of them in the pilot, stand behind the "
           "estimate? What does the interval assume?"),
    ),
)


# --- section 5: an SROI impact map, by hand ---------------------------------------------------

impact_year1 = TableProblem(
    expected=_impact_year1,
    check_dtype=False,
    hints=(
        N_("The worked example did it for one row, O01. Write the same with the whole "
           "columns of impact_map: impact_map[\"quantity\"] instead of o01[\"quantity\"]."),
        N_("Multiply quantity by proxy_value_eur, then by (1 - deadweight_pct / 100), by "
           "(1 - displacement_pct / 100) and by (1 - attribution_pct / 100)."),
    ),
    mistakes=(
        Mistake(lambda: _impact_year1(()), N_(
            "That is the value before the adjustments. Take off what would have happened "
            "anyway, what was displaced and what is due to others."),
            code='impact_map["quantity"] * impact_map["proxy_value_eur"]'),
        Mistake(lambda: _impact_year1(("deadweight_pct", "attribution_pct")), N_(
            "You left out the displacement. Apply all three adjustments."),
            code=('impact_map["quantity"] * impact_map["proxy_value_eur"] '
                  '* (1 - impact_map["deadweight_pct"] / 100) '
                  '* (1 - impact_map["attribution_pct"] / 100)')),
        Mistake(lambda: _impact_year1(("deadweight_pct", "displacement_pct")), N_(
            "You left out the attribution. Apply all three adjustments."),
            code=('impact_map["quantity"] * impact_map["proxy_value_eur"] '
                  '* (1 - impact_map["deadweight_pct"] / 100) '
                  '* (1 - impact_map["displacement_pct"] / 100)')),
        Mistake(lambda: _map()["quantity"] * _map()["proxy_value_eur"]
                * _map()["deadweight_pct"] / PERCENT * _map()["displacement_pct"] / PERCENT
                * _map()["attribution_pct"] / PERCENT, N_(
            "You kept the part that would have happened anyway, not the part left: multiply "
            "by (1 - deadweight_pct / 100), and the same for the others."),
            code=('impact_map["quantity"] * impact_map["proxy_value_eur"] '
                  '* impact_map["deadweight_pct"] / 100 '
                  '* impact_map["displacement_pct"] / 100 '
                  '* impact_map["attribution_pct"] / 100')),
    ),
)


# --- section 6: present value and the SROI ratio ----------------------------------------------

pv_o01 = ValueProblem(
    expected=lambda: _o01_value(_rate()),
    rel_tol=1e-4,
    hints=(
        N_("O01 lasts 2 years. Year 1 is o01_year1; year 2 is o01_year1 times (1 - 0.5), "
           "the drop-off."),
        N_("Discount year 1 by 1.035 and year 2 by 1.035 ** 2, as in the worked example, "
           "then add the two."),
        N_("o01_year1 / 1.035 + o01_year1 * (1 - 0.5) / 1.035 ** 2"),
    ),
    mistakes=(
        Mistake(lambda: _o01_value(0.0), N_(
            "You added the two years without discounting them. A euro in two years is worth "
            "less than a euro today: divide by 1.035 and by 1.035 ** 2."),
            code="o01_year1 + o01_year1 * (1 - 0.5)"),
        Mistake(lambda: _o01_value(_rate(), drop_off=False), N_(
            "You forgot the drop-off: in the second year only half of the outcome remains."),
            code="o01_year1 / 1.035 + o01_year1 / 1.035 ** 2"),
        Mistake(lambda: _o01_value(_rate(), first_year_discounted=False), N_(
            "You left the first year undiscounted. Its value comes at the end of year 1: "
            "divide it by 1.035, and the second year by 1.035 ** 2."),
            code="o01_year1 + o01_year1 * (1 - 0.5) / 1.035"),
        Mistake(lambda: _o01_value(_rate(), years=1), N_(
            "That is the first year alone. O01 lasts 2 years: add the second one."),
            code="o01_year1 / 1.035"),
    ),
)

pilot_ratio = ValueProblem(
    expected=lambda: _pv() / _inputs(),
    rel_tol=1e-4,
    hints=(
        N_("The SROI ratio is the present value of all the outcomes divided by the inputs, "
           "what the pilot cost."),
        N_("total_pv / inputs"),
    ),
    mistakes=(
        Mistake(lambda: _inputs() / _pv(), N_(
            "Your division is upside down: the value created goes first, the cost second."),
            code="inputs / total_pv"),
        Mistake(lambda: (_pv() - _inputs()) / _inputs(), N_(
            "You took the cost off first: that is a net return. The SROI ratio is the "
            "present value divided by the inputs."),
            code="(total_pv - inputs) / inputs"),
        Mistake(lambda: _pv(0.0) / _inputs(), N_(
            "You did not discount the later years. Use total_pv, the present value at the "
            "stated rate."),
            code="total_present_value(impact_map, 0) / inputs"),
        Mistake(lambda: float(_impact_year1().sum()) / _inputs(), N_(
            "You counted only the first year, undiscounted. Use total_pv, the present value "
            "of every year."),
            code='impact_map["impact_year1"].sum() / inputs'),
    ),
)


# --- section 7: the ratio as a range -----------------------------------------------------------

ratio_low = ValueProblem(
    expected=lambda: _ratio_shifted({"deadweight_pct": SHIFT_POINTS,
                                     "attribution_pct": SHIFT_POINTS}),
    rel_tol=1e-4,
    hints=(
        N_("Start from harsher, the map with deadweight 25 points higher, and shift its "
           "attribution_pct by 25 points too."),
        N_("sroi_ratio(shifted(harsher, \"attribution_pct\", 25), inputs, rate)"),
    ),
    mistakes=(
        Mistake(lambda: _ratio_shifted({"deadweight_pct": SHIFT_POINTS}), N_(
            "That is the worked example: deadweight alone. Raise the attribution by 25 points "
            "as well."),
            code="sroi_ratio(harsher, inputs, rate)"),
        Mistake(lambda: _ratio_shifted({"attribution_pct": SHIFT_POINTS}), N_(
            "You raised the attribution only. Raise the deadweight by 25 points as well: "
            "start from harsher."),
            code='sroi_ratio(shifted(impact_map, "attribution_pct", 25), inputs, rate)'),
        Mistake(lambda: _ratio_shifted({"deadweight_pct": SHIFT_POINTS,
                                        "attribution_pct": -SHIFT_POINTS}), N_(
            "You lowered the attribution: that makes the ratio higher. For the low end, "
            "raise both adjustments by 25 points."),
            code='sroi_ratio(shifted(harsher, "attribution_pct", -25), inputs, rate)'),
        Mistake(lambda: _ratio_shifted({"deadweight_pct": SHIFT_POINTS,
                                        "attribution_pct": SHIFT_POINTS / PERCENT}), N_(
            "The adjustments are in percent: 25 points is 25, not 0.25."),
            code='sroi_ratio(shifted(harsher, "attribution_pct", 0.25), inputs, rate)'),
    ),
)

ratio_claim = ChoiceProblem(
    correct=frozenset({"c"}),
    explanations={
        "a": N_("One figure hides how much it depends on guesses about deadweight and "
                "attribution: that over-claims. Give the range and the assumptions."),
        "b": N_("Ratios from other studies rest on other proxies, adjustments and rates: "
                "without their assumptions they cannot be compared with ours."),
        "d": N_("Social value is not cash for the budget: much of it goes to older people, "
                "families and volunteers. And at the low end the ratio is close to 1."),
    },
    hints=(
        N_("Which sentence says how sure we are, and on which assumptions the figure rests?"),
        N_("Recall the principle \"do not over-claim\" and the range you have just "
           "computed."),
    ),
)


# --- section 8: does a good practice travel? --------------------------------------------------

median_effect_by_evidence = TableProblem(
    expected=lambda: _by_evidence("effect_pct", "median"),
    check_dtype=False,
    hints=(
        N_("The worked example takes the median of people_reached by kind of evidence. "
           "Change the column."),
        N_("practices.groupby(\"evidence\")[\"effect_pct\"].median()"),
    ),
    mistakes=(
        Mistake(lambda: _by_evidence("effect_pct", "mean"), N_(
            "Those are means: a few very large claims pull them up. Take the median."),
            code='practices.groupby("evidence")["effect_pct"].mean()'),
        Mistake(lambda: _by_evidence("people_reached", "median"), N_(
            "That is the worked example: people reached. Here we want the effect the "
            "evaluations claim, effect_pct."),
            code='practices.groupby("evidence")["people_reached"].median()'),
        Mistake(lambda: _practices().groupby("region", observed=True)["effect_pct"].median(),
                N_("You grouped by region. Group by the kind of evidence."),
                code='practices.groupby("region")["effect_pct"].median()'),
    ),
    right=(
        'practices.groupby("evidence", observed=True)["effect_pct"].median()',
    ),
)

replicated_pct_by_evidence = TableProblem(
    expected=_replicated_pct,
    check_dtype=False,
    hints=(
        N_("The mean of a True/False column is the share of True. Group by evidence and "
           "take the mean of replicated."),
        N_("Multiply the shares by 100 for percentages: "
           "practices.groupby(\"evidence\")[\"replicated\"].mean() * 100"),
    ),
    mistakes=(
        Mistake(lambda: _replicated_pct(scale=1), N_(
            "Your values look 100 times too small: those are shares. Multiply by 100 for "
            "percentages."),
            code='practices.groupby("evidence")["replicated"].mean()'),
        Mistake(lambda: _replicated_pct(by="region"), N_(
            "You grouped by region, as the worked example did. Group by the kind of "
            "evidence."),
            code='practices.groupby("region")["replicated"].mean() * 100'),
        Mistake(lambda: _replicated_pct(column="still_active"), N_(
            "You used still_active: whether a practice still runs. Use replicated."),
            code='practices.groupby("evidence")["still_active"].mean() * 100'),
        Mistake(lambda: _practices().groupby("evidence", observed=True)["replicated"].sum()
                .astype(float), N_(
            "Those are counts of replicated practices. Some kinds of evidence are rare: "
            "compare percentages, with .mean() * 100."),
            code='practices.groupby("evidence")["replicated"].sum()'),
    ),
)

transfer_steps = OrderProblem(
    order=("b", "d", "a", "c"),
    hints=(
        N_("Before you think about your district, what must you know about the practice "
           "itself?"),
        N_("You cannot decide what to adapt before you have compared the two contexts, "
           "and you measure last what you have decided to try."),
    ),
    mistakes=(
        Mistake(lambda: ["d", "b", "a", "c"], N_(
            "Comparing contexts is worth the effort only for a practice whose effect is "
            "shown: check the evidence first."),
            code='"d", "b", "a", "c",'),
        Mistake(lambda: ["b", "a", "d", "c"], N_(
            "You decided what to keep and what to change before comparing the two contexts: "
            "compare them first."),
            code='"b", "a", "d", "c",'),
    ),
    tries=(
        Try('"c", "b", "d", "a",', N_("Think again about which step comes first.")),
    ),
)


bind(__name__, globals())
