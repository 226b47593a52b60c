"""The trainer's verbs of ``social-lab``: grade, report, feedback.

    social-lab grade MODULE [--course DIR] [--workers N] [--cell-timeout S]
                            [--notebook-timeout S] [--memory-mb M] [--force] [--no-containment]
    social-lab report MODULE [--course DIR] [--lang it|en]
    social-lab feedback MODULE [--course DIR] [--student ID]
    social-lab remove-learner ID [--course DIR]
    social-lab moodle-export [--course DIR] [--id username|email|idnumber]
                             [--values points|percent] [--out FILE]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import settings
from ..i18n import UnknownLanguageError, _, check_language, ngettext, set_language
from ..user_errors import UserError
from .lean_start import skip_iri_grammar
from .moodle_export import IDENTIFIERS, VALUES  # light: nbgrader is imported when used

# social-lab's verbs read notebooks but never validate IRIs: about a second of CPU saved
# before any of them starts (``lean_start``), and before `social-lab grade` starts workers
skip_iri_grammar()


def _course(args: argparse.Namespace) -> Path:
    return Path(args.course).expanduser().resolve() if args.course else Path.cwd()


def _language(args: argparse.Namespace) -> str:
    """--lang, else the course's language (SOCIAL_LAB_COURSE_LANG): for messages and reports."""
    value = args.lang or settings.course_language()
    try:
        return set_language(check_language(value))
    except UnknownLanguageError:
        raise UserError(_("Unknown language '{lang}'. Use --lang it (italiano) or --lang en "
                          "(English).").format(lang=value)) from None


def _user_error(error: Exception) -> UserError:
    return UserError(error.args[0] if error.args else str(error))


def cmd_grade(args: argparse.Namespace) -> int:
    from .course import CourseError
    from .pool import Options, grade_module

    _language(args)
    options = Options(workers=args.workers or 0, cell_timeout=args.cell_timeout or 0,
                      notebook_timeout=args.notebook_timeout or 0, memory_mb=args.memory_mb,
                      force=args.force, containment=not args.no_containment)
    try:
        summary = grade_module(_course(args), args.module, options)
    except CourseError as error:
        raise _user_error(error) from None
    return 130 if summary.interrupted else 0


def cmd_report(args: argparse.Namespace) -> int:
    from nbgrader.api import MissingEntry

    from .course import CourseError
    from .report import write_reports

    lang = _language(args)
    here = os.getcwd()
    try:
        paths = write_reports(_course(args), args.module, lang)
    except (CourseError, MissingEntry) as error:
        raise _user_error(error) from None
    finally:
        os.chdir(here)
    for kind in ("html", "learners", "items", "scores", "xlsx"):
        print(f"{kind:>9}: {paths[kind]}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from .course import CourseError, resolve_module
    from .learner_feedback import generate_feedback

    _language(args)
    here = os.getcwd()
    try:
        result = generate_feedback(_course(args), resolve_module(args.module), args.student)
    except CourseError as error:
        raise _user_error(error) from None
    finally:
        os.chdir(here)
    if not result.get("success"):
        raise _user_error(Exception(_("nbgrader could not generate the feedback: {detail}")
                                    .format(detail=(result.get("error") or "").strip()
                                            .splitlines()[-1:] or "")))
    print(_("Feedback written to the feedback folder; hidden tests are not shown. Return it "
            "with: nbgrader release_feedback {module}").format(
                module=resolve_module(args.module)))
    return 0


def cmd_remove_learner(args: argparse.Namespace) -> int:
    from .course import CourseError
    from .learner_removal import remove_learner

    _language(args)
    here = os.getcwd()
    try:
        removal = remove_learner(_course(args), args.student)
    except CourseError as error:
        raise _user_error(error) from None
    finally:
        os.chdir(here)
    if removal.in_gradebook:
        print(_("{student} is no longer in the gradebook, nor are their grades.").format(
            student=removal.student))
    for path in removal.moved:
        print(_("Moved out of the course: {path}").format(path=path))
    for module in removal.reports:
        print(_("Report written again: {module}").format(module=module))
    print(_("Nothing was deleted for good: it is all kept in {path}").format(
        path=removal.kept_in))
    return 0


def cmd_moodle_export(args: argparse.Namespace) -> int:
    from .course import CourseError
    from .moodle_export import write_moodle_csv

    _language(args)
    here = os.getcwd()
    try:
        export = write_moodle_csv(_course(args), args.id, args.values,
                                  Path(args.out).expanduser().resolve() if args.out else None)
    except CourseError as error:
        raise _user_error(error) from None
    finally:
        os.chdir(here)
    print(ngettext("Grades for Moodle: {path} ({n} learner, modules: {modules})",
                   "Grades for Moodle: {path} ({n} learners, modules: {modules})",
                   export.learners).format(path=export.path, n=export.learners,
                                           modules=", ".join(export.modules)))
    print(_("In Moodle: Grades > Import > CSV file. Map from '{column}' to '{column}', then "
            "map each module's column to its grade item.").format(column=export.identifier))
    if export.left_out:
        print(_("Left out, without a value for '{column}': {learners}. Add it with nbgrader "
                "db student add, then export again.").format(
                    column=export.identifier, learners=", ".join(export.left_out)))
    return 0


def add_trainer_verbs(verbs: argparse._SubParsersAction) -> None:
    """Register the trainer's verbs on the ``social-lab`` parser."""

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("module", help=_("the module, e.g. 00 or 00-getting-started"))
        sub.add_argument("--course", help=_("the course folder, with nbgrader_config.py "
                                            "(default: this folder)"))
        sub.add_argument("--lang", help=_("language of messages and reports: it or en "
                                          "(default: SOCIAL_LAB_COURSE_LANG, else it)"))

    grade = verbs.add_parser("grade", help=_("trainers: autograde every submission of a "
                                             "module, in parallel"))
    common(grade)
    grade.add_argument("--workers", type=int, help=_("grading processes (default: the number "
                                                     "of cores)"))
    grade.add_argument("--cell-timeout", type=int, help=_(
        "seconds a cell may run (default: c.Execute.timeout of the course)"))
    grade.add_argument("--notebook-timeout", type=int, help=_(
        "seconds a whole notebook may run (default: 600)"))
    grade.add_argument("--memory-mb", type=int, default=2048, help=_(
        "memory limit of each grading kernel, in MB (default: 2048; 0: no limit)"))
    grade.add_argument("--force", action="store_true", help=_(
        "grade every submission again, also those unchanged since the last run"))
    grade.add_argument("--no-containment", action="store_true", help=_(
        "do not isolate student code: no separate user, and the network stays reachable "
        "(not recommended)"))
    grade.set_defaults(func=cmd_grade)
    report = verbs.add_parser("report", help=_("trainers: the report and the CSV and Excel "
                                               "exports of a graded module"))
    common(report)
    report.set_defaults(func=cmd_report)
    feedback = verbs.add_parser("feedback", help=_("trainers: feedback for learners, without "
                                                   "hidden tests"))
    common(feedback)
    feedback.add_argument("--student", help=_("only this learner"))
    feedback.set_defaults(func=cmd_feedback)
    remove = verbs.add_parser("remove-learner", help=_(
        "trainers: take a learner (such as the guide's demo learner) out of the course"))
    remove.add_argument("student", help=_("the learner's nbgrader id"))
    remove.add_argument("--course", help=_("the course folder, with nbgrader_config.py "
                                           "(default: this folder)"))
    remove.add_argument("--lang", help=_("language of messages and reports: it or en "
                                         "(default: SOCIAL_LAB_COURSE_LANG, else it)"))
    remove.set_defaults(func=cmd_remove_learner)
    moodle = verbs.add_parser("moodle-export", help=_(
        "trainers: every module's grades in a CSV file for Moodle's gradebook import"))
    moodle.add_argument("--course", help=_("the course folder, with nbgrader_config.py "
                                           "(default: this folder)"))
    moodle.add_argument("--id", choices=sorted(IDENTIFIERS), default="username", help=_(
        "what identifies a learner in Moodle: username (the nbgrader id, the default), "
        "email or idnumber (nbgrader's lms_user_id)"))
    moodle.add_argument("--values", choices=VALUES, default="points", help=_(
        "grades as points (the default) or as a percentage of the module's points"))
    moodle.add_argument("--out", help=_("the CSV file to write (default: "
                                        "reports/moodle-grades.csv in the course folder)"))
    moodle.add_argument("--lang", help=_("language of messages and reports: it or en "
                                         "(default: SOCIAL_LAB_COURSE_LANG, else it)"))
    moodle.set_defaults(func=cmd_moodle_export)
