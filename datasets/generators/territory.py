"""Territory: Piedmont's 30 social-cohesion districts.

Every figure is invented, then calibrated on the public figures in the project's
domain fact sheet (Piedmont, 2023-2025). No real person's data is used.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

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


def _split(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total by weights into integers that add up exactly."""
    raw = total * weights / weights.sum()
    out = np.floor(raw).astype(int)
    out[np.argsort(raw - out)[::-1][: total - out.sum()]] += 1
    return out


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
            young = old / rng.uniform(2.1, 2.8)
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


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The territory's tables (``tables`` holds what earlier generators made)."""
    return {"districts": make_districts(np.random.default_rng(SEED))}
