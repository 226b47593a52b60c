"""Networks: organisations, their projects and the partnerships between them.

Nodes (``organisations``), what brought them together (``projects``: WECARE Misura 1 and
2, subsidiarity pacts, the 2019 interregional protocol and exchanges among its signatory
regions) and edges (``partnerships``: one row per tie between two organisations in one
project). Calibrated on WECARE's public figures; every organisation name is invented.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from .common import field

SEED = 20180215  # the day the Region signed its MoU with the 12 banking foundations

# Real figures (domain fact sheet, section 1).
REGIONS = ["Piemonte", "Toscana", "Molise", "Calabria", "Puglia", "Sardegna",
           "Provincia autonoma di Trento"]  # signatories of the 23 January 2019 protocol
M1_PROJECTS = {"Città metropolitana di Torino": 10, "Cuneo": 5, "Asti e Alessandria": 1,
               "Nord-Est": 6}
M1_ORGANISATIONS = 147
ENTI_GESTORI = 50
BANKING_FOUNDATIONS = 12
M1_GRANT_RANGE = (179_000, 867_000)
M1_BUDGET, M2_BUDGET = 6_400_000, 3_600_000
M2_PROJECTS = 33
WECARE_ORGANISATIONS = 255  # "more than 250 organisations" in Misura 1 and 2 together

# Invented: the mix of organisations and how they take part.
ORG_TYPES = ["social-care managing body", "municipality", "social cooperative", "association",
             "health authority", "employment centre", "banking foundation", "firm",
             "regional government"]
KINDS = ["WECARE Misura 1", "WECARE Misura 2", "subsidiarity pact", "interregional protocol",
         "interregional exchange"]
PIEDMONT_MIX = {"banking foundation": BANKING_FOUNDATIONS, "health authority": 10,
                "employment centre": 14, "social cooperative": 72, "association": 50, "firm": 19}
M1_PARTNERS = {"municipality": 16, "health authority": 8, "employment centre": 10,
               "social cooperative": 36, "association": 20, "banking foundation": 5, "firm": 2}
OTHER_REGION_ORGS = {"Toscana": 4, "Puglia": 4, "Provincia autonoma di Trento": 3,
                     "Sardegna": 3, "Calabria": 2, "Molise": 2}
PACTS, EXCHANGES = 12, 6
CLOSED_PACTS, CLOSED_MEMBERS = 3, 10  # pacts where local organisations all work together
TIE_CHANCE = {"WECARE Misura 1": 0.12, "WECARE Misura 2": 0.45, "subsidiarity pact": 0.3,
              "interregional exchange": 0.3, "interregional protocol": 1.0}
THIRD_SECTOR = ("social cooperative", "association")

TOWNS = [a + b for a in ("Borgo", "Castel", "Monte", "Rocca", "Villa", "Pian", "Colle", "Riva")
         for b in ("verde", "bruno", "sereno", "fiorito", "rosso", "lungo", "chiaro", "sasso",
                   "nuovo")]
AREAS = [f"{a} {b}" for a in ("Valli", "Colline", "Terre", "Contrade", "Rive", "Vallate",
                              "Pianure")
         for b in ("del Sole", "del Vento", "Unite", "di Mezzo", "Alte", "d'Acqua", "Solidali",
                   "Serene")]
NOUNS = ["Il Ponte", "La Bussola", "Il Faro", "La Rete", "Il Seme", "La Quercia", "Il Mosaico",
         "L'Approdo", "La Lanterna", "Il Germoglio", "Il Cortile", "La Tenda", "Orizzonti",
         "Insieme", "Il Girasole", "La Fenice", "Terra Comune", "Il Sentiero", "Arcobaleno",
         "La Bottega", "Il Melograno", "La Sorgente", "Il Filo", "Porte Aperte",
         "Vicini di Casa", "Il Granello", "La Strada", "Il Trampolino", "L'Aquilone", "Il Nido"]
NAME_PATTERN = {  # invented names, with a district drawn by residents (repeats allowed)
    "social cooperative": ("Cooperativa sociale {noun}", NOUNS),
    "association": ("Associazione {noun}", NOUNS),
    "health authority": ("ASL {area}", AREAS),
    "firm": ("{noun} Servizi srl", NOUNS),
}
LOCAL_NAMES = {  # one per district (no repeats), named after its largest comune
    "municipality": "Comune di {town}",
    "employment centre": "Centro per l'impiego di {town}",
    "banking foundation": "Fondazione Cassa di Risparmio di {town}",
}

Members = list[str]  # organisation ids, the lead first


def _names(rng: np.random.Generator, org_type: str, n: int) -> list[str]:
    """``n`` distinct invented names for organisations of one type."""
    pattern, words = NAME_PATTERN[org_type]
    key = pattern[pattern.index("{") + 1: pattern.index("}")]
    plain = [pattern.format(**{key: w}) for w in rng.permutation(words)]
    towns = [f"{p} ({t})" for t, p in itertools.product(rng.permutation(TOWNS), plain)]
    return (plain + towns)[:n]


def _piedmont(rng: np.random.Generator, districts: pd.DataFrame,
              municipalities: pd.DataFrame) -> pd.DataFrame:
    """Piedmont's organisations and their home district. The enti gestori are those of the
    municipalities dataset; comuni, employment centres and foundations take the name of
    their district's largest comune (a comune that is its own ente gestore appears once);
    the others are named later."""
    enti = municipalities.drop_duplicates("ente_gestore_id").sort_values("ente_gestore_id")
    assert len(enti) == ENTI_GESTORI
    frames = [pd.DataFrame({"name": enti["ente_gestore"], "org_type": ORG_TYPES[0],
                            "district_id": enti["district_id"]})]
    ids = districts["district_id"].to_numpy()
    weights = districts["population"].to_numpy(float) / districts["population"].sum()
    main_town = (municipalities.sort_values("population", ascending=False)
                 .drop_duplicates("district_id").set_index("district_id")["municipality"])
    homes = {"municipality": ids, **{k: rng.choice(ids, n, replace=k in NAME_PATTERN, p=weights)
                                     for k, n in PIEDMONT_MIX.items()}}
    for kind, where in homes.items():
        names = ([LOCAL_NAMES[kind].format(town=main_town[d]) for d in where]
                 if kind in LOCAL_NAMES else None)
        frames.append(pd.DataFrame({"name": names, "org_type": kind, "district_id": where}))
    frame = pd.concat(frames, ignore_index=True).assign(region="Piemonte")
    return frame[~(frame["name"].duplicated() & frame["name"].notna())]  # Torino runs its own


def _org_rows(rng: np.random.Generator, districts: pd.DataFrame,
              municipalities: pd.DataFrame) -> pd.DataFrame:
    """Piedmont's organisations, then the seven regional governments and the other
    regions' organisations."""
    rows = [{"name": r if r.startswith("Provincia") else f"Regione {r}",
             "org_type": "regional government", "region": r} for r in REGIONS]
    for region in REGIONS[1:]:
        kinds = rng.choice(["social cooperative", "association"], OTHER_REGION_ORGS[region])
        rows += [{"org_type": k, "region": region} for k in kinds]
    frame = pd.concat([_piedmont(rng, districts, municipalities), pd.DataFrame(rows)],
                      ignore_index=True)
    for kind, group in frame[frame["name"].isna()].groupby("org_type", sort=False):
        frame.loc[group.index, "name"] = _names(rng, str(kind), len(group))
    frame["province"] = frame["district_id"].map(districts.set_index("district_id")["province"])
    frame.insert(0, "org_id", [f"ORG{i:03d}" for i in range(1, len(frame) + 1)])
    return frame[["org_id", "name", "org_type", "region", "province", "district_id"]]


def _m1_projects(rng: np.random.Generator, orgs: pd.DataFrame,
                 districts: pd.DataFrame) -> list[tuple[dict[str, Any], Members]]:
    """Misura 1: each project led by an ente gestore, covering whole districts."""
    piedmont = orgs[orgs["region"] == "Piemonte"]
    quadrant_of = districts.set_index("district_id")["quadrant"]
    partners = pd.concat([piedmont[piedmont["org_type"] == k].sample(n, random_state=rng)
                          for k, n in M1_PARTNERS.items()])
    partners = partners.assign(quadrant=partners["district_id"].map(quadrant_of))
    egs = piedmont[piedmont["org_type"] == "social-care managing body"]
    projects = []
    for quadrant, n in M1_PROJECTS.items():
        ids = districts.loc[districts["quadrant"] == quadrant, "district_id"].to_numpy()
        areas = np.array_split(rng.permutation(ids), n)
        mine = partners.loc[partners["quadrant"] == quadrant, "org_id"].to_numpy()
        slots = np.concatenate([np.arange(n), rng.integers(0, n, max(len(mine) - n, 0))])
        chosen = rng.permutation(slots)[: len(mine)]
        for k, area in enumerate(areas):
            leads = egs[egs["district_id"].isin(area)]["org_id"].tolist()
            joined = list(mine[chosen == k])
            if n > 1:  # a few partners also join a second project of their quadrant
                joined += list(rng.choice(mine, rng.binomial(3, 0.5), replace=False))
            members = list(dict.fromkeys(leads + joined))
            projects.append(({"kind": "WECARE Misura 1", "quadrant": quadrant,
                              "year": 2019, "covered": districts.loc[
                                  districts["district_id"].isin(area), "population"].sum()},
                             members))
    return projects


def _grants(rng: np.random.Generator, sizes: np.ndarray, low: int, high: int,
            total: float) -> np.ndarray:
    """Grants from ``low`` to ``high`` (each paid once) adding up to about ``total``,
    larger where ``sizes`` is larger; rounded to the thousand euro."""
    share = rng.uniform(0.1, 1.0, len(sizes) - 2)
    inner = low + share * (total - high - (len(sizes) - 1) * low) / share.sum()
    amounts = np.sort(np.concatenate([[low, high], np.minimum(inner, high)]))
    ranks = np.argsort(np.argsort(sizes * rng.uniform(0.7, 1.3, len(sizes))))
    return np.round(amounts[ranks], -3)


def _m2_projects(rng: np.random.Generator, orgs: pd.DataFrame, in_m1: set[str],
                 quadrant_of: pd.Series) -> list[tuple[dict[str, Any], Members]]:
    """Misura 2: third-sector projects that bring most of the other organisations in."""
    piedmont = orgs[(orgs["region"] == "Piemonte") & (orgs["org_type"] != "regional government")]
    fresh = piedmont[~piedmont["org_id"].isin(in_m1)]
    left_out = fresh[fresh["org_type"] == "municipality"].sample(1, random_state=rng)
    pool = fresh.drop(left_out.index)
    pool = pool.sample(WECARE_ORGANISATIONS - M1_ORGANISATIONS, random_state=rng)
    leads = pool[pool["org_type"].isin(THIRD_SECTOR)].sample(M2_PROJECTS, random_state=rng)
    where = leads["district_id"].map(quadrant_of).to_numpy()
    members: list[Members] = [[lead] for lead in leads["org_id"]]
    for _, org in pool.drop(leads.index).iterrows():
        near = np.flatnonzero(where == quadrant_of[org["district_id"]])
        options = near if len(near) and rng.random() < 0.8 else np.arange(M2_PROJECTS)
        members[rng.choice(options)].append(org["org_id"])
    returning = piedmont[piedmont["org_id"].isin(in_m1)
                         & piedmont["org_type"].isin((*THIRD_SECTOR, "banking foundation"))]
    for k in range(M2_PROJECTS):
        k_more = max(0, 3 - len(members[k])) + rng.binomial(1, 0.6)
        members[k] += [o for o in returning["org_id"].sample(k_more, random_state=rng)
                       if o not in members[k]]
    return [({"kind": "WECARE Misura 2", "quadrant": q, "year": 2020}, m)
            for q, m in zip(where, members, strict=True)]


def _pacts(rng: np.random.Generator, orgs: pd.DataFrame, quadrant_of: pd.Series,
           must: str) -> list[tuple[dict[str, Any], Members]]:
    """Subsidiarity pacts: a comune, its enti gestori and local third sector, at times
    with a firm or a foundation of the same quadrant. In the pact districts with the most
    organisations, the pact gathers local organisations only, all tied to each other."""
    piedmont = orgs[orgs["region"] == "Piemonte"]
    first = orgs.loc[orgs["org_id"] == must, "district_id"].iloc[0]
    others = rng.choice(sorted(set(quadrant_of.index) - {first}), PACTS - 1, replace=False)
    counts = piedmont["district_id"].value_counts()
    closed = set(counts[[first, *others]].sort_values(kind="stable").index[-CLOSED_PACTS:])
    pacts = []
    for district in [first, *others]:
        local = piedmont[piedmont["district_id"] == district]
        if district in closed:
            first_in = local["org_type"].map({"municipality": 0, ORG_TYPES[0]: 1}).fillna(2)
            everyone = local.assign(order=first_in).sort_values("order", kind="stable")
            pacts.append(({"kind": "subsidiarity pact", "quadrant": quadrant_of[district],
                           "year": int(rng.integers(2020, 2025)), "closed": True},
                          everyone["org_id"].tolist()[:CLOSED_MEMBERS]))
            continue
        same_q = piedmont[piedmont["district_id"].map(quadrant_of) == quadrant_of[district]]
        lead = local.loc[local["org_type"] == "municipality", "org_id"].tolist()
        egs = local.loc[local["org_type"] == "social-care managing body", "org_id"].tolist()
        third = same_q[same_q["org_type"].isin(THIRD_SECTOR)]
        members = lead + egs + third["org_id"].sample(int(rng.integers(2, 5)),
                                                      random_state=rng).tolist()
        for kind, chance in (("firm", 0.5), ("banking foundation", 0.4)):
            found = same_q[same_q["org_type"] == kind]
            if len(found) and rng.random() < chance:
                members.append(found["org_id"].sample(1, random_state=rng).iloc[0])
        pacts.append(({"kind": "subsidiarity pact", "quadrant": quadrant_of[district],
                       "year": int(rng.integers(2020, 2025))}, members))
    return pacts


def _interregional(rng: np.random.Generator,
                   orgs: pd.DataFrame) -> list[tuple[dict[str, Any], Members]]:
    """The 2019 protocol among the seven regions, and exchanges that link Piedmont's
    organisations with the other regions'."""
    governments = orgs[orgs["org_type"] == "regional government"].set_index("region")["org_id"]
    out = [({"kind": "interregional protocol", "quadrant": None, "year": 2019},
            governments.tolist())]
    away = orgs[(orgs["region"] != "Piemonte") & (orgs["org_type"] != "regional government")]
    home = orgs[(orgs["region"] == "Piemonte") & orgs["org_type"].isin(
        (*THIRD_SECTOR, "social-care managing body"))]
    for group in np.array_split(away["org_id"].to_numpy(), EXCHANGES):
        visitors = away[away["org_id"].isin(group)]
        hosts = home["org_id"].sample(int(rng.integers(2, 4)), random_state=rng).tolist()
        guests = [governments[r] for r in visitors["region"].unique() if rng.random() < 0.5]
        out.append(({"kind": "interregional exchange", "quadrant": None,
                     "year": int(rng.integers(2020, 2024))}, hosts + list(group) + guests))
    return out


def _ties(rng: np.random.Generator, project_id: str, kind: str, members: Members,
          closed: bool = False) -> list[dict]:
    """The lead tied to every member, and each other pair with the kind's chance (every
    pair in a closed pact)."""
    ties = []
    for i, j in itertools.combinations(range(len(members)), 2):
        if i == 0 or closed or rng.random() < TIE_CHANCE[kind]:
            a, b = sorted((members[i], members[j]))
            ties.append({"org_a": a, "org_b": b, "project_id": project_id, "kind": kind})
    return ties


def make_networks(rng: np.random.Generator, districts: pd.DataFrame,
                  municipalities: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Organisations, projects and partnerships."""
    orgs = _org_rows(rng, districts, municipalities)
    quadrant_of = districts.set_index("district_id")["quadrant"]
    m1 = _m1_projects(rng, orgs, districts)
    in_m1 = {o for _, members in m1 for o in members}
    m2 = _m2_projects(rng, orgs, in_m1, quadrant_of)
    in_wecare = in_m1 | {o for _, members in m2 for o in members}
    outside = orgs[(orgs["region"] == "Piemonte") & ~orgs["org_id"].isin(in_wecare)
                   & (orgs["org_type"] == "municipality")]["org_id"].iloc[0]
    everything = m1 + m2 + _pacts(rng, orgs, quadrant_of, outside) + _interregional(rng, orgs)
    m1_grants = _grants(rng, np.array([p["covered"] for p, _ in m1], float),
                        *M1_GRANT_RANGE, total=0.98 * M1_BUDGET)
    m2_grants = _grants(rng, np.array([len(m) for _, m in m2], float), 40_000, 180_000,
                        total=0.96 * M2_BUDGET)
    grants = list(m1_grants) + list(m2_grants) + [None] * (len(everything) - len(m1) - len(m2))
    prefix = {"WECARE Misura 1": "M1", "WECARE Misura 2": "M2", "subsidiarity pact": "PS",
              "interregional protocol": "IP", "interregional exchange": "IX"}
    counter: dict[str, int] = {}
    projects, ties = [], []
    for (info, members), grant in zip(everything, grants, strict=True):
        code = prefix[info["kind"]]
        counter[code] = counter.get(code, 0) + 1
        project_id = f"{code}-{counter[code]:02d}"
        projects.append({"project_id": project_id, "kind": info["kind"],
                         "quadrant": info["quadrant"], "lead_org_id": members[0],
                         "year": info["year"], "grant_eur": grant, "members": len(members)})
        ties += _ties(rng, project_id, info["kind"], members, info.get("closed", False))
    projects_frame = pd.DataFrame(projects)
    projects_frame["grant_eur"] = projects_frame["grant_eur"].astype("Int64")
    return {"organisations": orgs, "projects": projects_frame, "partnerships": pd.DataFrame(ties)}


ORG_ID = {"pattern": "ORG[0-9]{3}"}
QUADRANTS = list(M1_PROJECTS)
RESOURCES: dict[str, dict[str, Any]] = {
    "organisations": {
        "title": "Organisations of Piedmont's social-innovation networks (synthetic)",
        "description": "One row per organisation: the nodes of the collaboration network. "
                       "Names are invented; types and counts follow WECARE's public figures.",
        "schema": {"primaryKey": ["org_id"], "fields": [
            field("org_id", "string", "Organisation code, ORG001 onwards", required=True,
                   unique=True, **ORG_ID),
            field("name", "string", "Invented name of the organisation", required=True,
                   unique=True),
            field("org_type", "string", "Kind of organisation", required=True,
                   enum=ORG_TYPES),
            field("region", "string", "Region, one of the seven that signed the 2019 "
                   "interregional protocol", required=True, enum=REGIONS),
            field("province", "string", "Province of the seat (Piedmont only; empty "
                   "elsewhere and for the regional governments)",
                   enum=["TO", "CN", "AL", "NO", "AT", "BI", "VC", "VCO"]),
            field("district_id", "string", "Social-cohesion district of the seat (see "
                   "the districts dataset; Piedmont only)", pattern="D[0-9]{2}"),
        ]},
    },
    "projects": {
        "title": "Projects and pacts that tie the organisations together (synthetic)",
        "description": "One row per project: the 22 WECARE Misura 1 and 33 Misura 2 projects, "
                       "subsidiarity pacts, the 2019 interregional protocol and exchanges.",
        "schema": {"primaryKey": ["project_id"], "foreignKeys": [
            {"fields": ["lead_org_id"], "reference": {"resource": "organisations",
                                                      "fields": ["org_id"]}}], "fields": [
            field("project_id", "string", "Project code: M1, M2, PS (pact), IP (protocol) "
                   "or IX (exchange), then a number", required=True, unique=True,
                   pattern="(M1|M2|PS|IP|IX)-[0-9]{2}"),
            field("kind", "string", "What brought the organisations together",
                   required=True, enum=KINDS),
            field("quadrant", "string", "WECARE quadrant of Piedmont (empty for "
                   "interregional work)", enum=QUADRANTS),
            field("lead_org_id", "string", "Organisation that leads the project",
                   required=True, **ORG_ID),
            field("year", "integer", "Year the project or pact started", required=True,
                   minimum=2019, maximum=2024),
            field("grant_eur", "integer", "Grant from the regional WECARE programme (empty "
                   "for pacts and interregional work)", "EUR", minimum=0),
            field("members", "integer", "Organisations taking part, the lead included",
                   "organisations", required=True, minimum=2),
        ]},
    },
    "partnerships": {
        "title": "Partnerships between organisations (synthetic)",
        "description": "One row per tie between two organisations within one project: the "
                       "edges of the collaboration network. Two organisations working "
                       "together in several projects have several rows.",
        "schema": {"primaryKey": ["org_a", "org_b", "project_id"], "foreignKeys": [
            {"fields": [f], "reference": {"resource": "organisations", "fields": ["org_id"]}}
            for f in ("org_a", "org_b")] + [
            {"fields": ["project_id"], "reference": {"resource": "projects",
                                                     "fields": ["project_id"]}}], "fields": [
            field("org_a", "string", "One organisation (the lower code)", required=True,
                   **ORG_ID),
            field("org_b", "string", "The other organisation (the higher code)",
                   required=True, **ORG_ID),
            field("project_id", "string", "Project or pact in which they work together",
                   required=True),
            field("kind", "string", "Kind of that project (as in the projects dataset)",
                   required=True, enum=KINDS),
        ]},
    },
}


def make(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The network tables, built on the territory generator's districts and comuni."""
    return make_networks(np.random.default_rng(SEED), tables["districts"],
                         tables["municipalities"])
