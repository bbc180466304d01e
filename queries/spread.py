"""How resources can spread from a source through the graph (pure functions of a KnowledgeGraph).

The diffusion model: a resource passes along any relation, in either direction, with the weight
of its type (data/spread_weights.tsv); a path's score is the product of its weights, and each
organisation's score is that of its best path within `steps` hops (Dijkstra on -log(weight)).
With `since`, events dated before that year, or undated, carry nothing, and a path must respect
time: it passes through events in date order, as a resource reaches an event only after it
reached the sender. Personalised PageRank is the second view: where a random walk that keeps
returning to the source spends its time. Bridges are the relations on the explaining paths whose
ends lie in different regions.

Speed (see docs/scale.md): the weighted view of a graph is built once per KnowledgeGraph (and
`since`) and cached; paths run in scipy's compiled multi-source Dijkstra and PageRank in igraph
(PRPACK), both well under a second at 1M relations. benchmarks/reference_spread.py keeps the
networkx implementation they are checked against.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from graph.model import KnowledgeGraph
from ingest.lexicon import DATA
from ingest.normalize import normalize_name
from queries.derived import derived

ORGANISATIONS = frozenset({"School", "University", "Authority", "Alliance", "Organization"})
PAGERANK_ALPHA = 0.85


@dataclass
class SpreadResult:
    """Reached organisations with the path that explains each, and the cross-region bridges."""

    source: str
    steps: int
    since: int | None
    reached: list[dict[str, Any]] = field(default_factory=list)
    bridges: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "steps": self.steps, "since": self.since,
                "reached": self.reached, "bridges": self.bridges}

    def by_step(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for r in self.reached:
            out[r["step"]] = out.get(r["step"], 0) + 1
        return dict(sorted(out.items()))

    def by_region(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.reached:
            region = r["region"] or "未知"
            out[region] = out.get(region, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def load_weights(path=DATA / "spread_weights.tsv") -> dict[tuple[str, str], float]:
    with open(path, encoding="utf-8") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    return {(r[0], r[1]): float(r[2]) for r in csv.reader(rows, delimiter="\t")}


def find_entity(kg: KnowledgeGraph, name: str) -> str | None:
    """The node named `name` (or with it as an alias); organisations before other labels."""
    hits = list(derived(kg, "names", lambda: _name_index(kg)).get(normalize_name(name), ()))
    hits.sort(key=lambda k: kg.g.nodes[k]["label"] not in ORGANISATIONS)
    return hits[0] if hits else None


def _name_index(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Normalised name or alias -> node keys, in node order."""
    index: dict[str, list[str]] = {}
    for key, d in kg.entities():
        for norm in dict.fromkeys([normalize_name(d["name"]), *(normalize_name(a) for a in d["aliases"])]):
            index.setdefault(norm, []).append(key)
    return index




def region_of(kg: KnowledgeGraph, key: str) -> str:
    """The region an entity is located in (its most specific named one), or the region itself."""
    node = kg.g.nodes[key]
    if node["label"] == "Region":
        return node["name"]
    for _, dst, data in kg.g.out_edges(key, data=True):
        if data["type"] in ("LOCATED_IN", "HELD_IN"):
            return kg.g.nodes[dst]["name"]
    return ""


class DiffusionView:
    """The weighted undirected view as arrays: one edge per related pair with its best weight,
    a CSR matrix of costs -log(weight) for Dijkstra, and an igraph Graph for PageRank."""

    def __init__(self, kg: KnowledgeGraph, weights: dict[tuple[str, str], float], since: int | None) -> None:
        self.keys = list(kg.g.nodes)
        index = {key: i for i, key in enumerate(self.keys)}
        self.types = sorted({d["type"] for _, _, d in kg.relations()})
        type_code = {t: i for i, t in enumerate(self.types)}
        rows: list[tuple[int, int, float, int]] = []
        for src, dst, data in kg.relations():
            if since is not None and not _event_in_time(kg, src, dst, since):
                continue
            kind = data["properties"].get("kind", "")
            weight = weights.get((data["type"], kind), weights.get((data["type"], ""), 0.0))
            if weight > 0:
                a, b = index[src], index[dst]
                rows.append((min(a, b), max(a, b), weight, type_code[data["type"]]))
        a, b, w, t = (np.array(col) for col in zip(*rows)) if rows else (np.zeros(0, int),) * 2 + (
            np.zeros(0), np.zeros(0, int))
        # one edge per pair: the first of the heaviest, as in relation order
        order = np.lexsort((-w, b, a)) if len(a) else np.zeros(0, int)
        a, b, w, t = a[order], b[order], w[order], t[order]
        first = np.ones(len(a), bool)
        first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
        self.a, self.b, self.w, self.t = a[first], b[first], w[first], t[first]
        n = len(self.keys)
        both_a, both_b = np.concatenate([self.a, self.b]), np.concatenate([self.b, self.a])
        cost = np.maximum(-np.log(np.concatenate([self.w, self.w])), 1e-12)  # a zero would read as no edge
        self.cost = csr_matrix((cost, (both_a, both_b)), shape=(n, n))
        self.cost.sort_indices()
        self.type_of = csr_matrix((np.concatenate([self.t, self.t]) + 1, (both_a, both_b)), shape=(n, n))
        self.type_of.sort_indices()
        self._igraph: ig.Graph | None = None

    def igraph(self) -> ig.Graph:
        if self._igraph is None:
            self._igraph = ig.Graph(n=len(self.keys), edges=np.column_stack([self.a, self.b]).tolist(),
                                    edge_attrs={"weight": self.w.tolist()})
        return self._igraph

    def edge_type(self, i: int, j: int) -> str:
        lo, hi = self.type_of.indptr[i], self.type_of.indptr[i + 1]
        pos = lo + int(np.searchsorted(self.type_of.indices[lo:hi], j))
        return self.types[int(self.type_of.data[pos]) - 1]


def diffusion_view(kg: KnowledgeGraph, weights: dict[tuple[str, str], float] | None = None,
                   since: int | None = None) -> DiffusionView:
    """The cached DiffusionView of `kg` for these weights and `since` (built on first use)."""
    weights = weights or load_weights()
    return derived(kg, ("view", tuple(sorted(weights.items())), since), lambda: DiffusionView(kg, weights, since))


def diffusion_graph(kg: KnowledgeGraph, weights: dict[tuple[str, str], float], since: int | None) -> nx.Graph:
    """The view as a networkx Graph: one edge per related pair with its best weight and `cost` = -log(weight)."""
    view = diffusion_view(kg, weights, since)
    graph = nx.Graph()
    graph.add_nodes_from(view.keys)
    graph.add_edges_from((view.keys[a], view.keys[b], {"weight": w, "cost": -math.log(w), "type": view.types[t]})
                         for a, b, w, t in zip(view.a.tolist(), view.b.tolist(), view.w.tolist(), view.t.tolist()))
    return graph


def _event_in_time(kg: KnowledgeGraph, src: str, dst: str, since: int) -> bool:
    for key in (src, dst):
        node = kg.g.nodes[key]
        if node["label"] == "Event":
            year = _year(node)
            return year is not None and year >= since
    return True


def _year(node: dict[str, Any]) -> int | None:
    date = node["properties"].get("date") or ""
    return int(date[:4]) if date[:4].isdigit() else None


def _respects_time(kg: KnowledgeGraph, path: list[str]) -> bool:
    years = [y for key in path if kg.g.nodes[key]["label"] == "Event" and (y := _year(kg.g.nodes[key])) is not None]
    return years == sorted(years)


def spread(kg: KnowledgeGraph, source: str, steps: int = 3, since: int | None = None,
           weights: dict[tuple[str, str], float] | None = None) -> SpreadResult:
    """Organisations a resource can reach from `source` within `steps` hops, best path first."""
    result = SpreadResult(source, steps, since)
    start = find_entity(kg, source)
    if start is None:
        return result
    view = diffusion_view(kg, weights, since)
    index = derived(kg, "index", lambda: {key: i for i, key in enumerate(kg.g.nodes)})
    seeds = _seeds(kg, start)
    seed_ids = np.array(sorted(index[s] for s in seeds))
    hops = dijkstra(view.cost, indices=seed_ids, min_only=True, unweighted=True, limit=steps + 0.5)
    near = np.flatnonzero(np.isfinite(hops))  # within `steps` hops; paths may use only these nodes
    local = np.full(len(view.keys), -1)
    local[near] = np.arange(len(near))
    costs, pred, _ = dijkstra(view.cost[near][:, near], indices=local[seed_ids], min_only=True,
                              return_predecessors=True)
    regions = derived(kg, "regions", lambda: _all_regions(kg))
    region = regions.__getitem__

    bridge_use: dict[tuple[int, int], int] = {}
    for j in np.flatnonzero(np.isfinite(costs)).tolist():
        key = view.keys[near[j]]
        node = kg.g.nodes[key]
        if key in seeds or node["label"] not in ORGANISATIONS:
            continue
        path_ids = [int(near[j])]
        while pred[j] >= 0:
            j = pred[j]
            path_ids.append(int(near[j]))
        path_ids.reverse()
        path = [view.keys[p] for p in path_ids]
        if since is not None and not _respects_time(kg, path):
            continue
        result.reached.append({
            "name": node["name"], "label": node["label"], "region": region(key), "step": int(hops[path_ids[-1]]),
            "score": round(math.exp(-costs[local[path_ids[-1]]]), 4), "path": [kg.g.nodes[p]["name"] for p in path],
        })
        for a, b in zip(path_ids, path_ids[1:]):
            ka, kb = view.keys[a], view.keys[b]
            ra, rb = region(ka), region(kb)
            if ra and rb and ra != rb and kg.g.nodes[ka]["label"] != "Region" and kg.g.nodes[kb]["label"] != "Region":
                bridge_use[(a, b)] = bridge_use.get((a, b), 0) + 1
    result.reached.sort(key=lambda r: (-r["score"], r["step"], r["name"]))
    result.bridges = sorted(
        ({"from": kg.g.nodes[view.keys[a]]["name"], "to": kg.g.nodes[view.keys[b]]["name"],
          "from_region": region(view.keys[a]), "to_region": region(view.keys[b]), "type": view.edge_type(a, b),
          "paths": n} for (a, b), n in bridge_use.items()), key=lambda b: (-b["paths"], b["from"], b["to"]))
    return result


def _all_regions(kg: KnowledgeGraph) -> dict[str, str]:
    """`region_of` of every node in one pass over the relations (the first place edge of each node wins)."""
    found = {key: d["name"] if d["label"] == "Region" else "" for key, d in kg.entities()}
    for src, dst, data in kg.relations():
        if data["type"] in ("LOCATED_IN", "HELD_IN") and not found[src]:
            found[src] = kg.g.nodes[dst]["name"]
    return found


def _seeds(kg: KnowledgeGraph, start: str) -> set[str]:
    """A region spreads through the organisations located in it (and in its sub-regions)."""
    if kg.g.nodes[start]["label"] != "Region":
        return {start}
    part_of = derived(kg, "part_of", lambda: _part_of(kg))
    regions = {start} | (nx.ancestors(part_of, start) if start in part_of else set())
    seeds = {src for region in regions for src, _, d in kg.g.in_edges(region, data=True) if d["type"] == "LOCATED_IN"}
    return seeds or {start}


def _part_of(kg: KnowledgeGraph) -> nx.DiGraph:
    return nx.DiGraph([(s, t) for s, t, d in kg.relations() if d["type"] == "PART_OF"])


def personalised_pagerank(kg: KnowledgeGraph, source: str, top: int = 20,
                          weights: dict[tuple[str, str], float] | None = None) -> list[dict[str, Any]]:
    """Organisations ranked by personalised PageRank from the source (igraph's PRPACK: exact, not iterated)."""
    start = find_entity(kg, source)
    if start is None:
        return []
    view = diffusion_view(kg, weights, None)
    seeds = _seeds(kg, start)
    index = derived(kg, "index", lambda: {key: i for i, key in enumerate(kg.g.nodes)})
    ranks = np.array(view.igraph().personalized_pagerank(
        damping=PAGERANK_ALPHA, reset_vertices=sorted(index[s] for s in seeds), weights="weight", directed=False))
    ranked = []
    for i in np.argsort(-ranks, kind="stable").tolist():
        key = view.keys[i]
        if ranks[i] <= 0 or len(ranked) == top:
            break
        if key not in seeds and kg.g.nodes[key]["label"] in ORGANISATIONS:
            ranked.append((key, float(ranks[i])))
    return [{"name": kg.g.nodes[k]["name"], "label": kg.g.nodes[k]["label"], "region": region_of(kg, k),
             "pagerank": round(r, 6)} for k, r in ranked]
