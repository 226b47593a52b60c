"""Load the shipped synthetic datasets as typed pandas DataFrames.

Types come from the Frictionless descriptor ``datasets/datapackage.json``, so a
column is an integer, a number, a date or a category there and here alike.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from typing import Any

import pandas as pd

from .i18n import _
from .paths import datasets_dir


class DatasetNotFoundError(LookupError):
    """A dataset name that is not shipped; the message lists the names that are."""


@cache
def datapackage() -> dict[str, Any]:
    """The parsed Frictionless data package descriptor."""
    return json.loads((datasets_dir() / "datapackage.json").read_text(encoding="utf-8"))


def dataset_names() -> list[str]:
    """The names ``load_dataset`` accepts, in the descriptor's order."""
    return [res["name"] for res in datapackage()["resources"]]


def _resource(name: str) -> dict[str, Any]:
    for res in datapackage()["resources"]:
        if res["name"] == name:
            return res
    names = dataset_names()
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.5)
    message = _("There is no dataset called '{name}'.").format(name=name)
    if close:
        message += " " + _("Did you mean '{close}'?").format(close=close[0])
    message += " " + _("The datasets are: {names}.").format(names=", ".join(names))
    raise DatasetNotFoundError(message)


_PANDAS_TYPES = {"integer": "Int64", "number": "float64", "string": "string"}
# Frictionless's default spellings of true and false
_TRUE_VALUES, _FALSE_VALUES = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def _boolean(values: pd.Series, field: dict[str, Any]) -> pd.Series:
    """A nullable boolean column from the descriptor's true and false spellings."""
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[values.isin(field.get("trueValues", _TRUE_VALUES))] = True
    out[values.isin(field.get("falseValues", _FALSE_VALUES))] = False
    return out


def _typed(frame: pd.DataFrame, fields: list[dict[str, Any]]) -> pd.DataFrame:
    """Give each column the pandas type of its descriptor field.

    Dates and datetimes become ``datetime64``, enums ``category``, integers ``int64`` (or
    ``Int64`` when some are missing), booleans the nullable ``boolean``.
    """
    for field in fields:
        col, kind = field["name"], field.get("type", "string")
        enum = field.get("constraints", {}).get("enum")
        if kind in ("date", "datetime"):
            frame[col] = pd.to_datetime(frame[col], format="ISO8601")
        elif kind == "boolean":
            frame[col] = _boolean(frame[col], field)
        elif enum:
            frame[col] = pd.Categorical(frame[col], categories=enum)
        elif kind == "integer" and frame[col].notna().all():
            frame[col] = frame[col].astype("int64")
        else:
            frame[col] = frame[col].astype(_PANDAS_TYPES.get(kind, "string"))
    return frame


@cache
def _load(name: str) -> pd.DataFrame:
    res = _resource(name)
    fields = res["schema"]["fields"]
    frame = pd.read_csv(datasets_dir() / res["path"], dtype=str, keep_default_na=False,
                        na_values=[""])
    return _typed(frame, fields)


def load_dataset(name: str) -> pd.DataFrame:
    """Return the dataset ``name`` as a new, typed DataFrame (change it freely)."""
    return _load(name).copy()
