"""The number and title of each graded exercise, read from a module's notebook.

Every graded cell of a module notebook sits below a heading such as ``### Exercise 5 (1
point)`` or ``### Esercizio 5 (1 punto)`` (``### Reflection ...`` for a reflection), and the
text under the heading says what is asked. ``exercise_titles`` is the one place that reads
them, so that the trainer's report, the learners' feedback, the trainer's sheet and the
learner's check results name an exercise alike: "Esercizio 5", then the first sentence of
what it asks. The words are the notebook's own, in its language: nothing to translate here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CHECK_CALL = re.compile(r"""check\(\s*["'](m\d\d\.\w+)["']""")
TRAILING_PARENS = re.compile(r"\s*\([^()]*\)\s*$")  # "Exercise 5 (1 point)" -> "Exercise 5"
NUMBER = re.compile(r"\b(\d+)\b")
SENTENCE_END = re.compile(r"(?<!\.\.)(?<=[.?!])\s")  # not after "..."
MARKUP = [(re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](link) -> text
          (re.compile(r"(\*\*|__|\*|`)"), "")]
SUMMARY_LENGTH = 90  # characters of the first sentence that are kept


@dataclass(frozen=True)
class ExerciseTitle:
    """How one graded cell of a notebook is named."""

    grade_id: str  # nbgrader's grade id: "test_total_population"
    check_id: str | None  # the check the test cell calls: "m00.total_population"
    heading: str  # the heading above it, without the points: "Esercizio 5"
    number: int | None  # 5; None for a heading without a number ("Riflessione")
    summary: str  # the first sentence under the heading, without markup, shortened
    section: str  # the section ("## ...") it is in, without its minutes
    points: float
    manual: bool  # graded by hand (a reflection or a free answer)

    @property
    def title(self) -> str:
        """"Esercizio 5: Quanti residenti hanno in tutto i 30 distretti?" (or the heading)."""
        return f"{self.heading}: {self.summary}" if self.summary else self.heading


def _plain(text: str) -> str:
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _summary(lines: list[str]) -> str:
    """The first sentence of the first paragraph of ``lines``, shortened."""
    paragraph: list[str] = []
    for line in lines:
        if line.strip().startswith("#") or (not line.strip() and paragraph):
            break
        if line.strip():
            paragraph.append(line.strip())
    text = _plain(" ".join(paragraph))
    sentence = SENTENCE_END.split(text, maxsplit=1)[0] if text else ""
    if len(sentence) > SUMMARY_LENGTH:
        sentence = sentence[:SUMMARY_LENGTH].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def exercise_titles(nb: Any) -> list[ExerciseTitle]:
    """Every graded cell of a notebook (a NotebookNode or its dict), in order, with its name."""
    section = heading = summary = ""
    found = []
    for cell in nb["cells"]:
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            lines = source.splitlines()
            for index, line in enumerate(lines):
                if line.startswith("## "):
                    section, heading, summary = TRAILING_PARENS.sub("", line[3:]).strip(), "", ""
                elif line.startswith("### ") and "SOLUTION" not in line:
                    heading = TRAILING_PARENS.sub("", line[4:]).strip()
                    summary = _summary(lines[index + 1:])
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        calls = CHECK_CALL.findall(source) if cell["cell_type"] == "code" else []
        number = NUMBER.search(heading)
        found.append(ExerciseTitle(
            grade_id=meta["grade_id"], check_id=calls[0] if calls else None, heading=heading,
            number=int(number.group(1)) if number else None, summary=summary, section=section,
            points=float(meta.get("points", 0)), manual=bool(meta.get("solution"))))
    return found


@cache
def _notebook_titles(path: Path, mtime: float) -> dict[str, ExerciseTitle]:
    # plain JSON, not nbformat: this runs in the learner's kernel at the first check, and
    # importing nbformat (jsonschema and its format parsers) costs about a second there
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {title.grade_id: title for title in exercise_titles(nb)}


def module_titles(module: str, lang: str, source: Path | None = None
                  ) -> dict[str, ExerciseTitle]:
    """The exercises of a module's notebook in ``lang``, by grade id ({} if it is missing).

    ``source`` is the folder of the module sources (an nbgrader course's source directory);
    by default, the modules of the installed course.
    """
    if source is None:
        from .paths import modules_dir

        source = modules_dir()
    path = Path(source) / module / f"{module}.{lang}.ipynb"
    if not path.is_file():
        return {}
    return _notebook_titles(path, path.stat().st_mtime)


def title_of(check_id: str, lang: str) -> ExerciseTitle | None:
    """The exercise that calls the check ``check_id`` ("m00.total_population"), or None."""
    from .catalog import UnknownModuleError, find_module

    try:
        module = find_module(check_id.split(".", 1)[0].lstrip("m"))
    except UnknownModuleError:
        return None
    return next((t for t in module_titles(module.slug, lang).values()
                 if t.check_id == check_id), None)
