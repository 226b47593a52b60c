"""Territory: Piedmont's 30 social-cohesion districts.

Every figure is invented, then calibrated on the public figures in the project's
domain fact sheet (Piedmont, 2023-2025). No real person's data is used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import FIRST_NAMES, SURNAMES, field, schema
from .common import split_integer as _split

SEED = 20190123  # the day the interregional Social Innovation Lab protocol was signed

# Real calibration targets (see the data card for sources).
REGION_POPULATION = 4_251_623
PROVINCE_SHARE = {  # share of Piedmont's residents
    "TO": 0.519, "CN": 0.137, "AL": 0.095, "NO": 0.085,
    "AT": 0.0485, "BI": 0.039, "VC": 0.039, "VCO": 0.036,
}
PROVINCE_COMUNI = {"AL": 187, "AT": 117, "BI": 74, "CN": 247, "NO": 87, "TO": 312,
                   "VCO": 74, "VC": 82}
PROVINCE_OLD_SHARE = {  # share aged 65+, before district noise (region: 26.9%)
    "TO": 0.270, "CN": 0.250, "AL": 0.297, "NO": 0.260,
    "AT": 0.277, "BI": 0.305, "VC": 0.287, "VCO": 0.288,
}
# Biella is the oldest province and Cuneo the youngest (mean age 50.3 and 46.8 at 1 Jan 2025;
# ISTAT via ANSA), and Alessandria is among the oldest. The random age mix of the districts
# would put Cuneo 4th oldest and Alessandria 2nd youngest on the old-age index, so their
# districts get more (Cuneo) or fewer (Alessandria) children than the draw gives.
PROVINCE_CHILDREN_FACTOR = {"CN": 1.17, "AL": 0.87}
QUADRANT = {"TO": "Città metropolitana di Torino", "CN": "Cuneo", "AL": "Asti e Alessandria",
            "AT": "Asti e Alessandria", "NO": "Nord-Est", "BI": "Nord-Est", "VC": "Nord-Est",
            "VCO": "Nord-Est"}
DISTRICTS = [  # 30 social-cohesion districts: invented names after real areas
    ("TO", "Torino"), ("TO", "Moncalieri e Nichelino"), ("TO", "Collegno e Grugliasco"),
    ("TO", "Rivoli e Val Sangone"), ("TO", "Settimo e Chivasso"), ("TO", "Ciriè e Valli di Lanzo"),
    ("TO", "Ivrea e Canavese"), ("TO", "Cuorgnè e Alto Canavese"), ("TO", "Pinerolese"),
    ("TO", "Valle di Susa"), ("TO", "Chierese"), ("TO", "Carmagnolese"),
    ("TO", "Venaria e Borgaro"),
    ("CN", "Cuneo e Valli"), ("CN", "Albese e Langhe"), ("CN", "Braidese e Roero"),
    ("CN", "Monregalese"), ("CN", "Saluzzese e Fossanese"),
    ("AL", "Alessandrino"), ("AL", "Casalese"), ("AL", "Novese e Tortonese"),
    ("AL", "Acquese e Ovadese"),
    ("AT", "Asti"), ("AT", "Astigiano Sud"),
    ("NO", "Novara"), ("NO", "Borgomanerese"),
    ("BI", "Biellese"),
    ("VC", "Vercellese e Valsesia"),
    ("VCO", "Verbano"), ("VCO", "Ossola"),
]
TORINO_CITY = 848_000  # the city of Torino is one district and one comune
# One district sits exactly at the LEPS (5,000 residents per social worker), so that
# "above the LEPS" (>) and "at or above" (>=) give different answers in the exercises.
AT_THE_LEPS, NEIGHBOUR = "Casalese", "Alessandrino"


def make_districts(rng: np.random.Generator) -> pd.DataFrame:
    """The 30 districts: residents by age band and social workers employed."""
    rows = []
    for prov, share in PROVINCE_SHARE.items():
        names = [name for p, name in DISTRICTS if p == prov]
        prov_pop = round(REGION_POPULATION * share / sum(PROVINCE_SHARE.values()))
        comuni = PROVINCE_COMUNI[prov]
        if prov == "TO":
            rest_pop = _split(prov_pop - TORINO_CITY, rng.uniform(0.6, 1.4, len(names) - 1))
            pops = np.concatenate([[TORINO_CITY], rest_pop])
            rest_com = _split(comuni - 1, rng.uniform(0.5, 1.5, len(names) - 1))
            coms = np.concatenate([[1], rest_com])
        else:
            pops = _split(prov_pop, rng.uniform(0.6, 1.4, len(names)))
            coms = _split(comuni, rng.uniform(0.5, 1.5, len(names)))
        for name, pop, com in zip(names, pops, coms, strict=True):
            old = PROVINCE_OLD_SHARE[prov] + rng.normal(0, 0.012)
            very_old = old * rng.uniform(0.30, 0.36)
            young = old / rng.uniform(2.1, 2.8) * PROVINCE_CHILDREN_FACTOR.get(prov, 1.0)
            # about 1 social worker per 5,000 residents (the LEPS), some above, some below
            workers = round(pop / 5000 * rng.uniform(0.72, 1.30) * 2) / 2
            rows.append({
                "province": prov, "quadrant": QUADRANT[prov], "district": name,
                "municipalities": int(com), "population": int(pop),
                "population_0_14": round(pop * young),
                "population_65_plus": round(pop * old),
                "population_80_plus": round(pop * very_old),
                "social_workers": float(workers),
            })
    frame = pd.DataFrame(rows)
    at, nb = frame["district"] == AT_THE_LEPS, frame["district"] == NEIGHBOUR
    workers = round(frame.loc[at, "population"].iloc[0] / 5000 * 2) / 2
    moved = int(workers * 5000) - int(frame.loc[at, "population"].iloc[0])
    frame.loc[at, ["population", "social_workers"]] = [int(workers * 5000), workers]
    frame.loc[nb, "population"] -= moved  # the province keeps its residents
    frame.insert(0, "district_id", [f"D{i:02d}" for i in range(1, len(frame) + 1)])
    return frame


# --- municipalities: the comuni of each district, made top-down -----------------------------

PROVINCE_CODE = {"TO": "001", "VC": "002", "NO": "003", "CN": "004", "AT": "005", "AL": "006",
                 "BI": "096", "VCO": "103"}  # real ISTAT province prefixes; the rest is invented
SMALLEST_COMUNE = 30  # residents every comune has at least (the real smallest has 41)
LARGEST_TOWN = 100_000  # no town but Torino is larger (Novara, the second, has about 100,000)
FEMALE_SHARE = 2_174_321 / 4_251_623  # ISTAT, 31 Dec 2023
PREFIXES = ("Castel", "Borgo", "Villa", "Monte", "Rocca", "Pian", "Pont", "Serra", "Costa",
            "Casal", "Torre", "Sale", "Cascine", "Bosco", "Colle")
SUFFIXES = {  # rivers and areas of each province, as real comuni names often end
    "TO": ("Canavese", "Torinese", "Po", "Dora", "Sangone", "Chisone", "Pellice"),
    "CN": ("Langhe", "Roero", "Tanaro", "Stura", "Maira", "Varaita", "Belbo"),
    "AL": ("Monferrato", "Scrivia", "Bormida", "Orba", "Curone"),
    "AT": ("Monferrato", "d'Asti", "Belbo", "Versa", "Tiglione"),
    "NO": ("Novarese", "Ticino", "Agogna", "Terdoppio"),
    "BI": ("Biellese", "Cervo", "Elvo", "Sessera"),
    "VC": ("Sesia", "Vercellese", "Valsesia"),
    "VCO": ("Ossola", "Toce", "Anza", "Strona"),
}
ENTE_KINDS = ("Consorzio Intercomunale Servizi Sociali", "Consorzio Socio-Assistenziale",
              "Unione dei Comuni")
ENTI_GESTORI = 50  # WECARE's Misura 1 ranking (Regione Piemonte)


def _comune_name(rng: np.random.Generator, province: str, taken: set[str]) -> str:
    """An invented, unique comune name: a Faker surname or saint's name, a prefix, a river."""
    while True:
        root = str(rng.choice(SURNAMES))
        form = rng.random()
        if form < 0.35:
            name = root
        elif form < 0.55:
            name = f"{rng.choice(PREFIXES)} {root}"
        elif form < 0.85:
            name = f"{root} {rng.choice(SUFFIXES[province])}"
        else:
            sex = "F" if rng.random() < 0.4 else "M"
            name = f"{'Santa' if sex == 'F' else 'San'} {rng.choice(FIRST_NAMES[sex])}"
        if name not in taken:
            taken.add(name)
            return name


def _sizes(rng: np.random.Generator, population: int, n: int) -> np.ndarray:
    """Residents of ``n`` comuni: a skewed (log-normal) spread and a main town."""
    main = min(round(population * rng.uniform(0.15, 0.45)), LARGEST_TOWN)
    rest = _split(population - main - SMALLEST_COMUNE * (n - 1), rng.lognormal(0, 1.2, n - 1))
    return np.concatenate([[main], SMALLEST_COMUNE + rest])


def _band(rng: np.random.Generator, total: int, base: np.ndarray, tilt: np.ndarray,
          noise: float) -> np.ndarray:
    """Split a district's residents of one age band over its comuni."""
    return _split(total, base * np.exp(tilt + rng.normal(0, noise, len(base))))


def _district_comuni(rng: np.random.Generator, d: pd.Series, taken: set[str]) -> pd.DataFrame:
    """The comuni of one district: their totals add up exactly to the district's."""
    n = int(d["municipalities"])
    pop = np.array([d["population"]]) if n == 1 else _sizes(rng, int(d["population"]), n)
    rural = np.log(np.median(pop) if n > 1 else pop[0]) - np.log(pop)  # > 0: smaller, older
    old = _band(rng, int(d["population_65_plus"]), pop, 0.08 * rural, 0.08)
    young = _band(rng, int(d["population_0_14"]), pop, -0.06 * rural, 0.10)
    very_old = _band(rng, int(d["population_80_plus"]), old.astype(float), 0.0, 0.08)
    names = (["Torino"] if d["district"] == "Torino"
             else [_comune_name(rng, d["province"], taken) for _ in range(n)])
    return pd.DataFrame({
        "municipality": names, "province": d["province"], "district_id": d["district_id"],
        "population": pop, "population_0_14": young, "population_15_64": pop - young - old,
        "population_65_79": old - very_old, "population_80_plus": very_old,
    })


def _enti_gestori(rng: np.random.Generator, frame: pd.DataFrame,
                  districts: pd.DataFrame) -> pd.DataFrame:
    """About 50 managing bodies, each a block of comuni within one district."""
    extra = _split(ENTI_GESTORI - len(districts), districts["municipalities"].to_numpy() - 1.0)
    ids, names = pd.Series("", index=frame.index), pd.Series("", index=frame.index)
    number = 0
    for (_, d), k in zip(districts.iterrows(), 1 + extra, strict=True):
        rows = frame.index[frame["district_id"] == d["district_id"]]
        blocks = np.repeat(np.arange(k), _split(len(rows) - k, rng.uniform(0.5, 1.5, k)) + 1)
        for block in range(k):
            members = rows[blocks == block]
            number += 1
            ids[members] = f"EG{number:02d}"
            if d["district"] == "Torino":
                names[members] = "Comune di Torino"
                continue
            town = frame.loc[members, "municipality"][frame.loc[members, "population"].idxmax()]
            kind = ("Unione Montana" if frame.loc[members, "population"].median() < 1000
                    else ENTE_KINDS[int(rng.integers(len(ENTE_KINDS)))])
            names[members] = f"{kind} {d['district']}" + (f" - {town}" if k > 1 else "")
    return frame.assign(ente_gestore_id=ids, ente_gestore=names)


def _sexes_and_households(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """Women and men (women outlive men), and people living alone (an assumption)."""
    pop, old = frame["population"], frame["population_65_79"] + frame["population_80_plus"]
    women = _split(round(FEMALE_SHARE * pop.sum()),
                   (pop * (0.49 + 0.08 * old / pop + rng.normal(0, 0.004, len(pop)))).to_numpy())
    alone_old = np.rint(old * np.clip(rng.normal(0.30, 0.04, len(pop)), 0.15, 0.45))
    alone_young = np.rint((pop - old) * np.clip(rng.normal(0.12, 0.02, len(pop)), 0.05, 0.2))
    return frame.assign(population_male=pop - women, population_female=women,
                        living_alone=(alone_old + alone_young).astype(int),
                        living_alone_65_plus=alone_old.astype(int))


def _codes(frame: pd.DataFrame) -> pd.Series:
    """ISTAT-like codes: the real province prefix, then the comuni in alphabetical order."""
    rank = frame.groupby("province", observed=True)["municipality"].rank(method="first")
    return frame["province"].map(PROVINCE_CODE) + rank.astype(int).map("{:03d}".format)


def make_municipalities(rng: np.random.Generator, districts: pd.DataFrame) -> pd.DataFrame:
    """The 1,180 comuni, made top-down so they add up exactly to ``districts``."""
    taken: set[str] = {"Torino"}
    frame = pd.concat([_district_comuni(rng, d, taken) for _, d in districts.iterrows()],
                      ignore_index=True)
    frame = _sexes_and_households(rng, _enti_gestori(rng, frame, districts))
    frame.insert(0, "municipality_code", _codes(frame))
    return frame.sort_values("municipality_code", ignore_index=True)[MUNICIPALITY_COLUMNS]


MUNICIPALITY_COLUMNS = [
    "municipality_code", "municipality", "province", "district_id", "ente_gestore_id",
    "ente_gestore", "population", "population_male", "population_female", "population_0_14",
    "population_15_64", "population_65_79", "population_80_plus", "living_alone",
    "living_alone_65_plus"]


RESOURCES: dict[str, dict[str, Any]] = {
    "districts": {
        "title": "The 30 social-cohesion districts of Piedmont (synthetic)",
        "description": "One row per district: residents by age band and social workers "
                       "employed. Names follow real areas; every number is synthetic.",
        "schema": {
            "primaryKey": ["district_id"],
            "fields": [
                {"name": "district_id", "type": "string",
                 "description": "District code, D01 to D30",
                 "constraints": {"required": True, "unique": True, "pattern": "D[0-9]{2}"}},
                {"name": "province", "type": "string", "description": "Province abbreviation",
                 "constraints": {"required": True, "enum": list(PROVINCE_SHARE)}},
                {"name": "quadrant", "type": "string",
                 "description": "WECARE quadrant of the region",
                 "constraints": {"required": True, "enum": list(dict.fromkeys(QUADRANT.values()))}},
                {"name": "district", "type": "string", "description": "District name",
                 "constraints": {"required": True, "unique": True}},
                {"name": "municipalities", "type": "integer", "unit": "comuni",
                 "description": "Number of comuni in the district",
                 "constraints": {"required": True, "minimum": 1}},
                {"name": "population", "type": "integer", "unit": "residents",
                 "description": "Residents", "constraints": {"required": True, "minimum": 0}},
                {"name": "population_0_14", "type": "integer", "unit": "residents",
                 "description": "Residents aged 0 to 14",
                 "constraints": {"required": True, "minimum": 0}},
                {"name": "population_65_plus", "type": "integer", "unit": "residents",
                 "description": "Residents aged 65 and over",
                 "constraints": {"required": True, "minimum": 0}},
                {"name": "population_80_plus", "type": "integer", "unit": "residents",
                 "description": "Residents aged 80 and over (part of 65 and over)",
                 "constraints": {"required": True, "minimum": 0}},
                {"name": "social_workers", "type": "number", "unit": "full-time equivalents",
                 "description": "Social workers employed, full-time equivalent",
                 "constraints": {"required": True, "minimum": 0}},
            ],
        },
    },
}

_PEOPLE = "residents"
RESOURCES["municipalities"] = {
    "title": "The 1,180 comuni of Piedmont (synthetic names, codes and figures)",
    "description": "One row per comune: residents by sex and age band, people living alone, "
                   "its district and its social-care managing body (ente gestore). Made "
                   "top-down from `districts`, so the comuni of a district add up exactly to "
                   "it. Names and codes are invented (only Torino is a real name).",
    "schema": schema([
        field("municipality_code", "string", "ISTAT-like code: real province prefix + an "
              "invented number (not a real ISTAT code)", required=True, unique=True,
              pattern="[0-9]{6}"),
        field("municipality", "string", "Comune name (invented, except Torino)", required=True,
              unique=True),
        field("province", "string", "Province abbreviation", required=True,
              enum=list(PROVINCE_SHARE)),
        field("district_id", "string", "Social-cohesion district (see `districts`)",
              required=True, enum=[f"D{i:02d}" for i in range(1, len(DISTRICTS) + 1)]),
        field("ente_gestore_id", "string", "Social-care managing body, EG01 to EG50",
              required=True, pattern="EG[0-9]{2}"),
        field("ente_gestore", "string", "Name of the managing body (invented)", required=True),
        field("population", "integer", "Residents", _PEOPLE, required=True, minimum=1),
        field("population_male", "integer", "Male residents", _PEOPLE, required=True,
              minimum=0),
        field("population_female", "integer", "Female residents", _PEOPLE, required=True,
              minimum=0),
        field("population_0_14", "integer", "Residents aged 0 to 14", _PEOPLE, required=True,
              minimum=0),
        field("population_15_64", "integer", "Residents aged 15 to 64", _PEOPLE,
              required=True, minimum=0),
        field("population_65_79", "integer", "Residents aged 65 to 79", _PEOPLE,
              required=True, minimum=0),
        field("population_80_plus", "integer", "Residents aged 80 and over", _PEOPLE,
              required=True, minimum=0),
        field("living_alone", "integer", "Residents living alone (one-person households)",
              _PEOPLE, required=True, minimum=0),
        field("living_alone_65_plus", "integer", "Residents aged 65 and over living alone "
              "(part of living_alone)", _PEOPLE, required=True, minimum=0),
    ], key="municipality_code", foreign={"district_id": "districts.district_id"}),
    "card": "cards/municipalities.md",
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The territory's tables (``tables`` holds what earlier generators made)."""
    districts = make_districts(np.random.default_rng(SEED))
    municipalities = make_municipalities(np.random.default_rng([SEED, 1]), districts)
    return {"districts": districts, "municipalities": municipalities}
