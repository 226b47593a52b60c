"""The exercises file of a new module, with one example exercise, and its Italian catalog.

The example declares every part an exercise can have (reference code computed from the
dataset, staged hints, plausible mistakes with the code a learner would write, a hidden
test, a right answer written another way), so the author copies it and changes it. Its
messages and their Italian come from one list, so the catalog matches the file by
construction.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from .plan import EXAMPLE_EXERCISE, ModulePlan

LINE = 100  # ruff's line length for the project
RULE = 96  # the width of the "# --- section" lines of the existing exercises files
PO_HEADER = """\
# Italian translations of module {number} ({title}): the messages and hints of
# lab_helpers/exercises/{exercises}.py.
#
msgid ""
msgstr ""
"Project-Id-Version: social-innovation-lab 0.1.0\\n"
"Report-Msgid-Bugs-To: EMAIL@ADDRESS\\n"
"Last-Translator: Social Innovation Lab\\n"
"Language: it\\n"
"Language-Team: Social Innovation Lab\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

"""


@dataclass(frozen=True)
class Message:
    """One learner-facing message of the example, in English and in Italian."""

    en: str
    it: str


def example_messages(table: str) -> dict[str, Message]:
    """The example exercise's hints and messages, for the table ``table``."""
    return {
        "hint_1": Message(
            "The worked example counts the columns with len( ). Rows are counted the same way.",
            "L'esempio svolto conta le colonne con len( ). Le righe si contano allo stesso "
            "modo."),
        "hint_2": Message(
            f"Put the name of the table, {table}, inside the round brackets of len( ), "
            "without .columns.",
            f"Metti il nome della tabella, {table}, tra le parentesi tonde di len( ), senza "
            ".columns."),
        "columns": Message(
            "That is the number of columns, the worked example's count. Count the rows: put "
            "the table itself inside len( ).",
            "Questo è il numero delle colonne, il conto dell'esempio svolto. Conta le righe: "
            "metti dentro len( ) la tabella stessa."),
        "shape": Message(
            "shape gives two numbers, the rows and the columns. Keep only the rows: count "
            "them with len( ).",
            "shape dà due numeri, le righe e le colonne. Tieni solo le righe: contale con "
            "len( )."),
        "whole": Message(
            "Rows are counted in whole numbers: count them with len( ), without float( ).",
            "Le righe si contano in numeri interi: contale con len( ), senza float( )."),
    }


def _pieces(message: str, width: int) -> list[str]:
    """``message`` cut at spaces into pieces of at most ``width`` characters, each keeping
    its trailing space, as the existing exercises files write long messages."""
    pieces: list[str] = []
    current = ""
    for word in re.findall(r"\S+\s*", message):
        if current and len(current + word.rstrip()) > width:
            pieces.append(current)
            current = ""
        current += word
    return [*pieces, current]


def _quoted(message: str, width: int) -> list[str]:
    """``message`` as string literals of at most ``width`` characters."""
    return ['"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'
            for p in _pieces(message, width - 2)]


def hint_call(message: str, indent: int = 8) -> str:
    """A hint, as the existing modules write it: ``N_("..."`` then aligned pieces, ``),``."""
    pad = " " * indent
    first, *rest = _quoted(message, LINE - indent - len("N_()),"))
    return "\n".join([f"{pad}N_({first}", *(f"{pad}   {q}" for q in rest)]) + "),"


def message_lines(message: str, indent: int = 12) -> str:
    """A message on the lines after ``Mistake(..., N_(``, closed by ``),``."""
    pad = " " * indent
    return "\n".join(pad + q for q in _quoted(message, LINE - indent - len("),"))) + "),"


def exercises_source(plan: ModulePlan) -> str:
    """The text of ``lab_helpers/exercises/mNN.py``."""
    table, name, m = plan.table, EXAMPLE_EXERCISE, example_messages(plan.table)
    short = plan.short_title("en")
    short = short if short[:2].isupper() else short[0].lower() + short[1:]  # keep "SROI"
    summary = f"Module {plan.number}, {short}: the exercises of the notebook."
    rule = "-" * (RULE - len("# --- reference code "))
    section_rule = "-" * (RULE - len("# --- section 1: TODO "))
    return f'''"""{summary}

TODO: one line on what the exercises check, and from which datasets.

Every expected value (and every plausible wrong one) is computed here from the shipped
data, never typed in, so a regenerated dataset cannot drift from its checks. Messages and
hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/{plan.exercises}.po``.
"""

from __future__ import annotations

import pandas as pd

from ..checks import HiddenTest, Mistake, ValueProblem, bind
from ..checks.problems import is_whole_number
from ..datasets import load_dataset
from ..i18n import N_

# --- reference code {rule}


def _{table}() -> pd.DataFrame:
    return load_dataset("{table}")


# --- section 1: TODO {section_rule}

# TODO: an example exercise with every part a declaration can have; replace it with yours.
# Its name is the notebook variable it checks, and its id is {plan.exercises}.{name}.
{name} = ValueProblem(
    expected=lambda: len(_{table}()),
    hints=(
{hint_call(m["hint_1"].en)}
{hint_call(m["hint_2"].en)}
    ),
    mistakes=(
        Mistake(lambda: len(_{table}().columns), N_(
{message_lines(m["columns"].en)}
            code="len({table}.columns)"),
        Mistake(lambda: _{table}().shape, N_(
{message_lines(m["shape"].en)}
            code="{table}.shape"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
{message_lines(m["whole"].en)}
            code="float(len({table}))"),
    ),
    right=(
        "{table}.shape[0]",
    ),
)


bind(__name__, globals())
'''


def catalog_source(plan: ModulePlan) -> str:
    """The text of ``locale/it/LC_MESSAGES/mNN.po``: the example's messages, in Italian."""
    catalog = Catalog(locale="it", fuzzy=False)
    for message in example_messages(plan.table).values():
        catalog.add(message.en, message.it)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=LINE, omit_header=True)
    header = PO_HEADER.format(number=plan.number, title=plan.short_title("en"),
                              exercises=plan.exercises)
    return header + buffer.getvalue().decode("utf-8")
