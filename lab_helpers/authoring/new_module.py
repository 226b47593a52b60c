"""``python -m lab_helpers.authoring new``: write the skeleton of a new module.

    python -m lab_helpers.authoring new 04 service-integration \\
        --title-en "Service integration: linking the registries of one person" \\
        --title-it "Integrazione dei servizi: collegare gli archivi di una persona" \\
        --dataset registry_population --dataset registry_benefits \\
        --section "Four registries, one person" "Quattro archivi, una persona" 12

It writes the two source notebooks, the exercises file and the Italian catalog, and never
overwrites: if the module's number, folder or files exist already, it writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..paths import PACKAGE_DIR
from .exercise_skeleton import catalog_source, exercises_source
from .notebook_skeleton import notebook_text, skeleton_notebook
from .plan import DEFAULT_SECTIONS, LANGS, AuthoringError, ModulePlan, Section, check_plan

DEFAULT_ROOT = PACKAGE_DIR.parent  # the checkout this package was imported from


def known_datasets(root: Path) -> list[str] | None:
    """The dataset names of ``root/datasets/datapackage.json`` (None if there is none)."""
    descriptor = root / "datasets" / "datapackage.json"
    if not descriptor.is_file():
        return None
    return [r["name"] for r in json.loads(descriptor.read_text(encoding="utf-8"))["resources"]]


def existing_files(plan: ModulePlan, root: Path) -> list[Path]:
    """What already stands where the skeleton would write: a same-numbered module, a file."""
    modules = root / "modules"
    same_number = [p for p in modules.glob(f"{plan.number}-*") if p.is_dir()]
    return same_number + [p for p in plan.paths(root) if p.exists() and p not in same_number]


def skeleton_files(plan: ModulePlan) -> dict[str, str]:
    """Relative path -> text, for every file of the skeleton."""
    root = Path()
    files = {str(plan.notebook_path(root, lang)): notebook_text(skeleton_notebook(plan, lang))
             for lang in LANGS}
    files[str(plan.exercises_path(root))] = exercises_source(plan)
    files[str(plan.catalog_path(root))] = catalog_source(plan)
    return files


def write_module(plan: ModulePlan, root: Path) -> list[Path]:
    """Write the skeleton under ``root``; refuse, writing nothing, if any part exists."""
    for folder in ("modules", "lab_helpers/exercises"):
        if not (root / folder).is_dir():
            raise AuthoringError(f"{root} has no {folder}/ folder: run this in a checkout of "
                                 "the repository, or give its folder with --root.")
    check_plan(plan, known_datasets(root))
    found = existing_files(plan, root)
    if found:
        listed = ", ".join(str(p.relative_to(root)) for p in found)
        raise AuthoringError(f"Module {plan.number} already exists ({listed}). Nothing was "
                             "written: choose another number, or edit the module you have.")
    files = skeleton_files(plan)  # built in full before the first write
    written = []
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(path)
    return written


def readme_row(plan: ModulePlan) -> str:
    """The row for the README's table of modules (the minutes are the metadata's)."""
    return f"| {plan.number} {plan.slug} | {plan.minutes} | TODO: what a learner learns to do |"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lab_helpers.authoring",
        description="Tools for module authors. See docs/AUTHORING.md.")
    verbs = parser.add_subparsers(dest="verb", required=True)
    new = verbs.add_parser(
        "new", help="write the skeleton of a new module",
        description="Write the two source notebooks, the exercises file and the Italian "
                    "catalog of a new module. Nothing is ever overwritten.")
    new.add_argument("number", help="two digits, like 04")
    new.add_argument("slug", help="lowercase words joined by hyphens, like service-integration")
    new.add_argument("--title-en", required=True, metavar="TITLE",
                     help='"Short title: subtitle", like "Service integration: linking the '
                          'registries of one person"')
    new.add_argument("--title-it", required=True, metavar="TITLE",
                     help='the same in Italian, "Titolo breve: sottotitolo"')
    new.add_argument("--dataset", action="append", metavar="NAME",
                     help="a dataset the module uses (repeat for more); the first one is "
                          "opened in section 1. Default: districts")
    new.add_argument("--section", action="append", nargs=3, metavar=("EN", "IT", "MINUTES"),
                     help="a section: its English title, its Italian title and its minutes "
                          "(repeat for each section, in order). Default: one TODO section "
                          "of 15 minutes")
    new.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                     help="the repository's folder (default: %(default)s)")
    return parser


def _sections(raw: list[list[str]] | None) -> tuple[Section, ...]:
    if not raw:
        return DEFAULT_SECTIONS
    sections = []
    for title_en, title_it, minutes in raw:
        if not minutes.isdigit():
            raise AuthoringError(f"The minutes of section '{title_en}' should be a whole "
                                 f"number, not '{minutes}'.")
        sections.append(Section(title_en.strip(), title_it.strip(), int(minutes)))
    return tuple(sections)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        plan = ModulePlan(number=args.number, slug=args.slug,
                          titles={"en": args.title_en.strip(), "it": args.title_it.strip()},
                          datasets=tuple(args.dataset or ("districts",)),
                          sections=_sections(args.section))
        written = write_module(plan, args.root.resolve())
    except AuthoringError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    root = args.root.resolve()
    print(f"Module {plan.number} ({plan.folder}) written:")
    for path in written:
        print(f"  {path.relative_to(root)}")
    print(f"\nNext: follow docs/AUTHORING.md, and add this row to the README's table of "
          f"modules:\n{readme_row(plan)}")
    if not 60 <= plan.minutes <= 120:
        print(f"\nThe sections add up to {plan.minutes} minutes; a finished module takes 60 to "
              "120 (tests/test_notebooks.py checks it).")
    return 0
