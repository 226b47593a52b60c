"""Registries: one area's population register and three service registries to link.

The population register (*anagrafe*) holds every resident of the comuni of one managing
body (ente gestore), as many as `municipalities` says, in households. Three services
record some of the same (fake) people in their own way, with the entry errors real
registries have (FEBRL-style): social benefits (SIUSS: Assegno di Inclusione, SFL, housing
allowance), the employment centre (CPI) and the health authority's integrated home care
(ADI). ``registries_key`` holds the true matches, for the checks only.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from .common import (
    SURNAMES,
    birth_dates,
    fake_addresses,
    fake_people,
    field,
    fiscal_codes,
    mistyped_code,
    real_day,
    schema,
    typo,
)

SEED = 20230504  # DL 48/2023 created the Assegno di Inclusione
REGISTER_DAY = pd.Timestamp("2024-01-01")  # the register's extract (as `municipalities`)
FIRST_DAY, CUTOFF = pd.Timestamp("2024-01-01"), pd.Timestamp("2025-12-31")
MIN_AREA = 10_000  # the area: the smallest managing body with at least this many residents

# Assegno di Inclusione (FACTS.md section 3): eligibility and household mix (INPS).
INCLUSION_ISEE_LIMIT = 9_360.0
INCLUSION_MIX = {"with_60_plus": 297 / 625, "with_minors": 260 / 625, "with_disability": 239 / 625}
INCLUSION_PEOPLE_PER_HOUSEHOLD = 1.7 / 0.7  # about 1.7M people in 700k households
INCLUSION_MEAN_AMOUNT = 618.0  # euro a month
INCLUSION_TAKE_UP = 0.025  # assumed share of households receiving it
SFL_ISEE_LIMIT, SFL_AMOUNT = 6_000.0, 350.0  # Supporto formazione e lavoro (DL 48/2023)
HOUSING_TAKE_UP = 0.03  # assumed share of households with a housing allowance
DISABILITY = ((0, 0.02), (18, 0.03), (65, 0.08), (80, 0.25))  # assumed, by age
HOMECARE_RATE = 0.109  # people 65+ in ADI in 2024 (Welforum, FACTS.md section 3)

BENEFITS = ["AdI", "SFL", "housing allowance"]
ROLES = ["applicant", "member"]
REFERRALS = ["AdI", "SFL", "self"]
JOB_STATUS = ["looking for work", "in training", "employed"]
SOURCES = ["registry_benefits", "registry_employment", "registry_homecare"]
# The referral from a benefit to the employment centre (assumed): the share of referred
# people who ever register, and the median days from the benefit's start to registration.
REFERRAL_REACHED = {"AdI": 0.8, "SFL": 0.9}
REFERRAL_MEDIAN_DAYS = {"AdI": 45.0, "SFL": 20.0}
REVIEWED_PER_SOURCE = 80  # records of each registry a clerical reviewer checked by hand
# Entry errors of each registry, per record (assumed rates, FEBRL-style).
ERRORS = {
    "registry_benefits": {"surname": 0.02, "first_name": 0.02, "swap": 0.01, "code_typo": 0.01,
                          "code_missing": 0.0, "date": 0.01},
    "registry_employment": {"surname": 0.05, "first_name": 0.05, "swap": 0.03,
                            "code_typo": 0.02, "code_missing": 0.05, "date": 0.03},
    "registry_homecare": {"surname": 0.04, "first_name": 0.04, "swap": 0.02, "code_typo": 0.02,
                          "code_missing": 0.15, "date": 0.02},
}


# --- the population register -----------------------------------------------------------------

def _area(municipalities: pd.DataFrame) -> pd.DataFrame:
    """The comuni of the smallest managing body with at least MIN_AREA residents."""
    sizes = municipalities.groupby("ente_gestore_id")["population"].sum()
    ente = sizes[sizes >= MIN_AREA].idxmin()
    return municipalities[municipalities["ente_gestore_id"] == ente].reset_index(drop=True)


def _ages(rng: np.random.Generator, comune: pd.Series) -> np.ndarray:
    """Ages at REGISTER_DAY, exactly as many in each band as the comune has."""
    bands = [("population_0_14", 0, 14), ("population_15_64", 15, 64),
             ("population_65_79", 65, 79), ("population_80_plus", 80, 100)]
    parts = [rng.integers(low, high + 1, int(comune[col])) for col, low, high in bands]
    parts[-1] = np.minimum(80 + rng.geometric(0.15, int(comune["population_80_plus"])) - 1, 104)
    return np.concatenate(parts)


def _households(rng: np.random.Generator, ages: np.ndarray, alone_old: int,
                alone_young: int) -> np.ndarray:
    """A household number per person: exactly ``alone_*`` people live alone."""
    n = len(ages)
    home = np.full(n, -1)
    order = rng.permutation(n)
    old = order[ages[order] >= 65][:alone_old]
    young = order[(ages[order] >= 18) & (ages[order] < 65)][:alone_young]
    singles = np.concatenate([old, young])
    home[singles] = np.arange(len(singles))
    count = len(singles)
    minors = order[ages[order] < 18]
    for kids in np.array_split(minors, max(1, round(len(minors) / 1.7))):
        if len(kids) == 0:
            continue
        free = np.flatnonzero((home == -1) & (ages >= 18))
        fits = free[(ages[free] >= ages[kids].max() + 18) & (ages[free] <= ages[kids].min() + 48)]
        parent = rng.choice(fits if len(fits) else free)
        home[kids], home[parent] = count, count
        partners = free[(np.abs(ages[free] - ages[parent]) <= 6) & (free != parent)]
        if len(partners) and rng.random() < 0.75:
            home[rng.choice(partners)] = count
        count += 1
    free = np.flatnonzero(home == -1)
    free = free[np.argsort(ages[free], kind="stable")]
    taken = 0
    while taken + 1 < len(free):  # couples and flatmates, close in age
        if rng.random() < 0.85:
            home[free[taken:taken + 2]] = count
            count, taken = count + 1, taken + 2
        else:
            taken += 1
    shared = np.unique(home[home >= len(singles)])
    for person in np.flatnonzero(home == -1):  # adult children, elderly parents
        home[person] = rng.choice(shared) if len(shared) else count
    return home


def make_population(rng: np.random.Generator, area: pd.DataFrame) -> pd.DataFrame:
    """The register: residents by comune and household; a hidden disability flag."""
    parts, offset = [], 0
    for _, comune in area.iterrows():
        ages = _ages(rng, comune)
        sexes = np.full(len(ages), "M", dtype=object)
        sexes[rng.permutation(len(ages))[: int(comune["population_female"])]] = "F"
        alone_old = int(comune["living_alone_65_plus"])
        home = _households(rng, ages, alone_old, int(comune["living_alone"]) - alone_old)
        parts.append(pd.DataFrame({"municipality_code": comune["municipality_code"],
                                   "municipality": comune["municipality"],
                                   "household": home + offset, "age": ages, "sex": sexes}))
        offset += home.max() + 1
    people = pd.concat(parts, ignore_index=True).sort_values(["household", "age"],
                                                              ascending=[True, False],
                                                              ignore_index=True)
    return _identities(rng, people)


def _identities(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """Fake names (a family surname; partners keep their own), birth dates, fiscal codes."""
    n = len(people)
    named = fake_people(rng, n, people["sex"].to_numpy())
    family = pd.Series(rng.choice(np.array(SURNAMES, dtype=object), people["household"].max()
                                  + 1))[people["household"]].to_numpy()
    rank = people.groupby("household").cumcount().to_numpy()
    own = (rank == 1) & (people["age"].to_numpy() >= 18) & (rng.random(n) < 0.9)
    surname = np.where(own, named["surname"], family)
    limit = np.array([p for _, p in DISABILITY])[
        np.searchsorted([a for a, _ in DISABILITY], people["age"], side="right") - 1]
    people = people.assign(surname=surname, first_name=named["first_name"],
                           birth_date=birth_dates(rng, people["age"].to_numpy(), REGISTER_DAY),
                           disabled=rng.random(n) < limit)
    people["fiscal_code"] = fiscal_codes(people, rng)
    addresses = fake_addresses(rng, people["household"].max() + 1)
    people["address"] = addresses[people["household"]]
    people["anagrafe_id"] = [f"A{i:06d}" for i in rng.permutation(n) + 1]
    people["household_id"] = people["household"].map("H{:05d}".format)
    return people


# --- who receives what -------------------------------------------------------------------------

def _households_table(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """One row per household: size, members 60+, minors, disabled; an ISEE."""
    grouped = people.groupby("household")
    out = pd.DataFrame({
        "size": grouped.size(), "with_60_plus": grouped["age"].max() >= 60,
        "with_minors": grouped["age"].min() < 18, "with_disability": grouped["disabled"].any(),
        "adults": grouped["age"].apply(lambda a: int((a >= 18).sum())),
    })
    median = 16_000 * np.where(out["with_minors"], 0.8, 1.0)
    out["isee_eur"] = np.round(median * rng.lognormal(0, 0.8, len(out)), 2)
    return out


def _tilt(features: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Weights exp(x·θ) whose weighted means of ``features`` hit ``targets`` (Newton)."""
    theta = np.zeros(features.shape[1])
    for _ in range(50):
        w = np.exp(features @ theta)
        w /= w.sum()
        mean = w @ features
        cov = (features - mean).T @ ((features - mean) * w[:, None])
        theta += np.linalg.solve(cov + 1e-9 * np.eye(len(theta)), targets - mean)
    w = np.exp(features @ theta)
    return w / w.sum()


def _systematic(rng: np.random.Generator, weights: np.ndarray, k: int) -> np.ndarray:
    """Positions of a systematic sample of ``k`` items, probability ∝ ``weights``."""
    cum = np.cumsum(weights * k / weights.sum())
    return np.unique(np.searchsorted(cum, rng.random() + np.arange(k)))


def _inclusion_households(rng: np.random.Generator, homes: pd.DataFrame) -> pd.Index:
    """Households receiving the Assegno di Inclusione, with INPS's household mix."""
    flags = list(INCLUSION_MIX)
    eligible = homes[(homes["isee_eur"] <= INCLUSION_ISEE_LIMIT) & homes[flags].any(axis=1)]
    eligible = eligible.sort_values(flags + ["size"])
    features = eligible[flags + ["size"]].to_numpy(dtype=float)
    targets = np.array(list(INCLUSION_MIX.values()) + [INCLUSION_PEOPLE_PER_HOUSEHOLD])
    k = round(INCLUSION_TAKE_UP * len(homes))
    return eligible.index[_systematic(rng, _tilt(features, targets), k)]


def _benefit_rows(rng: np.random.Generator, people: pd.DataFrame, homes: pd.DataFrame,
                  adi: pd.Index) -> pd.DataFrame:
    """One row per person and benefit: AdI households, SFL adults, housing allowances."""
    members = people[people["household"].isin(adi)].assign(benefit="AdI")
    poor = people["household"].map(homes["isee_eur"]) <= SFL_ISEE_LIMIT
    sfl_pool = people[poor & ~people["household"].isin(adi) & people["age"].between(18, 59)
                      & ~people["disabled"]]
    sfl = sfl_pool.sample(min(len(sfl_pool), round(0.004 * len(people))),
                          random_state=rng).assign(benefit="SFL")
    renters = homes[(homes["isee_eur"] <= 14_000) & ~homes.index.isin(adi)]
    housing_homes = renters.sample(round(HOUSING_TAKE_UP * len(homes)), random_state=rng).index
    heads = people[people["household"].isin(housing_homes)].drop_duplicates("household")
    rows = pd.concat([members, sfl, heads.assign(benefit="housing allowance")])
    rows["claim"] = rows["benefit"] + rows["household"].astype(str) + np.where(
        rows["benefit"] == "SFL", rows["anagrafe_id"], "")
    first = rows.groupby("claim").cumcount() == 0
    rows["role"] = np.where(first, "applicant", "member")
    return rows


def _amounts(rng: np.random.Generator, rows: pd.DataFrame, homes: pd.DataFrame) -> pd.Series:
    """Monthly amount on the applicant's row: AdI by need and ISEE, mean 618 euro."""
    home = homes.loc[rows["household"]]
    scale = np.minimum(2.2, 1 + 0.4 * (home["adults"].to_numpy() - 1)
                       + 0.15 * (home["size"] - home["adults"]).to_numpy()
                       + 0.5 * (home["with_60_plus"] | home["with_disability"]).to_numpy())
    adi = np.maximum(60.0, 500 * scale - home["isee_eur"].to_numpy() / 24
                     + rng.normal(0, 80, len(rows)))
    is_adi = (rows["benefit"] == "AdI").to_numpy()
    applicant = (rows["role"] == "applicant").to_numpy()
    adi *= INCLUSION_MEAN_AMOUNT / adi[is_adi & applicant].mean()
    housing = rng.uniform(100, 300, len(rows))
    amount = np.select([rows["benefit"] == "AdI", rows["benefit"] == "SFL"], [adi, SFL_AMOUNT],
                       housing)
    return pd.Series(np.round(amount, 2), index=rows.index).where(applicant)


def _employment_rows(rng: np.random.Generator, people: pd.DataFrame,
                     benefits: pd.DataFrame) -> pd.DataFrame:
    """Jobseekers: employable AdI members and SFL adults (referred), and others."""
    referred = benefits[(benefits["benefit"] != "housing allowance")
                        & benefits["age"].between(18, 59) & ~benefits["disabled"]]
    referred = referred.assign(referred_by=referred["benefit"])
    others = people[people["age"].between(18, 64) & ~people["anagrafe_id"].isin(
        referred["anagrafe_id"])]
    others = others.sample(round(0.05 * len(others)), random_state=rng).assign(
        referred_by="self")
    rows = pd.concat([referred, others])
    rows["status"] = rng.choice(JOB_STATUS, len(rows), p=[0.55, 0.2, 0.25])
    return rows


def _homecare_rows(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """ADI episodes in 2024 and 2025: 10.9% of people 65+ a year, more when older or disabled;
    and a tenth as many disabled people under 65."""
    parts = []
    for year in (2024, 2025):
        age = people["age"] + (year - 2024)
        disabled = np.where(people["disabled"], 3.0, 1.0)
        old = np.where(age >= 65, np.exp(0.06 * (age - 80)) * disabled, 0.0)
        young = np.where((age < 65) & people["disabled"], 1.0, 0.0)
        k = round(HOMECARE_RATE * (age >= 65).sum())
        for weight, size in ((old, k), (young, round(k / 10))):
            parts.append(people.iloc[_systematic(rng, weight, size)].assign(year=year))
    return pd.concat(parts)


# --- entry errors ------------------------------------------------------------------------------

def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).upper()


def _with_errors(rng: np.random.Generator, frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Identity fields as this registry keys them in, errors included."""
    rates, n = ERRORS[source], len(frame)
    out = frame.copy()
    hit = {kind: rng.random(n) < rate for kind, rate in rates.items()}
    for col in ("surname", "first_name"):
        out.loc[hit[col], col] = [typo(v, rng) for v in out.loc[hit[col], col]]
    out.loc[hit["swap"], ["surname", "first_name"]] = out.loc[
        hit["swap"], ["first_name", "surname"]].to_numpy()
    out.loc[hit["code_typo"], "fiscal_code"] = [
        mistyped_code(rng, v) for v in out.loc[hit["code_typo"], "fiscal_code"]]
    out.loc[hit["code_missing"], "fiscal_code"] = None
    out.loc[hit["date"], "birth_date"] = [_date_error(rng, v)
                                          for v in out.loc[hit["date"], "birth_date"]]
    if source == "registry_homecare":  # the health authority writes names in capitals
        for col in ("surname", "first_name"):
            out[col] = out[col].map(_plain)
    return out


def _date_error(rng: np.random.Generator, iso: str) -> str:
    """Day and month swapped (when possible) or one digit of the year mistyped."""
    year, month, day = iso.split("-")
    if int(day) <= 12 and day != month and rng.random() < 0.5:
        return f"{year}-{day}-{month}"
    digit = str((int(year[3]) + int(rng.choice([-1, 1]))) % 10)
    return real_day(f"{year[:3]}{digit}-{month}-{day}")


def _outsiders(rng: np.random.Generator, n: int, ages: tuple[int, int],
               area: pd.DataFrame) -> pd.DataFrame:
    """People not in this register (moved away, resident elsewhere): no true match."""
    people = fake_people(rng, n)
    age = rng.integers(ages[0], ages[1], n)
    people = people.assign(age=age, birth_date=birth_dates(rng, age, REGISTER_DAY),
                           disabled=rng.random(n) < 0.2, anagrafe_id=None)
    people["fiscal_code"] = fiscal_codes(people, rng)
    where = area.iloc[rng.integers(0, len(area), n)]
    return people.assign(municipality=where["municipality"].to_numpy())


def _days_in(rng: np.random.Generator, n: int, first: pd.Timestamp = FIRST_DAY,
             last: pd.Timestamp = CUTOFF) -> pd.Series:
    return pd.Series(first + pd.to_timedelta(rng.integers(0, (last - first).days + 1, n),
                                             unit="D"))


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The register, the three service registries and the true-match key."""
    rng = np.random.default_rng(SEED)
    area = _area(tables["municipalities"])
    people = make_population(rng, area)
    homes = _households_table(rng, people)
    benefits = _benefit_rows(rng, people, homes, _inclusion_households(rng, homes))
    employment = pd.concat([_employment_rows(rng, people, benefits),
                            _outsiders(rng, 15, (18, 64), area).assign(
                                referred_by="self", status="looking for work")])
    homecare = pd.concat([_homecare_rows(rng, people),
                          _outsiders(rng, 20, (65, 95), area).assign(year=2025)])
    out = {"registry_population": people.sort_values("anagrafe_id", ignore_index=True),
           "registry_benefits": _benefits_table(rng, benefits, homes),
           "registry_employment": None}
    out["registry_employment"] = _employment_table(rng, employment, out["registry_benefits"])
    out["registry_homecare"] = _homecare_table(rng, homecare)
    out["registries_key"] = pd.concat(
        [out[name][["record_id", "anagrafe_id"]].assign(source=name) for name in SOURCES],
        ignore_index=True)
    out["registries_review"] = _review_sample(out)
    return {name: frame[COLUMNS[name]].reset_index(drop=True) for name, frame in out.items()}


def _numbered(rng: np.random.Generator, frame: pd.DataFrame, prefix: str,
              order: list[str]) -> pd.DataFrame:
    """Rows sorted by ``order`` (ties at random) and numbered."""
    frame = frame.sample(frac=1, random_state=rng).sort_values(order, kind="stable",
                                                              ignore_index=True)
    return frame.assign(record_id=[f"{prefix}{i:05d}" for i in range(1, len(frame) + 1)])


def _benefits_table(rng: np.random.Generator, rows: pd.DataFrame,
                    homes: pd.DataFrame) -> pd.DataFrame:
    """SIUSS: one row per person and benefit, the amount on the applicant's row."""
    rows = rows.reset_index(drop=True)
    claims = rows["claim"].unique()
    start = pd.Series(_days_in(rng, len(claims)).to_numpy(), index=claims)
    codes = pd.Series([f"CL{i:04d}" for i in range(1, len(claims) + 1)],
                      index=rng.permutation(claims))
    rows = rows.assign(start_date=rows["claim"].map(start).dt.strftime("%Y-%m-%d"),
                       isee_eur=rows["household"].map(homes["isee_eur"]),
                       monthly_amount_eur=_amounts(rng, rows, homes),
                       claim_id=rows["claim"].map(codes), disability=rows["disabled"])
    return _numbered(rng, _with_errors(rng, rows, "registry_benefits"), "B",
                     ["start_date", "claim_id", "role"])


def _employment_table(rng: np.random.Generator, rows: pd.DataFrame,
                      benefits: pd.DataFrame) -> pd.DataFrame:
    """The employment centre: one row per registration. People referred by a benefit
    register some days after it starts, or never (the pathway breaks)."""
    rows = rows.reset_index(drop=True).assign(
        registered_on=_days_in(rng, len(rows)).dt.strftime("%Y-%m-%d").to_numpy())
    rows = _referral_days(rows, benefits)
    table = _numbered(rng, _with_errors(rng, rows, "registry_employment"), "J",
                      ["registered_on"])
    table = table.dropna(subset=["registered_on"]).reset_index(drop=True)
    return table.assign(record_id=[f"J{i:05d}" for i in range(1, len(table) + 1)])


def _referral_days(rows: pd.DataFrame, benefits: pd.DataFrame) -> pd.DataFrame:
    """Registration day of the referred: the benefit's start plus a delay (log-normal), empty
    for those who never register or register after CUTOFF. Its own generator, so that the
    other tables keep their values."""
    side = np.random.default_rng(SEED + 1)
    starts = benefits.drop_duplicates(["anagrafe_id", "benefit"]).set_index(
        ["anagrafe_id", "benefit"])["start_date"]
    referred = rows["referred_by"].isin(list(REFERRAL_REACHED)).to_numpy()
    keys = pd.MultiIndex.from_arrays([rows["anagrafe_id"], rows["referred_by"]])
    start = pd.to_datetime(pd.Series(starts.reindex(keys).to_numpy(), index=rows.index))
    median = rows["referred_by"].map(REFERRAL_MEDIAN_DAYS).fillna(1.0).to_numpy(dtype=float)
    delay = np.ceil(median * side.lognormal(0, 0.7, len(rows)))
    reached = side.random(len(rows)) < rows["referred_by"].map(REFERRAL_REACHED).fillna(
        1.0).to_numpy(dtype=float)
    day = start + pd.to_timedelta(delay, unit="D")
    day = day.where(pd.Series(reached, index=rows.index) & (day <= CUTOFF))
    registered = np.where(referred, day.dt.strftime("%Y-%m-%d"), rows["registered_on"])
    return rows.assign(registered_on=pd.Series(registered, index=rows.index).where(
        ~referred | day.notna()))


def _review_sample(out: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A clerical review: for REVIEWED_PER_SOURCE records of each registry, the true resident
    (a match) and one look-alike (a non-match: a member of the same household of the same
    sex when there is one, otherwise a resident of the same sex born the same year)."""
    side = np.random.default_rng(SEED + 2)
    people = out["registry_population"].set_index("anagrafe_id")
    born = pd.to_datetime(people["birth_date"]).dt.year
    key = out["registries_key"]
    rows = []
    for source in SOURCES:
        records = out[source].set_index("record_id")
        mine = key[key["source"] == source].sample(REVIEWED_PER_SOURCE, random_state=side)
        for record_id, truth in zip(mine["record_id"], mine["anagrafe_id"], strict=True):
            sex = records.at[record_id, "sex"]
            if isinstance(truth, str):
                rows.append((source, record_id, truth, True))
                home = people.index[(people["household_id"] == people.at[truth, "household_id"])
                                    & (people["sex"] == sex) & (people.index != truth)]
                year = born[truth]
            else:
                home, year = people.index[:0], pd.Timestamp(records.at[record_id,
                                                                       "birth_date"]).year
            pool = home if len(home) else people.index[(born == year) & (people["sex"] == sex)
                                                        & (people.index != truth)]
            rows.append((source, record_id, str(side.choice(np.asarray(pool))), False))
    return pd.DataFrame(rows, columns=["source", "record_id", "anagrafe_id", "match"])


def _homecare_table(rng: np.random.Generator, rows: pd.DataFrame) -> pd.DataFrame:
    """The health authority's ADI: one row per episode of care."""
    rows = rows.reset_index(drop=True)
    starts = (pd.to_datetime(rows["year"].astype(str) + "-01-01")
              + pd.to_timedelta(rng.integers(0, 365, len(rows)), unit="D"))
    length = np.ceil(rng.lognormal(np.log(60), 0.8, len(rows)))
    ends = starts + pd.to_timedelta(length, unit="D")
    rows = rows.assign(start_date=starts.dt.strftime("%Y-%m-%d"),
                       end_date=ends.dt.strftime("%Y-%m-%d").where(ends <= CUTOFF),
                       hours=np.ceil(length / 7 * rng.gamma(2.0, 1.2, len(rows))).astype(int))
    return _numbered(rng, _with_errors(rng, rows, "registry_homecare"), "S", ["start_date"])


_IDENTITY = ["surname", "first_name", "sex", "birth_date", "fiscal_code"]
COLUMNS = {
    "registry_population": ["anagrafe_id", "household_id", *_IDENTITY, "address",
                            "municipality_code", "municipality"],
    "registry_benefits": ["record_id", "claim_id", "benefit", "role", *_IDENTITY,
                          "municipality", "disability", "start_date", "isee_eur",
                          "monthly_amount_eur"],
    "registry_employment": ["record_id", *_IDENTITY, "municipality", "registered_on",
                            "referred_by", "status"],
    "registry_homecare": ["record_id", *_IDENTITY, "municipality", "start_date", "end_date",
                          "hours"],
    "registries_key": ["source", "record_id", "anagrafe_id"],
    "registries_review": ["source", "record_id", "anagrafe_id", "match"],
}
_DISTRICT_NOTE = "one managing body's comuni (see `municipalities`)"
_ID = {"surname": "Surname, as keyed in (fake person)",
       "first_name": "First name, as keyed in (fake person)"}


def _identity(code_required: bool = False) -> list[dict[str, Any]]:
    """The identity fields every registry has, keyed in its own way."""
    return [
        field("surname", "string", _ID["surname"], required=True),
        field("first_name", "string", _ID["first_name"], required=True),
        field("sex", "string", "Sex (F, M)", required=True, enum=["F", "M"]),
        field("birth_date", "date", "Date of birth, as keyed in", required=True),
        field("fiscal_code", "string", "Codice fiscale, as keyed in (may be missing or "
              "mistyped)", required=code_required, pattern="[A-Z0-9]{16}"),
    ]


RESOURCES: dict[str, dict[str, Any]] = {
    "registry_population": {
        "title": "Population register (anagrafe) of one managing body's comuni (synthetic)",
        "description": "Every resident at 1 Jan 2024 of the comuni of one ente gestore, as "
                       "many as `municipalities` gives, in households. Fake people.",
        "schema": schema([
            field("anagrafe_id", "string", "Resident's number in the register", required=True,
                  unique=True, pattern="A[0-9]{6}"),
            field("household_id", "string", "Household (famiglia anagrafica)", required=True,
                  pattern="H[0-9]{5}"),
            *_identity(code_required=True),
            field("address", "string", "Street address of the household (fake)",
                  required=True),
            field("municipality_code", "string", "Comune of residence (see `municipalities`)",
                  required=True, pattern="[0-9]{6}"),
            field("municipality", "string", "Comune of residence", required=True),
        ], key="anagrafe_id"),
        "card": "cards/registries.md",
    },
    "registry_benefits": {
        "title": "Social benefits registry (SIUSS-like), 2024-2025 (synthetic)",
        "description": "One row per person and benefit: Assegno di Inclusione (whole "
                       "households), Supporto formazione e lavoro, housing allowance. Entry "
                       "errors included.",
        "schema": schema([
            field("record_id", "string", "Record number", required=True, unique=True,
                  pattern="B[0-9]{5}"),
            field("claim_id", "string", "Claim: the people of one application", required=True,
                  pattern="CL[0-9]{4}"),
            field("benefit", "string", "AdI: Assegno di Inclusione; SFL: Supporto formazione "
                  "e lavoro; housing allowance", required=True, enum=BENEFITS),
            field("role", "string", "Applicant of the claim or household member",
                  required=True, enum=ROLES),
            *_identity(),
            field("municipality", "string", f"Comune of residence, {_DISTRICT_NOTE}",
                  required=True),
            field("disability", "boolean", "Certified disability (from the ISEE "
                  "declaration)", required=True),
            field("start_date", "date", "First month of the benefit", required=True),
            field("isee_eur", "number", "ISEE of the household", "EUR/year", required=True,
                  minimum=0),
            field("monthly_amount_eur", "number", "Amount a month for the whole claim, on the "
                  "applicant's row (empty on members' rows)", "EUR/month", minimum=0),
        ], key="record_id"),
        "card": "cards/registries.md",
    },
    "registry_employment": {
        "title": "Employment centre (CPI) registrations, 2024-2025 (synthetic)",
        "description": "One row per registration at the employment centre: people referred "
                       "by the AdI or SFL pathway and other jobseekers. Entry errors included.",
        "schema": schema([
            field("record_id", "string", "Record number", required=True, unique=True,
                  pattern="J[0-9]{5}"),
            *_identity(),
            field("municipality", "string", f"Comune of residence, {_DISTRICT_NOTE}",
                  required=True),
            field("registered_on", "date", "Day of registration", required=True),
            field("referred_by", "string", "Pathway: AdI or SFL (patto di servizio), or the "
                  "person's own initiative", required=True, enum=REFERRALS),
            field("status", "string", "Status at 31 Dec 2025", required=True,
                  enum=JOB_STATUS),
        ], key="record_id"),
        "card": "cards/registries.md",
    },
    "registry_homecare": {
        "title": "Integrated home care (ADI) episodes of the health authority, 2024-2025 "
                 "(synthetic)",
        "description": "One row per episode of integrated home care. The health authority "
                       "keys names in capitals without accents. Entry errors included.",
        "schema": schema([
            field("record_id", "string", "Episode number", required=True, unique=True,
                  pattern="S[0-9]{5}"),
            *_identity(),
            field("municipality", "string", f"Comune of residence, {_DISTRICT_NOTE}",
                  required=True),
            field("start_date", "date", "First day of care", required=True),
            field("end_date", "date", "Last day of care; empty if still in care at 31 Dec "
                  "2025"),
            field("hours", "integer", "Hours of care given in the episode", "hours",
                  required=True, minimum=0),
        ], key="record_id"),
        "card": "cards/registries.md",
    },
    "registries_key": {
        "title": "Answer key: the true person behind each service record",
        "description": "One row per record of the three service registries: the resident "
                       "it belongs to, or empty for someone not in the register. Used by "
                       "the checks, not by the exercises.",
        "schema": schema([
            field("source", "string", "Registry of the record", required=True, enum=SOURCES),
            field("record_id", "string", "Record number in that registry", required=True,
                  unique=True, pattern="[BJS][0-9]{5}"),
            field("anagrafe_id", "string", "The true resident; empty if not in the register",
                  pattern="A[0-9]{6}"),
        ], foreign={"anagrafe_id": "registry_population.anagrafe_id"}),
        "card": "cards/registries.md",
        "answer_key": True,  # for the checks only: left out of a cohort's install
    },
    "registries_review": {
        "title": "Clerical review: pairs of a service record and a resident, checked by hand",
        "description": "For 80 records of each service registry, the true resident (a match) "
                       "and one look-alike (a non-match), as a reviewer decided them. Derived "
                       "from the key; the sample learners judge a linkage against.",
        "schema": schema([
            field("source", "string", "Registry of the record", required=True, enum=SOURCES),
            field("record_id", "string", "Record number in that registry", required=True,
                  pattern="[BJS][0-9]{5}"),
            field("anagrafe_id", "string", "The resident the record was compared with",
                  required=True, pattern="A[0-9]{6}"),
            field("match", "boolean", "The reviewer's decision: the same person", required=True),
        ], foreign={"anagrafe_id": "registry_population.anagrafe_id"}),
        "card": "cards/registries.md",
    },
}
