"""Compare a learner's answer with the expected one and say what differs.

Each function returns ``None`` when the answer matches, or a translated message that
says what is wrong without giving the expected value away.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import _, ngettext


def is_number(value: Any) -> bool:
    """True for ints, floats and numpy numbers, False for bools and text."""
    return isinstance(value, numbers.Number | np.number) and not isinstance(value, bool | np.bool_)


def _close(actual: float, expected: float, rel_tol: float, abs_tol: float) -> bool:
    return math.isclose(float(actual), float(expected), rel_tol=rel_tol, abs_tol=abs_tol)


def compare_number(actual: Any, expected: float, rel_tol: float = 1e-6,
                   abs_tol: float = 1e-9) -> str | None:
    """Numbers match within a tolerance (an int, a count, must match exactly).

    Scale mistakes (a percentage for a share) are named.
    """
    if isinstance(actual, str):
        try:
            float(actual.replace(",", "."))
        except ValueError:
            return _("The answer should be a number, but it is text.")
        return _("The number is written as text, between quotes: remove the quotes.")
    if isinstance(actual, pd.Series | pd.DataFrame):
        return _("The answer should be a single number, but it is a whole column or table.")
    if not is_number(actual):
        return _("The answer should be a number, but it is a {kind}.").format(
            kind=type(actual).__name__)
    if isinstance(actual, float) and math.isnan(actual):
        return _("The answer is NaN (not a number): missing values may have got in.")
    exact = isinstance(expected, numbers.Integral | np.integer)  # counts: no tolerance
    if exact and float(actual) == float(expected):
        return None
    if not exact and _close(actual, expected, rel_tol, abs_tol):
        return None
    if expected and _close(actual, expected * 100, rel_tol, abs_tol):
        return _("Your value looks 100 times too large: a percentage instead of a share?")
    if expected and _close(actual, expected / 100, rel_tol, abs_tol):
        return _("Your value looks 100 times too small: a share instead of a percentage?")
    if actual > expected:
        return _("Not quite: your number is larger than expected.")
    return _("Not quite: your number is smaller than expected.")


def compare_text(actual: Any, expected: str) -> str | None:
    """Text matches ignoring case and surrounding spaces."""
    if not isinstance(actual, str):
        return _("The answer should be text, between quotes.")
    if actual.strip().casefold() == expected.strip().casefold():
        return None
    return _("Not quite: that is not the text expected. Check the spelling.")


def compare_sequence(actual: Any, expected: Sequence[Any], ordered: bool = True,
                     rel_tol: float = 1e-6) -> str | None:
    """Lists match item by item (or as sets, when order does not matter)."""
    if isinstance(actual, pd.Series):
        actual = actual.tolist()
    if isinstance(actual, str) or not isinstance(actual, Sequence | np.ndarray):
        return _("The answer should be a list, in square brackets [ ].")
    actual, expected = list(actual), list(expected)
    if len(actual) != len(expected):
        return ngettext("The list should have {n} item; yours has {m}.",
                        "The list should have {n} items; yours has {m}.", len(expected)).format(
            n=len(expected), m=len(actual))
    if not ordered:
        key = str
        if sorted(actual, key=key) == sorted(expected, key=key):
            return None
        return _("Some items of your list are not the expected ones.")
    for position, (got, want) in enumerate(zip(actual, expected, strict=True), start=1):
        problem = compare_value(got, want, rel_tol=rel_tol)
        if problem:
            if sorted(map(str, actual)) == sorted(map(str, expected)):
                return _("The items are right but in a different order.")
            return _("Item {pos} of your list is not the expected one.").format(pos=position)
    return None


def compare_value(actual: Any, expected: Any, rel_tol: float = 1e-6) -> str | None:
    """Dispatch on the kind of the expected value."""
    if isinstance(expected, pd.DataFrame | pd.Series):
        return compare_frame(actual, expected, rel_tol=rel_tol)
    if isinstance(expected, bool | np.bool_):
        if isinstance(actual, bool | np.bool_) and bool(actual) == bool(expected):
            return None
        if not isinstance(actual, bool | np.bool_):
            return _("The answer should be True or False.")
        return _("Not quite: think again about whether it is True or False.")
    if is_number(expected):
        return compare_number(actual, expected, rel_tol=rel_tol)
    if isinstance(expected, str):
        return compare_text(actual, expected)
    if isinstance(expected, Sequence | np.ndarray):
        return compare_sequence(actual, expected, rel_tol=rel_tol)
    return None if actual == expected else _("Not quite: that is not the expected answer.")


def _frame(value: Any) -> pd.DataFrame:
    return value.rename("value").to_frame() if isinstance(value, pd.Series) else value


def compare_frame(actual: Any, expected: pd.DataFrame | pd.Series, rel_tol: float = 1e-6,
                  check_order: bool = True, check_dtype: bool = True,
                  check_index: bool = False) -> str | None:
    """Tables match column by column; the message names the column, row or dtype."""
    want_series = isinstance(expected, pd.Series)
    if want_series and isinstance(actual, pd.DataFrame) and actual.shape[1] == 1:
        actual = actual.iloc[:, 0]
    if want_series and not isinstance(actual, pd.Series):
        return _("The answer should be a column (a pandas Series), but it is a {kind}.").format(
            kind=type(actual).__name__)
    if not want_series and not isinstance(actual, pd.DataFrame):
        return _("The answer should be a table (a pandas DataFrame), but it is a {kind}.").format(
            kind=type(actual).__name__)
    got, want = _frame(actual), _frame(expected)
    if not want_series:
        missing = [c for c in want.columns if c not in got.columns]
        if missing:
            return _("Your table is missing the column(s): {cols}.").format(
                cols=", ".join(map(str, missing)))
        extra = [c for c in got.columns if c not in want.columns]
        if extra:
            return _("Your table has column(s) that are not asked for: {cols}.").format(
                cols=", ".join(map(str, extra)))
        got = got[list(want.columns)]
    if len(got) != len(want):
        return " ".join((
            ngettext("Your table has {m} row;", "Your table has {m} rows;", len(got)).format(
                m=len(got)),
            ngettext("{n} is expected.", "{n} are expected.", len(want)).format(n=len(want))))
    if check_index and not got.index.equals(want.index):
        return _("The rows are labelled differently (the index): did you set or reset it?")
    if not check_index:
        got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    message = _first_difference(got, want, want_series, rel_tol, check_dtype)
    if message and check_order and _first_difference(
            _sorted(got), _sorted(want), want_series, rel_tol, check_dtype) is None:
        return _("The rows are right but in a different order: check the sorting.")
    return message


def _first_difference(got: pd.DataFrame, want: pd.DataFrame, series: bool, rel_tol: float,
                      check_dtype: bool) -> str | None:
    for col in want.columns:
        message = _compare_column(got[col], want[col], col, series, rel_tol, check_dtype)
        if message:
            return message
    return None


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    order = frame.astype(str).sort_values(list(frame.columns)).index
    return frame.loc[order].reset_index(drop=True)


def _as_text(column: pd.Series) -> np.ndarray:
    """Values as text, a missing one as "<NA>", so that two gaps compare as equal."""
    return column.astype("string").fillna("<NA>").to_numpy(dtype=object)


def _compare_column(got: pd.Series, want: pd.Series, col: Any, series: bool, rel_tol: float,
                    check_dtype: bool) -> str | None:
    where = _("The column") if series else _("Column '{col}'").format(col=col)
    numeric_want = pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want)
    if numeric_want and not pd.api.types.is_numeric_dtype(got):
        return _("{where} should hold numbers, but it holds {dtype}.").format(
            where=where, dtype=str(got.dtype))
    if check_dtype and not numeric_want and str(got.dtype) != str(want.dtype):
        if not (pd.api.types.is_string_dtype(got) and pd.api.types.is_string_dtype(want)):
            return _("{where} has type {got}; {want} is expected.").format(
                where=where, got=str(got.dtype), want=str(want.dtype))
    if numeric_want:
        a = got.astype("float64").to_numpy()
        b = want.astype("float64").to_numpy()
        equal = np.isclose(a, b, rtol=rel_tol, atol=1e-9) | (np.isnan(a) & np.isnan(b))
    else:
        equal = _as_text(got) == _as_text(want)
    if equal.all():
        return None
    first = int(np.argmin(equal))
    count = int((~equal).sum())
    return ngettext("{where} differs, first at row {row} ({count} value differs).",
                    "{where} differs, first at row {row} ({count} values differ).", count).format(
        where=where, row=first + 1, count=count)
