"""Whole-graph views the overview page shows, computed once when a build is written: BUILD/views.json.

Counting ties between regions or entities per region walks every relation; on a graph of 100k
entities that takes seconds, too slow for a page. The build computes the views with
graph.overview and writes them beside graph.json; the app reads the file (milliseconds) and falls
back to computing them when the file is missing or belongs to another graph.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graph.jsonio import atomic_write_text
from graph.model import KnowledgeGraph
from graph.overview import cross_region_ties, documents, entities_by_region, event_timeline, label_counts, region_of

FILE = "views.json"


@dataclass
class Views:
    """The overview's figures, each as plain rows (see graph.overview for what each one means)."""

    entities: int
    relations: int
    labels: dict[str, int]
    documents: list[dict[str, Any]]  # doc, title (empty), entities, relations
    by_region: list[dict[str, Any]]
    ties: list[dict[str, Any]]
    timeline: list[dict[str, Any]]  # event, date, day (ISO text), region, docs
    undated: int

    def fits(self, kg: KnowledgeGraph) -> bool:
        """Whether these views were computed from a graph of `kg`'s size (a cheap staleness check)."""
        return (self.entities, self.relations) == (len(kg), kg.g.number_of_edges())


def compute_views(kg: KnowledgeGraph) -> Views:
    """Every view, walking the graph once per view (regions are placed once and shared)."""
    placed = region_of(kg)
    timeline = event_timeline(kg, placed)
    rows = [{**row, "day": row["day"].isoformat()} for row in timeline.rows]
    return Views(len(kg), kg.g.number_of_edges(), label_counts(kg), documents(kg),
                 entities_by_region(kg, placed), cross_region_ties(kg, placed), rows, timeline.undated)


def write_views(kg: KnowledgeGraph, out: Path) -> None:
    """BUILD/views.json, written atomically."""
    atomic_write_text(out / FILE, json.dumps(asdict(compute_views(kg)), ensure_ascii=False) + "\n")


def read_views(out: Path, kg: KnowledgeGraph) -> Views:
    """The build's precomputed views when they belong to `kg`, else computed now."""
    try:
        views = Views(**json.loads((out / FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return compute_views(kg)
    return views if views.fits(kg) else compute_views(kg)
