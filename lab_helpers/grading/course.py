"""The course being graded: nbgrader's own configuration, folders and gradebook.

The course folder's ``nbgrader_config.py`` is loaded exactly as ``nbgrader autograde``
loads it (from the folder it runs in, then ``CourseDirectory.root``); ``course_source``
chooses the module sources it releases. The gradebook URL
is nbgrader's (``c.CourseDirectory.db_url``): a SQLite gradebook gets a busy timeout in
its URL and write-ahead logging, so that several workers write to it without "database is
locked"; any other URL (PostgreSQL) is used as nbgrader uses it.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import N_, _

WORK_DIR = ".social-lab"
SQLITE_TIMEOUT = 120  # seconds a writer waits for the gradebook before giving up


class CourseError(Exception):
    """A problem with the course the trainer can fix; its message is translated."""


SOURCE_BESIDE = N_("Modules released from {path}, the modules/ folder beside this course: "
                   "what you change there is what learners receive.")
SOURCE_INSTALLED = N_("Modules released from the copy installed with the course, {path}: "
                      "there is no modules/ folder beside this course. To release modules you "
                      "have changed, put them in {beside}.")


def course_source(course_dir: Path) -> Path:
    """The module sources a course releases: the ``modules/`` folder beside the course
    folder when there is one (a checkout: ``instructor/`` and ``modules/`` side by side),
    else the copy installed with the course."""
    from ..paths import modules_dir

    beside = Path(course_dir).resolve().parent / "modules"
    if beside.is_dir() and any(beside.glob("*/*.ipynb")):
        return beside
    return modules_dir()


def announce_source(source: Path, course_dir: Path, lang: str,
                    argv: list[str] | None = None) -> None:
    """Say on stderr which module sources ``nbgrader generate_assignment`` releases.

    Called by a course's ``nbgrader_config.py``, which every nbgrader command loads: only
    generate_assignment (``assign`` in older nbgrader) reads the sources, so only it speaks.
    """
    argv = sys.argv if argv is None else argv
    if not set(argv[1:2]) & {"generate_assignment", "assign"}:
        return
    beside = Path(course_dir).resolve().parent / "modules"
    message = _(SOURCE_BESIDE if source == beside else SOURCE_INSTALLED, lang)
    print(message.format(path=source, beside=beside), file=sys.stderr)


def load_app(course_dir: Path, overrides: Any = None):
    """An initialised nbgrader application for ``course_dir`` (the cwd is changed to it)."""
    from nbgrader.apps.baseapp import NbGrader
    from traitlets.config import Config

    os.chdir(course_dir)
    app = NbGrader()
    app.initialize([])
    if overrides is not None:
        app.update_config(overrides if isinstance(overrides, Config) else Config(overrides))
    return app


def sqlite_file(db_url: str) -> Path | None:
    """The file of a SQLite gradebook URL, else None."""
    from sqlalchemy.engine import make_url

    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def safe_db_url(db_url: str) -> str:
    """``db_url`` with a busy timeout for SQLite (other databases are left as they are)."""
    from sqlalchemy.engine import make_url

    if sqlite_file(db_url) is None:
        return db_url
    url = make_url(db_url)
    if "timeout" in url.query:
        return db_url
    return url.update_query_dict({"timeout": str(SQLITE_TIMEOUT)}).render_as_string(
        hide_password=False)


def prepare_gradebook(db_url: str, groupshared: bool = False) -> None:
    """WAL journal for a SQLite gradebook, readable by its owner (and group) only."""
    path = sqlite_file(db_url)
    if path is None or not path.exists():
        return
    with sqlite3.connect(path, timeout=SQLITE_TIMEOUT) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    path.chmod(0o660 if groupshared else 0o600)


def checkpoint_gradebook(db_url: str) -> None:
    """Fold the write-ahead log into the gradebook file, so a copy of it is complete."""
    checkpoint_file(sqlite_file(db_url))


def checkpoint_file(path: Path | None) -> None:
    """``checkpoint_gradebook`` for the gradebook's file (None: not SQLite, nothing to do)."""
    if path is None or not path.exists():
        return
    with sqlite3.connect(path, timeout=SQLITE_TIMEOUT) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@dataclass
class Course:
    """Everything the grading run needs to know about the course and one module."""

    root: Path
    module: str
    db_url: str
    course_id: str
    notebook_id: str
    submitted: Path
    autograded: Path
    feedback: Path
    release: Path
    source: Path
    exchange: Path | None
    cell_timeout: int
    groupshared: bool = False
    notebooks: list[str] = field(default_factory=list)  # names in the gradebook
    gradebook: Path | None = None  # the gradebook's file, if it is SQLite

    PATHS = ("root", "submitted", "autograded", "feedback", "release", "source", "exchange",
             "gradebook")

    def to_dict(self) -> dict[str, Any]:
        """As JSON: what a grading worker tells the main process (``from_dict``)."""
        return {name: str(value) if isinstance(value, Path) else value
                for name, value in self.__dict__.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Course:
        return cls(**{name: Path(value) if name in cls.PATHS and value is not None else value
                      for name, value in data.items()})

    @property
    def work(self) -> Path:
        return self.root / WORK_DIR / "grading" / self.module

    @property
    def staging_rel(self) -> str:
        """The staging folder relative to the root (nbgrader matches it as a regex)."""
        return f"{WORK_DIR}/grading/{self.module}/staging"

    @property
    def staging(self) -> Path:
        return self.root / self.staging_rel

    @property
    def reports(self) -> Path:
        return self.root / "reports" / self.module

    @property
    def lang(self) -> str:
        star = self.notebook_id.rsplit(".", 1)
        return star[1] if len(star) == 2 and star[1] in ("it", "en") else ""

    def students(self) -> list[str]:
        """Learners with a folder for this module in submitted/, sorted."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir()
                      if p.is_dir() and not p.name.startswith(".") and (p / self.module).is_dir())

    def released_notebook(self, name: str):
        """What learners received: the release copy, else the student version of the source."""
        import nbformat

        from ..student_version import student_version_of

        released = self.release / self.module / f"{name}.ipynb"
        if released.exists():
            return nbformat.read(released, as_version=4)
        return student_version_of(self.source / self.module / f"{name}.ipynb")

    def hidden_paths(self) -> list[str]:
        """What a grading kernel must not see."""
        paths = [self.submitted, self.autograded, self.feedback, self.root / WORK_DIR,
                 self.source, *answer_paths()]
        if self.exchange is not None:
            paths.append(self.exchange)
        gradebook = self.gradebook
        if gradebook is not None:
            paths += [gradebook, Path(f"{gradebook}-wal"), Path(f"{gradebook}-shm")]
        return [str(p) for p in paths]


def answer_paths() -> list[Path]:
    """The course's reference code and answer keys, which graded code must never read.

    The exercises (each one computes its expected answer), the module sources (solutions
    and hidden tests) and the datasets whose title says they are an answer key. A grading
    kernel does not need them: its checks only record answers, the grader checks them.
    """
    import json

    from ..paths import PACKAGE_DIR, datasets_dir, modules_dir

    paths = [PACKAGE_DIR / "exercises", modules_dir()]
    checkout_git = PACKAGE_DIR.parent / ".git"
    if checkout_git.exists():  # its objects hold every version of the above
        paths.append(checkout_git)
        if checkout_git.is_file():  # a worktree: the repository's own .git is elsewhere
            text = checkout_git.read_text(encoding="utf-8", errors="replace")
            gitdir = Path(text.partition("gitdir:")[2].strip() or ".")
            common = next((p for p in (gitdir, *gitdir.parents) if p.name == ".git"), None)
            if common is not None:
                paths.append(common)
    package = json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))
    paths += [datasets_dir() / r["path"] for r in package.get("resources", [])
              if str(r.get("title", "")).startswith("Answer key")]
    return [p for p in paths if p.exists()]


def course_hidden_paths(coursedir: Any, exchange: str | None) -> list[str]:
    """What a grading kernel must not see, from nbgrader's CourseDirectory of the course."""
    root = Path(coursedir.root).resolve()

    def folder(name: str) -> Path:
        return Path(coursedir.format_path(getattr(coursedir, name), ".", ".")).resolve()

    paths = [folder(n) for n in ("submitted_directory", "autograded_directory",
                                 "feedback_directory", "source_directory")]
    paths += [root / WORK_DIR, *answer_paths()]
    if exchange:
        paths.append(Path(exchange))
    gradebook = sqlite_file(coursedir.db_url)
    if gradebook is not None:
        paths += [gradebook, Path(f"{gradebook}-wal"), Path(f"{gradebook}-shm")]
    return [str(p) for p in paths]


def resolve_module(ident: str) -> str:
    """A module number or name as the assignment id ("0" -> "00-getting-started")."""
    from ..catalog import UnknownModuleError, find_module

    try:
        return find_module(ident).slug
    except UnknownModuleError:
        return ident


def check_course_dir(course_dir: Path) -> None:
    """A CourseError unless ``course_dir`` has an ``nbgrader_config.py``."""
    if not (course_dir / "nbgrader_config.py").exists():
        raise CourseError(_("There is no nbgrader_config.py in {path}: run this command in "
                            "the course folder (instructor/), or give it with --course.")
                          .format(path=course_dir))


def load_course(course_dir: Path, module: str) -> Course:
    """Read the course's nbgrader configuration and its gradebook's list of notebooks."""
    check_course_dir(course_dir)
    return course_of(load_app(course_dir), module)


def course_of(app: Any, module: str) -> Course:
    """The course of an initialised nbgrader application (``load_app``)."""
    coursedir = app.coursedir
    root = Path(coursedir.root).resolve()
    exchange = None
    try:
        exchange = Path(app.config.Exchange.root) if "root" in app.config.Exchange else None
    except (AttributeError, TypeError):
        exchange = None

    def folder(name: str) -> Path:
        return Path(coursedir.format_path(getattr(coursedir, name), ".", ".")).resolve()

    cell_timeout = 30
    if "Execute" in app.config and "timeout" in app.config.Execute:
        cell_timeout = int(app.config.Execute.timeout)
    course = Course(
        root=root, module=module, db_url=coursedir.db_url, course_id=coursedir.course_id,
        notebook_id=coursedir.notebook_id, submitted=folder("submitted_directory"),
        autograded=folder("autograded_directory"), feedback=folder("feedback_directory"),
        release=folder("release_directory"), source=folder("source_directory"),
        exchange=exchange, cell_timeout=cell_timeout,
        groupshared=bool(getattr(coursedir, "groupshared", False)),
        gradebook=sqlite_file(coursedir.db_url))
    course.notebooks = gradebook_notebooks(course)
    return course


def gradebook_notebooks(course: Course) -> list[str]:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(safe_db_url(course.db_url), course.course_id) as gb:
        try:
            assignment = gb.find_assignment(course.module)
        except MissingEntry:
            raise CourseError(_(
                "The gradebook does not know the module {module} yet. Release it first: "
                "nbgrader generate_assignment {module}").format(module=course.module)) from None
        names = sorted(nb.name for nb in assignment.notebooks)
    if not names:
        raise CourseError(_("The module {module} has no notebooks in the gradebook: run "
                            "nbgrader generate_assignment {module} --force").format(
                                module=course.module))
    return names
