"""Impact bonds (module 07): a rate card, caps, the investors' cash flows and scenarios.

An outcomes contract pays a price for each outcome verified (the rate card), up to a cap
for each person and for the whole contract. In an impact bond investors put up the capital
at the start (quarter 0) and are repaid from those payments, so their cash flows are the
capital, negative, then the payments. :func:`run_scenario` scales the outcomes up or down,
applies a threshold below which one outcome pays nothing, and says what the investors
earn and what the commissioner pays, beside paying the provider directly (fee for service).

Conventions (those of numpy-financial): the first cash flow is at time 0 and is not
discounted; the internal rate of return is NaN when the flows never change sign. Rates are
given and returned as percentages a year; the flows are quarterly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy_financial as npf
import pandas as pd

from ..datasets import datapackage
from ..i18n import _

COHORT = "impact_bond_cohort"
OUTCOMES = ("job_start", "job_sustained", "no_reoffending")  # the cohort's own outcomes
QUARTERS_PER_YEAR = 4
PERCENT = 100
MAX_SHARE = 10  # outcomes ten times those reached: beyond any plausible scenario


@dataclass(frozen=True)
class Contract:
    """The terms of an outcomes contract: capital, rate card, caps and an optional threshold.

    ``threshold`` is the least share (0 to 1) of participants who must reach
    ``threshold_outcome`` for that outcome to be paid at all; None means no threshold.
    """

    capital: float  # euro, drawn at quarter 0
    prices: Mapping[str, float]  # outcome -> euro per outcome verified
    cap: float  # euro, the most the commissioner pays over the whole contract
    quarters: int
    participants: int
    person_cap: float | None = None  # euro, the most paid for one person
    threshold: float | None = None
    threshold_outcome: str = "no_reoffending"
    baseline_reoffending: float | None = None  # share who reoffend without the programme


def load_contract() -> Contract:
    """The terms of the fictional contract of ``impact_bond_cohort`` (its data card)."""
    resource = next(r for r in datapackage()["resources"] if r["name"] == COHORT)
    terms = resource["contract"]
    return Contract(capital=float(terms["capital_eur"]),
                    prices={k: float(v) for k, v in terms["outcome_prices_eur"].items()},
                    cap=float(terms["cap_eur"]), quarters=int(terms["quarters"]),
                    participants=int(terms["participants"]),
                    baseline_reoffending=float(terms["baseline_reoffending_12_months"]))


def outcomes_by_quarter(cohort: pd.DataFrame, quarters: int) -> pd.DataFrame:
    """Outcomes verified in each quarter (rows 1 to ``quarters``), one column per outcome."""
    index = pd.RangeIndex(1, quarters + 1, name="quarter")
    return pd.DataFrame({
        outcome: cohort[f"{outcome}_quarter"].value_counts().reindex(index, fill_value=0)
        for outcome in OUTCOMES}, index=index).astype("int64")


def payments_by_quarter(outcomes: pd.DataFrame, prices: Mapping[str, float]) -> pd.Series:
    """The rate card applied: each quarter's outcomes times their prices, added up."""
    return (outcomes[list(prices)] * pd.Series(prices)).sum(axis=1).rename("payment")


def apply_cap(payments: pd.Series, cap: float) -> pd.Series:
    """Quarterly payments once their running total reaches ``cap``: nothing more after it."""
    capped = payments.cumsum().clip(upper=cap)
    return capped.diff().fillna(capped.iloc[0]).rename(payments.name)


def value_per_person(cohort: pd.DataFrame, prices: Mapping[str, float],
                     person_cap: float | None = None) -> pd.Series:
    """What each participant's verified outcomes are worth, at most ``person_cap`` each."""
    worth = sum(cohort[f"{o}_quarter"].notna() * price for o, price in prices.items())
    worth = pd.Series(worth, index=cohort.index, dtype="float64")
    return worth if person_cap is None else worth.clip(upper=person_cap)


def investor_flows(capital: float, payments: pd.Series) -> np.ndarray:
    """The investors' cash flows: the capital at quarter 0 (negative), then each payment."""
    return np.concatenate([[-float(capital)], np.asarray(payments, dtype="float64")])


def quarterly_rate(annual_pct: float) -> float:
    """The rate a quarter (a share) that compounds to ``annual_pct`` percent a year."""
    return (1 + annual_pct / PERCENT) ** (1 / QUARTERS_PER_YEAR) - 1


def net_present_value(annual_pct: float, flows: np.ndarray) -> float:
    """Quarterly flows, the first at time 0, worth today at a discount rate a year."""
    return float(npf.npv(quarterly_rate(annual_pct), flows))


def irr_pct(flows: np.ndarray) -> float:
    """The internal rate of return of quarterly flows, in percent a year (NaN if none)."""
    quarterly = float(npf.irr(flows))
    if math.isnan(quarterly):
        return math.nan
    return ((1 + quarterly) ** QUARTERS_PER_YEAR - 1) * PERCENT


@dataclass(frozen=True)
class ScenarioResult:
    """What one scenario pays and earns; money in euro, rates in percent a year."""

    outcome_share: float  # 1.0: the outcomes the cohort reached; 0.8: 20% fewer
    threshold_met: bool
    payments: pd.Series  # the commissioner's payments per quarter, after threshold and cap
    total_paid: float
    fee_for_service: float  # paying the provider directly: the programme's cost, the capital
    investor_gain: float  # total paid minus capital, before discounting
    npv: float  # the investors' flows at ``discount_rate_pct``
    irr_pct: float

    @property
    def investors_lose(self) -> bool:
        """True when the investors get back less than they put in."""
        return self.total_paid < self.fee_for_service

    @property
    def bond_minus_fee(self) -> float:
        """How much more (negative: less) the commissioner pays than a fee for service."""
        return self.total_paid - self.fee_for_service


def scenario_payments(contract: Contract, outcomes: pd.DataFrame,
                      outcome_share: float = 1.0) -> tuple[pd.Series, bool]:
    """The commissioner's payments per quarter if outcomes were ``outcome_share`` times
    those in ``outcomes``, after the threshold and the cap; and whether the threshold was met."""
    if not (isinstance(outcome_share, int | float) and 0 <= outcome_share <= MAX_SHARE):
        raise ValueError(_("outcome_share is the outcomes as a share of those reached: a "
                           "number such as 0.8 (20% fewer) or 1.2 (20% more), not {value!r}."
                           ).format(value=outcome_share))
    scaled = outcomes * outcome_share
    threshold_met = True
    if contract.threshold is not None:
        share = scaled[contract.threshold_outcome].sum() / contract.participants
        threshold_met = bool(share >= contract.threshold)
        if not threshold_met:
            scaled[contract.threshold_outcome] = 0.0
    return apply_cap(payments_by_quarter(scaled, contract.prices), contract.cap), threshold_met


def run_scenario(contract: Contract, outcomes: pd.DataFrame, outcome_share: float = 1.0,
                 discount_rate_pct: float = 3.0) -> ScenarioResult:
    """The contract's payments and the investors' returns if outcomes were ``outcome_share``
    times those in ``outcomes`` (a table of :func:`outcomes_by_quarter`)."""
    payments, threshold_met = scenario_payments(contract, outcomes, outcome_share)
    flows = investor_flows(contract.capital, payments)
    total = float(payments.sum())
    return ScenarioResult(
        outcome_share=float(outcome_share), threshold_met=threshold_met, payments=payments,
        total_paid=total, fee_for_service=float(contract.capital),
        investor_gain=total - contract.capital,
        npv=net_present_value(discount_rate_pct, flows), irr_pct=irr_pct(flows))


def with_threshold(contract: Contract, threshold: float | None) -> Contract:
    """The same contract with another threshold (None: no threshold)."""
    return replace(contract, threshold=threshold)


def break_even_share(contract: Contract, outcomes: pd.DataFrame) -> float:
    """The smallest outcome share at which the investors get their capital back."""
    low, high = 0.0, float(MAX_SHARE)
    for _step in range(50):  # bisection: the total paid never falls as outcomes rise
        middle = (low + high) / 2
        if scenario_payments(contract, outcomes, middle)[0].sum() < contract.capital:
            low = middle
        else:
            high = middle
    return high
