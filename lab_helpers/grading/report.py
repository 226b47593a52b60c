"""Item analysis and the trainer's report of a graded module.

Scores come from nbgrader's gradebook (so manual grades given in the formgrader count);
outcomes, flags and reasons from the state of ``social-lab grade``, else, for a learner
graded by plain ``nbgrader autograde`` or the formgrader (or graded again that way since),
from what the course's grading pipeline kept in the graded notebooks (``flags``).
Per exercise (nbgrader grade id):

- ``mean_score`` and ``mean_percent``: the mean points, and as a share of the maximum;
- ``full_share`` and ``zero_share``: the share of learners with full and with zero marks;
- ``discrimination``: the corrected item-total correlation (point-biserial when the
  exercise is right/wrong): the correlation of the exercise's score with the learner's
  score on all the *other* exercises. About 0.3 or more: the exercise separates stronger
  from weaker learners; near 0 or negative: it does not (too easy, too hard, or unclear);
- ``upper_lower``: the mean score (as a share of the maximum) of the best 27% of learners
  minus that of the weakest 27%, ranked by their score on the other exercises.

Only learners whose notebook was graded (fully or partly) enter the item analysis;
exercises still waiting for a manual grade are left out of it until they are graded.
Each exercise is named as in the module's notebook ("Esercizio 5: Quanti residenti...",
``exercise_titles``), beside its grade id.
"""

from __future__ import annotations

import base64
import html
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exercise_titles import module_titles
from ..i18n import _, current_language, ngettext
from .outcomes import codes, flagged, reasons, status_label

# Okabe-Ito, colour-blind safe
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]


@dataclass
class Item:
    item_id: str
    kind: str  # "auto" or "manual"
    max_score: float
    order: int
    scores: dict[str, float] = field(default_factory=dict)  # student -> points
    waiting: int = 0  # learners whose manual grade is still missing
    mean_score: float | None = None
    mean_percent: float | None = None
    full_share: float | None = None
    zero_share: float | None = None
    discrimination: float | None = None
    upper_lower: float | None = None
    number: int | None = None  # the exercise's number in the notebook
    heading: str = ""  # "Esercizio 5"
    title: str = ""  # "Esercizio 5: Quanti residenti hanno in tutto i 30 distretti?"

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def label(self) -> str:
        """The exercise's heading, else its grade id."""
        return self.heading or self.item_id


@dataclass
class Learner:
    student_id: str
    status: str
    score: float
    max_score: float
    needs_manual: int
    flags: list[str]
    record: dict[str, Any]

    @property
    def percent(self) -> float:
        return 100 * self.score / self.max_score if self.max_score else 0.0


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / math.sqrt(sxx * syy)


def analyse(items: list[Item]) -> None:
    """Fill in each item's statistics (in place)."""
    students = sorted({s for item in items for s in item.scores})
    totals = {s: sum(item.scores.get(s, 0.0) for item in items) for s in students}
    for item in items:
        if not item.scores or not item.max_score:
            continue
        values = [item.scores[s] for s in sorted(item.scores)]
        item.mean_score = sum(values) / len(values)
        item.mean_percent = 100 * item.mean_score / item.max_score
        item.full_share = sum(v >= item.max_score for v in values) / len(values)
        item.zero_share = sum(v <= 0 for v in values) / len(values)
        rest = {s: totals[s] - item.scores[s] for s in item.scores}
        ordered = sorted(item.scores)
        item.discrimination = _pearson([item.scores[s] for s in ordered],
                                       [rest[s] for s in ordered])
        if len(ordered) >= 4:
            ranked = sorted(ordered, key=lambda s: rest[s])
            k = max(1, round(0.27 * len(ranked)))
            low = sum(item.scores[s] for s in ranked[:k]) / k
            high = sum(item.scores[s] for s in ranked[-k:]) / k
            item.upper_lower = (high - low) / item.max_score


def collect(course_dir: Path, module: str) -> tuple[Any, list[Item], list[Learner]]:
    """The course, its exercises with their scores, and the learners, from the gradebook."""
    import os

    from nbgrader.api import Gradebook, MissingEntry

    from .course import load_course, resolve_module, safe_db_url
    from .state import State

    here = os.getcwd()
    try:
        course = load_course(Path(course_dir).resolve(), resolve_module(module))
    finally:
        os.chdir(here)
    state = State(course.work / "state.json")
    items: dict[str, Item] = {}
    learners: list[Learner] = []
    with Gradebook(safe_db_url(course.db_url), course.course_id) as gb:
        assignment = gb.find_assignment(course.module)
        order = 0
        for notebook in assignment.notebooks:
            for cell in notebook.grade_cells:
                items[cell.name] = Item(cell.name, "manual" if cell.cell_type == "markdown"
                                        or _is_solution(notebook, cell.name) else "auto",
                                        float(cell.max_score), order)
                order += 1
        for student in course.students() or sorted(state.students):
            score, needs_manual, max_score = 0.0, 0, float(assignment.max_score or 0)
            try:
                submission = gb.find_submission(course.module, student)
            except MissingEntry:
                submission = None
            record = learner_record(course, student, state.students.get(student),
                                    submission is not None)
            if submission is not None and record.get("status") != "not_graded":
                score = float(submission.score or 0)
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        item = items.get(grade.name)
                        if item is None:
                            continue
                        if grade.needs_manual_grade and grade.manual_score is None \
                                and grade.auto_score is None:
                            item.waiting += 1
                            needs_manual += 1
                        else:
                            item.scores[student] = float(grade.score or 0)
            learners.append(Learner(student, record.get("status", "not_graded"), score,
                                    max_score, needs_manual, codes(record), record))
    ordered = sorted(items.values(), key=lambda i: i.order)
    analyse(ordered)
    return course, ordered, learners


def learner_record(course: Any, student: str, kept: dict[str, Any] | None,
                   in_gradebook: bool) -> dict[str, Any]:
    """What is known of a learner's grading: ``social-lab grade``'s record (``kept``), unless
    the graded notebooks are newer (plain nbgrader or the formgrader graded them since, or
    only they did): then their scores count, with the findings the pipeline kept in them."""
    import json
    from datetime import UTC, datetime

    from .flags import findings_of

    graded = [path for name in course.notebooks
              if (path := course.autograded / student / course.module / f"{name}.ipynb").exists()]
    newest = max((path.stat().st_mtime for path in graded), default=None)
    if kept is not None and (newest is None or _seconds(kept.get("graded_at")) + SLACK >= newest):
        return kept
    if not in_gradebook or newest is None:
        return kept or {"status": "not_graded", "findings": [], "faults": []}
    findings = []
    for path in graded:
        try:
            findings += findings_of(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, AttributeError):
            continue
    return {"status": "graded", "findings": findings, "faults": [], "sources": {},
            "graded_at": datetime.fromtimestamp(newest, UTC).isoformat(timespec="seconds")}


SLACK = 5  # seconds: social-lab grade records a learner just after nbgrader wrote the notebook


def _seconds(stamp: Any) -> float:
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(stamp)).timestamp()
    except ValueError:
        return float("-inf")


def name_items(items: list[Item], course: Any, lang: str) -> None:
    """Give each exercise the number and title of its heading in the module's notebook.

    The notebook is the course's source (what was released), else the installed module's.
    """
    titles = module_titles(course.module, lang, course.source) \
        or module_titles(course.module, lang)
    for item in items:
        found = titles.get(item.item_id)
        if found is not None:
            item.number, item.heading, item.title = found.number, found.heading, found.title


def _is_solution(notebook: Any, name: str) -> bool:
    return any(cell.name == name for cell in notebook.solution_cells)


# --- charts --------------------------------------------------------------------------


def _png(fig: Any) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _bar_labels(items: list[Item]) -> list[str]:
    """The exercises' headings on the charts, with the grade id where two headings agree."""
    labels = [i.label for i in items]
    return [label if labels.count(label) == 1 else f"{label} ({i.item_id})"
            for label, i in zip(labels, items, strict=True)]


def charts(items: list[Item], learners: list[Learner], module: str) -> dict[str, str]:
    """Three charts as base64 PNG: difficulty, discrimination, totals."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    rated = [i for i in items if i.mean_percent is not None]
    rated.sort(key=lambda i: i.mean_percent)
    found: dict[str, str] = {}
    height = max(2.5, 0.35 * len(rated) + 1)
    fig, ax = plt.subplots(figsize=(7.5, height))
    ax.barh(_bar_labels(rated), [i.mean_percent for i in rated], color=OKABE_ITO[4])
    ax.invert_yaxis()  # the hardest exercise on top
    ax.set_xlim(0, 100)
    ax.set_xlabel(_("Mean score (% of the points)"))
    ax.set_ylabel(_("Exercise"))
    ax.set_title(_("{module}: exercises from hardest (top) to easiest").format(module=module))
    fig.tight_layout()
    found["difficulty"] = _png(fig)
    fig, ax = plt.subplots(figsize=(7.5, height))
    values = [i.discrimination if i.discrimination is not None else 0.0 for i in rated]
    colours = [OKABE_ITO[2] if v >= 0.3 else OKABE_ITO[0] if v >= 0.1 else OKABE_ITO[5]
               for v in values]
    ax.barh(_bar_labels(rated), values, color=colours)
    ax.invert_yaxis()
    ax.axvline(0.3, color=OKABE_ITO[7], linestyle="--", linewidth=1)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=OKABE_ITO[2], label=_("0.3 or more: good")),
                       Patch(color=OKABE_ITO[0], label=_("0.1 to 0.3: weak")),
                       Patch(color=OKABE_ITO[5], label=_("below 0.1: check the exercise"))],
              loc="lower left", fontsize="small")
    ax.set_xlim(-1, 1)
    ax.set_xlabel(_("Discrimination (correlation with the rest of the score)"))
    ax.set_ylabel(_("Exercise"))
    ax.set_title(_("Does each exercise separate stronger from weaker learners?"))
    fig.tight_layout()
    found["discrimination"] = _png(fig)
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    graded = [p.percent for p in learners if p.status != "not_graded"]
    ax.hist(graded, bins=[x * 10 for x in range(11)], color=OKABE_ITO[1], edgecolor="white")
    ax.set_xlabel(_("Total score (% of the points)"))
    ax.set_ylabel(_("Learners"))
    ax.set_title(_("{module}: learners' totals").format(module=module))
    fig.tight_layout()
    found["totals"] = _png(fig)
    return found


# --- HTML ----------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 2, percent: bool = False) -> str:
    if value is None:
        return "–"
    return f"{100 * value:.0f}%" if percent else f"{value:.{digits}f}"


def _exercise_cell(item: Item) -> str:
    """The exercise's number and title, with its grade id below."""
    code = f"<code>{html.escape(item.item_id)}</code>"
    return f"{html.escape(item.title)}<br>{code}" if item.title else code


def render_html(course: Any, items: list[Item], learners: list[Learner], lang: str) -> str:
    esc = html.escape
    pictures = charts(items, learners, course.module)
    graded = [p for p in learners if p.status != "not_graded"]
    hardest = [i for i in sorted(items, key=lambda i: (i.mean_percent is None,
                                                      i.mean_percent or 0))
               if i.mean_percent is not None][:3]
    rows = []
    for item in items:
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in (
            _exercise_cell(item), esc(_("manual") if item.kind == "manual" else _("automatic")),
            _fmt(item.max_score, 0), item.n, _fmt(item.mean_score), _fmt(item.mean_percent, 0),
            _fmt(item.full_share, percent=True), _fmt(item.zero_share, percent=True),
            _fmt(item.discrimination), _fmt(item.upper_lower), item.waiting)) + "</tr>")
    people = []
    for learner in sorted(learners, key=lambda p: p.student_id):
        why = "<br>".join(esc(r) for r in reasons(learner.record, lang))
        mark = " ⚑" if flagged(learner.record) else ""
        people.append("<tr>" + "".join(f"<td>{c}</td>" for c in (
            esc(learner.student_id) + mark, esc(status_label(learner.status, lang)),
            _fmt(learner.score, 1), _fmt(learner.max_score, 0), f"{learner.percent:.0f}%",
            learner.needs_manual, why or "")) + "</tr>")
    heads_items = [_("Exercise"), _("Graded"), _("Points"), _("Learners"), _("Mean score"),
                   _("Mean %"), _("Full marks"), _("Zero"), _("Discrimination"),
                   _("Upper-lower 27%"), _("Waiting for manual grade")]
    heads_people = [_("Learner"), _("Status"), _("Score"), _("Of"), "%",
                    _("Waiting for manual grade"), _("What was found")]
    summary = ngettext("{graded} of {total} learners graded; mean total {mean}%.",
                       "{graded} of {total} learners graded; mean total {mean}%.",
                       len(graded)).format(
        graded=len(graded), total=len(learners),
        mean=f"{sum(p.percent for p in graded) / len(graded):.0f}" if graded else "–")
    hard = ", ".join(f"{esc(i.label)} ({i.mean_percent:.0f}%)" for i in hardest)
    img = ('<figure><img alt="{alt}" src="data:image/png;base64,{data}">'
           '<figcaption>{alt}</figcaption></figure>')
    text = {
        "title": _("Grading report: {module}").format(module=course.module),
        "hardest": _("Hardest exercises: {list}.").format(list=hard or "–"),
        "exercises": _("Exercises"),
        "about": _("Discrimination is the correlation of an exercise's score with the rest of "
                   "the learner's score: about 0.3 or more separates stronger from weaker "
                   "learners; near 0 or below, the exercise may be unclear, too easy or too "
                   "hard."),
        "difficulty": _("Mean score of each exercise"),
        "discrimination": _("Discrimination of each exercise"),
        "learners": _("Learners"),
        "flag": _("⚑ marks a submission that was changed before grading (see what was "
                  "found)."),
        "totals": _("Distribution of the learners' totals"),
    }
    t = {k: esc(v) for k, v in text.items()}
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{t["title"]}</title>
<style>
body {{font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; color: #222}}
table {{border-collapse: collapse; margin: 1em 0}}
th, td {{border: 1px solid #bbb; padding: 4px 8px; text-align: left; vertical-align: top}}
th {{background: #eef}} figure {{margin: 1em 0}} img {{max-width: 100%}}
</style></head><body>
<h1>{t["title"]}</h1>
<p>{esc(summary)}</p>
<p>{t["hardest"]}</p>
<h2>{t["exercises"]}</h2>
<p>{t["about"]}</p>
<table><tr>{"".join(f"<th>{esc(h)}</th>" for h in heads_items)}</tr>{"".join(rows)}</table>
{img.format(alt=t["difficulty"], data=pictures["difficulty"])}
{img.format(alt=t["discrimination"], data=pictures["discrimination"])}
<h2>{t["learners"]}</h2>
<p>{t["flag"]}</p>
<table><tr>{"".join(f"<th>{esc(h)}</th>" for h in heads_people)}</tr>{"".join(people)}</table>
{img.format(alt=t["totals"], data=pictures["totals"])}
</body></html>
"""


def write_reports(course_dir: Path, module: str, lang: str | None = None) -> dict[str, Path]:
    """report.html, learners/items/scores CSV and grades.xlsx in reports/MODULE/."""
    from .export import write_csv, write_excel

    lang = lang or current_language()
    course, items, learners = collect(course_dir, module)
    name_items(items, course, lang)
    folder = course.reports
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"html": folder / "report.html"}
    paths["html"].write_text(render_html(course, items, learners, lang), encoding="utf-8")
    paths.update(write_csv(folder, items, learners, lang))
    paths["xlsx"] = write_excel(folder / "grades.xlsx", items, learners, lang)
    return paths
