"""Module 08 (measuring impact): the SROI arithmetic and the clustered errors of the DiD.

The domain functions are tested in-process against sums written out by hand. The
difference-in-differences regression is checked against a cluster-robust standard error
computed here with numpy alone. The wrong answers are declared beside the exercises and run
in real kernels by tests/test_wrong_answers.py.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from lab_helpers import load_dataset
from lab_helpers.domain import sroi
from lab_helpers.i18n import set_language

RATE = 0.035


def test_first_year_impact_applies_the_three_adjustments_in_turn():
    outcome = sroi.Outcome(quantity=10, proxy_value_eur=1_000, duration_years=1,
                           deadweight_pct=25, displacement_pct=50, attribution_pct=20)
    # 10 x 1,000 = 10,000; 75% of it is 7,500; half is 3,750; 80% of that is 3,000
    assert sroi.first_year_impact(outcome) == pytest.approx(3_000)


def test_drop_off_shrinks_each_later_year_and_the_outcome_ends_with_its_duration():
    outcome = sroi.Outcome(quantity=1, proxy_value_eur=800, duration_years=3, drop_off_pct=25)
    assert sroi.yearly_impacts(outcome) == pytest.approx([800, 600, 450])


def test_present_value_discounts_every_year_from_the_end_of_the_first():
    outcome = sroi.Outcome(quantity=1, proxy_value_eur=1_000, duration_years=2,
                           drop_off_pct=50)
    assert sroi.present_value(outcome, 0.10) == pytest.approx(1_000 / 1.1 + 500 / 1.1 ** 2)
    assert sroi.present_value(outcome, 0.0) == pytest.approx(1_500)


def test_a_harm_lowers_the_total():
    harm = sroi.Outcome(quantity=30, proxy_value_eur=-300, duration_years=1)
    assert sroi.present_value(harm, RATE) == pytest.approx(-9_000 / 1.035)


@pytest.mark.parametrize("field", sroi.ADJUSTMENTS)
def test_an_adjustment_outside_0_to_100_is_refused_in_plain_words(field):
    set_language("en")
    with pytest.raises(ValueError, match="between 0 and 100"):
        sroi.Outcome(quantity=1, proxy_value_eur=1, duration_years=1, **{field: 120})


def test_bad_inputs_are_refused_with_a_message():
    set_language("en")
    table = load_dataset("impact_map")
    with pytest.raises(ValueError, match="positive amount"):
        sroi.sroi_ratio(table, 0, RATE)
    with pytest.raises(ValueError, match="no column quantity"):
        sroi.sroi_ratio(table.drop(columns="quantity"), 1, RATE)
    with pytest.raises(ValueError, match="no SROI terms"):
        sroi.analysis_terms("pilot_panel")
    with pytest.raises(ValueError, match="at least one year"):
        sroi.Outcome(quantity=1, proxy_value_eur=1, duration_years=0)


def _ratio_by_hand(table: pd.DataFrame, inputs: float, rate: float) -> float:
    total = 0.0
    for row in table.itertuples():
        kept = ((1 - row.deadweight_pct / 100) * (1 - row.displacement_pct / 100)
                * (1 - row.attribution_pct / 100))
        for year in range(row.duration_years):
            total += (row.quantity * row.proxy_value_eur * kept
                      * (1 - row.drop_off_pct / 100) ** year / (1 + rate) ** (year + 1))
    return total / inputs


def test_the_ratio_of_the_pilot_is_the_sum_written_out_and_the_card_s_figure():
    table = load_dataset("impact_map")
    meta = sroi.analysis_terms()
    ratio = sroi.sroi_ratio(table, meta["inputs_eur"], meta["discount_rate"])
    assert ratio == pytest.approx(_ratio_by_hand(table, meta["inputs_eur"],
                                                 meta["discount_rate"]))
    assert round(ratio, 2) == 2.58  # the data card's figure


def test_shifted_keeps_adjustments_between_0_and_100_and_leaves_the_map_alone():
    table = load_dataset("impact_map")
    up = sroi.shifted(table, "deadweight_pct", 90)
    assert up["deadweight_pct"].max() == 100 and table["deadweight_pct"].max() < 100
    assert sroi.shifted(table, "attribution_pct", -90)["attribution_pct"].min() == 0
    with pytest.raises(ValueError):
        sroi.shifted(table, "quantity", 10)


def test_the_range_brackets_the_central_ratio():
    table = load_dataset("impact_map")
    low, high = sroi.ratio_range(table, 1_200_000, RATE)
    central = sroi.sroi_ratio(table, 1_200_000, RATE)
    assert low < central < high
    harsher = sroi.shifted(sroi.shifted(table, "deadweight_pct", 25), "attribution_pct", 25)
    assert low == pytest.approx(_ratio_by_hand(harsher, 1_200_000, RATE))


# --- difference-in-differences ----------------------------------------------------------------

def _cluster_se_by_hand(panel: pd.DataFrame) -> tuple[float, float]:
    """OLS of y on 1, treated, post, treated x post; CR1 cluster-robust errors by district."""
    treated = panel["pilot"].astype(float).to_numpy()
    post = panel["post"].astype(float).to_numpy()
    x = np.column_stack([np.ones(len(panel)), treated, post, treated * post])
    y = panel["supported_pct"].to_numpy(float)
    bread = np.linalg.inv(x.T @ x)
    beta = bread @ x.T @ y
    residual = y - x @ beta
    meat = np.zeros((4, 4))
    for _name, rows in panel.groupby("district_id").indices.items():
        score = x[rows].T @ residual[rows]
        meat += np.outer(score, score)
    n, k = x.shape
    clusters = panel["district_id"].nunique()
    scale = clusters / (clusters - 1) * (n - 1) / (n - k)
    cov = scale * bread @ meat @ bread
    return float(beta[3]), float(math.sqrt(cov[3, 3]))


def test_statsmodels_clustered_errors_equal_the_sandwich_computed_by_hand():
    import statsmodels.formula.api as smf

    panel = load_dataset("pilot_panel")
    panel["treated"] = panel["pilot"].astype(int)
    panel["post"] = panel["post"].astype(int)
    fit = smf.ols("supported_pct ~ treated * post", data=panel).fit(
        cov_type="cluster", cov_kwds={"groups": panel["district_id"]})
    estimate, se = _cluster_se_by_hand(load_dataset("pilot_panel"))
    assert fit.params["treated:post"] == pytest.approx(estimate)
    assert fit.bse["treated:post"] == pytest.approx(se, rel=1e-9)
    plain = smf.ols("supported_pct ~ treated * post", data=panel).fit()
    assert plain.bse["treated:post"] != pytest.approx(se, rel=1e-3)  # clustering matters


def test_the_regression_s_coefficient_is_the_difference_of_the_four_means():
    panel = load_dataset("pilot_panel")
    means = panel.groupby(["pilot", "post"])["supported_pct"].mean()
    did = (means[True, True] - means[True, False]) - (means[False, True] - means[False, False])
    assert _cluster_se_by_hand(panel)[0] == pytest.approx(did)
