"""Home care: a district panel 2019-2025 and a sample of the requests behind it.

``homecare_panel`` has, for each district and year, the people aged 65 and over in
integrated home care (ADI) and in the comuni's home help (SAD), the hours given and the
residential beds. ``homecare_requests`` is a 1-in-200 random sample of the requests: its
volumes by district, year and service follow the panel. Calibrated on FACTS.md section 3.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import field, iso_day, schema

SEED = 20211231  # PNRR M6C1 investment 1.2.1: home as the first place of care
YEARS = list(range(2019, 2026))
BASE_YEAR = 2024  # population at 1 Jan 2024 = the `districts` table (31 Dec 2023)
CUTOFF = pd.Timestamp("2025-12-31")  # the day the data were extracted

# Real figures (FACTS.md section 3) and assumptions (marked), region-wide.
ADI_COVERAGE = {2019: 5.0, 2020: 5.2, 2021: 6.1, 2022: 7.4, 2023: 8.9, 2024: 10.9, 2025: 11.6}
# ^ 2019 5% (AGENAS baseline), 2024 10.9% (Welforum), 2025 above the 10% PNRR target;
#   the years between are an assumed path.
SAD_COVERAGE_2019 = 1.4  # assumption: no SAD coverage rate found (FACTS.md)
SAD_YEARLY_CHANGE = -0.047  # users fell 25% in 2010-2016 (ISTAT): -4.7% a year, carried on
BEDS_PER_1000 = 7.0  # residential beds per 1,000 residents, 1 Jan 2023
POPULATION_CHANGE, OLD_CHANGE = -0.002, 0.009  # assumed yearly change, all ages and 65+
ADI_HOURS_PER_USER, SAD_HOURS_PER_USER = 18.0, 120.0  # assumed hours per user per year
SAMPLE = 200  # homecare_requests holds 1 request in 200
STARTED, UNDER_65 = 0.83, 0.13  # assumed: requests that start; requests for people under 65

SERVICES = ["SAD", "ADI"]
OUTCOMES = ["started", "waiting", "not eligible", "withdrawn"]
REFERRERS = ["hospital discharge", "family doctor", "social services", "family"]
REFERRAL_MIX = {"ADI": [0.45, 0.35, 0.10, 0.10], "SAD": [0.10, 0.10, 0.45, 0.35]}
MEDIAN_WAIT = {"ADI": 12.0, "SAD": 35.0}  # assumed median days to start; hospital: a third


def _district_effects(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Fixed district traits: ADI level and growth, SAD level, beds, waiting-time slowness."""
    return pd.DataFrame({
        "adi_level": rng.lognormal(0, 0.15, n), "adi_growth": rng.normal(0, 0.03, n),
        "sad_level": rng.lognormal(0, 0.30, n), "beds": rng.lognormal(0, 0.22, n),
        "slowness": rng.lognormal(0, 0.35, n),
    })


def _calibrated(users: np.ndarray, total: float) -> np.ndarray:
    """Integer users scaled so that the region has ``total`` of them."""
    return np.rint(users * (total / users.sum())).astype(int)


def make_panel(rng: np.random.Generator, districts: pd.DataFrame,
               effects: pd.DataFrame) -> pd.DataFrame:
    """District by year: residents, ADI and SAD users 65+ and hours, residential beds."""
    rows = []
    sad_2019 = SAD_COVERAGE_2019 / 100 * (districts["population_65_plus"].sum()
                                          * (1 + OLD_CHANGE) ** (2019 - BASE_YEAR))
    for year in YEARS:
        t = year - BASE_YEAR
        pop = np.rint(districts["population"] * (1 + POPULATION_CHANGE) ** t).astype(int)
        old = np.rint(districts["population_65_plus"] * (1 + OLD_CHANGE) ** t).astype(int)
        trend = np.exp(effects["adi_growth"] * (year - 2019))
        adi = _calibrated(old * effects["adi_level"] * trend * rng.lognormal(0, 0.03, len(old)),
                          ADI_COVERAGE[year] / 100 * old.sum())
        sad = _calibrated(old * effects["sad_level"] * rng.lognormal(0, 0.05, len(old)),
                          sad_2019 * (1 + SAD_YEARLY_CHANGE) ** (year - 2019))
        beds = np.rint(pop * BEDS_PER_1000 / 1000 * effects["beds"]
                       * (1 + 0.004 * (year - 2019))).astype(int)
        rows.append(pd.DataFrame({
            "district_id": districts["district_id"], "year": year, "population": pop,
            "population_65_plus": old, "adi_users_65_plus": adi,
            "adi_coverage_pct": np.round(100 * adi / old, 2),
            "adi_hours": np.rint(adi * ADI_HOURS_PER_USER * (1 - 0.03 * (year - 2019))
                                 * rng.lognormal(0, 0.1, len(old))).astype(int),
            "sad_users_65_plus": sad,
            "sad_hours": np.rint(sad * SAD_HOURS_PER_USER * rng.lognormal(0, 0.1, len(old)))
            .astype(int),
            "residential_beds": beds,
        }))
    return pd.concat(rows, ignore_index=True)


def _request_counts(rng: np.random.Generator, panel: pd.DataFrame) -> pd.DataFrame:
    """How many sampled requests each district, year and service has (Poisson)."""
    parts = []
    for service in SERVICES:
        users = panel[f"{service.lower()}_users_65_plus"]
        mean = users / SAMPLE / STARTED / (1 - UNDER_65)
        parts.append(panel[["district_id", "year"]].assign(service=service,
                                                           n=rng.poisson(mean)))
    return pd.concat(parts, ignore_index=True)


def _ages(rng: np.random.Generator, n: int) -> np.ndarray:
    """Age at request: 13% under 65, the rest skewed towards the oldest old."""
    old = np.minimum(65 + rng.gamma(3.2, 5.0, n), 104)
    young = rng.integers(30, 65, n)
    return np.where(rng.random(n) < UNDER_65, young, old).astype(int)


def _repeat_people(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """Give about 4% of requests to a person who asked before in the same district."""
    ids = frame["person_id"].to_numpy(dtype=object, copy=True)
    ages, sexes = frame["age"].to_numpy(copy=True), frame["sex"].to_numpy(dtype=object, copy=True)
    days, district = frame["request_day"].to_numpy(), frame["district_id"].to_numpy()
    for j in np.flatnonzero(rng.random(len(frame)) < 0.04):
        earlier = np.flatnonzero((district == district[j]) & (days < days[j] - 30))
        if len(earlier):
            i = int(rng.choice(earlier))
            ids[j], sexes[j] = ids[i], sexes[i]
            ages[j] = ages[i] + (days[j] - days[i]) // 365
    return frame.assign(person_id=ids, age=ages, sex=sexes)


def _outcomes(rng: np.random.Generator, frame: pd.DataFrame,
              slowness: pd.Series) -> pd.DataFrame:
    """Waiting time, outcome at the cut-off, start date and weekly hours."""
    n = len(frame)
    hospital = frame["referred_by"] == "hospital discharge"
    median = frame["service"].map(MEDIAN_WAIT) * np.where(hospital, 1 / 3, 1.0)
    wait = np.ceil(median * frame["district_id"].map(slowness) * rng.lognormal(0, 0.7, n))
    not_eligible = rng.random(n) < np.where(frame["dependency_score"] <= 1, 0.30, 0.04)
    withdrawn = rng.random(n) < 0.02 + 0.10 * (wait > 60) + 0.004 * (frame["age"] - 65).clip(0)
    start = frame["request_day"] + wait
    waiting = start > (CUTOFF - pd.Timestamp("1970-01-01")).days
    outcome = np.select([not_eligible, waiting, withdrawn],
                        ["not eligible", "waiting", "withdrawn"], "started")
    started = outcome == "started"
    base = np.where(frame["service"] == "SAD", 3.0, 2.0) + 0.8 * frame["dependency_score"]
    hours = np.round(base * rng.lognormal(0, 0.25, n) * 2) / 2
    return frame.assign(
        start_date=iso_day(np.where(started, start, np.nan)).where(started),
        hours_per_week=pd.Series(np.clip(hours, 1, 20)).where(started), outcome=outcome)


def make_requests(rng: np.random.Generator, panel: pd.DataFrame,
                  effects: pd.DataFrame, district_ids: pd.Series) -> pd.DataFrame:
    """A 1-in-200 sample of the home-care requests of 2019-2025, pseudonymised."""
    counts = _request_counts(rng, panel)
    frame = counts.loc[counts.index.repeat(counts["n"]), ["district_id", "year", "service"]]
    frame = frame.reset_index(drop=True)
    n = len(frame)
    first_day = (pd.to_datetime(frame["year"].astype(str) + "-01-01")
                 - pd.Timestamp("1970-01-01")).dt.days
    is_adi = (frame["service"] == "ADI").to_numpy()
    frame = frame.assign(
        request_day=first_day + rng.integers(0, 365, n),
        person_id=[f"{x:012x}" for x in rng.integers(0, 16**12, n)],
        age=_ages(rng, n), sex=np.where(rng.random(n) < 0.62, "F", "M"),
        dependency_score=np.clip(rng.binomial(6, np.where(is_adi, 0.55, 0.42)), 0, 6),
        referred_by=np.where(is_adi, rng.choice(REFERRERS, n, p=REFERRAL_MIX["ADI"]),
                             rng.choice(REFERRERS, n, p=REFERRAL_MIX["SAD"])),
    ).sort_values(["request_day", "district_id"], kind="stable", ignore_index=True)
    frame = _repeat_people(rng, frame)
    frame = _outcomes(rng, frame, effects["slowness"].set_axis(district_ids))
    frame["request_id"] = [f"R{i:05d}" for i in range(1, len(frame) + 1)]
    frame["request_date"] = iso_day(frame["request_day"])
    return frame[REQUEST_COLUMNS]


REQUEST_COLUMNS = ["request_id", "person_id", "district_id", "age", "sex", "dependency_score",
                   "service", "referred_by", "request_date", "start_date", "hours_per_week",
                   "outcome"]
DISTRICT_IDS = [f"D{i:02d}" for i in range(1, 31)]
_USERS = "people aged 65+"

RESOURCES: dict[str, dict[str, Any]] = {
    "homecare_panel": {
        "title": "Home care and residential beds by district, 2019-2025 (synthetic)",
        "description": "One row per district and year: residents, people aged 65+ in "
                       "integrated home care (ADI) and in home help (SAD), hours, residential "
                       "beds. Calibrated on AGENAS, Welforum and ISTAT figures.",
        "schema": schema([
            field("district_id", "string", "Social-cohesion district (see `districts`)",
                  required=True, enum=DISTRICT_IDS),
            field("year", "integer", "Calendar year", "year", required=True, minimum=2019,
                  maximum=2025),
            field("population", "integer", "Residents at 1 January", "residents",
                  required=True, minimum=0),
            field("population_65_plus", "integer", "Residents aged 65+ at 1 January",
                  "residents", required=True, minimum=0),
            field("adi_users_65_plus", "integer", "People aged 65+ who received integrated "
                  "home care (ADI) during the year", _USERS, required=True, minimum=0),
            field("adi_coverage_pct", "number", "ADI users 65+ per 100 residents aged 65+",
                  "%", required=True, minimum=0, maximum=100),
            field("adi_hours", "integer", "Hours of ADI given during the year", "hours",
                  required=True, minimum=0),
            field("sad_users_65_plus", "integer", "People aged 65+ who received home help "
                  "(SAD) from the comuni during the year", _USERS, required=True, minimum=0),
            field("sad_hours", "integer", "Hours of SAD given during the year", "hours",
                  required=True, minimum=0),
            field("residential_beds", "integer", "Beds in residential care homes (RSA and "
                  "others) at 1 January", "beds", required=True, minimum=0),
        ], foreign={"district_id": "districts.district_id"}),
        "card": "cards/homecare_panel.md",
    },
    "homecare_requests": {
        "title": "Home-care requests 2019-2025, a 1-in-200 sample (synthetic, pseudonymised)",
        "description": "One row per request for home help (SAD) or integrated home care "
                       "(ADI): the person (pseudonym, age, sex, dependency), the dates, the "
                       "weekly hours and the outcome at 31 Dec 2025. Volumes follow "
                       "`homecare_panel`.",
        "schema": schema([
            field("request_id", "string", "Request number", required=True, unique=True,
                  pattern="R[0-9]{5}"),
            field("person_id", "string", "Pseudonym of the person (12 hex digits); a person "
                  "may have made more than one request", required=True,
                  pattern="[0-9a-f]{12}"),
            field("district_id", "string", "Social-cohesion district (see `districts`)",
                  required=True, enum=DISTRICT_IDS),
            field("age", "integer", "Age at the request", "years", required=True, minimum=18,
                  maximum=110),
            field("sex", "string", "Sex (F, M)", required=True, enum=["F", "M"]),
            field("dependency_score", "integer", "Activities of daily living the person needs "
                  "help with (Katz ADL: 0 = none, 6 = all)", "activities", required=True,
                  minimum=0, maximum=6),
            field("service", "string", "SAD: home help (social); ADI: integrated home care "
                  "(health and social)", required=True, enum=SERVICES),
            field("referred_by", "string", "Who made or prompted the request", required=True,
                  enum=REFERRERS),
            field("request_date", "date", "Day of the request", required=True),
            field("start_date", "date", "Day the service started; empty if it has not "
                  "(see outcome)"),
            field("hours_per_week", "number", "Hours of service a week; empty if not started",
                  "hours/week", minimum=0),
            field("outcome", "string", "At 31 Dec 2025: started, still waiting, not eligible, "
                  "or withdrawn (died, moved into a care home, changed their mind)",
                  required=True, enum=OUTCOMES),
        ], key="request_id", foreign={"district_id": "districts.district_id"}),
        "card": "cards/homecare_requests.md",
    },
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The home-care panel and requests, built on ``tables["districts"]``."""
    rng = np.random.default_rng(SEED)
    districts = tables["districts"]
    effects = _district_effects(rng, len(districts))
    panel = make_panel(rng, districts, effects)
    requests = make_requests(rng, panel, effects, districts["district_id"])
    return {"homecare_panel": panel, "homecare_requests": requests}
