"""A learner's answer as plain data, recorded by ``check`` in a test cell under grading.

The grading kernel runs student code, so its verdict cannot be trusted. Under grading,
``check`` therefore also writes the answer it looked at into the test cell's output (a
display output of type ``MIME``) as JSON made only of numbers, text, lists and tables of
them: never pickle, nothing that runs code when it is read. After the notebook has run,
``lab_helpers.grading.verdicts`` reads these records in the grader's own process, turns
them back into values (``decode``) and checks them there.

A table is its split form (columns, index, rows) with each column's dtype; a chart is
what the chart checks read (its bars, title, axis labels and tick labels). Whatever else
a learner's variable holds is recorded by its type name only, and is never a right answer.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

MIME = "application/vnd.social-lab.answer+json"
VERSION = 1
MAX_ITEMS = 200_000  # values in one record; more is recorded as "other"
MAX_DEPTH = 12


class MalformedRecord(ValueError):
    """A record that is not what ``encode`` writes."""


class _TooBig(Exception):
    pass


def _number(value: Any) -> dict[str, Any]:
    if isinstance(value, numbers.Integral):
        return {"t": "int", "v": int(value)}
    number = float(value)
    if math.isfinite(number):
        return {"t": "float", "v": number}
    return {"t": "float", "v": str(number)}  # nan, inf, -inf: JSON has no word for them


def _chart(axes: Any) -> dict[str, Any]:
    bars = [[float(p.get_x()), float(p.get_y()), float(p.get_width()), float(p.get_height())]
            for p in axes.patches if hasattr(p, "get_width")]

    def ticks(kind: str) -> list[list[Any]]:
        labels = getattr(axes, f"get_{kind}ticklabels")()
        return [[float(t.get_position()[0 if kind == "x" else 1]), str(t.get_text())]
                for t in labels]

    return {"t": "chart", "bars": bars, "title": str(axes.get_title()),
            "xlabel": str(axes.get_xlabel()), "ylabel": str(axes.get_ylabel()),
            "xticks": ticks("x"), "yticks": ticks("y")}


def _column(values: Any, budget: list[int], depth: int) -> list[Any]:
    return [_encode(v, budget, depth + 1) for v in list(values)]


def _dtype(series: Any) -> dict[str, Any]:
    dtype = series.dtype
    found: dict[str, Any] = {"dtype": str(dtype)}
    if str(dtype) == "category":
        found["categories"] = [_encode(v, [MAX_ITEMS], 1) for v in dtype.categories]
        found["ordered"] = bool(dtype.ordered)
    return found


def _encode(value: Any, budget: list[int], depth: int) -> Any:
    import numpy as np
    import pandas as pd

    from .problems import bar_axes

    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise _TooBig
    if value is Ellipsis:
        return {"t": "ellipsis"}
    if value is None:
        return {"t": "none"}
    if isinstance(value, bool | np.bool_):
        return {"t": "bool", "v": bool(value)}
    if isinstance(value, numbers.Real | np.integer | np.floating):
        return _number(value)
    if isinstance(value, str):
        return {"t": "str", "v": str.__str__(value)}
    if value is pd.NA or value is pd.NaT:
        return {"t": "na"}
    if isinstance(value, pd.Timestamp):
        return {"t": "timestamp", "v": value.isoformat()}
    if isinstance(value, list | tuple | set | frozenset):
        kind = {list: "list", tuple: "tuple", set: "set", frozenset: "frozenset"}[
            next(k for k in (list, tuple, set, frozenset) if isinstance(value, k))]
        return {"t": kind, "v": _column(value, budget, depth)}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[_encode(k, budget, depth + 1), _encode(v, budget, depth + 1)]
                                   for k, v in list(value.items())]}
    if isinstance(value, np.ndarray):
        return {"t": "ndarray", "dtype": str(value.dtype),
                "v": _column(value.tolist(), budget, depth)}
    if isinstance(value, pd.Index):
        return {"t": "index", "name": _encode(value.name, budget, depth + 1), **_dtype(value),
                "v": _column(value, budget, depth)}
    if isinstance(value, pd.Series):
        return {"t": "series", "name": _encode(value.name, budget, depth + 1),
                "index": _encode(value.index, budget, depth + 1), **_dtype(value),
                "v": _column(value, budget, depth)}
    if isinstance(value, pd.DataFrame):
        budget[0] -= value.size
        if budget[0] < 0:
            raise _TooBig
        return {"t": "frame", "columns": _encode(value.columns, budget, depth + 1),
                "index": _encode(value.index, budget, depth + 1),
                "dtypes": [_dtype(value.iloc[:, i]) for i in range(value.shape[1])],
                "data": [_column(value.iloc[:, i], budget, depth)
                         for i in range(value.shape[1])]}
    axes = bar_axes(value)
    if axes is not None:
        return _chart(axes)
    return {"t": "other", "type": type(value).__name__}


MAX_PROBES = 20  # probe cases of a function answer that a record may hold


def encode(value: Any) -> dict[str, Any]:
    """``value`` as JSON-ready plain data (``{"t": "other"}`` for what cannot be)."""
    try:
        return _encode(value, [MAX_ITEMS], 0)
    except _TooBig:
        return {"t": "other", "type": type(value).__name__, "too_big": True}
    except Exception:  # noqa: BLE001 - an answer that cannot be read is no right answer
        return {"t": "other", "type": type(value).__name__}


def call_results(function: Any, table: Any, cases: list[list[Any]]) -> dict[str, Any]:
    """A function answer as plain data: what it gives back for each probe case.

    The grading kernel calls the learner's function (``f(table, *case)``) on the cases the
    exercise names; the grader reads the results back as a :class:`RecordedFunction`.
    """
    calls = []
    for case in cases[:MAX_PROBES]:
        try:
            calls.append({"args": [str(a) for a in case],
                          "out": encode(function(table.copy() if hasattr(table, "copy")
                                                 else table, *case))})
        except Exception as error:  # noqa: BLE001 - the learner's function failed: say so
            calls.append({"args": [str(a) for a in case], "error": str(error)[:300]})
    return {"t": "function", "calls": calls}


class RecordedFunction:
    """A learner's function, replayed from its recorded results on the probe cases."""

    def __init__(self, calls: dict[tuple[str, ...], Any]) -> None:
        self.calls = calls

    def __call__(self, _table: Any, *case: Any) -> Any:
        key = tuple(str(a) for a in case)
        if key not in self.calls:
            raise LookupError("no recorded result for " + ", ".join(key))
        result = self.calls[key]
        if isinstance(result, _Failed):
            raise RuntimeError(result.message)
        return result


class _Failed:
    def __init__(self, message: str) -> None:
        self.message = message


def _function(data: dict[str, Any]) -> RecordedFunction:
    calls = data.get("calls")
    _require(isinstance(calls, list) and len(calls) <= MAX_PROBES, "function calls")
    found: dict[tuple[str, ...], Any] = {}
    for call in calls:
        _require(isinstance(call, dict) and isinstance(call.get("args"), list)
                 and all(isinstance(a, str) for a in call["args"]), "function call")
        key = tuple(call["args"])
        if "error" in call:
            _require(isinstance(call["error"], str), "function error")
            found[key] = _Failed(call["error"])
        else:
            found[key] = decode(call.get("out"))
    return RecordedFunction(found)


def record(problem_id: str, value: Any, hidden: bool, missing: bool = False,
           settings: dict[str, Any] | None = None) -> dict[str, Any]:
    """The record of one check call (what ``check`` displays under grading).

    ``settings``: the notebook settings the exercise depends on (``DISTRICT``), by name.
    """
    found = {"version": VERSION, "problem": str(problem_id), "hidden": bool(hidden),
             "missing": bool(missing), "value": None if missing else encode(value)}
    if settings:
        found["settings"] = {str(name): encode(v) for name, v in settings.items()}
    return found


# --- reading a record back, in the grader's process ---------------------------------------


class Unreadable:
    """What a learner's variable held when it was not plain data: never a right answer."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{self.kind}>"


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise MalformedRecord(what)


def _restore(values: list[Any], info: dict[str, Any]) -> Any:
    import pandas as pd

    dtype = info.get("dtype")
    _require(isinstance(dtype, str), "dtype")
    series = pd.Series(values, dtype=object)
    if dtype == "category":
        categories = [decode(v) for v in info.get("categories", [])]
        return series.astype(pd.CategoricalDtype(categories, bool(info.get("ordered"))))
    if dtype == "object":
        return series
    try:
        return series.astype(dtype)
    except (TypeError, ValueError):
        return series


def decode(data: Any) -> Any:
    """The value a record holds; raises MalformedRecord for anything else."""
    import numpy as np
    import pandas as pd

    _require(isinstance(data, dict) and isinstance(data.get("t"), str), "value")
    kind = data["t"]
    plain = {"ellipsis": Ellipsis, "none": None, "na": pd.NA}
    if kind in plain:
        return plain[kind]
    if kind == "bool":
        _require(isinstance(data.get("v"), bool), "bool")
        return data["v"]
    if kind == "int":
        _require(type(data.get("v")) is int, "int")
        return data["v"]
    if kind == "float":
        value = data.get("v")
        _require(type(value) in (int, float) or value in ("nan", "inf", "-inf"), "float")
        return float(value)
    if kind == "str":
        _require(isinstance(data.get("v"), str), "str")
        return data["v"]
    if kind == "timestamp":
        _require(isinstance(data.get("v"), str), "timestamp")
        return pd.Timestamp(data["v"])
    items = data.get("v")
    if kind in ("list", "tuple", "set", "frozenset", "ndarray", "index", "series"):
        _require(isinstance(items, list), kind)
        values = [decode(v) for v in items]
        if kind == "list":
            return values
        if kind in ("tuple", "set", "frozenset"):
            try:
                return {"tuple": tuple, "set": set, "frozenset": frozenset}[kind](values)
            except TypeError as error:  # an unhashable item in a set
                raise MalformedRecord(kind) from error
        if kind == "ndarray":
            try:
                return np.array(values, dtype=data.get("dtype") or None)
            except (TypeError, ValueError):
                return np.array(values, dtype=object)
        column = _restore(values, data)
        if kind == "index":
            return pd.Index(column, name=decode(data.get("name")))
        index = decode(data.get("index"))
        _require(isinstance(index, pd.Index) and len(index) == len(column), "series index")
        column.index = index
        column.name = decode(data.get("name"))
        return column
    if kind == "dict":
        _require(isinstance(items, list) and all(isinstance(p, list) and len(p) == 2
                                                 for p in items), "dict")
        try:
            return {decode(k): decode(v) for k, v in items}
        except TypeError as error:
            raise MalformedRecord("dict key") from error
    if kind == "frame":
        columns, index = decode(data.get("columns")), decode(data.get("index"))
        dtypes, cells = data.get("dtypes"), data.get("data")
        _require(isinstance(columns, pd.Index) and isinstance(index, pd.Index), "frame axes")
        _require(isinstance(dtypes, list) and isinstance(cells, list)
                 and len(dtypes) == len(cells) == len(columns), "frame columns")
        parts = {}
        for position, (info, column) in enumerate(zip(dtypes, cells, strict=True)):
            _require(isinstance(column, list) and len(column) == len(index)
                     and isinstance(info, dict), "frame column")
            series = _restore([decode(v) for v in column], info)
            series.index = index
            parts[position] = series
        frame = pd.DataFrame(parts, index=index)
        frame.columns = columns
        return frame
    if kind == "chart":
        return _rebuild_chart(data)
    if kind == "function":
        return _function(data)
    if kind == "other":
        return Unreadable(str(data.get("type", "object")))
    raise MalformedRecord(kind)


def _rebuild_chart(data: dict[str, Any]) -> Any:
    """A matplotlib Axes with the recorded bars, title, labels and ticks (no pyplot)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    bars, texts = data.get("bars"), [data.get(k) for k in ("title", "xlabel", "ylabel")]
    _require(isinstance(bars, list) and all(
        isinstance(b, list) and len(b) == 4 and all(type(v) in (int, float) for v in b)
        for b in bars), "chart bars")
    _require(all(isinstance(t, str) for t in texts), "chart texts")
    axes = Figure().add_subplot()
    for x, y, width, height in bars:
        axes.add_patch(Rectangle((x, y), width, height))
    axes.set_title(texts[0])
    axes.set_xlabel(texts[1])
    axes.set_ylabel(texts[2])
    for kind in ("x", "y"):
        ticks = data.get(f"{kind}ticks")
        _require(isinstance(ticks, list) and all(
            isinstance(t, list) and len(t) == 2 and type(t[0]) in (int, float)
            and isinstance(t[1], str) for t in ticks), "chart ticks")
        getattr(axes, f"set_{kind}ticks")([t[0] for t in ticks], [t[1] for t in ticks])
    return axes


def read_settings(data: Any) -> dict[str, Any]:
    """The notebook settings a record carries (empty for most); raises MalformedRecord."""
    found = data.get("settings", {}) if isinstance(data, dict) else None
    _require(isinstance(found, dict) and all(isinstance(k, str) for k in found), "settings")
    return {name: decode(value) for name, value in found.items()}


def read(data: Any) -> tuple[str, bool, bool, Any]:
    """(problem id, hidden, missing, value) of a record; raises MalformedRecord."""
    _require(isinstance(data, dict) and data.get("version") == VERSION, "record")
    problem, hidden, missing = data.get("problem"), data.get("hidden"), data.get("missing")
    _require(isinstance(problem, str) and isinstance(hidden, bool)
             and isinstance(missing, bool), "record fields")
    return problem, hidden, missing, None if missing else decode(data.get("value"))
