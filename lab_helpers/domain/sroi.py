"""Social return on investment (module 08): the arithmetic of an SROI impact map.

One outcome of an impact map is worth, in year *t* of its life (t = 0, 1, ...)::

    quantity x proxy x (1 - deadweight) x (1 - displacement) x (1 - attribution)
             x (1 - drop_off) ** t                       while t < duration_years

and that value, received at the end of year t + 1, is discounted by (1 + rate) ** (t + 1).
The SROI ratio is the present value of every outcome divided by the inputs (the cost).
The adjustments are percentages (0 to 100), as in the ``impact_map`` dataset. The learner
computes each step once by hand in the notebook; these functions then do it for the whole
map, and the checks and the tests use the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..datasets import datapackage
from ..i18n import _

if TYPE_CHECKING:  # pragma: no cover - imported for type hints only
    import pandas as pd

PERCENT = 100.0
ADJUSTMENTS = ("deadweight_pct", "displacement_pct", "attribution_pct", "drop_off_pct")


def analysis_terms(dataset: str = "impact_map") -> dict[str, Any]:
    """The inputs (euro) and the discount rate of an impact map, from ``datapackage.json``."""
    for resource in datapackage()["resources"]:
        if resource["name"] == dataset and "sroi" in resource:
            return dict(resource["sroi"])
    raise ValueError(_("The dataset {name} has no SROI terms.").format(name=dataset))


@dataclass(frozen=True)
class Outcome:
    """One row of an impact map: a change, how much of it, and what a unit is worth."""

    quantity: float  # units of the indicator in one year
    proxy_value_eur: float  # value of one unit for one year (negative for a harm)
    duration_years: int
    deadweight_pct: float = 0.0
    displacement_pct: float = 0.0
    attribution_pct: float = 0.0
    drop_off_pct: float = 0.0

    def __post_init__(self) -> None:
        for name in ADJUSTMENTS:
            value = getattr(self, name)
            if not 0 <= value <= PERCENT:
                raise ValueError(_("{name} must be a percentage between 0 and 100, not "
                                   "{value}.").format(name=name, value=value))
        if self.duration_years < 1:
            raise ValueError(_("An outcome must last at least one year."))


def first_year_impact(outcome: Outcome) -> float:
    """The impact in the first year: the value after deadweight, displacement, attribution."""
    kept = 1.0
    for pct in (outcome.deadweight_pct, outcome.displacement_pct, outcome.attribution_pct):
        kept *= 1 - pct / PERCENT
    return outcome.quantity * outcome.proxy_value_eur * kept


def yearly_impacts(outcome: Outcome) -> list[float]:
    """The impact of each year the outcome lasts, shrinking by the drop-off each year."""
    first = first_year_impact(outcome)
    return [first * (1 - outcome.drop_off_pct / PERCENT) ** year
            for year in range(outcome.duration_years)]


def present_value(outcome: Outcome, discount_rate: float) -> float:
    """Today's value of the outcome's yearly impacts, each discounted to the start."""
    if discount_rate <= -1:
        raise ValueError(_("The discount rate must be above -100%: 0.035 is 3.5%."))
    return sum(value / (1 + discount_rate) ** (year + 1)
               for year, value in enumerate(yearly_impacts(outcome)))


def outcomes(impact_map: pd.DataFrame) -> list[Outcome]:
    """The rows of an impact-map table (the ``impact_map`` dataset's columns) as outcomes."""
    fields = ("quantity", "proxy_value_eur", "duration_years", *ADJUSTMENTS)
    missing = [name for name in fields if name not in impact_map.columns]
    if missing:
        raise ValueError(_("The impact map has no column {column}.").format(column=missing[0]))
    return [Outcome(float(row.quantity), float(row.proxy_value_eur), int(row.duration_years),
                    float(row.deadweight_pct), float(row.displacement_pct),
                    float(row.attribution_pct), float(row.drop_off_pct))
            for row in impact_map[list(fields)].itertuples(index=False)]


def total_present_value(impact_map: pd.DataFrame, discount_rate: float) -> float:
    """The present value of every outcome of the map, added up."""
    return sum(present_value(outcome, discount_rate) for outcome in outcomes(impact_map))


def sroi_ratio(impact_map: pd.DataFrame, inputs_eur: float, discount_rate: float) -> float:
    """Present value of the outcomes for each euro of inputs (2.5 reads "2.5 to 1")."""
    if inputs_eur <= 0:
        raise ValueError(_("The inputs must be a positive amount of euro."))
    return total_present_value(impact_map, discount_rate) / inputs_eur


def shifted(impact_map: pd.DataFrame, column: str, points: float) -> pd.DataFrame:
    """A copy of the map with one adjustment moved by some points, kept between 0 and 100."""
    if column not in ADJUSTMENTS:
        raise ValueError(_("The impact map has no column {column}.").format(column=column))
    frame = impact_map.copy()
    frame[column] = (frame[column] + points).clip(0, PERCENT)
    return frame


def ratio_range(impact_map: pd.DataFrame, inputs_eur: float, discount_rate: float,
                points: float = 25.0,
                columns: tuple[str, ...] = ("deadweight_pct", "attribution_pct"),
                ) -> tuple[float, float]:
    """The lowest and highest ratio when each of ``columns`` moves by ``points`` up or down.

    The low end raises them all together (more would have happened anyway, more is due to
    others), the high end lowers them all together.
    """
    low, high = impact_map, impact_map
    for column in columns:
        low = shifted(low, column, points)
        high = shifted(high, column, -points)
    return (sroi_ratio(low, inputs_eur, discount_rate),
            sroi_ratio(high, inputs_eur, discount_rate))
