"""Helpers shared by the generators: integer splits, schema fields, fake Italian identities.

Fake people are made from the name lists of Faker's it_IT provider (no real person's data)
and get an Italian fiscal code (*codice fiscale*) computed from their fake name, sex, birth
date and a birthplace code, with a valid check character. Faker is pinned in pyproject.toml:
its lists are part of what makes the files the same byte for byte.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import numpy as np
import pandas as pd
from faker.providers.person.it_IT import Provider as _Names
from faker.providers.ssn.it_IT import MUNICIPALITIES_LIST as _BIRTHPLACES

SURNAMES: tuple[str, ...] = tuple(sorted(set(_Names.last_names)))
FIRST_NAMES = {"F": tuple(sorted(set(_Names.first_names_female))),
               "M": tuple(sorted(set(_Names.first_names_male)))}
BIRTHPLACE_CODES: tuple[str, ...] = tuple(sorted(set(_BIRTHPLACES)))

CF_MONTHS = "ABCDEHLMPRST"
_VOWELS = set("AEIOU")
_LETTERS = "abcdefghilmnoprstuvz"


def split_integer(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total by weights into integers that add up exactly."""
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(int)
    out[np.argsort(raw - out)[::-1][: total - out.sum()]] += 1
    return out


def field(name: str, kind: str, description: str, unit: str | None = None,
          **constraints: Any) -> dict[str, Any]:
    """A Frictionless field: ``kind`` is its type, ``constraints`` its constraints."""
    out: dict[str, Any] = {"name": name, "type": kind}
    if unit:
        out["unit"] = unit
    out["description"] = description
    if constraints:
        out["constraints"] = constraints
    return out


def schema(fields: list[dict[str, Any]], key: str | None = None,
           foreign: dict[str, str] | None = None) -> dict[str, Any]:
    """A Frictionless table schema; ``foreign`` maps a column to ``"resource.column"``."""
    out: dict[str, Any] = {}
    if key:
        out["primaryKey"] = [key]
    if foreign:
        out["foreignKeys"] = [
            {"fields": [col], "reference": {"resource": ref.split(".")[0],
                                            "fields": [ref.split(".")[1]]}}
            for col, ref in foreign.items()]
    out["fields"] = fields
    return out


def iso_day(days: np.ndarray | pd.Series, origin: str = "1970-01-01") -> pd.Series:
    """Day numbers after ``origin`` as ISO dates (missing stays missing)."""
    return pd.to_datetime(pd.Series(days), unit="D", origin=origin).dt.strftime("%Y-%m-%d")


def real_day(iso: str) -> str:
    """``iso`` if it is a real calendar day, else the 28th of its month (for a 29 February)."""
    try:
        return pd.Timestamp(iso).strftime("%Y-%m-%d")
    except ValueError:
        return iso[:8] + "28"


# --- fake people -----------------------------------------------------------------------------

def birth_dates(rng: np.random.Generator, ages: np.ndarray, on: pd.Timestamp) -> np.ndarray:
    """ISO birth dates of people who are exactly ``ages`` years old on the day ``on``."""
    last = on - pd.to_timedelta(rng.integers(1, 365, len(ages)), unit="D")  # last birthday
    years = last.year.to_numpy() - np.asarray(ages)
    return np.array([real_day(f"{y:04d}-{m:02d}-{d:02d}")
                     for y, m, d in zip(years, last.month, last.day, strict=True)], dtype=object)


def fake_people(rng: np.random.Generator, n: int, sex: np.ndarray | None = None) -> pd.DataFrame:
    """``n`` fake people: sex (F/M), first name and surname from Faker's it_IT lists."""
    if sex is None:
        sex = np.where(rng.random(n) < 0.5114, "F", "M")  # 2,174,321 of 4,251,623 (ISTAT)
    first = np.empty(n, dtype=object)
    for code, names in FIRST_NAMES.items():
        mask = sex == code
        first[mask] = rng.choice(np.array(names, dtype=object), mask.sum())
    return pd.DataFrame({"sex": sex, "first_name": first,
                         "surname": rng.choice(np.array(SURNAMES, dtype=object), n)})


def fake_addresses(rng: np.random.Generator, n: int) -> np.ndarray:
    """Street addresses in Italian style (street names made from Faker's first names)."""
    kinds = np.array(["Via", "Via", "Via", "Corso", "Piazza", "Strada", "Vicolo"], dtype=object)
    names = np.array(FIRST_NAMES["F"] + FIRST_NAMES["M"] + SURNAMES, dtype=object)
    numbers = rng.integers(1, 120, n)
    return np.array([f"{k} {s} {d}" for k, s, d in
                     zip(rng.choice(kinds, n), rng.choice(names, n), numbers, strict=True)],
                    dtype=object)


def _plain(text: str) -> str:
    """Upper-case letters only, accents removed (as the fiscal code reads a name)."""
    text = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in text if "A" <= c <= "Z")


def _name_letters(text: str, first_name: bool) -> str:
    plain = _plain(text)
    consonants = [c for c in plain if c not in _VOWELS]
    if first_name and len(consonants) >= 4:
        return consonants[0] + consonants[2] + consonants[3]
    return ("".join(consonants) + "".join(c for c in plain if c in _VOWELS) + "XXX")[:3]


def fiscal_code_check(first15: str) -> str:
    """The check character of a fiscal code from its first 15 characters (python-codicefiscale)."""
    from codicefiscale import codicefiscale

    return str(codicefiscale.encode_cin(first15))


def fiscal_code(surname: str, first_name: str, sex: str, birth: dt.date, place: str) -> str:
    """The fiscal code of a (fake) person, check character included."""
    day = birth.day + (40 if sex == "F" else 0)
    body = (f"{_name_letters(surname, False)}{_name_letters(first_name, True)}"
            f"{birth.year % 100:02d}{CF_MONTHS[birth.month - 1]}{day:02d}{place}")
    return body + fiscal_code_check(body)


def is_valid_fiscal_code(code: str) -> bool:
    """True when ``code`` has 16 characters, the right layout and a matching check character."""
    code = str(code)
    return (len(code) == 16 and code.isalnum() and code.isupper() and code[15].isalpha()
            and code[8] in CF_MONTHS and fiscal_code_check(code[:15]) == code[15])


def fiscal_codes(people: pd.DataFrame, rng: np.random.Generator) -> list[str]:
    """Fiscal codes for a table with surname, first_name, sex and birth_date (ISO) columns."""
    places = rng.choice(np.array(BIRTHPLACE_CODES, dtype=object), len(people))
    births = pd.to_datetime(people["birth_date"]).dt.date
    return [fiscal_code(s, f, x, b, p) for s, f, x, b, p in
            zip(people["surname"], people["first_name"], people["sex"], births, places,
                strict=True)]


def mistyped_code(rng: np.random.Generator, code: str) -> str:
    """A fiscal code with one character mistyped (same kind), so its check character fails."""
    for _ in range(50):
        i = int(rng.integers(0, 15))
        pool = "0123456789" if code[i].isdigit() else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        out = code[:i] + pool[int(rng.integers(len(pool)))] + code[i + 1:]
        if not is_valid_fiscal_code(out):
            return out
    raise ValueError(code)


def typo(word: str, rng: np.random.Generator) -> str:
    """One keying error, as in FEBRL: a letter deleted, doubled, replaced, or two swapped."""
    if len(word) < 3:
        return word + word[-1]
    i = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(4))
    if kind == 0:
        out = word[:i] + word[i + 1:]
    elif kind == 1:
        out = word[:i] + word[i] + word[i:]
    elif kind == 2:
        letter = _LETTERS[int(rng.integers(len(_LETTERS)))]
        out = word[:i] + (letter.upper() if word[i].isupper() else letter) + word[i + 1:]
    else:
        out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return out if out != word else word[:i] + word[i + 1:]
