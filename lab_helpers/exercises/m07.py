"""Module 07, impact bonds: the exercises of the notebook, checked from the finance data.

Every expected value (and every plausible wrong one) is computed here from
``load_dataset("impact_bonds_market")``, ``load_dataset("impact_bond_cohort")`` and the
contract's terms in the data package, never typed in, so a regenerated dataset cannot
drift from its checks. The money exercises are checked against
:mod:`lab_helpers.domain.impact_bond`, the functions the notebook itself calls. Messages
and hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/m07.po``.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy_financial as npf
import pandas as pd

from ..checks import (
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
from ..checks.problems import is_whole_number
from ..datasets import load_dataset
from ..domain.impact_bond import (
    QUARTERS_PER_YEAR,
    Contract,
    apply_cap,
    break_even_share,
    investor_flows,
    load_contract,
    outcomes_by_quarter,
    payments_by_quarter,
    quarterly_rate,
    run_scenario,
    value_per_person,
    with_threshold,
)
from ..i18n import N_

PERCENT = 100
# The module's assumptions (the notebook states them): a cap per person like the DWP
# Innovation Fund's 8,200 pounds in round 1 (INDIGO outcome pricings), a discount rate of
# 3% a year (the return planned for Torino's prison SIB design, Il Sole 24 Ore, 15 Apr
# 2017), and a threshold on staying out of prison a little above the counterfactual.
PERSON_CAP_EUR = 8000
DISCOUNT_PCT = 3.0
THRESHOLD = 0.35  # least share of participants with 12 months without a new conviction
LOW_SHARE = 0.8  # the scenario of exercise 14: 20% fewer outcomes than reached
BREAK_EVEN_READING = (0.035, 0.04)  # how far below and above break-even a reading may be


# --- reference code -------------------------------------------------------------------------

def _market() -> pd.DataFrame:
    return load_dataset("impact_bonds_market")


def _capital() -> pd.Series:
    return _market()["capital_raised_usd"]


def _cohort() -> pd.DataFrame:
    return load_dataset("impact_bond_cohort")


def _contract(threshold: float | None = None) -> Contract:
    return with_threshold(load_contract(), threshold)


def _outcomes() -> pd.DataFrame:
    return outcomes_by_quarter(_cohort(), load_contract().quarters)


def _payments(prices: dict[str, float] | None = None) -> pd.Series:
    return payments_by_quarter(_outcomes(), prices or load_contract().prices)


def _running() -> pd.Series:
    return _payments().cumsum()


def _at_cap() -> pd.Series:
    return _running()[_running() >= load_contract().cap]


def _capped() -> pd.Series:
    return apply_cap(_payments(), load_contract().cap)


def _flows(payments: pd.Series | None = None) -> np.ndarray:
    return investor_flows(load_contract().capital, _capped() if payments is None else payments)


def _annual(quarterly: float) -> float:
    return ((1 + quarterly) ** QUARTERS_PER_YEAR - 1) * PERCENT


def _worth() -> pd.Series:
    return value_per_person(_cohort(), load_contract().prices)


def _scenario_irr(share: float, threshold: float | None = THRESHOLD) -> float:
    return run_scenario(_contract(threshold), _outcomes(), share).irr_pct


@cache  # a bisection over the scenarios: the data do not change while a kernel runs
def _break_even() -> float:
    return break_even_share(_contract(THRESHOLD), _outcomes())


def _threshold_cliff() -> float:
    """The outcome share below which the threshold stops the reoffending payments."""
    return THRESHOLD * load_contract().participants / float(_outcomes()["no_reoffending"].sum())


def _anyway(share_not_reoffending: float | None = None) -> float:
    """What the contract pays for people who would not have reoffended without it."""
    contract = load_contract()
    share = (1 - contract.baseline_reoffending if share_not_reoffending is None
             else share_not_reoffending)
    return share * contract.participants * contract.prices["no_reoffending"]


# --- section 1: what an impact bond is ------------------------------------------------------

bond_definition = ChoiceProblem(
    correct=frozenset({"c"}),
    explanations={
        "a": N_("A grant is paid whatever the results, and nobody is repaid: there is no "
                "payment for outcomes and no investor."),
        "b": N_("Paying for each hour delivered is a fee for service: the comune pays for "
                "activity, not for outcomes, and carries all the risk."),
        "d": N_("The bank is repaid with interest whatever happens to the users: a loan, "
                "not finance whose repayment depends on outcomes."),
        "e": N_("That is payment by results, an outcomes contract, but without up-front "
                "money from a third party: INDIGO does not count it as an impact bond."),
    },
    hints=(
        N_("INDIGO's definition has two parts: payment for outcomes, and up-front money from "
           "a third party whose repayment depends, at least partly, on those outcomes."),
        N_("For each option ask: is something paid only if an outcome is reached? And did "
           "someone other than the provider put up the money first, at a risk?"),
    ),
)

bond_steps = OrderProblem(
    order=("a", "b", "c", "d", "e", "f"),
    hints=(
        N_("Nobody puts money in before knowing what will be paid for, and at what price."),
        N_("Money is paid only for outcomes that someone independent has checked."),
    ),
    mistakes=(
        Mistake(lambda: ["b", "a", "c", "d", "e", "f"], N_(
            "Investors commit their money only once the outcomes, prices and cap are agreed: "
            "the rate card comes first."),
            code='["b", "a", "c", "d", "e", "f"]'),
        Mistake(lambda: ["a", "b", "c", "e", "d", "f"], N_(
            "The commissioner pays only for outcomes that have been verified: verification "
            "comes before payment."),
            code='["a", "b", "c", "e", "d", "f"]'),
    ),
)


# --- section 2: the market in figures -------------------------------------------------------

bonds_by_sector = TableProblem(
    expected=lambda: _market()["sector"].value_counts(),
    hints=(
        N_("The worked example counted the bonds of each country. Do the same with the "
           "column of the policy sector."),
        N_("market[\"sector\"].value_counts() counts the rows of each sector, largest first."),
    ),
    mistakes=(
        Mistake(lambda: _market()["sector"].value_counts(normalize=True), N_(
            "Those are shares of all bonds, not counts. Count the bonds: value_counts() "
            "without normalize=True."),
            code='market["sector"].value_counts(normalize=True)'),
        Mistake(lambda: _market().groupby("sector")["capital_raised_usd"].count(), N_(
            "count() on a column skips the bonds that leave it empty: you counted only the "
            "bonds that report their capital. Count every bond with value_counts()."),
            code='market.groupby("sector")["capital_raised_usd"].count()'),
    ),
    right=('market.groupby("sector").size().sort_values(ascending=False)',),
)


# --- section 3: medians, not means ----------------------------------------------------------

median_capital = ValueProblem(
    expected=lambda: float(_capital().median()),
    hints=(
        N_("The worked example took the mean of capital. The median is the middle bond: half "
           "raised less, half more."),
        N_("Use capital.median(): it skips the bonds that report no capital."),
    ),
    mistakes=(
        Mistake(lambda: float(_capital().mean()), N_(
            "That is the mean: a few very large bonds pull it up. Here we want the median, "
            ".median()."),
            code="capital.mean()"),
        Mistake(lambda: float(_capital().fillna(0).median()), N_(
            "You counted the bonds that report no capital as if they had raised nothing. A "
            "missing figure is unknown, not zero: take the median of the reported values."),
            code="capital.fillna(0).median()"),
        Mistake(lambda: float(_market()["max_outcome_payment_usd"].median()), N_(
            "That is the maximum outcome payment, the contract's cap. Capital raised is in "
            "capital_raised_usd."),
            code='market["max_outcome_payment_usd"].median()'),
    ),
    right=("capital.dropna().median()",),
)

share_below_mean_pct = ValueProblem(
    expected=lambda: float((_capital().dropna() < _capital().dropna().mean()).mean()
                           * PERCENT),
    hints=(
        N_("reported holds only the bonds that report their capital. Compare it with its "
           "mean: reported < reported.mean() is True for each bond below the mean."),
        N_("The mean of a column of True and False is the share of True. Multiply by 100 for "
           "a percentage."),
        N_("(reported < reported.mean()).mean() * 100"),
    ),
    mistakes=(
        Mistake(lambda: float((_capital() < _capital().mean()).mean() * PERCENT), N_(
            "You divided by all the bonds, including those that report no capital (a missing "
            "value compares as False). Use reported, the bonds with a figure."),
            code="(capital < capital.mean()).mean() * 100"),
        Mistake(lambda: float((_capital().dropna() < _capital().dropna().mean()).mean()), N_(
            "Your value looks 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code="(reported < reported.mean()).mean()"),
        Mistake(lambda: float((_capital().dropna() < _capital().dropna().median()).mean()
                              * PERCENT), N_(
            "You compared with the median: by definition about half the bonds lie below it. "
            "Compare with the mean."),
            code="(reported < reported.median()).mean() * 100"),
    ),
    right=("(reported < reported.mean()).sum() / len(reported) * 100",),
)

median_price_by_sector = TableProblem(
    expected=lambda: _market().groupby("sector")["price_per_outcome_usd"].median(),
    hints=(
        N_("groupby(\"sector\") puts together the bonds of each sector; then pick the column "
           "of the price per outcome."),
        N_("market.groupby(\"sector\")[\"price_per_outcome_usd\"] then .median()."),
    ),
    mistakes=(
        Mistake(lambda: _market().groupby("sector")["price_per_outcome_usd"].mean(), N_(
            "These are means: a few high prices pull them up. Take the median, .median()."),
            code='market.groupby("sector")["price_per_outcome_usd"].mean()'),
        Mistake(lambda: _market().groupby("sector")["price_per_outcome_usd"].count(), N_(
            "These are the numbers of bonds with a price in each sector, not the prices. "
            "Take the median, .median()."),
            code='market.groupby("sector")["price_per_outcome_usd"].count()'),
        Mistake(lambda: _market().groupby("sector")["capital_raised_usd"].median(), N_(
            "That is the capital raised. The price paid per outcome is in "
            "price_per_outcome_usd."),
            code='market.groupby("sector")["capital_raised_usd"].median()'),
    ),
)


# --- section 4: a rate card -----------------------------------------------------------------

sustained_by_quarter = TableProblem(
    expected=lambda: _cohort()["job_sustained_quarter"].value_counts().sort_index(),
    hints=(
        N_("Start from the worked example for job starts: the same two steps, on the column "
           "of six months in work."),
        N_("cohort[\"job_sustained_quarter\"].value_counts() counts the outcomes of each "
           "quarter; .sort_index() puts the quarters in order."),
    ),
    mistakes=(
        Mistake(lambda: _cohort()["job_start_quarter"].value_counts().sort_index(), N_(
            "Those are the job starts, the worked example. Here we want six months in work: "
            "job_sustained_quarter."),
            code='cohort["job_start_quarter"].value_counts().sort_index()'),
        Mistake(lambda: _cohort()["job_sustained_quarter"].value_counts(), N_(
            "The counts are right, but the quarters are in the order of their counts. Add "
            ".sort_index() to put them in time order."),
            code='cohort["job_sustained_quarter"].value_counts()'),
    ),
    right=('cohort.groupby("job_sustained_quarter").size()',),
)

quarterly_payments = TableProblem(
    expected=_payments,
    hints=(
        N_("The worked example priced the job starts. Add the same for the other two "
           "outcomes, each with its own price."),
        N_("outcomes[\"job_start\"] * prices[\"job_start\"] + outcomes[\"job_sustained\"] * "
           "prices[\"job_sustained\"] + ... for no_reoffending."),
    ),
    mistakes=(
        Mistake(lambda: _outcomes().sum(axis=1), N_(
            "These are the outcomes of each quarter, not their value: multiply each outcome "
            "by its own price."),
            code="outcomes.sum(axis=1)"),
        Mistake(lambda: _payments({k: v for k, v in load_contract().prices.items()
                                   if k != "no_reoffending"}), N_(
            "One outcome is missing: the contract also pays for 12 months without a new "
            "conviction (no_reoffending)."),
            code=('outcomes["job_start"] * prices["job_start"] + outcomes["job_sustained"] * '
                  'prices["job_sustained"]')),
        Mistake(lambda: _payments({"job_start": load_contract().prices["job_sustained"],
                                   "job_sustained": load_contract().prices["job_start"],
                                   "no_reoffending": load_contract().prices["no_reoffending"]}),
                N_("Two prices are swapped: a job start is paid less than six months in "
                   "work. Check that each outcome has its own price."),
            code=('outcomes["job_start"] * prices["job_sustained"] + outcomes["job_sustained"] '
                  '* prices["job_start"] + outcomes["no_reoffending"] * '
                  'prices["no_reoffending"]')),
    ),
    right=("payments_by_quarter(outcomes, prices)",
           "(outcomes * pd.Series(prices)).sum(axis=1)"),
)


# --- section 5: caps ------------------------------------------------------------------------

cap_quarter = ValueProblem(
    expected=lambda: int(_at_cap().index[0]),
    hints=(
        N_("at_cap holds the quarters whose running total has reached the cap, in time "
           "order. You want the first of them."),
        N_("The quarters are the index of at_cap: at_cap.index[0] is the first."),
    ),
    mistakes=(
        Mistake(lambda: int(_at_cap().index[-1]), N_(
            "That is the last quarter of the contract. We want the first quarter in which the "
            "running total reaches the cap."),
            code="at_cap.index[-1]"),
        Mistake(lambda: int(_running()[_running() < load_contract().cap].index[-1]), N_(
            "That is the last quarter still below the cap. We want the first one that reaches "
            "it."),
            code="running[running < cap].index[-1]"),
        Mistake(lambda: int(_payments().idxmax()), N_(
            "That is the quarter of the largest payment. The cap is about the running total: "
            "use at_cap."),
            code="quarterly_payments.idxmax()"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("A quarter is a whole number: 1 to 12."),
                   code="float(at_cap.index[0])"),
    ),
    right=("int(at_cap.index.min())",),
)

person_capped_total = ValueProblem(
    expected=lambda: float(_worth().clip(upper=PERSON_CAP_EUR).sum()),
    hints=(
        N_("First limit each person's worth to the cap, then add up: .clip(upper=...) cuts "
           "the values above a limit down to it."),
        N_("worth.clip(upper=person_cap) keeps every value up to person_cap and cuts the "
           "larger ones down to it. Then .sum()."),
    ),
    mistakes=(
        Mistake(lambda: float(_worth().sum()), N_(
            "That is the total without the cap per person. Cut each person's worth at "
            "person_cap first, with .clip(upper=person_cap)."),
            code="worth.sum()"),
        Mistake(lambda: float(_worth()[_worth() <= PERSON_CAP_EUR].sum()), N_(
            "You left out the people worth more than the cap. They are still paid, up to the "
            "cap: clip their worth, do not drop them."),
            code="worth[worth <= person_cap].sum()"),
        Mistake(lambda: float(_worth().clip(lower=PERSON_CAP_EUR).sum()), N_(
            "clip(lower=...) raises the small values to the cap. A cap is an upper limit: "
            "clip(upper=person_cap)."),
            code="worth.clip(lower=person_cap).sum()"),
        Mistake(lambda: float(len(_worth()) * PERSON_CAP_EUR), N_(
            "That pays every participant the cap, whatever they reached. Cut each person's "
            "own worth at the cap, then add up."),
            code="len(worth) * person_cap"),
    ),
    right=("worth.clip(0, person_cap).sum()",),
)


# --- section 6: cash flows, NPV and IRR -----------------------------------------------------

npv_3pct = ValueProblem(
    expected=lambda: float(npf.npv(quarterly_rate(DISCOUNT_PCT), _flows())),
    hints=(
        N_("The worked example computed the NPV at 0%. Change only the rate: rate, the "
           "quarterly rate equal to 3% a year."),
        N_("npf.npv(rate, flows): the rate first, then the flows, the capital included."),
    ),
    mistakes=(
        Mistake(lambda: float(npf.npv(DISCOUNT_PCT / PERCENT, _flows())), N_(
            "You used 3% for each quarter: that is about 12.6% a year. The flows are "
            "quarterly: use rate, the quarterly rate."),
            code="npf.npv(0.03, flows)"),
        Mistake(lambda: float(npf.npv(quarterly_rate(DISCOUNT_PCT), _flows())
                              / (1 + quarterly_rate(DISCOUNT_PCT))), N_(
            "You discounted the first flow too, as a spreadsheet's NPV does. The capital is "
            "paid today, at time 0: it is not discounted. Use npf.npv(rate, flows)."),
            code="sum(f / (1 + rate) ** (t + 1) for t, f in enumerate(flows))"),
        Mistake(lambda: float(npf.npv(quarterly_rate(DISCOUNT_PCT), _flows()[1:])), N_(
            "You left out the capital, the first flow. The NPV weighs what investors get "
            "against what they put in: use all of flows."),
            code="npf.npv(rate, flows[1:])"),
    ),
    right=("sum(f / (1 + rate) ** t for t, f in enumerate(flows))",),
)

irr_year_pct = ValueProblem(
    expected=lambda: _annual(float(npf.irr(_flows()))),
    hints=(
        N_("npf.irr(flows) gives the rate for one quarter, as a share. Turn it into a rate "
           "a year: the reverse of quarterly_rate(3), which turns a yearly rate into a "
           "quarterly one."),
        N_("A quarterly rate q compounds to (1 + q) ** 4 - 1 a year. Multiply by 100 for a "
           "percentage."),
        N_("((1 + npf.irr(flows)) ** 4 - 1) * 100"),
    ),
    mistakes=(
        Mistake(lambda: float(npf.irr(_flows())) * PERCENT, N_(
            "That is the rate for one quarter. Turn it into a rate a year: (1 + q) ** 4 - 1."),
            code="npf.irr(flows) * 100"),
        Mistake(lambda: float(npf.irr(_flows())) * QUARTERS_PER_YEAR * PERCENT, N_(
            "Close: multiplying by 4 forgets that each quarter earns on the previous ones. "
            "Compound it: (1 + q) ** 4 - 1."),
            code="npf.irr(flows) * 4 * 100"),
        Mistake(lambda: _annual(float(npf.irr(_flows()))) / PERCENT, N_(
            "Your value looks 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code="(1 + npf.irr(flows)) ** 4 - 1"),
        Mistake(lambda: _annual(float(npf.irr(_flows(_payments())))), N_(
            "You used the payments before the cap. The commissioner pays at most the cap: "
            "use flows, built from the capped payments."),
            code=("((1 + npf.irr(investor_flows(contract.capital, quarterly_payments))) ** 4 "
                  "- 1) * 100")),
    ),
    right=("irr_pct(flows)",),
)

discount_reading = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("The investors get back more than they put in (look at the NPV at 0%). A "
                "negative NPV at 3% says they earned less than 3% a year, not that they lost "
                "money."),
        "c": N_("It is the other way round: the higher the discount rate, the less the later "
                "payments are worth today, so the lower the NPV."),
        "d": N_("There is no loan: the commissioner pays only for verified outcomes. The 2.8% "
                "is what the investors earned because outcomes were reached; with fewer, they "
                "would earn less or lose."),
    },
    hints=(
        N_("Compare the NPV at 0% with the NPV at 3%, and the IRR with 3%."),
        N_("The IRR is the discount rate at which the NPV is exactly zero. What happens to "
           "the NPV at a rate above the IRR?"),
    ),
)


# --- section 7: scenarios -------------------------------------------------------------------

irr_low = ValueProblem(
    expected=lambda: _scenario_irr(LOW_SHARE),
    hints=(
        N_("Copy the worked example's run_scenario( ) and change only the outcome share: 20% "
           "fewer outcomes is a share of 0.8."),
        N_("run_scenario(contract_threshold, outcomes, 0.8).irr_pct"),
    ),
    mistakes=(
        Mistake(lambda: _scenario_irr(LOW_SHARE, threshold=None), N_(
            "You used the contract without the threshold. Use contract_threshold, the one "
            "with the 35% threshold."),
            code="run_scenario(contract, outcomes, 0.8).irr_pct"),
        Mistake(lambda: _scenario_irr(2 - LOW_SHARE), N_(
            "That is 20% more outcomes. 20% fewer is a share of 0.8."),
            code="run_scenario(contract_threshold, outcomes, 1.2).irr_pct"),
        Mistake(lambda: _scenario_irr(1 - LOW_SHARE), N_(
            "A share of 0.2 keeps only a fifth of the outcomes. 20% fewer outcomes is a share "
            "of 0.8."),
            code="run_scenario(contract_threshold, outcomes, 0.2).irr_pct"),
    ),
)

break_even = RangeProblem(
    low=lambda: _break_even() - BREAK_EVEN_READING[0],
    high=lambda: _break_even() + BREAK_EVEN_READING[1],
    hints=(
        N_("Look at the column irr_pct of the table scenarios: where does it turn from "
           "negative to positive?"),
        N_("The investors lose money where the IRR is below 0 (and total_paid is below the "
           "capital). Write a share between the last row that loses and the first that "
           "does not."),
    ),
    mistakes=(
        Mistake(_threshold_cliff, N_(
            "That is where the threshold stops the payments for staying out of prison. Just "
            "above it the investors still lose money: look further down the table, at higher "
            "shares."),
            code="0.82"),
        Mistake(lambda: 1.0, N_(
            "With the outcomes the cohort reached (a share of 1.0) the investors already get "
            "their money back and a little more. Look further up the table, at lower shares."),
            code="1.0"),
    ),
    tries=(
        Try("90", N_("Your estimate is too high: look again at the figures above.")),
    ),
)

paid_anyway = ValueProblem(
    expected=_anyway,
    hints=(
        N_("Without the programme 70% would reoffend (the counterfactual), so 30% would not. "
           "How many participants is that, and what does the contract pay for each?"),
        N_("(1 - contract.baseline_reoffending) * contract.participants * "
           "prices[\"no_reoffending\"]"),
    ),
    mistakes=(
        Mistake(lambda: _anyway(load_contract().baseline_reoffending), N_(
            "You used the 70% who would reoffend. The outcomes reached anyway are those of "
            "the 30% who would not reoffend without the programme: 1 - baseline_reoffending."),
            code=('contract.baseline_reoffending * contract.participants * '
                  'prices["no_reoffending"]')),
        Mistake(lambda: float(_outcomes()["no_reoffending"].sum()
                              * load_contract().prices["no_reoffending"]), N_(
            "That is everything the contract pays for staying out of prison. Part of it "
            "pays for people who would have stayed out anyway: keep only that part."),
            code='outcomes["no_reoffending"].sum() * prices["no_reoffending"]'),
        Mistake(lambda: float(_outcomes()["no_reoffending"].sum()
                              * load_contract().prices["no_reoffending"]) - _anyway(), N_(
            "That is the part the programme caused, beyond the counterfactual. The question "
            "asks for the rest: what is paid for outcomes that would have happened anyway."),
            code=('outcomes["no_reoffending"].sum() * prices["no_reoffending"] - (1 - '
                  'contract.baseline_reoffending) * contract.participants * '
                  'prices["no_reoffending"]')),
    ),
    right=("(1 - 0.7) * 400 * 3500",),
)

fee_for_service_reading = ChoiceProblem(
    correct=frozenset({"a", "b"}),
    explanations={
        "c": N_("Paying only for results is not the same as paying less: when outcomes are "
                "reached, the bond costs more than paying the provider directly, and it pays "
                "for outcomes that would have happened anyway."),
        "d": N_("The cap stops the payments: above it, more outcomes bring the investors only "
                "a slightly earlier repayment. The gains are capped, the losses are not."),
    },
    hints=(
        N_("Compare the column bond_minus_fee of the table scenarios at a share of 1.0 and "
           "below break-even."),
        N_("More than one option is right. Look at what happens to total_paid above a "
           "share of 1.0."),
    ),
    tries=(
        Try('"a"', N_("Part of the answer: more than one option is right.")),
    ),
)


# --- section 8: risks beyond the numbers ----------------------------------------------------

cream_skimming = ChoiceProblem(
    correct=frozenset({"a", "b"}),
    explanations={
        "c": N_("Verified is not the same as caused: people who would have found work anyway "
                "are paid for too (deadweight), and those who need help most are left out."),
        "d": N_("A higher price makes the easy cases even more profitable. Some contracts "
                "pay more for harder cases instead, or fix who is referred."),
    },
    hints=(
        N_("Who gains and who is left out when a provider chooses whom to enrol?"),
        N_("More than one option is right: one names the problem, one a safeguard."),
    ),
    tries=(
        Try('"b"', N_("Part of the answer: more than one option is right.")),
    ),
)

measure_reading = ChoiceProblem(
    correct=frozenset({"a", "c"}),
    explanations={
        "b": N_("That is exactly what the measure records: a verified six months in work. The "
                "question is what it leaves out."),
        "d": N_("Twelve months without a new conviction is measured from the registers, "
                "not from what the provider says: the risk is elsewhere."),
    },
    hints=(
        N_("A measure sees what it counts and nothing else. What matters to the person that "
           "six months in work does not count?"),
        N_("More than one option is right. Think of the quality of the job and of the "
           "person's life outside work."),
    ),
    tries=(
        Try('"a"', N_("Part of the answer: more than one option is right.")),
    ),
)


bind(__name__, globals())
