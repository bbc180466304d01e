"""Figures for the app's overview page, computed from a KnowledgeGraph with no UI code.

An entity's region is where the graph places it: a Region is its own region, an organisation
is in the region it is LOCATED_IN, an event in the region it is HELD_IN, else where its organiser
or host is, else its `region` property. A cross-region tie is a relation whose two ends have
regions that differ and do not contain one another (武清区 and 天津市 are nested, so a tie
between them is not cross-region).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from graph.model import LABELS, KnowledgeGraph

PLACE_TYPES = ("LOCATED_IN", "HELD_IN")
ORGANISER_TYPES = ("ORGANIZED", "HOSTED")
HIERARCHY_TYPES = frozenset({"LOCATED_IN", "HELD_IN", "PART_OF"})
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def label_counts(kg: KnowledgeGraph) -> dict[str, int]:
    """Entities per label, every label of the schema included (0 when absent), in schema order."""
    counts = Counter(data["label"] for _, data in kg.entities())
    return {label: counts.get(label, 0) for label in LABELS}


def regions_by_name(kg: KnowledgeGraph) -> dict[str, str]:
    """Region name (and alias) -> node key."""
    found: dict[str, str] = {}
    for key, data in kg.entities():
        if data["label"] == "Region":
            for name in (data["name"], *sorted(data["aliases"])):
                found.setdefault(name, key)
    return found


def region_of(kg: KnowledgeGraph) -> dict[str, str]:
    """Node key -> key of the region the entity is placed in (entities with no known place are absent).
    Where several edges place an entity, the smallest key wins, so the answer does not depend on edge order."""
    label = {key: data["label"] for key, data in kg.entities()}
    placed: dict[str, str] = {key: key for key, kind in label.items() if kind == "Region"}
    organised: list[tuple[str, str]] = []
    for src, dst, data in kg.relations():
        kind = data["type"]
        if kind in PLACE_TYPES and label[dst] == "Region" and label[src] != "Region":
            if src not in placed or dst < placed[src]:
                placed[src] = dst
        elif kind in ORGANISER_TYPES and label[dst] == "Event":
            organised.append((dst, src))
    first: dict[str, str] = {}  # an unplaced event -> its smallest placed organiser or host
    for event, organiser in organised:
        if event not in placed and organiser in placed and (event not in first or organiser < first[event]):
            first[event] = organiser
    placed.update({event: placed[organiser] for event, organiser in first.items()})
    by_name = regions_by_name(kg)
    for key, data in kg.entities():
        named = data["properties"].get("region")
        if key not in placed and named in by_name:
            placed[key] = by_name[named]
    return placed


def ancestors(kg: KnowledgeGraph, region: str) -> set[str]:
    """Regions that `region` is PART_OF, directly or through other regions."""
    found: set[str] = set()
    todo = [region]
    while todo:
        for _, parent, data in kg.g.out_edges(todo.pop(), data=True):
            if data["type"] == "PART_OF" and parent not in found and parent != region:
                found.add(parent)
                todo.append(parent)
    return found


def entities_by_region(kg: KnowledgeGraph, placed: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows (region, label, count) of the entities placed in each region; regions themselves not counted.
    `placed` is `region_of(kg)` when the caller already has it."""
    placed = region_of(kg) if placed is None else placed
    counts = Counter((kg.g.nodes[region]["name"], kg.g.nodes[key]["label"])
                     for key, region in placed.items() if key != region)
    return [{"region": region, "label": label, "count": n} for (region, label), n in sorted(counts.items())]


def cross_region_ties(kg: KnowledgeGraph, placed: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows (region_a, region_b, ties, types), region_a < region_b by name, for relations that cross regions."""
    placed = region_of(kg) if placed is None else placed
    lineage = {region: ancestors(kg, region) for region in set(placed.values())}
    ties: Counter[tuple[str, str]] = Counter()
    by_regions: Counter[tuple[str, str, str]] = Counter()  # (region, region, type) in key order
    for src, targets in kg.g.adjacency():  # {dst: {edge key: data}}, skipping unplaced ends early
        a = placed.get(src)
        if a is None:
            continue
        for dst, edges in targets.items():
            b = placed.get(dst)
            if b is None or a == b or a in lineage[b] or b in lineage[a]:
                continue
            for data in edges.values():
                if data["type"] not in HIERARCHY_TYPES:
                    by_regions[(a, b, data["type"]) if a < b else (b, a, data["type"])] += 1
    types: dict[tuple[str, str], Counter[str]] = {}
    for (a, b, kind), n in by_regions.items():
        pair = tuple(sorted((kg.g.nodes[a]["name"], kg.g.nodes[b]["name"])))
        ties[pair] += n
        types.setdefault(pair, Counter())[kind] += n
    return [{"region_a": a, "region_b": b, "ties": n, "types": dict(types[(a, b)])}
            for (a, b), n in sorted(ties.items(), key=lambda item: (-item[1], item[0]))]


def tie_matrix(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ties as both cells (a, b) and (b, a) of a symmetric matrix, for a heatmap."""
    cells = []
    for row in rows:
        cells.append({"from": row["region_a"], "to": row["region_b"], "ties": row["ties"]})
        cells.append({"from": row["region_b"], "to": row["region_a"], "ties": row["ties"]})
    return cells


def parse_date(text: str | None) -> date | None:
    """An ISO or partial date (2024, 2024-05, 2024-05-17) as the first day it can mean; None if unreadable."""
    match = _DATE.match(str(text or ""))
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return date(year, 1, 1)


def event_year(data: dict[str, Any]) -> int | None:
    """The year of an event node's `date`, or None when it has no readable date."""
    when = parse_date(data["properties"].get("date"))
    return when.year if when else None


@dataclass
class Timeline:
    """Dated events as rows (event, date, day, region, docs) and how many events have no date."""

    rows: list[dict[str, Any]]
    undated: int


def event_timeline(kg: KnowledgeGraph, placed: dict[str, str] | None = None) -> Timeline:
    """Events with a readable `date`, oldest first, and the number of events without one."""
    placed = region_of(kg) if placed is None else placed
    rows, undated = [], 0
    for key, data in kg.entities():
        if data["label"] != "Event":
            continue
        day = parse_date(data["properties"].get("date"))
        if day is None:
            undated += 1
            continue
        region = kg.g.nodes[placed[key]]["name"] if key in placed else ""
        rows.append({"event": data["name"], "date": str(data["properties"]["date"]), "day": day,
                     "region": region, "docs": "、".join(kg.sources(key))})
    rows.sort(key=lambda row: (row["day"], row["event"]))
    return Timeline(rows, undated)


def documents(kg: KnowledgeGraph, titles: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One row per document: id, title (when known), entities mentioned in it and relations read from it."""
    titles = titles or {}
    entities: Counter[str] = Counter()
    for key, _ in kg.entities():
        entities.update(kg.sources(key))
    relations: Counter[str] = Counter()
    for _, _, data in kg.relations():
        relations.update({evidence.doc for evidence in data["evidence"]})
    docs = sorted((set(entities) | set(relations) | set(titles)) - {"curation"})
    return [{"doc": doc, "title": titles.get(doc, ""), "entities": entities[doc], "relations": relations[doc]}
            for doc in docs]


def relation_rows(kg: KnowledgeGraph) -> list[dict[str, Any]]:
    """One row per relation and evidence sentence: source and target names, type, document, sentence."""
    rows = []
    for src, dst, data in kg.relations():
        for evidence in data["evidence"] or [None]:
            rows.append({"source": kg.g.nodes[src]["name"], "type": data["type"], "target": kg.g.nodes[dst]["name"],
                         "doc": evidence.doc if evidence else "", "sentence": evidence.sentence if evidence else ""})
    return sorted(rows, key=lambda row: (row["doc"], row["source"], row["type"], row["target"]))
