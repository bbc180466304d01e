"""What the explore page shows, computed with no UI code: filtered nodes, neighbourhoods,
the browser's node limit, and one entity's details with all its evidence."""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from graph.overview import event_year
from graph.visual import visible_nodes

MAX_BROWSER_NODES = 400
MAX_SELECT_OPTIONS = 2_000  # a select box longer than this is slow to send and useless to scroll
EdgeTest = Callable[[str, str, dict[str, Any]], bool]


@dataclass(frozen=True)
class Filters:
    """The explore page's filters; `years` limits events to a range, `undated` keeps events with no date."""

    labels: tuple[str, ...] = LABELS
    regions: tuple[str, ...] = ()
    types: tuple[str, ...] = RELATION_TYPES
    years: tuple[int, int] | None = None
    undated: bool = True

    def edge_test(self) -> EdgeTest:
        """Whether an edge of the graph is drawn: its type is one of the chosen types."""
        wanted = set(self.types)
        return lambda _src, _dst, data: data["type"] in wanted


def event_years(kg: KnowledgeGraph) -> list[int]:
    """The years events are dated in, sorted."""
    return sorted({year for _, data in kg.entities() if data["label"] == "Event" and (year := event_year(data))})


def in_years(data: dict[str, Any], years: tuple[int, int] | None, undated: bool) -> bool:
    """True for non-events, and for events dated within `years` (or undated, when `undated`)."""
    if data["label"] != "Event":
        return True
    year = event_year(data)
    if year is None:
        return undated
    return years is None or years[0] <= year <= years[1]


def filtered_nodes(kg: KnowledgeGraph, filters: Filters) -> set[str]:
    """Nodes passing the label, region and event-year filters; with fewer relationship types than all,
    only nodes that keep at least one relation of those types."""
    nodes = {key for key in visible_nodes(kg, filters.labels, filters.regions)
             if in_years(kg.g.nodes[key], filters.years, filters.undated)}
    if set(filters.types) >= set(RELATION_TYPES):
        return nodes
    keep = filters.edge_test()
    linked = set()
    for src, dst, data in kg.relations():
        if src in nodes and dst in nodes and keep(src, dst, data):
            linked |= {src, dst}
    return linked


def neighbours(kg: KnowledgeGraph, key: str, allowed: set[str] | None = None,
               edge_ok: EdgeTest | None = None) -> list[str]:
    """Nodes one relation away from `key` (either direction), within `allowed` and over edges passing `edge_ok`."""
    found = []
    edges = [(key, other, data) for _, other, data in kg.g.out_edges(key, data=True)]
    edges += [(other, key, data) for other, _, data in kg.g.in_edges(key, data=True)]
    for src, dst, data in edges:
        other = dst if src == key else src
        if (allowed is None or other in allowed) and (edge_ok is None or edge_ok(src, dst, data)):
            found.append(other)
    return sorted(set(found))


def neighbourhood(kg: KnowledgeGraph, key: str, hops: int, allowed: set[str] | None = None,
                  edge_ok: EdgeTest | None = None) -> list[str]:
    """`key` and every node within `hops` relations of it, nearest first (breadth-first order)."""
    order, seen = [key], {key}
    queue = deque([(key, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth == hops:
            continue
        for other in neighbours(kg, node, allowed, edge_ok):
            if other not in seen:
                seen.add(other)
                order.append(other)
                queue.append((other, depth + 1))
    return order


@dataclass
class Shown:
    """The nodes drawn and, when the graph was too large, what was drawn instead (`limited`: focus or sample)."""

    nodes: set[str]
    total: int
    limited: str | None = None


def limit_for_browser(kg: KnowledgeGraph, nodes: set[str], focus: str | None = None,
                      edge_ok: EdgeTest | None = None, limit: int = MAX_BROWSER_NODES) -> Shown:
    """At most `limit` nodes: the nearest ones around `focus` when given, else the most connected ones."""
    if len(nodes) <= limit:
        return Shown(set(nodes), len(nodes))
    if focus in nodes:
        nearest = neighbourhood(kg, focus, len(nodes), nodes, edge_ok)[:limit]
        return Shown(set(nearest), len(nodes), "focus")
    return Shown(set(most_connected(kg, nodes, limit)), len(nodes), "sample")


def most_connected(kg: KnowledgeGraph, keys: Iterable[str], n: int) -> list[str]:
    """The `n` keys with most relations, most connected first (ties by name, then key)."""
    return heapq.nsmallest(n, keys, key=lambda key: (-kg.g.degree(key), kg.g.nodes[key]["name"], key))


@dataclass
class Details:
    """An entity as the details panel shows it."""

    key: str
    name: str
    label: str
    aliases: list[str]
    properties: dict[str, Any]
    sources: list[str]
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def documents(self) -> list[str]:
        """Every document the entity or one of its relations was read from, in first-seen order."""
        docs = self.sources + [row["doc"] for row in self.evidence]
        return [doc for doc in dict.fromkeys(docs) if doc != "curation"]


def details(kg: KnowledgeGraph, key: str) -> Details:
    """Name, label, aliases, properties (facts left out), sources, and one evidence row per sentence."""
    data = kg.g.nodes[key]
    properties = {k: v for k, v in data["properties"].items() if k not in ("facts", "sources")}
    return Details(key, data["name"], data["label"], sorted(data["aliases"]), properties, kg.sources(key),
                   evidence_rows(kg, key))


def evidence_rows(kg: KnowledgeGraph, key: str) -> list[dict[str, Any]]:
    """Every evidence sentence of the entity's relations: relation, direction, other end, document, sentence."""
    rows = []
    edges = [("→", other, data) for _, other, data in kg.g.out_edges(key, data=True)]
    edges += [("←", other, data) for other, _, data in kg.g.in_edges(key, data=True)]
    for direction, other, data in edges:
        for evidence in data["evidence"]:
            rows.append({"relation": data["type"], "direction": direction, "other": kg.g.nodes[other]["name"],
                         "doc": evidence.doc, "sentence": evidence.sentence})
    return sorted(rows, key=lambda row: (row["relation"], row["other"], row["doc"]))


def facts_of(kg: KnowledgeGraph, key: str) -> list[dict[str, Any]]:
    """The aggregate figures kept on an entity (`facts` property) as rows: text, document, sentence."""
    return [{"fact": fact.get("text", ""), "doc": fact.get("doc", ""), "sentence": fact.get("sentence", "")}
            for fact in kg.g.nodes[key]["properties"].get("facts", [])]


def option_keys(kg: KnowledgeGraph, keys: Iterable[str]) -> list[str]:
    """Node keys sorted for a select box: by label in schema order, then by name."""
    order = {label: i for i, label in enumerate(LABELS)}
    return sorted(keys, key=lambda key: (order.get(kg.g.nodes[key]["label"], 99), kg.g.nodes[key]["name"]))


def spread_steps(kg: KnowledgeGraph, source: str, reached: list[dict[str, Any]]) -> dict[str, int]:
    """Node key -> step for a spread: the source (0), every reached entity (rows with name, label, step)
    and the entities on their paths (lists of names, the source first)."""
    from queries.search import find_key

    by_name = {(data["label"], data["name"]): key for key, data in kg.entities()}
    steps: dict[str, int] = {}

    def place(name: str, step: int, label: str | None = None) -> None:
        key = by_name.get((label, name)) or find_key(kg, name)
        if key:
            steps[key] = min(step, steps.get(key, step))

    place(source, 0)
    for row in reached:
        for i, name in enumerate(row.get("path") or []):
            place(str(name), i)
        place(str(row.get("name", "")), int(row.get("step", 0)), row.get("label"))
    return steps
