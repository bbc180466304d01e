"""Whole-graph views the overview page shows, computed once when a build is written: BUILD/views.json.

Counting ties between regions or entities per region walks every relation; on a graph of 100k
entities that takes seconds, too slow for a page. The build computes the views with
graph.overview and writes them beside graph.json; the app reads the file (milliseconds) and falls
back to computing them when the file is missing or belongs to another graph.

A chart of thousands of regions or events helps nobody, so each view keeps what the page draws (the
regions with most entities, the ties among the most connected regions, the latest dated events) and
the totals, which the page states beside the chart. The ask page's example questions are kept here too,
so it shows them without reading the graph.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.jsonio import atomic_write_text, file_stamp
from graph.model import KnowledgeGraph
from graph.overview import cross_region_ties, documents, entities_by_region, event_timeline, label_counts, region_of
from queries.examples import examples_by_language

FILE = "views.json"
TOP_REGIONS = 30  # bars in the entities-by-region chart
TIE_REGIONS = 20  # rows and columns of the tie heatmap
LATEST_EVENTS = 1_500  # points on the timeline


@dataclass
class Views:
    """The overview's figures as plain rows (see graph.overview for what each means), trimmed to what
    the page draws, with the totals it states."""

    entities: int
    relations: int
    labels: dict[str, int]
    documents: list[dict[str, Any]]  # doc, title (empty), entities, relations: every document
    by_region: list[dict[str, Any]]  # region, label, count: the TOP_REGIONS regions with most entities
    regions: int  # regions with at least one entity placed in them
    ties: list[dict[str, Any]]  # region_a, region_b, ties, types: pairs among the TIE_REGIONS most tied regions
    tie_pairs: int  # pairs of regions with at least one tie
    timeline: list[dict[str, Any]]  # event, date, day (ISO), region, docs: the LATEST_EVENTS latest, oldest first
    dated: int
    undated: int
    examples: dict[str, list[str]] = field(default_factory=dict)  # language -> the ask page's example questions
    graph_file: list[int] = field(default_factory=list)  # size and mtime_ns of the graph.json they describe

    def document_rows(self, titles: dict[str, str]) -> list[dict[str, Any]]:
        """What graph.overview.documents(kg, titles) gives, from the stored rows: every document the graph
        was read from or `titles` names (a file not built yet counts 0), with its title."""
        counted = {row["doc"]: row for row in self.documents}
        return [{"doc": doc, "title": titles.get(doc, ""), "entities": counted.get(doc, {}).get("entities", 0),
                 "relations": counted.get(doc, {}).get("relations", 0)}
                for doc in sorted((set(counted) | set(titles)) - {"curation"})]

    def fits(self, kg: KnowledgeGraph) -> bool:
        """Whether these views were computed from a graph of `kg`'s size (a cheap staleness check)."""
        return (self.entities, self.relations) == (len(kg), kg.relation_count())


def compute_views(kg: KnowledgeGraph) -> Views:
    """Every view, walking the graph once per view (regions are placed once and shared)."""
    placed = region_of(kg)
    by_region = entities_by_region(kg, placed)
    ties = cross_region_ties(kg, placed)
    timeline = event_timeline(kg, placed)
    latest = [{**row, "day": row["day"].isoformat()} for row in timeline.rows[-LATEST_EVENTS:]]
    return Views(len(kg), kg.relation_count(), label_counts(kg), documents(kg),
                 _top_regions(by_region), len({row["region"] for row in by_region}),
                 _most_tied(ties), len(ties), latest, len(timeline.rows), timeline.undated,
                 examples_by_language(kg))


def _top_regions(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of the TOP_REGIONS regions with most entities."""
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["region"]] += row["count"]
    keep = {region for region, _ in totals.most_common(TOP_REGIONS)}
    return [row for row in rows if row["region"] in keep]


def _most_tied(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The tie rows whose two regions are both among the TIE_REGIONS regions with most ties."""
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["region_a"]] += row["ties"]
        totals[row["region_b"]] += row["ties"]
    keep = {region for region, _ in totals.most_common(TIE_REGIONS)}
    return [row for row in rows if row["region_a"] in keep and row["region_b"] in keep]


def write_views(kg: KnowledgeGraph, out: Path) -> None:
    """BUILD/views.json, written atomically, naming the graph.json beside it (write that first)."""
    views = compute_views(kg)
    views.graph_file = file_stamp(out / "graph.json")
    atomic_write_text(out / FILE, json.dumps(asdict(views), ensure_ascii=False) + "\n")


def read_views(out: Path, kg: KnowledgeGraph | None = None) -> Views:
    """The build's precomputed views when they belong to `kg`, else computed now. Without `kg` they are read
    without the graph when they name the graph.json beside them (its size and modification time), so the
    overview of a city's graph shows in a moment; otherwise graph.json is read and they are computed."""
    try:
        views = Views(**json.loads((out / FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        views = None
    if kg is None:
        if views is not None and views.graph_file and views.graph_file == file_stamp(out / "graph.json"):
            return views
        from graph.jsonio import read_graph_json

        kg = read_graph_json(out / "graph.json")
    return views if views is not None and views.fits(kg) else compute_views(kg)

