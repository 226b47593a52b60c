"""What a new module is to be: its number, name, titles, datasets and timed sections.

The plan is checked before anything is written, so a wrong argument never leaves half a
module behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LANGS = ("en", "it")
NUMBER = re.compile(r"\d\d")
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
EXAMPLE_EXERCISE = "row_count"  # the skeleton's one exercise: m<NN>.row_count
MAX_SECTION_MINUTES = 30


class AuthoringError(ValueError):
    """An argument the author can fix; the message says how."""


@dataclass(frozen=True)
class Section:
    """One section of the module: its title in each language and its minutes."""

    title_en: str
    title_it: str
    minutes: int

    def title(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_it


DEFAULT_SECTIONS = (Section("TODO: title of section 1", "TODO: titolo della sezione 1", 15),)


@dataclass(frozen=True)
class ModulePlan:
    """Everything the skeleton needs; ``titles`` are "Short title: subtitle" per language."""

    number: str  # "04"
    slug: str  # "service-integration" (without the number)
    titles: dict[str, str]  # lang -> "Service integration: linking the registries"
    datasets: tuple[str, ...] = ("districts",)
    sections: tuple[Section, ...] = DEFAULT_SECTIONS

    @property
    def folder(self) -> str:
        return f"{self.number}-{self.slug}"

    @property
    def exercises(self) -> str:
        """The exercises module's name, which is also the prefix of every exercise id."""
        return f"m{self.number}"

    @property
    def table(self) -> str:
        """The notebook variable holding the first dataset (named like it)."""
        return self.datasets[0]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sections)

    def short_title(self, lang: str) -> str:
        return self.titles[lang].split(": ", 1)[0]

    def subtitle(self, lang: str) -> str:
        """The H2 line: the part after the colon, with a capital letter."""
        rest = self.titles[lang].split(": ", 1)[1]
        return rest[0].upper() + rest[1:]

    def notebook_path(self, root: Path, lang: str) -> Path:
        return root / "modules" / self.folder / f"{self.folder}.{lang}.ipynb"

    def exercises_path(self, root: Path) -> Path:
        return root / "lab_helpers" / "exercises" / f"{self.exercises}.py"

    def catalog_path(self, root: Path) -> Path:
        return root / "lab_helpers" / "locale" / "it" / "LC_MESSAGES" / f"{self.exercises}.po"

    def paths(self, root: Path) -> list[Path]:
        """Every file the skeleton writes, in the order it writes them."""
        return [*(self.notebook_path(root, lang) for lang in LANGS),
                self.exercises_path(root), self.catalog_path(root)]


def check_plan(plan: ModulePlan, known_datasets: list[str] | None) -> None:
    """Raise AuthoringError for the first thing in the plan that would make a broken module."""
    if not NUMBER.fullmatch(plan.number):
        raise AuthoringError(f"The module number must have two digits, like 04 (not "
                             f"'{plan.number}').")
    if not SLUG.fullmatch(plan.slug):
        raise AuthoringError(f"The name '{plan.slug}' should be lowercase words joined by "
                             "hyphens, like service-integration.")
    for lang in LANGS:
        title = plan.titles.get(lang, "")
        short, sep, rest = title.partition(": ")
        if not sep or not short.strip() or not rest.strip() or " · " in title:
            raise AuthoringError(
                f"--title-{lang} must read 'Short title: subtitle', like 'Service integration: "
                f"linking the registries of one person' (got '{title}'). The short title goes "
                "in the notebook's first heading, the subtitle in the second.")
    if not plan.datasets:
        raise AuthoringError("Name at least one dataset with --dataset.")
    unknown = [d for d in plan.datasets if known_datasets is not None and d not in known_datasets]
    if unknown:
        raise AuthoringError(f"Unknown dataset '{unknown[0]}'. The datasets are: "
                             f"{', '.join(known_datasets or [])}.")
    if not plan.table.isidentifier():
        raise AuthoringError(f"'{plan.table}' cannot be a Python variable name.")
    if not plan.sections:
        raise AuthoringError("A module needs at least one section.")
    for section in plan.sections:
        if not 1 <= section.minutes <= MAX_SECTION_MINUTES:
            raise AuthoringError(f"Section '{section.title_en}' takes {section.minutes} "
                                 f"minutes: give each section 1 to {MAX_SECTION_MINUTES} "
                                 "(10 to 15 is best).")
        if not section.title_en.strip() or not section.title_it.strip():
            raise AuthoringError("Every section needs a title in English and in Italian.")
