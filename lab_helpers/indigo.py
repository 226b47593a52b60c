"""Read GO Lab's INDIGO impact-bond data into the columns of ``impact_bonds_market``.

INDIGO (Government Outcomes Lab, University of Oxford) publishes one CSV row per impact
bond; every field is a column named "Section - Field - (Value)". ``load_indigo`` keeps the
fields module 07 uses, with the names, units and types of the shipped synthetic table, so
the same analysis runs on the real data. The price per outcome is in a second file
(outcome pricings); without it those two columns stay empty.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .datasets import _resource, _typed
from .i18n import N_, _

MARKET = "impact_bonds_market"
FINANCE = "Overall project finance - "
CAPITAL = FINANCE + "Total investment commitment - Amount USD - {} - (Value)"
START = "Dates - Start date of service provision - (Value)"
SIGNED = "Dates - Date outcomes contract signed - (Value)"
END = "Dates - Anticipated end date of service provision - (Value)"
DURATION = "Dates - Anticipated duration of service provision - (Value)"
PROJECT_COLUMNS = {  # our column: INDIGO's column
    "bond_id": "ID",
    "name": "Impact Bond Name - (Value)",
    "country": "Countries",
    "sector": "Purpose and classifications - Policy sector - (Value)",
    "stage": "Stage of Development - (Value)",
    "service_users": "Service and beneficiaries - Targeted number of unique service users or "
                     "beneficiaries (total) - (Value)",
    "max_outcome_payment_usd": FINANCE + "Maximum potential outcome payment - Amount USD - "
                                         "(Value)",
}
PROJECT_REQUIRED = [*PROJECT_COLUMNS.values(), START, SIGNED, END, DURATION,
                    *(CAPITAL.format(k) for k in ("Min", "Exact", "Max"))]
PRICING_ID, METRIC = "Project ID", "Outcome Metric Id - (Value)"
PRICE = "Price Per Unit - Amount USD - (Value)"
PROJECTS_FILE = N_("the project-level CSV export of INDIGO (one row per impact bond, with "
                   "columns such as 'Impact Bond Name - (Value)')")
PRICINGS_FILE = N_("the outcome pricings CSV export of INDIGO (one row per outcome metric, "
                   "with columns such as 'Price Per Unit - Amount USD - (Value)')")


class IndigoFormatError(ValueError):
    """A file that is not in INDIGO's CSV layout; the message names what is missing."""


def _read(path: str | Path, required: list[str], expected: str) -> pd.DataFrame:
    """The CSV at ``path`` as text, after checking that it has the ``required`` columns."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(_(
            "There is no file at {path}. Download the data from GO Lab's INDIGO pages "
            "(golab.bsg.ox.ac.uk/knowledge-bank/indigo) and give the path of the file: "
            "{expected}.").format(path=path, expected=_(expected)))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                            encoding="utf-8-sig")  # as saved by INDIGO or by a spreadsheet
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise IndigoFormatError(_(
            "{path} could not be read as a CSV file. The file expected is {expected}, saved "
            "as CSV (UTF-8).").format(path=path, expected=_(expected))) from error
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise IndigoFormatError(_(
            "{path} is not {expected}: these columns are missing: {columns}.").format(
                path=path, expected=_(expected), columns=", ".join(f"'{c}'" for c in missing)))
    return frame


def _number(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce")


def _months(start: pd.Series, end: pd.Series) -> pd.Series:
    """Whole months from ``start`` to ``end`` (dates written as YYYY, YYYY-MM or YYYY-MM-DD)."""
    first = pd.to_datetime(start, errors="coerce", format="mixed")
    last = pd.to_datetime(end, errors="coerce", format="mixed")
    return (last.dt.year - first.dt.year) * 12 + (last.dt.month - first.dt.month)


def _pricing(path: str | Path) -> pd.DataFrame:
    """Per bond: how many outcome metrics, and the median price per unit in USD."""
    frame = _read(path, [PRICING_ID, METRIC, PRICE], PRICINGS_FILE)
    return frame.assign(price=_number(frame[PRICE])).groupby(PRICING_ID).agg(
        outcome_metrics=(METRIC, "nunique"), price_per_outcome_usd=("price", "median"))


def load_indigo(path: str | Path, pricings: str | Path | None = None) -> pd.DataFrame:
    """INDIGO's project-level CSV export as a table like ``load_dataset("impact_bonds_market")``.

    ``path`` is the projects file; ``pricings``, optional, the outcome pricings file that
    gives ``outcome_metrics`` and ``price_per_outcome_usd``. Capital raised is the exact
    USD amount, else the middle of the Min-Max range; the start year is that of service
    provision, else of the outcomes contract; the duration is the anticipated one, else
    the months from start to anticipated end. A bond in several countries counts for the
    first one listed. Values outside INDIGO's codelists become missing.
    """
    raw = _read(path, PROJECT_REQUIRED, PROJECTS_FILE)
    frame = raw[list(PROJECT_COLUMNS.values())].set_axis(list(PROJECT_COLUMNS), axis=1)
    frame["country"] = frame["country"].str.split(",").str[0].str.strip()
    start = raw[START].fillna(raw[SIGNED])
    frame["start_year"] = pd.to_datetime(start, errors="coerce", format="mixed").dt.year
    frame["duration_months"] = _number(raw[DURATION]).fillna(_months(raw[START], raw[END]))
    exact, low, high = (_number(raw[CAPITAL.format(k)]) for k in ("Exact", "Min", "Max"))
    frame["capital_raised_usd"] = exact.fillna(pd.concat([low, high], axis=1).mean(axis=1))
    frame["max_outcome_payment_usd"] = _number(frame["max_outcome_payment_usd"])
    prices = (_pricing(pricings) if pricings is not None
              else pd.DataFrame(columns=["outcome_metrics", "price_per_outcome_usd"]))
    frame = frame.join(prices, on="bond_id")
    fields = _resource(MARKET)["schema"]["fields"]
    integers = {f["name"]: "Int64" for f in fields if f["type"] == "integer"}
    for column in integers:
        frame[column] = _number(frame[column]).round()
    for f in fields:
        enum = f.get("constraints", {}).get("enum")
        if enum:
            frame[f["name"]] = frame[f["name"]].where(frame[f["name"]].isin(enum))
    return _typed(frame[[f["name"] for f in fields]].copy(), fields).astype(integers)
