"""Networks, impact finance and impact measurement datasets, and ``load_indigo``.

Expected values are the real figures of shared/domain/FACTS.md (WECARE, GO Lab INDIGO,
Social Value principles) with the tolerance stated in each data card, or properties the
synthetic design promises (a parallel pre-trend, a modest effect). They are never copied
from the generated files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lab_helpers import i18n, load_dataset, load_indigo
from lab_helpers.datasets import _load, datapackage
from lab_helpers.indigo import IndigoFormatError

NAMES = ["organisations", "projects", "partnerships", "impact_bonds_market",
         "impact_bond_cohort", "impact_map", "pilot_panel", "good_practices"]
SIGNATORIES = {"Piemonte", "Toscana", "Molise", "Calabria", "Puglia", "Sardegna",
               "Provincia autonoma di Trento"}  # protocol of 23 January 2019
INDIGO_BONDS = 319  # INDIGO extract of 20 May 2025


def _resource(name: str) -> dict:
    return next(r for r in datapackage()["resources"] if r["name"] == name)


def _members(edges: pd.DataFrame) -> set[str]:
    return set(edges["org_a"]) | set(edges["org_b"])


@pytest.mark.parametrize("name", NAMES)
def test_each_dataset_loads_with_its_types(name):
    _load.cache_clear()
    frame = load_dataset(name)
    fields = _resource(name)["schema"]["fields"]
    assert list(frame.columns) == [f["name"] for f in fields]
    for field in fields:
        column = frame[field["name"]]
        if field.get("constraints", {}).get("enum"):
            assert isinstance(column.dtype, pd.CategoricalDtype), field["name"]
        elif field["type"] == "integer":
            assert pd.api.types.is_integer_dtype(column), field["name"]
        if field.get("constraints", {}).get("required"):
            assert column.notna().all(), field["name"]


def test_files_are_small():
    folder = Path(__file__).resolve().parents[1] / "datasets"
    total = sum((folder / _resource(n)["path"]).stat().st_size for n in NAMES)
    assert total < 1_000_000


def test_resources_are_valid_frictionless():
    import frictionless  # a test dependency (pyproject.toml): never skipped

    from lab_helpers.paths import datasets_dir

    package = frictionless.Package(str(datasets_dir() / "datapackage.json"))
    for name in NAMES:
        report = package.get_resource(name).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


# --- organisations, projects, partnerships: WECARE (FACTS section 1) --------------------------

def test_wecare_projects_by_measure_and_quadrant():
    projects = load_dataset("projects")
    m1 = projects[projects["kind"] == "WECARE Misura 1"]
    assert len(m1) == 22 and (projects["kind"] == "WECARE Misura 2").sum() == 33
    assert m1["quadrant"].value_counts().to_dict() == {
        "Città metropolitana di Torino": 10, "Cuneo": 5, "Asti e Alessandria": 1, "Nord-Est": 6}


def test_wecare_grants_and_budgets():
    projects = load_dataset("projects")
    m1 = projects.loc[projects["kind"] == "WECARE Misura 1", "grant_eur"]
    m2 = projects.loc[projects["kind"] == "WECARE Misura 2", "grant_eur"]
    assert m1.min() == 179_000 and m1.max() == 867_000
    assert 6_000_000 < m1.sum() <= 6_400_000  # "more than 6M euro ESF"; budget 6.4M
    assert 0.9 * 3_600_000 <= m2.sum() <= 3_600_000  # budget of Misura 2
    assert projects.loc[~projects["kind"].str.startswith("WECARE"), "grant_eur"].isna().all()


def test_wecare_organisations():
    orgs, projects = load_dataset("organisations"), load_dataset("projects")
    edges = load_dataset("partnerships")
    kind = orgs.set_index("org_id")["org_type"]
    m1 = _members(edges[edges["kind"] == "WECARE Misura 1"])
    wecare = _members(edges[edges["kind"].isin(["WECARE Misura 1", "WECARE Misura 2"])])
    assert len(m1) == 147
    enti = set(orgs.loc[orgs["org_type"] == "social-care managing body", "org_id"])
    assert len(enti) == 50 and enti <= m1
    assert set(projects.loc[projects["kind"] == "WECARE Misura 1", "lead_org_id"]) <= enti
    assert (orgs["org_type"] == "banking foundation").sum() == 12
    assert 250 < len(wecare) <= 275  # "more than 250 organisations"
    assert kind[list(wecare)].ne("regional government").all()


def test_enti_gestori_are_those_of_the_municipalities_dataset():
    orgs = load_dataset("organisations")
    named = set(load_dataset("municipalities")["ente_gestore"])
    assert set(orgs.loc[orgs["org_type"] == "social-care managing body", "name"]) == named


def test_network_spans_the_seven_signatory_regions():
    orgs, edges = load_dataset("organisations"), load_dataset("partnerships")
    assert set(orgs["region"]) == SIGNATORIES
    governments = set(orgs.loc[orgs["org_type"] == "regional government", "org_id"])
    protocol = edges[edges["kind"] == "interregional protocol"]
    assert len(governments) == 7 and len(protocol) == 21 and _members(protocol) == governments
    region = orgs.set_index("org_id")["region"]
    across = edges["org_a"].map(region) != edges["org_b"].map(region)
    assert across.sum() > len(protocol)  # exchanges also tie organisations across regions


def test_network_size_and_integrity():
    orgs, projects = load_dataset("organisations"), load_dataset("projects")
    edges = load_dataset("partnerships")
    assert 200 <= len(orgs) <= 320 and 500 <= len(edges) <= 700  # the orders
    assert _members(edges) <= set(orgs["org_id"]) and set(edges["project_id"]) <= set(
        projects["project_id"])
    assert (edges["org_a"] < edges["org_b"]).all()
    assert not edges.duplicated(["org_a", "org_b", "project_id"]).any()
    assert _members(edges) == set(orgs["org_id"])  # no isolated organisation


# --- impact_bonds_market: GO Lab INDIGO (FACTS section 4) -------------------------------------

def test_market_size_and_countries():
    market = load_dataset("impact_bonds_market")
    assert 280 <= len(market) <= 320
    counts = market["country"].value_counts()
    assert 37 <= len(counts) <= 45 and "IT" not in counts  # 41 countries, no Italian bond
    assert list(counts.index[:4]) == ["GB", "US", "FR", "PT"]
    for country, real in {"GB": 100, "US": 28, "FR": 25, "PT": 23}.items():
        assert abs(counts[country] / len(market) - real / INDIGO_BONDS) < 0.02, country


def test_market_sectors():
    market = load_dataset("impact_bonds_market")
    counts = market["sector"].value_counts()
    real = {"Employment and training": 95, "Health": 55, "Education": 51}
    assert list(counts.index[:3]) == list(real)
    for sector, n in real.items():
        assert abs(counts[sector] / len(market) - n / INDIGO_BONDS) < 0.03, sector


def test_market_money_and_people():
    market = load_dataset("impact_bonds_market")
    capital = market["capital_raised_usd"].dropna()
    assert abs(capital.median() / 1_320_000 - 1) < 0.10
    assert abs(len(capital) / len(market) - 240 / INDIGO_BONDS) < 0.05
    assert abs(capital.mean() / (843_000_000 / 240) - 1) < 0.25
    assert abs(market["service_users"].median() / 434 - 1) < 0.10
    price = market["price_per_outcome_usd"].dropna()
    for q, real in {0.25: 730, 0.5: 1_022, 0.75: 1_931}.items():
        assert abs(price.quantile(q) / real - 1) < 0.10, q
    assert market["outcome_metrics"].median() == 3
    assert abs(market["duration_months"].median() / 49 - 1) < 0.10
    assert market["start_year"].min() == 2010  # Peterborough, the first SIB
    assert market.loc[market["start_year"] == 2010, "country"].tolist() == ["GB"]


# --- impact_bond_cohort: the fictional contract -------------------------------------------------

def _irr(flows: np.ndarray) -> float:
    """The rate per period that makes the net present value of ``flows`` zero."""
    low, high = -0.5, 0.5
    for _ in range(100):
        rate = (low + high) / 2
        npv = sum(f / (1 + rate) ** t for t, f in enumerate(flows))
        low, high = (rate, high) if npv > 0 else (low, rate)
    return rate


def test_cohort_contract_and_returns():
    cohort, terms = load_dataset("impact_bond_cohort"), _resource("impact_bond_cohort")["contract"]
    assert 200 <= len(cohort) <= 600
    assert 1_000_000 <= terms["capital_eur"] <= 2_000_000  # the Torino SIB design: 1-2M euro
    assert len(terms["outcome_prices_eur"]) == 3  # INDIGO's median number of metrics
    paid = pd.Series(0.0, index=range(1, terms["quarters"] + 1))
    for outcome, price in terms["outcome_prices_eur"].items():
        paid = paid.add(cohort[f"{outcome}_quarter"].value_counts() * price, fill_value=0)
    assert paid.sum() > terms["cap_eur"]  # the cap binds
    capped = paid.cumsum().clip(upper=terms["cap_eur"]).diff().fillna(paid.iloc[0])
    flows = np.concatenate([[-terms["capital_eur"]], capped.to_numpy()])
    annual = (1 + _irr(flows)) ** 4 - 1
    assert abs(annual - 0.03) < 0.015  # "about 3% return" planned in Torino
    reoffended = cohort["no_reoffending_quarter"].isna().mean()
    assert 0.4 < reoffended < terms["baseline_reoffending_12_months"]
    assert (cohort["job_sustained_quarter"].isna() | cohort["job_start_quarter"].notna()).all()
    assert (cohort["job_start_quarter"].dropna() > cohort.loc[
        cohort["job_start_quarter"].notna(), "enrolment_quarter"]).all()


# --- impact_map, pilot_panel, good_practices ----------------------------------------------------

ADJUSTMENTS = ["deadweight_pct", "displacement_pct", "attribution_pct", "drop_off_pct"]


def test_impact_map_follows_the_sroi_method():
    impact = load_dataset("impact_map")
    assert 15 <= len(impact) <= 20
    values = impact[ADJUSTMENTS]
    assert ((values >= 0) & (values <= 100)).all().all()
    assert values.isin([0, 25, 50, 75, 100]).all().all()  # the 0/25/50/75/100 rubric
    assert (impact["proxy_value_eur"] < 0).any()  # an unintended, negative change is counted
    assert impact["stakeholder"].nunique() >= 5
    sroi = _resource("impact_map")["sroi"]
    kept = np.prod([1 - impact[c] / 100 for c in ADJUSTMENTS[:3]], axis=0)
    value = 0.0
    for year in range(int(impact["duration_years"].max())):
        lasting = (impact["duration_years"] > year) * (1 - impact["drop_off_pct"] / 100) ** year
        value += (impact["quantity"] * impact["proxy_value_eur"] * kept * lasting).sum() / (
            1 + sroi["discount_rate"]) ** (year + 1)
    assert 1.5 < value / sroi["inputs_eur"] < 5


def _group_means(panel: pd.DataFrame) -> pd.DataFrame:
    return panel.groupby(["pilot", "post"])["supported_pct"].mean().unstack()


def test_pilot_panel_shape():
    panel = load_dataset("pilot_panel")
    assert len(panel) == 360 and panel["district_id"].nunique() == 30
    assert panel["quarter"].nunique() == 12
    pilot = panel.groupby("district_id")["pilot"].agg(["min", "max"])
    assert (pilot["min"] == pilot["max"]).all() and pilot["max"].sum() == 10
    assert (panel["post"] == (panel["quarter"].astype(str) >= "2023-Q3")).all()
    share = 100 * panel["supported_within_7_days"] / panel["discharges_65_plus"]
    assert (share - panel["supported_pct"]).abs().max() <= 0.05


def test_pilot_has_parallel_pre_trends():
    panel = load_dataset("pilot_panel")
    pre = panel[~panel["post"]]
    means = pre.groupby(["pilot", "quarter"], observed=True)["supported_pct"].mean()
    slopes = {g: np.polyfit(np.arange(6), means[g].to_numpy(), 1)[0] for g in (False, True)}
    assert abs(slopes[True] - slopes[False]) < 0.15  # percentage points per quarter


def test_pilot_effect_is_positive_modest_and_found_by_did():
    means = _group_means(load_dataset("pilot_panel"))
    did = (means.loc[True, True] - means.loc[True, False]) - (
        means.loc[False, True] - means.loc[False, False])
    assert 2 < did < 6 and did / means.loc[True, False] < 0.2
    assert means.loc[True, False] < means.loc[False, False]  # chosen for need: lower at start
    naive = means.loc[True, True] - means.loc[False, True]
    assert naive < did - 2  # comparing after the start only hides the effect


def test_good_practices():
    practices = load_dataset("good_practices")
    assert 70 <= len(practices) <= 90
    assert set(practices["region"]) == SIGNATORIES
    assert practices["theme"].nunique() == 8
    monitoring = practices["evidence"] == "monitoring data only"
    assert (practices["effect_pct"].isna() == monitoring).all()
    claimed = practices.groupby("evidence", observed=True)["effect_pct"].median()
    assert claimed["before and after"] > claimed["comparison group"] > claimed["randomised trial"]


# --- load_indigo ---------------------------------------------------------------------------------

FIN = "Overall project finance - "
USD = FIN + "Total investment commitment - Amount USD - {} - (Value)"
USERS = ("Service and beneficiaries - Targeted number of unique service users or "
         "beneficiaries (total) - (Value)")
INDIGO_ROWS = {  # INDIGO's export layout, three invented bonds
    "ID": ["INDIGO-POJ-9001", "INDIGO-POJ-9002", "INDIGO-POJ-9003"],
    "Impact Bond Name - (Value)": ["Test bond A", "Test bond B", "Test bond C"],
    "Stage of Development - (Value)": ["Complete", "Implementation", "Something else"],
    "Stage of Development - (Source ID's)": ["1", "", ""],
    "Dates - Date outcomes contract signed - (Value)": ["2015-11", "2018-02", "2020-06"],
    "Dates - Start date of service provision - (Value)": ["2016-04", "2019", ""],
    "Dates - Anticipated end date of service provision - (Value)": ["", "2021-07", ""],
    "Dates - Anticipated duration of service provision - (Value)": ["36", "", ""],
    "Dates - (Notes)": ["", "a note, with a comma", ""],
    FIN + "Total investment commitment - Currency - (Value)": ["GBP", "EUR", ""],
    USD.format("Min"): ["", "800000", ""],
    USD.format("Exact"): ["1500000.5", "", ""],
    USD.format("Max"): ["", "1200000", ""],
    FIN + "Maximum potential outcome payment - Amount USD - (Value)": ["2000000", "", ""],
    "Purpose and classifications - Policy sector - (Value)": [
        "Employment and training", "Health", "Homelessness"],
    USERS: ["450", "", "1200"],
    "Organisations": ["INDIGO-ORG-9001", "INDIGO-ORG-9002", ""],
    "Countries": ["GB", "NL, BE", "US"],
}
PRICING_ROWS = {
    "Project ID": ["INDIGO-POJ-9001"] * 3 + ["INDIGO-POJ-9002"],
    "Outcome Metric Id - (Value)": ["outcomemetric1", "outcomemetric2", "outcomemetric3",
                                    "outcomemetric1"],
    "Currency - (Value)": ["GBP", "GBP", "GBP", "EUR"],
    "Price Per Unit - Amount - (Value)": ["800", "1600", "2400", "500"],
    "Price Per Unit - Amount USD - (Value)": ["1000", "2000", "3000", ""],
}


@pytest.fixture
def indigo_files(tmp_path: Path) -> tuple[Path, Path]:
    projects, pricings = tmp_path / "projects.csv", tmp_path / "outcome_pricings.csv"
    pd.DataFrame(INDIGO_ROWS).to_csv(projects, index=False, encoding="utf-8-sig")  # BOM
    pd.DataFrame(PRICING_ROWS).to_csv(pricings, index=False)
    return projects, pricings


def test_load_indigo_gives_the_market_columns_and_types(indigo_files):
    bonds = load_indigo(*indigo_files)
    market = load_dataset("impact_bonds_market")
    assert list(bonds.columns) == list(market.columns)
    assert bonds.dtypes.to_dict() == market.dtypes.to_dict()
    assert bonds["bond_id"].tolist() == INDIGO_ROWS["ID"]
    assert bonds["country"].tolist() == ["GB", "NL", "US"]
    assert bonds["start_year"].tolist() == [2016, 2019, 2020]
    assert bonds["duration_months"].tolist()[:2] == [36, 30] and bonds["duration_months"].isna()[2]
    assert bonds["capital_raised_usd"].tolist()[:2] == [1_500_000.5, 1_000_000]
    assert bonds["stage"].isna().tolist() == [False, False, True]  # not in INDIGO's codelist
    assert bonds["outcome_metrics"].tolist()[:2] == [3, 1]
    assert bonds["price_per_outcome_usd"].iloc[0] == 2000
    assert bonds["price_per_outcome_usd"].iloc[1:].isna().all()


def test_load_indigo_without_pricings(indigo_files):
    bonds = load_indigo(indigo_files[0])
    assert bonds[["outcome_metrics", "price_per_outcome_usd"]].isna().all().all()
    assert bonds.dtypes.to_dict() == load_dataset("impact_bonds_market").dtypes.to_dict()


@pytest.mark.parametrize(("lang", "missing_words"), [("en", "these columns are missing"),
                                                     ("it", "mancano queste colonne")])
def test_load_indigo_names_the_missing_columns(tmp_path, indigo_files, lang, missing_words):
    i18n.set_language(lang)
    wrong = tmp_path / "wrong.csv"
    pd.DataFrame(INDIGO_ROWS).drop(columns=["Countries", USERS]).to_csv(wrong, index=False)
    with pytest.raises(IndigoFormatError) as error:
        load_indigo(wrong)
    message = str(error.value)
    assert missing_words in message and "'Countries'" in message and f"'{USERS}'" in message
    assert "Impact Bond Name - (Value)" in message  # says which file is expected
    with pytest.raises(IndigoFormatError) as error:
        load_indigo(indigo_files[0], pricings=indigo_files[0])
    assert "'Price Per Unit - Amount USD - (Value)'" in str(error.value)


@pytest.mark.parametrize(("lang", "words"), [("en", "There is no file"),
                                             ("it", "Non c'è nessun file")])
def test_load_indigo_explains_a_missing_or_unreadable_file(tmp_path, lang, words):
    i18n.set_language(lang)
    with pytest.raises(FileNotFoundError) as error:
        load_indigo(tmp_path / "nowhere.csv")
    assert words in str(error.value) and "golab.bsg.ox.ac.uk" in str(error.value)
    binary = tmp_path / "projects.xlsx"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00\x81\x8d")
    with pytest.raises(IndigoFormatError):
        load_indigo(binary)
