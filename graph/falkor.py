"""FalkorDB stores: FalkorDB Lite embedded on a file (the default) and a FalkorDB server at a redis:// URL.

FalkorDB Lite runs a redis-server child process on an RDB file. A build writes a new RDB file
under `BUILD/store/` and then points `BUILD/store/CURRENT` at it, so a running app keeps reading
the old file until it reopens, and a killed build leaves the previous store intact. Nodes carry
one label each; evidence is stored on edges as the parallel lists `docs`, `sentences`, `starts`.
Every query passes the read-only guard and the dialect rewrite (queries/dialect.py) first.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import redis

from graph.errors import GraphError
from graph.jsonio import atomic_write_text
from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, QueryResult, edge_properties, node_properties  # noqa: F401
from queries import cypher as Q
from queries.dialect import to_falkordb
from queries.guard import check_read_only

GRAPH_NAME = "kg"
BATCH = 5_000
SOCKET_TIMEOUT_S = 120


class FalkorStore:
    """What both FalkorDB stores share: loading, read-only queries, closing. `self.graph` is set by subclasses."""

    graph: Any

    def load(self, kg: KnowledgeGraph) -> None:
        """Replace the graph: nodes per label, then edges per type matched by internal id."""
        replace_graph(self.graph, kg)

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
        """Guard, rewrite into FalkorDB's dialect, then run read-only."""
        check_read_only(cypher)
        return run_read_query(self.graph, to_falkordb(cypher), params, timeout_ms, limit)

    def close(self) -> None:
        """Nothing to release for a server connection; FalkorLiteStore stops its embedded server."""


class FalkorServerStore(FalkorStore):
    """A FalkorDB server at a redis:// URL (the graph name is `kg`, or the URL's path: redis://host:6379/mygraph)."""

    def __init__(self, url: str) -> None:
        import falkordb

        base, _, name = url.partition("://")[2].partition("/")
        try:
            self.db = falkordb.FalkorDB.from_url(f"redis://{base}")
            self.graph = self.db.select_graph(name or GRAPH_NAME)
            self.db.connection.ping()
        except Exception as exc:  # connection errors come in several kinds
            raise GraphError("E103", f"{url}: could not connect to FalkorDB ({str(exc).splitlines()[0]})") from exc

    def close(self) -> None:
        self.db.connection.close()


class FalkorLiteStore(FalkorStore):
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

    def load(self, kg: KnowledgeGraph) -> None:
        """Replace the graph, save the file and make it the build's current store."""
        replace_graph(self.graph, kg)
        self.publish()

    def close(self) -> None:
        try:
            self.db.close()
        except Exception:  # already stopped
            pass


def replace_graph(graph: Any, kg: KnowledgeGraph) -> None:
    """Delete the graph, then create nodes per label and edges per type, matched by internal id."""
    try:
        graph.delete()
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
            result = graph.query(Q.create_nodes(label), {"rows": batch})
            internal.update({k: i for k, i in result.result_set})
        for prop in ("id", "name"):
            graph.query(Q.create_index(label, prop))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for src, dst, data in kg.relations():
        by_type.setdefault(data["type"], []).append(
            {"s": internal[src], "t": internal[dst], "props": edge_properties(data)})
    for type_, rows in by_type.items():
        if type_ not in RELATION_TYPES:
            raise GraphError("E103", f"unknown relationship type {type_!r} in graph")
        for batch in _batches(rows):
            graph.query(Q.create_edges(type_), {"rows": batch})


def run_read_query(graph: Any, cypher: str, params: dict[str, Any] | None, timeout_ms: int, limit: int) -> QueryResult:
    """A read-only query in FalkorDB's own dialect; errors become one-line GraphErrors."""
    try:
        result = graph.ro_query(cypher, params or {}, timeout=timeout_ms)
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
