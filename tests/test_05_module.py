"""Module 05's domain code: the network, the E-I index, broker stability and the drawing."""

from __future__ import annotations

import itertools

import matplotlib
import networkx as nx
import pandas as pd
import pytest

from lab_helpers.datasets import load_dataset
from lab_helpers.domain import networks
from lab_helpers.domain.networks import (
    SECTOR,
    broker_stability,
    distinct_ties,
    draw_network,
    ei_by_group,
    ei_index,
    partnership_graph,
    top_by_betweenness,
)

matplotlib.use("Agg")

TIES = pd.DataFrame({"org_a": ["A", "A", "B", "C"], "org_b": ["B", "C", "D", "D"]})
GROUP = {"A": "x", "B": "x", "C": "y", "D": "y"}  # A-B and C-D inside, A-C and B-D across


def test_ei_index_counts_external_minus_internal_over_all_ties():
    inside = [a for a, b in zip(TIES["org_a"], TIES["org_b"], strict=True)
              if GROUP[a] == GROUP[b]]
    external, internal = len(TIES) - len(inside), len(inside)
    assert ei_index(TIES, GROUP) == (external - internal) / len(TIES)
    assert ei_index(TIES, dict.fromkeys(GROUP, "same")) == -1
    assert ei_index(TIES, {k: k for k in GROUP}) == 1


def test_ei_index_leaves_out_ties_with_an_end_outside_every_group():
    partial = {"A": "x", "B": "x", "C": None, "D": None}
    assert ei_index(TIES, partial) == -1  # only A-B is known, and it is internal
    with pytest.raises(ValueError, match="grouping column"):
        ei_index(TIES, dict.fromkeys(GROUP))


def test_each_group_counts_its_ties_inside_and_every_tie_that_leaves_it():
    group = {"A": "x", "B": "x", "C": "y", "D": "z"}  # y and z have no tie inside
    ei = ei_by_group(TIES, group)
    assert ei["x"] == (2 - 1) / 3  # A-B inside; A-C and B-D leave x
    assert ei["y"] == 1 and ei["z"] == 1  # no NaN for a group with no tie inside
    assert list(ei.index) == sorted(ei.index)


def test_the_graph_keeps_organisations_without_ties_and_weighs_pairs_by_projects():
    orgs = pd.DataFrame({"org_id": ["A", "B", "C", "E"]})
    rows = pd.DataFrame({"org_a": ["A", "A", "B"], "org_b": ["B", "B", "C"],
                         "project_id": ["P1", "P2", "P1"]})
    graph = partnership_graph(orgs, rows)
    assert set(graph) == {"A", "B", "C", "E"} and list(nx.isolates(graph)) == ["E"]
    assert graph["A"]["B"]["weight"] == 2 and graph["B"]["C"]["weight"] == 1
    assert distinct_ties(rows)["weight"].sum() == len(rows)


def test_broker_stability_is_seeded_and_each_run_counts_its_top_brokers():
    graph = nx.les_miserables_graph()
    first = broker_stability(graph, drop_share=0.1, runs=8, top=3, seed=7)
    networks._STABILITY.clear()  # computed afresh, not read from the cache
    again = broker_stability(graph.copy(), drop_share=0.1, runs=8, top=3, seed=7)
    pd.testing.assert_series_equal(first.sort_index(), again.sort_index())
    assert first.sum() == pytest.approx(3)  # each of the 8 runs adds its 3 brokers
    assert first.between(0, 1).all() and first.is_monotonic_decreasing


def test_a_star_keeps_its_centre_as_the_broker_whatever_ties_are_missing():
    star = nx.star_graph(12)
    shares = broker_stability(star, drop_share=0.1, runs=10, top=1, seed=1)
    assert shares.to_dict() == {0: 1.0}
    assert top_by_betweenness(star, 1) == [0]


@pytest.mark.parametrize("share", [0, 1, 1.5, -0.1, "0.1", True])
def test_broker_stability_refuses_a_share_that_is_not_between_0_and_1(share):
    with pytest.raises(ValueError, match="between 0 and 1"):
        broker_stability(nx.path_graph(4), drop_share=share, runs=2)


def test_the_drawing_has_its_title_a_legend_per_channel_and_text_labels():
    graph = nx.path_graph(["A", "B", "C"])
    colour = pd.Series({"A": "north", "B": "south", "C": "south"})
    shape = pd.Series({"A": "public", "B": "public", "C": "private"})
    axes = draw_network(graph, colour, shape, {"B": "B"}, "Title", "Area", "Sector")
    assert axes.get_title() == "Title"
    assert "B" in [t.get_text() for t in axes.texts]
    legends = [child for child in axes.get_children()
               if isinstance(child, matplotlib.legend.Legend)]
    assert {lg.get_title().get_text() for lg in legends} == {"Area", "Sector"}
    markers = {line.get_marker() for lg in legends for line in lg.legend_handles}
    assert len(markers) >= 2  # the sectors differ by shape, not only by colour
    many = nx.path_graph(list("ABCDEFGH"))
    one_each = pd.Series({node: node for node in many})  # 8 shapes: more than we can draw
    with pytest.raises(ValueError, match="Too many groups"):
        draw_network(many, one_each.map(lambda _n: "north"), one_each, {}, "T", "C", "S")


# --- the shipped network holds what module 05 teaches ----------------------------------------

def _network_data():
    orgs, edges = load_dataset("organisations"), load_dataset("partnerships")
    return orgs, edges, partnership_graph(orgs, edges)


def test_three_districts_are_closed_as_the_partnerships_card_says():
    orgs, edges, _graph = _network_data()
    district = orgs.set_index("org_id")["district_id"]
    ei = ei_by_group(distinct_ties(edges), district)
    closed = ei[ei < 0]
    assert len(closed) == 3
    pacts = load_dataset("projects").query("kind == 'subsidiarity pact'")
    pact_districts = set(pacts["lead_org_id"].map(district))
    assert set(closed.index) <= pact_districts  # closed by their pact


def test_closed_pacts_tie_every_pair_of_their_members():
    _orgs, edges, _graph = _network_data()
    pacts = edges[edges["kind"] == "subsidiarity pact"]
    complete = 0
    for _project, ties in pacts.groupby("project_id"):
        members = set(ties["org_a"]) | set(ties["org_b"])
        pairs = set(zip(ties["org_a"], ties["org_b"], strict=True))
        if pairs == {tuple(sorted(p)) for p in itertools.combinations(members, 2)}:
            complete += 1
    assert complete >= 3


def test_the_network_has_real_brokers_and_a_few_small_components():
    orgs, _edges, graph = _network_data()
    sizes = sorted((len(c) for c in nx.connected_components(graph)), reverse=True)
    assert sizes[0] > 0.9 * len(orgs) and 1 < len(sizes) < 6
    brokers = top_by_betweenness(graph, 5)
    degree = dict(graph.degree())
    assert max(degree, key=degree.get) not in brokers[:1]  # the best connected is not the broker
    assert set(SECTOR) == set(orgs["org_type"].cat.categories)


def test_the_network_legend_names_sectors_in_the_learners_language():
    from lab_helpers.domain.networks import _legend_label
    from lab_helpers.i18n import set_language

    set_language("it")
    try:
        assert _legend_label("third sector") == "Terzo settore"
        assert _legend_label("public") == "pubblico"
        assert _legend_label("Città metropolitana di Torino") == "Città metropolitana di Torino"
    finally:
        set_language("en")
    assert _legend_label("third sector") == "third sector"
