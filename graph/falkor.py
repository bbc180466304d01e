"""FalkorDB Lite: the embedded Cypher store (a redis-server child process on an RDB file).

A build writes a new RDB file under `BUILD/store/` and then points `BUILD/store/CURRENT` at
it, so a running app keeps reading the old file until it reopens, and a killed build leaves
the previous store intact. Nodes carry one label each; evidence is stored on edges as the
parallel lists `docs`, `sentences`, `starts`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import redis

from graph.errors import GraphError
from graph.jsonio import atomic_write_text
from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, QueryResult
from queries import cypher as Q

GRAPH_NAME = "kg"
BATCH = 5_000
SOCKET_TIMEOUT_S = 120


class FalkorLiteStore:
    """The embedded FalkorDB store; `open_current` reads a build, `create` starts a new one."""

    def __init__(self, rdb: Path) -> None:
        from redislite.falkordb_client import FalkorDB

        self.path = rdb
        try:
            self.db = FalkorDB(str(rdb), serverconfig={"save": ""}, socket_timeout=SOCKET_TIMEOUT_S)
        except Exception as exc:  # the embedded server failed to start
            raise GraphError("E103", f"{rdb}: could not start FalkorDB Lite ({exc})") from exc
        self.graph = self.db.select_graph(GRAPH_NAME)

    # -- opening ------------------------------------------------------------------
    @classmethod
    def open_current(cls, build_dir: Path) -> FalkorLiteStore:
        pointer = build_dir / "store" / "CURRENT"
        if not pointer.exists():
            hint = f"build one with `python -m ingest --out {build_dir}`"
            raise GraphError("E101", f"{build_dir}: no graph store here; {hint}")
        return cls(build_dir / "store" / pointer.read_text(encoding="utf-8").strip())

    @classmethod
    def create(cls, build_dir: Path) -> FalkorLiteStore:
        """A store on a fresh file; call `publish` once it is loaded."""
        folder = build_dir / "store"
        folder.mkdir(parents=True, exist_ok=True)
        return cls(folder / f"graph-{time.strftime('%Y%m%d-%H%M%S')}-{time.time_ns() % 10**6:06d}.rdb")

    def publish(self) -> None:
        """Save the RDB file and make it the build's current store."""
        self.db.client.save()
        atomic_write_text(self.path.parent / "CURRENT", self.path.name + "\n")
        _remove_stale(self.path.parent, keep=self.path.name)

    # -- the store interface -------------------------------------------------------
    def load(self, kg: KnowledgeGraph) -> None:
        """Replace the graph: nodes per label, then edges per type matched by internal id."""
        try:
            self.graph.delete()
        except redis.ResponseError:
            pass  # no graph yet
        internal: dict[str, int] = {}
        by_label: dict[str, list[dict[str, Any]]] = {}
        for key, data in kg.entities():
            by_label.setdefault(data["label"], []).append({"key": key, "props": node_properties(kg, key, data)})
        for label, rows in by_label.items():
            if label not in LABELS:
                raise GraphError("E103", f"unknown label {label!r} in graph")
            for batch in _batches(rows):
                result = self.graph.query(Q.create_nodes(label), {"rows": batch})
                internal.update({k: i for k, i in result.result_set})
            for prop in ("id", "name"):
                self.graph.query(Q.create_index(label, prop))
        by_type: dict[str, list[dict[str, Any]]] = {}
        for src, dst, data in kg.relations():
            by_type.setdefault(data["type"], []).append(
                {"s": internal[src], "t": internal[dst], "props": edge_properties(data)})
        for type_, rows in by_type.items():
            if type_ not in RELATION_TYPES:
                raise GraphError("E103", f"unknown relationship type {type_!r} in graph")
            for batch in _batches(rows):
                self.graph.query(Q.create_edges(type_), {"rows": batch})

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
        try:
            result = self.graph.ro_query(cypher, params or {}, timeout=timeout_ms)
        except redis.exceptions.TimeoutError as exc:
            raise GraphError("E203", f"query timed out after {timeout_ms} ms") from exc
        except redis.ResponseError as exc:
            message = str(exc).splitlines()[0]
            if "read-only" in message:
                raise GraphError("E202", "refused: only read-only queries may run here") from exc
            if "timed out" in message.lower() or "timeout" in message.lower():
                raise GraphError("E203", f"query timed out after {timeout_ms} ms") from exc
            raise GraphError("E201", f"Cypher error: {message}") from exc
        columns = [str(h[1]) for h in result.header]
        rows = [[to_plain(v) for v in row] for row in result.result_set[:limit]]
        return QueryResult(columns, rows, truncated=len(result.result_set) > limit)

    def close(self) -> None:
        try:
            self.db.close()
        except Exception:  # already stopped
            pass


def node_properties(kg: KnowledgeGraph, key: str, data: dict[str, Any]) -> dict[str, Any]:
    """Store properties of a node: scalars and lists of scalars only (FalkorDB has no nested maps)."""
    props: dict[str, Any] = {"id": key, "name": data["name"], "aliases": sorted(data["aliases"]),
                             "sources": kg.sources(key)}
    for k, v in data["properties"].items():
        if k == "facts":
            props["facts"] = [f["text"] for f in v]
            props["facts_json"] = json.dumps(v, ensure_ascii=False)
        elif _is_scalar_property(v):
            props[k] = v
    return props


def _is_scalar_property(value: Any) -> bool:
    """A scalar, or a list of scalars: the property values FalkorDB stores as-is."""
    if isinstance(value, (str, int, float, bool)):
        return True
    return isinstance(value, list) and all(isinstance(x, (str, int, float)) for x in value)


def edge_properties(data: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in data["properties"].items() if isinstance(v, (str, int, float, bool))}
    props["docs"] = [e.doc for e in data["evidence"]]
    props["sentences"] = [e.sentence for e in data["evidence"]]
    props["starts"] = [e.start for e in data["evidence"]]
    return props


def to_plain(value: Any) -> Any:
    """FalkorDB result values as JSON-ready Python: nodes, edges and paths become dicts."""
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as FPath

    if isinstance(value, Node):
        return {"_kind": "node", "_id": value.id, "labels": list(value.labels or []), **value.properties}
    if isinstance(value, Edge):
        return {"_kind": "relationship", "_id": value.id, "type": value.relation,
                "_src": value.src_node, "_dst": value.dest_node, **value.properties}
    if isinstance(value, FPath):
        return {"_kind": "path", "nodes": [to_plain(n) for n in value.nodes()],
                "relationships": [to_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def _batches(rows: list[dict[str, Any]]):
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]


def _remove_stale(folder: Path, keep: str) -> None:
    """Delete earlier store files that no embedded server is running on."""
    for rdb in folder.glob("graph-*.rdb"):
        if rdb.name == keep or Path(str(rdb) + ".settings").exists():
            continue
        rdb.unlink(missing_ok=True)
