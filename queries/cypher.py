"""All Cypher text of the project, as named constants and small builders (labels and types
cannot be parameters in Cypher, so builders accept only names from the schema)."""

from __future__ import annotations

import re

from graph.model import LABELS, RELATION_TYPES


def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}")
    return label


def _type(type_: str) -> str:
    if type_ not in RELATION_TYPES:
        raise ValueError(f"unknown relationship type {type_!r}")
    return type_


def create_nodes(label: str) -> str:
    return f"UNWIND $rows AS r CREATE (n:{_label(label)}) SET n = r.props RETURN r.key, id(n)"


def create_edges(type_: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a) WHERE id(a) = r.s MATCH (b) WHERE id(b) = r.t "
            f"CREATE (a)-[e:{_type(type_)}]->(b) SET e = r.props")


def _prop(name: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    if "`" in name or not name:
        raise ValueError(f"property name {name!r} cannot be stored")
    return f"`{name}`"


def create_node_rows(label: str, columns: list[str]) -> str:
    """Rows [key, value of columns[0], ...]: one node each, returning the key and the internal id."""
    sets = ", ".join(f"n.{_prop(c)} = r[{i + 1}]" for i, c in enumerate(columns))
    return f"UNWIND $rows AS r CREATE (n:{_label(label)}) SET {sets} RETURN r[0], id(n)"


def create_edge_rows(type_: str, columns: list[str]) -> str:
    """Rows [source id, target id, value of columns[0], ...], endpoints matched by internal id."""
    sets = ", ".join(f"e.{_prop(c)} = r[{i + 2}]" for i, c in enumerate(columns))
    return (f"UNWIND $rows AS r MATCH (a) WHERE id(a) = r[0] MATCH (b) WHERE id(b) = r[1] "
            f"CREATE (a)-[e:{_type(type_)}]->(b){' SET ' + sets if sets else ''}")


def create_index(label: str, prop: str) -> str:
    if prop not in ("id", "name", "degree"):
        raise ValueError(f"no index on {prop!r}")
    return f"CREATE INDEX FOR (n:{_label(label)}) ON (n.{prop})"


# -- read queries used by the app ---------------------------------------------------
COUNT_BY_LABEL = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY n DESC"
COUNT_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY n DESC"
ALL_NODES = ("MATCH (n) RETURN n.id AS id, labels(n)[0] AS label, n.name AS name, n.aliases AS aliases, "
             "n.sources AS sources, n.level AS level, n.date AS date LIMIT $limit")
ALL_EDGES = ("MATCH (a)-[r]->(b) RETURN a.id AS source, b.id AS target, type(r) AS type, r.kind AS kind, "
             "r.role AS role, r.docs AS docs, r.sentences AS sentences LIMIT $limit")

# Whole-graph view: organisations by the degree precomputed at load time (graph/falkor.py), read through its index.
TOP_BY_DEGREE = ("MATCH (n) WHERE n.degree IS NOT NULL AND NOT n:Region AND NOT n:Event AND NOT n:Program "
                 "AND NOT n:Person RETURN n.name AS name, labels(n)[0] AS label, n.degree AS degree "
                 "ORDER BY degree DESC LIMIT $limit")

# -- the app's Cypher console -------------------------------------------------------
# FalkorDB reads a non-ASCII alias only between backticks.
CONSOLE_EXAMPLE = ("MATCH (a)-[r:PARTNERS_WITH]->(b) RETURN a.name AS `甲方`, b.name AS `乙方`, r.kind AS `类型` "
                   "LIMIT 25")


# -- Neo4j loading (upsert on the stable id) ------------------------------------------
NEO4J_DELETE_MISSING = "MATCH (n) WHERE n.id IS NOT NULL AND NOT n.id IN $ids DETACH DELETE n"


def neo4j_constraint(label: str) -> str:
    return f"CREATE CONSTRAINT {_label(label).lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"


def neo4j_name_index(label: str) -> str:
    return f"CREATE INDEX {_label(label).lower()}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)"


def merge_nodes(label: str) -> str:
    return f"UNWIND $rows AS r MERGE (n:{_label(label)} {{id: r.id}}) SET n += r.props"


def merge_edges(type_: str, source_label: str, target_label: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{_label(source_label)} {{id: r.s}}) "
            f"MATCH (b:{_label(target_label)} {{id: r.t}}) MERGE (a)-[e:{_type(type_)}]->(b) SET e += r.props")
