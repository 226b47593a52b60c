"""Service requests: two years of requests to the social services' front offices.

Each request came in by one channel (counter, phone, web, app). Digital take-up (web and
app) rises over time and falls with age; offices answer in opening hours. FACTS.md has no
figure on digital take-up: the shares are assumptions, stated in the data card.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import field, schema

SEED = 20240101  # the first day of the two years
FIRST_DAY, LAST_DAY = pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31")
CUTOFF = pd.Timestamp("2026-01-01")  # extracted at midnight after the last day
REQUESTS = 20_000

CHANNELS = ["counter", "phone", "web", "app"]
AGE_GROUPS = {"18-34": 0.15, "35-49": 0.22, "50-64": 0.25, "65-79": 0.22, "80+": 0.16}
DIGITAL_START = {"18-34": 0.60, "35-49": 0.50, "50-64": 0.35, "65-79": 0.15, "80+": 0.05}
DIGITAL_GAIN = 0.6  # assumed rise of the log-odds of going digital over the two years
APP_SHARE = (0.30, 0.50)  # assumed share of the app among digital requests, start and end
TOPICS = {"information": 0.30, "appointment": 0.25, "economic support": 0.20,
          "home care": 0.15, "certificate": 0.10}
OUTCOMES = ["resolved", "referred", "abandoned", "pending"]
MEDIAN_HOURS = {"counter": 0.3, "phone": 1.5, "web": 20.0, "app": 14.0}  # assumed
# Assumed: some topics take longer to answer than others, whatever the channel.
TOPIC_FACTOR = {"information": 0.7, "appointment": 1.0, "economic support": 2.5,
                "home care": 2.0, "certificate": 1.5}
SPREAD = 1.0  # assumed spread (sigma) of the log-normal time to answer
# Assumed: some web and app requests wait in a shared inbox, six times as long.
INBOX = {"counter": 0.0, "phone": 0.0, "web": 0.10, "app": 0.06}
INBOX_FACTOR = 6.0
ABANDON = {"counter": 0.01, "phone": 0.08, "web": 0.03, "app": 0.02}  # assumed
# Assumed: a quick phone call often ends with "ask that other office".
REFERRED = {"counter": 0.14, "phone": 0.26, "web": 0.18, "app": 0.17}
# Assumed seasonality: fewer requests in August (holidays) and December, more after them.
MONTH_FACTOR = {1: 1.1, 2: 1.0, 3: 1.0, 4: 0.95, 5: 1.0, 6: 0.95, 7: 0.9, 8: 0.55,
                9: 1.15, 10: 1.05, 11: 1.0, 12: 0.85}


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _channels(rng: np.random.Generator, age: np.ndarray, when: np.ndarray,
              district_effect: np.ndarray) -> np.ndarray:
    """Digital more often when younger and later; among digital, the app gains ground."""
    share = np.array([DIGITAL_START[a] for a in age])
    logit = _logit(share) + DIGITAL_GAIN * when + district_effect
    digital = rng.random(len(age)) < 1 / (1 + np.exp(-logit))
    app = rng.random(len(age)) < APP_SHARE[0] + (APP_SHARE[1] - APP_SHARE[0]) * when
    counter = rng.random(len(age)) < np.where(np.isin(age, ["65-79", "80+"]), 0.6, 0.5)
    return np.select([digital & app, digital, counter], ["app", "web", "counter"], "phone")


def _office_time(rng: np.random.Generator, days: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """A moment in opening hours (Mon-Fri, 9:00-12:30 and 14:00-16:00): weekends move on to
    the Monday."""
    weekday = days.day_of_week.to_numpy()
    day = days + pd.to_timedelta(np.where(weekday >= 5, 7 - weekday, 0), unit="D")
    minutes = rng.integers(0, 330, len(days))  # 210 in the morning, 120 in the afternoon
    minutes = np.where(minutes < 210, 9 * 60 + minutes, 14 * 60 + minutes - 210)
    return day + pd.to_timedelta(minutes, unit="min")


def _any_time(rng: np.random.Generator, days: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """A moment of the day, any day, mostly between 8:00 and 23:00 (web and app)."""
    minutes = np.clip(rng.normal(15 * 60, 4 * 60, len(days)), 0, 24 * 60 - 1).astype(int)
    return days + pd.to_timedelta(minutes, unit="min")


def _next_opening(times: pd.Series) -> pd.Series:
    """The first office moment at or after each time (web and app wait for it)."""
    out = times.copy()
    for _ in range(4):
        hour = out.dt.hour + out.dt.minute / 60
        weekend = out.dt.day_of_week >= 5
        closed = weekend | (hour >= 16) | (hour < 9) | ((hour >= 12.5) & (hour < 14))
        to_next_day = weekend | (hour >= 16)
        next_day = (out.dt.normalize() + pd.Timedelta(days=1) + pd.Timedelta(hours=9))
        same_day = out.dt.normalize() + pd.to_timedelta(np.where(hour < 9, 9, 14), unit="h")
        out = out.where(~closed, next_day.where(to_next_day, same_day))
    return out


def make_requests(rng: np.random.Generator, districts: pd.DataFrame) -> pd.DataFrame:
    """About 20,000 requests of 2024-2025, with channel, timing, response and outcome."""
    n = REQUESTS
    span = (LAST_DAY - FIRST_DAY).days + 1
    calendar = FIRST_DAY + pd.to_timedelta(np.arange(span), unit="D")
    weight = calendar.month.map(MONTH_FACTOR).to_numpy(dtype=float)
    days = FIRST_DAY + pd.to_timedelta(np.sort(rng.choice(span, n, p=weight / weight.sum())),
                                       unit="D")
    when = ((days - FIRST_DAY).days / span).to_numpy()
    age = rng.choice(list(AGE_GROUPS), n, p=list(AGE_GROUPS.values()))
    old_share = districts["population_65_plus"] / districts["population"]
    effect = -8 * (old_share - old_share.mean())  # older districts go digital less
    where = rng.choice(len(districts), n, p=districts["population"] / districts["population"]
                       .sum())
    channel = _channels(rng, age, when, effect.to_numpy()[where])
    digital = np.isin(channel, ["web", "app"])
    submitted = pd.Series(np.where(digital, _any_time(rng, days), _office_time(rng, days)))
    start = pd.Series(np.where(digital, _next_opening(submitted), submitted))
    topic = rng.choice(list(TOPICS), n, p=list(TOPICS.values()))
    median = np.array([MEDIAN_HOURS[c] for c in channel]) * np.array(
        [TOPIC_FACTOR[t] for t in topic])
    inbox = rng.random(n) < np.array([INBOX[c] for c in channel])
    hours = rng.lognormal(np.log(median), SPREAD) * np.where(inbox, INBOX_FACTOR, 1.0)
    responded = start + pd.to_timedelta(np.round(hours * 60), unit="min")
    abandoned = rng.random(n) < np.array([ABANDON[c] for c in channel])
    pending = ~abandoned & (responded >= CUTOFF)
    answered = ~abandoned & ~pending
    referred = rng.random(n) < np.array([REFERRED[c] for c in channel])
    outcome = np.select([abandoned, pending, referred],
                        ["abandoned", "pending", "referred"], "resolved")
    frame = pd.DataFrame({
        "submitted_at": submitted.dt.strftime("%Y-%m-%dT%H:%M:%S"),
        "channel": channel, "age_group": age,
        "district_id": districts["district_id"].to_numpy()[where],
        "topic": topic,
        "responded_at": responded.dt.strftime("%Y-%m-%dT%H:%M:%S").where(answered),
        "response_hours": pd.Series(np.round((responded - submitted).dt.total_seconds()
                                             / 3600, 2)).where(answered),
        "outcome": outcome,
    }).sort_values("submitted_at", kind="stable", ignore_index=True)
    frame.insert(0, "request_id", [f"Q{i:05d}" for i in range(1, n + 1)])
    return frame


RESOURCES: dict[str, dict[str, Any]] = {
    "service_requests": {
        "title": "Requests to the social services' front offices, 2024-2025 (synthetic)",
        "description": "One row per request: when and by which channel it came in, the "
                       "requester's age group and district, the topic, when it was answered "
                       "and how it ended.",
        "schema": schema([
            field("request_id", "string", "Request number", required=True, unique=True,
                  pattern="Q[0-9]{5}"),
            field("submitted_at", "datetime", "Moment the request came in (local time)",
                  required=True),
            field("channel", "string", "Counter (in person), phone, web form or app",
                  required=True, enum=CHANNELS),
            field("age_group", "string", "Age group of the requester", "years",
                  required=True, enum=list(AGE_GROUPS)),
            field("district_id", "string", "Social-cohesion district (see `districts`)",
                  required=True, enum=[f"D{i:02d}" for i in range(1, 31)]),
            field("topic", "string", "What the request was about", required=True,
                  enum=list(TOPICS)),
            field("responded_at", "datetime", "Moment of the first answer; empty if "
                  "abandoned or still pending"),
            field("response_hours", "number", "Hours from submission to first answer "
                  "(clock hours, nights and weekends included)", "hours", minimum=0),
            field("outcome", "string", "Resolved, referred to another service, abandoned by "
                  "the requester, or pending at 31 Dec 2025", required=True, enum=OUTCOMES),
        ], key="request_id", foreign={"district_id": "districts.district_id"}),
        "card": "cards/service_requests.md",
    },
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The front-office requests, spread over ``tables["districts"]`` by population."""
    return {"service_requests": make_requests(np.random.default_rng(SEED),
                                              tables["districts"])}
