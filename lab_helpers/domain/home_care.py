"""Home care (module 03): caseload planning and a what-if scenario model for ADI.

The scenario model is one plain function, :func:`run_scenario`. The sliders of
:func:`scenario_tool` call it, the exercise checks of module 03 call it, and so do the
tests, so the widget, the checks and a learner's own code can never disagree. Nothing
here needs a browser: the widget is an ordinary ``ipywidgets`` box whose result text is
recomputed whenever a slider's value changes, in a notebook or in plain Python.

The model is deliberately small. For one district and one year of integrated home care
(ADI) it takes the people who asked for ADI, the hours each of them receives in a year
and the operators (full-time equivalents) who give the care, and it says how many people
can be served, how many are left waiting, and whether coverage reaches the PNRR target.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, _, format_number

# PNRR M6C1 investment 1.2.1: ADI for 10% of people aged 65+ by December 2025 (AGENAS).
PNRR_ADI_TARGET_PCT = 10.0
# The service runs every week of the year, holidays included.
WEEKS_PER_YEAR = 52
# Assumptions of module 03 (no national standard; a service uses its own HR figures):
# a full-time operator works 42 of the 52 weeks (about 7 weeks of annual leave and public
# holidays, 2 of sickness, 1 of training and supervision): the colleagues who cover the
# holidays are staff too.
WORKING_WEEKS = 42
# In a working week of 36 contracted hours, about 30 are spent with people; the rest goes on
# travel between homes, records and team meetings. That is a town figure: in hill and
# mountain comuni, where homes are far apart, travel takes more and 25 is more realistic.
CONTRACT_HOURS_PER_WEEK = 36
CARE_HOURS_PER_OPERATOR = 30.0
HILL_CARE_HOURS_PER_OPERATOR = 25.0


@dataclass(frozen=True)
class DistrictBaseline:
    """One district's ADI in one year, as the ``homecare_panel`` dataset records it."""

    district_id: str
    year: int
    population_65_plus: int  # residents aged 65+ at 1 January
    users: int  # people aged 65+ who received ADI during the year
    hours: float  # hours of ADI given during the year

    @property
    def coverage_pct(self) -> float:
        """ADI users per 100 residents aged 65+."""
        return self.users / self.population_65_plus * 100

    @property
    def hours_per_user(self) -> float:
        """Hours of ADI one person received in the year, on average."""
        return self.hours / self.users

    @property
    def weekly_hours(self) -> float:
        """Hours of ADI given in an average week."""
        return weekly_hours(self.hours)

    @property
    def operators(self) -> float:
        """Full-time operators (not rounded) that the year's hours kept busy, leave counted."""
        return self.hours / care_hours_a_year()


def district_baseline(panel: pd.DataFrame, district_id: str, year: int = 2025
                      ) -> DistrictBaseline:
    """The baseline of ``district_id`` in ``year`` from the ``homecare_panel`` table."""
    rows = panel[(panel["district_id"].astype(str) == str(district_id))
                 & (panel["year"] == int(year))]
    if rows.empty:
        raise ValueError(_("The table has no row for district {district} in {year}.").format(
            district=district_id, year=year))
    row = rows.iloc[0]
    return DistrictBaseline(
        district_id=str(district_id), year=int(year),
        population_65_plus=int(row["population_65_plus"]),
        users=int(row["adi_users_65_plus"]), hours=float(row["adi_hours"]))


def weekly_hours(hours_in_a_year: float) -> float:
    """Hours a year spread over the weeks of the year."""
    return hours_in_a_year / WEEKS_PER_YEAR


def care_hours_a_year(care_hours_per_operator: float = CARE_HOURS_PER_OPERATOR,
                      working_weeks: float = WORKING_WEEKS) -> float:
    """Hours of care one full-time operator gives in a year: care hours a week x weeks worked."""
    if care_hours_per_operator <= 0 or not 0 < working_weeks <= WEEKS_PER_YEAR:
        raise ValueError(_("Each operator must give some hours of care, in 1 to 52 weeks a "
                           "year: use numbers above 0."))
    return care_hours_per_operator * working_weeks


def operators_needed(hours_a_week: float,
                     care_hours_per_operator: float = CARE_HOURS_PER_OPERATOR,
                     working_weeks: float = WORKING_WEEKS) -> int:
    """Whole operators needed to give ``hours_a_week`` in every week of the year.

    The care runs 52 weeks; each operator works ``working_weeks`` of them: the hours of the
    year over one operator's hours of care in a year, rounded up.
    """
    yearly = care_hours_a_year(care_hours_per_operator, working_weeks)
    return math.ceil(round(hours_a_week * WEEKS_PER_YEAR / yearly, 9))


@dataclass(frozen=True)
class ScenarioResult:
    """What a scenario gives in a year: people asking, served and waiting, and coverage."""

    demand: float  # people who ask for ADI in the year
    capacity: float  # people the operators can serve in the year
    served: float  # the smaller of the two
    waiting: float  # people asking who cannot be served (0 when capacity is enough)
    coverage_pct: float  # people served per 100 residents aged 65+
    target_pct: float = PNRR_ADI_TARGET_PCT

    @property
    def meets_target(self) -> bool:
        """True when coverage reaches the target (at least ``target_pct``)."""
        return self.coverage_pct >= self.target_pct

    def __str__(self) -> str:
        return describe(self)

    def _repr_html_(self) -> str:  # how a notebook shows a result on a cell's last line
        return _html(self, _(RESULT_TITLE))


def run_scenario(baseline: DistrictBaseline, demand_growth_pct: float, hours_per_user: float,
                 operators: float, *, care_hours_per_operator: float = CARE_HOURS_PER_OPERATOR,
                 working_weeks: float = WORKING_WEEKS,
                 target_pct: float = PNRR_ADI_TARGET_PCT) -> ScenarioResult:
    """The year that follows from a scenario, for the district of ``baseline``.

    - people asking = the baseline's users, grown by ``demand_growth_pct`` per cent;
    - people the operators can serve = operators x care hours a week x the weeks each one
      works (leave, sickness and training left out), divided by ``hours_per_user``;
    - served = the smaller of the two; waiting = people asking who are not served;
    - coverage = served per 100 residents aged 65+ (kept as in the baseline year).

    With growth 0, the baseline's own hours per user and ``baseline.operators``, the model
    gives back the baseline year: every person asking is served.
    """
    if hours_per_user <= 0:
        raise ValueError(_("The hours per person must be a number above 0."))
    if operators < 0 or demand_growth_pct < -100:
        raise ValueError(_("Operators cannot be fewer than 0, nor can demand fall by more than "
                           "100%."))
    demand = baseline.users * (1 + demand_growth_pct / 100)
    capacity = (operators * care_hours_a_year(care_hours_per_operator, working_weeks)
                / hours_per_user)
    served = min(demand, capacity)
    return ScenarioResult(demand=demand, capacity=capacity, served=served,
                          waiting=demand - served,
                          coverage_pct=served / baseline.population_65_plus * 100,
                          target_pct=target_pct)


def smallest_staff_for_target(baseline: DistrictBaseline, demand_growth_pct: float,
                              hours_per_user: float, *,
                              target_pct: float = PNRR_ADI_TARGET_PCT,
                              care_hours_per_operator: float = CARE_HOURS_PER_OPERATOR,
                              working_weeks: float = WORKING_WEEKS) -> int | None:
    """The fewest whole operators with which :func:`run_scenario` reaches ``target_pct``.

    None when no number of operators is enough: too few people ask for ADI, so the
    target needs more demand (outreach, referrals), not only more staff.
    """
    def meets(operators: int) -> bool:
        return run_scenario(baseline, demand_growth_pct, hours_per_user, operators,
                            care_hours_per_operator=care_hours_per_operator,
                            working_weeks=working_weeks, target_pct=target_pct).meets_target

    enough = math.ceil(baseline.users * (1 + demand_growth_pct / 100) * hours_per_user
                       / care_hours_a_year(care_hours_per_operator, working_weeks)) + 1
    if not meets(enough):
        return None
    low, high = 0, enough  # meets(high) is True; find the smallest such number
    if meets(low):
        return low
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if meets(middle) else (middle, high)
    return high


# --- how sure a ranking can be ----------------------------------------------------------------

RESAMPLING_SEED = 20251231  # the day the requests' states were read: everyone gets one answer
RESAMPLES = 1000


def ranking_uncertainty(frame: pd.DataFrame, group: str, value: str, *, q: float = 0.9,
                        top: int = 5, draws: int = RESAMPLES,
                        seed: int = RESAMPLING_SEED) -> pd.DataFrame:
    """How sure a ranking of groups on the quantile ``q`` of ``value`` can be (a bootstrap).

    Each resample draws, at random and with replacement, as many rows as a group has from
    that group's own rows, and computes the quantile again; empty values are left out.
    One row per group, the highest quantile first: ``count`` (the values), ``quantile``,
    ``low`` and ``high`` (the middle 90% of the resampled quantiles), and in how many
    resamples out of 100 the group comes first (``pct_first``) or among the ``top`` highest
    (``pct_top``). The seed makes the answer the same on every run.
    """
    if not 0 < q < 1:
        raise ValueError(_("The quantile must be a number between 0 and 1, such as 0.9."))
    values = {key: rows.dropna().to_numpy(float)
              for key, rows in frame.groupby(group, observed=True)[value]}
    values = {key: v for key, v in values.items() if len(v)}
    if not values:
        raise ValueError(_("There are no values to rank: the column {column} is empty.").format(
            column=value))
    rng = np.random.default_rng(seed)
    resampled = np.column_stack([
        np.quantile(rng.choice(v, size=(draws, len(v))), q, axis=1) for v in values.values()])
    place = (-resampled).argsort(axis=1, kind="stable").argsort(axis=1)  # 0 = the highest
    table = pd.DataFrame({
        "count": [len(v) for v in values.values()],
        "quantile": [float(np.quantile(v, q)) for v in values.values()],
        "low": np.quantile(resampled, 0.05, axis=0),
        "high": np.quantile(resampled, 0.95, axis=0),
        "pct_first": (place == 0).mean(axis=0) * 100,
        "pct_top": (place < top).mean(axis=0) * 100,
    }, index=pd.Index(list(values), name=group))
    return table.sort_values("quantile", ascending=False, kind="stable")


# --- the widget --------------------------------------------------------------------------

GROWTH_LABEL = N_("Demand growth (%)")
HOURS_LABEL = N_("Hours per person in a year")
OPERATORS_LABEL = N_("Operators (full-time)")
TOOL_TITLE = N_("ADI scenario for district {district}, one year after {year}")
RESULT_TITLE = N_("ADI scenario")


def describe(result: ScenarioResult, lang: str | None = None) -> str:
    """The scenario in plain words (the widget's text, also usable without a widget)."""
    def count(value: float) -> str:
        return format_number(round(value), lang, decimals=0)

    def pct(value: float) -> str:
        return format_number(value, lang, decimals=1)

    verdict = (_("Target reached.", lang) if result.meets_target
               else _("Target not reached.", lang))
    lines = [
        _("People asking for ADI in the year: {n}", lang).format(n=count(result.demand)),
        _("People the operators can serve: {n}", lang).format(n=count(result.capacity)),
        _("People served: {n}, that is {pct}% of residents aged 65+ (target: {target}%). "
          "{verdict}", lang).format(n=count(result.served), pct=pct(result.coverage_pct),
                                    target=pct(result.target_pct), verdict=verdict),
        _("People left waiting: {n}", lang).format(n=count(result.waiting)),
    ]
    return "\n".join(lines)


def _html(result: ScenarioResult, title: str) -> str:
    """The result as accessible HTML: text first, then a bar that repeats it."""
    colour = "#0072B2" if result.meets_target else "#D55E00"  # Okabe-Ito blue / vermilion
    symbol = "✔" if result.meets_target else "✘"
    scale = max(result.target_pct * 2, result.coverage_pct * 1.1, 1.0)
    width = min(result.coverage_pct / scale * 100, 100)
    target_at = result.target_pct / scale * 100
    lines = html.escape(describe(result)).split("\n")
    body = "<br>".join(lines[:2] + [f"<strong>{symbol} {lines[2]}</strong>"] + lines[3:])
    bar_label = html.escape(_("Coverage {pct}% against a target of {target}%").format(
        pct=format_number(result.coverage_pct, decimals=1),
        target=format_number(result.target_pct, decimals=1)))
    return (
        f'<div role="status" aria-live="polite" style="border-left:6px solid {colour};'
        f'padding:6px 12px;margin:4px 0;line-height:1.5">'
        f"<strong>{html.escape(title)}</strong><br>{body}"
        f'<div role="img" aria-label="{bar_label}" style="position:relative;height:18px;'
        f'background:#EEEEEE;margin-top:6px;max-width:480px">'
        f'<div style="width:{width:.1f}%;height:100%;background:{colour}"></div>'
        f'<div style="position:absolute;left:{target_at:.1f}%;top:-3px;bottom:-3px;'
        f'border-left:3px dashed #000000"></div></div></div>'
    )


def scenario_tool(baseline: DistrictBaseline, *, max_growth_pct: int = 100,
                  care_hours_per_operator: float = CARE_HOURS_PER_OPERATOR,
                  working_weeks: float = WORKING_WEEKS,
                  target_pct: float = PNRR_ADI_TARGET_PCT) -> Any:
    """Sliders for demand growth, hours per person and operators, and the result below.

    Returns an ``ipywidgets.VBox``: its ``sliders`` attribute maps "growth", "hours" and
    "operators" to the sliders, and ``result`` is the HTML widget that shows
    :func:`run_scenario`'s answer. Changing a slider's ``value`` (with the mouse, the
    keyboard or in code) recomputes the result at once, so it works without a browser.
    """
    import ipywidgets as widgets

    style = {"description_width": "16em"}  # the three sliders start at the same place
    layout = widgets.Layout(width="560px")
    today_operators = operators_needed(baseline.weekly_hours, care_hours_per_operator,
                                       working_weeks)
    sliders = {
        "growth": widgets.IntSlider(value=0, min=0, max=max_growth_pct, step=5,
                                    description=_(GROWTH_LABEL), style=style, layout=layout,
                                    continuous_update=False),
        "hours": widgets.FloatSlider(value=round(baseline.hours_per_user * 2) / 2, min=1.0,
                                     max=max(40.0, math.ceil(baseline.hours_per_user * 2)),
                                     step=0.5, readout_format=".1f",
                                     description=_(HOURS_LABEL), style=style,
                                     layout=layout, continuous_update=False),
        "operators": widgets.IntSlider(value=today_operators, min=0,
                                       max=max(10, 3 * today_operators), step=1,
                                       description=_(OPERATORS_LABEL), style=style,
                                       layout=layout, continuous_update=False),
    }
    title = _(TOOL_TITLE).format(district=baseline.district_id, year=baseline.year)
    result = widgets.HTML()

    def update(_change: Any = None) -> None:
        outcome = run_scenario(baseline, sliders["growth"].value, sliders["hours"].value,
                               sliders["operators"].value,
                               care_hours_per_operator=care_hours_per_operator,
                               working_weeks=working_weeks, target_pct=target_pct)
        result.value = _html(outcome, title)

    for slider in sliders.values():
        slider.observe(update, names="value")
    update()
    box = widgets.VBox([*sliders.values(), result])
    box.sliders, box.result = sliders, result
    return box
