"""The checks of a cohort's install: answers compared with digests, not with reference code.

``social-lab cohort-wheel`` replaces each ``exercises/mNN.py`` with two lines that call
``bind_key``, beside ``mNN.key.json`` (made by ``answer_key.py``). A check then says what the
trainer's install says of the right answer, of each plausible wrong answer and of an
answer of the wrong kind; of any other wrong answer it says less (never where the
expected value lies), because that would need the expected value.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import N_, _, current_language, ngettext
from .answer_context import context_value
from .answer_key import FAR_LEVELS, far_form, label_form
from .digests import digest, forms, frame_form, is_number, labelled
from .outcome import Outcome, Status
from .problems import ChoiceProblem, Problem, Setting, bar_axes, bar_heights, is_blank
from .registry import bind

NOT_EXPECTED = "Not quite: that is not the expected answer."

UNCHECKED = N_("In a course, this exercise is checked when your trainer grades it; your "
               "answer is kept for that.")


@dataclass(frozen=True)
class DigestedProblem(Problem):
    """An exercise checked against its answer key (``key``, from ``answer_key.py``)."""

    key: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def _digest(self, text: str, listed: bool = False) -> str:
        iterations = 1 if listed else int(self.key["iterations"])
        return digest(self.key["salt"], text, iterations)

    def _matches(self, value: Any, kind: Mapping[str, Any], digests: list[str]) -> bool:
        wanted = set(digests)
        return any(self._digest(text) in wanted for text in forms(value, kind))

    def _said(self, message: Mapping[str, str]) -> str:
        return message.get(current_language()) or message["en"]

    def compare(self, value: Any) -> str | None:  # the Problem interface; assess decides
        outcome = self.assess(value)
        return None if outcome.passed else outcome.message

    def assess(self, value: Any, hidden: bool = False) -> Outcome:
        if is_blank(value):
            return super().assess(value)
        kind = self.key["type"]
        if kind == "unchecked":  # no answer key could be made: the trainer's grading checks
            return Outcome(self.id, Status.NOT_ATTEMPTED, _(UNCHECKED))
        if kind == "context":  # the key of the notebook's setting (DISTRICT), chosen now
            chosen = self._chosen()
            if chosen is None:
                return Outcome(self.id, Status.INCORRECT, _(NOT_EXPECTED))
            return chosen.assess(value, hidden)
        if kind == "function":
            return self._function(value)
        try:
            if kind in ("listed", "choice", "order", "range"):
                return self._listed(value)
            if kind == "chart":
                problem = self._chart(value)
            else:
                problem = self._value(value, table=kind == "table")
        except Exception:  # noqa: BLE001 - an answer of an odd kind is a wrong answer
            problem = _(NOT_EXPECTED)
        if problem is None:
            return Outcome(self.id, Status.CORRECT, _("Correct! Well done."))
        return Outcome(self.id, Status.INCORRECT, problem)

    # --- an expected value that follows a notebook setting ------------------------------

    def _chosen(self) -> DigestedProblem | None:
        """The exercise checked with the key of the settings' current values."""
        try:
            chosen = json.dumps([context_value(name) for name in self.key["settings"]])
        except (KeyError, TypeError):  # outside a check, or a value no key can be for
            return None
        sub = self.key["keys"].get(chosen)
        if sub is None:
            return None
        return DigestedProblem(id=self.id, var=self.var, hints=self.hints, key={
            **self.key, **sub, "type": sub["type"]})

    # --- a function answer: called on the cases its check names --------------------------

    def _probe_table(self) -> Any:
        """The notebook's table the function is called on (as grading calls it)."""
        name = self.key["table"]
        try:
            return context_value(name)  # a grader or a test passes it
        except KeyError:
            pass
        from IPython import get_ipython

        shell = get_ipython()
        return None if shell is None else shell.user_ns.get(name)

    def _function(self, value: Any) -> Outcome:
        if not callable(value):
            return Outcome(self.id, Status.INCORRECT, self._said(self.key["not_function"]))
        table = self._probe_table()
        if table is None:
            return Outcome(self.id, Status.NOT_ATTEMPTED, _(
                "'{var}' does not exist yet. Run the cell at the top of the notebook that "
                "sets it, then run this one again.").format(var=self.key["table"]))
        found: list[set[str]] = []
        problem = None
        for i, case in enumerate(self.key["cases"]):
            try:
                result = value(table.copy() if hasattr(table, "copy") else table, *case)
            except Exception as error:  # noqa: BLE001 - the learner's function failed
                problem = problem or self._said(self.key["error"]).format(error=error)
                break
            if i == 0 and result is Ellipsis:  # the body is still the dots
                return super().assess(Ellipsis)
            try:
                labelled(result)
            except TypeError:
                problem = problem or self._said(self.key["wrong_kind"]).format(
                    kind=type(result).__name__)
                break
            except Exception as error:  # noqa: BLE001 - a reading that failed inside
                problem = problem or self._said(self.key["error"]).format(error=error)
                break
            got = {self._digest(f"case{i}|{text}") for text in forms(result, self.key["public"])}
            if problem is None and not got & set(self.key["right"][i]):
                problem = _("For {case}, your function does not give back what is "
                            "expected.").format(case=", ".join(map(str, case)))
            found.append(got)
        if problem is None:
            return Outcome(self.id, Status.CORRECT, _("Correct! Well done."))
        if len(found) == len(self.key["cases"]):
            for entry in self.key["entries"]:
                if all(got & set(d) for got, d in zip(found, entry["digests"], strict=True)):
                    return Outcome(self.id, Status.INCORRECT, self._said(entry["message"]))
        return Outcome(self.id, Status.INCORRECT, problem)

    # --- answers among few: every one is listed -----------------------------------------

    def _listed(self, value: Any) -> Outcome:
        text, problem = self._listed_form(value)
        if problem is not None:
            return Outcome(self.id, Status.INCORRECT, problem)
        texts = [text]
        if self.key["type"] == "range":  # a mistake's finer grid first, where it has one,
            # then the range's grid, then far off on a logarithmic scale, coarsest first
            texts = [f"m{j}:{math.floor(float(value) / step + 0.5)}"
                     for j, step in enumerate(self.key.get("fine", []))] + texts + [
                far_form(float(value), level) for level in FAR_LEVELS]
        index = next((self.key["table"][d] for d in (self._digest(t, listed=True)
                                                     for t in texts) if d in self.key["table"]),
                     None)
        if index is None:
            far = _("Your estimate is far from the figures above: look at them again.")
            return Outcome(self.id, Status.INCORRECT,
                           far if self.key["type"] == "range" else _(NOT_EXPECTED))
        said = self.key["messages"][index]
        return Outcome(self.id, Status(said["status"]), self._said(said))

    def _listed_form(self, value: Any) -> tuple[str, str | None]:
        kind = self.key["type"]
        if kind == "listed":  # True or False
            if not isinstance(value, bool | np.bool_):
                return "", _("The answer should be True or False.")
            return f"b:{bool(value)}", None
        if kind == "range":
            if isinstance(value, str) or not is_number(value) or math.isnan(float(value)):
                return "", _("The answer should be a number, without quotes.")
            return f"q:{math.floor(float(value) / self.key['step'] + 0.5)}", None
        if kind == "choice":
            return self._choice_form(value)
        return self._order_form(value)

    def _choice_form(self, value: Any) -> tuple[str, str | None]:
        letters = ChoiceProblem()._letters(value)  # the check's own reading of letters
        options = self.key["options"]
        if not letters:
            return "", _("Answer with the letter of your choice, between quotes, like \"a\".")
        unknown = sorted(letters - set(options))
        if unknown:
            return "", _("'{letter}' is not one of the options ({options}).").format(
                letter=unknown[0], options=", ".join(options))
        return "c:" + ",".join(sorted(letters)), None

    def _order_form(self, value: Any) -> tuple[str, str | None]:
        if isinstance(value, str):
            value = value.replace(",", " ").split()
        if not isinstance(value, list | tuple):
            return "", _("Answer with a list of letters in order, like [\"b\", \"a\", \"c\"].")
        given = [str(v).strip().lower() for v in value]
        if sorted(given) != self.key["letters"]:
            return "", _("Use each of the letters {letters} exactly once.").format(
                letters=", ".join(self.key["letters"]))
        return "o:" + ",".join(given), None

    # --- values and tables --------------------------------------------------------------

    def _mistake(self, value: Any) -> str | None:
        for entry in self.key["entries"]:
            try:
                if self._matches(value, entry["kind"], entry["digests"]):
                    return self._said(entry["message"])
            except Exception:  # noqa: BLE001 - a mistake that cannot be compared is no match
                continue
        return None

    def _value(self, value: Any, table: bool) -> str | None:
        public = self.key["public"]
        if self._matches(value, public, self.key["right"]):
            return None
        found = self._mistake(value)
        if found:
            return found
        if table:
            return frame_problem(value, public) or self._table_difference(value)
        if public["k"] == "text" and isinstance(value, str):
            return _("Not quite: that is not the text expected. Check the spelling.")
        return value_problem(value, public) or _(NOT_EXPECTED)

    def _table_difference(self, value: Any) -> str:
        public = self.key["public"]
        rows = len(value) if isinstance(value, pd.DataFrame | pd.Series) else 0
        if self._digest(f"rows:{rows}") not in self.key["rows"]:
            return ngettext("Your table has {m} row; that is not the number of rows expected.",
                            "Your table has {m} rows; that is not the number of rows expected.",
                            rows).format(m=rows)
        if public["index"] and self._any(value, "no_index", index=False):
            return _("The rows are labelled differently (the index): did you set or reset it?")
        if public["order"] and self._any(value, "sorted", sort=True):
            return _("The rows are right but in a different order: check the sorting.")
        for col, digests in self.key["columns"].items():
            got = {self._digest(frame_form(value, public, grid, columns=[col]) or "")
                   for grid in (0.0, 0.5)}
            if not got & set(digests):
                where = _("The column") if public["series"] else _("Column '{col}'").format(
                    col=col)
                return _("{where} does not hold the values expected.").format(where=where)
        return _(NOT_EXPECTED)

    def _any(self, value: Any, name: str, **how: bool) -> bool:
        public = self.key["public"]
        got = {self._digest(frame_form(value, public, grid, **how) or "")
               for grid in (0.0, 0.5)}
        return bool(got & set(self.key[name]))

    # --- charts -------------------------------------------------------------------------

    def _chart(self, value: Any) -> str | None:
        axes = bar_axes(value)
        if axes is None:
            return _("The answer should be a chart: keep the result of .plot(...) in the variable.")
        heights, _horizontal = bar_heights(axes)
        if not heights:
            return _("The chart has no bars: use kind=\"bar\" or kind=\"barh\".")
        public = {"k": "seq", "items": [{"k": "num", "tol": self.key["public"]["tol"]}] * len(
            heights)}
        if not self._matches(heights, public, self.key["right"]):
            for entry in self.key["entries"]:
                if self._matches(heights, public, entry["digests"]):
                    return self._said(entry["message"])
            if self._digest(f"count:{len(heights)}") not in self.key["count"]:
                return ngettext(
                    "The chart has {m} bar; that is not the number of bars expected.",
                    "The chart has {m} bars; that is not the number of bars expected.",
                    len(heights)).format(m=len(heights))
            return _("The bars do not show the values asked for: check the column you plotted.")
        if not axes.get_title().strip():
            return _("The chart needs a title: add title=\"...\".")
        labels = (axes.get_xlabel().strip(), axes.get_ylabel().strip())
        raw = set(self.key["raw_names"])
        if not all(labels) or any(self._digest(label_form(label)) in raw for label in labels):
            return _("Both axes need a label in words: use xlabel=\"...\" and ylabel=\"...\" "
                     "in .plot(...), or ax.set_xlabel(...) and ax.set_ylabel(...).")
        return None


def value_problem(value: Any, kind: Mapping[str, Any]) -> str | None:
    """What ``compare_value`` says of an answer of the wrong kind (no expected value needed)."""
    k = kind["k"]
    if k in ("int", "num"):
        if isinstance(value, str):
            try:
                float(value.replace(",", "."))
            except ValueError:
                return _("The answer should be a number, but it is text.")
            return _("The number is written as text, between quotes: remove the quotes.")
        if isinstance(value, pd.Series | pd.DataFrame):
            return _("The answer should be a single number, but it is a whole column or table.")
        if not is_number(value):
            return _("The answer should be a number, but it is a {kind}.").format(
                kind=type(value).__name__)
        if isinstance(value, float) and math.isnan(value):
            return _("The answer is NaN (not a number): missing values may have got in.")
        return None
    if k == "text":
        return None if isinstance(value, str) else _("The answer should be text, between quotes.")
    if k == "seq":
        if isinstance(value, pd.Series):
            value = value.tolist()
        if isinstance(value, str) or not isinstance(value, list | tuple | np.ndarray):
            return _("The answer should be a list, in square brackets [ ].")
        n, m = len(kind["items"]), len(value)
        if n != m:
            return ngettext("The list should have {n} item; yours has {m}.",
                            "The list should have {n} items; yours has {m}.", n).format(n=n, m=m)
        return None
    return None


def frame_problem(value: Any, kind: Mapping[str, Any]) -> str | None:
    """What ``compare_frame`` says of a table of the wrong shape or types (columns are public)."""
    if kind["series"] and isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if kind["series"] and not isinstance(value, pd.Series):
        return _("The answer should be a column (a pandas Series), but it is a {kind}.").format(
            kind=type(value).__name__)
    if not kind["series"] and not isinstance(value, pd.DataFrame):
        return _("The answer should be a table (a pandas DataFrame), but it is a {kind}.").format(
            kind=type(value).__name__)
    frame = value.rename("value").to_frame() if kind["series"] else value
    names = [str(c) for c in frame.columns]
    if not kind["series"]:
        missing = [c for c in kind["cols"] if c not in names]
        if missing:
            return _("Your table is missing the column(s): {cols}.").format(cols=", ".join(missing))
        extra = [c for c in names if c not in kind["cols"]]
        if extra:
            return _("Your table has column(s) that are not asked for: {cols}.").format(
                cols=", ".join(extra))
    for col, want in kind["cols"].items():
        got = frame[frame.columns[names.index(col)]]
        where = _("The column") if kind["series"] else _("Column '{col}'").format(col=col)
        if want["num"] and not pd.api.types.is_numeric_dtype(got):
            return _("{where} should hold numbers, but it holds {dtype}.").format(
                where=where, dtype=str(got.dtype))
        if kind["dtype"] and not want["num"] and str(got.dtype) != want["dtype"]:
            if not (pd.api.types.is_string_dtype(got) and want["string"]):
                return _("{where} has type {got}; {want} is expected.").format(
                    where=where, got=str(got.dtype), want=want["dtype"])
    return None


def bind_key(module: str) -> list[Problem]:
    """Declare a module's exercises from its answer key (``exercises/mNN.key.json``)."""
    name = module.rsplit(".", 1)[-1]
    text = resources.files(module.rsplit(".", 1)[0]).joinpath(f"{name}.key.json").read_text(
        encoding="utf-8")
    namespace: dict[str, object] = {}
    for key in json.loads(text)["exercises"]:
        namespace[key["id"].split(".", 1)[1]] = DigestedProblem(
            var=key["var"], hints=tuple(key["hints"]), key=key, context={
                name: Setting(ListedValues(**setting), setting["example"])
                for name, setting in key.get("settings", {}).items()})
    return bind(module, namespace)


@dataclass(frozen=True)
class ListedValues:
    """A setting's trouble in a cohort's install: a listed value is usable; of any other,
    what the course's own check says of a value of the same type, or of another type."""

    values: list[Any]
    example: Any = None
    unlisted: str | None = None
    other: str | None = None

    def __call__(self, value: Any) -> str | None:
        if isinstance(value, type(self.values[0])):
            return None if value in self.values else self.unlisted
        return self.other
