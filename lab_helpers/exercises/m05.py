"""Module 05, networks and subsidiarity: the exercises of the notebook.

They check the collaboration network built from ``partnerships`` and ``organisations``
(``projects`` for the two-mode network): ties, isolates, the projection, degree,
components, betweenness, constraint, a broker's removal, communities, the E-I index and
the stability of the brokers when ties are missing.

Every expected value (and every plausible wrong one) is computed here from the shipped
data, never typed in, so a regenerated dataset cannot drift from its checks. Messages and
hints are English, marked with ``N_()``; the Italian is in
``locale/it/LC_MESSAGES/m05.po``.
"""

from __future__ import annotations

from functools import cache

import networkx as nx
import pandas as pd
from networkx.algorithms import bipartite
from networkx.algorithms.community import louvain_communities

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
from ..domain.networks import SECTOR, broker_stability, distinct_ties, partnership_graph
from ..i18n import N_

FUNDED = ("WECARE Misura 1", "WECARE Misura 2")  # the ties that come with a WECARE grant
LEAVING = "ORG008"  # the broker whose leaving the learner tests (section 6)
SEED = 2019  # the seed of the community detection (the year of the Torino protocol)
STABLE = 0.8  # a broker is stable when it is in the top 5 in at least 80% of the runs
TOP = 5


# --- reference code ---------------------------------------------------------------------------

def _organisations() -> pd.DataFrame:
    return load_dataset("organisations")


def _partnerships() -> pd.DataFrame:
    return load_dataset("partnerships")


@cache
def _network() -> nx.Graph:
    return partnership_graph(_organisations(), _partnerships())


def _ties() -> pd.DataFrame:
    return _partnerships().drop_duplicates(["org_a", "org_b"])


def _funded() -> nx.Graph:
    funded = _partnerships()[_partnerships()["kind"].isin(FUNDED)]
    graph = nx.Graph()
    graph.add_nodes_from(_organisations()["org_id"])
    graph.add_edges_from(zip(funded["org_a"], funded["org_b"], strict=True))
    return graph


def _memberships() -> pd.DataFrame:
    frame = _partnerships()
    both = pd.concat([frame[["org_a", "project_id"]].rename(columns={"org_a": "org_id"}),
                      frame[["org_b", "project_id"]].rename(columns={"org_b": "org_id"})])
    return both.drop_duplicates()


@cache
def _projection() -> nx.Graph:
    two_mode = nx.Graph()
    two_mode.add_nodes_from(_organisations()["org_id"], bipartite=0)
    two_mode.add_nodes_from(load_dataset("projects")["project_id"], bipartite=1)
    members = _memberships()
    two_mode.add_edges_from(zip(members["org_id"], members["project_id"], strict=True))
    return bipartite.weighted_projected_graph(two_mode, _organisations()["org_id"].tolist())


def _weights(graph: nx.Graph) -> pd.Series:
    return pd.Series([d["weight"] for _a, _b, d in graph.edges(data=True)], dtype=int)


def _degree(weight: str | None = None) -> pd.Series:
    return pd.Series(dict(_network().degree(weight=weight)))


def _sizes(graph: nx.Graph, reverse: bool = True) -> list[int]:
    return sorted((len(c) for c in nx.connected_components(graph)), reverse=reverse)


def _betweenness() -> pd.Series:
    return pd.Series(nx.betweenness_centrality(_network()))


def _constraint() -> pd.Series:
    return pd.Series(nx.constraint(_network()))


def _top(series: pd.Series, ascending: bool = False) -> list[str]:
    return series.sort_values(ascending=ascending).head(TOP).index.tolist()


def _without(node: str) -> int:
    return nx.number_connected_components(_network().subgraph(
        [org for org in _network() if org != node]))


@cache
def _members_table() -> pd.DataFrame:
    """Each organisation's community, with its province, sector and main project."""
    communities = louvain_communities(_network(), weight="weight", seed=SEED)
    community = {org: k for k, group in enumerate(communities) for org in group}
    frame = _organisations().set_index("org_id")
    members = pd.DataFrame({"community": pd.Series(community)}).join(frame)
    members["sector"] = members["org_type"].map(SECTOR)
    return members


def _usual(column: str) -> pd.Series:
    return _members_table().groupby("community")[column].agg(lambda values: values.mode()[0])


def _match(column: str, usual: str | None = None) -> float:
    members = _members_table().dropna(subset=[column])
    return float((members[column] == members["community"].map(_usual(usual or column))).mean())


def _ei(column: str, denominator: int | None = None, reverse: bool = False) -> float:
    ties = _ties()
    group = _organisations().set_index("org_id")[column]
    if column == "org_type":
        group = group.map(SECTOR)
    same = ties["org_a"].map(group) == ties["org_b"].map(group)
    internal, external = int(same.sum()), int((~same).sum())
    sign = -1 if reverse else 1
    return sign * (external - internal) / (denominator or external + internal)


def _inside_outside() -> tuple[pd.Series, pd.Series]:
    district = _organisations().set_index("org_id")["district_id"]
    a, b = _ties()["org_a"].map(district), _ties()["org_b"].map(district)
    same = a == b
    return a[same].value_counts(), pd.concat([a[~same], b[~same]]).value_counts()


def _district_ei(kind: str = "right") -> pd.Series:
    inside, outside = _inside_outside()
    if kind == "reversed":
        return inside.sub(outside, fill_value=0) / outside.add(inside, fill_value=0)
    if kind == "over_outside":
        return outside.sub(inside, fill_value=0) / outside
    return outside.sub(inside, fill_value=0) / outside.add(inside, fill_value=0)


def _closed(threshold: str = "below") -> list[str]:
    ei = _district_ei()
    if threshold == "above":
        return sorted(ei[ei > 0].index)
    if threshold == "lowest":
        return ei.sort_values().head(TOP).index.tolist()
    return sorted(ei[ei < 0].index)


def _stability() -> pd.Series:
    return broker_stability(_network(), drop_share=0.1, runs=50, top=TOP, seed=SEED)


def _stable(strict: bool = False) -> list[str]:
    shares = _stability()
    return sorted(shares[shares > STABLE].index if strict else shares[shares >= STABLE].index)


# --- section 1: subsidiarity and co-programming -------------------------------------------

art55_order = OrderProblem(
    order=("c", "d", "a", "b"),
    hints=(
        N_("Art. 55 names co-programming first: it decides the needs and the resources. "
           "Co-design comes after, on needs already defined."),
        N_("The network of who works with whom is read before the table meets, to know whom "
           "to invite; carrying out the project and reviewing it come last."),
    ),
    mistakes=(
        Mistake(lambda: ["c", "a", "d", "b"], N_(
            "Co-design works on needs already defined: co-programming, which defines them, "
            "comes before it."),
            code='"c", "a", "d", "b",'),
    ),
    tries=(
        Try('"d", "c", "a", "b",', N_("Think again about which step comes first.")),
    ),
)


# --- section 2: from a table of partnerships to a network ---------------------------------

tie_count = ValueProblem(
    expected=lambda: len(_ties()),
    hints=(
        N_("Two organisations that work together in two projects have two rows. A tie in the "
           "network is the pair, counted once."),
        N_("Keep one row per pair with .drop_duplicates([\"org_a\", \"org_b\"]), then count the "
           "rows with len( )."),
    ),
    mistakes=(
        Mistake(lambda: len(_partnerships()), N_(
            "That is the number of rows: a pair that works together in several projects is "
            "counted once per project. Keep one row per pair of org_a and org_b."),
            code="len(partnerships)"),
        Mistake(lambda: int(pd.concat([_partnerships()["org_a"],
                                       _partnerships()["org_b"]]).nunique()), N_(
            "That is the number of organisations (the nodes), not of ties between them."),
            code='pd.concat([partnerships["org_a"], partnerships["org_b"]]).nunique()'),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Ties are counted in whole numbers: count them with "
                                       "len( )."),
                   code='float(len(partnerships.drop_duplicates(["org_a", "org_b"])))'),
    ),
    right=('partnerships.drop_duplicates(["org_a", "org_b"]).shape[0]',),
)

funded_isolates = ValueProblem(
    expected=lambda: len(list(nx.isolates(_funded()))),
    hints=(
        N_("nx.isolates(funded) gives the organisations of funded that have no tie at all."),
        N_("Turn them into a list and count it: len(list(nx.isolates(funded)))."),
    ),
    mistakes=(
        Mistake(lambda: len(list(nx.isolates(_network()))), N_(
            "You counted in network, where every organisation has at least one tie. Count in "
            "funded, the network of the WECARE projects only."),
            code="len(list(nx.isolates(network)))"),
        Mistake(lambda: nx.number_connected_components(_funded()), N_(
            "That is the number of components, isolates included. Count only the "
            "organisations with no funded tie: nx.isolates(funded)."),
            code="nx.number_connected_components(funded)"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Organisations are counted in whole numbers."),
                   code="float(len(list(nx.isolates(funded))))"),
    ),
)


# --- section 3: organisations and projects, two modes -------------------------------------

shared_twice = ValueProblem(
    expected=lambda: int((_weights(_projection()) >= 2).sum()),
    hints=(
        N_("The worked example put the weight of every pair of the projection in "
           "shared_projects."),
        N_("Two or more is written >= 2. Add up the True values with .sum()."),
    ),
    mistakes=(
        Mistake(lambda: int((_weights(_projection()) > 2).sum()), N_(
            "You counted the pairs that share more than two projects. Two or more is >= 2."),
            code="(shared_projects > 2).sum()"),
        Mistake(lambda: int((distinct_ties(_partnerships())["weight"] >= 2).sum()), N_(
            "You counted in the partnerships table, where a pair appears only where the two "
            "declared a tie. Count in the projection: shared_projects."),
            code=('(partnerships.groupby(["org_a", "org_b"]).size() >= 2).sum()')),
        Mistake(lambda: _projection().number_of_edges(), N_(
            "That is every pair of the projection. Keep the pairs that share two projects or "
            "more."),
            code="len(shared_projects)"),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Pairs are counted in whole numbers."),
                   code="float((shared_projects >= 2).sum())"),
    ),
)

projection_ratio = RangeProblem(
    low=lambda: 0.9 * _projection().number_of_edges() / _network().number_of_edges(),
    high=lambda: 1.1 * _projection().number_of_edges() / _network().number_of_edges(),
    hints=(
        N_("Divide the pairs of the projection by the ties of the network: both numbers are "
           "printed above."),
        N_("Any number within 10% of that ratio is right: one decimal is enough, written with "
           "a point, like 1.5."),
    ),
    mistakes=(
        Mistake(lambda: _network().number_of_edges() / _projection().number_of_edges(), N_(
            "Your division is upside down: put the projection's pairs first."),
            code="0.47"),
    ),
    tries=(
        Try("10", N_("Your estimate is too high: look again at the figures above.")),
    ),
)


# --- section 4: who has most partners, and who is cut off ---------------------------------

partners = TableProblem(
    expected=lambda: _degree(),
    check_index=True,
    hints=(
        N_("network.degree() gives each organisation with its number of partners; dict( ) and "
           "pd.Series( ) turn it into a column, as in the worked example for projects."),
        N_("pd.Series(dict(network.degree()))"),
    ),
    mistakes=(
        Mistake(lambda: _degree("weight"), N_(
            "You counted with the weights: a partner met in two projects counts twice. Count "
            "each partner once: network.degree() without weight."),
            code='pd.Series(dict(network.degree(weight="weight")))'),
        Mistake(lambda: _partnerships()["org_a"].value_counts(), N_(
            "You counted the rows where an organisation is org_a only: it can also be org_b, "
            "and rows repeat a pair for each project. Use the network: network.degree()."),
            code='partnerships["org_a"].value_counts()'),
    ),
)

component_sizes = ValueProblem(
    expected=lambda: _sizes(_network()),
    hints=(
        N_("nx.connected_components(network) gives each component as a set of organisations; "
           "len( ) of a set is its size."),
        N_("sorted([len(c) for c in nx.connected_components(network)], reverse=True)"),
    ),
    mistakes=(
        Mistake(lambda: nx.number_connected_components(_network()), N_(
            "That is how many components there are. The question asks for the size of each, "
            "in a list."),
            code="nx.number_connected_components(network)"),
        Mistake(lambda: _sizes(_network(), reverse=False), N_(
            "Sorted the other way: the largest component comes first, with reverse=True."),
            code="sorted([len(c) for c in nx.connected_components(network)])"),
        Mistake(lambda: _sizes(_funded()), N_(
            "These are the components of the funded network. Use network, with every tie."),
            code="sorted([len(c) for c in nx.connected_components(funded)], reverse=True)"),
    ),
)


# --- section 5: brokers and structural holes ----------------------------------------------

top_brokers = ValueProblem(
    expected=lambda: _top(_betweenness()),
    hints=(
        N_("Sort betweenness from the highest, keep the first five, and take their codes from "
           "the index."),
        N_("betweenness.sort_values(ascending=False).head(5).index.tolist()"),
    ),
    mistakes=(
        Mistake(lambda: _top(_degree()), N_(
            "These are the five organisations with most partners (degree). A broker is on the "
            "shortest paths between others: sort betweenness."),
            code="partners.sort_values(ascending=False).head(5).index.tolist()"),
        Mistake(lambda: _top(_betweenness(), ascending=True), N_(
            "Sorted the other way: these are the organisations on no one's path. Use "
            "ascending=False."),
            code="betweenness.sort_values().head(5).index.tolist()"),
    ),
)

open_brokers = ValueProblem(
    expected=lambda: _top(_constraint().dropna(), ascending=True),
    hints=(
        N_("Low constraint means partners who are not tied to each other: sort constraint from "
           "the lowest."),
        N_("constraint.sort_values().head(5).index.tolist()"),
    ),
    mistakes=(
        Mistake(lambda: _top(_constraint().dropna()), N_(
            "These are the most constrained organisations, whose partners all know each "
            "other. Sort from the lowest constraint."),
            code="constraint.sort_values(ascending=False).head(5).index.tolist()"),
        Mistake(lambda: _top(_betweenness()), N_(
            "These are the five of highest betweenness, the previous exercise. Here sort the "
            "constraint, from the lowest."),
            code="betweenness.sort_values(ascending=False).head(5).index.tolist()"),
    ),
)


# --- section 6: when a broker leaves ------------------------------------------------------

components_without = ValueProblem(
    expected=lambda: _without(LEAVING),
    hints=(
        N_("Copy the worked example: the network without one organisation, then count its "
           "components."),
        N_("Change only the code of the organisation that leaves: \"ORG008\"."),
    ),
    mistakes=(
        Mistake(lambda: nx.number_connected_components(_network()), N_(
            "That is the count with every organisation, or without the worked example's "
            "broker. Leave \"ORG008\" out of the network, then count."),
            code="nx.number_connected_components(network)"),
        Mistake(lambda: _without("ORG027"), N_(
            "You removed ORG027, the organisation with most partners. The question is about "
            "ORG008."),
            code=('nx.number_connected_components(network.subgraph('
                  '[org for org in network if org != "ORG027"]))')),
    ),
    hidden=(
        HiddenTest(is_whole_number, N_("Components are counted in whole numbers.")),
    ),
)


# --- section 7: communities ----------------------------------------------------------------

sector_match = ValueProblem(
    expected=lambda: _match("sector"),
    hints=(
        N_("The cell already computes usual_sector, the most common sector of each "
           "community. Copy the worked example's last line and change the column."),
        N_("Compare members[\"sector\"] with members[\"community\"].map(usual_sector), then "
           "take the mean of the True values with .mean()."),
    ),
    mistakes=(
        Mistake(lambda: _match("province"), N_(
            "That is the share for provinces, the worked example. Use the column \"sector\"."),
            code="province_match"),
        Mistake(lambda: _match("sector", usual="province"), N_(
            "You compared each sector with the usual province of its community. Map the "
            "communities to usual_sector."),
            code='(members["sector"] == members["community"].map(usual_province)).mean()'),
    ),
)

community_reading = ChoiceProblem(
    correct=frozenset({"b"}),
    explanations={
        "a": N_("Compare each share with what chance alone gives: half the organisations are "
                "third sector, so a community's usual sector matches about half of them "
                "anyway."),
        "c": N_("Projects do shape the communities, but only a minority of organisations sit "
                "with the others of their main project: projects cross communities."),
        "d": N_("Louvain found communities, and they are not random: most organisations share "
                "their community's province."),
    },
    hints=(
        N_("For each share, ask what it would be by chance: how many organisations are of the "
           "most common sector, or province, anyway?"),
        N_("A share well above its chance value means that the communities follow that "
           "grouping; a share close to it means they do not."),
    ),
)


# --- section 8: how open is a territory ---------------------------------------------------

ei_sectors = ValueProblem(
    expected=lambda: _ei("org_type"),
    hints=(
        N_("The cell already computes same_sector: True for a tie inside one sector. Copy the "
           "worked example's formula with same_sector."),
        N_("External minus internal, divided by all ties: ((~same_sector).sum() - "
           "same_sector.sum()) / len(ties)."),
    ),
    mistakes=(
        Mistake(lambda: _ei("org_type", reverse=True), N_(
            "Your sign is reversed: the E-I index puts the external ties first, "
            "(external - internal)."),
            code="(same_sector.sum() - (~same_sector).sum()) / len(ties)"),
        Mistake(lambda: _ei("org_type", denominator=len(_partnerships())), N_(
            "You divided by the rows of partnerships, where pairs that work together in "
            "several projects count several times. Divide by the ties, one row per pair."),
            code="((~same_sector).sum() - same_sector.sum()) / len(partnerships)"),
        Mistake(lambda: _ei("province"), N_(
            "That is the E-I index between provinces, the worked example. Map to sector."),
            code="ei_provinces"),
    ),
)

district_ei = TableProblem(
    expected=lambda: _district_ei(),
    check_index=True,
    check_dtype=False,
    hints=(
        N_("The same formula as before, with the two columns inside and outside: "
           "(outside - inside) / (outside + inside)."),
        N_("A district with no tie inside is missing from inside: write "
           "outside.sub(inside, fill_value=0) for outside - inside, and "
           "outside.add(inside, fill_value=0) for outside + inside."),
    ),
    mistakes=(
        Mistake(lambda: _district_ei("reversed"), N_(
            "Your sign is reversed: put the ties going outside first, outside - inside."),
            code=("inside.sub(outside, fill_value=0) / outside.add(inside, fill_value=0)")),
        Mistake(lambda: _district_ei("over_outside"), N_(
            "Divide by all the district's ties, outside + inside, not by the outside ties "
            "only."),
            code="outside.sub(inside, fill_value=0) / outside"),
    ),
)

closed_districts = ValueProblem(
    expected=lambda: _closed(),
    hints=(
        N_("A closed district has an E-I index below 0: more ties inside than outside."),
        N_("sorted(district_ei[district_ei < 0].index)"),
    ),
    mistakes=(
        Mistake(lambda: _closed("above"), N_(
            "These are the open districts, with an index above 0. Keep those below 0."),
            code="sorted(district_ei[district_ei > 0].index)"),
        Mistake(lambda: _closed("lowest"), N_(
            "The five lowest are not all closed: closed means an index below 0."),
            code="district_ei.sort_values().head(5).index.tolist()"),
    ),
)


# --- section 9: how sure can we be --------------------------------------------------------

stable_brokers = ValueProblem(
    expected=lambda: _stable(),
    hints=(
        N_("stability holds, for each organisation, the share of the 50 runs in which it was "
           "among the five brokers."),
        N_("At least 80% of the runs is >= 0.8; keep the codes with sorted( ... .index)."),
    ),
    mistakes=(
        Mistake(lambda: _stable(strict=True), N_(
            "You left out the organisations at exactly 80%: at least 80% is >= 0.8."),
            code="sorted(stability[stability > 0.8].index)"),
        Mistake(lambda: sorted(_top(_betweenness())), N_(
            "These are the five brokers of the complete list. Keep those that stay in the top "
            "five in at least 80% of the runs."),
            code="sorted(top_brokers)"),
    ),
    tries=(
        Try("stability[stability >= 0.8].index.tolist()",
            N_("The items are right but in a different order.")),
    ),
)

survive_reading = ChoiceProblem(
    correct=frozenset({"a", "c"}),
    explanations={
        "b": N_("The runs drop ties at random. The missing ties of real life are not random: "
                "informal ties and unfunded work are missing everywhere the list is built "
                "from grants."),
        "d": N_("The exact order of the brokers changes from run to run: only the small group "
                "at the top is stable, not their ranks."),
    },
    hints=(
        N_("Look at which organisations stay in the top five, and ask whether their order "
           "also stays the same."),
        N_("More than one option is right. Think also about which ties are missing from a "
           "list built from funded projects."),
    ),
    tries=(
        Try('"a"', N_("Part of the answer: more than one option is right.")),
    ),
)


bind(__name__, globals())
