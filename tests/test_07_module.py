"""Module 07 (impact bonds): the rate card, caps, cash flows and the scenario model.

The domain functions are tested in-process, on small contracts built here and on the
shipped cohort. The wrong answers are declared beside the exercises and run in real
kernels by tests/test_wrong_answers.py.
"""

from __future__ import annotations

import math

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import i18n, load_dataset
from lab_helpers.domain.impact_bond import (
    OUTCOMES,
    Contract,
    apply_cap,
    break_even_share,
    investor_flows,
    irr_pct,
    load_contract,
    net_present_value,
    outcomes_by_quarter,
    payments_by_quarter,
    quarterly_rate,
    run_scenario,
    value_per_person,
    with_threshold,
)

PRICES = {"job_start": 100.0, "job_sustained": 200.0, "no_reoffending": 300.0}


def tiny_cohort() -> pd.DataFrame:
    """Three people: all outcomes, a job start only, no reoffending only."""
    return pd.DataFrame({
        "job_start_quarter": pd.array([1, 2, None], dtype="Int64"),
        "job_sustained_quarter": pd.array([3, None, None], dtype="Int64"),
        "no_reoffending_quarter": pd.array([4, None, 4], dtype="Int64"),
    })


def tiny_contract(**changes) -> Contract:
    terms = {"capital": 1000.0, "prices": PRICES, "cap": 10_000.0, "quarters": 4,
             "participants": 3}
    return Contract(**(terms | changes))


def test_outcomes_are_counted_in_the_quarter_they_were_verified_and_empty_quarters_are_zero():
    table = outcomes_by_quarter(tiny_cohort(), quarters=5)
    assert list(table.index) == [1, 2, 3, 4, 5] and list(table.columns) == list(OUTCOMES)
    assert table["job_start"].tolist() == [1, 1, 0, 0, 0]
    assert table["no_reoffending"].tolist() == [0, 0, 0, 2, 0]
    assert table.to_numpy().sum() == 5


def test_the_rate_card_multiplies_each_outcome_by_its_own_price():
    payments = payments_by_quarter(outcomes_by_quarter(tiny_cohort(), 4), PRICES)
    assert payments.tolist() == [100.0, 100.0, 200.0, 600.0]


def test_the_cap_stops_payments_once_their_running_total_reaches_it():
    payments = pd.Series([400.0, 400.0, 400.0, 400.0])
    capped = apply_cap(payments, 1000.0)
    assert capped.tolist() == [400.0, 400.0, 200.0, 0.0]
    assert apply_cap(payments, 5000.0).tolist() == payments.tolist()  # a cap never reached


def test_the_cap_per_person_limits_only_those_worth_more():
    worth = value_per_person(tiny_cohort(), PRICES)
    assert worth.tolist() == [600.0, 100.0, 300.0]
    assert value_per_person(tiny_cohort(), PRICES, person_cap=350.0).tolist() == [
        350.0, 100.0, 300.0]


def test_the_investors_put_the_capital_in_at_time_zero():
    flows = investor_flows(1000.0, pd.Series([0.0, 600.0, 600.0]))
    assert flows.tolist() == [-1000.0, 0.0, 600.0, 600.0]


def test_npv_does_not_discount_the_first_flow_unlike_a_spreadsheet():
    flows = np.array([-100.0, 110.0])
    rate = quarterly_rate(10.0)
    assert net_present_value(10.0, flows) == pytest.approx(-100 + 110 / (1 + rate))
    spreadsheet = -100 / (1 + rate) + 110 / (1 + rate) ** 2
    assert net_present_value(10.0, flows) != pytest.approx(spreadsheet)


def test_a_quarterly_rate_compounds_to_the_yearly_one():
    assert (1 + quarterly_rate(3.0)) ** 4 == pytest.approx(1.03)
    assert quarterly_rate(0.0) == 0.0


def test_irr_is_a_yearly_percentage_and_nan_without_a_sign_change():
    flows = np.array([-100.0, 0.0, 0.0, 0.0, 110.0])  # 10% after four quarters
    assert irr_pct(flows) == pytest.approx(10.0)
    assert net_present_value(irr_pct(flows), flows) == pytest.approx(0.0, abs=1e-9)
    assert math.isnan(irr_pct(np.array([100.0, 50.0, 20.0])))
    assert irr_pct(np.array([-100.0, 50.0, 40.0])) < 0  # investors lose money


def test_fewer_outcomes_pay_less_and_more_are_stopped_by_the_cap():
    outcomes = outcomes_by_quarter(tiny_cohort(), 4)
    contract = tiny_contract(cap=1000.0)
    low, base, high = (run_scenario(contract, outcomes, s) for s in (0.5, 1.0, 2.0))
    assert low.total_paid == pytest.approx(500.0) and low.investors_lose
    assert base.total_paid == pytest.approx(1000.0) and not base.investors_lose
    assert high.total_paid == pytest.approx(1000.0)  # the cap: no upside beyond it
    assert high.irr_pct > base.irr_pct  # the same money, sooner
    assert base.bond_minus_fee == pytest.approx(0.0) and low.bond_minus_fee < 0


def test_below_the_threshold_the_outcome_pays_nothing():
    outcomes = outcomes_by_quarter(tiny_cohort(), 4)
    contract = tiny_contract(threshold=0.5)  # 2 of 3 did not reoffend: 67%
    assert run_scenario(contract, outcomes, 1.0).threshold_met
    below = run_scenario(contract, outcomes, 0.7)  # 47%
    assert not below.threshold_met
    assert below.total_paid == pytest.approx(0.7 * (100 + 100 + 200))


def test_a_bad_outcome_share_gets_a_clear_message_in_the_learners_language():
    outcomes = outcomes_by_quarter(tiny_cohort(), 4)
    i18n.set_language("it")
    try:
        with pytest.raises(ValueError, match="quota dei risultati rispetto a quelli raggiunti"):
            run_scenario(tiny_contract(), outcomes, -1)
        with pytest.raises(ValueError, match="non '0.8'"):
            run_scenario(tiny_contract(), outcomes, "0.8")
    finally:
        i18n.set_language("en")


def test_the_shipped_contract_matches_its_data_card():
    contract, cohort = load_contract(), load_dataset("impact_bond_cohort")
    outcomes = outcomes_by_quarter(cohort, contract.quarters)
    uncapped = payments_by_quarter(outcomes, contract.prices)
    assert uncapped.sum() == 1_358_500  # the card: uncapped, 1,358,500 euro
    assert int((uncapped.cumsum() >= contract.cap).idxmax()) == 10  # the cap binds in Q10
    base = run_scenario(contract, outcomes)
    assert base.total_paid == contract.cap
    assert base.irr_pct == pytest.approx(2.8, abs=0.05)  # the card: 2.8% a year


def test_the_break_even_share_is_where_investors_stop_losing():
    contract = with_threshold(load_contract(), 0.35)
    outcomes = outcomes_by_quarter(load_dataset("impact_bond_cohort"), contract.quarters)
    share = break_even_share(contract, outcomes)
    assert 0 < share < 1
    assert run_scenario(contract, outcomes, share * 0.999).investors_lose
    assert not run_scenario(contract, outcomes, share * 1.001).investors_lose


# --- the figures the notebook's text quotes are the data's ------------------------------------

NOTEBOOKS = {lang: MODULES / "07-impact-bonds" / f"07-impact-bonds.{lang}.ipynb"
             for lang in ("en", "it")}


def prose(lang: str) -> str:
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_the_market_figures_in_the_text_are_those_of_the_data():
    market = load_dataset("impact_bonds_market")
    assert (market["country"] == "IT").sum() == 0  # "Zero, as in INDIGO"
    capital = market["capital_raised_usd"].dropna()
    assert capital.mean() > 2 * capital.median()  # "more than twice the median"
    below = (capital < capital.mean()).mean()
    assert 0.7 <= below <= 0.8 and 0.7 <= (capital < 3e6).mean() <= 0.8  # "three in four"
    assert 35e6 <= capital.max() <= 45e6  # "up to about 40 million"
    priced = market.groupby("sector")["price_per_outcome_usd"].count()
    assert priced["Agriculture and environment"] == 4 and priced["Poverty reduction"] == 6
    assert market["sector"].value_counts().index[0] == "Employment and training"


def test_the_contract_figures_in_the_text_are_those_of_the_data():
    contract, cohort = load_contract(), load_dataset("impact_bond_cohort")
    outcomes = outcomes_by_quarter(cohort, contract.quarters)
    payments = payments_by_quarter(outcomes, contract.prices)
    assert payments.sum() - apply_cap(payments, contract.cap).sum() == 58_500
    worth = value_per_person(cohort, contract.prices)
    assert worth.max() == 9000 and worth.clip(upper=8000).sum() < contract.cap
    threshold = with_threshold(contract, 0.35)
    no_reoffending = outcomes["no_reoffending"].sum() / contract.participants
    assert round(no_reoffending * 0.8 * 100) == 34  # "only 34% ... below the threshold"
    irr = {s: run_scenario(threshold, outcomes, s).irr_pct for s in (0.6, 0.8, 0.9, 0.95, 1.3)}
    assert round(irr[0.6]) == -44 and round(irr[0.8]) == -34  # "about -44% to -34%"
    assert irr[0.9] < 0 < irr[0.95] and round(irr[1.3]) == 3
    assert run_scenario(threshold, outcomes, 1.3).bond_minus_fee == 60_000  # "at most 60,000"


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_text_says_plainly_that_indigo_lists_no_italian_bond(lang):
    said = {"en": "INDIGO lists no Italian impact bond",
            "it": "INDIGO non elenca alcun titolo di impatto sociale italiano"}[lang]
    assert said in prose(lang)
    assert "58" in prose(lang) and ("60,000" in prose(lang) or "60.000" in prose(lang))
