"""The ``social-lab`` command: one verb per task.

    social-lab start     build or refresh the workspace, then open JupyterLab there
    social-lab refresh   build or refresh the workspace only
    social-lab modules   list the modules, their minutes and the learner's status
    social-lab progress  show the learner's progress, module by module
    social-lab certificate  export an HTML summary of the completed modules
    social-lab check     run the learner's notebook headless and report each exercise
    social-lab reset     give a fresh copy of a module, keeping the old one as a backup
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import socket
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

from . import settings
from .i18n import (
    LANGUAGES,
    N_,
    UnknownLanguageError,
    _,
    check_language,
    current_language,
    ngettext,
    set_language,
)
from .user_errors import UserError

LANGUAGE_NAMES = {"it": N_("Italian"), "en": N_("English")}
REQUIRED = ("jupyterlab", "nbgrader", "pandas", "matplotlib", "ipywidgets", "ipykernel", "babel")
DEFAULT_PORT = 8888
FILE_BROWSER_PATH = "file-browser-path"  # JupyterLab 4's query parameter: the browser's folder
LEARNER_VERBS = ("start", "refresh", "modules", "progress", "certificate", "check", "reset")


def missing_dependencies(names: Sequence[str] | None = None) -> list[str]:
    """The required packages that cannot be imported."""
    return [name for name in (names or REQUIRED) if importlib.util.find_spec(name) is None]


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """True if nothing listens on ``port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(requested: int | None) -> int:
    """The requested port if free (else an error); without one, the first free from 8888."""
    if requested is not None:
        if not 1 <= requested <= 65535:
            raise UserError(_("{port} is not a valid port: use a number from 1024 to 65535.")
                            .format(port=requested))
        if not port_free(requested):
            raise UserError(_(
                "Port {port} is already in use, perhaps by another JupyterLab. Close it, or "
                "choose another port, for example: social-lab start --port {other}").format(
                    port=requested, other=requested + 1))
        return requested
    for port in range(DEFAULT_PORT, DEFAULT_PORT + 50):
        if port_free(port):
            return port
    raise UserError(_("No free port between {first} and {last}: choose one with --port.")
                    .format(first=DEFAULT_PORT, last=DEFAULT_PORT + 49))


def _language(value: str | None) -> str:
    if value is None:
        return current_language()
    try:
        return check_language(value)
    except UnknownLanguageError:
        raise UserError(_("Unknown language '{lang}'. Use --lang it (italiano) or --lang en "
                          "(English).").format(lang=value)) from None


def _workspace(value: str | None) -> Path:
    from .workspace import default_workspace

    return Path(value).expanduser().resolve() if value else default_workspace()


def _place(args: argparse.Namespace) -> tuple[Path, str]:
    """The workspace and its language, which every later message speaks.

    The language is --lang if given (and from then on the workspace's, saying so), else
    the one the workspace was made in, else the computer's.
    """
    from .workspace import remember_language, workspace_language

    root = _workspace(args.dir)
    kept = workspace_language(root)
    lang = _language(args.lang) if args.lang else kept or current_language()
    set_language(lang)
    if args.lang and kept and kept != lang:
        remember_language(root, lang)
        print(_("Your workspace is now in {language} (it was in {previous}).").format(
            language=_(LANGUAGE_NAMES[lang]), previous=_(LANGUAGE_NAMES[kept])))
    return root, lang


def _missing_workspace(root: Path, args: argparse.Namespace) -> str | None:
    """What to say when there is no workspace in ``root`` (None when there is one)."""
    from .workspace import STATE_DIR

    if (root / STATE_DIR).is_dir():
        return None
    if args.dir:
        return _("There is no workspace in {path}. Check the folder's name, or make a "
                 "workspace there with: social-lab start --dir {path}").format(path=root)
    return _("There is no workspace in {path} yet: run social-lab start first.").format(
        path=root)


def _refresh(root: Path, lang: str) -> None:
    from .workspace import refresh_workspace

    for change in refresh_workspace(root, lang):
        rel = change.path.relative_to(root)
        if change.kind == "created":
            print(_("Added {path}").format(path=rel))
        elif change.kind == "updated":
            print(_("Updated {path} to the newest version").format(path=rel))
        elif change.kind == "kept":
            print(_("You have worked on {path}, so it was left as it is. The newer version "
                    "is beside it: {copy}").format(path=rel, copy=change.new_copy.name))


def cmd_refresh(args: argparse.Namespace) -> int:
    root, lang = _place(args)
    _refresh(root, lang)
    print(_("Your workspace is ready: {path}").format(path=root))
    return 0


def cmd_modules(args: argparse.Namespace) -> int:
    from .catalog import list_modules
    from .progress_report import summary

    root, lang = _place(args)
    missing = _missing_workspace(root, args)
    rows = {} if missing else {row.slug: row for row in summary(root, lang)}
    heads = (_("Module"), _("Minutes"), _("Exercises"), _("Status"), _("Title"))
    print(f"{heads[0]:<22} {heads[1]:>7}  {heads[2]:>9}  {heads[3]:<12} {heads[4]}")
    for module in list_modules():
        row = rows.get(module.slug)
        done = f"{row.done}/{row.total}" if row else ""
        if missing or lang not in module.notebooks:
            status = "-"
        elif row and row.complete:
            status = _("completed")
        elif row and (row.done or row.tried):
            status = _("started")
        else:
            status = _("not started")
        print(f"{module.slug:<22} {module.minutes():>7}  {done:>9}  {status:<12} "
              f"{module.title(lang)}")
    if missing and args.dir:
        print(_("Error: {message}").format(message=missing), file=sys.stderr)
        return 2
    if missing:
        print(missing)
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    from .progress_report import progress_lines, summary

    root, lang = _place(args)
    missing = _missing_workspace(root, args)
    if missing:
        raise UserError(missing)
    for line in progress_lines(summary(root, lang)):
        print(line)
    return 0


def cmd_certificate(args: argparse.Namespace) -> int:
    from .progress_report import NothingToCertifyError, certificate_html

    root, lang = _place(args)
    missing = _missing_workspace(root, args)
    if missing:
        raise UserError(missing)
    out = Path(args.out).expanduser() if args.out else root / "certificate.html"
    try:
        page = certificate_html(root, lang, args.name or "")
    except NothingToCertifyError as error:
        raise UserError(error.args[0]) from None
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as error:
        raise UserError(_("Cannot write {path} ({reason}).").format(
            path=out, reason=error.strerror or error)) from error
    print(_("Certificate saved: {path}").format(path=out))
    return 0


def _learner_notebook(root: Path, ident: str, lang: str):
    from .catalog import find_module
    from .workspace import notebook_path

    module = find_module(ident)
    path = notebook_path(root, module, lang)
    if not path.exists():
        raise UserError(_("{path} is not in your workspace yet: run social-lab start first.")
                        .format(path=path))
    return module, path


def cmd_check(args: argparse.Namespace) -> int:
    from .checks import module_problems
    from .checks.display import _STYLE
    from .checks.outcome import Status
    from .progress_report import summary
    from .selfcheck import readable, self_check

    root, lang = _place(args)
    missing = _missing_workspace(root, args)
    if missing:
        raise UserError(missing)
    module, path = _learner_notebook(root, args.module, lang)
    if not readable(path):
        raise UserError(_("{path} cannot be read as a notebook. Get a fresh copy with: "
                          "social-lab reset {module} (your file is kept as a backup).")
                        .format(path=path.name, module=module.number))
    print(_("Checking {path} ...").format(path=path.relative_to(root)))
    report = self_check(path, module, lang, workspace=root)
    passed = 0
    for problem in module_problems("m" + module.number):
        status = Status(report.outcomes.get(problem.id, Status.NOT_ATTEMPTED.value))
        _colour, symbol, title = _STYLE[status]
        passed += status is Status.CORRECT
        failure = report.failures.get(problem.id) if status is not Status.CORRECT else None
        if failure is None:
            print(f"  {symbol} {problem.id:<40} {_(title)}")
            continue
        _colour, symbol, _title = _STYLE[Status.INCORRECT]
        print(f"  {symbol} {problem.id:<40} "
              + _("The answer cell fails: {error}").format(error=failure.ename))
        explained = failure.explanation()
        lines = [f"{failure.ename}: {failure.evalue}"]
        if explained:
            lines.append("{}: {}".format(*explained))
        for line in lines:
            print(textwrap.fill(line, width=96, initial_indent=" " * 6,
                                subsequent_indent=" " * 6))
    total = len(module_problems("m" + module.number))
    print(ngettext("{passed} of {total} exercises correct.",
                   "{passed} of {total} exercises correct.", passed).format(
                       passed=passed, total=total))
    kept = next(row for row in summary(root, lang) if row.slug == module.slug)
    if kept.done != passed:
        print(ngettext(
            "Your progress counts {done} of {total} exercises: an exercise once correct "
            "stays counted, even if its answer changed since.",
            "Your progress counts {done} of {total} exercises: an exercise once correct "
            "stays counted, even if its answer changed since.", kept.done).format(
                done=kept.done, total=total))
    for kind, gids in ((_("deleted"), report.deleted), (_("changed"), report.edited)):
        for gid in gids:
            print(_("Warning: the check cell {cell} was {kind}. It was put back for this run; "
                    "your trainer's grading puts it back too. To restore it in your notebook, "
                    "copy it from a fresh copy: social-lab reset {module} (your notebook is "
                    "kept as a backup).").format(cell=gid, kind=kind, module=module.number))
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    from .catalog import find_module
    from .workspace import reset_notebook

    root, lang = _place(args)
    module = find_module(args.module)
    target, backup = reset_notebook(root, module, lang)
    if backup:
        print(_("Your notebook was kept as {backup}").format(backup=backup.name))
    print(_("A fresh copy is ready: {path}").format(path=target.relative_to(root)))
    print(_("Your progress in this module starts again from zero, with the fresh copy."))
    return 0


def cmd_start(args: argparse.Namespace) -> int:
    from .catalog import find_module, list_modules
    from .workspace import STATE_DIR, jupyter_config_dir, notebook_path, write_lab_settings

    root, lang = _place(args)
    port = choose_port(args.port)
    module = find_module(args.module) if args.module else (list_modules() or [None])[0]
    if module is None:
        raise UserError(_("No modules are installed: install Social Innovation Lab again."))
    _refresh(root, lang)
    lab_settings = write_lab_settings(root, lang)
    rel = notebook_path(root, module, lang).relative_to(root).as_posix()
    token = secrets.token_hex(16)
    # the module's notebook opens, and the file browser shows the workspace's top folder,
    # with every module (JupyterLab otherwise shows the folder of the notebook it opens)
    page, browser_at_top = f"/lab/tree/{rel}", f"{FILE_BROWSER_PATH}=/"
    command = [
        sys.executable, "-m", "jupyterlab",
        f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--LabApp.default_url={page}?{browser_at_top}", f"--IdentityProvider.token={token}",
        "--ServerApp.answer_yes=True",  # Ctrl+C stops it: no question hidden in the log
    ]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    config_path = os.pathsep.join(
        p for p in (str(jupyter_config_dir(root)), os.environ.get("JUPYTER_CONFIG_PATH")) if p)
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(lab_settings),
               JUPYTER_CONFIG_PATH=config_path,
               JUPYTERLAB_WORKSPACES_DIR=str(lab_settings.parent / "workspaces"))
    env[settings.LANG], env[settings.WORKSPACE] = lang, str(root)
    if lang == "it" and importlib.util.find_spec("jupyterlab_language_pack_it_IT") is None:
        print(_("The Italian language pack of JupyterLab is not installed: the menus will be "
                "in English. Install it with: pip install jupyterlab-language-pack-it-IT"))
    print(_("Opening JupyterLab at {url}").format(
        url=f"http://127.0.0.1:{port}{page}?token={token}&{browser_at_top}"))
    print(_("To stop it, press Ctrl+C in this window."))
    sys.stdout.flush()
    # JupyterLab's own messages (and its kernels' warnings) go to a log, so that the address
    # is what a learner sees; they are shown only if JupyterLab stops with an error
    log_path = root / STATE_DIR / "jupyterlab.log"
    try:
        with log_path.open("w", encoding="utf-8") as log:
            code = subprocess.call(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    except KeyboardInterrupt:
        return 0
    if code not in (0, -2, 130):  # 130 and -2: stopped with Ctrl+C
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print("\n".join(tail))
        print(_("JupyterLab stopped with an error (its messages are above, and in {log}). "
                "Try social-lab start again; if it fails again, try another port with "
                "--port 8899.").format(log=log_path))
    return code


def build_parser() -> argparse.ArgumentParser:
    from .cli_parser import TranslatedArgumentParser

    parser = TranslatedArgumentParser(
        prog="social-lab", description=_("Social Innovation Lab: data skills for social workers."))
    verbs = parser.add_subparsers(dest="verb", metavar=_("COMMAND"))

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--lang", help=_("language: it or en (default: your computer's)"))
        sub.add_argument("--dir", help=_("workspace folder (default: ~/social-innovation-lab)"))

    start = verbs.add_parser("start", help=_("prepare your workspace and open JupyterLab"))
    common(start)
    start.add_argument("--no-browser", action="store_true",
                       help=_("do not open a browser; print the address instead"))
    start.add_argument("--port", type=int, help=_("port for JupyterLab (default: 8888 or next)"))
    start.add_argument("--module", metavar=_("MODULE"),
                       help=_("the module to open first, e.g. 00"))
    start.set_defaults(func=cmd_start)
    refresh = verbs.add_parser("refresh", help=_("prepare or update your workspace only"))
    common(refresh)
    refresh.set_defaults(func=cmd_refresh)
    modules = verbs.add_parser("modules", help=_("list the modules and your progress"))
    common(modules)
    modules.set_defaults(func=cmd_modules)
    progress = verbs.add_parser("progress", help=_("show your progress, module by module"))
    common(progress)
    progress.set_defaults(func=cmd_progress)
    certificate = verbs.add_parser(
        "certificate", help=_("save an HTML summary of the modules you completed"))
    common(certificate)
    certificate.add_argument("--name", help=_("your name, as it should appear"))
    certificate.add_argument("--out", help=_("where to save it (default: in your workspace)"))
    certificate.set_defaults(func=cmd_certificate)
    check = verbs.add_parser("check", help=_("check your notebook of a module, exercise by "
                                             "exercise"))
    common(check)
    check.add_argument("module", metavar=_("MODULE"), help=_("the module, e.g. 00"))
    check.set_defaults(func=cmd_check)
    reset = verbs.add_parser("reset", help=_("a fresh copy of a module (yours is kept as a "
                                             "backup)"))
    common(reset)
    reset.add_argument("module", metavar=_("MODULE"), help=_("the module, e.g. 00"))
    reset.set_defaults(func=cmd_reset)
    from .grading.trainer_cli import add_trainer_verbs

    add_trainer_verbs(verbs)
    from .trainer_sheet import add_trainer_sheet_verb  # social-lab trainer-sheet

    add_trainer_sheet_verb(verbs)
    from .cohort_wheel import add_cohort_wheel_verb  # social-lab cohort-wheel

    add_cohort_wheel_verb(verbs)
    return parser


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of an option (``--dir X`` or ``--dir=X``) before parsing, or None."""
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(name + "="):
            value = arg.split("=", 1)[1]
    return value


def _early_language(argv: Sequence[str]) -> None:
    """Pick the language of messages before parsing: --lang if it is valid, else for a
    learner's command the language of the workspace."""
    value = _option(argv, "--lang")
    if value and value.lower()[:2] in LANGUAGES:
        set_language(value)
        return
    verb = next((arg for arg in argv if not arg.startswith("-")), None)
    if verb in (None, *LEARNER_VERBS):
        from .workspace import workspace_language

        kept = workspace_language(_workspace(_option(argv, "--dir")))
        if kept:
            set_language(kept)


def _main(argv: Sequence[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _early_language(argv)
    missing = missing_dependencies()
    if missing:
        print(_("Some parts of Social Innovation Lab are missing: {names}. Install it again "
                "with: pip install --upgrade social-innovation-lab").format(
                    names=", ".join(missing)), file=sys.stderr)
        return 3
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    from .catalog import UnknownModuleError
    from .workspace import WorkspaceNotWritableError

    try:
        return args.func(args)
    except (UserError, UnknownModuleError, WorkspaceNotWritableError) as error:
        print(_("Error: {message}").format(message=error.args[0] if error.args else error),
              file=sys.stderr)
        return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``social-lab`` command; its exit code."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # here, so that a reader who stopped early is noticed below
    except BrokenPipeError:  # social-lab modules | head -2: the reader has what it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # nothing more to write at exit, no traceback
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
