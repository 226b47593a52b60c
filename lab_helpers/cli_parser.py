"""The ``social-lab`` command line parser: argparse, speaking the learner's language.

argparse writes its own words ("usage:", "options", "the following arguments are
required") in English, through gettext's default catalog. This parser gives it translated
ones instead: the help formatter its usage prefix, the parser its section titles and its
-h/--help, and ``error`` the message argparse has already put together, recognised by its
English wording and said again in the learner's language. Build it after choosing the
language: the words are translated when the parser is made.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from .i18n import N_, _

# argparse's error messages (Python 3.11 to 3.13), as patterns of their English wording,
# and the same message in our catalog. The first pattern that matches a whole message
# translates it, and what it names is translated again (an argument's message is itself
# one of these).
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), message) for pattern, message in (
        (r"argument (?P<argument>.+?): (?P<message>.+)", N_("argument {argument}: {message}")),
        (r"the following arguments are required: (?P<names>.+)",
         N_("the following arguments are required: {names}")),
        (r"unrecognized arguments: (?P<names>.+)", N_("unrecognized arguments: {names}")),
        (r"invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
         N_("invalid choice: {value} (choose from {choices})")),
        (r"invalid (?P<kind>\S+) value: (?P<value>.+)", N_("{value} is not a valid {kind}")),
        (r"expected one argument", N_("expected one argument")),
        (r"expected at most one argument", N_("expected at most one argument")),
        (r"expected at least one argument", N_("expected at least one argument")),
        (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)",
         N_("ambiguous option: {option} could match {matches}")),
        (r"not allowed with argument (?P<other>.+)", N_("not allowed with argument {other}")),
        (r"one of the arguments (?P<names>.+) is required",
         N_("one of the arguments {names} is required")),
        (r"ignored explicit argument (?P<value>.+)", N_("ignored explicit argument {value}")),
    ))


# The kinds of value argparse names ("invalid int value"), in plain words.
KINDS = {"int": N_("whole number"), "float": N_("number")}


def translate_message(message: str) -> str:
    """One of argparse's error messages in the current language (unknown ones unchanged)."""
    for pattern, translated in MESSAGES:
        match = pattern.fullmatch(message)
        if match:
            parts = {name: translate_message(value) for name, value in match.groupdict().items()}
            if "kind" in parts:
                parts["kind"] = _(KINDS.get(parts["kind"], parts["kind"]))
            return _(translated).format(**parts)
    return message


class TranslatedHelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, with "usage:" in the current language."""

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[Any], prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class TranslatedArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words are in the current language (its subparsers too)."""

    def __init__(self, *args: Any, add_help: bool = True,
                 formatter_class: type[argparse.HelpFormatter] = TranslatedHelpFormatter,
                 **kwargs: Any) -> None:
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help=_("show this help message and exit"))

    def error(self, message: str) -> NoReturn:
        """Print the usage and the error in the current language, and exit with 2."""
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(
            prog=self.prog, message=translate_message(message)) + "\n")
