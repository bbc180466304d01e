"""The networkx implementation of spread and personalised PageRank as queries/spread.py had it before #8:
the reference the benchmarks compare the fast implementation with (same model, same outputs)."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from graph.model import KnowledgeGraph
from queries.spread import (
    ORGANISATIONS,
    PAGERANK_ALPHA,
    SpreadResult,
    _event_in_time,
    _respects_time,
    find_entity,
    load_weights,
    region_of,
)


def diffusion_graph(kg: KnowledgeGraph, weights: dict[tuple[str, str], float], since: int | None) -> nx.Graph:
    """An undirected weighted view: one edge per related pair with its best weight and `cost` = -log(weight)."""
    view = nx.Graph()
    view.add_nodes_from(kg.g.nodes)
    for src, dst, data in kg.relations():
        if since is not None and not _event_in_time(kg, src, dst, since):
            continue
        kind = data["properties"].get("kind", "")
        weight = weights.get((data["type"], kind), weights.get((data["type"], ""), 0.0))
        if weight <= 0:
            continue
        if not view.has_edge(src, dst) or view.edges[src, dst]["weight"] < weight:
            view.add_edge(src, dst, weight=weight, cost=-math.log(weight), type=data["type"])
    return view


def spread(kg: KnowledgeGraph, source: str, steps: int = 3, since: int | None = None,
           weights: dict[tuple[str, str], float] | None = None, view: nx.Graph | None = None) -> SpreadResult:
    """Organisations a resource can reach from `source` within `steps` hops, best path first."""
    result = SpreadResult(source, steps, since)
    start = find_entity(kg, source)
    if start is None:
        return result
    view = view if view is not None else diffusion_graph(kg, weights or load_weights(), since)
    seeds = _seeds(kg, start)
    hops = nx.multi_source_dijkstra_path_length(view, seeds, cutoff=steps, weight=lambda u, v, d: 1)
    near = view.subgraph(hops)
    costs, paths = nx.multi_source_dijkstra(near, seeds, weight="cost")
    bridge_use: dict[tuple[str, str], int] = {}
    for key, cost in costs.items():
        node = kg.g.nodes[key]
        if key in seeds or node["label"] not in ORGANISATIONS:
            continue
        path = paths[key]
        if since is not None and not _respects_time(kg, path):
            continue
        result.reached.append({
            "name": node["name"], "label": node["label"], "region": region_of(kg, key), "step": hops[key],
            "score": round(math.exp(-cost), 4), "path": [kg.g.nodes[p]["name"] for p in path],
        })
        for a, b in zip(path, path[1:]):
            ra, rb = region_of(kg, a), region_of(kg, b)
            if ra and rb and ra != rb and kg.g.nodes[a]["label"] != "Region" and kg.g.nodes[b]["label"] != "Region":
                bridge_use[(a, b)] = bridge_use.get((a, b), 0) + 1
    result.reached.sort(key=lambda r: (-r["score"], r["step"], r["name"]))
    result.bridges = sorted(
        ({"from": kg.g.nodes[a]["name"], "to": kg.g.nodes[b]["name"], "from_region": region_of(kg, a),
          "to_region": region_of(kg, b), "type": near.edges[a, b]["type"], "paths": n}
         for (a, b), n in bridge_use.items()), key=lambda b: (-b["paths"], b["from"], b["to"]))
    return result


def _seeds(kg: KnowledgeGraph, start: str) -> set[str]:
    """A region spreads through the organisations located in it (and in its sub-regions)."""
    if kg.g.nodes[start]["label"] != "Region":
        return {start}
    part_of = _part_of(kg)
    regions = {start} | (nx.ancestors(part_of, start) if start in part_of else set())
    seeds = {src for src, dst, d in kg.relations() if d["type"] == "LOCATED_IN" and dst in regions}
    return seeds or {start}


def _part_of(kg: KnowledgeGraph) -> nx.DiGraph:
    return nx.DiGraph([(s, t) for s, t, d in kg.relations() if d["type"] == "PART_OF"])


def personalised_pagerank(kg: KnowledgeGraph, source: str, top: int = 20,
                          weights: dict[tuple[str, str], float] | None = None, view: nx.Graph | None = None,
                          tol: float | None = None) -> list[dict[str, Any]]:
    """Organisations ranked by personalised PageRank from the source (tolerance tight enough for small graphs)."""
    start = find_entity(kg, source)
    if start is None:
        return []
    view = view if view is not None else diffusion_graph(kg, weights or load_weights(), None)
    seeds = _seeds(kg, start)
    ranks = nx.pagerank(view, alpha=PAGERANK_ALPHA, personalization={s: 1.0 for s in seeds},
                        weight="weight", tol=tol or 1e-12 / max(len(view), 1), max_iter=1000)
    ranked = [(key, r) for key, r in ranks.items()
              if key not in seeds and kg.g.nodes[key]["label"] in ORGANISATIONS and r > 0]
    ranked.sort(key=lambda kv: -kv[1])
    return [{"name": kg.g.nodes[k]["name"], "label": kg.g.nodes[k]["label"], "region": region_of(kg, k),
             "pagerank": round(r, 6)} for k, r in ranked[:top]]
