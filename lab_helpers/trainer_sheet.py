"""The trainer's sheet of a module: one printable HTML page, in the course's language.

    social-lab trainer-sheet MODULE|all [--lang it|en] [--out DIR]

It gathers what a trainer needs in the room, from the module's source notebook: the
question, objectives, minutes and the timing of each section, prerequisites, datasets,
trainer notes, the exercises with their points, and each reflection's rubric (criteria,
a descriptor and anchor answers for every level, a model answer). None of it is in the
learners' notebooks (see ``trainer_only.py``).
"""

from __future__ import annotations

import argparse
import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import settings
from .exercise_titles import exercise_titles
from .i18n import N_, UnknownLanguageError, _, check_language, current_language, set_language
from .user_errors import UserError

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from .catalog import Module
    from .rubrics import Reflection

STYLE = """
@page { size: A4; margin: 16mm 15mm 18mm; }
html { color: #111; background: #fff; }
body { font-family: "Noto Sans", "Source Sans 3", "DejaVu Sans", Arial, sans-serif;
  font-size: 17px; line-height: 1.5; max-width: 52em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.7em; line-height: 1.2; margin: .2em 0 .6em; }
h2 { font-size: 1.3em; border-bottom: 2px solid #0072B2; padding-bottom: .15em;
  margin-top: 1.4em; }
h3 { font-size: 1.1em; margin: 1.2em 0 .3em; }
.kicker { color: #0072B2; font-weight: bold; letter-spacing: .03em; margin: 0; }
.private { border: 1px solid #999; padding: .3em .6em; display: inline-block; }
.question { font-size: 1.1em; border-left: 5px solid #0072B2; padding: .2em .8em;
  margin: 1em 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border-bottom: 1px solid #999; padding: .3em .5em; text-align: left;
  vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; border-bottom: none; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .9em; }
.prompt { background: #f5f5f5; padding: .1em 1em; }
.level { border: 1px solid #999; padding: .2em .9em .5em; margin: .8em 0; }
.level h4 { margin: .4em 0; font-size: 1.05em; }
.descriptor { border-left: 4px solid #0072B2; padding-left: .6em; }
.anchors { margin: .3em 0; padding-left: 1.4em; }
.anchors li { margin: .4em 0; font-style: italic; }
.screen-only { color: #555; font-size: .9em; }
@media print {
  body { font-size: 11pt; line-height: 1.4; max-width: none; margin: 0; padding: 0; }
  .screen-only { display: none; }
  .part + .part { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, li, .level h4, .descriptor, .question { break-inside: avoid; page-break-inside: avoid; }
  .prompt { background: none; border: 1px solid #999; }
  a { color: inherit; text-decoration: none; }
}
"""

# the frame of the sheet: every heading and label, in the sheet's language
FRAME = {
    "sheet": N_("Trainer's sheet"),
    "module": N_("Module {number}"),
    "private": N_("For trainers only: do not hand this sheet to learners."),
    "print": N_("To print it, open this file in a browser and choose Print (A4 paper): "
                "each part starts on a new page."),
    "question": N_("The question of the module"),
    "objectives": N_("Objectives"),
    "timing": N_("Timing"),
    "section": N_("Section"),
    "minutes": N_("Minutes"),
    "clock": N_("From – to"),
    "total": N_("Total"),
    "prerequisites": N_("Prerequisites"),
    "datasets": N_("Datasets"),
    "notes": N_("Trainer notes"),
    "exercises": N_("Exercises and points"),
    "exercise": N_("Exercise"),
    "id": N_("Check"),
    "points": N_("Points"),
    "graded": N_("Graded"),
    "auto": N_("automatic"),
    "manual": N_("manual"),
    "sum": N_("{auto} points graded automatically + {manual} by hand = {total}"),
    "rubric": N_("Rubric"),
    "prompt": N_("What learners are asked"),
    "criteria": N_("Criteria (learners see them too)"),
    "levels": N_("Levels: a descriptor and anchor answers for each"),
    "level": N_("{points} of {max} points"),
    "anchors": N_("Anchor answers"),
    "model": N_("Model answer"),
    "missing": N_("No rubric for this reflection yet."),
}


@dataclass(frozen=True)
class Exercise:
    """A graded cell as the sheet lists it."""

    section: str
    title: str
    ident: str  # the check's id ("m00.total_population") or the nbgrader grade id
    points: float
    manual: bool


def exercises(nb: NotebookNode) -> list[Exercise]:
    """Every graded cell of a notebook, with the section and exercise heading above it."""
    return [Exercise(t.section, t.heading, t.check_id or t.grade_id, t.points, t.manual)
            for t in exercise_titles(nb)]


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _points(value: float) -> str:
    return f"{value:g}"


def _markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(escape=True)(text)


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"


def _note(note: str) -> str:
    """A trainer note, its short label ("Timing:", "Common mistakes:") in bold."""
    label, sep, rest = note.partition(": ")
    if sep and len(label) <= 60 and "." not in label:
        return f"<strong>{html.escape(label)}:</strong> {html.escape(rest)}"
    return html.escape(note)


def _timing(sections: list[dict], t: dict[str, str]) -> str:
    rows, start = [], 0
    for number, section in enumerate(sections, 1):
        minutes = int(section.get("minutes", 0))
        rows.append(f"<tr><td class='num'>{number}</td><td>{html.escape(section['title'])}</td>"
                    f"<td class='num'>{minutes}</td><td class='num'>{_clock(start)} – "
                    f"{_clock(start + minutes)}</td></tr>")
        start += minutes
    return (f"<table><thead><tr><th class='num'>#</th><th>{t['section']}</th>"
            f"<th class='num'>{t['minutes']}</th><th class='num'>{t['clock']}</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody><tfoot><tr><td></td><td>{t['total']}</td>"
            f"<td class='num'>{start}</td><td class='num'>{_clock(start)}</td></tr></tfoot>"
            "</table>")


def _exercises(items: list[Exercise], t: dict[str, str], lang: str) -> str:
    rows, previous = [], None
    for e in items:  # a section's name once, on its first row
        section = html.escape(e.section) if e.section != previous else ""
        previous = e.section
        rows.append(f"<tr><td>{section}</td><td>{html.escape(e.title)}</td>"
                    f"<td><code>{html.escape(e.ident)}</code></td>"
                    f"<td class='num'>{_points(e.points)}</td>"
                    f"<td>{t['manual'] if e.manual else t['auto']}</td></tr>")
    auto = sum(e.points for e in items if not e.manual)
    manual = sum(e.points for e in items if e.manual)
    total = html.escape(_(FRAME["sum"], lang).format(
        auto=_points(auto), manual=_points(manual), total=_points(auto + manual)))
    return (f"<table><thead><tr><th>{t['section']}</th><th>{t['exercise']}</th>"
            f"<th>{t['id']}</th><th class='num'>{t['points']}</th><th>{t['graded']}</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table><p>{total}</p>")


def _without_criteria(prompt: str, criteria: tuple[str, ...]) -> str:
    """The prompt without its list of criteria (shown apart) and the line that heads it."""
    lines = prompt.splitlines()
    bullets = {f"- {c}" for c in criteria}
    kept = [line for line in lines if line.strip() not in bullets]
    if len(kept) < len(lines) and kept and kept[-1].startswith("**"):
        kept.pop()
    return "\n".join(kept).strip()


def _reflection(item: Reflection, t: dict[str, str], lang: str) -> str:
    parts = [f"<section class='part'><h2>{t['rubric']}: {html.escape(item.title)}</h2>",
             f"<h3>{t['prompt']}</h3><div class='prompt'>"
             f"{_markdown(_without_criteria(item.prompt, item.criteria))}</div>"]
    if item.criteria:
        parts.append(f"<h3>{t['criteria']}</h3>{_list(list(item.criteria))}")
    if item.levels:
        parts.append(f"<h3>{t['levels']}</h3>")
    else:
        parts.append(f"<p><strong>{t['missing']}</strong></p>")
    for level in reversed(item.levels):
        heading = html.escape(_(FRAME["level"], lang).format(points=level.points,
                                                              max=item.points))
        anchors = "".join(f"<li>{html.escape(a)}</li>" for a in level.anchors)
        parts.append(f"<div class='level'><h4>{heading}</h4>"
                     f"<p class='descriptor'>{html.escape(level.descriptor)}</p>"
                     f"<p>{t['anchors']}:</p><ol class='anchors'>{anchors}</ol></div>")
    if item.model_answer:
        parts.append(f"<h3>{t['model']}</h3>{_markdown(item.model_answer)}")
    parts.append("</section>")
    return "".join(parts)


def sheet_html(module: Module, lang: str) -> str:
    """The trainer's sheet of ``module`` in ``lang``: self-contained HTML, ready to print."""
    import nbformat

    from .rubrics import reflections

    nb = nbformat.read(module.notebooks[lang], as_version=4)
    meta = nb.metadata.get("social_lab", {})
    t = {key: html.escape(_(text, lang)) for key, text in FRAME.items()}
    kicker = html.escape(_(FRAME["module"], lang).format(number=module.number))
    title = html.escape(meta.get("title", module.slug))
    datasets = "".join(f"<li><code>{html.escape(name)}</code></li>"
                       for name in meta.get("datasets", []))
    notes = "".join(f"<li>{_note(note)}</li>" for note in meta.get("trainer_notes", []))
    overview = (
        f"<section class='part'><p class='kicker'>{kicker} · {t['sheet']}</p><h1>{title}</h1>"
        f"<p class='private'>{t['private']}</p><p class='screen-only'>{t['print']}</p>"
        f"<h2>{t['question']}</h2><p class='question'>{html.escape(meta.get('question', ''))}"
        f"</p><h2>{t['objectives']}</h2>{_list(meta.get('objectives', []))}"
        f"<h2>{t['timing']}</h2>{_timing(meta.get('sections', []), t)}"
        f"<h2>{t['prerequisites']}</h2>{_list(meta.get('prerequisites', []))}"
        f"<h2>{t['datasets']}</h2><ul>{datasets}</ul></section>")
    room = (f"<section class='part'><h2>{t['notes']}</h2><ul>{notes}</ul>"
            f"<h2>{t['exercises']}</h2>{_exercises(exercises(nb), t, lang)}</section>")
    rubrics = "".join(_reflection(item, t, lang) for item in reflections(nb))
    return (f"<!doctype html>\n<html lang='{lang}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{kicker} · {t['sheet']}: {title}</title><style>{STYLE}</style></head>"
            f"<body>{overview}{room}{rubrics}</body></html>\n")


def sheet_name(module: Module, lang: str) -> str:
    return f"trainer-sheet-{module.slug}.{lang}.html"


def write_sheets(ident: str, lang: str, out: Path) -> list[Path]:
    """Write the sheet of one module (or of ``all``) into ``out``; return the files."""
    from .catalog import find_module, list_modules

    chosen = list_modules() if ident.strip().lower() == "all" else [find_module(ident)]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for module in chosen:
        if lang in module.notebooks:
            path = out / sheet_name(module, lang)
            path.write_text(sheet_html(module, lang), encoding="utf-8")
            written.append(path)
    return written


def _sheet_language(value: str | None) -> str:
    value = value or settings.course_language() or current_language()
    try:
        return check_language(value)
    except UnknownLanguageError:
        raise UserError(_("Unknown language '{lang}'. Use --lang it (italiano) or --lang en "
                          "(English).").format(lang=value)) from None


def cmd_trainer_sheet(args: argparse.Namespace) -> int:
    lang = set_language(_sheet_language(args.lang))
    out = Path(args.out).expanduser() if args.out else Path.cwd() / "trainer-sheets"
    try:
        paths = write_sheets(args.module, lang, out)
    except OSError as error:
        raise UserError(_("Cannot write {path} ({reason}).").format(
            path=out, reason=error.strerror or error)) from error
    for path in paths:
        print(_("Trainer's sheet saved: {path}").format(path=path))
    print(_("Open each sheet in a browser to read it or print it on A4 paper."))
    return 0


def add_trainer_sheet_verb(verbs: argparse._SubParsersAction) -> None:
    """Register ``social-lab trainer-sheet`` on the command's parser."""
    sheet = verbs.add_parser("trainer-sheet", help=_(
        "trainers: a printable sheet per module, with timing, notes, exercises and rubrics"))
    sheet.add_argument("module", help=_("the module, e.g. 00, or all"))
    sheet.add_argument("--lang", help=_(
        "language of the sheet: it or en (default: SOCIAL_LAB_COURSE_LANG, else your "
        "computer's)"))
    sheet.add_argument("--out", help=_("folder for the sheets (default: trainer-sheets in "
                                       "this folder)"))
    sheet.set_defaults(func=cmd_trainer_sheet)
