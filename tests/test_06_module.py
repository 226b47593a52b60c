"""Module 06 (digital services): Kaplan–Meier, intervals, the dashboard and the figures its
text quotes.

The domain functions are tested in-process. The wrong answers are declared beside the
exercises and run in real kernels by tests/test_wrong_answers.py.
"""

from __future__ import annotations

import math
import re

import nbformat
import numpy as np
import pandas as pd
import pytest
from conftest import MODULES

from lab_helpers import load_dataset
from lab_helpers.checks import Status
from lab_helpers.domain.digital_services import (
    CUTOFF,
    HAND_ANSWERED,
    HAND_HOURS,
    alt_text,
    dashboard,
    describe,
    district_figures,
    hours_waited,
    kaplan_meier,
    km_quantile,
    select,
    share_interval,
)
from lab_helpers.exercises import m06
from lab_helpers.i18n import set_language

NOTEBOOKS = {lang: MODULES / "06-digital-services" / f"06-digital-services.{lang}.ipynb"
             for lang in ("en", "it")}


@pytest.fixture(scope="module")
def requests() -> pd.DataFrame:
    return load_dataset("service_requests")


def prose(lang: str) -> str:
    nb = nbformat.read(NOTEBOOKS[lang], as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


# --- Kaplan–Meier ----------------------------------------------------------------------------

def test_the_hand_example_follows_the_product_of_steps():
    table = kaplan_meier(HAND_HOURS, HAND_ANSWERED)
    assert table["hours"].tolist() == [1, 4, 7, 9]  # the open ones (2 and 6 hours) add no step
    assert table["at_risk"].tolist() == [7, 5, 2, 1]
    assert table["answered"].tolist() == [1, 2, 1, 1]
    assert table["still_waiting"].tolist() == pytest.approx(
        [6 / 7, 6 / 7 * 3 / 5, 6 / 7 * 3 / 5 * 1 / 2, 0.0])


def test_without_open_requests_it_is_the_share_not_yet_answered():
    rng = np.random.default_rng(6)
    hours = pd.Series(rng.integers(1, 40, 200).astype(float))
    table = kaplan_meier(hours, pd.Series([True] * len(hours)))
    for _index, row in table.iterrows():
        assert row["still_waiting"] == pytest.approx((hours > row["hours"]).mean())
    for share in (0.5, 0.9):
        assert km_quantile(table, share) == np.quantile(hours, share, method="inverted_cdf")


def test_an_open_request_counts_as_at_risk_at_its_own_time_then_leaves():
    table = kaplan_meier([3, 3, 5], [True, False, True])
    assert table["at_risk"].tolist() == [3, 1]
    assert table["still_waiting"].tolist() == pytest.approx([2 / 3, 0.0])


def test_the_median_is_nan_when_too_many_are_still_open():
    table = kaplan_meier([1, 5, 6, 7], [True, False, False, False])
    assert math.isnan(km_quantile(table))


def test_bad_input_gets_a_plain_message_in_the_learners_language():
    set_language("it")
    try:
        with pytest.raises(ValueError, match="lunghezze diverse"):
            kaplan_meier([1, 2, 3], [True, False])
        with pytest.raises(ValueError, match="non sono numeri"):
            kaplan_meier([1, None, 3], [True, False, True])
    finally:
        set_language("en")


def test_hours_waited_runs_to_the_extraction_for_open_requests(requests):
    waited = hours_waited(requests)
    answered = requests["responded_at"].notna()
    assert waited[answered].equals(requests.loc[answered, "response_hours"])
    still = ~answered
    expected = (CUTOFF - requests.loc[still, "submitted_at"]).dt.total_seconds() / 3600
    assert np.allclose(waited[still], expected)
    assert (waited[requests["outcome"] == "pending"] > 0).all()


# --- intervals -------------------------------------------------------------------------------

@pytest.mark.parametrize(("part", "whole"), [(5, 10), (57, 78), (501, 640), (0, 12), (12, 12)])
def test_wilson_bounds_solve_their_defining_equation(part, whole):
    low, high = share_interval(part, whole)
    share, z = part / whole, 1.96
    assert 0 <= low <= 100 * share <= high <= 100
    for bound in (low / 100, high / 100):  # (p̂ − p)² = z² p (1 − p) / n at each bound
        assert (share - bound) ** 2 == pytest.approx(z * z * bound * (1 - bound) / whole,
                                                     abs=1e-9)


def test_intervals_narrow_as_counts_grow():
    widths = [np.subtract(*share_interval(8 * n, 10 * n)[::-1]) for n in (1, 4, 16, 64)]
    assert widths == sorted(widths, reverse=True)
    assert all(math.isnan(v) for v in share_interval(0, 0))


# --- one district, one channel, and the dashboard ----------------------------------------------

def test_district_figures_add_up(requests):
    figures = district_figures(requests, "D05", "app")
    rows = select(requests, "D05", "app")
    assert figures.requests == len(rows) == figures.per_month.sum()
    assert len(figures.per_month) == 24
    assert (figures.answered + figures.still_open + figures.abandoned == figures.requests)
    assert figures.median_hours == pytest.approx(rows["response_hours"].median())
    assert "Fewer than 30" not in describe(figures)


def test_small_counts_carry_a_warning_and_the_alt_text_names_the_range(requests):
    small = requests[requests["submitted_at"] >= "2025-12-01"]
    figures = district_figures(small, "D30", "web")
    assert figures.requests < 30 and "Fewer than 30" in describe(figures)
    figures = district_figures(requests, "D01", "counter")
    text = alt_text(figures)
    assert str(int(figures.per_month.min())) in text and str(int(figures.per_month.max())) in text


def test_the_dashboard_updates_when_a_menu_changes_and_shows_the_learners_view(requests):
    import matplotlib

    matplotlib.use("Agg")
    calls = []

    def view(frame, district, channel):
        calls.append((district, channel))
        return m06._outcome_view(frame, district, channel)

    box = dashboard(requests, view, district="D05", channel="app")
    assert box.district.description and box.channel.description  # named for screen readers
    before = box.figures.value
    box.district.value = "D12"
    box.channel.value = "phone"
    assert box.figures.value != before and "D12" in box.figures.value
    assert calls[-1] == ("D12", "phone") and "resolved" in box.view.value


def test_a_broken_view_does_not_break_the_dashboard(requests):
    import matplotlib

    matplotlib.use("Agg")
    box = dashboard(requests, lambda frame, district, channel: 1 / 0)
    assert "could not be drawn" in box.view.value


def test_the_menus_speak_the_learners_language(requests):
    import matplotlib

    matplotlib.use("Agg")
    set_language("it")
    try:
        box = dashboard(requests)
        assert (box.district.description, box.channel.description) == ("Distretto", "Canale")
        assert "richieste" in box.figures.value
    finally:
        set_language("en")


# --- the dashboard exercise calls the learner's function -----------------------------------

def test_the_view_exercise_tells_blank_from_wrong():
    problem = m06.outcome_view
    assert problem.assess(lambda r, d, c: ...).status is Status.NOT_ATTEMPTED
    assert problem.assess("not a function").status is Status.INCORRECT
    as_table = problem.assess(lambda r, d, c: m06._outcome_view(r, d, c).to_frame())
    assert as_table.status is Status.CORRECT
    cheat = m06._outcome_view(load_dataset("service_requests"), *m06.VIEW_CASES[0])
    outcome = problem.assess(lambda r, d, c: cheat, hidden=True)
    assert outcome.status is Status.INCORRECT


# --- what the notebook's text says is what the data give ------------------------------------

def test_the_figures_quoted_in_the_text_come_from_the_data():
    open_web = m06.open_late_web.expected()
    km = m06.km_median_web.expected()
    naive = m06._late_web()["response_hours"]
    table = m06._km_web()
    for lang in ("en", "it"):
        text = prose(lang)
        assert re.search(rf"\b{open_web} (?:web requests|richieste web)", text), lang
        assert re.search(rf"\b{round(km)} (?:hours|ore)", text), lang
    assert 35 <= m06.digital_share.expected() <= 45  # "about four requests in ten"
    assert 40 <= m06.out_of_hours_share.expected() < 50  # "close to half"
    assert 1.8 <= km_quantile(table, 0.9) / naive.quantile(0.9) <= 2.4  # "about doubles"
    assert 0.12 <= open_web / len(m06._late_web()) <= 0.16  # "one in seven"


def test_the_older_groups_agree_with_istat_where_the_text_compares_them():
    older = m06._older_digital()
    assert older <= 19.3  # ISTAT 2023: 19.3% of people aged 65-74 with basic digital skills
    assert round(older) == 16  # "about 16%", "about one in six" in the text and the anchors


def test_the_monthly_chart_alt_text_holds(requests):
    by_month = pd.crosstab(requests["submitted_at"].dt.to_period("M"), requests["channel"])
    total = by_month.sum(axis=1)
    august = total[total.index.month == 8]
    others = total[total.index.month != 8]
    assert (august < 0.65 * others.mean()).all()  # "drops to about half in August"
    assert by_month["app"].iloc[:3].mean() < 100 and by_month["app"].iloc[-4:].mean() > 170
    assert (by_month["counter"] >= by_month["web"]).mean() > 0.9  # the counter stays highest
