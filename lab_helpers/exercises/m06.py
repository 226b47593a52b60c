"""Module 06, digital services: the exercises of the notebook, checked from the requests.

Every expected value (and every plausible wrong one) is computed here from
``load_dataset("service_requests")``, never typed in. The Kaplan–Meier exercises are
checked against :func:`lab_helpers.domain.digital_services.kaplan_meier`, the function the
notebook uses; the dashboard exercise calls the learner's own function for a few districts
and channels, as the dashboard does. Messages and hints are English, marked with ``N_()``;
the Italian is in ``locale/it/LC_MESSAGES/m06.po``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..checks import (
    ChoiceProblem,
    HiddenTest,
    Mistake,
    OrderProblem,
    Problem,
    RangeProblem,
    TableProblem,
    Try,
    ValueProblem,
    bind,
)
from ..checks.compare import compare_frame
from ..checks.digests import labelled
from ..checks.outcome import Outcome
from ..datasets import load_dataset
from ..domain.digital_services import (
    HAND_ANSWERED,
    HAND_HOURS,
    hours_waited,
    kaplan_meier,
    km_quantile,
    select,
)
from ..i18n import N_, _

PERCENT = 100
DIGITAL = ("web", "app")
OPENS, CLOSES = 9, 16  # the offices' hours in the data: 9:00 to 16:00, Monday to Friday
LATE_FROM = "2025-12-15"  # the last fortnight before the data were extracted
COMPARE_YEAR = 2024  # the year closest to ISTAT's 2023 survey of digital skills
OLDER = "65-79"
READING_TOLERANCE = 1.0  # a reading of the table within 1 percentage point is right
HAND_AT = 4  # the hour of the Kaplan–Meier step worked by hand
VIEW_CASES = (("D01", "web"), ("D30", "app"), ("D12", "phone"))
HIDDEN_CASES = (("D09", "counter"), ("D18", "app"))


# --- reference code -------------------------------------------------------------------------

def _requests() -> pd.DataFrame:
    frame = load_dataset("service_requests")
    frame["digital"] = frame["channel"].isin(DIGITAL)
    return frame


def _channel(name: str, frame: pd.DataFrame | None = None) -> pd.DataFrame:
    frame = _requests() if frame is None else frame
    return frame[frame["channel"] == name]


def _digital() -> pd.DataFrame:
    frame = _requests()
    return frame[frame["digital"]]


def _pct(flags: pd.Series) -> float:
    return float(flags.mean() * PERCENT)


def _per_month(frame: pd.DataFrame, rule: str = "MS") -> pd.Series:
    return frame.resample(rule, on="submitted_at").size()


def _out_of_hours(frame: pd.DataFrame | None = None, *, before: bool = True,
                  after: str = ">=") -> float:
    hour = (_digital() if frame is None else frame)["submitted_at"].dt.hour
    late = hour >= CLOSES if after == ">=" else hour > CLOSES
    return _pct((hour < OPENS) | late if before else late)


def _by_age(share: bool = False) -> pd.Series:
    values = _requests().groupby("age_group", observed=True)["digital"].mean()
    return values if share else values * PERCENT


def _older_digital(year: int = COMPARE_YEAR, group: str = OLDER) -> float:
    frame = _requests()
    rows = (frame["age_group"] == group) & (frame["submitted_at"].dt.year == year)
    return _pct(frame.loc[rows, "digital"])


def _hours_by(column: str | list[str], how: str | float) -> pd.Series:
    grouped = _requests().groupby(column, observed=True)["response_hours"]
    return grouped.agg(how) if isinstance(how, str) else grouped.quantile(how)


def _late() -> pd.DataFrame:
    frame = _requests()
    return frame[frame["submitted_at"] >= LATE_FROM]


def _late_web(keep_abandoned: bool = True) -> pd.DataFrame:
    web = _channel("web", _late())
    return web if keep_abandoned else web[web["outcome"] != "abandoned"]


def _count(frame: pd.DataFrame, *outcomes: str) -> int:
    return int(frame["outcome"].isin(outcomes).sum())


def _hand(at: int = HAND_AT) -> float:
    table = kaplan_meier(HAND_HOURS, HAND_ANSWERED)
    return float(table.loc[table["hours"] == at, "still_waiting"].iloc[0])


def _hand_counts(at: int = HAND_AT) -> tuple[int, int, int]:
    """(answered by ``at``, answered at ``at``, still waiting just before ``at``)."""
    table = kaplan_meier(HAND_HOURS, HAND_ANSWERED)
    row = table.loc[table["hours"] == at].iloc[0]
    return (sum(h <= at and a for h, a in zip(HAND_HOURS, HAND_ANSWERED, strict=True)),
            int(row["answered"]), int(row["at_risk"]))


def _km_web() -> pd.DataFrame:
    web = _late_web(keep_abandoned=False)
    return kaplan_meier(hours_waited(web), web["responded_at"].notna())


def _resolved(outcomes: Sequence[str] = ("resolved",), share: bool = False) -> pd.Series:
    frame = _requests()
    values = frame["outcome"].isin(outcomes).groupby(frame["channel"], observed=True).mean()
    return values if share else values * PERCENT


def _outcome_view(requests: pd.DataFrame, district: str, channel: str) -> pd.Series:
    return select(requests, district, channel)["outcome"].value_counts(normalize=True) * PERCENT


# --- a function the dashboard calls ---------------------------------------------------------

def _view_difference(value: Any, reference: Callable[..., Any],
                     cases: Sequence[tuple[str, str]]) -> str | None:
    """None when ``value`` gives what ``reference`` gives for every (district, channel)."""
    requests = _requests()
    for district, channel in cases:
        got = value(requests.copy(), district, channel)
        try:
            tidy = labelled(got)
        except TypeError:
            return _("Your function should give back a column (a pandas Series), but it "
                     "gives a {kind}.").format(kind=type(got).__name__)
        problem = compare_frame(tidy, labelled(reference(requests, district, channel)),
                                check_index=True)
        if problem:
            return _("For district {district} and channel {channel}: {problem}").format(
                district=district, channel=channel, problem=problem)
    return None


def _view_right_everywhere(value: Any) -> bool:
    """The same on districts and channels that the visible check does not try."""
    try:
        return _view_difference(value, _outcome_view, HIDDEN_CASES) is None
    except Exception:  # noqa: BLE001 - a function that fails is not right
        return False


@dataclass(frozen=True)
class ViewProblem(Problem):
    """A function of (requests, district, channel) that the dashboard calls: the check calls
    it for a few districts and channels and compares it with ``expected``."""

    expected: Callable[[pd.DataFrame, str, str], Any] = _outcome_view
    cases: tuple[tuple[str, str], ...] = VIEW_CASES

    def probes(self) -> dict[str, Any] | None:
        """The visible and the hidden cases, called on the notebook's table requests; the
        learner's check calls the first ``checked`` of them, and reads each result as outcome
        -> value (``result``: the reading of checks/digests.py's ``labelled``)."""
        return {"table": "requests", "cases": [list(c) for c in (*self.cases, *HIDDEN_CASES)],
                "checked": len(self.cases), "result": "labelled"}

    def probe_table(self) -> pd.DataFrame:
        return _requests()

    def assess(self, value: Any, hidden: bool = False) -> Outcome:
        if callable(value):
            try:
                first = value(_requests(), *self.cases[0])
            except Exception:  # noqa: BLE001 - judged by compare, with its message
                first = None
            if first is Ellipsis:
                return super().assess(Ellipsis, hidden)
        return super().assess(value, hidden)

    def compare(self, value: Any) -> str | None:
        if not callable(value):
            return _("'{var}' should be a function: keep the def line as it is and fill in "
                     "only the part with the dots.").format(var=self.var)
        try:
            return _view_difference(value, self.expected, self.cases)
        except Exception as error:  # noqa: BLE001 - the learner's function failed
            return _("Your function stopped with an error: {error}").format(error=error)

    def matches(self, value: Any, reference: Any) -> bool:
        try:
            return _view_difference(value, reference, self.cases) is None
        except Exception:  # noqa: BLE001
            return False


# --- section 1: four doors to the social services -------------------------------------------

digital_share = ValueProblem(
    expected=lambda: _pct(_requests()["digital"]),
    hints=(
        N_("The worked example took the share of counter requests. Here the condition is "
           "\"web or app\": requests[\"channel\"].isin([\"web\", \"app\"])."),
        N_("The .mean() of True/False values is the share of True; multiply by 100 for a "
           "percentage."),
    ),
    mistakes=(
        Mistake(lambda: _pct(_requests()["channel"] == "web"), N_(
            "You counted only the web form. Digital requests are web and app together."),
            code='(requests["channel"] == "web").mean() * 100'),
        Mistake(lambda: _pct(~_requests()["digital"]), N_(
            "That is the share of counter and phone requests, the other side. Keep the web "
            "and the app."),
            code='(~requests["channel"].isin(["web", "app"])).mean() * 100'),
        Mistake(lambda: int(_requests()["digital"].sum()), N_(
            "That is how many digital requests there are. Here we want their percentage: "
            ".mean() * 100 instead of .sum()."),
            code='requests["channel"].isin(["web", "app"]).sum()'),
    ),
    tries=(
        Try('requests["channel"].isin(["web", "app"]).mean()',
            N_("Your value looks 100 times too small: a share instead of a percentage?")),
    ),
)


# --- section 2: months, weeks and hours -----------------------------------------------------

app_per_month = TableProblem(
    expected=lambda: _per_month(_channel("app")),
    hints=(
        N_("Copy the worked example and change one thing: start from the table app instead "
           "of requests."),
        N_("app.resample(\"MS\", on=\"submitted_at\").size() counts the app requests of "
           "each month."),
    ),
    mistakes=(
        Mistake(lambda: _per_month(_requests()), N_(
            "These are all the requests of each month, the worked example. Start from the "
            "table app."),
            code='requests.resample("MS", on="submitted_at").size()'),
        Mistake(lambda: _per_month(_channel("app"), "W"), N_(
            "You counted by week (\"W\"). Count by month: \"MS\", the month's start."),
            code='app.resample("W", on="submitted_at").size()'),
        Mistake(lambda: _per_month(_channel("web")), N_(
            "These are the web requests. Here we want the app."),
            code='requests[requests["channel"] == "web"].resample("MS", '
                 'on="submitted_at").size()'),
    ),
)

out_of_hours_share = ValueProblem(
    expected=_out_of_hours,
    hints=(
        N_("Start from digital[\"submitted_at\"].dt.hour, the hour of each web and app "
           "request, as in the worked example."),
        N_("Outside opening hours means before 9 or from 16 on: (hour < 9) | (hour >= 16). "
           "The | means \"or\"."),
        N_("Then take the .mean() of that True/False column and multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _out_of_hours(after=">"), N_(
            "With > 16 the requests sent between 16:00 and 16:59 are left out, but the office "
            "closes at 16:00. Use >= 16."),
            code='((digital["submitted_at"].dt.hour < 9) | (digital["submitted_at"].dt.hour '
                 '> 16)).mean() * 100'),
        Mistake(lambda: _out_of_hours(before=False), N_(
            "You counted only the evening. Requests sent before 9:00 are outside opening "
            "hours too: add (hour < 9) with |."),
            code='(digital["submitted_at"].dt.hour >= 16).mean() * 100'),
        Mistake(lambda: _out_of_hours(_requests()), N_(
            "You used all the requests. Counter and phone requests come in only in opening "
            "hours: take the digital ones, the table digital."),
            code='((requests["submitted_at"].dt.hour < 9) | (requests["submitted_at"].dt.hour'
                 ' >= 16)).mean() * 100'),
        Mistake(lambda: 0.0, N_(
            "No hour is both before 9 and after 16: & means \"and\". Use | (\"or\")."),
            code='((digital["submitted_at"].dt.hour < 9) & (digital["submitted_at"].dt.hour '
                 '>= 16)).mean() * 100'),
    ),
)

season_reading = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("The data count requests, not needs. In August many families are away and "
                "offices work with fewer staff; the rise in September suggests that some "
                "needs only waited."),
        "c": N_("Counters and phone lines are closed at the weekend: what comes up on "
                "Saturday and Sunday reaches the office on Monday. Web and app requests are "
                "spread over the whole week."),
        "d": N_("The total stays about the same: digital requests grew while counter and "
                "phone requests fell."),
    },
    hints=(
        N_("Look at the dips and peaks of the monthly chart, then at the count by day of the "
           "week."),
        N_("Rule out the options that explain a count by a need: the data only say when "
           "requests came in."),
    ),
)


# --- section 3: who uses which door ---------------------------------------------------------

digital_by_age = TableProblem(
    expected=_by_age,
    hints=(
        N_("The worked example takes the percentage of digital requests for each topic. Do "
           "the same for each age group."),
        N_("requests.groupby(\"age_group\")[\"digital\"].mean(), then multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _by_age(share=True), N_(
            "Your values look 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code='requests.groupby("age_group")["digital"].mean()'),
        Mistake(lambda: _requests().groupby("age_group", observed=True)["digital"].sum(), N_(
            "These are counts of digital requests. Each age group has a different number of "
            "requests: take the .mean() for a share."),
            code='requests.groupby("age_group")["digital"].sum()'),
        Mistake(lambda: _digital()["age_group"].value_counts(normalize=True) * PERCENT, N_(
            "That says how the digital requests divide among the age groups. The question is "
            "how digital each age group is: group all the requests by age."),
            code='requests[requests["digital"]]["age_group"].value_counts(normalize=True) '
                 '* 100'),
    ),
)

older_digital_2024 = RangeProblem(
    low=lambda: _older_digital() - READING_TOLERANCE,
    high=lambda: _older_digital() + READING_TOLERANCE,
    hints=(
        N_("Find the row 65-79 in the table by age and year, and the column 2024."),
        N_("The table is already in percentages: write the number as you read it, without "
           "the % sign."),
    ),
    mistakes=(
        Mistake(lambda: _older_digital(COMPARE_YEAR + 1), N_(
            "That is the value of 2025. ISTAT's survey is of 2023: read the column 2024, the "
            "closest year in our data."),
            code="21.7"),
        Mistake(lambda: _older_digital(group="80+"), N_(
            "That is the row 80+. Read the row 65-79."),
            code="5.3"),
        Mistake(lambda: 19.3, N_(
            "That is ISTAT's figure for people aged 65-74. Here we want the share in our "
            "(synthetic) requests: read the table."),
            code="19.3"),
    ),
)

istat_reading = ChoiceProblem(
    correct=frozenset({"c"}),
    explanations={
        "a": N_("Our requests are synthetic, and they count requests, not people: a daughter "
                "may send the form for her father. Digital skills are measured by ISTAT's "
                "survey, not by our data."),
        "b": N_("An identity is not a skill: holding SPID does not mean being able to fill "
                "in a form alone, and the figure is not broken down by age, so it cannot say "
                "how many older people have one."),
        "d": N_("ISTAT's 19.3% is for people aged 65 to 74. Our group also holds people aged "
                "75 to 79, who have fewer digital skills: a comparable figure would be lower."),
    },
    hints=(
        N_("Check what each figure counts (people or requests), for which ages, and whether "
           "it is real or synthetic."),
        N_("Only one option compares like with like and draws a conclusion that follows."),
    ),
)


# --- section 4: how long for an answer ------------------------------------------------------

p90_by_channel = TableProblem(
    expected=lambda: _hours_by("channel", 0.9),
    hints=(
        N_("The worked example takes the median by channel. Change only the last part."),
        N_("The 90th percentile is .quantile(0.9), a number between 0 and 1."),
    ),
    mistakes=(
        Mistake(lambda: _hours_by("channel", "median"), N_(
            "These are the medians (the worked example). Here we want the 90th percentile: "
            ".quantile(0.9)."),
            code='requests.groupby("channel")["response_hours"].median()'),
        Mistake(lambda: _hours_by("channel", "mean"), N_(
            "These are means. Here we want the 90th percentile: .quantile(0.9)."),
            code='requests.groupby("channel")["response_hours"].mean()'),
        Mistake(lambda: _hours_by("channel", 0.1), N_(
            "That is the 10th percentile, the quick answers. The 90th is .quantile(0.9)."),
            code='requests.groupby("channel")["response_hours"].quantile(0.1)'),
    ),
)

median_by_channel_topic = TableProblem(
    expected=lambda: _hours_by(["channel", "topic"], "median").unstack(),
    hints=(
        N_("Group by two columns at once: groupby([\"channel\", \"topic\"]), as the worked "
           "example did with the outcome."),
        N_("Take the .median() of response_hours, then .unstack() puts the topics side by "
           "side, one column each."),
    ),
    mistakes=(
        Mistake(lambda: _hours_by(["topic", "channel"], "median").unstack(), N_(
            "Your table is the other way round: put the channels in the rows. Group by "
            "[\"channel\", \"topic\"], in that order."),
            code='requests.groupby(["topic", "channel"])["response_hours"].median().unstack()'),
        Mistake(lambda: _hours_by(["channel", "topic"], "mean").unstack(), N_(
            "These are means. A few very long waits pull a mean up: take the .median()."),
            code='requests.groupby(["channel", "topic"])["response_hours"].mean().unstack()'),
        Mistake(lambda: _hours_by(["channel", "topic"], 0.9).unstack(), N_(
            "That is the 90th percentile. Here we want the median."),
            code='requests.groupby(["channel", "topic"])["response_hours"].quantile(0.9)'
                 '.unstack()'),
    ),
    tries=(
        Try('requests.groupby(["channel", "topic"])["response_hours"].median()',
            N_("The answer should be a table (a pandas DataFrame), but it is a {kind}."),
            {"kind": "Series"}),
    ),
)


# --- section 5: requests still open ---------------------------------------------------------

open_late_web = ValueProblem(
    expected=lambda: _count(_late_web(), "pending"),
    hints=(
        N_("The table late_web holds the web requests of the last fortnight. Which of them "
           "have the outcome \"pending\"?"),
        N_("Compare the column outcome of late_web with \"pending\", then count the True "
           "values with .sum()."),
    ),
    mistakes=(
        Mistake(lambda: _count(_late(), "pending"), N_(
            "You counted the open requests of every channel. Count the web ones: late_web."),
            code='(late["outcome"] == "pending").sum()'),
        Mistake(lambda: _count(_late_web(), "pending", "abandoned"), N_(
            "You also counted the abandoned requests: they have no answer either, but they "
            "are not waiting any more. Count only \"pending\"."),
            code='late_web["response_hours"].isna().sum()'),
        Mistake(lambda: len(_late_web()) - _count(_late_web(), "pending"), N_(
            "You counted the requests that are not open. Count those whose outcome is "
            "\"pending\"."),
            code='(late_web["outcome"] != "pending").sum()'),
    ),
)

km_steps = OrderProblem(
    order=("c", "a", "b", "d"),
    hints=(
        N_("Before anything else, the requests must be in order of time."),
        N_("The share still waiting is updated by multiplying, and only after counting who is "
           "at risk and who was answered."),
    ),
    tries=(
        Try('["a", "c", "b", "d"]', N_("Think again about which step comes first.")),
        Try('["c", "a", "b"]', N_("Use each of the letters {letters} exactly once."),
            {"letters": "a, b, c, d"}),
    ),
)

km_by_hand = ValueProblem(
    expected=_hand,
    rel_tol=0.01,  # a reading rounded to two decimals is right
    hints=(
        N_("After 1 hour, 6 of the 7 requests are still waiting: 6/7. At 4 hours, how many "
           "are still at risk? Not the one answered at 1 hour, nor the open one that left at "
           "2 hours."),
        N_("Count those at risk at 4 hours: the 7 requests, less those that left before. "
           "Then write 6/7 * (1 - answered / at risk) with your two numbers."),
    ),
    mistakes=(
        Mistake(lambda: 1 - _hand_counts()[1] / _hand_counts()[2], N_(
            "That is only the step at 4 hours. Multiply it by the share still waiting before "
            "it, 6/7."),
            code="1 - 2 / 5"),
        Mistake(lambda: 1 - _hand_counts()[0] / _hand_counts()[2], N_(
            "You counted every request answered so far, the one at 1 hour too. Each step "
            "counts only the answers at its own time, and multiplies the share still waiting "
            "before it, 6/7."),
            code="1 - 3 / 5"),
        Mistake(lambda: 1 - _hand_counts()[0] / len(HAND_HOURS), N_(
            "You counted the open request as still waiting at 4 hours, but we stopped seeing "
            "it at 2 hours. Take it out of those at risk at 4 hours, and multiply by 6/7."),
            code="1 - 3 / 7"),
    ),
)

km_median_web = ValueProblem(
    expected=lambda: km_quantile(_km_web()),
    hints=(
        N_("The median is the first time at which the share still waiting falls to 0.5 or "
           "below."),
        N_("Keep the rows of km_web whose still_waiting is <= 0.5, then take the first value "
           "of their hours: .iloc[0]."),
    ),
    mistakes=(
        Mistake(lambda: float(_late_web()["response_hours"].median()), N_(
            "That is the naive median, of the answered requests only: the open ones are left "
            "out and the web looks faster than it is. Read it from km_web."),
            code='late_web["response_hours"].median()'),
        Mistake(lambda: float(_km_web().loc[_km_web()["still_waiting"] > 0.5, "hours"]
                              .iloc[-1]), N_(
            "That is the last time at which more than half were still waiting, just before "
            "the median. Keep the rows with still_waiting <= 0.5."),
            code='km_web.loc[km_web["still_waiting"] > 0.5, "hours"].iloc[-1]'),
        Mistake(lambda: float(_km_web().loc[_km_web()["still_waiting"] <= 0.5, "hours"]
                              .iloc[-1]), N_(
            "That is the last answer of the fortnight, not the median. Take the first row "
            "with still_waiting <= 0.5: .iloc[0]."),
            code='km_web.loc[km_web["still_waiting"] <= 0.5, "hours"].iloc[-1]'),
    ),
)


# --- section 6: how requests end ------------------------------------------------------------

resolved_by_channel = TableProblem(
    expected=_resolved,
    hints=(
        N_("Add normalize=\"index\" to the worked example's pd.crosstab: each row then adds "
           "up to 1."),
        N_("Multiply by 100 and keep the column \"resolved\": (pd.crosstab(..., "
           "normalize=\"index\") * 100)[\"resolved\"]."),
    ),
    mistakes=(
        Mistake(lambda: _resolved(share=True), N_(
            "Your values look 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code='pd.crosstab(requests["channel"], requests["outcome"], '
                 'normalize="index")["resolved"]'),
        Mistake(lambda: pd.crosstab(_requests()["channel"], _requests()["outcome"],
                                    normalize="columns")["resolved"] * PERCENT, N_(
            "With normalize=\"columns\" you get how the resolved requests divide among the "
            "channels. We want the share of each channel's requests: normalize=\"index\"."),
            code='(pd.crosstab(requests["channel"], requests["outcome"], '
                 'normalize="columns") * 100)["resolved"]'),
        Mistake(lambda: _resolved(("resolved", "referred")), N_(
            "You added the referred requests. Referred is not resolved: the person must start "
            "again at another service."),
            code='(pd.crosstab(requests["channel"], requests["outcome"], normalize="index") '
                 '* 100)[["resolved", "referred"]].sum(axis=1)'),
        Mistake(lambda: pd.crosstab(_requests()["channel"], _requests()["outcome"])
                ["resolved"], N_(
            "These are counts. Channels receive different numbers of requests: compare "
            "percentages, with normalize=\"index\" and * 100."),
            code='pd.crosstab(requests["channel"], requests["outcome"])["resolved"]'),
    ),
)

speed_reading = ChoiceProblem(
    correct=frozenset({"b", "d"}),
    explanations={
        "a": N_("A quick first answer is not a solution: the phone resolves fewer requests "
                "than the counter, because more are referred elsewhere or abandoned."),
        "c": N_("Most districts have fewer than 170 app requests: the intervals of the chart "
                "are wide and overlap. The ranking could change with next year's requests."),
    },
    hints=(
        N_("Compare the table of outcomes with the response times of section 4, and look at "
           "the width of the intervals."),
        N_("More than one option is right: one about the phone, one about clock hours."),
    ),
    tries=(
        Try('"b"', N_("Part of the answer: more than one option is right.")),
    ),
)


# --- section 8: a small dashboard -----------------------------------------------------------

outcome_view = ViewProblem(
    hints=(
        N_("rows holds the requests of one district and one channel. How did they end? Look "
           "at the column outcome."),
        N_("rows[\"outcome\"].value_counts(normalize=True) gives the shares; multiply by 100 "
           "for percentages."),
    ),
    mistakes=(
        Mistake(lambda: lambda requests, district, channel: select(
            requests, district, channel)["outcome"].value_counts(), N_(
            "Your view gives counts. The dashboard shows percentages of the district's "
            "requests: value_counts(normalize=True) * 100."),
            code='rows["outcome"].value_counts()'),
        Mistake(lambda: lambda requests, district, channel: select(
            requests, district, channel)["outcome"].value_counts(normalize=True), N_(
            "Your view gives shares (0 to 1). Multiply by 100 for percentages."),
            code='rows["outcome"].value_counts(normalize=True)'),
        Mistake(lambda: lambda requests, district, channel: requests["outcome"]
                .value_counts(normalize=True) * PERCENT, N_(
            "Your view is the same for every district and channel: it uses all the requests. "
            "Use rows, the requests of the chosen district and channel."),
            code='requests["outcome"].value_counts(normalize=True) * 100'),
        Mistake(lambda: lambda requests, district, channel: select(
            requests, district, channel)["topic"].value_counts(normalize=True) * PERCENT, N_(
            "Your view shows the topics. Here we want how the requests ended: the column "
            "outcome."),
            code='rows["topic"].value_counts(normalize=True) * 100'),
    ),
    hidden=(
        HiddenTest(_view_right_everywhere, N_(
            "Your view is not right for every district and channel: compute it from rows, "
            "the requests it is given, with nothing written in for one case.")),
    ),
)

bind(__name__, globals())
