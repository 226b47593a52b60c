"""Module 04's linkage at full scale with splink 5 (on DuckDB), seeded so every run agrees.

The notebook writes these steps with splink's own API, so that learners meet the library as
its documentation shows it; this module runs the same steps as reference code for the checks
and the tests:

1. :func:`settings`: the five fields compared as by hand (names with Jaro–Winkler, "close"
   from 0.9; birth date, comune and fiscal code exact), the two blocking rules of
   :data:`lab_helpers.domain.linkage.BLOCKS`, and the chance that a record and a resident
   picked at random are one person, 1 in the register's size.
2. :func:`predictions`: u from random pairs (:data:`MAX_PAIRS`, seeded with :data:`SEED`), m
   by expectation maximisation on two blocking rules (:data:`EM_BLOCKS`), then every
   candidate pair's match probability.
3. :func:`best_per_record`: each record's most likely resident.

splink is imported inside the functions, so that importing this module (or module 04's
exercises) does not load DuckDB before section 5 needs it.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

SEED = 42  # the random pairs that estimate u: the same seed gives the same model every run
MAX_PAIRS = 200_000  # random pairs for u: enough for five fields, and a fraction of a second
EM_BLOCKS = (("birth_date",), ("surname", "first_name"))  # pairs on which EM learns m
THRESHOLD = 0.99  # the match probability from which the notebook links
KEEP_FROM = 0.01  # pairs less likely than this are not kept by predict
NAMES = ("surname", "first_name")
EXACT = ("birth_date", "municipality", "fiscal_code")
CLOSE_NAME = 0.9
REGISTER, SERVICES = "anagrafe", "services"  # the tables' names inside splink
REFERENCE_THREADS = 1  # DuckDB's threads for the checks: the same results, less memory


def settings(register_size: int) -> Any:
    """splink's settings: what is compared, how, and which pairs are compared at all."""
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="id",
        comparisons=[*(cl.JaroWinklerAtThresholds(name, [CLOSE_NAME]) for name in NAMES),
                     *(cl.ExactMatch(name) for name in EXACT)],
        blocking_rules_to_generate_predictions=[block_on("sex", "birth_year"),
                                                block_on("sex", "surname_start")],
        probability_two_random_records_match=1 / register_size,
    )


def trained_linker(records: pd.DataFrame, register: pd.DataFrame) -> Any:
    """A splink linker of ``records`` to ``register`` (both from ``standard_identity``),
    with u estimated from seeded random pairs and m by expectation maximisation."""
    import duckdb
    from splink import DuckDBAPI, Linker, block_on

    # one thread: splink's results do not depend on it (tested), and a grading kernel's
    # memory limit then holds on a trainer's machine with many cores
    db = DuckDBAPI(connection=duckdb.connect(config={"threads": REFERENCE_THREADS}))
    linker = Linker([db.register(register, dataset_display_name=REGISTER),
                     db.register(records, dataset_display_name=SERVICES)],
                    settings(len(register)), log_level="ERROR")
    linker.training.estimate_u_using_random_sampling(max_pairs=MAX_PAIRS, seed=SEED)
    for block in EM_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*block))
    return linker


def pairs_of(linker: Any) -> pd.DataFrame:
    """Every candidate pair splink keeps, as ``record_id``, ``anagrafe_id`` and its scores."""
    table = linker.inference.predict(threshold_match_probability=KEEP_FROM).as_pandas_dataframe()
    return table.rename(columns={"id_l": "anagrafe_id", "id_r": "record_id"})


def predictions(records: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs with splink's match probability and weight."""
    return pairs_of(trained_linker(records, register))


def best_per_record(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each record's most likely resident (ties go to the first resident id)."""
    ordered = pairs.sort_values(["match_probability", "anagrafe_id"], ascending=[False, True])
    return ordered.drop_duplicates("record_id").reset_index(drop=True)


def level_name(label: str) -> str:
    """splink's label of a comparison level in the course's words: agree, close, disagree."""
    if label.startswith("Exact match"):
        return "agree"
    return "disagree" if label.startswith("All other") else "close"


def model_weights(linker: Any) -> pd.DataFrame:
    """The trained model as a table like the course's ``match_weights``: field, level
    (agree, close, disagree), m, u and the weight log2(m / u)."""
    rows = []
    for comparison in linker.misc.save_model_to_json()["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            m, u = level["m_probability"], level["u_probability"]
            rows.append((comparison["output_column_name"], level_name(level["label_for_charts"]),
                         m, u, math.log2(m / u)))
    return pd.DataFrame(rows, columns=["field", "level", "m", "u", "weight"])
