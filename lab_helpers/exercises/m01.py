"""Module 01, social data: the exercises of the notebook, checked from the `case_records` data.

The learner cleans a messy extract of case records, splits it into persons and episodes,
minimises it, pseudonymises it and generalises it until it is 5-anonymous. Every expected
value (and every plausible wrong one) is computed here from ``load_dataset(...)``, never
typed in. Where a defect is planted on purpose, the expected value comes from the answer
key ``case_records_defects``, so the check does not repeat the learner's own method.
Messages and hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/m01.po``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import pandas as pd

from ..checks import (
    ChoiceProblem,
    HiddenTest,
    Mistake,
    OrderProblem,
    RangeProblem,
    TableProblem,
    Try,
    ValueProblem,
    bind,
)
from ..checks.problems import is_whole_number
from ..datasets import load_dataset
from ..domain.privacy import age_in_years, group_sizes, keyed_hash, plain_hash
from ..i18n import N_

# The key the notebook writes in its pseudonymisation cell. It is a teaching key, printed
# on purpose: a real key is long, random, and never written in a notebook.
NOTEBOOK_KEY = "tavolo-wecare-2019"
PERCENT = 100
K_TARGET = 5  # the k the module aims for
LAST_OPENING_DAY = "2025-12-31"  # the extract covers cases opened up to this day
EARLIEST_BIRTH = "1900-01-01"  # a birth date before this is a mistyped century
LOST_TOLERANCE = 0.5  # points of percentage around the exact share of records lost

FEMALE_CODES = {"f": "F", "Femmina": "F", "donna": "F", "2": "F"}
MALE_CODES = {"m": "M", "Maschio": "M", "uomo": "M", "1": "M"}

PERSON_COLUMNS = ["fiscal_code", "surname", "first_name", "sex", "birth_date", "address",
                  "municipality_code", "municipality", "district_id"]
EPISODE_COLUMNS = ["record_id", "fiscal_code", "opened_on", "age", "need", "household_size",
                   "isee_eur", "health_notes"]
REPORT_COLUMNS = ["opened_on", "district_id", "sex", "age", "need"]  # row level
RESEARCH_COLUMNS = ["age", "sex", "municipality", "district_id", "need", "household_size",
                    "isee_eur"]
EXACT_QI = ["age", "sex", "municipality"]
BANDS_10_QI = ["age_10", "sex", "district_id"]
BANDS_20_QI = ["age_20", "sex", "district_id"]

# The defects the notebook fixes (records removed or values corrected), from the answer key.
FIXED_DEFECTS = {
    ("duplicate", "record_id"),
    ("near_duplicate", "surname"),
    ("near_duplicate", "first_name"),
    ("near_duplicate", "fiscal_code"),
    ("inconsistent_code", "sex"),
    ("inconsistent_code", "fiscal_code"),
    ("typo", "municipality"),
    ("inconsistent_code", "district_id"),
    ("impossible_date", "opened_on"),
    ("impossible_date", "birth_date"),
}


# --- reference code: the notebook's cleaning, step by step ----------------------------------

def _raw() -> pd.DataFrame:
    return load_dataset("case_records")


def _defects(defect: str | None = None, column: str | None = None) -> pd.DataFrame:
    key = load_dataset("case_records_defects")
    if defect is not None:
        key = key[key["defect"] == defect]
    if column is not None:
        key = key[key["column"] == column]
    return key


def _municipalities() -> pd.DataFrame:
    return load_dataset("municipalities")


def _same_case(frame: pd.DataFrame) -> pd.Series:
    """Records that repeat an earlier one in every column but record_id."""
    return frame.drop(columns="record_id").duplicated()


def _standard_code(frame: pd.DataFrame) -> pd.Series:
    """The fiscal code written one way: capitals, no spaces."""
    return frame["fiscal_code"].str.upper().str.replace(" ", "")


def _same_person(frame: pd.DataFrame) -> pd.Series:
    """Records whose standardised fiscal code repeats an earlier one (empty codes left out)."""
    code = _standard_code(frame)
    return code.duplicated() & code.notna()


@cache
def _exact_removed() -> pd.DataFrame:
    """Section 2: the exact duplicates removed (the first copy of each case is kept)."""
    raw = _raw()
    return raw[~_same_case(raw)]


@cache
def _deduplicated() -> pd.DataFrame:
    """Section 2: the exact duplicates, then the near duplicates removed."""
    frame = _exact_removed()
    return frame[~_same_person(frame)]


@cache
def _female_fixed() -> pd.DataFrame:
    """Section 3, worked example: the codes for women replaced."""
    frame = _deduplicated().copy()
    frame["sex"] = frame["sex"].replace(FEMALE_CODES)
    return frame


@cache
def _codes_fixed() -> pd.DataFrame:
    """Section 3: sex and fiscal codes in one spelling each."""
    frame = _female_fixed().copy()
    frame["sex"] = frame["sex"].replace(MALE_CODES)
    frame["fiscal_code"] = frame["fiscal_code"].str.upper().str.replace(" ", "")
    return frame


@cache
def _places_fixed() -> pd.DataFrame:
    """Section 4: comune names and districts taken from the comune's code."""
    frame = _codes_fixed().copy()
    lookup = _municipalities().set_index("municipality_code")
    frame["municipality"] = frame["municipality_code"].map(lookup["municipality"])
    frame["district_id"] = frame["municipality_code"].map(lookup["district_id"])
    frame["opened_on"] = frame["opened_on"].mask(frame["opened_on"] > LAST_OPENING_DAY)
    return frame


@cache
def _clean() -> pd.DataFrame:
    """Section 5: impossible birth dates made missing, and the age at opening added."""
    frame = _places_fixed().copy()
    impossible = (frame["birth_date"] > frame["opened_on"]) | (
        frame["birth_date"] < EARLIEST_BIRTH)
    frame["birth_date"] = frame["birth_date"].mask(impossible)
    frame["age"] = age_in_years(frame["birth_date"], frame["opened_on"])
    return frame


@cache
def _research() -> pd.DataFrame:
    """Section 8: the table for the university, with a keyed pseudonym and age bands."""
    clean = _clean()
    frame = clean[RESEARCH_COLUMNS].copy()
    frame["year"] = clean["opened_on"].dt.year
    frame["person_id"] = keyed_hash(clean["fiscal_code"], NOTEBOOK_KEY)
    frame["age_10"] = frame["age"] // 10 * 10
    frame["age_20"] = frame["age"] // 20 * 20
    return frame


def _count_below(columns: Sequence[str], limit: int = K_TARGET, inclusive: bool = False) -> int:
    sizes = group_sizes(_research(), list(columns))
    return int((sizes <= limit).sum() if inclusive else (sizes < limit).sum())


def _groups_below(columns: Sequence[str], limit: int = K_TARGET) -> int:
    sizes = _research().groupby(list(columns), dropna=False, observed=True).size()
    return int((sizes < limit).sum())


def _key_corrected(column: str, defect: str) -> pd.Series:
    """The column of the deduplicated table, with the answer key's values where it lists
    a planted ``defect`` (the truth the learner's fix must reach)."""
    frame = _deduplicated()
    key = _defects(defect, column).set_index("record_id")["correct_value"]
    truth = frame["record_id"].map(key)
    return frame[column].where(truth.isna(), truth).astype(frame[column].dtype)


def _sex_with(codes: dict[str, str]) -> Callable[[], pd.Series]:
    return lambda: _female_fixed()["sex"].replace(codes)


def _without(*keys: str) -> dict[str, str]:
    return {k: v for k, v in MALE_CODES.items() if k not in keys}


def _fiscal(upper: bool = False, lower: bool = False,
            spaces: bool = False) -> Callable[[], pd.Series]:
    """The fiscal codes after some of the fixing steps (the right answer does two)."""
    def value() -> pd.Series:
        codes = _female_fixed()["fiscal_code"]
        if upper:
            codes = codes.str.upper()
        if lower:
            codes = codes.str.lower()
        if spaces:
            codes = codes.str.replace(" ", "")
        return codes
    return value


def _table(columns: Sequence[str]) -> Callable[[], pd.DataFrame]:
    return lambda: _clean()[list(columns)]


# The Region's monitoring: counts by these columns, a count below SMALL_CELL hidden.
MONITORING_COLUMNS = ("year", "district_id", "sex", "age_band", "need")
AGE_BANDS = [0, 18, 65, 120]  # children, adults, older people: the services' three areas
AGE_LABELS = ["0-17", "18-64", "65+"]
SMALL_CELL = 5  # the threshold: at least 3 in official statistics, higher for health data
_GROUPBY = ('monitoring.groupby(["year", "district_id", "sex", "age_band", "need"],\n'
            "                            dropna=False).size()")


@cache
def _monitoring() -> pd.DataFrame:
    """Section 7, worked example: the columns of the purpose, with the year and age bands."""
    clean = _clean()
    frame = clean[["district_id", "sex", "need"]].copy()
    frame["year"] = clean["opened_on"].dt.year.astype("Int64")
    frame["age_band"] = pd.cut(clean["age"], bins=AGE_BANDS, right=False, labels=AGE_LABELS)
    return frame


def _report(columns: Sequence[str] = MONITORING_COLUMNS, threshold: int | None = SMALL_CELL,
            inclusive: bool = False, dropna: bool = False,
            frame: Callable[[], pd.DataFrame] = _monitoring) -> Callable[[], pd.DataFrame]:
    """The counts of cases by ``columns``, those below ``threshold`` (or up to it) hidden."""
    def value() -> pd.DataFrame:
        counts = frame().groupby(list(columns), dropna=dropna).size()
        if threshold is not None:
            counts = counts.mask(counts <= threshold if inclusive else counts < threshold)
        return counts.reset_index(name="cases")
    return value


def _percent_fixed(denominator: int | None = None, removed: bool = True,
                   changed: bool = True) -> float:
    key = _defects()
    pairs = list(zip(key["defect"], key["column"], strict=True))
    fixed = key[[pair in FIXED_DEFECTS for pair in pairs]]
    removed_count = int(fixed["defect"].isin(["duplicate", "near_duplicate"]).sum())
    changed_count = len(fixed) - removed_count
    total = removed_count * removed + changed_count * changed
    return total / (denominator or len(_raw())) * PERCENT


def _lost_percent(columns: Sequence[str] = BANDS_20_QI) -> float:
    return _count_below(columns) / len(_research()) * PERCENT


# --- section 1: a messy case file -----------------------------------------------------------

missing_isee = ValueProblem(
    expected=lambda: len(_defects("missing", "isee_eur")),
    hints=(
        N_("Follow the worked example for birth_date: it picks a column, asks .isna() and "
           "adds up the True values with .sum()."),
        N_("The ISEE is in the column \"isee_eur\": write cases[\"isee_eur\"].isna().sum()."),
    ),
    mistakes=(
        Mistake(lambda: int(_raw()["birth_date"].isna().sum()), N_(
            "That is the number of missing birth dates, the worked example's column. Pick the "
            "column of the ISEE."),
            code='cases["birth_date"].isna().sum()'),
        Mistake(lambda: int(_raw()["isee_eur"].notna().sum()), N_(
            "You counted the records that do have an ISEE. Count the empty ones: .isna()."),
            code='cases["isee_eur"].notna().sum()'),
        Mistake(lambda: int(_raw().isna().sum().sum()), N_(
            "You counted the empty cells of every column. Pick only the column of the ISEE."),
            code="cases.isna().sum().sum()"),
        Mistake(lambda: int(_raw()["health_notes"].isna().sum()), N_(
            "That is the number of empty health notes. Pick the column of the ISEE."),
            code='cases["health_notes"].isna().sum()'),
        Mistake(lambda: float(_raw()["isee_eur"].isna().mean()), N_(
            "That is the share of records without an ISEE. The question asks how many: "
            "use .sum(), not .mean()."),
            code='cases["isee_eur"].isna().mean()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)

answer_empty_notes = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Not every empty cell is a defect. The data card says what an empty health note "
                "means: read it before you count anything as an error."),
        "c": N_("You would throw away more than half of the cases. A person with no health notes "
                "is still a person the service follows."),
        "d": N_("Writing \"none\" would claim that these people have no health problems, which "
                "nobody checked. An empty cell already says: nothing recorded."),
    },
    hints=(
        N_("Look for health_notes in the table of columns above, from the data card: what does "
           "an empty note mean there?"),
        N_("A defect is a value that is wrong. Is an empty note wrong, if nothing was "
           "recorded?"),
    ),
)


# --- section 2: duplicates ------------------------------------------------------------------

duplicate_count = ValueProblem(
    expected=lambda: len(_defects("duplicate")),
    hints=(
        N_("Two copies of one case differ only in record_id. Leave that column out before "
           "you look for duplicates."),
        N_("cases.drop(columns=\"record_id\") gives the table without record_id; add "
           ".duplicated().sum() to count the repeated rows."),
    ),
    mistakes=(
        Mistake(lambda: int(_raw().duplicated().sum()), N_(
            "Every record has its own record_id, so no row is repeated in every column. Leave "
            "record_id out of the comparison."),
            code="cases.duplicated().sum()"),
        Mistake(lambda: int(_raw().drop(columns="record_id").duplicated(keep=False).sum()), N_(
            "You counted both copies of each case. duplicated() on its own marks only the "
            "second copy, the one to remove: leave out keep=False."),
            code='cases.drop(columns="record_id").duplicated(keep=False).sum()'),
        Mistake(lambda: int(_raw().duplicated(subset=["surname", "first_name"]).sum()), N_(
            "Different people can share a name and surname. Compare every column but "
            "record_id, not only the names."),
            code='cases.duplicated(subset=["surname", "first_name"]).sum()'),
        Mistake(lambda: int(_raw().duplicated(subset=["fiscal_code"]).sum()), N_(
            "Comparing only the fiscal code also counts the records without one (empty cells "
            "look alike) and misses codes written two ways. Compare every column but "
            "record_id."),
            code='cases.duplicated(subset=["fiscal_code"]).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)


def _near(code: Callable[[pd.DataFrame], pd.Series]) -> Callable[[], int]:
    """A count of near duplicates on the table without exact copies, made by ``code``."""
    return lambda: int(code(_exact_removed()).sum())


near_duplicate_count = ValueProblem(
    expected=_near(_same_person),
    hints=(
        N_("The worked example marked both records of each person with keep=False. Without "
           "keep=, duplicated() marks only the second record, the one to count."),
        N_("Leave out the empty codes with & standard_code.notna(), then add up: "
           "(standard_code.duplicated() & standard_code.notna()).sum()."),
    ),
    mistakes=(
        Mistake(_near(lambda f: _standard_code(f).duplicated()), N_(
            "You also counted records without a fiscal code: to duplicated(), empty cells "
            "look alike. Leave them out with & standard_code.notna()."),
            code="standard_code.duplicated().sum()"),
        Mistake(_near(lambda f: _standard_code(f).duplicated(keep=False)
                      & _standard_code(f).notna()), N_(
            "You counted both records of each person. Count only the second, the one to "
            "remove: leave out keep=False."),
            code="(standard_code.duplicated(keep=False) & standard_code.notna()).sum()"),
        Mistake(_near(lambda f: f["fiscal_code"].duplicated() & f["fiscal_code"].notna()), N_(
            "You compared the codes as they were keyed in, so the codes written in lower case "
            "or with spaces slipped through. Compare standard_code, the standardised codes."),
            code='(cases["fiscal_code"].duplicated() & cases["fiscal_code"].notna()).sum()'),
        Mistake(_near(lambda f: f.duplicated(subset=["surname", "first_name", "birth_date"])),
                N_("The slips are in the names, so comparing names misses most near "
                   "duplicates. Compare the standardised fiscal codes."),
                code='cases.duplicated(subset=["surname", "first_name", "birth_date"]).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)


# --- section 3: inconsistent codes ----------------------------------------------------------

sex_fixed = TableProblem(
    expected=lambda: _key_corrected("sex", "inconsistent_code"),
    hints=(
        N_("Look at the worked example for women: a dictionary pairs each way the code was "
           "keyed in with the right one, and .replace() swaps them."),
        N_("Look at value_counts() above: four codes stand for men. Each needs its own entry, "
           "exactly as written, upper and lower case and quotes included."),
        N_("The dictionary for men pairs \"m\", \"Maschio\", \"uomo\" and \"1\" with \"M\"."),
    ),
    mistakes=(
        Mistake(_sex_with({}), N_(
            "Nothing changed for men: the column still holds other codes besides F and M. "
            "Write a dictionary for the men's codes and use it in .replace()."),
            code='cases["sex"].replace(female_codes)'),
        Mistake(_sex_with(_without("1")), N_(
            "Some records still hold the code 1. The codes in this column are text: write "
            "\"1\" between quotes in the dictionary."),
            code='cases["sex"].replace({"m": "M", "Maschio": "M", "uomo": "M", 1: "M"})'),
        Mistake(_sex_with(_without("m")), N_(
            "Some records still hold a lower-case m. Python tells upper and lower case apart, "
            "so \"m\" needs an entry of its own."),
            code='cases["sex"].replace({"Maschio": "M", "uomo": "M", "1": "M"})'),
        Mistake(_sex_with(_without("Maschio", "uomo")), N_(
            "Some records still hold a word for men instead of M. Look at value_counts() "
            "again: every spelling needs an entry."),
            code='cases["sex"].replace({"m": "M", "1": "M"})'),
        Mistake(_sex_with({"1": "F", **_without("1")}), N_(
            "In this file 1 stands for men and 2 for women, as on many statistical forms. "
            "Check the entry for \"1\"."),
            code='cases["sex"].replace({"m": "M", "Maschio": "M", "uomo": "M", "1": "F"})'),
    ),
)

fiscal_code_fixed = TableProblem(
    expected=lambda: _key_corrected("fiscal_code", "inconsistent_code"),
    hints=(
        N_("Two things need fixing: some codes are in lower case, some have spaces inside."),
        N_("The worked example chains two .str methods on the address. Do the same on "
           "cases[\"fiscal_code\"]: one puts the letters in capitals, the other removes the "
           "spaces."),
        N_("cases[\"fiscal_code\"].str.upper() gives capitals; add .str.replace(\" \", \"\") "
           "to replace each space with nothing."),
    ),
    mistakes=(
        Mistake(_fiscal(), N_(
            "The column is unchanged: some codes are still in lower case or have spaces."),
            code='cases["fiscal_code"].replace(" ", "")'),
        Mistake(_fiscal(upper=True), N_(
            "The capitals are right, but some codes still have spaces inside. Add "
            ".str.replace(...) to remove them."),
            code='cases["fiscal_code"].str.upper()'),
        Mistake(_fiscal(spaces=True), N_(
            "The spaces are gone, but some codes are still in lower case. Add .str.upper()."),
            code='cases["fiscal_code"].str.replace(" ", "")'),
        Mistake(_fiscal(lower=True, spaces=True), N_(
            "Fiscal codes are written in capitals: use .str.upper(), not .str.lower()."),
            code='cases["fiscal_code"].str.lower().str.replace(" ", "")'),
    ),
)


# --- section 4: typos and codes that disagree ------------------------------------------------

unknown_municipalities = ValueProblem(
    expected=lambda: len(_defects("typo", "municipality")),
    hints=(
        N_("cases[\"municipality\"].isin(municipalities[\"municipality\"]) says True for each "
           "name found in the list of comuni."),
        N_("You want the names NOT found: put ~ in front of the condition, in round brackets, "
           "then add .sum() to count the True values."),
    ),
    mistakes=(
        Mistake(lambda: int(_codes_fixed()["municipality"].isin(
            _municipalities()["municipality"]).sum()), N_(
            "You counted the names that are in the list. Count the ones that are not: put ~ "
            "in front of the condition."),
            code='cases["municipality"].isin(municipalities["municipality"]).sum()'),
        Mistake(lambda: int((~_codes_fixed()["municipality"].isin(
            _municipalities()["municipality_code"])).sum()), N_(
            "You compared names with codes, so no name matched. Compare the column "
            "municipality with the column municipality of the list of comuni."),
            code='(~cases["municipality"].isin(municipalities["municipality_code"])).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)


# --- section 5: impossible dates, and counting what was fixed --------------------------------

def _birth_compared(condition: str) -> int:
    frame = _places_fixed()
    birth, opened = frame["birth_date"], frame["opened_on"]
    tests = {">": birth > opened, "<": birth < opened, "1800s": birth < EARLIEST_BIRTH,
             "both": (birth > opened) | (birth < EARLIEST_BIRTH)}
    return int(tests[condition].sum())


def _planted_births_after_opening() -> int:
    """From the answer key: the planted impossible birth dates that fall after the opening."""
    raw = _raw().set_index("record_id")
    planted = raw.loc[_defects("impossible_date", "birth_date")["record_id"]]
    return int((planted["birth_date"] > planted["opened_on"]).sum())


born_after_opening = ValueProblem(
    expected=_planted_births_after_opening,
    hints=(
        N_("Dates can be compared like numbers: a later date is larger."),
        N_("Compare two columns of the same row: cases[\"birth_date\"] > cases[\"opened_on\"] "
           "is True where the person was born after the case was opened. Count the True "
           "values with .sum()."),
    ),
    mistakes=(
        Mistake(lambda: _birth_compared("1800s"), N_(
            "That is the number of births in the 1800s, the worked example. Here we want the "
            "people born after their case was opened."),
            code='(cases["birth_date"] < "1900-01-01").sum()'),
        Mistake(lambda: _birth_compared("both"), N_(
            "You counted both kinds of impossible birth dates. Here we want only the people "
            "born after their case was opened."),
            code=('((cases["birth_date"] > cases["opened_on"]) | (cases["birth_date"] < '
                  '"1900-01-01")).sum()')),
        Mistake(lambda: _birth_compared("<"), N_(
            "You counted the people born before their case was opened: almost everyone. Check "
            "the comparison sign."),
            code='(cases["birth_date"] < cases["opened_on"]).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)

fixed_percent = ValueProblem(
    expected=_percent_fixed,
    rel_tol=1e-3,
    hints=(
        N_("Records removed plus values changed, divided by the records of the original file, "
           "times 100."),
        N_("changes.sum() adds up the values changed; removed holds the records removed; "
           "len(raw) is the number of records you started from."),
        N_("Write (changes.sum() + removed) / len(raw) * 100."),
    ),
    mistakes=(
        Mistake(lambda: _percent_fixed() / PERCENT, N_(
            "That is a share between 0 and 1. The question asks for a percentage: multiply "
            "by 100."),
            code="(changes.sum() + removed) / len(raw)"),
        Mistake(lambda: _percent_fixed(len(_clean())), N_(
            "You divided by the records left after cleaning. The question asks about the "
            "original file: divide by len(raw)."),
            code="(changes.sum() + removed) / len(cases) * 100"),
        Mistake(lambda: _percent_fixed(removed=False), N_(
            "You left out the duplicates you removed. Add removed to the values changed."),
            code="changes.sum() / len(raw) * 100"),
        Mistake(lambda: _percent_fixed(changed=False), N_(
            "You counted only the duplicates removed. Add the values changed: changes.sum()."),
            code="removed / len(raw) * 100"),
        Mistake(lambda: _percent_fixed() * len(_raw()) / PERCENT, N_(
            "That is the number of records, not a percentage: divide by len(raw) and "
            "multiply by 100."),
            code="changes.sum() + removed"),
    ),
)

answer_missing_isee = ChoiceProblem(
    correct=frozenset({"d"}),
    explanations={
        "a": N_("An invented ISEE could give a family a benefit it has no right to, or deny one "
                "it needs. A missing value stays missing; means and medians are computed "
                "without it."),
        "b": N_("An ISEE of 0 would make these families look the poorest of all, well under the "
                "threshold of the Assegno di Inclusione. A missing value is not a zero."),
        "c": N_("The 150 cases still exist and are still followed. Deleting them would also "
                "make the counts by district or by need too low."),
    },
    hints=(
        N_("Ask yourself: would this choice change what a colleague believes about the "
           "family?"),
        N_("Only one option leaves the data true, and starts the work that fills the gap."),
    ),
)


# --- section 6: a tidy table: persons and episodes -------------------------------------------

episodes = TableProblem(
    expected=_table(EPISODE_COLUMNS),
    hints=(
        N_("As for persons in the worked example, pick a list of columns with double square "
           "brackets: cases[[...]]."),
        N_("The list is in the text above: record_id, the link fiscal_code, then opened_on, "
           "age, need, household_size, isee_eur and health_notes."),
    ),
    mistakes=(
        Mistake(_table([c for c in EPISODE_COLUMNS if c != "fiscal_code"]), N_(
            "Without fiscal_code, nobody can tell whose episode it is: keep it as the link to "
            "the table of persons."),
            code=('cases[["record_id", "opened_on", "age", "need", "household_size", '
                  '"isee_eur", "health_notes"]]')),
        Mistake(_table(EPISODE_COLUMNS + ["surname", "first_name"]), N_(
            "Names describe the person, not the episode: they stay in the table of persons "
            "only."),
            code=('cases[["record_id", "fiscal_code", "opened_on", "age", "need", '
                  '"household_size", "isee_eur", "health_notes", "surname", "first_name"]]')),
        Mistake(_table([c for c in EPISODE_COLUMNS if c != "record_id"]), N_(
            "Keep record_id: it is the number of the episode, and tells one episode from "
            "another."),
            code=('cases[["fiscal_code", "opened_on", "age", "need", "household_size", '
                  '"isee_eur", "health_notes"]]')),
    ),
)


# --- section 7: data minimisation and special categories -------------------------------------

answer_special_categories = ChoiceProblem(
    correct=frozenset({"a", "b"}),
    explanations={
        "c": N_("The ISEE is personal data, and private, but economic data are not among the "
                "special categories of art. 9. It still needs care: minimisation, security."),
        "d": N_("The fiscal code is a direct identifier: it names the person, so it is "
                "protected, but it is not a special category."),
        "e": N_("The size of a household is personal data, but not a special category."),
    },
    hints=(
        N_("Art. 9 lists, among others, data concerning health. Which columns say something "
           "about a person's health?"),
        N_("Look at the values of need: some of them say something about health."),
    ),
    tries=(
        Try('"a"',
            N_("Part of the answer: more than one option is right.")),
    ),
)

report = TableProblem(
    expected=_report(),
    hints=(
        N_("Copy the worked example for year, age band and need: the same two lines, with "
           "five columns in the list."),
        N_("The list is [\"year\", \"district_id\", \"sex\", \"age_band\", \"need\"]: "
           "count with monitoring.groupby(..., dropna=False).size() and keep it in counts."),
        N_("Then hide the small counts: report = counts.mask(counts < 5)"
           ".reset_index(name=\"cases\")."),
    ),
    mistakes=(
        Mistake(_table(REPORT_COLUMNS), N_(
            "That is still one row per person: a full date, an exact age and a need (special-"
            "category data) for every case, the details that single people out. The purpose "
            "asks how many: count the cases of each group, as in the worked example."),
            code='report = cases[["opened_on", "district_id", "sex", "age", "need"]]'),
        Mistake(_report(threshold=None), N_(
            "The counts are right, but the small ones are still there: 1 or 2 cases in a "
            "district point at a person. Hide the counts below 5 with .mask(), as in the "
            "worked example."),
            code=f"counts = {_GROUPBY}\nreport = counts.reset_index(name=\"cases\")"),
        Mistake(_report(inclusive=True), N_(
            "A count of exactly 5 meets the rule: hide only the counts below 5. Use <, "
            "not <=."),
            code=f"counts = {_GROUPBY}\nreport = counts.mask(counts <= 5)"
                 ".reset_index(name=\"cases\")"),
        Mistake(_report(dropna=True), N_(
            "The cases with no age or no date of opening are missing from your counts: "
            "groupby leaves them out unless you write dropna=False."),
            code=('counts = monitoring.groupby(["year", "district_id", "sex", "age_band", '
                  '"need"]).size()\n'
                  "report = counts.mask(counts < 5).reset_index(name=\"cases\")")),
        Mistake(_report(columns=("opened_on", "district_id", "sex", "age", "need"),
                        frame=_clean), N_(
            "You counted by the full date and the exact age, so almost every count is 1 and "
            "hidden. The purpose needs the year and the age band: group the table monitoring "
            "by year and age_band."),
            code=('counts = cases.groupby(["opened_on", "district_id", "sex", "age", "need"], '
                  "dropna=False).size()\n"
                  "report = counts.mask(counts < 5).reset_index(name=\"cases\")")),
    ),
    right=(f"counts = {_GROUPBY}\nreport = counts.where(counts >= 5)"
           ".reset_index(name=\"cases\")",),
)


# --- section 8: pseudonymisation ------------------------------------------------------------

def _hash_of(column: str, keyed: bool = True) -> Callable[[], pd.Series]:
    def value() -> pd.Series:
        values = _clean()[column]
        return keyed_hash(values, NOTEBOOK_KEY) if keyed else plain_hash(values)
    return value


person_ids = TableProblem(
    expected=_hash_of("fiscal_code"),
    hints=(
        N_("Look at the worked example: keyed_hash takes what to hide and the secret key."),
        N_("Give keyed_hash the whole column cases[\"fiscal_code\"] and the variable "
           "secret_key."),
    ),
    mistakes=(
        Mistake(_hash_of("fiscal_code", keyed=False), N_(
            "You used plain_hash, without a key: anyone with a list of fiscal codes can "
            "recompute it. Use keyed_hash with secret_key."),
            code='plain_hash(cases["fiscal_code"])'),
        Mistake(_hash_of("record_id"), N_(
            "record_id numbers the episode, not the person: one person with two episodes "
            "would get two pseudonyms. Hash the fiscal code."),
            code='keyed_hash(cases["record_id"], secret_key)'),
        Mistake(_hash_of("surname"), N_(
            "Different people share a surname, so they would share a pseudonym. Hash the "
            "fiscal code, which is one per person."),
            code='keyed_hash(cases["surname"], secret_key)'),
    ),
)

answer_pseudonymised = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Recital 26: pseudonymised data are still personal data. Whoever holds the key "
                "can link the pseudonyms back to the people."),
        "c": N_("A hash cannot be run backwards. But anyone with the key and a list of fiscal "
                "codes could hash them all and match: that is why the key stays with you."),
        "d": N_("Without a key, anyone can hash every fiscal code they know and find the "
                "matches. The key is what protects the pseudonym."),
    },
    hints=(
        N_("Recital 26 of the GDPR says whether pseudonymised data are still personal data."),
        N_("Think of two ways back to a person: the key, and what the other columns "
           "reveal."),
    ),
)


# --- section 9: k-anonymity -----------------------------------------------------------------

singled_out = ValueProblem(
    expected=lambda: int((group_sizes(_research(), EXACT_QI) == 1).sum()),
    hints=(
        N_("sizes holds, for each record, the size of its group. A record is alone when its "
           "group has size 1."),
        N_("Write (sizes == 1).sum(): two equals signs compare, .sum() counts the True "
           "values."),
    ),
    mistakes=(
        Mistake(lambda: int(group_sizes(_research(), EXACT_QI).min()), N_(
            "That is k, the size of the smallest group. The question asks how many records "
            "are alone in their group."),
            code="sizes.min()"),
        Mistake(lambda: _count_below(EXACT_QI), N_(
            "You counted the records in groups smaller than 5. Here we want the ones alone: "
            "groups of size 1."),
            code="(sizes < 5).sum()"),
        Mistake(lambda: int(_research().groupby(EXACT_QI, dropna=False, observed=True).ngroups),
                N_("That is the number of groups. Count the records whose group has size 1."),
                code='len(research[["age", "sex", "municipality"]].drop_duplicates())'),
        Mistake(lambda: int((_research().groupby(EXACT_QI, observed=True).size() == 1).sum()),
                N_("The records with a missing age are left out: groupby skips missing values. "
                   "Use the sizes from group_sizes, which counts them."),
                code='(research.groupby(["age", "sex", "municipality"]).size() == 1).sum()'),
        Mistake(lambda: float((group_sizes(_research(), EXACT_QI) == 1).mean()), N_(
            "That is a share. The question asks how many records: use .sum()."),
            code="(sizes == 1).mean()"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)

at_risk = ValueProblem(
    expected=lambda: _count_below(BANDS_20_QI),
    hints=(
        N_("Copy the worked example for 10-year bands, and change one column name."),
        N_("Use the quasi-identifiers [\"age_20\", \"sex\", \"district_id\"], and count the "
           "records whose group is smaller than 5."),
        N_("Write (group_sizes(research, [\"age_20\", \"sex\", \"district_id\"]) < 5).sum()."),
    ),
    mistakes=(
        Mistake(lambda: _count_below(BANDS_10_QI), N_(
            "That is the result with 10-year bands, the worked example. Use the column "
            "age_20."),
            code='(group_sizes(research, ["age_10", "sex", "district_id"]) < 5).sum()'),
        Mistake(lambda: _count_below(["age_20", "sex", "municipality"]), N_(
            "You kept the comune. Generalise it too: use district_id instead of "
            "municipality."),
            code='(group_sizes(research, ["age_20", "sex", "municipality"]) < 5).sum()'),
        Mistake(lambda: _count_below(BANDS_20_QI, inclusive=True), N_(
            "A group of exactly 5 meets k = 5. Count the groups smaller than 5: use <, not "
            "<=."),
            code='(group_sizes(research, ["age_20", "sex", "district_id"]) <= 5).sum()'),
        Mistake(lambda: int((group_sizes(_research(), BANDS_20_QI) == 1).sum()), N_(
            "You counted only the records alone in their group. Count every record in a "
            "group smaller than 5."),
            code='(group_sizes(research, ["age_20", "sex", "district_id"]) == 1).sum()'),
        Mistake(lambda: _groups_below(BANDS_20_QI), N_(
            "That is the number of small groups. The question asks how many records they "
            "hold."),
            code=('(research.groupby(["age_20", "sex", "district_id"], dropna=False).size() '
                  '< 5).sum()')),
        Mistake(lambda: _count_below(["age_20", "district_id"]), N_(
            "Sex is a quasi-identifier too: keep it in the list."),
            code='(group_sizes(research, ["age_20", "district_id"]) < 5).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_(
            "Records are counted in whole numbers: add up the True values with .sum().")),
    ),
)

lost_percent = RangeProblem(
    low=lambda: _lost_percent() - LOST_TOLERANCE,
    high=lambda: _lost_percent() + LOST_TOLERANCE,
    hints=(
        N_("The records lost are in lost; all the records are in research."),
        N_("Divide len(lost) by len(research) and multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _lost_percent() / PERCENT, N_(
            "That is a share between 0 and 1. The question asks for a percentage: multiply "
            "by 100."),
            code="len(lost) / len(research)"),
        Mistake(lambda: float(_count_below(BANDS_20_QI)), N_(
            "That is the number of records lost. Turn it into a percentage of all the "
            "records."),
            code="len(lost)"),
        Mistake(lambda: PERCENT - _lost_percent(), N_(
            "That is the percentage of records kept. The question asks for the ones lost."),
            code="len(shared) / len(research) * 100"),
        Mistake(lambda: _lost_percent(BANDS_10_QI), N_(
            "That would be the loss with 10-year bands. Use the table lost, made with "
            "20-year bands."),
            code="at_risk_10 / len(research) * 100"),
    ),
)

answer_who_is_lost = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Look at the percentages by age band: they are far from equal. Some groups "
                "lose almost nobody, others lose most of their records."),
        "c": N_("Look at the table again: the people of working age lose the fewest records. "
                "Their groups are large."),
        "d": N_("k = 5 is reached by removing the records in small groups: they are not in "
                "the shared table at all."),
    },
    hints=(
        N_("Read the table of the percentage lost by age band, from the top."),
        N_("Which bands, and which records with a missing value, lose the most?"),
    ),
)


# --- section 10: sharing with a partner ------------------------------------------------------

share_steps = OrderProblem(
    order=("b", "c", "e", "d", "a"),
    hints=(
        N_("What must be clear before you touch the data at all? And what is the very last "
           "thing you do?"),
        N_("Cleaning needs the identifiers; k must be measured on the table you will really "
           "send."),
    ),
    mistakes=(
        Mistake(lambda: ["b", "e", "c", "d", "a"], N_(
            "Clean first: finding duplicates and fixing fiscal codes needs the identifiers "
            "that minimisation removes."),
            code='"b", "e", "c", "d", "a",'),
        Mistake(lambda: ["b", "c", "d", "e", "a"], N_(
            "Measure k on the table you will actually send, after minimising and "
            "pseudonymising: the columns you keep decide the groups."),
            code='"b", "c", "d", "e", "a",'),
        Mistake(lambda: ["c", "e", "d", "b", "a"], N_(
            "Agree the purpose, check the legal basis and sign the data-sharing agreement "
            "first: they decide which data you may prepare at all. A public body does not "
            "prepare a file and look for a basis afterwards."),
            code='"c", "e", "d", "b", "a",'),
    ),
)


bind(__name__, globals())
