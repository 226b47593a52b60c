"""Canonical forms of answers, and their salted digests, for a cohort's install.

A cohort's learners get, for each exercise, digests of the expected answer and of each
plausible wrong one instead of the code that computes them (``answer_key.py`` makes them
from the trainer's install, ``digested.py`` checks with them). Two answers that a check
takes as the same must have the same canonical form: numbers are rounded to the check's
tolerance, text is folded as ``compare_text`` folds it, tables are put in the order
``compare_frame`` compares them in.

A rounding grid has boundaries: 0.4999999 and 0.5000001 round apart. Every number is
therefore rounded on two grids, the second shifted by half a step; two values closer than
half a step share a cell on at least one of them, so a form is made per grid (``GRIDS``)
and an answer matches when the forms of one grid match. The size of a step follows the
number's power of ten; a lone number close to a power of ten gets a form on both sizes.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

GRIDS = (0.0, 0.5)
Kind = Mapping[str, Any]  # what a form needs to know of the expected value (public)


def is_number(value: Any) -> bool:
    """True for ints, floats and numpy numbers, False for bools and text."""
    return isinstance(value, numbers.Number | np.number) and not isinstance(value, bool | np.bool_)


def _exponent(x: float) -> int:
    """The decimal exponent of ``x``, read after rounding to 12 digits: 9.999999999999998
    (a sum's float noise around 10) has the exponent of 10."""
    return math.floor(math.log10(abs(float(f"{x:.11e}"))))


def exponents(value: Any, rel_tol: float) -> list[int]:
    """The decimal exponents a number's step may be measured on: its own, and the next one
    when it is within ten tolerances of a power of ten (9.9999998 and 10.0 are one answer)."""
    x = float(value)
    if not math.isfinite(x) or abs(x) < 1e-9:
        return [0]
    exponent = _exponent(x)
    found = [exponent]
    if abs(x) >= 10 ** (exponent + 1) * (1 - 10 * rel_tol):
        found.append(exponent + 1)
    if abs(x) < 10 ** exponent * (1 + 10 * rel_tol):
        found.insert(0, exponent - 1)
    return found


def number_form(value: Any, rel_tol: float, grid: float, exponent: int | None = None) -> str:
    """A float rounded to ``rel_tol`` of its size on one grid ("n:exponent:steps"); the size
    is read from ``exponent`` if given."""
    x = float(value)
    if math.isnan(x):
        return "n:nan"
    if math.isinf(x):
        return f"n:{x}"
    if abs(x) < 1e-9:  # compare_number's absolute tolerance
        return "n:0"
    exponent = _exponent(x) if exponent is None else exponent
    # a power of ten between one and ten tolerances of the number's size: every value
    # within half a tolerance of it shares a cell on one grid, none beyond ten tolerances
    step = exponent + 1 + math.floor(math.log10(rel_tol) + 1e-9)
    scaled = x * 10 ** -step if step < 0 else x / 10 ** step
    return f"n:{exponent}:{math.floor(scaled + 0.5 + grid)}"


def sorted_form(items: Any) -> str:
    """A list's items as text, sorted: the same items in another order share it."""
    return "sorted:" + "|".join(sorted(map(str, list(items))))


def text_form(value: str) -> str:
    """Text as ``compare_text`` compares it: without surrounding spaces, case folded."""
    return "t:" + value.strip().casefold()


def kind_of(reference: Any, rel_tol: float = 1e-6, **frame: bool) -> dict[str, Any]:
    """What ``compare_value`` reads of an expected value to compare an answer with it."""
    if isinstance(reference, pd.DataFrame | pd.Series):
        return frame_kind(reference, rel_tol, **frame)
    if isinstance(reference, bool | np.bool_):
        return {"k": "bool"}
    if is_number(reference):
        if isinstance(reference, numbers.Integral | np.integer):
            return {"k": "int"}
        return {"k": "num", "tol": rel_tol}
    if isinstance(reference, str):
        return {"k": "text"}
    if isinstance(reference, list | tuple | np.ndarray):
        return {"k": "seq", "items": [kind_of(item, rel_tol) for item in reference]}
    return {"k": "repr"}


def frame_kind(reference: pd.DataFrame | pd.Series, rel_tol: float = 1e-6,
               check_order: bool = True, check_dtype: bool = True,
               check_index: bool = False) -> dict[str, Any]:
    """A table's columns (name, numeric or not, dtype) and how it is compared; not its rows."""
    series = isinstance(reference, pd.Series)
    frame = reference.rename("value").to_frame() if series else reference
    columns = {}
    for col in frame.columns:
        column = frame[col]
        numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
        columns[str(col)] = {"num": bool(numeric), "dtype": str(column.dtype),
                             "string": bool(pd.api.types.is_string_dtype(column))}
    return {"k": "frame", "series": series, "tol": rel_tol, "cols": columns,
            "order": check_order, "dtype": check_dtype, "index": check_index}


def _column_form(column: pd.Series, numeric: bool, rel_tol: float, grid: float) -> str:
    if numeric and pd.api.types.is_numeric_dtype(column):
        values = column.astype("float64").to_numpy()
        return ",".join(number_form(v, rel_tol, grid) for v in values)
    text = column.astype("string").fillna("<NA>").to_numpy(dtype=object)
    return ",".join(repr(str(v)) for v in text)


def as_frame(value: Any, kind: Kind) -> pd.DataFrame | None:
    """The learner's table in the expected's columns, or None when it cannot be compared."""
    if kind["series"] and isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if kind["series"]:
        return value.rename("value").to_frame() if isinstance(value, pd.Series) else None
    if not isinstance(value, pd.DataFrame):
        return None
    names = {str(c): c for c in value.columns}
    if set(names) != set(kind["cols"]):
        return None
    return value[[names[c] for c in kind["cols"]]].set_axis(list(kind["cols"]), axis=1)


def labelled(value: Any) -> pd.Series:
    """A result read as label -> number (a function answer's, ``probes()["result"]``): a
    Series or a one-column table, as floats, labels as text, zeros dropped, sorted by label.
    TypeError for anything else; converting text to numbers may raise too."""
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if not isinstance(value, pd.Series):
        raise TypeError(type(value).__name__)
    value = value.astype("float64")
    value.index = value.index.astype(str)
    return value[value != 0].sort_index()


def labelled_form(value: Any, rel_tol: float, grid: float) -> str:
    """The form of a result read by ``labelled``: its labels and numbers, in label order."""
    return "L:" + "|".join(f"{label!r}={number_form(v, rel_tol, grid)}"
                           for label, v in labelled(value).items())


def frame_form(value: Any, kind: Kind, grid: float, *, index: bool | None = None,
               sort: bool = False, columns: Iterable[str] | None = None) -> str | None:
    """A table's form: its columns in the expected's order, row by row; the index too when
    the check compares it; ``sort`` puts the rows in one order (for "right but reordered")."""
    frame = as_frame(value, kind)
    if frame is None:
        return None
    with_index = kind["index"] if index is None else index
    if sort:
        frame = frame.loc[frame.astype(str).sort_values(list(frame.columns)).index]
    parts = [f"rows:{len(frame)}"]
    if with_index:
        parts.append("index:" + ",".join(repr(str(i)) for i in frame.index))
    for col in columns if columns is not None else kind["cols"]:
        parts.append(f"{col}=" + _column_form(frame[col], kind["cols"][col]["num"],
                                              kind["tol"], grid))
    return "|".join(parts)


def form(value: Any, kind: Kind, grid: float) -> str | None:
    """The canonical form of ``value`` read as ``kind``, on one grid; None if it cannot be
    that kind (a text where a number is expected)."""
    k = kind["k"]
    if k == "bool":
        return f"b:{bool(value)}" if isinstance(value, bool | np.bool_) else None
    if k in ("int", "num"):
        if not is_number(value) or isinstance(value, pd.Series | pd.DataFrame):
            return None
        if k == "int":  # a count is matched exactly (14.0 is 14, 14.5 is not)
            x = float(value)
            return f"i:{int(x)}" if x.is_integer() else f"i:{x!r}"
        return number_form(value, kind["tol"], grid)
    if k == "text":
        return text_form(value) if isinstance(value, str) else None
    if k == "seq":
        if isinstance(value, pd.Series):
            value = value.tolist()
        if isinstance(value, str) or not isinstance(value, list | tuple | np.ndarray):
            return None
        items = list(value)
        if len(items) != len(kind["items"]):
            return None
        parts = [form(item, item_kind, grid) for item, item_kind in zip(
            items, kind["items"], strict=True)]
        return None if any(p is None for p in parts) else "s:[" + "|".join(
            str(p) for p in parts) + "]"
    if k == "frame":
        return frame_form(value, kind, grid)
    if k == "labelled":
        return labelled_form(value, kind["tol"], grid)
    if k == "sorted":  # a list's items as text, in one order (compare_sequence's reading)
        if isinstance(value, pd.Series):
            value = value.tolist()
        if isinstance(value, str) or not isinstance(value, list | tuple | np.ndarray):
            return None
        return sorted_form(value)
    return "r:" + repr(value)


def forms(value: Any, kind: Kind) -> list[str]:
    """The forms of ``value`` on every grid (duplicates removed, in grid order)."""
    found: list[str] = []
    for grid in GRIDS:
        try:
            texts = [form(value, kind, grid)]
            if kind["k"] == "num" and texts[0] is not None:  # a lone number: either size
                texts = [number_form(value, kind["tol"], grid, e)
                         for e in exponents(value, kind["tol"])]
        except Exception:  # noqa: BLE001 - an answer of an odd shape has no form
            texts = []
        for text in texts:
            if text is not None and f"g{grid}|{text}" not in found:
                found.append(f"g{grid}|{text}")
    return found


def digest(salt: str, text: str, iterations: int) -> str:
    """A salted digest of one form: slow (PBKDF2) when the answers are many, plain when
    the check itself lists them all (choices, orders)."""
    data = text.encode("utf-8")
    if iterations <= 1:
        return hashlib.sha256(salt.encode("utf-8") + b"\0" + data).hexdigest()[:20]
    return hashlib.pbkdf2_hmac("sha256", data, salt.encode("utf-8"), iterations).hex()[:32]
