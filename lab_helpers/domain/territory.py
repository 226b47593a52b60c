"""Territorial indicators and a needs-based allocation of a fund among districts.

Module 02 (territorial needs) teaches these calculations step by step; the functions here
do the same in one call, so later modules (home care, the capstone) and the learner's own
scenarios can reuse them. Every indicator is computed from **counts** added up over an
area first (a ratio of sums), never as a mean of the comuni's ratios, which would let a
comune of 40 residents weigh as much as a town of 40,000.

Definitions (GLOSSARY.md):

- old-age index (*indice di vecchiaia*): residents aged 65+ per 100 aged 0 to 14;
- old-age dependency ratio (*indice di dipendenza degli anziani*): residents aged 65+ per
  100 aged 15 to 64;
- LEPS: at least 1 social worker per 5,000 residents (L. 178/2020); the service target
  (*obiettivo di servizio*) is 1 per 4,000.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import pandas as pd

from ..i18n import _

LEPS_RESIDENTS_PER_WORKER = 5000  # LEPS: 1 social worker per 5,000 residents (L. 178/2020)
SERVICE_TARGET_RESIDENTS_PER_WORKER = 4000  # obiettivo di servizio: 1 per 4,000 residents
PER_HUNDRED = 100

# The counts of `municipalities` that add up over an area (the age bands 65-79 and 80+
# become one column of residents aged 65 and over).
COUNT_COLUMNS = (
    "population",
    "population_0_14",
    "population_15_64",
    "population_65_plus",
    "population_80_plus",
    "living_alone",
    "living_alone_65_plus",
)

Numeric = TypeVar("Numeric", float, pd.Series)


def per_hundred(part: Numeric, whole: Numeric) -> Numeric:
    """``part`` for every 100 of ``whole`` (works on numbers and on whole columns)."""
    return part / whole * PER_HUNDRED


def with_population_65_plus(municipalities: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``municipalities`` with ``population_65_plus`` = 65 to 79 plus 80 and over."""
    frame = municipalities.copy()
    if "population_65_plus" not in frame.columns:
        frame["population_65_plus"] = frame["population_65_79"] + frame["population_80_plus"]
    return frame


def totals_by(municipalities: pd.DataFrame, by: str = "district_id") -> pd.DataFrame:
    """The counts of the comuni added up by ``by`` ("district_id", "province", ...).

    One row per area, in the order ``groupby`` gives (the data's order of codes).
    """
    frame = with_population_65_plus(municipalities)
    _require(frame, [by, *COUNT_COLUMNS])
    return frame.groupby(by, observed=True)[list(COUNT_COLUMNS)].sum()


def add_indicators(totals: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table of counts with the four demographic indicators added.

    ``old_age_index`` and ``old_age_dependency`` are per 100; ``share_80_plus`` (of all
    residents) and ``alone_65_share`` (people 65+ living alone, of all people 65+) are
    percentages.
    """
    _require(totals, COUNT_COLUMNS)
    frame = totals.copy()
    frame["old_age_index"] = per_hundred(frame["population_65_plus"], frame["population_0_14"])
    frame["old_age_dependency"] = per_hundred(frame["population_65_plus"],
                                              frame["population_15_64"])
    frame["share_80_plus"] = per_hundred(frame["population_80_plus"], frame["population"])
    frame["alone_65_share"] = per_hundred(frame["living_alone_65_plus"],
                                          frame["population_65_plus"])
    return frame


def posts_missing(population: Numeric, social_workers: Numeric,
                  residents_per_worker: float = LEPS_RESIDENTS_PER_WORKER) -> Numeric:
    """Social-worker posts (FTE) missing to reach 1 per ``residents_per_worker`` residents.

    Positive: posts short of the standard; negative: posts beyond it; zero: exactly at it.
    """
    return population / residents_per_worker - social_workers


def total_posts_short(missing: pd.Series) -> float:
    """The posts missing in the areas that fall short, added up.

    Areas beyond the standard are left out: their spare posts do not work in another
    district, so they must not cancel out the shortfall of the others.
    """
    return float(missing[missing > 0].sum())


def _require(frame: pd.DataFrame, columns: object) -> None:
    missing = [c for c in columns if c not in frame.columns]  # type: ignore[attr-defined]
    if missing:
        raise KeyError(_("The table has no column called '{column}'. Its columns are: "
                         "{columns}.").format(column=missing[0],
                                              columns=", ".join(map(str, frame.columns))))


def _weights(weights: Mapping[str, float]) -> dict[str, float]:
    """The weights as proportions that add up to 1 (checked, then normalised)."""
    if not isinstance(weights, Mapping) or not weights:
        raise ValueError(_("Give the weights as a dictionary of columns and numbers, like "
                           "{\"population\": 0.4, \"population_80_plus\": 0.6}."))
    values = {str(k): float(v) for k, v in weights.items()}
    if any(v < 0 for v in values.values()):
        raise ValueError(_("A weight cannot be negative: use 0 to leave a column out."))
    total = sum(values.values())
    if total <= 0:
        raise ValueError(_("At least one weight must be more than 0."))
    return {k: v / total for k, v in values.items()}


def need_index(table: pd.DataFrame, weights: Mapping[str, float]) -> pd.Series:
    """Each area's weighted share of the region's need; the index adds up to 1.

    For every column named in ``weights``, an area's figure is divided by the region's
    total (its part of the region), then the parts are weighted and added up. Weights are
    read as proportions: {"population": 2, "population_80_plus": 2} is the same as 0.5
    and 0.5.
    """
    proportions = _weights(weights)
    _require(table, proportions)
    index = sum(weight * table[column] / table[column].sum()
                for column, weight in proportions.items())
    return pd.Series(index, index=table.index, name="need_index", dtype="float64")


def allocate_fund(table: pd.DataFrame, weights: Mapping[str, float], fund: float) -> pd.Series:
    """The ``fund`` (in euro) split among the rows of ``table`` by their need index.

    The amounts add up to ``fund`` whatever the weights: the weights move money between
    areas, they never change the total.
    """
    if fund < 0:
        raise ValueError(_("The fund cannot be negative."))
    return (need_index(table, weights) * fund).rename("allocation")


def compare_weights(table: pd.DataFrame, base: Mapping[str, float],
                    alternative: Mapping[str, float], fund: float,
                    label: str = "district") -> pd.DataFrame:
    """How an allocation changes when the weights change, area by area.

    Columns: ``label``; ``base`` and ``alternative``, the euro under each set of weights;
    ``difference`` (alternative minus base); ``rank_base`` and ``rank_alternative``, the
    area's place when areas are ranked by euro per resident (1 = the most per resident);
    ``places_moved`` (positive: the area moves up). Needs a ``population`` column.
    """
    _require(table, [label, "population"])
    first = allocate_fund(table, base, fund)
    second = allocate_fund(table, alternative, fund)
    per_resident_first = first / table["population"]
    per_resident_second = second / table["population"]
    rank_first = per_resident_first.rank(ascending=False, method="min").astype("int64")
    rank_second = per_resident_second.rank(ascending=False, method="min").astype("int64")
    return pd.DataFrame({
        label: table[label],
        "base": first,
        "alternative": second,
        "difference": second - first,
        "rank_base": rank_first,
        "rank_alternative": rank_second,
        "places_moved": rank_first - rank_second,
    })
