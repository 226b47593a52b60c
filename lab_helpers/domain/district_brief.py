"""The capstone (module 09): one district's evidence for a policy brief, from every module's data.

Each function takes a district code (``"D07"``) and recomputes, from the shipped datasets,
a figure that an earlier module taught for the whole region: needs (02), home care (03),
partners (05), channels (06), the cost of closing a gap (07). The exercises of module 09
check the learner's figures against these functions for the district the learner chose, and
:func:`district_figures` gives the right values for the brief's chart, so one slip costs only
its own exercise.

Two functions say how sure we can be: :func:`median_interval` (a seeded bootstrap of a
median from a sample of requests) and :func:`share_interval` (Wilson's interval of a share).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..datasets import load_dataset
from ..i18n import N_, _
from .home_care import PNRR_ADI_TARGET_PCT
from .territory import (
    LEPS_RESIDENTS_PER_WORKER,
    per_hundred,
    posts_missing,
    with_population_65_plus,
)
from .uncertainty import bootstrap_interval, wilson_percent

TARGET_YEAR = 2025  # the PNRR's ADI target is for December 2025
OLDER_AGE_GROUPS = ("65-79", "80+")  # the age groups of service_requests aged 65 and over
ONLINE_CHANNELS = ("web", "app")
# Not a tariff: an assumption for the exercise (an hour of ADI, staff and travel included).
# A district uses the price of its own contract; the notebook shows 20 to 30 euro as a range.
COST_PER_HOUR_EUR = 25.0
COST_RANGE_EUR = (20.0, 30.0)


def district_ids() -> list[str]:
    """The codes of the 30 districts, D01 to D30."""
    return [str(d) for d in load_dataset("districts")["district_id"]]


def district_row(district: str) -> pd.Series:
    """The district's row of ``districts``."""
    frame = load_dataset("districts")
    return frame[frame["district_id"] == district].iloc[0]


def population(district: str) -> int:
    """Residents of the district."""
    return int(district_row(district)["population"])


def share_65_plus(district: str | None = None, column: str = "population_65_plus") -> float:
    """Residents aged 65+ per 100 residents, in the district (or the region for None)."""
    frame = load_dataset("districts")
    if district is not None:
        frame = frame[frame["district_id"] == district]
    return float(per_hundred(frame[column].sum(), frame["population"].sum()))


def _comuni(district: str | None) -> pd.DataFrame:
    frame = with_population_65_plus(load_dataset("municipalities"))
    return frame if district is None else frame[frame["district_id"] == district]


def alone_65_share(district: str | None = None, all_ages: bool = False) -> float:
    """People 65+ living alone per 100 residents 65+ (a ratio of the comuni's sums)."""
    frame = _comuni(district)
    alone = frame["living_alone"] if all_ages else frame["living_alone_65_plus"]
    return float(per_hundred(alone.sum(), frame["population_65_plus"].sum()))


def alone_65_share_mean_of_comuni(district: str) -> float:
    """The mean of the comuni's percentages: the slip of giving a hamlet a town's weight."""
    frame = _comuni(district)
    return float(per_hundred(frame["living_alone_65_plus"], frame["population_65_plus"]).mean())


def panel_row(district: str, year: int = TARGET_YEAR) -> pd.Series:
    """The district's row of ``homecare_panel`` in ``year``."""
    panel = load_dataset("homecare_panel")
    return panel[(panel["district_id"] == district) & (panel["year"] == year)].iloc[0]


def adi_coverage(district: str | None = None, year: int = TARGET_YEAR,
                 users: str = "adi_users_65_plus", of: str = "population_65_plus") -> float:
    """ADI users aged 65+ per 100 residents aged 65+, in the district (or the region)."""
    panel = load_dataset("homecare_panel")
    panel = panel[panel["year"] == year]
    if district is not None:
        panel = panel[panel["district_id"] == district]
    return float(per_hundred(panel[users].sum(), panel[of].sum()))


def adi_users_short(district: str, year: int = TARGET_YEAR,
                    target_pct: float = PNRR_ADI_TARGET_PCT, of: str = "population_65_plus",
                    rounded: bool = True) -> float:
    """People 65+ missing from the target, rounded up; negative: people beyond it."""
    row = panel_row(district, year)
    short = row[of] * target_pct / 100 - row["adi_users_65_plus"]
    return math.ceil(short - 1e-9) if rounded else float(short)


def adi_hours_per_user(district: str, year: int = TARGET_YEAR) -> float:
    """Hours of ADI one person aged 65+ received in the year, on average."""
    row = panel_row(district, year)
    return float(row["adi_hours"] / row["adi_users_65_plus"])


def gap_cost(district: str, cost_per_hour: float = COST_PER_HOUR_EUR) -> float:
    """A year's cost, in euro, of ADI for the people missing from the target (0 if none)."""
    return max(0, adi_users_short(district)) * adi_hours_per_user(district) * cost_per_hour


def point_people(district: str, of: str = "population_65_plus") -> int:
    """The people one more point of coverage means: 1 in 100 residents 65+, rounded up."""
    return math.ceil(panel_row(district)[of] / 100 - 1e-9)


def point_cost(district: str, cost_per_hour: float = COST_PER_HOUR_EUR,
               of: str = "population_65_plus") -> float:
    """A year's cost, in euro, of raising ADI coverage by one percentage point."""
    return point_people(district, of) * adi_hours_per_user(district) * cost_per_hour


def social_workers_missing(district: str,
                           residents_per_worker: float = LEPS_RESIDENTS_PER_WORKER) -> float:
    """Posts (FTE) missing to reach the LEPS (negative: posts beyond it)."""
    row = district_row(district)
    return float(posts_missing(row["population"], row["social_workers"], residents_per_worker))


def adi_waits(district: str | None, service: str | None = "ADI") -> pd.Series:
    """Days from request to start of the requests that started, in the district."""
    frame = load_dataset("homecare_requests")
    if district is not None:
        frame = frame[frame["district_id"] == district]
    if service is not None:
        frame = frame[frame["service"] == service]
    waits = (frame["start_date"] - frame["request_date"]).dt.days
    return waits.dropna()


def median_interval(values: pd.Series) -> tuple[float, float]:
    """A 95% seeded bootstrap interval of the median of a sample (NaN values left out)."""
    return bootstrap_interval(values, np.median)


def share_interval(successes: int, total: int) -> tuple[float, float]:
    """Wilson's 95% interval of a share, as percentages (fair also for small counts)."""
    return wilson_percent(successes, total)


def _ties(district: str) -> tuple[pd.DataFrame, set[str]]:
    organisations = load_dataset("organisations")
    mine = set(organisations.loc[organisations["district_id"] == district, "org_id"])
    ties = load_dataset("partnerships")
    return ties[ties["org_a"].isin(mine) | ties["org_b"].isin(mine)], mine


def tie_counts(district: str) -> tuple[int, int]:
    """Ties (one per pair and project) of the district's organisations: inside, outside."""
    ties, mine = _ties(district)
    internal = int((ties["org_a"].isin(mine) & ties["org_b"].isin(mine)).sum())
    return internal, len(ties) - internal


def openness(district: str) -> float:
    """The E-I index of the district's ties: (outside - inside) / all, from -1 to +1."""
    internal, external = tie_counts(district)
    return (external - internal) / (external + internal)


def _older_requests(district: str | None) -> pd.DataFrame:
    frame = load_dataset("service_requests")
    if district is not None:
        frame = frame[frame["district_id"] == district]
    return frame[frame["age_group"].isin(OLDER_AGE_GROUPS)]


def online_share_older(district: str | None = None,
                       channels: tuple[str, ...] = ONLINE_CHANNELS,
                       older: bool = True) -> float:
    """Requests made online (web or app) per 100 requests of people 65+ (older=False: all)."""
    if older:
        frame = _older_requests(district)
    else:
        frame = load_dataset("service_requests")
        frame = frame if district is None else frame[frame["district_id"] == district]
    return float(frame["channel"].isin(channels).mean() * 100)


def online_counts_older(district: str) -> tuple[int, int]:
    """Online requests of people 65+ in the district, and all their requests."""
    frame = _older_requests(district)
    return int(frame["channel"].isin(ONLINE_CHANNELS).sum()), len(frame)


FIGURES = (
    N_("residents aged 65+ (% of residents)"),
    N_("people 65+ living alone (% of residents 65+)"),
    N_("ADI users 65+ in 2025 (% of residents 65+)"),
    N_("requests of people 65+ made online (%)"),
)


def district_figures(district: str) -> pd.DataFrame:
    """The brief's four percentages, for the district and for the region (two columns).

    Rows are named in the learner's language; the columns are the district's code and
    "Piemonte".
    """
    mine = [share_65_plus(district), alone_65_share(district), adi_coverage(district),
            online_share_older(district)]
    region = [share_65_plus(), alone_65_share(), adi_coverage(), online_share_older()]
    return pd.DataFrame({district: mine, "Piemonte": region},
                        index=[_(label) for label in FIGURES])
