"""Neo4j through the official driver: the store for graphs and teams that outgrow one machine.

Loads upsert in batches (UNWIND + MERGE on the stable entity id, with a uniqueness constraint
per label); queries pass the read-only guard and run in read transactions with a timeout.
Credentials come from the environment (NEO4J_USER, NEO4J_PASSWORD), never from the repo.
"""

from __future__ import annotations

import os
from typing import Any

from graph.errors import GraphError
from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, QueryResult, edge_properties, stored_nodes
from queries import cypher as Q
from queries.guard import check_read_only
from queries.row_cap import cap_rows

BATCH = 5_000


class Neo4jStore:
    """A Neo4j database at a bolt:// or neo4j:// URL."""

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None) -> None:
        import neo4j

        self._neo4j = neo4j
        user = user or os.environ.get("NEO4J_USER", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD", "")
        self.database = database or os.environ.get("NEO4J_DATABASE") or None
        try:
            self.driver = neo4j.GraphDatabase.driver(uri, auth=(user, password))
            self.driver.verify_connectivity()
        except Exception as exc:  # the driver raises several kinds; the user needs one line
            raise GraphError("E103", f"{uri}: could not connect to Neo4j ({str(exc).splitlines()[0]})") from exc

    def load(self, kg: KnowledgeGraph, replace: bool = True) -> None:
        """Upsert the graph (MERGE on id); with `replace`, entities no longer in `kg` are removed first."""
        with self.driver.session(database=self.database) as session:
            for label in LABELS:
                session.run(Q.neo4j_constraint(label))
                session.run(Q.neo4j_name_index(label))
            if replace:
                session.run(Q.NEO4J_DELETE_MISSING, ids=[key for key, _ in kg.entities()])
            by_label: dict[str, list[dict[str, Any]]] = {}
            for label, key, props in stored_nodes(kg):
                by_label.setdefault(label, []).append({"id": key, "props": props})
            for label, rows in by_label.items():
                for batch in _batches(rows):
                    session.execute_write(lambda tx, b=batch, lb=label: tx.run(Q.merge_nodes(lb), rows=b).consume())
            groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
            for src, dst, data in kg.relations():
                group = (data["type"], kg.g.nodes[src]["label"], kg.g.nodes[dst]["label"])
                groups.setdefault(group, []).append({"s": src, "t": dst, "props": edge_properties(data)})
            for (type_, src_label, dst_label), rows in groups.items():
                if type_ not in RELATION_TYPES:
                    raise GraphError("E103", f"unknown relationship type {type_!r} in graph")
                text = Q.merge_edges(type_, src_label, dst_label)
                for batch in _batches(rows):
                    session.execute_write(lambda tx, b=batch, t=text: tx.run(t, rows=b).consume())

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
        check_read_only(cypher)
        neo4j = self._neo4j
        capped, params = cap_rows(cypher, limit + 1, params)
        query = neo4j.Query(capped, timeout=timeout_ms / 1000)

        def read(tx):
            result = tx.run(query, params or {})
            keys = list(result.keys())
            rows = []
            for record in result:
                if len(rows) == limit + 1:
                    break
                rows.append([to_plain(v) for v in record.values()])
            return keys, rows

        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                     fetch_size=min(limit + 1, 1000)) as session:
                columns, rows = session.execute_read(read)
        except neo4j.exceptions.ClientError as exc:
            code = error_code(exc.code or "")
            raise GraphError(code, f"Cypher error: {str(exc.message or exc).splitlines()[0]}") from exc
        return QueryResult(columns, rows[:limit], truncated=len(rows) > limit)

    def close(self) -> None:
        self.driver.close()


def error_code(neo4j_code: str) -> str:
    """Our code for a Neo4j client error: a write refused by the READ transaction is E202, as FalkorDB's
    read-only mode gives; a transaction timeout (Neo.ClientError.Transaction.TransactionTimedOut…) E203."""
    if neo4j_code.endswith(("AccessMode", "ForbiddenOnReadOnlyDatabase", "WriteOnReadOnlyAccessDatabase")):
        return "E202"
    if "TimedOut" in neo4j_code or "Timeout" in neo4j_code:
        return "E203"
    return "E201"


def to_plain(value: Any) -> Any:
    """Driver values as the same plain dicts FalkorDB results become (see graph.falkor.to_plain)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_kind": "node", "_id": value.element_id, "labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"_kind": "relationship", "_id": value.element_id, "type": value.type,
                "_src": value.start_node.element_id, "_dst": value.end_node.element_id, **dict(value)}
    if isinstance(value, Path):
        return {"_kind": "path", "nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


def _batches(rows: list[dict[str, Any]]):
    for i in range(0, len(rows), BATCH):
        yield rows[i:i + BATCH]
