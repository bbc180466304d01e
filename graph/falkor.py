"""FalkorDB stores: FalkorDB Lite embedded on a file (the default) and a FalkorDB server at a redis:// URL.

FalkorDB Lite runs a redis-server child process on an RDB file. A build writes a new RDB file
under `BUILD/store/` and then points `BUILD/store/CURRENT` at it, so a running app keeps reading
the old file until it reopens, and a killed build leaves the previous store intact. Nodes carry
one label each; evidence is stored on edges as the parallel lists `docs`, `sentences`, `starts`.
Every query passes the read-only guard and the dialect rewrite (queries/dialect.py) first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import redis

from graph.collector import collector_paused
from graph.errors import GraphError
from graph.jsonio import atomic_write_text
from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from graph.store import (  # noqa: F401
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_MS,
    QueryResult,
    edge_properties,
    node_properties,
    stored_nodes,
)
from queries import cypher as Q
from queries.dialect import to_falkordb
from queries.guard import check_read_only
from queries.row_cap import cap_rows

GRAPH_NAME = "kg"
BATCH = 5_000
SOCKET_TIMEOUT_S = 120


class FalkorStore:
    """What both FalkorDB stores share: loading, read-only queries, closing. `self.graph` is set by subclasses."""

    graph: Any
    row_cap: int | None = None  # rows the embedded server returns at most; elsewhere the query carries a LIMIT

    def load(self, kg: KnowledgeGraph) -> None:
        """Replace the graph: nodes per label, then edges per type matched by internal id."""
        replace_graph(self.graph, kg)

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
        """Guard, rewrite into FalkorDB's dialect, then run read-only."""
        check_read_only(cypher)
        if self.row_cap:
            return run_read_query(self.graph, to_falkordb(cypher), params, timeout_ms, min(limit, self.row_cap))
        capped, params = cap_rows(to_falkordb(cypher), limit + 1, params)
        return run_read_query(self.graph, capped, params, timeout_ms, limit)

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
            # the row cap held by the server: a huge result is cut before it is built and sent, not after
            self.db.connection.execute_command("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", DEFAULT_ROW_LIMIT + 1)
            self.row_cap = DEFAULT_ROW_LIMIT
        except Exception as exc:  # the embedded server failed to start
            raise GraphError("E103", f"{rdb}: could not start FalkorDB Lite ({exc})") from exc
        self.graph = self.db.select_graph(GRAPH_NAME)

    # -- opening ------------------------------------------------------------------
    @staticmethod
    def current_file(build_dir: Path) -> Path | None:
        """The RDB file `store/CURRENT` names (the published store), or None before the first publish."""
        try:
            return build_dir / "store" / (build_dir / "store" / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None

    @classmethod
    def open_current(cls, build_dir: Path) -> FalkorLiteStore:
        rdb = cls.current_file(build_dir)
        if rdb is None:
            hint = f"build one with `python -m ingest --out {build_dir}`"
            raise GraphError("E101", f"{build_dir}: no graph store here; {hint}")
        return cls(rdb)

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
        """Stop the embedded server: SHUTDOWN NOSAVE (`publish` saved the file; a reading store has nothing to
        save), waiting until redis has let go of the file, not for FalkorDB's ~2 s process teardown. A server
        other clients still use is left running, as redislite does."""
        client = self.db.client
        pidfile = client.pidfile
        try:
            for pool in {id(c.connection_pool): c.connection_pool for c in (client, self.db.connection)}.values():
                pool.disconnect()  # this store's own connections (one per thread that queried) are not others
            if client._connection_count() > 1:  # another process shares this server: redislite leaves it running
                raise RuntimeError("shared server")
            client.connection_pool.get_connection().send_command("SHUTDOWN", "NOSAVE")
            deadline = time.monotonic() + 10
            while pidfile and os.path.exists(pidfile) and time.monotonic() < deadline:
                time.sleep(0.005)
            if not client.pid:  # stopped: remove what redislite's cleanup removes only when it waited itself
                shutil.rmtree(client.redis_dir or "", ignore_errors=True)
                if client.cleanupregistry and client.settingregistryfile:
                    Path(client.settingregistryfile).unlink(missing_ok=True)
        except Exception:  # already stopped, or the connection broke: redislite's own cleanup follows
            pass
        try:
            self.db.close()
        except Exception:  # already stopped
            pass


def replace_graph(graph: Any, kg: KnowledgeGraph) -> None:
    """Delete the graph, then load nodes (with a precomputed `degree` and region aggregates) and edges, matched
    by internal id."""
    nodes = stored_nodes(kg)
    edges = ((d["type"], src, dst, _edge_properties(d)) for src, dst, d in kg.relations())
    load_rows(graph, nodes, edges)


def _edge_properties(data: dict[str, Any]) -> dict[str, Any]:
    """graph.store.edge_properties, written for speed (a load prepares a million of these)."""
    evidence = data["evidence"]
    props = {k: v for k, v in data["properties"].items() if isinstance(v, _SCALARS)} if data["properties"] else {}
    props["docs"], props["sentences"], props["starts"] = zip(*[(e.doc, e.sentence, e.start) for e in evidence]) \
        if evidence else ((), (), ())
    return props


_SCALARS = (str, int, float, bool)


def load_rows(graph: Any, nodes: Iterable[tuple[str, str, dict[str, Any]]],
              edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    """Replace the graph with streamed (label, key, props) nodes and (type, src key, dst key, props) edges.

    Rows go out in UNWIND batches per label and type as they come, so memory holds one batch per label
    or type plus the key -> internal id map. Each batch is one list-of-lists parameter encoded by json's
    C encoder (falkordb's own parameter encoder is pure Python and was the bottleneck), and a sender
    thread keeps the server busy while the next batch is prepared. Indexes come once all nodes are in.
    The cyclic garbage collector is paused meanwhile (graph/collector.py): it made row preparation 30 %
    slower by rescanning the graph being loaded."""
    with collector_paused():
        _load_rows(graph, nodes, edges)


def _load_rows(graph: Any, nodes: Iterable[tuple[str, str, dict[str, Any]]],
               edges: Iterable[tuple[str, str, str, dict[str, Any]]]) -> None:
    try:
        graph.delete()
    except redis.ResponseError:
        pass  # no graph yet
    internal: dict[str, int] = {}
    with _Sender(graph) as send:
        for label, batch in _batches(((label, (key,), props) for label, key, props in nodes), LABELS):
            columns, rows = _columns(batch)
            send(Q.create_node_rows(label, columns), rows, lambda result: internal.update(result.result_set))
    for label in LABELS:
        for prop in ("id", "name", "degree"):
            graph.query(Q.create_index(label, prop))
    with _Sender(graph) as send:
        edge_rows = ((type_, (internal[src], internal[dst]), props) for type_, src, dst, props in edges)
        for type_, batch in _batches(edge_rows, RELATION_TYPES):
            columns, rows = _columns(batch)
            send(Q.create_edge_rows(type_, columns), rows)


def _batches(rows: Iterable[tuple[str, tuple[Any, ...], dict[str, Any]]], allowed: tuple[str, ...]
             ) -> Iterator[tuple[str, list[tuple[tuple[Any, ...], dict[str, Any]]]]]:
    """Group (name, head, props) rows into per-name batches of BATCH rows, each yielded when full."""
    buffers: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
    for name, head, props in rows:
        if name not in allowed:
            raise GraphError("E103", f"unknown label or relationship type {name!r} in graph")
        buffer = buffers.setdefault(name, [])
        buffer.append((head, props))
        if len(buffer) >= BATCH:
            yield name, buffer
            buffers[name] = []
    for name, buffer in buffers.items():
        if buffer:
            yield name, buffer


def _columns(batch: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> tuple[list[str], list[list[Any]]]:
    """The batch's property names and its rows as lists: head values, then one value per property (null if absent)."""
    first = list(batch[0][1])
    if all(list(props) == first for _, props in batch):  # the usual case: every row has the same keys, in order
        return first, [[*head, *props.values()] for head, props in batch]
    columns = sorted({k for _, props in batch for k in props})
    return columns, [[*head, *(props.get(c) for c in columns)] for head, props in batch]


class _Sender:
    """Runs batch queries on a thread, at most two in flight, so preparing rows and loading overlap."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: list[tuple[Future, Callable[[Any], None] | None]] = []

    def __enter__(self) -> Callable[..., None]:
        return self.send

    def send(self, query: str, rows: list[list[Any]], then: Callable[[Any], None] | None = None) -> None:
        self.pending.append((self.pool.submit(self.graph.query, *_with_rows(query, rows)), then))
        while len(self.pending) > 2:
            self._finish_oldest()

    def _finish_oldest(self) -> None:
        future, then = self.pending.pop(0)
        result = future.result()
        if then:
            then(result)

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        try:
            while self.pending and kind is None:
                self._finish_oldest()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)


_BACKSLASHES = re.compile(r"\\+[bfnrtu]")  # json escapes FalkorDB does not read: \n, \t, \u0001 …


def _with_rows(query: str, rows: list[list[Any]]) -> tuple[str, dict[str, Any] | None]:
    """The query with `rows` as a CYPHER parameter header written by json (C speed), or, when json would
    escape something FalkorDB reads differently (control characters), as a parameter falkordb encodes."""
    try:
        text = json.dumps(rows, ensure_ascii=False, allow_nan=False)
    except ValueError:
        return query, {"rows": rows}
    if any(len(m.group()) % 2 == 0 for m in _BACKSLASHES.finditer(text)):  # an odd run: an escape, not "\\"
        return query, {"rows": rows}
    return f"CYPHER rows={text} {query}", None


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


def _remove_stale(folder: Path, keep: str) -> None:
    """Delete earlier store files that no embedded server is running on."""
    for rdb in folder.glob("graph-*.rdb"):
        if rdb.name == keep or Path(str(rdb) + ".settings").exists():
            continue
        rdb.unlink(missing_ok=True)
