"""Show progress: a summary per module, as a widget in a notebook, a table in a terminal,
a certificate in HTML."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import list_modules
from .checks.registry import module_problems
from .i18n import _, current_language, format_number, ngettext
from .progress_store import bar, find_workspace, load


@dataclass(frozen=True)
class ModuleProgress:
    """One module's exercises done out of its total."""

    slug: str
    title: str
    done: int
    tried: int
    total: int

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def summary(root: Path, lang: str) -> list[ModuleProgress]:
    """Per module: how many autograded exercises are correct, tried, and in all."""
    exercises = load(root)["exercises"]
    rows = []
    for module in list_modules():
        ids = [p.id for p in module_problems("m" + module.number)]
        done = sum(exercises.get(i, {}).get("status") == "correct" for i in ids)
        tried = sum(exercises.get(i, {}).get("attempts", 0) > 0 for i in ids)
        rows.append(ModuleProgress(module.slug, module.title(lang), done, tried, len(ids)))
    return rows


def progress_lines(rows: list[ModuleProgress]) -> list[str]:
    """One line per module: name, bar, exercises done out of all, percentage."""
    lines = []
    for row in rows:
        pct = format_number(round(100 * row.share), decimals=0)
        done = ngettext("{done} of {total} exercises", "{done} of {total} exercises",
                        row.done).format(done=row.done, total=row.total)
        lines.append(f"{row.slug:<24} {bar(row.share)} {done:<26} {pct}%")
    return lines


def progress(root: Path | None = None) -> Any:
    """In a notebook: a progress bar per module (an ipywidgets box), from local files only."""
    lang = current_language()
    root = root or find_workspace()
    if root is None:
        message = _("No workspace found: progress is kept when you work in the folder that "
                    "'social-lab start' prepares.")
        print(message)
        return None
    rows = summary(root, lang)
    try:
        import ipywidgets as widgets
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        print("\n".join(progress_lines(rows)))
        return None
    items = []
    for row in rows:
        meter = widgets.IntProgress(value=row.done, min=0, max=max(row.total, 1),
                                    description=row.slug[:2], bar_style="info")
        label = widgets.Label(ngettext(
            "{title}: {done} of {total} exercises", "{title}: {done} of {total} exercises",
            row.done).format(title=row.title, done=row.done, total=row.total))
        items.append(widgets.HBox([meter, label]))
    return widgets.VBox(items)


class NothingToCertifyError(LookupError):
    """No module is completed yet: there is no certificate to make."""


def certificate_html(root: Path, lang: str, name: str = "") -> str:
    """A printable summary of the completed modules (self-contained HTML).

    Raises NothingToCertifyError when no module is completed: a certificate of nothing
    would pretend.
    """
    rows = [r for r in summary(root, lang) if r.complete]
    if not rows:
        raise NothingToCertifyError(_(
            "No module is completed yet, so there is nothing to certify. A module is "
            "completed when every one of its checked exercises is correct: social-lab "
            "progress shows where you are. Come back for your certificate when you have "
            "completed a module.", lang))
    today = dt.date.today().strftime("%d/%m/%Y" if lang == "it" else "%d %B %Y")
    text = {
        "title": _("Social Innovation Lab: certificate of progress", lang),
        "intro": _("This certifies that {name} completed every autograded exercise of the "
                   "modules below.", lang).format(name=name or _("the learner", lang)),
        "module": _("Module", lang), "heading": _("Title", lang), "exercises": _("Exercises", lang),
        "issued": _("Issued on {date} from the progress kept on the learner's own computer; "
                    "it is not an official qualification.", lang).format(date=today),
    }
    esc = {key: html.escape(value) for key, value in text.items()}
    items = "".join(f"<tr><td>{html.escape(r.slug)}</td><td>{html.escape(r.title)}</td>"
                    f"<td>{r.done}/{r.total}</td></tr>" for r in rows)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{esc['title']}</title>
<style>body{{font-family:sans-serif;font-size:18px;max-width:800px;margin:40px auto;
color:#111}}h1{{color:#0072B2}}table{{border-collapse:collapse;width:100%}}
td,th{{border-bottom:1px solid #999;padding:8px;text-align:left}}</style></head>
<body><h1>{esc['title']}</h1><p>{esc['intro']}</p>
<table><thead><tr><th>{esc['module']}</th><th>{esc['heading']}</th>
<th>{esc['exercises']}</th></tr></thead><tbody>{items}</tbody></table>
<p>{esc['issued']}</p></body></html>
"""
