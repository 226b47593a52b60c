"""Impact finance: a world market of impact bonds and one fictional Piedmont contract.

``impact_bonds_market`` has the columns ``lab_helpers.load_indigo`` makes from GO Lab's
INDIGO export, calibrated on INDIGO's public figures; every row is synthetic.
``impact_bond_cohort`` holds the participants of an invented outcomes contract, with the
quarter of each outcome; its terms (prices, cap, capital) are in the resource's
``contract`` property and in the data card.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import field

SEED = 2010  # the first social impact bond (Peterborough, GB) started in 2010

# Real figures (domain fact sheet, section 4): INDIGO extract of 20 May 2025.
INDIGO_BONDS = 319
COUNTRY_BONDS = {"GB": 100, "US": 28, "FR": 25, "PT": 23}
COUNTRIES = 41
SECTOR_BONDS = {"Employment and training": 95, "Health": 55, "Education": 51}
MEDIAN_CAPITAL_USD = 1_320_000
REPORTING_CAPITAL = 240 / INDIGO_BONDS  # the mean (843M USD over 240) is checked, not set
MEDIAN_USERS = 434  # GO Lab, July 2023
MEDIAN_MONTHS = 49  # GO Lab, July 2023
PRICE_QUARTILES_USD = {0.25: 730, 0.5: 1_022, 0.75: 1_931}
FIRST_YEAR, DATA_YEAR = 2010, 2025

# Invented: the rest of the market.
BONDS = 310
SECTORS = ["Employment and training", "Child and family welfare", "Health", "Homelessness",
           "Education", "Criminal justice", "Agriculture and environment", "Poverty reduction"]
OTHER_SECTOR_BONDS = {"Child and family welfare": 40, "Homelessness": 33, "Criminal justice": 24,
                      "Poverty reduction": 11, "Agriculture and environment": 7}
STAGES = ["Early-stage design", "Late-stage design", "Contracted", "Implementation",
          "Service delivery complete", "Complete"]  # INDIGO's codelists
OTHER_COUNTRIES = ["NL", "AU", "JP", "DK", "CA", "KR", "DE", "BE", "FI", "SE", "CH", "AT", "IL",
                   "NZ", "CO", "ZA", "AR", "PE", "IN", "CM", "UG", "KE", "RU", "KZ", "MX", "BR",
                   "CL", "EC", "NO", "IE", "ES", "LU", "PS", "SN", "JO", "NP", "GH"]
START_WEIGHTS = {2011: 1, 2012: 6, 2013: 9, 2014: 14, 2015: 19, 2016: 24, 2017: 29, 2018: 33,
                 2019: 31, 2020: 28, 2021: 26, 2022: 24, 2023: 21, 2024: 14, 2025: 4}
METRIC_WEIGHTS = [12, 18, 22, 14, 10, 8, 5, 4, 3, 2, 1, 1]  # 1 to 12 metrics; median 3 (INDIGO)
MISSING = {"start_year": 0.03, "duration_months": 0.15, "capital_raised_usd": 1 - REPORTING_CAPITAL,
           "service_users": 0.28, "pricing": 0.35, "max_outcome_payment_usd": 0.6}
SHORT = {"Employment and training": "Employment", "Child and family welfare": "Family",
         "Health": "Health", "Homelessness": "Housing", "Education": "Education",
         "Criminal justice": "Justice", "Agriculture and environment": "Environment",
         "Poverty reduction": "Poverty"}


def _match_quantiles(values: np.ndarray, targets: dict[float, float]) -> np.ndarray:
    """Stretch positive ``values`` (on a log scale, keeping their order) so that their
    quantiles are ``targets`` ({probability: value})."""
    logs = np.log(values)
    probs = sorted(targets)
    knots = np.quantile(logs, probs)
    shifts = np.log([targets[p] for p in probs]) - knots
    return np.exp(logs + np.interp(logs, knots, shifts))


def _counts(real: dict[str, int], total: int) -> dict[str, int]:
    """Real counts out of INDIGO's bonds, rescaled to ``total`` bonds."""
    return {k: round(v * total / INDIGO_BONDS) for k, v in real.items()}


def _countries(rng: np.random.Generator) -> np.ndarray:
    """Country codes: the four largest markets as in INDIGO, a long tail of others."""
    counts = _counts(COUNTRY_BONDS, BONDS)
    others = rng.permutation(OTHER_COUNTRIES[: COUNTRIES - len(counts)])
    weights = 1 / np.arange(2, len(others) + 2)
    spread = 1 + rng.multinomial(BONDS - sum(counts.values()) - len(others),
                                 weights / weights.sum())
    codes = [c for c, n in counts.items() for _ in range(n)]
    codes += [c for c, n in zip(others, spread, strict=True) for _ in range(n)]
    return rng.permutation(codes)


def _stage(rng: np.random.Generator, start: np.ndarray, months: np.ndarray) -> list[str]:
    """INDIGO's stage of development in 2025, from start year and duration."""
    end = start + np.nan_to_num(months, nan=MEDIAN_MONTHS) / 12
    done = np.where(rng.random(len(start)) < 0.15, "Service delivery complete", "Complete")
    return list(np.where(start >= DATA_YEAR, "Contracted",
                         np.where(end < DATA_YEAR + 0.4, done, "Implementation")))


def _blank(rng: np.random.Generator, values: np.ndarray, share: float) -> np.ndarray:
    """``values`` as floats with a random ``share`` of them missing."""
    out = values.astype(float)
    out[rng.random(len(out)) < share] = np.nan
    return out


def make_market(rng: np.random.Generator) -> pd.DataFrame:
    """About 300 synthetic impact bonds in the layout of ``load_indigo``'s output."""
    country = _countries(rng)
    sectors = {**_counts(SECTOR_BONDS, BONDS), **OTHER_SECTOR_BONDS}
    sector = rng.permutation([s for s, n in sectors.items() for _ in range(n)])
    years = np.array(list(START_WEIGHTS))
    start = rng.choice(years, BONDS, p=np.array(list(START_WEIGHTS.values())) / sum(
        START_WEIGHTS.values()))
    start[np.flatnonzero(country == "GB")[0]] = FIRST_YEAR
    months = np.clip(np.round(MEDIAN_MONTHS * np.exp(rng.normal(0, 0.35, BONDS))), 12, 120)
    size = rng.normal(size=BONDS)  # bigger bonds raise more capital and serve more people
    capital = _match_quantiles(np.exp(1.35 * size), {0.5: MEDIAN_CAPITAL_USD})
    users = _match_quantiles(np.exp(1.4 * (0.5 * size + 0.87 * rng.normal(size=BONDS))),
                             {0.5: MEDIAN_USERS})
    price = _match_quantiles(np.exp(rng.normal(size=BONDS)), PRICE_QUARTILES_USD)
    metrics = 1 + rng.choice(len(METRIC_WEIGHTS), BONDS, p=np.array(METRIC_WEIGHTS) / sum(
        METRIC_WEIGHTS))
    priced = rng.random(BONDS) >= MISSING["pricing"]
    frame = pd.DataFrame({
        "bond_id": [f"SYN-POJ-{i:04d}" for i in range(1, BONDS + 1)],
        "name": [f"{SHORT[s]} bond {c}-{i:03d} (synthetic)"
                 for i, (s, c) in enumerate(zip(sector, country, strict=True), 1)],
        "country": country,
        "sector": sector,
        "stage": _stage(rng, start, months),
        "start_year": _blank(rng, start, MISSING["start_year"]),
        "duration_months": _blank(rng, months, MISSING["duration_months"]),
        "capital_raised_usd": _blank(rng, np.round(capital, -3), MISSING["capital_raised_usd"]),
        "max_outcome_payment_usd": _blank(
            rng, np.round(capital * rng.uniform(1.05, 1.8, BONDS), -3),
            MISSING["max_outcome_payment_usd"]),
        "service_users": _blank(rng, np.maximum(np.round(users), 10), MISSING["service_users"]),
        "outcome_metrics": np.where(priced, metrics, np.nan),
        "price_per_outcome_usd": np.where(priced, np.round(price), np.nan),
    })
    for col in ("start_year", "duration_months", "service_users", "outcome_metrics"):
        frame[col] = frame[col].astype("Int64")
    return frame


# The fictional contract: outcomes payable by the Region, investors repaid from them.
CONTRACT: dict[str, Any] = {
    "name": "Seconda opportunità (fictional)",
    "first_quarter": "2021-Q1",
    "quarters": 12,
    "enrolment_quarters": 6,
    "participants": 400,
    "capital_eur": 1_240_000,
    "capital_drawn_quarter": 0,
    "cap_eur": 1_300_000,
    "outcome_prices_eur": {"job_start": 1_500, "job_sustained": 4_000, "no_reoffending": 3_500},
    "baseline_reoffending_12_months": 0.70,
}
CHANCE = {"job_start": 0.45, "job_sustained": 0.6, "reoffend_working": 0.4,
          "reoffend_otherwise": 0.62}


def _after(rng: np.random.Generator, quarter: np.ndarray, happens: np.ndarray,
           lags: tuple[int, ...]) -> np.ndarray:
    """The quarter of an outcome that ``happens`` some quarters after ``quarter``
    (missing when it does not happen, or falls after the contract's last quarter)."""
    when = quarter + rng.choice(lags, len(quarter))
    return np.where(happens & (when <= CONTRACT["quarters"]), when, np.nan)


def make_cohort(rng: np.random.Generator, districts: pd.DataFrame) -> pd.DataFrame:
    """The participants of the fictional contract and the quarter of each outcome."""
    n = CONTRACT["participants"]
    enrol = rng.integers(1, CONTRACT["enrolment_quarters"] + 1, n)
    job = _after(rng, enrol, rng.random(n) < CHANCE["job_start"], (1, 1, 2, 3))
    kept = _after(rng, job, rng.random(n) < CHANCE["job_sustained"], (2,))
    reoffend = rng.random(n) < np.where(np.isnan(kept), CHANCE["reoffend_otherwise"],
                                        CHANCE["reoffend_working"])
    weights = districts["population"].to_numpy(float)
    frame = pd.DataFrame({
        "district_id": rng.choice(districts["district_id"], n, p=weights / weights.sum()),
        "sex": np.where(rng.random(n) < 0.95, "M", "F"),
        "age": np.clip(np.round(rng.normal(37, 10, n)), 19, 70).astype(int),
        "enrolment_quarter": enrol,
        "job_start_quarter": job,
        "job_sustained_quarter": kept,
        "no_reoffending_quarter": _after(rng, enrol, ~reoffend, (4,)),
    })
    for col in ("job_start_quarter", "job_sustained_quarter", "no_reoffending_quarter"):
        frame[col] = frame[col].astype("Int64")
    frame = frame.sort_values("enrolment_quarter", kind="stable", ignore_index=True)
    frame.insert(0, "participant_id", [f"P{i:04d}" for i in range(1, n + 1)])
    return frame


def _quarter(name: str, description: str) -> dict[str, Any]:
    """An outcome's quarter: 1 to the contract's last."""
    return field(name, "integer", description, "quarter of the contract", minimum=1,
                 maximum=CONTRACT["quarters"])


USD = "USD"
RESOURCES: dict[str, dict[str, Any]] = {
    "impact_bonds_market": {
        "title": "Impact bonds of the world, in the layout of GO Lab's INDIGO data (synthetic)",
        "description": "One row per impact bond. Every row is synthetic, calibrated on INDIGO's "
                       "public figures; lab_helpers.load_indigo reads the real INDIGO export "
                       "into the same columns.",
        "schema": {"primaryKey": ["bond_id"], "fields": [
            field("bond_id", "string", "Bond identifier (INDIGO: ID)", required=True,
                  unique=True),
            field("name", "string", "Name of the bond (INDIGO: Impact Bond Name)",
                  required=True),
            field("country", "string", "Country of the bond, ISO 3166 two-letter code (the "
                  "first one listed if several)", required=True, pattern="[A-Z]{2}"),
            field("sector", "string", "Policy sector (INDIGO's codelist)", required=True,
                  enum=SECTORS),
            field("stage", "string", "Stage of development (INDIGO's codelist)", required=True,
                  enum=STAGES),
            field("start_year", "integer", "Year service provision started", "year",
                  minimum=FIRST_YEAR, maximum=DATA_YEAR),
            field("duration_months", "integer", "Anticipated duration of service provision",
                  "months", minimum=1),
            field("capital_raised_usd", "number", "Total investment committed by investors "
                  "(capital raised)", USD, minimum=0),
            field("max_outcome_payment_usd", "number", "Maximum potential outcome payment "
                  "(the contract's cap)", USD, minimum=0),
            field("service_users", "integer", "Targeted number of unique service users",
                  "people", minimum=0),
            field("outcome_metrics", "integer", "Number of outcome metrics that trigger "
                  "payments", "metrics", minimum=1),
            field("price_per_outcome_usd", "number", "Median price paid per unit of outcome "
                  "across the bond's metrics", USD, minimum=0),
        ]},
    },
    "impact_bond_cohort": {
        "title": "Participants of a fictional Piedmont outcomes contract (synthetic)",
        "description": "One row per participant of 'Seconda opportunità', an invented social "
                       "impact bond for people leaving prison: when each was enrolled and "
                       "when each outcome was verified. The contract's terms are in "
                       "'contract' and in the data card.",
        "contract": CONTRACT,
        "schema": {"primaryKey": ["participant_id"], "fields": [
            field("participant_id", "string", "Pseudonymous participant code", required=True,
                  unique=True, pattern="P[0-9]{4}"),
            field("district_id", "string", "Social-cohesion district of residence",
                  required=True, pattern="D[0-9]{2}"),
            field("sex", "string", "Sex", required=True, enum=["F", "M"]),
            field("age", "integer", "Age at enrolment", "years", required=True, minimum=18),
            field("enrolment_quarter", "integer", "Quarter of the contract in which the "
                  "participant was enrolled (quarter 1 is 2021-Q1)", "quarter of the contract",
                  required=True, minimum=1, maximum=CONTRACT["enrolment_quarters"]),
            _quarter("job_start_quarter", "Quarter in which a job start was verified (empty "
                     "if none within the contract); pays 1,500 euro"),
            _quarter("job_sustained_quarter", "Quarter in which six months in work were "
                     "verified (empty if none within the contract); pays 4,000 euro"),
            _quarter("no_reoffending_quarter", "Quarter in which 12 months without a new "
                     "conviction were verified (empty if the person reoffended); pays "
                     "3,500 euro"),
        ]},
    },
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The market table and the cohort (on the districts of the territory generator)."""
    rng = np.random.default_rng(SEED)
    return {"impact_bonds_market": make_market(rng),
            "impact_bond_cohort": make_cohort(rng, tables["districts"])}
