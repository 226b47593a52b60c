"""Measuring impact: an SROI impact map, a pilot panel for difference-in-differences and
good practices of social innovation across the seven regions of the 2019 protocol.

The map and the panel describe one fictional pilot, "Prossimità": proximity teams that
start home support for older people soon after a hospital discharge.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .common import field
from .networks import ORG_TYPES, REGIONS, TOWNS

SEED = 20230701  # the fictional pilot's first day

# --- SROI impact map (invented quantities and proxies; the method of the SROI Guide 2012) --
STAKEHOLDERS = ["older people", "family carers", "health service (ASL)",
                "social services (enti gestori)", "social workers", "volunteers",
                "local community"]
RUBRIC = (0, 25, 50, 75, 100)  # percentage steps for the adjustments
SROI = {"project": "Prossimità (fictional)", "inputs_eur": 1_200_000, "discount_rate": 0.035,
        "discount_rate_source": "assumption: HM Treasury Green Book rate, as in the SROI "
                                "Guide 2012"}
# stakeholder, outcome, indicator, quantity, years, proxy, euro, deadweight, displacement,
# attribution, drop-off
IMPACT_MAP = [
    (0, "Stays at home instead of entering a nursing home", "people whose move was delayed "
     "a year or more", 60, 2, "family share of a year's nursing-home fees", 16_000,
     25, 0, 25, 50),
    (0, "Feels less lonely", "people whose loneliness score fell", 380, 1,
     "a year of a befriending service", 1_200, 25, 0, 25, 0),
    (0, "Fewer falls at home", "falls avoided", 45, 1, "cost to the person of a fall "
     "with injury", 6_000, 50, 0, 25, 0),
    (0, "Takes medicines correctly", "people with a reviewed medicines plan", 300, 1,
     "a private pharmacist's review", 120, 25, 0, 50, 0),
    (0, "Feels watched too closely (unintended)", "people reporting a loss of privacy", 30, 1,
     "a year of a befriending service, lost", -300, 0, 0, 0, 0),
    (1, "Less stress, better health", "carers whose strain score fell", 260, 2,
     "ten counselling sessions", 600, 25, 0, 25, 50),
    (1, "Keeps their paid job", "carers who did not cut their working hours", 40, 2,
     "half a year's part-time earnings", 9_000, 50, 0, 25, 50),
    (1, "More free time", "carers with 100 hours of respite a year", 260, 1,
     "100 hours at the hourly cost of a home carer", 1_000, 0, 0, 25, 0),
    (2, "Fewer readmissions within 30 days", "readmissions avoided", 140, 1,
     "average cost of a hospital admission", 3_800, 25, 0, 50, 0),
    (2, "Fewer visits to the emergency room", "emergency visits avoided", 320, 1,
     "cost of an emergency-room visit", 250, 25, 0, 50, 0),
    (2, "Discharges on time", "hospital bed-days saved", 900, 1, "cost of a bed-day",
     700, 50, 0, 50, 0),
    (3, "Nursing-home admissions delayed", "people whose move was delayed a year or more", 60,
     2, "public share of a year's nursing-home fees", 14_000, 25, 0, 25, 50),
    (3, "Fewer emergency placements", "emergency placements avoided", 25, 1,
     "cost of an emergency placement", 3_000, 50, 0, 25, 0),
    (4, "More time for planned work", "hours freed from emergencies", 3_000, 1,
     "cost of an hour of a social worker", 30, 25, 0, 25, 0),
    (4, "Skills in joint work with health staff", "social workers trained", 40, 3,
     "a professional course", 800, 25, 0, 0, 25),
    (5, "Wellbeing and skills from volunteering", "active volunteers", 120, 2,
     "a year's membership of a community group", 900, 25, 0, 0, 50),
    (6, "Stronger neighbourhood networks", "networks still active after a year", 18, 2,
     "a year of a small community project", 5_000, 25, 0, 50, 50),
    (6, "New jobs for local care workers", "care workers hired", 22, 2,
     "a year's wage minus unemployment benefit", 9_000, 25, 50, 0, 25),
]

# --- Pilot panel (invented effect and trends) ------------------------------------------------
QUARTERS = [f"{y}-Q{q}" for y in (2022, 2023, 2024) for q in (1, 2, 3, 4)]
PILOT_START = "2023-Q3"
PILOT_DISTRICTS = 10
EFFECT_POINTS = 4.0  # true effect on the share supported within 7 days, percentage points
SELECTION_GAP = 4.0  # pilot districts start this many points lower (chosen for need)
BASELINE_PCT, TREND_PER_QUARTER = 36.0, 0.35
SEASON = (1.08, 0.97, 0.92, 1.03)  # discharges by quarter of the year
DISCHARGE_RATE = 0.06  # discharges of people 65+ per resident 65+ per quarter

# --- Good practices (invented; the regions and themes of the 2019 protocol) ------------------
REGION_PRACTICES = {"Piemonte": 22, "Toscana": 13, "Puglia": 12,
                    "Provincia autonoma di Trento": 10, "Sardegna": 9, "Calabria": 7,
                    "Molise": 7}
PRACTICES = {  # Lab theme: kinds of practice
    "proximity and home care": ["Custode sociale di quartiere", "Infermiere di comunità",
                                "Badante di condominio", "Portierato sociale"],
    "territorial governance": ["Tavolo di coprogettazione d'ambito", "Piano di zona partecipato",
                               "Osservatorio sociale territoriale"],
    "subsidiarity pacts": ["Patto di collaborazione per i beni comuni", "Emporio solidale",
                           "Orti sociali condivisi", "Banca del tempo"],
    "service integration": ["Sportello unico socio-sanitario", "Budget di salute",
                            "Équipe multiprofessionale per l'inclusione"],
    "smart use of social data": ["Cartella sociale informatizzata", "Cruscotto dei bisogni",
                                 "Mappa delle fragilità"],
    "technology in services": ["Teleassistenza domiciliare", "Sportello digitale di prossimità",
                               "App per chi assiste un familiare"],
    "impact finance": ["Microcredito sociale", "Fondo di garanzia per l'abitare",
                       "Contratto a risultato per l'inserimento lavorativo"],
    "training of social workers": ["Supervisione professionale di gruppo",
                                   "Comunità di pratica per assistenti sociali",
                                   "Laboratorio di analisi dei dati sociali"],
}
TARGETS = ["older people", "people with disabilities", "families with children",
           "young people", "people in poverty", "migrants", "homeless people", "whole community"]
EVIDENCE = {"monitoring data only": None, "before and after": 22.0, "comparison group": 11.0,
            "randomised trial": 7.0}  # median improvement claimed: weaker designs claim more
EVIDENCE_SHARE = [0.40, 0.33, 0.20, 0.07]


def make_impact_map() -> pd.DataFrame:
    """The SROI impact map of the fictional pilot, one row per outcome."""
    columns = ["stakeholder", "outcome", "indicator", "quantity", "duration_years",
               "financial_proxy", "proxy_value_eur", "deadweight_pct", "displacement_pct",
               "attribution_pct", "drop_off_pct"]
    frame = pd.DataFrame(IMPACT_MAP, columns=columns)
    frame["stakeholder"] = [STAKEHOLDERS[i] for i in frame["stakeholder"]]
    frame.insert(0, "outcome_id", [f"O{i:02d}" for i in range(1, len(frame) + 1)])
    return frame


def make_pilot_panel(rng: np.random.Generator, districts: pd.DataFrame) -> pd.DataFrame:
    """30 districts x 12 quarters; the pilot starts in 10 districts in 2023-Q3."""
    n, t = len(districts), len(QUARTERS)
    pilot = np.zeros(n, bool)
    pilot[rng.choice(n, PILOT_DISTRICTS, replace=False)] = True
    post = np.array(QUARTERS) >= PILOT_START
    district_level = rng.normal(0, 3, n) - SELECTION_GAP * pilot
    common = TREND_PER_QUARTER * np.arange(t) + rng.normal(0, 0.6, t)  # same for everyone
    pct = (BASELINE_PCT + district_level[:, None] + common[None, :]
           + EFFECT_POINTS * np.outer(pilot, post) + rng.normal(0, 0.8, (n, t)))
    season = np.array(SEASON)[np.arange(t) % 4]
    old = districts["population_65_plus"].to_numpy(float)
    discharges = np.round(np.outer(old, season) * DISCHARGE_RATE
                          * rng.uniform(0.95, 1.05, (n, t))).astype(int)
    supported = rng.binomial(discharges, pct / 100)
    return pd.DataFrame({
        "district_id": np.repeat(districts["district_id"].to_numpy(), t),
        "quarter": np.tile(QUARTERS, n),
        "pilot": np.repeat(pilot, t),
        "post": np.tile(post, n),
        "discharges_65_plus": discharges.ravel(),
        "supported_within_7_days": supported.ravel(),
        "supported_pct": np.round(100 * supported.ravel() / discharges.ravel(), 1),
    })


def make_good_practices(rng: np.random.Generator) -> pd.DataFrame:
    """About 80 social-innovation practices across the seven signatory regions."""
    rows: list[dict[str, Any]] = []
    titles: set[str] = set()
    for region, count in REGION_PRACTICES.items():
        for theme in rng.choice(list(PRACTICES), count):
            evidence = rng.choice(list(EVIDENCE), p=EVIDENCE_SHARE)
            claimed = EVIDENCE[evidence]
            budget = np.round(220_000 * np.exp(rng.normal(0, 0.8)), -3)
            start = int(rng.integers(2012, 2025))
            title = ""
            while not title or title in titles:
                title = f"{rng.choice(PRACTICES[theme])} – {rng.choice(TOWNS)}"
            titles.add(title)
            rows.append({
                "title": title,
                "region": region, "theme": theme, "target_group": rng.choice(TARGETS),
                "lead_org_type": rng.choice(ORG_TYPES),
                "start_year": start, "budget_eur": int(budget),
                "people_reached": int(budget / (900 * np.exp(rng.normal(0, 0.7)))),
                "evidence": evidence,
                "effect_pct": None if claimed is None else round(
                    claimed * np.exp(rng.normal(0, 0.35)), 1),
                "still_active": bool(start >= 2019 or rng.random() < 0.3),
                "replicated": bool(rng.random() < (0.45 if claimed and claimed < 20 else 0.2)),
            })
    frame = pd.DataFrame(rows)
    frame.insert(0, "practice_id", [f"GP{i:02d}" for i in range(1, len(frame) + 1)])
    return frame


PCT = "%"


def _flag(name: str, description: str) -> dict[str, Any]:
    """A yes/no column."""
    return field(name, "boolean", description, required=True)


def _adjustment(name: str, description: str) -> dict[str, Any]:
    """An SROI adjustment: a percentage from 0 to 100."""
    return field(name, "number", description, PCT, required=True, minimum=0, maximum=100)


RESOURCES: dict[str, dict[str, Any]] = {
    "impact_map": {
        "title": "SROI impact map of the fictional 'Prossimità' pilot (synthetic)",
        "description": "One row per outcome: who changes, how much, the financial proxy and "
                       "the four adjustments of the SROI method. The inputs and the discount "
                       "rate are in 'sroi' and in the data card.",
        "sroi": SROI,
        "schema": {"primaryKey": ["outcome_id"], "fields": [
            field("outcome_id", "string", "Outcome code", required=True, unique=True,
                  pattern="O[0-9]{2}"),
            field("stakeholder", "string", "Who experiences the change", required=True,
                  enum=STAKEHOLDERS),
            field("outcome", "string", "The change (well-defined outcome)", required=True),
            field("indicator", "string", "How the change is counted (the unit of quantity)",
                  required=True),
            field("quantity", "integer", "How many units of the indicator in one year",
                  "units of the indicator", required=True, minimum=0),
            field("duration_years", "integer", "How many years the outcome lasts", "years",
                  required=True, minimum=1),
            field("financial_proxy", "string", "What the value of one unit is based on",
                  required=True),
            field("proxy_value_eur", "number", "Value of one unit for one year (negative for "
                  "an unwanted change)", "EUR per unit per year", required=True),
            _adjustment("deadweight_pct", "Share of the outcome that would have happened "
                        "anyway"),
            _adjustment("displacement_pct", "Share of the outcome that displaced other "
                        "outcomes"),
            _adjustment("attribution_pct", "Share of the outcome due to other people or "
                        "organisations"),
            _adjustment("drop_off_pct", "Share of the outcome lost each year after the "
                        "first"),
        ]},
    },
    "pilot_panel": {
        "title": "Timely home support after hospital discharge, by district and quarter "
                 "(synthetic)",
        "description": "30 districts x 12 quarters (2022-2024). The fictional 'Prossimità' "
                       "pilot starts in 10 districts in 2023-Q3: a panel for "
                       "difference-in-differences.",
        "schema": {"primaryKey": ["district_id", "quarter"], "fields": [
            field("district_id", "string", "Social-cohesion district (see districts)",
                  required=True, pattern="D[0-9]{2}"),
            field("quarter", "string", "Quarter, as YYYY-Qn", required=True, enum=QUARTERS),
            _flag("pilot", "The district takes part in the pilot"),
            _flag("post", f"The quarter is on or after the pilot's start ({PILOT_START})"),
            field("discharges_65_plus", "integer", "Hospital discharges of residents aged 65 "
                  "and over", "discharges", required=True, minimum=0),
            field("supported_within_7_days", "integer", "Of those discharges, how many were "
                  "followed by home support within 7 days", "discharges", required=True,
                  minimum=0),
            field("supported_pct", "number", "Share of discharges followed by home support "
                  "within 7 days", PCT, required=True, minimum=0, maximum=100),
        ]},
    },
    "good_practices": {
        "title": "Good practices of social innovation in the seven signatory regions "
                 "(synthetic)",
        "description": "One row per practice: theme of the Lab, region, cost, reach and how "
                       "strong the evidence of its effect is. Every practice is invented.",
        "schema": {"primaryKey": ["practice_id"], "fields": [
            field("practice_id", "string", "Practice code", required=True, unique=True,
                  pattern="GP[0-9]{2}"),
            field("title", "string", "Invented title: kind of practice and place",
                  required=True, unique=True),
            field("region", "string", "Region (one of the 2019 protocol's signatories)",
                  required=True, enum=REGIONS),
            field("theme", "string", "Theme of the interregional Social Innovation Lab",
                  required=True, enum=list(PRACTICES)),
            field("target_group", "string", "Main group of people served", required=True,
                  enum=TARGETS),
            field("lead_org_type", "string", "Kind of organisation that leads it",
                  required=True, enum=ORG_TYPES),
            field("start_year", "integer", "Year it started", "year", required=True,
                  minimum=2012, maximum=2024),
            field("budget_eur", "integer", "Total budget so far", "EUR", required=True,
                  minimum=0),
            field("people_reached", "integer", "People served so far", "people",
                  required=True, minimum=0),
            field("evidence", "string", "Strongest evidence of effect", required=True,
                  enum=list(EVIDENCE)),
            field("effect_pct", "number", "Improvement of the main outcome that the "
                  "evaluation reports (empty with monitoring data only)", PCT),
            _flag("still_active", "Still running in 2025"),
            _flag("replicated", "Already replicated in another area"),
        ]},
    },
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The impact map, the pilot panel and the good practices."""
    rng = np.random.default_rng(SEED)
    return {"impact_map": make_impact_map(),
            "pilot_panel": make_pilot_panel(rng, tables["districts"]),
            "good_practices": make_good_practices(rng)}
