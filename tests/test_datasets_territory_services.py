"""Territory, home care, case records, registries and service requests: real figures,
internal consistency, planted defects, fake identities, dtypes, speed and size.

Each data card's calibration table has one check here per row (a test matches the rows),
with the REAL figure from shared/domain/FACTS.md and the card's tolerance: never a value
copied from the generated data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from faker.providers.person.it_IT import Provider as FakerNames
from faker.providers.ssn.it_IT import checksum as faker_checksum

from lab_helpers.datasets import load_dataset

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
CARDS = DATASETS / "cards"

# --- real figures (FACTS.md) ---------------------------------------------------------------
PIEDMONT_RESIDENTS = 4_251_623  # 31 Dec 2023, ISTAT
PIEDMONT_WOMEN = 2_174_321
COMUNI = {"AL": 187, "AT": 117, "BI": 74, "CN": 247, "NO": 87, "TO": 312, "VCO": 74, "VC": 82}
SHARE_TO, SHARE_CN = 51.9, 13.7  # % of residents
SHARE_0_14, SHARE_15_64, SHARE_65, SHARE_80 = 11.2, 61.9, 26.9, 8.9  # %
OLD_AGE_INDEX = 232.3
OLD_AGE_DEPENDENCY = 43.0
SMALLEST_COMUNE = 41  # Briga Alta
ENTI_GESTORI = 50
LEPS = 5000  # residents per social worker
ADI_2019, ADI_2024, ADI_TARGET = 5.0, 10.9, 10.0  # % of people 65+
SAD_YEARLY = (1 - 0.25) ** (1 / 6) - 1  # users -25% in 2010-2016
BEDS_PER_1000 = 7.0
INCLUSION_MIX = {"60+": 297 / 625, "minors": 260 / 625, "disabled": 239 / 625}
INCLUSION_PEOPLE = 1.7e6 / 700e3
INCLUSION_ISEE, INCLUSION_AMOUNT = 9_360.0, 618.0


def pct(part: float, whole: float) -> float:
    return 100 * part / whole


def old(frame: pd.DataFrame) -> pd.Series:
    """Residents 65+, whichever table."""
    if "population_65_plus" in frame:
        return frame["population_65_plus"]
    return frame["population_65_79"] + frame["population_80_plus"]


def close(value: float, real: float, tolerance: float) -> None:
    assert abs(value - real) <= tolerance, f"{value} is not within {tolerance} of {real}"


# --- shared territorial checks ---------------------------------------------------------------

def check_residents(frame: pd.DataFrame) -> None:
    close(frame["population"].sum() / PIEDMONT_RESIDENTS, 1, 0.001)


def check_province_shares(frame: pd.DataFrame) -> None:
    by = frame.groupby("province", observed=True)["population"].sum()
    close(pct(by["TO"], by.sum()), SHARE_TO, 0.2)
    close(pct(by["CN"], by.sum()), SHARE_CN, 0.2)


def check_comuni(frame: pd.DataFrame) -> None:
    if "municipalities" in frame:
        counts = frame.groupby("province", observed=True)["municipalities"].sum()
    else:
        counts = frame.groupby("province", observed=True).size()
    assert counts.to_dict() == COMUNI


def check_share(frame: pd.DataFrame, part: pd.Series, real: float, tolerance: float) -> None:
    close(pct(part.sum(), frame["population"].sum()), real, tolerance)


def check_old_age_index(frame: pd.DataFrame) -> None:
    close(pct(old(frame).sum(), frame["population_0_14"].sum()), OLD_AGE_INDEX, 12)


def districts() -> pd.DataFrame:
    return load_dataset("districts")


def municipalities() -> pd.DataFrame:
    return load_dataset("municipalities")


def check_smallest_comune() -> None:
    """A few dozen residents, like Briga Alta's 41: from half to twice the real figure."""
    smallest = municipalities()["population"].min()
    assert SMALLEST_COMUNE / 2 <= smallest <= 2 * SMALLEST_COMUNE, smallest


def check_leps() -> None:
    d = districts()
    per_worker = d["population"] / d["social_workers"]
    assert (per_worker > LEPS).sum() >= 5 and (per_worker <= LEPS).sum() >= 5


# --- home care -----------------------------------------------------------------------------

def panel_by_year() -> pd.DataFrame:
    return load_dataset("homecare_panel").groupby("year").sum(numeric_only=True)


def adi_coverage(year: int) -> float:
    p = panel_by_year()
    return pct(p.loc[year, "adi_users_65_plus"], p.loc[year, "population_65_plus"])


def check_sad_decline() -> None:
    users = panel_by_year()["sad_users_65_plus"]
    yearly = (users[2025] / users[2019]) ** (1 / 6) - 1
    close(100 * yearly, 100 * SAD_YEARLY, 1.0)


def check_pnrr_target() -> None:
    assert adi_coverage(2025) >= ADI_TARGET


def check_beds() -> None:
    p = panel_by_year()
    close_each(1000 * p["residential_beds"] / p["population"], BEDS_PER_1000, 0.5)


def close_each(values: pd.Series, real: float, tolerance: float) -> None:
    far = values[(values - real).abs() > tolerance]
    assert far.empty, f"not within {tolerance} of {real}: {far.to_dict()}"


def check_adi_request_growth() -> None:
    r = load_dataset("homecare_requests")
    adi = r[(r["service"] == "ADI") & (r["age"] >= 65)]
    per_year = adi.groupby(adi["request_date"].dt.year).size()
    old_people = panel_by_year()["population_65_plus"]
    growth = (per_year[2024] / old_people[2024]) / (per_year[2019] / old_people[2019])
    close(growth, ADI_2024 / ADI_2019, 0.35)


# --- case records ---------------------------------------------------------------------------

_ODD = dict(zip("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] * 2
                + [2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23], strict=True))


def cf_valid(code: object) -> bool:
    """The check character of a fiscal code (DM 23 Dec 1976), computed here on its own."""
    code = str(code)
    if not re.fullmatch(r"[A-Z0-9]{15}[A-Z]", code):
        return False
    total = sum(_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
                for i, c in enumerate(code[:15]))
    return chr(65 + total % 26) == code[15]


def normalised(codes: pd.Series) -> pd.Series:
    return codes.str.upper().str.replace(" ", "", regex=False)


SURNAMES = set(FakerNames.last_names)
FIRST_NAMES = set(FakerNames.first_names_female) | set(FakerNames.first_names_male)


def key_ids(defect: str, column: str) -> set[str]:
    k = load_dataset("case_records_defects")
    return set(k.loc[(k["defect"] == defect) & (k["column"] == column), "record_id"])


def check_case_codes() -> None:
    c = load_dataset("case_records")
    codes = normalised(c["fiscal_code"].dropna())
    invalid = set(c.loc[codes.index[~codes.map(cf_valid)], "record_id"])
    assert invalid == key_ids("invalid_code", "fiscal_code")
    assert len(invalid) == 25


def check_case_names() -> None:
    c = load_dataset("case_records")
    for column, names in (("surname", SURNAMES), ("first_name", FIRST_NAMES)):
        outside = set(c.loc[~c[column].isin(names), "record_id"])
        assert outside == key_ids("typo", column)
    assert len(key_ids("typo", "surname") | key_ids("typo", "first_name")) == 100


# --- registries -----------------------------------------------------------------------------

def age_on(born: pd.Series, day: pd.Series | pd.Timestamp) -> pd.Series:
    """Age in whole years on ``day``."""
    day = pd.Series(day, index=born.index) if isinstance(day, pd.Timestamp) else day
    before = (born.dt.month > day.dt.month) | ((born.dt.month == day.dt.month)
                                               & (born.dt.day > day.dt.day))
    return day.dt.year - born.dt.year - before.astype(int)


def inclusion_claims() -> pd.DataFrame:
    """One row per AdI claim, from registry_benefits alone, as a learner would."""
    b = load_dataset("registry_benefits")
    adi = b[b["benefit"] == "AdI"].assign(age=lambda f: age_on(f["birth_date"], f["start_date"]))
    return adi.groupby("claim_id").agg(
        people=("record_id", "size"), with_60=("age", lambda a: (a >= 60).any()),
        minors=("age", lambda a: (a < 18).any()), disabled=("disability", "any"),
        isee=("isee_eur", "max"), amount=("monthly_amount_eur", "sum"))


def check_claims(column: str, real: float, tolerance: float, percent: bool = False) -> None:
    """The mean over AdI claims of ``column`` (a share in % if ``percent``)."""
    close((100 if percent else 1) * inclusion_claims()[column].mean(), real, tolerance)


def check_inclusion_isee() -> None:
    assert (inclusion_claims()["isee"] <= INCLUSION_ISEE).all()


def check_registry_adi_coverage() -> None:
    pop = load_dataset("registry_population")
    key = load_dataset("registries_key")
    care = load_dataset("registry_homecare").merge(key, on="record_id")
    day = pd.Timestamp("2024-01-01")
    older = pop.loc[age_on(pop["birth_date"], day) >= 65, "anagrafe_id"]
    in_2024 = care.loc[care["start_date"].dt.year == 2024, "anagrafe_id"]
    close(pct(in_2024[in_2024.isin(older)].nunique(), len(older)), ADI_2024, 1.0)


# --- service requests -----------------------------------------------------------------------

def digital(frame: pd.DataFrame) -> pd.Series:
    return frame["channel"].isin(["web", "app"])


def check_digital_over_time() -> None:
    s = load_dataset("service_requests")
    half = s["submitted_at"].dt.year * 2 + (s["submitted_at"].dt.month > 6)
    shares = digital(s).groupby(half).mean()
    assert len(shares) == 4 and shares.is_monotonic_increasing and shares.is_unique


def check_digital_by_age() -> None:
    s = load_dataset("service_requests")
    shares = digital(s).groupby(s["age_group"], observed=True).mean()
    assert list(shares.index) == ["18-34", "35-49", "50-64", "65-79", "80+"]
    assert shares.is_monotonic_decreasing and shares.is_unique


BASIC_DIGITAL_65_74 = 19.3  # % with at least basic digital skills, ISTAT 2023 (2023-12-20)


def check_digital_older_2024() -> None:
    s = load_dataset("service_requests")
    rows = (s["age_group"] == "65-79") & (s["submitted_at"].dt.year == 2024)
    assert 10 <= pct(digital(s)[rows].sum(), rows.sum()) <= BASIC_DIGITAL_65_74


# --- the calibration rows of every card -----------------------------------------------------

def territory(frame: Callable[[], pd.DataFrame]) -> dict[str, Callable[[], None]]:
    """The rows the districts and municipalities cards share."""
    return {
        "residents of Piedmont": lambda: check_residents(frame()),
        "share of residents in the provinces of Torino and Cuneo":
            lambda: check_province_shares(frame()),
        "comuni per province": lambda: check_comuni(frame()),
        "residents aged 65 and over": lambda: check_share(frame(), old(frame()), SHARE_65, 0.3),
        "residents aged 80 and over":
            lambda: check_share(frame(), frame()["population_80_plus"], SHARE_80, 0.3),
        "old-age index": lambda: check_old_age_index(frame()),
    }


CALIBRATION: dict[str, dict[str, Callable[[], None]]] = {
    "districts": {**territory(districts), "social workers against the LEPS": check_leps},
    "municipalities": {
        **territory(municipalities),
        "comuni in Piedmont": lambda: close(len(municipalities()), sum(COMUNI.values()), 0),
        "female residents": lambda: close(
            pct(municipalities()["population_female"].sum(), municipalities()["population"]
                .sum()), pct(PIEDMONT_WOMEN, PIEDMONT_RESIDENTS), 0.1),
        "residents aged 0 to 14": lambda: check_share(
            municipalities(), municipalities()["population_0_14"], SHARE_0_14, 0.5),
        "residents aged 15 to 64": lambda: check_share(
            municipalities(), municipalities()["population_15_64"], SHARE_15_64, 0.5),
        "old-age dependency ratio": lambda: close(
            pct(old(municipalities()).sum(), municipalities()["population_15_64"].sum()),
            OLD_AGE_DEPENDENCY, 2),
        "smallest comune": check_smallest_comune,
        "enti gestori": lambda: close(municipalities()["ente_gestore_id"].nunique(),
                                      ENTI_GESTORI, 5),
    },
    "homecare_panel": {
        "ADI coverage of people 65+ in 2019": lambda: close(adi_coverage(2019), ADI_2019, 0.3),
        "ADI coverage of people 65+ in 2024": lambda: close(adi_coverage(2024), ADI_2024, 0.5),
        "ADI coverage of people 65+ in 2025 against the PNRR target": check_pnrr_target,
        "SAD users, yearly change": check_sad_decline,
        "residential beds per 1,000 residents": check_beds,
    },
    "homecare_requests": {
        "growth of ADI requests per resident 65+, 2019 to 2024": check_adi_request_growth,
    },
    "case_records": {
        "fiscal-code check characters": check_case_codes,
        "names": check_case_names,
    },
    "registries": {
        "AdI households with someone aged 60+":
            lambda: check_claims("with_60", 100 * INCLUSION_MIX["60+"], 3, percent=True),
        "AdI households with minors":
            lambda: check_claims("minors", 100 * INCLUSION_MIX["minors"], 3, percent=True),
        "AdI households with a disabled person":
            lambda: check_claims("disabled", 100 * INCLUSION_MIX["disabled"], 3, percent=True),
        "people per AdI household": lambda: check_claims("people", INCLUSION_PEOPLE, 0.25),
        "AdI ISEE ceiling": check_inclusion_isee,
        "average AdI amount": lambda: check_claims("amount", INCLUSION_AMOUNT, 15),
        "ADI coverage of people 65+ in 2024": check_registry_adi_coverage,
    },
    "service_requests": {
        "digital take-up over time": check_digital_over_time,
        "digital take-up by age": check_digital_by_age,
        "digital take-up at 65–79 in 2024": check_digital_older_2024,
    },
}


def card(name: str) -> tuple[str, str]:
    """The English and Italian sections of a data card."""
    text = (CARDS / f"{name}.md").read_text(encoding="utf-8")
    assert "## English" in text and "## Italiano" in text, name
    english, italian = text.split("## English", 1)[1].split("## Italiano", 1)
    return english, italian


def table_after(text: str, heading: str) -> list[list[str]]:
    """The rows (cells) of the first markdown table after ``heading``."""
    lines = text.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows


@pytest.mark.parametrize("name", list(CALIBRATION))
def test_each_card_lists_exactly_the_checked_figures_in_both_languages(name):
    english, italian = card(name)
    figures = table_after(english, "### Calibration")
    names = [row[0] for row in figures]
    assert sorted(names) == sorted(CALIBRATION[name])
    assert all(len(row) == 5 for row in figures), "figure | data | real | source | tolerance"
    assert len(table_after(italian, "### Calibrazione")) == len(figures)


@pytest.mark.parametrize(("name", "figure"),
                         [(n, f) for n, checks in CALIBRATION.items() for f in checks])
def test_data_reproduce_the_real_figure(name, figure):
    CALIBRATION[name][figure]()


# --- municipalities and districts -------------------------------------------------------------

def test_municipalities_add_up_exactly_to_the_districts():
    m = municipalities().assign(population_65_plus=lambda f: old(f), municipalities=1)
    sums = m.groupby("district_id", observed=True)[
        ["population", "population_0_14", "population_65_plus", "population_80_plus",
         "municipalities"]].sum()
    sums.index = sums.index.astype(str)
    d = districts().set_index("district_id")
    d.index = d.index.astype(str)
    pd.testing.assert_frame_equal(sums, d[sums.columns], check_names=False)
    assert (m["province"].astype(str).to_numpy()
            == d.loc[m["district_id"].astype(str), "province"].astype(str).to_numpy()).all()


def test_municipalities_hold_together():
    m = municipalities()
    bands = m[["population_0_14", "population_15_64", "population_65_79",
               "population_80_plus"]].sum(axis=1)
    assert (bands == m["population"]).all()
    assert (m["population_male"] + m["population_female"] == m["population"]).all()
    assert (m["living_alone_65_plus"] <= m["living_alone"]).all()
    assert (m["living_alone_65_plus"] <= old(m)).all()
    assert m.groupby("ente_gestore_id")["district_id"].nunique().max() == 1
    prefix = {"TO": "001", "VC": "002", "NO": "003", "CN": "004", "AT": "005", "AL": "006",
              "BI": "096", "VCO": "103"}
    assert (m["municipality_code"].str[:3] == m["province"].map(prefix).astype(str)).all()
    torino = m[m["district_id"] == "D01"]
    assert torino["municipality"].tolist() == ["Torino"]
    assert torino["population"].iloc[0] == 848_000


# --- home care -------------------------------------------------------------------------------

def test_homecare_panel_agrees_with_districts_and_with_the_requests():
    p = load_dataset("homecare_panel")
    y2024 = p[p["year"] == 2024].set_index("district_id")
    d = districts().set_index("district_id")
    assert (y2024["population"] == d["population"]).all()
    assert (y2024["population_65_plus"] == d["population_65_plus"]).all()
    coverage = 100 * p["adi_users_65_plus"] / p["population_65_plus"]
    assert (abs(coverage - p["adi_coverage_pct"]) < 0.006).all()
    assert len(p) == 30 * 7
    r = load_dataset("homecare_requests")
    r = r[r["age"] >= 65]
    counts = r.groupby([r["district_id"].astype(str), r["request_date"].dt.year,
                        r["service"].astype(str)]).size()
    users = p.melt(["district_id", "year"], ["adi_users_65_plus", "sad_users_65_plus"])
    users["service"] = users["variable"].str[:3].str.upper()
    users = users.set_index([users["district_id"].astype(str), "year", "service"])["value"]
    both = pd.concat([counts, users], axis=1).fillna(0)
    assert both.corr().iloc[0, 1] > 0.95
    sad = r[r["service"] == "SAD"].groupby(r["request_date"].dt.year).size()
    assert sad[2019] > sad[2025]


def test_homecare_requests_dates_outcomes_and_waits():
    r = load_dataset("homecare_requests")
    started = r["outcome"] == "started"
    assert (r["start_date"].notna() == started).all()
    assert (r["hours_per_week"].notna() == started).all()
    wait = (r["start_date"] - r["request_date"]).dt.days
    assert (wait[started] >= 1).all()
    assert (r["request_date"] <= "2025-12-31").all()
    assert (r["start_date"].dropna() <= "2025-12-31").all()
    for _, days in wait[started].groupby(r["service"], observed=True):
        assert days.mean() > days.median()  # skewed: a few wait very long
    by_district = wait[started].groupby(r["district_id"], observed=True).median()
    assert by_district.max() >= 2 * by_district.min()  # some districts are slower
    assert 4_000 <= len(r) <= 6_000


# --- case records: the planted defects --------------------------------------------------------

def test_case_record_defects_are_those_of_the_card_and_the_key():
    english, _ = card("case_records")
    planted = {(row[0], row[1]): int(row[2]) for row in table_after(english,
                                                                      "### Planted defects")}
    key = load_dataset("case_records_defects")
    counted = key.groupby([key["defect"].astype(str), key["column"].astype(str)]).size()
    assert counted.to_dict() == planted
    assert len(load_dataset("case_records")) == 5000
    assert key["record_id"].isin(load_dataset("case_records")["record_id"]).all()


def test_case_record_defects_can_be_found_again_in_the_data():
    c = load_dataset("case_records")
    key = load_dataset("case_records_defects")
    ids = c["record_id"]
    copies = c.drop(columns="record_id").duplicated(keep=False)
    dup = key[key["defect"] == "duplicate"]
    assert set(ids[copies]) == set(dup["record_id"]) | set(dup["correct_value"])
    assert c.drop(columns="record_id").duplicated().sum() == len(dup) == 120
    m = municipalities()
    assert set(ids[~c["municipality"].isin(m["municipality"])]) == key_ids("typo",
                                                                           "municipality")
    assert set(ids[~c["sex"].isin(["F", "M"])]) == key_ids("inconsistent_code", "sex")
    codes = c["fiscal_code"].dropna()
    assert set(ids[codes.index[codes != normalised(codes)]]) == key_ids("inconsistent_code",
                                                                        "fiscal_code")
    true_district = c["municipality_code"].map(m.set_index("municipality_code")["district_id"])
    assert set(ids[c["district_id"].astype(str) != true_district.astype(str)]) == key_ids(
        "inconsistent_code", "district_id")
    for column in ("fiscal_code", "birth_date", "household_size", "isee_eur"):
        assert set(ids[c[column].isna()]) == key_ids("missing", column), column
    assert c.drop(columns=["fiscal_code", "birth_date", "household_size", "isee_eur",
                           "health_notes"]).notna().all().all()
    born_wrong = (c["birth_date"] > c["opened_on"]) | (c["birth_date"].dt.year < 1900)
    assert set(ids[born_wrong]) == key_ids("impossible_date", "birth_date")
    assert set(ids[c["opened_on"] > "2025-12-31"]) == key_ids("impossible_date", "opened_on")


# --- fiscal codes and fake names ------------------------------------------------------------

def test_our_checksum_agrees_with_fakers():
    codes = load_dataset("registry_population")["fiscal_code"].head(500)
    assert all(faker_checksum(code[:15]) == code[15] for code in codes)
    assert all(cf_valid(code) for code in codes)
    assert not cf_valid("RSSMRA80A01L219X") and cf_valid("RSSMRA80A01L219M")


def test_registry_people_are_fake_with_valid_codes():
    pop = load_dataset("registry_population")
    assert pop["surname"].isin(SURNAMES).all() and pop["first_name"].isin(FIRST_NAMES).all()
    assert pop["fiscal_code"].map(cf_valid).all() and pop["fiscal_code"].is_unique
    born = pop["birth_date"]
    encoded = pop["fiscal_code"].str[6:8] == born.dt.strftime("%y")
    day = pop["fiscal_code"].str[9:11].astype(int) - 40 * (pop["sex"] == "F")
    assert encoded.all() and (day == born.dt.day).all()


# --- registries --------------------------------------------------------------------------------

SOURCES = ("registry_benefits", "registry_employment", "registry_homecare")


def test_registries_key_is_consistent():
    key = load_dataset("registries_key")
    pop = load_dataset("registry_population").set_index("anagrafe_id")
    assert key["record_id"].is_unique
    for source in SOURCES:
        records = load_dataset(source)
        mine = key[key["source"] == source]
        assert set(mine["record_id"]) == set(records["record_id"]), source
        linked = records.merge(mine, on="record_id").dropna(subset=["anagrafe_id"])
        truth = pop.loc[linked["anagrafe_id"]]
        assert (linked["sex"].astype(str).to_numpy() == truth["sex"].astype(str).to_numpy()).all()
        same_code = linked["fiscal_code"].fillna("").to_numpy() == truth["fiscal_code"].to_numpy()
        same_birth = linked["birth_date"].to_numpy() == truth["birth_date"].to_numpy()
        assert 0.75 < same_code.mean() < 1 and 0.9 < same_birth.mean() < 1, source
    assert key["anagrafe_id"].dropna().isin(pop.index).all()
    assert key["anagrafe_id"].notna().mean() > 0.95
    b = load_dataset("registry_benefits").merge(key, on="record_id")
    homes = b.assign(household=pop.loc[b["anagrafe_id"], "household_id"].to_numpy())
    assert (homes.groupby("claim_id")["household"].nunique() == 1).all()
    assert (b.groupby("claim_id")["role"].apply(lambda r: (r == "applicant").sum()) == 1).all()
    jobs = load_dataset("registry_employment").merge(key, on="record_id")
    adi_people = set(b.loc[b["benefit"] == "AdI", "anagrafe_id"])
    assert jobs.loc[jobs["referred_by"] == "AdI", "anagrafe_id"].isin(adi_people).all()


def assert_same(left: pd.Series, right: pd.Series) -> None:
    """The same values for the same labels, whatever their order."""
    left, right = left.sort_index(), right.sort_index()
    assert list(left.index) == list(right.index)
    assert (left.to_numpy() == right.to_numpy()).all()


def test_registry_population_matches_its_comuni():
    pop = load_dataset("registry_population")
    m = municipalities().set_index("municipality_code")
    comuni = m.loc[pop["municipality_code"].unique()]
    assert comuni["ente_gestore_id"].nunique() == 1 and len(pop) == comuni["population"].sum()
    assert_same(pop.groupby("municipality_code").size(), comuni["population"])
    assert_same((pop["sex"] == "F").groupby(pop["municipality_code"]).sum(),
                comuni["population_female"])
    sizes = pop["household_id"].map(pop["household_id"].value_counts())
    alone = pop[sizes == 1]
    assert_same(alone.groupby("municipality_code").size(), comuni["living_alone"])
    older = alone[age_on(alone["birth_date"], pd.Timestamp("2024-01-01")) >= 65]
    assert_same(older.groupby("municipality_code").size(), comuni["living_alone_65_plus"])
    ages = age_on(pop["birth_date"], pd.Timestamp("2024-01-01"))
    oldest = ages.groupby(pop["household_id"]).max()
    assert (oldest[pop.loc[ages < 18, "household_id"].unique()] >= 18).all()


# --- loading: dtypes, speed, size --------------------------------------------------------------

DTYPES = {
    "municipalities": {"population": "int64", "province": "category",
                       "municipality": "string"},
    "homecare_panel": {"year": "int64", "adi_coverage_pct": "float64",
                       "district_id": "category"},
    "homecare_requests": {"request_date": "datetime64", "start_date": "datetime64",
                          "hours_per_week": "float64", "service": "category",
                          "outcome": "category", "age": "int64"},
    "case_records": {"opened_on": "datetime64", "birth_date": "datetime64",
                     "household_size": "Int64", "isee_eur": "float64", "need": "category",
                     "sex": "string"},
    "case_records_defects": {"defect": "category", "correct_value": "string"},
    "registry_population": {"birth_date": "datetime64", "sex": "category"},
    "registry_benefits": {"disability": "boolean", "monthly_amount_eur": "float64",
                          "benefit": "category", "start_date": "datetime64"},
    "registry_employment": {"registered_on": "datetime64", "referred_by": "category"},
    "registry_homecare": {"end_date": "datetime64", "hours": "int64"},
    "registries_key": {"source": "category", "anagrafe_id": "string"},
    "service_requests": {"submitted_at": "datetime64", "responded_at": "datetime64",
                         "channel": "category", "age_group": "category",
                         "response_hours": "float64"},
}
WITH_MISSING = {"homecare_requests": ["start_date", "hours_per_week"],
                "case_records": ["household_size", "birth_date", "isee_eur"],
                "registry_benefits": ["monthly_amount_eur"],
                "registry_homecare": ["end_date"], "registries_key": ["anagrafe_id"],
                "service_requests": ["responded_at", "response_hours"]}


@pytest.mark.parametrize("name", list(DTYPES))
def test_dataset_loads_with_the_intended_dtypes(name):
    frame = load_dataset(name)
    for column, expected in DTYPES[name].items():
        actual = str(frame[column].dtype)
        if expected == "string":
            assert pd.api.types.is_string_dtype(frame[column]), (column, actual)
        else:
            assert actual.startswith(expected), (column, actual)
    for column in WITH_MISSING.get(name, []):
        assert frame[column].isna().any(), column
    raw = pd.read_csv(DATASETS / f"{name}.csv", dtype=str, keep_default_na=False,
                      na_values=[""])
    assert (raw.isna() == frame.isna()).all().all(), "a value was lost while typing"


def test_datasets_folder_stays_small():
    size = sum(p.stat().st_size for p in DATASETS.rglob("*") if p.is_file())
    mine = sum((DATASETS / f"{name}.csv").stat().st_size for name in DTYPES)
    assert size < 20e6 and mine < 12e6
