"""Case records: a messy social-services case file with fake people and planted defects.

Every person is fake (Faker's it_IT name lists), and their fiscal code is computed from
the fake name, sex and birth date. Defects are planted on purpose, each on its own
record, and listed one by one in the answer key ``case_records_defects`` that the checks
use (the learner's table has no trace of them).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import (
    FIRST_NAMES,
    SURNAMES,
    fake_addresses,
    fake_people,
    field,
    fiscal_codes,
    iso_day,
    mistyped_code,
    real_day,
    schema,
    typo,
)

SEED = 20160427  # GDPR adopted: Regulation (EU) 2016/679 of 27 April 2016
CLEAN_RECORDS = 4_880
FIRST_DAY, CUTOFF = pd.Timestamp("2019-01-01"), pd.Timestamp("2025-12-31")

NEEDS = {  # need: (share of cases, youngest, oldest age at opening), an assumed mix
    "economic hardship": (0.28, 18, 80), "housing": (0.10, 18, 80),
    "elderly care": (0.20, 65, 101), "disability": (0.12, 5, 80),
    "child protection": (0.10, 0, 17), "employment": (0.08, 18, 64),
    "domestic violence": (0.04, 18, 75), "addiction": (0.03, 18, 70),
    "mental health": (0.05, 18, 80),
}
HEALTH_NOTES = {  # GDPR art. 9 data: short notes in Italian, as a case file holds them
    "elderly care": ("Demenza di grado moderato", "Esiti di ictus, emiparesi destra",
                     "Diabete di tipo 2, insulinodipendente", "Scompenso cardiaco cronico",
                     "Frattura di femore, deambula con girello", "Morbo di Parkinson",
                     "Ipovisione grave"),
    "disability": ("Disabilità intellettiva lieve", "Tetraparesi spastica",
                   "Sordità bilaterale", "Disturbo dello spettro autistico",
                   "Sclerosi multipla", "Invalidità civile 100% con accompagnamento"),
    "mental health": ("Disturbo bipolare, in carico al CSM", "Depressione maggiore",
                      "Schizofrenia in trattamento farmacologico",
                      "Disturbo d'ansia generalizzato"),
    "addiction": ("Dipendenza da alcol, in carico al SerD",
                  "Dipendenza da oppiacei, terapia metadonica", "Gioco d'azzardo patologico"),
    "other": ("Asma bronchiale", "Gravidanza in corso", "Invalidità civile 75%",
              "Ipertensione arteriosa", "Diabete di tipo 2"),
}
SEX_VARIANTS = {"F": ("f", "Femmina", "donna", "2"), "M": ("m", "Maschio", "uomo", "1")}

# Planted defects: (kind, column) -> records. Each defect sits on its own record.
# A duplicate is a case keyed in twice; a near duplicate is one keyed in twice that differs
# in one detail, as real double entries do: a typo in the surname, the first name and the
# surname swapped, or the fiscal code written another way (lower case or with spaces).
DEFECTS: dict[tuple[str, str], int] = {
    ("duplicate", "record_id"): 90,
    ("near_duplicate", "surname"): 10,
    ("near_duplicate", "first_name"): 10,
    ("near_duplicate", "fiscal_code"): 10,
    ("typo", "surname"): 50,
    ("typo", "first_name"): 50,
    ("typo", "municipality"): 40,
    ("inconsistent_code", "sex"): 80,
    ("inconsistent_code", "fiscal_code"): 40,
    ("inconsistent_code", "district_id"): 30,
    ("invalid_code", "fiscal_code"): 25,
    ("missing", "fiscal_code"): 30,
    ("missing", "birth_date"): 20,
    ("missing", "household_size"): 60,
    ("missing", "isee_eur"): 150,
    ("impossible_date", "birth_date"): 22,
    ("impossible_date", "opened_on"): 8,
}
DEFECT_KINDS = list(dict.fromkeys(kind for kind, _ in DEFECTS))
COPIES = ("duplicate", "near_duplicate")  # defects that add a record


def _days(dates: pd.Series) -> np.ndarray:
    return ((dates - pd.Timestamp("1970-01-01")).dt.days).to_numpy()


def make_clean(rng: np.random.Generator, municipalities: pd.DataFrame) -> pd.DataFrame:
    """The clean case file: one record per case, before any defect."""
    n = CLEAN_RECORDS
    names = list(NEEDS)
    need = rng.choice(names, n, p=[NEEDS[k][0] for k in names])
    low = np.array([NEEDS[k][1] for k in need])
    high = np.array([NEEDS[k][2] for k in need])
    opened = FIRST_DAY + pd.to_timedelta(
        np.sort(rng.integers(0, (CUTOFF - FIRST_DAY).days + 1, n)), unit="D")
    age_days = rng.integers(low * 365, (high + 1) * 365 - 1)
    frame = fake_people(rng, n)
    frame.insert(0, "opened_on", opened.strftime("%Y-%m-%d"))
    frame["birth_date"] = iso_day(_days(pd.Series(opened)) - age_days)
    frame["fiscal_code"] = fiscal_codes(frame, rng)
    frame["address"] = fake_addresses(rng, n)
    where = municipalities.iloc[rng.choice(len(municipalities), n,
                                           p=municipalities["population"]
                                           / municipalities["population"].sum())]
    for col in ("municipality_code", "municipality", "district_id"):
        frame[col] = where[col].to_numpy()
    frame["household_size"] = pd.array(np.where(
        np.isin(need, ["elderly care", "domestic violence"]), 1 + rng.binomial(2, 0.3, n),
        1 + rng.binomial(6, 0.35, n)), dtype="Int64")
    median = np.where(need == "economic hardship", 5_000, 9_000)
    frame["isee_eur"] = np.round(np.minimum(median * rng.lognormal(0, 0.7, n), 60_000), 2)
    frame["need"] = need
    frame["health_notes"] = [_note(rng, k) for k in need]
    return frame


def _note(rng: np.random.Generator, need: str) -> str | None:
    notes = HEALTH_NOTES.get(need)
    if notes is None:
        return str(rng.choice(HEALTH_NOTES["other"])) if rng.random() < 0.15 else None
    return str(rng.choice(notes)) if rng.random() < 0.9 else None


def _new_typo(rng: np.random.Generator, word: str, known: set[str]) -> str:
    """A typo that does not give another valid word (so the defect can be found)."""
    for _ in range(20):
        out = typo(word, rng)
        if out not in known:
            return out
    raise ValueError(word)


def _messy_code(rng: np.random.Generator, code: str) -> str:
    """The same fiscal code written another way: lower case or with spaces."""
    if rng.random() < 0.5:
        return code.lower()
    return f"{code[:3]} {code[3:6]} {code[6:11]} {code[11:]}"


def _defective(rng: np.random.Generator, frame: pd.DataFrame, kind: str, col: str,
               row: int, known: dict[str, set[str]]) -> str:
    """Plant one defect in ``frame`` at ``row``; return the value it replaced."""
    value = frame.at[row, col]
    if kind == "typo":
        frame.at[row, col] = _new_typo(rng, value, known[col])
    elif kind == "inconsistent_code" and col == "sex":
        frame.at[row, col] = str(rng.choice(SEX_VARIANTS[value]))
    elif kind == "inconsistent_code" and col == "fiscal_code":
        frame.at[row, col] = _messy_code(rng, value)
    elif kind == "inconsistent_code":
        others = sorted(set(frame[col]) - {value})
        frame.at[row, col] = str(rng.choice(others))
    elif kind == "invalid_code":
        frame.at[row, col] = mistyped_code(rng, value)
    elif kind == "missing":
        frame.at[row, col] = None
    elif col == "birth_date" and rng.random() < 0.6:  # impossible: after the opening
        opened = pd.Timestamp(frame.at[row, "opened_on"])
        frame.at[row, col] = (opened + pd.Timedelta(days=int(rng.integers(30, 3000)))
                              ).strftime("%Y-%m-%d")
    elif col == "birth_date":  # impossible: born in the 1800s (a mistyped century)
        frame.at[row, col] = real_day(f"18{value[2:]}")
    else:  # an opening date in the future: a mistyped year
        frame.at[row, col] = real_day(f"20{int(rng.integers(26, 100)):02d}{value[4:]}")
    return str(value)


def plant_defects(rng: np.random.Generator, clean: pd.DataFrame,
                  municipalities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The learner's messy table and the answer key listing every planted defect."""
    frame = clean.copy()
    order = rng.permutation(len(frame))
    known = {"surname": set(SURNAMES), "first_name": set(FIRST_NAMES["F"] + FIRST_NAMES["M"]),
             "municipality": set(municipalities["municipality"])}
    key, start = [], 0
    for (kind, col), count in DEFECTS.items():
        rows, start = order[start:start + count], start + count
        if kind in COPIES:
            key += [(int(r), kind, col, None) for r in rows]
            continue
        key += [(int(r), kind, col, _defective(rng, frame, kind, col, int(r), known))
                for r in rows]
    dupes = [r for r, kind, _, _ in key if kind in COPIES]
    frame = pd.concat([frame, frame.loc[dupes]], ignore_index=True)
    source = np.concatenate([np.arange(len(clean)), dupes])  # clean row each row came from
    shuffled = rng.permutation(len(frame))  # a random order, then by the true opening date
    order = np.lexsort((shuffled, clean["opened_on"].to_numpy()[source]))
    frame, source = frame.iloc[order].reset_index(drop=True), source[order]
    frame.insert(0, "record_id", [f"C{i:05d}" for i in range(1, len(frame) + 1)])
    answers = _answer_key(key, frame["record_id"].to_numpy(), source, len(clean))
    return _near_duplicates(np.random.default_rng([SEED, 1]), frame, answers, known), answers


def _near_duplicates(rng: np.random.Generator, frame: pd.DataFrame, answers: pd.DataFrame,
                     known: dict[str, set[str]]) -> pd.DataFrame:
    """Change one detail of each near duplicate's second record (its own generator, so the
    records and their order are those the exact copies had)."""
    near = answers[answers["defect"] == "near_duplicate"]
    for record_id, col in zip(near["record_id"], near["column"], strict=True):
        row = frame.index[frame["record_id"] == record_id][0]
        if col == "surname":
            frame.at[row, col] = _new_typo(rng, frame.at[row, col], known[col])
        elif col == "first_name":  # keyed in the wrong boxes
            frame.loc[row, ["surname", "first_name"]] = [frame.at[row, "first_name"],
                                                          frame.at[row, "surname"]]
        else:
            frame.at[row, col] = _messy_code(rng, frame.at[row, col])
    return frame


def _answer_key(key: list[tuple[int, str, str, str | None]], ids: np.ndarray,
                source: np.ndarray, clean: int) -> pd.DataFrame:
    """One row per defect, naming the learner's record and the value before the defect."""
    first = {}  # clean row -> record id of its first (original) record
    copies = {}  # clean row -> record id of its copy
    for position, row in enumerate(source):
        (copies if row in first else first)[int(row)] = ids[position]
    rows = []
    for row, kind, col, value in key:
        if kind in COPIES:
            rows.append((copies[row], kind, col, first[row]))
        else:
            rows.append((first[row], kind, col, value))
    out = pd.DataFrame(rows, columns=["record_id", "defect", "column", "correct_value"])
    return out.sort_values(["record_id", "defect"], ignore_index=True)


CASE_COLUMNS = ["record_id", "opened_on", "surname", "first_name", "sex", "birth_date",
                "fiscal_code", "address", "municipality_code", "municipality", "district_id",
                "household_size", "isee_eur", "need", "health_notes"]
_DISTRICTS = [f"D{i:02d}" for i in range(1, 31)]

RESOURCES: dict[str, dict[str, Any]] = {
    "case_records": {
        "title": "Social-services case records, messy on purpose (synthetic, fake people)",
        "description": "One row per case file: identity (fake names, fiscal codes computed "
                       "from them), address, household, ISEE, need and health notes (GDPR "
                       "art. 9). Duplicates, near duplicates, typos, inconsistent codes, "
                       "missing values and impossible dates are planted on purpose: see the "
                       "data card.",
        "schema": schema([
            field("record_id", "string", "Case record number", required=True, unique=True,
                  pattern="C[0-9]{5}"),
            field("opened_on", "date", "Day the case was opened", required=True),
            field("surname", "string", "Surname (fake)", required=True),
            field("first_name", "string", "First name (fake)", required=True),
            field("sex", "string", "Sex as keyed in: F or M, but also other spellings",
                  required=True),
            field("birth_date", "date", "Date of birth"),
            field("fiscal_code", "string", "Codice fiscale (16 characters, computed from the "
                  "fake identity)"),
            field("address", "string", "Street address (fake)", required=True),
            field("municipality_code", "string", "Comune of residence (see `municipalities`)",
                  required=True, pattern="[0-9]{6}"),
            field("municipality", "string", "Comune of residence, as keyed in",
                  required=True),
            field("district_id", "string", "Social-cohesion district, as keyed in",
                  required=True, enum=_DISTRICTS),
            field("household_size", "integer", "People in the household", "people",
                  minimum=1),
            field("isee_eur", "number", "ISEE, equivalent economic situation indicator",
                  "EUR/year", minimum=0),
            field("need", "string", "Main need of the case", required=True,
                  enum=list(NEEDS)),
            field("health_notes", "string", "Health notes (special-category data, GDPR "
                  "art. 9); empty when none were recorded"),
        ], key="record_id"),
        "card": "cards/case_records.md",
    },
    "case_records_defects": {
        "title": "Answer key: the defects planted in case_records",
        "description": "One row per planted defect: the record, the kind of defect, the "
                       "column and the value before the defect (for a duplicate or a near "
                       "duplicate, the record it copies). Used by the checks, not by the "
                       "exercises.",
        "schema": schema([
            field("record_id", "string", "Record of case_records with the defect",
                  required=True, pattern="C[0-9]{5}"),
            field("defect", "string", "Kind of defect", required=True, enum=DEFECT_KINDS),
            field("column", "string", "Column with the defect", required=True,
                  enum=CASE_COLUMNS),
            field("correct_value", "string", "The value before the defect; for a duplicate "
                  "or a near duplicate, the record_id of the original; empty where the value "
                  "was empty"),
        ], foreign={"record_id": "case_records.record_id"}),
        "card": "cards/case_records.md",
        "answer_key": True,  # for the checks only: left out of a cohort's install
    },
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The messy case records and their answer key, on ``tables["municipalities"]``."""
    rng = np.random.default_rng(SEED)
    municipalities = tables["municipalities"]
    records, key = plant_defects(rng, make_clean(rng, municipalities), municipalities)
    return {"case_records": records[CASE_COLUMNS], "case_records_defects": key}
