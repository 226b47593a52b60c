"""Privacy and data quality for case records: fiscal codes, ages, pseudonyms, k-anonymity.

Module 01 (social data) teaches these steps one by one; the functions here do each in one
call, so later modules (record linkage, the capstone) and a learner's own work can reuse
them.

- **Pseudonymisation** (GDPR art. 4(5)): a keyed hash (HMAC-SHA-256) turns a fiscal code
  into a pseudonym that nobody can recompute without the secret key, which is kept apart
  from the data. A plain hash has no key, so anyone holding a list of fiscal codes can
  recompute it: it hides nothing. Pseudonymised data are still personal data (recital 26).
- **k-anonymity** (Sweeney 2002): a table is k-anonymous on some quasi-identifiers (age,
  sex, comune...) when every combination of their values that occurs is shared by at least
  k records. A missing value counts as a value of its own: a record with no age is not
  hidden among the records that have one.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from typing import overload

import pandas as pd

from ..i18n import N_, _

FISCAL_CODE_LENGTH = 16
DEFAULT_PSEUDONYM_LENGTH = 16  # hex characters kept from the hash: 64 bits
_MONTH_LETTERS = "ABCDEHLMPRST"  # the month of birth in a fiscal code (DM 23 Dec 1976)
EMPTY_KEY = N_("The secret key is empty: a keyed hash needs a key, kept apart from the data.")
UNKNOWN_COLUMN = N_("The table has no column called '{column}'. Its columns are: {columns}.")


def fiscal_code_check_character(first15: str) -> str:
    """The check character (16th) of a fiscal code, from its first 15 characters.

    Computed by python-codicefiscale (the Agenzia delle Entrate's odd and even tables, DM
    23 Dec 1976), not by tables of our own.
    """
    from codicefiscale import codicefiscale

    return str(codicefiscale.encode_cin(first15))


def _valid_code(code: object) -> bool:
    if not isinstance(code, str):
        return False
    return (len(code) == FISCAL_CODE_LENGTH and code.isascii() and code.isalnum()
            and code.isupper() and code[15].isalpha() and code[8] in _MONTH_LETTERS
            and fiscal_code_check_character(code[:15]) == code[15])


@overload
def valid_fiscal_code(codes: str) -> bool: ...
@overload
def valid_fiscal_code(codes: pd.Series) -> pd.Series: ...
def valid_fiscal_code(codes: str | pd.Series) -> bool | pd.Series:
    """True when a fiscal code has 16 characters, the right layout and check character.

    A code must already be tidy (upper case, no spaces). On a column, the answer is a
    True/False column, with <NA> where the code is missing.
    """
    if isinstance(codes, pd.Series):
        out = pd.Series([_valid_code(c) for c in codes], index=codes.index, dtype="boolean")
        out[codes.isna()] = pd.NA
        return out
    return _valid_code(codes)


def age_in_years(birth_dates: pd.Series, on_dates: pd.Series) -> pd.Series:
    """Age in whole years on ``on_dates`` (birthdays counted), <NA> where a date is missing.

    A birth date after ``on_dates`` gives a negative age.
    """
    birth, on = pd.to_datetime(birth_dates), pd.to_datetime(on_dates)
    before_birthday = (on.dt.month < birth.dt.month) | (
        (on.dt.month == birth.dt.month) & (on.dt.day < birth.dt.day))
    years = on.dt.year - birth.dt.year - before_birthday.astype("Int64")
    return years.astype("Int64").rename("age")


def _digest(value: str, key: bytes | None, length: int) -> str:
    data = value.encode("utf-8")
    if key is None:
        return hashlib.sha256(data).hexdigest()[:length]
    return hmac.new(key, data, hashlib.sha256).hexdigest()[:length]


def _hash(values: str | pd.Series, key: bytes | None, length: int) -> str | pd.Series:
    if isinstance(values, pd.Series):
        out = [pd.NA if pd.isna(v) else _digest(str(v), key, length) for v in values]
        return pd.Series(out, index=values.index, dtype="string", name=values.name)
    return _digest(str(values), key, length)


@overload
def keyed_hash(values: str, key: str, length: int = ...) -> str: ...
@overload
def keyed_hash(values: pd.Series, key: str, length: int = ...) -> pd.Series: ...
def keyed_hash(values: str | pd.Series, key: str,
               length: int = DEFAULT_PSEUDONYM_LENGTH) -> str | pd.Series:
    """A pseudonym: the HMAC-SHA-256 of each value with a secret key (hex, ``length`` long).

    The same value and key always give the same pseudonym, so records of one person can
    still be linked; without the key nobody can recompute it. Missing values stay missing.
    """
    if not key:
        raise ValueError(_(EMPTY_KEY))
    return _hash(values, key.encode("utf-8"), length)


@overload
def plain_hash(values: str, length: int = ...) -> str: ...
@overload
def plain_hash(values: pd.Series, length: int = ...) -> pd.Series: ...
def plain_hash(values: str | pd.Series,
               length: int = DEFAULT_PSEUDONYM_LENGTH) -> str | pd.Series:
    """The SHA-256 of each value **without** a key: shown to teach why it is not enough.

    Anyone with a list of fiscal codes can hash them all and find who is who.
    """
    return _hash(values, None, length)


def _columns(table: pd.DataFrame, columns: Sequence[str] | str) -> list[str]:
    names = [columns] if isinstance(columns, str) else list(columns)
    for name in names:
        if name not in table.columns:
            raise KeyError(_(UNKNOWN_COLUMN).format(
                column=name, columns=", ".join(map(str, table.columns))))
    return names


def group_sizes(table: pd.DataFrame, quasi_identifiers: Sequence[str] | str) -> pd.Series:
    """For each record, how many records share its values of the quasi-identifiers.

    Missing values form a group of their own. The result has the table's index.
    """
    names = _columns(table, quasi_identifiers)
    if table.empty:
        return pd.Series(dtype="int64", index=table.index, name="group_size")
    keys = table[names].astype("string").fillna("<NA>")  # missing is a value of its own
    sizes = keys.groupby(names, sort=False, observed=True)[names[0]].transform("size")
    return sizes.astype("int64").rename("group_size")


def k_anonymity(table: pd.DataFrame, quasi_identifiers: Sequence[str] | str) -> int:
    """The k of a table: the size of its smallest group of quasi-identifiers (0 if empty)."""
    sizes = group_sizes(table, quasi_identifiers)
    return int(sizes.min()) if len(sizes) else 0


def count_changes(before: pd.DataFrame, after: pd.DataFrame,
                  key: str = "record_id") -> pd.Series:
    """How many values changed in each column, for the records present in both tables.

    Records are matched on ``key``; two missing values count as equal. Columns present in
    only one table, and the key itself, are left out.
    """
    common = [c for c in before.columns if c in after.columns and c != key]
    old = before.drop_duplicates(key).set_index(key)
    new = after.drop_duplicates(key).set_index(key)
    shared = old.index.intersection(new.index, sort=False)
    counts = {}
    for col in common:
        a = old.loc[shared, col].astype("string")
        b = new.loc[shared, col].astype("string")
        same = (a == b).fillna(False) | (a.isna() & b.isna())
        counts[col] = int((~same).sum())
    return pd.Series(counts, dtype="int64", name="changed")
