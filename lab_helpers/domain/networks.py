"""Collaboration networks for module 05: ties, openness (E-I index) and broker stability.

The graph is built with networkx; the E-I index (Krackhardt and Stern, 1988) is a few lines
of pandas; ``broker_stability`` asks how much a ranking of brokers depends on the ties that
happen to be on the list, by dropping a seeded share of them many times.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

from ..i18n import N_, _

# What kind of actor each type of organisation is (the four sectors of subsidiarity).
SECTOR = {
    "social-care managing body": "public", "municipality": "public",
    "health authority": "public", "employment centre": "public",
    "regional government": "public", "social cooperative": "third sector",
    "association": "third sector", "firm": "private", "banking foundation": "foundation",
}
# The sectors as a legend names them, in the learner's language (the data keep English values).
SECTOR_NAMES = {"public": N_("public"), "third sector": N_("third sector"),
                "private": N_("private"), "foundation": N_("foundation")}


def _legend_label(value: object) -> str:
    """A group's name in a legend: a sector in the learner's language, anything else as it is."""
    text = str(value)
    return _(SECTOR_NAMES[text]) if text in SECTOR_NAMES else text


def distinct_ties(partnerships: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of organisations, with ``weight``: the projects in which they are tied."""
    return (partnerships.groupby(["org_a", "org_b"], observed=True).size()
            .rename("weight").reset_index())


def partnership_graph(organisations: pd.DataFrame, partnerships: pd.DataFrame) -> nx.Graph:
    """Every organisation as a node (also those without a tie), every pair as a weighted edge."""
    graph = nx.Graph()
    graph.add_nodes_from(organisations["org_id"])
    for row in distinct_ties(partnerships).itertuples(index=False):
        graph.add_edge(row.org_a, row.org_b, weight=int(row.weight))
    return graph


def ei_index(ties: pd.DataFrame, group: Mapping[str, object] | pd.Series) -> float:
    """(external − internal) ÷ all ties, where a tie is internal when both ends share a group.

    Ties with an end outside every group (a missing value) are left out."""
    group = pd.Series(group)
    a, b = ties["org_a"].map(group), ties["org_b"].map(group)
    known = a.notna() & b.notna()
    internal = int((a[known] == b[known]).sum())
    external = int(known.sum()) - internal
    if internal + external == 0:
        raise ValueError(_("No tie has both ends in a group: check the grouping column."))
    return (external - internal) / (external + internal)


def ei_by_group(ties: pd.DataFrame, group: Mapping[str, object] | pd.Series) -> pd.Series:
    """Each group's E-I index: the ties of its members that leave it against those inside it."""
    group = pd.Series(group)
    a, b = ties["org_a"].map(group), ties["org_b"].map(group)
    same = a == b
    inside = a[same].value_counts()
    outside = pd.concat([a[~same], b[~same]]).value_counts()
    ei = outside.sub(inside, fill_value=0).div(outside.add(inside, fill_value=0))
    return ei.astype(float).sort_index().rename("ei_index")


def top_by_betweenness(graph: nx.Graph, top: int = 5) -> list[str]:
    """The ``top`` nodes of highest betweenness (ties broken by the node's name)."""
    scores = nx.betweenness_centrality(graph)
    return sorted(scores, key=lambda node: (-scores[node], str(node)))[:top]


_STABILITY: dict[tuple, pd.Series] = {}  # the same graph and settings are computed once


def broker_stability(graph: nx.Graph, drop_share: float = 0.1, runs: int = 50, top: int = 5,
                     seed: int = 2019) -> pd.Series:
    """How often each node is among the ``top`` brokers when a random ``drop_share`` of the
    ties is missing: the share of ``runs`` (seeded), highest first; nodes never in the top
    are left out."""
    if isinstance(drop_share, bool) or not isinstance(drop_share, int | float) or not (
            0 < drop_share < 1):
        raise ValueError(_("drop_share is a share of the ties: a number between 0 and 1, "
                           "like 0.1 for 10%."))
    if runs < 1 or top < 1:
        raise ValueError(_("runs and top must be whole numbers of at least 1."))
    key = (tuple(graph.nodes), tuple(graph.edges), drop_share, runs, top, seed)
    if key not in _STABILITY:
        _STABILITY[key] = _stability(graph, drop_share, runs, top, seed)
    return _STABILITY[key].copy()


def _stability(graph: nx.Graph, drop_share: float, runs: int, top: int,
               seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    edges = list(graph.edges())
    keep = len(edges) - round(drop_share * len(edges))
    counts: dict[str, int] = {}
    for _run in range(runs):
        sample = graph.edge_subgraph([edges[i] for i in rng.choice(len(edges), keep,
                                                                    replace=False)])
        thinned = nx.Graph(sample)
        thinned.add_nodes_from(graph.nodes)
        for node in top_by_betweenness(thinned, top):
            counts[node] = counts.get(node, 0) + 1
    shares = pd.Series(counts, dtype=float) / runs
    order = sorted(shares.index, key=lambda node: (-shares[node], str(node)))
    return shares[order].rename("share_of_runs")


SHAPES = ("o", "s", "^", "D", "v", "P")  # told apart without colour


def draw_network(graph: nx.Graph, colour_by: pd.Series, shape_by: pd.Series,
                 labels: Mapping[str, str], title: str, colour_title: str,
                 shape_title: str, seed: int = 2019):
    """Draw ``graph`` with colour-blind-safe colours (``colour_by``), a shape for each value
    of ``shape_by`` and a text label on the nodes of ``labels``; returns the Axes."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from ..plots import OKABE_ITO

    colours = sorted(colour_by.dropna().unique())
    shapes = sorted(shape_by.dropna().unique())
    if len(colours) > len(OKABE_ITO) or len(shapes) > len(SHAPES):
        raise ValueError(_("Too many groups to draw: use at most {colours} colours and "
                           "{shapes} shapes.").format(colours=len(OKABE_ITO),
                                                      shapes=len(SHAPES)))
    colour_of = dict(zip(colours, OKABE_ITO, strict=False))
    shape_of = dict(zip(shapes, SHAPES, strict=False))
    position = nx.spring_layout(graph, seed=seed, k=0.12, iterations=60)
    figure, axes = plt.subplots(figsize=(12, 8))
    figure.subplots_adjust(left=0.01, right=0.68)
    nx.draw_networkx_edges(graph, position, ax=axes, alpha=0.15, width=0.6)
    for colour in colours:
        for shape in shapes:
            nodes = [n for n in graph if colour_by.get(n) == colour and shape_by.get(n) == shape]
            nx.draw_networkx_nodes(graph, position, nodelist=nodes, ax=axes, node_size=45,
                                   node_color=colour_of[colour], node_shape=shape_of[shape],
                                   edgecolors="black", linewidths=0.4)
    for k, (node, text) in enumerate(sorted(dict(labels).items())):
        axes.annotate(text, position[node], xytext=(0, 14 if k % 2 == 0 else -18),
                      textcoords="offset points", ha="center", fontsize=10,
                      fontweight="bold", arrowprops={"arrowstyle": "-", "lw": 0.8},
                      bbox={"facecolor": "white", "edgecolor": "black", "alpha": 0.9,
                            "boxstyle": "round,pad=0.2"})
    by_colour = [Line2D([], [], marker="o", linestyle="", markersize=9, color=colour_of[c],
                        markeredgecolor="black", label=_legend_label(c)) for c in colours]
    by_shape = [Line2D([], [], marker=shape_of[s], linestyle="", markersize=9, color="white",
                       markeredgecolor="black", label=_legend_label(s)) for s in shapes]
    first = axes.legend(handles=by_colour, title=colour_title, loc="upper left",
                        bbox_to_anchor=(1.0, 1.0), frameon=False)
    axes.add_artist(first)
    axes.legend(handles=by_shape, title=shape_title, loc="lower left",
                bbox_to_anchor=(1.0, 0.0), frameon=False)
    axes.set_title(title)
    axes.set_axis_off()
    return axes
