"""CSV and Excel exports with a stable column layout (documented in the trainer guide).

Three tables, the same in CSV files and in the sheets of ``grades.xlsx``:

- ``learners``: one row per learner of the module;
- ``items``: one row per exercise (nbgrader grade id, with the number and title of the
  exercise in the module's notebook);
- ``scores``: one row per learner and exercise (long format, for pivot tables).

Column names and codes are English and never translated, so that spreadsheets and
scripts built on them keep working; the ``reason`` and ``title`` columns are in the
report's language.
Numbers use a dot as the decimal separator in CSV (UTF-8, comma-separated).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .outcomes import flagged, reasons

LEARNER_COLUMNS = ["student_id", "status", "score", "max_score", "percent",
                   "needs_manual_grade", "flagged", "flags", "reason", "graded_file",
                   "graded_at"]
ITEM_COLUMNS = ["item_id", "kind", "max_score", "n", "mean_score", "mean_percent",
                "full_share", "zero_share", "discrimination", "upper_lower",
                "waiting_manual_grade", "number", "title"]
SCORE_COLUMNS = ["student_id", "item_id", "score", "max_score"]


def _round(value: float | None, digits: int = 3) -> Any:
    return None if value is None else round(value, digits)


def learner_rows(learners: list[Any], lang: str) -> list[list[Any]]:
    rows = []
    for p in sorted(learners, key=lambda p: p.student_id):
        rows.append([p.student_id, p.status, _round(p.score), _round(p.max_score),
                     _round(p.percent, 1), p.needs_manual, int(flagged(p.record)),
                     ";".join(p.flags), " ".join(reasons(p.record, lang)),
                     ";".join(p.record.get("sources", {}).values()),
                     p.record.get("graded_at", "")])
    return rows


def item_rows(items: list[Any]) -> list[list[Any]]:
    return [[i.item_id, i.kind, _round(i.max_score), i.n, _round(i.mean_score),
             _round(i.mean_percent, 1), _round(i.full_share), _round(i.zero_share),
             _round(i.discrimination), _round(i.upper_lower), i.waiting, i.number, i.title]
            for i in items]


def score_rows(items: list[Any], learners: list[Any]) -> list[list[Any]]:
    rows = []
    for p in sorted(learners, key=lambda p: p.student_id):
        for item in items:
            if p.student_id in item.scores:
                rows.append([p.student_id, item.item_id, _round(item.scores[p.student_id]),
                             _round(item.max_score)])
    return rows


def tables(items: list[Any], learners: list[Any], lang: str) -> dict[str, tuple[list, list]]:
    return {"learners": (LEARNER_COLUMNS, learner_rows(learners, lang)),
            "items": (ITEM_COLUMNS, item_rows(items)),
            "scores": (SCORE_COLUMNS, score_rows(items, learners))}


def write_csv(folder: Path, items: list[Any], learners: list[Any], lang: str
              ) -> dict[str, Path]:
    paths = {}
    for name, (columns, rows) in tables(items, learners, lang).items():
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        paths[name] = path
    return paths


def write_excel(path: Path, items: list[Any], learners: list[Any], lang: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name, (columns, rows) in tables(items, learners, lang).items():
        sheet = book.create_sheet(name)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            width = max([len(column)] + [len(str(r[index - 1] or "")) for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(60, width + 2)
    book.save(path)
    return path
