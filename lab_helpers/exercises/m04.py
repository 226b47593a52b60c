"""Module 04, service integration: the exercises of the notebook, checked from the registries.

Every expected value (and every plausible wrong one) is computed here from the four
registries and the clerical review sample (``registries_review``), with the same functions
the notebook calls (:mod:`lab_helpers.domain.linkage`), never typed in. The hidden key
(``registries_key``) is not used here: the learner is judged on what the notebook shows.
Messages and hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/m04.po``.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from ..checks import (
    ChartProblem,
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
from ..checks.problems import bar_labels, is_whole_number
from ..datasets import load_dataset
from ..domain.linkage import (
    best_links,
    candidate_pairs,
    compare,
    m_probabilities,
    match_weights,
    score,
    standard_identity,
    u_probabilities,
)
from ..domain.privacy import age_in_years, valid_fiscal_code
from ..i18n import N_

PERCENT, PER_THOUSAND = 100, 1000
LINK_THRESHOLD, REVIEW_FROM = 10, 4  # the weights the notebook links at and reviews from
SPLINK_THRESHOLD = 0.99  # the match probability from which the notebook links with splink
ALWAYS_LINK = -1_000  # "link every record to its best-looking resident, whatever the weight"
PAIR = ("J00044", "A005175")  # section 5: a pair with no fiscal code and a close first name
WORKING_AGE = (18, 59)  # the AdI members the synthetic data refer to the employment centre
RANGE_TOLERANCE = 1.5  # percentage points either side of the exact share
REGISTER_DAY = pd.Timestamp("2024-01-01")  # the register's extract
DAYS_PER_YEAR = 365.25
AGE_BINS, AGE_LABELS = [0, 18, 65, 80, 120], ["0-17", "18-64", "65-79", "80+"]


# --- reference code ---------------------------------------------------------------------------

def _population() -> pd.DataFrame:
    return load_dataset("registry_population")


def _registry(name: str) -> pd.DataFrame:
    return load_dataset(f"registry_{name}")


def _review() -> pd.DataFrame:
    return load_dataset("registries_review")


def _joined(name: str, how: str = "left") -> pd.DataFrame:
    """A service registry joined to the register on the fiscal code, as keyed in."""
    return _registry(name).merge(_population()[["anagrafe_id", "fiscal_code"]],
                                 on="fiscal_code", how=how, indicator=True)


def _count(frame: pd.DataFrame, side: str) -> int:
    return int((frame["_merge"] == side).sum())


def _lost_pct(name: str = "homecare") -> float:
    joined = _joined(name)
    return _count(joined, "left_only") / len(joined) * PERCENT


@cache
def _register() -> pd.DataFrame:
    return standard_identity(_population(), "anagrafe_id")


@cache
def _care_levels() -> pd.DataFrame:
    """Section 4: the candidate pairs of the home-care records and their agreement levels."""
    return compare(candidate_pairs(standard_identity(_registry("homecare"), "record_id"),
                                   _register()))


def _care_reviewed() -> pd.DataFrame:
    review = _review()
    mine = review[review["source"] == "registry_homecare"]
    return _care_levels().merge(mine, on=["record_id", "anagrafe_id"])


def _share(frame: pd.DataFrame, column: str = "surname", level: str = "agree") -> float:
    return float((frame[column] == level).mean())


def _matches(match: bool = True) -> pd.DataFrame:
    reviewed = _care_reviewed()
    return reviewed[reviewed["match"] == match]


@cache
def _records() -> pd.DataFrame:
    """Section 5: every record of the three registries, identity written one way."""
    return standard_identity(pd.concat([_registry(n) for n in ("benefits", "employment",
                                                               "homecare")]), "record_id")


@cache
def _levels() -> pd.DataFrame:
    """Section 5: every record of the three registries against the register."""
    return compare(candidate_pairs(_records(), _register()))


@cache
def _weights() -> pd.DataFrame:
    review = _review()
    truth = review[review["match"]][["record_id", "anagrafe_id"]]
    m = m_probabilities(_levels().merge(truth, on=["record_id", "anagrafe_id"]))
    return match_weights(m, u_probabilities(_levels()))


def _weight(field: str, level: str) -> float:
    return float(_weights().set_index(["field", "level"]).loc[(field, level), "weight"])


def _pair_weight() -> float:
    levels = _levels()
    pair = levels[(levels["record_id"] == PAIR[0]) & (levels["anagrafe_id"] == PAIR[1])]
    return float(score(pair, _weights()).iloc[0])


@cache
def _links(threshold: float = LINK_THRESHOLD) -> pd.DataFrame:
    return best_links(_levels(), _weights(), threshold=threshold, review_from=REVIEW_FROM)


@cache
def _splink_best() -> pd.DataFrame:
    """Section 5: splink's most likely resident for each record (splink imported here)."""
    from ..domain import splink_linkage

    return splink_linkage.best_per_record(splink_linkage.predictions(_records(), _register()))


def _splink_count(column: str = "match_probability",
                  threshold: float = SPLINK_THRESHOLD) -> int:
    return int((_splink_best()[column] >= threshold).sum())


def _splink_versus_course() -> pd.Series:
    """splink's links against the course's: both, left_only (splink's only), right_only."""
    best = _splink_best()
    mine = best[best["match_probability"] >= SPLINK_THRESHOLD][["record_id", "anagrafe_id"]]
    course = _links()
    course = course[course["decision"] == "link"][["record_id", "anagrafe_id"]]
    both_ways = mine.merge(course, on=["record_id", "anagrafe_id"], how="outer", indicator=True)
    return both_ways["_merge"].value_counts()


def _judged(threshold: float) -> pd.Series:
    """The counts of both, left_only (false links), right_only (missed) on the review."""
    links = _links(threshold)
    linked = links[links["decision"] == "link"]
    review = _review()
    mine = linked[linked["record_id"].isin(review["record_id"])]
    truth = review[review["match"]]
    judged = mine.merge(truth, on=["record_id", "anagrafe_id"], how="outer", indicator=True)
    return judged["_merge"].value_counts()


def _ratio(threshold: float, top: str, *bottom: str) -> float:
    counts = _judged(threshold)
    return float(counts[top] / sum(counts[b] for b in bottom))


def _services() -> pd.DataFrame:
    return pd.concat([_registry("benefits")[["record_id"]].assign(service="benefits"),
                      _registry("employment")[["record_id"]].assign(service="employment"),
                      _registry("homecare")[["record_id"]].assign(service="home care")])


def _linked() -> pd.DataFrame:
    links = _links()
    return links[links["decision"] == "link"].merge(_services(), on="record_id")


def _per_person(distinct: bool = True) -> pd.Series:
    grouped = _linked().groupby("anagrafe_id")["service"]
    return grouped.nunique() if distinct else grouped.size()


def _several_population(least: int = 2) -> pd.DataFrame:
    """The register with the notebook's columns: age band on 1 Jan 2024, several services."""
    per_person = _per_person()
    chosen = per_person[per_person >= least] if least < 3 else per_person[per_person == least]
    population = _population()
    age = (REGISTER_DAY - population["birth_date"]).dt.days // DAYS_PER_YEAR
    return population.assign(age_band=pd.cut(age, bins=AGE_BINS, right=False,
                                              labels=AGE_LABELS),
                             several=population["anagrafe_id"].isin(chosen.index))


def _several_by(column: str = "municipality", how: str = "mean",
                scale: float = PER_THOUSAND, least: int = 2) -> pd.Series:
    grouped = _several_population(least).groupby(column)["several"]
    values = grouped.mean() * scale if how == "mean" else grouped.sum()
    return values


def _adi_people() -> pd.DataFrame:
    benefits = _registry("benefits")
    adi = benefits[benefits["benefit"] == "AdI"]
    linked = _linked()
    people = linked[linked["record_id"].isin(adi["record_id"])].merge(
        adi[["record_id", "start_date", "disability"]], on="record_id")
    people = people.merge(_population()[["anagrafe_id", "birth_date"]], on="anagrafe_id")
    return people.assign(age=age_in_years(people["birth_date"], people["start_date"]))


def _pathway(referral: str | None = "AdI", working_age_only: bool = True) -> pd.DataFrame:
    people = _adi_people()
    if working_age_only:
        people = people[people["age"].between(*WORKING_AGE) & ~people["disability"]]
    cpi = _linked().merge(_registry("employment")[["record_id", "registered_on",
                                                   "referred_by"]], on="record_id")
    if referral is not None:
        cpi = cpi[cpi["referred_by"] == referral]
    pathway = people.merge(cpi[["anagrafe_id", "registered_on"]], on="anagrafe_id",
                           how="left", indicator=True)
    return pathway.assign(days=(pathway["registered_on"] - pathway["start_date"]).dt.days)


def _reached(frame: pd.DataFrame, scale: float = PERCENT) -> float:
    return float((frame["_merge"] == "both").mean() * scale)


def _bars_named_by_comune(value: object) -> bool:
    return set(_population()["municipality"].unique()) <= bar_labels(value)


# --- section 1: one person, four offices -----------------------------------------------------

adi_pathway = ChoiceProblem(
    correct=frozenset({"a"}),
    explanations={
        "b": N_("INPS checks the requirements and pays the benefit, but the Patto per "
                "l'inclusione is signed with the social services, after their "
                "multidimensional assessment."),
        "c": N_("SIISL and SIUSS are two different systems: SIISL is the platform where the "
                "household registers and signs its digital activation pact; SIUSS (D.Lgs. "
                "147/2017, art. 24) is the information system of social services and "
                "benefits. Neither replaces the other."),
        "d": N_("A public body may link personal data only where a law, a regulation or a "
                "general administrative act provides for it, or where a task given to it "
                "needs it, and only the data that task needs (Codice privacy, art. 2-ter); "
                "health data only for a substantial public interest the law names (art. "
                "2-sexies); a large linkage also needs a data protection impact assessment "
                "(GDPR art. 35)."),
    },
    hints=(
        N_("Read again the steps of the pathway above: who checks, who assesses, who signs "
           "what with whom."),
        N_("Only one statement is right. Look for the deadline the text gives in days."),
    ),
)


# --- section 2: joining two registries -------------------------------------------------------

benefits_not_found = ValueProblem(
    expected=lambda: _count(_joined("benefits"), "left_only"),
    hints=(
        N_("Copy the worked example and change only the table on the left: benefits instead "
           "of homecare."),
        N_("After the join with how=\"left\" and indicator=True, count the rows whose "
           "\"_merge\" is \"left_only\": (... [\"_merge\"] == \"left_only\").sum()."),
    ),
    mistakes=(
        Mistake(lambda: _count(_joined("benefits"), "both"), N_(
            "You counted the records that were found (\"both\"). Count those the register "
            "did not find: \"left_only\"."),
            code=('(benefits.merge(population[["anagrafe_id", "fiscal_code"]], '
                  'on="fiscal_code", how="left", indicator=True)["_merge"] == "both").sum()')),
        Mistake(lambda: _count(_joined("homecare"), "left_only"), N_(
            "That is the count of the home-care records, the worked example. Join the "
            "benefits table instead."),
            code=('(homecare.merge(population[["anagrafe_id", "fiscal_code"]], '
                  'on="fiscal_code", how="left", indicator=True)["_merge"] == "left_only")'
                  '.sum()')),
        Mistake(lambda: _count(_joined("benefits", "outer"), "right_only"), N_(
            "You counted the residents who have no benefit (\"right_only\" of an outer "
            "join). The question is about benefit records the register does not find: "
            "\"left_only\"."),
            code=('(benefits.merge(population[["anagrafe_id", "fiscal_code"]], '
                  'on="fiscal_code", how="outer", indicator=True)["_merge"] == "right_only")'
                  '.sum()')),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Records are counted in whole numbers."),
                   code=('float((benefits.merge(population[["anagrafe_id", "fiscal_code"]], '
                         'on="fiscal_code", how="left", indicator=True)["_merge"] == '
                         '"left_only").sum())')),
    ),
)

join_question = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("An inner join keeps only the people found in both tables: the residents "
                "without a benefit are exactly the ones it drops."),
        "c": N_("Starting from benefits, \"left_only\" are benefit records the register does "
                "not find, not residents without a benefit."),
        "d": N_("An outer join keeps everyone, but you still have to pick the rows found "
                "only in the register: on its own it does not answer the question."),
    },
    hints=(
        N_("Which table must keep all its rows, so that the people missing from the other "
           "one are still there?"),
        N_("The people you want are in the register and not in benefits: the left table is "
           "the register, and they are its \"left_only\" rows."),
    ),
)


# --- section 3: why exact joins lose people -------------------------------------------------

def _invalid(name: str, count_missing: bool = False) -> int:
    valid = valid_fiscal_code(_registry(name)["fiscal_code"])
    wrong = ~valid
    return int(wrong.fillna(True).sum() if count_missing else wrong.sum())


employment_invalid_codes = ValueProblem(
    expected=lambda: _invalid("employment"),
    hints=(
        N_("The worked example does it for homecare. Do the same for the table employment."),
        N_("valid_fiscal_code( ) gives True, False or <NA> (missing). ~ turns True into "
           "False and the other way round; .sum() then counts the True values and skips "
           "<NA>."),
    ),
    mistakes=(
        Mistake(lambda: int(valid_fiscal_code(_registry("employment")["fiscal_code"]).sum()),
                N_("You counted the valid codes. Put ~ in front, to count those that fail the "
                   "check."),
                code='valid_fiscal_code(employment["fiscal_code"]).sum()'),
        Mistake(lambda: int(_registry("employment")["fiscal_code"].isna().sum()), N_(
            "That is the number of missing codes. The question is about codes that were "
            "keyed in but fail the check character."),
            code='employment["fiscal_code"].isna().sum()'),
        Mistake(lambda: _invalid("employment", count_missing=True), N_(
            "You counted the missing codes too. A missing code is not a wrong code: leave "
            "the <NA> out."),
            code='(~valid_fiscal_code(employment["fiscal_code"])).fillna(True).sum()'),
        Mistake(lambda: _invalid("homecare"), N_(
            "That is the count for homecare, the worked example. Use the table employment."),
            code='(~valid_fiscal_code(homecare["fiscal_code"])).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Codes are counted in whole numbers."),
                   code='float((~valid_fiscal_code(employment["fiscal_code"])).sum())'),
    ),
)

lost_pct = RangeProblem(
    low=lambda: _lost_pct() - RANGE_TOLERANCE,
    high=lambda: _lost_pct() + RANGE_TOLERANCE,
    hints=(
        N_("Look at the counts of the worked example for homecare: how many records are "
           "\"left_only\", out of how many in all?"),
        N_("Divide the records not found by all the home-care records, and multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _lost_pct() / PERCENT, N_(
            "Your number looks 100 times too small: that is a share. Write it as a "
            "percentage."),
            code="0.16"),
        Mistake(lambda: PERCENT - _lost_pct(), N_(
            "That is the percentage the join found. The question asks for those it lost."),
            code="84"),
    ),
)


# --- section 4: Fellegi-Sunter by hand ------------------------------------------------------

m_surname = ValueProblem(
    expected=lambda: _share(_matches(True)),
    hints=(
        N_("The worked example computes m for the birth date. Do the same for the surname."),
        N_("m is a share among the true matches: start from the table matches, as the "
           "worked example does, and compare its column surname with \"agree\"."),
    ),
    mistakes=(
        Mistake(lambda: _share(_care_reviewed()), N_(
            "You used every reviewed pair, matches and non-matches together. m is measured "
            "among the true matches only: use the table matches."),
            code='(reviewed["surname"] == "agree").mean()'),
        Mistake(lambda: _share(_matches(False)), N_(
            "You used the non-matches. m is measured among the true matches: use the table "
            "matches."),
            code='(reviewed[~reviewed["match"]]["surname"] == "agree").mean()'),
        Mistake(lambda: _share(_matches(True), "first_name"), N_(
            "That is m for the first name. The question asks for the surname."),
            code='(matches["first_name"] == "agree").mean()'),
        Mistake(lambda: int((_matches(True)["surname"] == "agree").sum()), N_(
            "That is a count. m is a share: use .mean() instead of .sum()."),
            code='(matches["surname"] == "agree").sum()'),
    ),
)

u_surname = ValueProblem(
    expected=lambda: _share(_care_levels()),
    hints=(
        N_("The worked example computes u for the birth date from care_levels. Do the same "
           "for the surname."),
        N_("u is measured among all the candidate pairs, the table care_levels, not among "
           "the matches: compare its column surname with \"agree\" and take the share."),
    ),
    mistakes=(
        Mistake(lambda: _share(_matches(True)), N_(
            "That is m: the share among true matches. u is measured among all the candidate "
            "pairs, nearly all of them different people: use care_levels."),
            code='(matches["surname"] == "agree").mean()'),
        Mistake(lambda: _share(_care_reviewed()), N_(
            "You used the reviewed pairs only, half of which are matches. u is measured "
            "among all the candidate pairs: use care_levels."),
            code='(reviewed["surname"] == "agree").mean()'),
        Mistake(lambda: _share(_care_levels(), "first_name"), N_(
            "That is u for the first name. The question asks for the surname."),
            code='(care_levels["first_name"] == "agree").mean()'),
    ),
)


def _m_u() -> tuple[float, float]:
    return _share(_matches(True)), _share(_care_levels())


weight_surname = ValueProblem(
    expected=lambda: math.log2(_m_u()[0] / _m_u()[1]),
    hints=(
        N_("The worked example computes the weight of an agreeing birth date. Do the same "
           "with m_surname and u_surname."),
        N_("The weight is math.log2(m / u): m first, then u, and log2, not log."),
    ),
    mistakes=(
        Mistake(lambda: math.log(_m_u()[0] / _m_u()[1]), N_(
            "You used math.log, the natural logarithm. Match weights use base 2: "
            "math.log2."),
            code="math.log(m_surname / u_surname)"),
        Mistake(lambda: _m_u()[0] / _m_u()[1], N_(
            "That is the ratio m / u itself. The weight is its logarithm in base 2: put "
            "math.log2( ) around it."),
            code="m_surname / u_surname"),
        Mistake(lambda: math.log2(_m_u()[1] / _m_u()[0]), N_(
            "Your weight is negative: the division is upside down. Agreement on the surname "
            "points to a match, so m goes on top: log2(m / u)."),
            code="math.log2(u_surname / m_surname)"),
        Mistake(lambda: math.log10(_m_u()[0] / _m_u()[1]), N_(
            "You used base 10. Match weights use base 2: math.log2."),
            code="math.log10(m_surname / u_surname)"),
    ),
)


# --- section 5: linking at full scale -------------------------------------------------------

pair_weight = ValueProblem(
    expected=_pair_weight,
    hints=(
        N_("Read the pair's agreement pattern above: one level for each of the five fields."),
        N_("Add up weight[field, level] for each field. A missing fiscal code says nothing "
           "either way: it counts 0, so leave it out."),
    ),
    mistakes=(
        Mistake(lambda: _pair_weight() + _weight("fiscal_code", "disagree"), N_(
            "You counted the missing fiscal code as a disagreement. A missing value says "
            "nothing either way: it counts 0."),
            code=('weight["fiscal_code", "disagree"] + weight["surname", "agree"] + '
                  'weight["first_name", "close"] + weight["birth_date", "agree"] + '
                  'weight["municipality", "agree"]')),
        Mistake(lambda: _pair_weight() - _weight("first_name", "close")
                + _weight("first_name", "agree"), N_(
            "The first names are close, not equal: use the weight of \"close\" for the first "
            "name."),
            code=('weight["surname", "agree"] + weight["first_name", "agree"] + '
                  'weight["birth_date", "agree"] + weight["municipality", "agree"]')),
        Mistake(lambda: _pair_weight() - _weight("municipality", "agree"), N_(
            "One field is missing from your sum: add the weights of all the fields that have "
            "a value."),
            code=('weight["surname", "agree"] + weight["first_name", "close"] + '
                  'weight["birth_date", "agree"]')),
    ),
)

splink_links = ValueProblem(
    expected=_splink_count,
    hints=(
        N_("splink_best holds each record's most likely resident; its column "
           "match_probability runs from 0 to 1."),
        N_("Compare splink_best[\"match_probability\"] with 0.99 (\"0.99 or more\" is >=), "
           "then count the True values with .sum()."),
    ),
    mistakes=(
        Mistake(lambda: _splink_count("match_weight"), N_(
            "You compared the match weight with 0.99. The threshold is a match probability, "
            "between 0 and 1: use the column match_probability."),
            code='(splink_best["match_weight"] >= 0.99).sum()'),
        Mistake(lambda: len(_splink_best()), N_(
            "That is every record with a likely resident, whatever the probability. Count "
            "only those at 0.99 or more."),
            code="len(splink_best)"),
        Mistake(lambda: _splink_count(threshold=99), N_(
            "A probability runs from 0 to 1: write 0.99, not 99."),
            code='(splink_best["match_probability"] >= 99).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Records are counted in whole numbers."),
                   code='float((splink_best["match_probability"] >= 0.99).sum())'),
    ),
)

splink_only = ValueProblem(
    expected=lambda: int(_splink_versus_course()["left_only"]),
    hints=(
        N_("In both_ways, \"left_only\" rows are links that only splink made, \"right_only\" "
           "rows links that only the course's functions made, \"both\" links they share."),
        N_("Compare the column \"_merge\" of both_ways with \"left_only\", then count the "
           "True values with .sum()."),
    ),
    mistakes=(
        Mistake(lambda: int(_splink_versus_course()["right_only"]), N_(
            "That counts the links only the course's functions made. splink_linked is the "
            "left table of the join: its own links are \"left_only\"."),
            code='(both_ways["_merge"] == "right_only").sum()'),
        Mistake(lambda: int(_splink_versus_course()["both"]), N_(
            "That counts the links both methods share. The question asks for the links only "
            "splink made: \"left_only\"."),
            code='(both_ways["_merge"] == "both").sum()'),
        Mistake(lambda: int(_splink_versus_course().sum()), N_(
            "You counted every row of the outer join, shared links included. Count only the "
            "rows whose \"_merge\" is \"left_only\"."),
            code="len(both_ways)"),
    ),
)

linkage_steps = OrderProblem(
    order=("b", "c", "d", "a", "e", "f"),
    hints=(
        N_("Scroll up through sections 3 to 5: in which order did each step need the one "
           "before?"),
        N_("Weights need the agreement levels, which need the pairs, which need tidy "
           "names. Judging comes last."),
    ),
    mistakes=(
        Mistake(lambda: ["c", "b", "d", "a", "e", "f"], N_(
            "Standardise first: blocking on the first letters of the surname needs names "
            "written one way, or \"Nicolò\" and \"NICOLO\" fall in different blocks."),
            code='"c", "b", "d", "a", "e", "f",'),
        Mistake(lambda: ["b", "c", "a", "d", "e", "f"], N_(
            "The weights come from m and u, which are shares of agreement levels: compare "
            "the pairs before you compute them."),
            code='"b", "c", "a", "d", "e", "f",'),
        Mistake(lambda: ["b", "c", "d", "a", "f", "e"], N_(
            "Judge the links you actually made: precision and recall depend on the threshold, "
            "so choose it first."),
            code='"b", "c", "d", "a", "f", "e",'),
    ),
)


# --- section 6: judging a linkage -----------------------------------------------------------

precision_always = ValueProblem(
    expected=lambda: _ratio(ALWAYS_LINK, "both", "both", "left_only"),
    hints=(
        N_("Precision: of the links made, the share that are right. The links made are "
           "\"both\" (right) and \"left_only\" (wrong)."),
        N_("Divide the right links by all the links made, reading each count from "
           "counts_always, for example counts_always[\"both\"]."),
    ),
    mistakes=(
        Mistake(lambda: _ratio(ALWAYS_LINK, "both", "both", "right_only"), N_(
            "That is recall: the share of the reviewer's matches that were found. Precision "
            "divides by the links made: \"both\" plus \"left_only\"."),
            code=('counts_always["both"] / (counts_always["both"] + '
                  'counts_always["right_only"])')),
        Mistake(lambda: _ratio(ALWAYS_LINK, "left_only", "both", "left_only"), N_(
            "That is the share of wrong links. Precision is the share of right ones: "
            "\"both\" on top."),
            code=('counts_always["left_only"] / (counts_always["both"] + '
                  'counts_always["left_only"])')),
        Mistake(lambda: float(_judged(ALWAYS_LINK)["both"] / len(_review())), N_(
            "You divided by every row of the review, non-matches included. Precision divides "
            "by the links made: \"both\" plus \"left_only\"."),
            code='counts_always["both"] / len(review)'),
    ),
    tries=(
        Try('counts_always["both"] / (counts_always["both"] + counts_always["left_only"]) '
            "* 100",
            N_("Your value looks 100 times too large: a percentage instead of a share?")),
    ),
)

recall_at_10 = ValueProblem(
    expected=lambda: _ratio(LINK_THRESHOLD, "both", "both", "right_only"),
    hints=(
        N_("Recall: of the reviewer's matches, the share the linkage found. The reviewer's "
           "matches are \"both\" (found) and \"right_only\" (missed)."),
        N_("Divide the matches found by all the reviewer's matches, reading each count "
           "from counts, for example counts[\"both\"]."),
    ),
    mistakes=(
        Mistake(lambda: _ratio(LINK_THRESHOLD, "right_only", "both", "right_only"), N_(
            "That is the share of matches the linkage missed. Recall is the share it found: "
            "\"both\" on top."),
            code='counts["right_only"] / (counts["both"] + counts["right_only"])'),
        Mistake(lambda: float(_judged(LINK_THRESHOLD)["both"] / len(_review())), N_(
            "You divided by every row of the review, non-matches included. Recall divides "
            "by the reviewer's matches: \"both\" plus \"right_only\"."),
            code='counts["both"] / len(review)'),
        Mistake(lambda: _ratio(LINK_THRESHOLD, "both", "both", "left_only"), N_(
            "That is precision: the share of the links made that are right. Recall divides "
            "by the reviewer's matches: \"both\" plus \"right_only\"."),
            code='counts["both"] / (counts["both"] + counts["left_only"])'),
    ),
)

error_costs = ChoiceProblem(
    correct=frozenset({"a", "c"}),
    explanations={
        "b": N_("A missed match is not harmless: one person followed by three services looks "
                "like three strangers, so nobody sees the whole situation, a referral is "
                "not followed up, a visit is missed."),
        "d": N_("The review holds 240 records: a share measured on them has an interval "
                "around it, and a rare error can be absent from a small sample. 100% on the "
                "sample is not a promise of no false matches at all."),
    },
    hints=(
        N_("Think of one family: what happens to them if someone else's record is joined "
           "to theirs? And if their own records are not joined?"),
        N_("Two statements are right. Look again at the interval under the counts."),
    ),
    tries=(
        Try('"a"', N_("Part of the answer: more than one option is right.")),
    ),
)


# --- section 7: people followed by several services ----------------------------------------

several_services = ValueProblem(
    expected=lambda: int((_per_person() >= 2).sum()),
    hints=(
        N_("per_person holds, for each resident, the number of different services that "
           "know them."),
        N_("Compare per_person with 2 (\"2 or more\" is >=), then count the True values "
           "with .sum()."),
    ),
    mistakes=(
        Mistake(lambda: int((_per_person() == 2).sum()), N_(
            "You counted the people in exactly two services. Two or more includes the "
            "people in all three: use >=."),
            code="(per_person == 2).sum()"),
        Mistake(lambda: int((_per_person() > 2).sum()), N_(
            "You counted only the people in all three services. Two or more is >= 2."),
            code="(per_person > 2).sum()"),
        Mistake(lambda: int((_per_person(distinct=False) >= 2).sum()), N_(
            "You counted people with two records or more, and one person can have two "
            "episodes of home care. Count different services: per_person uses .nunique()."),
            code='(linked.groupby("anagrafe_id").size() >= 2).sum()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("People are counted in whole numbers."),
                   code="float((per_person >= 2).sum())"),
    ),
)

several_per_1000 = TableProblem(
    expected=lambda: _several_by("municipality"),
    hints=(
        N_("The worked example does it by age band. Group by \"municipality\" instead."),
        N_("population.groupby(\"municipality\")[\"several\"].mean() gives a share for each "
           "comune; multiply it by 1000 for a rate per 1,000 residents."),
    ),
    mistakes=(
        Mistake(lambda: _several_by("municipality", how="sum"), N_(
            "These are counts of people. Large comuni have more of everyone: divide by the "
            "residents with .mean(), then multiply by 1000."),
            code='population.groupby("municipality")["several"].sum()'),
        Mistake(lambda: _several_by("municipality", scale=1), N_(
            "Your values look 1000 times too small: that is a share. Multiply by 1000 for a "
            "rate per 1,000 residents."),
            code='population.groupby("municipality")["several"].mean()'),
        Mistake(lambda: _several_by("municipality", scale=PERCENT), N_(
            "That is a rate per 100 residents. The question asks per 1,000: multiply by "
            "1000."),
            code='population.groupby("municipality")["several"].mean() * 100'),
        Mistake(lambda: _several_by("age_band"), N_(
            "That is the worked example, by age band. Group by \"municipality\"."),
            code='population.groupby("age_band")["several"].mean() * 1000'),
    ),
)

chart_several = ChartProblem(
    var="chart",
    expected=lambda: _several_by("municipality"),
    hints=(
        N_("Sort several_per_1000 with .sort_values(), then add .plot(kind=\"barh\", ...) as "
           "in module 03."),
        N_("Keep the result in the variable chart, with a title=\"...\", an xlabel=\"...\" "
           "and a ylabel=\"...\" in words a colleague understands."),
    ),
    mistakes=(
        Mistake(lambda: _several_by("municipality", how="sum"), N_(
            "Your bars show counts of people. Draw the rates per 1,000 residents, "
            "several_per_1000."),
            code=('chart = population.groupby("municipality")["several"].sum().sort_values()'
                  '.plot(kind="barh", title="Several services", xlabel="People", '
                  'ylabel="Comune")')),
        Mistake(lambda: _several_by("municipality", least=3), N_(
            "Your bars count only the people in all three services. Draw several_per_1000: "
            "two services or more."),
            code=('chart = (population["anagrafe_id"].isin(per_person[per_person == 3].index)'
                  '.groupby(population["municipality"]).mean() * 1000).sort_values()'
                  '.plot(kind="barh", title="Several services", xlabel="Per 1,000", '
                  'ylabel="Comune")')),
    ),
    hidden=(
        HiddenTest(_bars_named_by_comune, N_(
            "Each bar should be named after its comune: draw the Series several_per_1000 "
            "itself, whose index holds the comuni."),
            code=('chart = several_per_1000.sort_values().reset_index().plot(kind="barh", '
                  'y="several", title="Several services", xlabel="Per 1,000", '
                  'ylabel="Comune")')),
    ),
    tries=(
        Try('chart = several_per_1000.sort_values().plot(kind="barh", title="Several")',
            N_('Both axes need a label in words: use xlabel="..." and ylabel="..." in '
               ".plot(...), or ax.set_xlabel(...) and ax.set_ylabel(...).")),
    ),
)


# --- section 8: from the Assegno di inclusione to the employment centre ---------------------

reached_pct = ValueProblem(
    expected=lambda: _reached(_pathway()),
    hints=(
        N_("In pathway, the people who reached the employment centre have \"_merge\" equal "
           "to \"both\"."),
        N_("Compare the column \"_merge\" of pathway with \"both\": the .mean() of that "
           "True/False column is the share of True. Then multiply by 100."),
    ),
    mistakes=(
        Mistake(lambda: _reached(_pathway(), scale=1), N_(
            "Your number looks 100 times too small: that is a share. Multiply by 100 for a "
            "percentage."),
            code='(pathway["_merge"] == "both").mean()'),
        Mistake(lambda: int((_pathway()["_merge"] == "both").sum()), N_(
            "That is a number of people. The question asks for a percentage of the members "
            "referred: use .mean() and multiply by 100."),
            code='(pathway["_merge"] == "both").sum()'),
        Mistake(lambda: _reached(_pathway(working_age_only=False)), N_(
            "You divided by every AdI member, children, older and disabled people included. "
            "Only the members the pathway refers are expected at the employment centre: use "
            "pathway."),
            code=('(adi_people.merge(cpi_adi[["anagrafe_id", "registered_on"]], '
                  'on="anagrafe_id", how="left", indicator=True)["_merge"] == "both").mean() '
                  '* 100')),
    ),
)

median_days = ValueProblem(
    expected=lambda: float(_pathway()["days"].median()),
    hints=(
        N_("pathway[\"days\"] holds the days from the start of the AdI to the registration, "
           "empty for those who never registered."),
        N_("Waits are skewed, as in module 03: take the median, pathway[\"days\"].median()."),
    ),
    mistakes=(
        Mistake(lambda: float(_pathway()["days"].mean()), N_(
            "That is the mean. A few very long delays pull it up: take the median."),
            code='pathway["days"].mean()'),
        Mistake(lambda: float(-_pathway()["days"].median()), N_(
            "Your number is negative: subtract the start of the AdI from the registration, "
            "not the other way round."),
            code='(pathway["start_date"] - pathway["registered_on"]).dt.days.median()'),
        Mistake(lambda: float(_pathway()["days"].fillna(0).median()), N_(
            "You counted the people who never registered as 0 days. They did not arrive at "
            "all: leave them out (.median() skips empty values)."),
            code='pathway["days"].fillna(0).median()'),
    ),
)

pathway_break = ChoiceProblem(
    correct=frozenset({"a", "b"}),
    explanations={
        "c": N_("The employment register holds only the people who registered: it knows "
                "nothing about those who did not, nor why."),
        "d": N_("The data say that a record was not found, not why: an illness, a care "
                "burden, a wrong address, a missed link. Stopping a benefit on that alone "
                "would punish people for the gaps of the data."),
    },
    hints=(
        N_("Who is not in the employment register on 31 December 2025, and for which "
           "reasons that have nothing to do with the person?"),
        N_("Two statements are right: one is about time, one about the linkage itself."),
    ),
    tries=(
        Try('"a"', N_("Part of the answer: more than one option is right.")),
    ),
)


bind(__name__, globals())
