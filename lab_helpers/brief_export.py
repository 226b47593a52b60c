"""Export the capstone's policy brief as a web page to bring to a meeting (module 09).

``export_brief(DISTRICT)`` reads the saved notebook, keeps the cells tagged ``brief`` (the
table of figures, the chart, the open exercise's answer and the brief itself) and writes an
HTML file beside the notebook: no code, the tables and the chart kept, the chart's
alternative text (the cell tagged ``brief-alt``) as the image's ``alt`` and under it. The
page can be printed, or saved as PDF, from the browser.
"""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import nbformat

from . import settings
from .checks.display import box, show
from .i18n import _

BRIEF_TAG = "brief"
ALT_TAG = "brief-alt"
NBCONVERT_ALT = re.compile(r'alt="No description has been provided for this image"')
PLACEHOLDER = re.compile(r"^\*[^*]*\((?:write it here|scrivilo qui)[^)]*\)\*$", re.I | re.M)
SOLUTION_MARKER = re.compile(r"^### (?:BEGIN|END) SOLUTION\n?", re.M)  # a trainer's copy
LABEL = re.compile(r"^\*{0,2}(?:Alternative text|Testo alternativo)\s*:\s*\*{0,2}\s*", re.I)


class BriefError(RuntimeError):
    """The brief cannot be exported; the message says what to do, in the learner's language."""


def _tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _this_notebook() -> Path | None:
    """The notebook this kernel runs, as JupyterLab tells the kernel (``__session__``)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return None
    shell = get_ipython()
    session = shell.user_ns.get("__session__") if shell is not None else None
    if isinstance(session, str) and session.endswith(".ipynb"):
        path = Path(session)
        return path if path.is_absolute() else Path.cwd() / path
    return None


def find_notebook(notebook: str | Path | None = None) -> Path:
    """The notebook to export: the one named, the kernel's own, or the one 09 notebook here."""
    if notebook is not None:
        path = Path(notebook)
    else:
        path = _this_notebook() or Path()
        if not path.is_file():
            found = sorted(Path.cwd().glob("09-*.ipynb"))
            if len(found) != 1:
                raise BriefError(_(
                    "I cannot tell which notebook to export. Give its name, for example "
                    "export_brief(DISTRICT, \"09-policy-brief.en.ipynb\")."))
            path = found[0]
    if not path.is_file():
        raise BriefError(_("There is no notebook called {name} in this folder.").format(
            name=path.name))
    return path


def alt_text(nb: nbformat.NotebookNode) -> str:
    """The learner's alternative text of the chart, without its label ("" if not written)."""
    for cell in nb.cells:
        if ALT_TAG in _tags(cell):
            text = PLACEHOLDER.sub("", cell.source).strip()
            return " ".join(LABEL.sub("", text).split())
    return ""


def brief_notebook(nb: nbformat.NotebookNode, title: str) -> nbformat.NotebookNode:
    """A notebook of the brief's cells only, under a heading, ready for nbconvert."""
    cells = [c for c in nb.cells if {BRIEF_TAG, ALT_TAG} & set(_tags(c))]
    if not cells:
        raise BriefError(_("This notebook has no cells of a brief to export."))
    if not any(c.get("outputs") for c in cells if c.cell_type == "code"):
        raise BriefError(_(
            "The saved notebook has no chart or table yet. Run the cells above, save the "
            "notebook (Ctrl+S), then run this cell again."))
    intro = _("Prepared on {day} with the Social Innovation Lab course. The figures come from "
              "the course's synthetic datasets: they describe no real district.").format(
        day=date.today().isoformat())
    brief = nbformat.v4.new_notebook(metadata={"title": title})
    brief.cells.append(nbformat.v4.new_markdown_cell(f"# {title}\n\n*{intro}*"))
    for cell in cells:
        copy = nbformat.from_dict(cell)
        if ALT_TAG in _tags(cell):
            described = alt_text(nb)
            if not described:
                continue
            copy.source = f"*{described}*"
        elif copy.cell_type == "markdown":
            copy.source = SOLUTION_MARKER.sub("", copy.source).strip()
        if copy.cell_type == "code":
            copy.outputs = [o for o in copy.get("outputs", []) if o.get("output_type") != "error"]
        brief.cells.append(copy)
    return brief


def brief_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The brief as one HTML page: outputs and text only, the chart with its alt text."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _resources = exporter.from_notebook_node(brief_notebook(nb, title))
    described = alt_text(nb)
    if described:
        escaped = html.escape(described, quote=True)
        body = NBCONVERT_ALT.sub(f'alt="{escaped}"', body)
    return body


def _title(district: str) -> str:
    from .datasets import load_dataset

    districts = load_dataset("districts")
    names = districts.loc[districts["district_id"] == district, "district"]
    name = f"{names.iloc[0]} ({district})" if len(names) else district
    return _("Policy brief: {district}").format(district=name)


def export_brief(district: str, notebook: str | Path | None = None) -> Path | None:
    """Write the brief of the saved notebook as ``brief-<district>.html`` beside it."""
    if settings.grading():
        return None  # nothing to write while a trainer grades
    try:
        path = find_notebook(notebook)
        nb = nbformat.read(path, as_version=4)
        page = brief_html(nb, _title(district))
    except BriefError as error:
        show(box("#D55E00", "!", _("The brief was not exported"), str(error)))
        return None
    target = path.with_name(f"brief-{district}.html")
    target.write_text(page, encoding="utf-8")
    note = "" if alt_text(nb) else "\n" + _(
        "Your chart has no alternative text yet: write it in the cell under the chart, "
        "save, and export again.")
    show(box("#0072B2", "✔", _("Brief exported"), _(
        "Saved as {name}, beside this notebook. Open it from the file browser on the left; "
        "print it, or save it as PDF, from the browser.").format(name=target.name) + note))
    return target
