"""Digital services (module 06): open requests, Kaplan–Meier, intervals and a dashboard.

A request still open when the data were extracted has waited *at least* so long: leaving it
out makes a channel look faster than it is. :func:`kaplan_meier` is the classic estimate
that keeps such requests in the count for as long as they were seen waiting, written in a
few lines of pandas (no survival library needed for one curve). :func:`share_interval`
gives the Wilson 95% interval of a share, for comparisons on small counts.

:func:`dashboard` is a small ipywidgets tool: two menus (district, channel) and the figures
and chart of :func:`district_figures`, recomputed whenever a menu's value changes, with the
mouse, the keyboard or in code, so it works in a notebook and headless alike. A learner's
own view (a function of the requests, a district and a channel) can be added to it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..i18n import N_, _, format_number

CUTOFF = pd.Timestamp("2026-01-01")  # service_requests was extracted at midnight, 31 Dec 2025
CHANNELS = ("counter", "phone", "web", "app")
Z_95 = 1.96  # the normal quantile of a two-sided 95% interval

# A tiny invented example for a Kaplan–Meier step worked by hand: hours waited by seven
# requests, and whether each had been answered (False: still open when we looked).
HAND_HOURS = (1, 2, 4, 4, 6, 7, 9)
HAND_ANSWERED = (True, False, True, True, False, True, True)


def _series(values: Any, name: str) -> pd.Series:
    return values.reset_index(drop=True) if isinstance(values, pd.Series) else pd.Series(
        list(values), name=name)


def kaplan_meier(hours: Any, answered: Any) -> pd.DataFrame:
    """The share of requests still waiting after each time at which some were answered.

    ``hours``: how long each request had waited, until its answer or, if still open, until
    the data were extracted; ``answered``: True when it was answered. One row per time with
    at least one answer: ``hours``, ``at_risk`` (requests still waiting just before it,
    open ones included), ``answered`` and ``still_waiting``, the previous row's value times
    (1 − answered ÷ at_risk).
    """
    hours, answered = _series(hours, "hours"), _series(answered, "answered")
    if len(hours) != len(answered):
        raise ValueError(_("Give one value of 'answered' for each value of 'hours': the two "
                           "columns have different lengths."))
    frame = pd.DataFrame({"hours": pd.to_numeric(hours, errors="coerce"),
                          "answered": answered.fillna(False).astype(bool)})
    if frame["hours"].isna().any():
        raise ValueError(_("Some hours are empty or not numbers. Keep only the requests "
                           "answered or still open, with the hours each one waited."))
    by_time = frame.groupby("hours").agg(answered=("answered", "sum"),
                                         seen=("answered", "size"))
    by_time["at_risk"] = len(frame) - by_time["seen"].cumsum().shift(fill_value=0)
    table = by_time[by_time["answered"] > 0].reset_index()
    table["answered"] = table["answered"].astype(int)
    table["at_risk"] = table["at_risk"].astype(int)
    table["still_waiting"] = (1 - table["answered"] / table["at_risk"]).cumprod()
    return table[["hours", "at_risk", "answered", "still_waiting"]]


def km_quantile(table: pd.DataFrame, answered_share: float = 0.5) -> float:
    """The first time by which ``answered_share`` of the requests had been answered (0.5:
    the median); NaN when the curve never gets there (too many still open)."""
    reached = table.loc[table["still_waiting"] <= 1 - answered_share + 1e-12, "hours"]
    return float(reached.iloc[0]) if len(reached) else math.nan


def hours_waited(requests: pd.DataFrame, cutoff: pd.Timestamp = CUTOFF) -> pd.Series:
    """Hours to the answer, or, for a request still open, hours from its arrival to ``cutoff``."""
    so_far = (cutoff - requests["submitted_at"]).dt.total_seconds() / 3600
    return requests["response_hours"].where(requests["responded_at"].notna(), so_far)


def share_interval(part: int, whole: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson interval of ``part`` out of ``whole``, in per cent (95% by default)."""
    if whole <= 0:
        return (math.nan, math.nan)
    share = part / whole
    centre = (share + z * z / (2 * whole)) / (1 + z * z / whole)
    half = z * math.sqrt(share * (1 - share) / whole + z * z / (4 * whole * whole)) / (
        1 + z * z / whole)
    return (100 * max(0.0, centre - half), 100 * min(1.0, centre + half))


# --- one district and one channel ------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """What the dashboard shows for one district and one channel."""

    district: str
    channel: str
    requests: int
    answered: int
    still_open: int
    abandoned: int
    median_hours: float  # among the answered requests only
    p90_hours: float
    per_month: pd.Series  # requests per month


def select(requests: pd.DataFrame, district: str, channel: str) -> pd.DataFrame:
    """The requests of one district that came in by one channel."""
    return requests[(requests["district_id"].astype(str) == str(district))
                    & (requests["channel"].astype(str) == str(channel))]


def district_figures(requests: pd.DataFrame, district: str, channel: str) -> Figures:
    """The counts, response times and monthly requests of one district and channel."""
    rows = select(requests, district, channel)
    hours = rows["response_hours"].dropna()
    outcome = rows["outcome"].astype(str)
    months = pd.date_range(requests["submitted_at"].min().to_period("M").to_timestamp(),
                           requests["submitted_at"].max(), freq="MS")
    per_month = rows.resample("MS", on="submitted_at").size().reindex(months, fill_value=0)
    return Figures(
        district=str(district), channel=str(channel), requests=len(rows),
        answered=int(rows["responded_at"].notna().sum()),
        still_open=int((outcome == "pending").sum()),
        abandoned=int((outcome == "abandoned").sum()),
        median_hours=float(hours.median()) if len(hours) else math.nan,
        p90_hours=float(hours.quantile(0.9)) if len(hours) else math.nan,
        per_month=per_month)


# --- the dashboard ---------------------------------------------------------------------------

DISTRICT_LABEL = N_("District")
CHANNEL_LABEL = N_("Channel")
CHART_TITLE = N_("Requests per month: district {district}, channel {channel}")
VIEW_TITLE = N_("Your view")


def _hours(value: float) -> str:
    return "–" if math.isnan(value) else format_number(value, decimals=1)


def describe(figures: Figures) -> str:
    """The figures in plain words: the dashboard's text, also readable without it."""
    def count(value: int) -> str:
        return format_number(value, decimals=0)

    lines = [
        _("District {district}, channel {channel}: {n} requests in 2024–2025.").format(
            district=figures.district, channel=figures.channel, n=count(figures.requests)),
        _("Answered: {answered}; still open on 31 December 2025: {open}; abandoned: "
          "{abandoned}.").format(answered=count(figures.answered),
                                 open=count(figures.still_open),
                                 abandoned=count(figures.abandoned)),
        _("Hours to the first answer, among the answered requests: median {median}, 90th "
          "percentile {p90}.").format(median=_hours(figures.median_hours),
                                      p90=_hours(figures.p90_hours)),
    ]
    if figures.requests < 30:
        lines.append(_("Fewer than 30 requests: figures this small change a lot by chance."))
    return "\n".join(lines)


def alt_text(figures: Figures) -> str:
    """The chart's alternative text: what it shows, in words."""
    months = figures.per_month
    if not len(months) or months.max() == 0:
        return _("Line chart of requests per month: no requests.")
    busiest = months.idxmax()
    quietest = months.idxmin()
    return _("Line chart of requests per month, January 2024 to December 2025: between "
             "{low} and {high} a month; fewest in {quiet}, most in {busy}.").format(
        low=int(months.min()), high=int(months.max()),
        quiet=quietest.strftime("%m/%Y"), busy=busiest.strftime("%m/%Y"))


def _figures_html(figures: Figures) -> str:
    lines = html.escape(describe(figures)).split("\n")
    return ('<div role="status" aria-live="polite" style="border-left:6px solid #0072B2;'
            'padding:6px 12px;margin:4px 0;line-height:1.5">' + "<br>".join(lines) + "</div>")


def _view_html(view: Any) -> str:
    title = f"<strong>{html.escape(_(VIEW_TITLE))}</strong>"
    if isinstance(view, pd.Series | pd.DataFrame):
        body = view.round(1).to_frame().to_html() if isinstance(view, pd.Series) else \
            view.round(1).to_html()
    else:
        body = html.escape(str(view))
    return f"<div style='margin:4px 0'>{title}{body}</div>"


def dashboard(requests: pd.DataFrame, extra_view: Callable[[pd.DataFrame, str, str], Any]
              | None = None, *, district: str | None = None, channel: str = "web") -> Any:
    """Two menus (district, channel), the figures, a monthly chart and its alt text.

    Returns an ``ipywidgets.VBox`` with attributes ``district`` and ``channel`` (the
    Dropdowns), ``figures`` (HTML), ``chart`` (an Output holding the chart), ``alt`` (HTML)
    and ``view`` (HTML showing ``extra_view(requests, district, channel)``, if given).
    Changing a menu's ``value`` updates everything at once, in a browser or in code.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    districts = sorted(requests["district_id"].astype(str).unique())
    style = {"description_width": "8em"}
    menus = {
        "district": widgets.Dropdown(options=districts, value=district or districts[0],
                                     description=_(DISTRICT_LABEL), style=style),
        "channel": widgets.Dropdown(options=list(CHANNELS), value=channel,
                                    description=_(CHANNEL_LABEL), style=style),
    }
    figures_box, alt_box, view_box = widgets.HTML(), widgets.HTML(), widgets.HTML()
    chart = widgets.Output()

    def update(_change: Any = None) -> None:
        chosen = (menus["district"].value, menus["channel"].value)
        figures = district_figures(requests, *chosen)
        figures_box.value = _figures_html(figures)
        with chart:
            chart.clear_output(wait=True)
            fig, ax = plt.subplots(figsize=(8, 3.5))
            figures.per_month.plot(ax=ax, marker="o", title=_(CHART_TITLE).format(
                district=chosen[0], channel=chosen[1]), xlabel=_("Month"),
                ylabel=_("Requests"))
            ax.set_ylim(bottom=0)
            plt.show()
            plt.close(fig)
        alt_box.value = "<em>" + html.escape(alt_text(figures)) + "</em>"
        if extra_view is not None:
            try:
                view_box.value = _view_html(extra_view(requests, *chosen))
            except Exception as error:  # noqa: BLE001 - the learner's view must not break it
                view_box.value = html.escape(_("Your view could not be drawn: {error}").format(
                    error=error))

    for menu in menus.values():
        menu.observe(update, names="value")
    update()
    box = widgets.VBox([menus["district"], menus["channel"], figures_box, chart, alt_box,
                        view_box])
    box.district, box.channel = menus["district"], menus["channel"]
    box.figures, box.chart, box.alt, box.view = figures_box, chart, alt_box, view_box
    return box
