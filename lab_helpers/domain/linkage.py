"""Record linkage for module 04: tidy identities, candidate pairs, Fellegi–Sunter weights.

A small, vectorised Fellegi–Sunter linkage (Fellegi and Sunter 1969), written so that each
step is one function a learner can call and read:

1. :func:`standard_identity` puts every registry's identity fields in one spelling (upper
   case, no accents, dates as dates, fiscal codes tidy).
2. :func:`candidate_pairs` keeps only the pairs that share a *blocking* key (same sex and
   birth year, or same sex and the first three letters of the surname): comparing every
   record with every resident would be millions of pairs.
3. :func:`compare` says, field by field, whether a pair agrees (``agree``, ``close`` for
   names that are similar but not equal, ``disagree``, or ``missing``).
4. :func:`m_probabilities` (among true matches: a clerically reviewed sample) and
   :func:`u_probabilities` (among all candidate pairs, nearly all non-matches) give the
   chance of each level; :func:`match_weights` turns them into ``log2(m / u)``.
5. :func:`score` adds up the weights of a pair; :func:`best_links` keeps each record's best
   resident and decides: link, clerical review, or no link.

Everything is deterministic: no random sampling, so the results are the same on every run.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd
from rapidfuzz.distance import JaroWinkler

FIELDS = ("fiscal_code", "surname", "first_name", "birth_date", "municipality")
NAME_FIELDS = ("surname", "first_name")
CLOSE_NAME = 0.9  # Jaro–Winkler similarity from which two different names count as close
BLOCKS = (("sex", "birth_year"), ("sex", "surname_start"))
LEVELS = ("agree", "close", "disagree", "missing")
SMOOTHING = 0.5  # added to every count, so that no probability is exactly 0 or 1
LINK, REVIEW, NO_LINK = "link", "clerical review", "no link"


def plain_upper(text: object) -> object:
    """``text`` in capitals without accents or apostrophes; a missing value stays missing."""
    if not isinstance(text, str):
        return pd.NA
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.upper().replace("'", " ").split())


def standard_identity(frame: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """The identity fields of a registry in one spelling, with the blocking keys."""
    out = pd.DataFrame({"id": frame[id_column].astype("string")})
    for name in NAME_FIELDS:
        out[name] = frame[name].map(plain_upper).astype("string")
    out["sex"] = frame["sex"].astype("string")
    out["birth_date"] = pd.to_datetime(frame["birth_date"])
    out["birth_year"] = out["birth_date"].dt.year
    code = frame["fiscal_code"].astype("string").str.upper().str.replace(" ", "", regex=False)
    out["fiscal_code"] = code
    out["municipality"] = frame["municipality"].map(plain_upper).astype("string")
    out["surname_start"] = out["surname"].str[:3]
    return out.reset_index(drop=True)


def candidate_pairs(records: pd.DataFrame, register: pd.DataFrame,
                    blocks: Iterable[tuple[str, ...]] = BLOCKS) -> pd.DataFrame:
    """Pairs of a record (``_r``) and a resident (``_a``) that share at least one blocking key.

    Both tables come from :func:`standard_identity`. Each pair appears once.
    """
    parts = [records.merge(register, on=list(block), suffixes=("_r", "_a"))[["id_r", "id_a"]]
             for block in blocks]
    ids = pd.concat(parts, ignore_index=True).drop_duplicates(ignore_index=True)
    left = records.set_index("id").add_suffix("_r")
    right = register.set_index("id").add_suffix("_a")
    pairs = ids.join(left, on="id_r").join(right, on="id_a")
    return pairs.rename(columns={"id_r": "record_id", "id_a": "anagrafe_id"})


def name_similarity(left: pd.Series, right: pd.Series) -> pd.Series:
    """Jaro–Winkler similarity (0 to 1) of two columns of names, pair by pair; 0 if missing."""
    values = [JaroWinkler.normalized_similarity(a, b) if isinstance(a, str) and isinstance(b, str)
              else 0.0 for a, b in zip(left.astype(object).where(left.notna(), None),
                                       right.astype(object).where(right.notna(), None),
                                       strict=True)]
    return pd.Series(values, index=left.index, dtype=float)


def compare(pairs: pd.DataFrame) -> pd.DataFrame:
    """The agreement level of each field, pair by pair (the *agreement pattern*)."""
    out = pairs[["record_id", "anagrafe_id"]].copy()
    for name in FIELDS:
        left, right = pairs[f"{name}_r"], pairs[f"{name}_a"]
        missing = (left.isna() | right.isna()).to_numpy()
        same = (left == right).fillna(False).to_numpy(dtype=bool)
        levels = np.where(same, "agree", "disagree").astype(object)
        if name in NAME_FIELDS:
            close = (name_similarity(left, right) >= CLOSE_NAME).to_numpy()
            levels[~same & close] = "close"
        levels[missing] = "missing"
        out[name] = pd.Categorical(levels, categories=list(LEVELS))
    return out


def _shares(levels: pd.DataFrame) -> pd.DataFrame:
    """Share of each level of each field, missing left out; smoothed, never exactly 0."""
    rows = []
    for name in FIELDS:
        counts = levels[name].value_counts().reindex(list(LEVELS[:-1]), fill_value=0)
        if name not in NAME_FIELDS:
            counts = counts.drop("close")
        shares = (counts + SMOOTHING) / (counts.sum() + SMOOTHING * len(counts))
        rows += [(name, level, float(p)) for level, p in shares.items()]
    return pd.DataFrame(rows, columns=["field", "level", "probability"])


def m_probabilities(match_levels: pd.DataFrame) -> pd.DataFrame:
    """m: how often each level occurs among true matches (a reviewed sample of them)."""
    return _shares(match_levels).rename(columns={"probability": "m"})


def u_probabilities(candidate_levels: pd.DataFrame) -> pd.DataFrame:
    """u: how often each level occurs among candidate pairs, nearly all of them non-matches."""
    return _shares(candidate_levels).rename(columns={"probability": "u"})


def match_weights(m: pd.DataFrame, u: pd.DataFrame) -> pd.DataFrame:
    """The weight of each level, log2(m / u): positive when it points to a match."""
    table = m.merge(u, on=["field", "level"])
    return table.assign(weight=np.log2(table["m"] / table["u"]))


def score(levels: pd.DataFrame, weights: pd.DataFrame) -> pd.Series:
    """The total weight of each pair: the sum of its fields' weights (missing counts 0)."""
    lookup = weights.set_index(["field", "level"])["weight"]
    total = np.zeros(len(levels))
    for name in FIELDS:
        mine = lookup.xs(name, level="field")
        total += levels[name].astype(object).map(mine).fillna(0.0).to_numpy(dtype=float)
    return pd.Series(total, index=levels.index, name="weight")


def best_links(levels: pd.DataFrame, weights: pd.DataFrame, threshold: float,
               review_from: float | None = None) -> pd.DataFrame:
    """Each record's best-scoring resident, with the decision: link at ``threshold`` or
    more, clerical review from ``review_from`` up to it, no link below."""
    scored = levels[["record_id", "anagrafe_id"]].assign(weight=score(levels, weights))
    scored = scored.sort_values(["record_id", "weight", "anagrafe_id"],
                                ascending=[True, False, True], kind="stable")
    best = scored.drop_duplicates("record_id").reset_index(drop=True)
    low = threshold if review_from is None else review_from
    best["decision"] = np.select([best["weight"] >= threshold, best["weight"] >= low],
                                 [LINK, REVIEW], NO_LINK)
    return best


def precision_recall(links: pd.DataFrame, reviewed: pd.DataFrame) -> tuple[float, float]:
    """Precision and recall of ``links`` (record_id, anagrafe_id) on the reviewed records.

    Precision: of the links made for reviewed records, the share the reviewer confirmed.
    Recall: of the reviewer's matches, the share the links found.
    """
    truth = reviewed[reviewed["match"].astype(bool)][["record_id", "anagrafe_id"]]
    mine = links[links["record_id"].isin(reviewed["record_id"])][["record_id", "anagrafe_id"]]
    both = mine.merge(truth, on=["record_id", "anagrafe_id"], how="inner")
    precision = len(both) / len(mine) if len(mine) else float("nan")
    recall = len(both) / len(truth) if len(truth) else float("nan")
    return precision, recall


def wilson_interval(successes: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """A 95% interval (Wilson score) for a share measured on ``total`` cases.

    On a small sample a share of 100% is not a certainty: the interval says how low the
    true share could plausibly be.
    """
    if total <= 0:
        return float("nan"), float("nan")
    share = successes / total
    centre = (share + z * z / (2 * total)) / (1 + z * z / total)
    half = z * np.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / (
        1 + z * z / total)
    return float(centre - half), float(centre + half)
