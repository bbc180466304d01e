"""Other export formats: GraphML (networkx), Neo4j bulk-import CSV and a Cypher script.

Node and edge properties are those of the FalkorDB store (`node_properties`, `edge_properties`),
so every property graph carries the same fields: evidence as parallel lists `docs`, `sentences`, `starts`.

Neo4j bulk import of the CSV folder (Neo4j 5; the server stopped, database `neo4j` empty or absent)::

    cd EXPORT_FOLDER
    neo4j-admin database import full \\
      --nodes=Region=nodes_Region.csv --nodes=Authority=nodes_Authority.csv \\
      --nodes=School=nodes_School.csv --nodes=University=nodes_University.csv \\
      --nodes=Alliance=nodes_Alliance.csv --nodes=Event=nodes_Event.csv \\
      --nodes=Program=nodes_Program.csv --nodes=Person=nodes_Person.csv \\
      --nodes=Organization=nodes_Organization.csv \\
      --relationships=LOCATED_IN=rels_LOCATED_IN.csv --relationships=PART_OF=rels_PART_OF.csv \\
      --relationships=MEMBER_OF=rels_MEMBER_OF.csv --relationships=LEADS=rels_LEADS.csv \\
      --relationships=PARTNERS_WITH=rels_PARTNERS_WITH.csv --relationships=ORGANIZED=rels_ORGANIZED.csv \\
      --relationships=HOSTED=rels_HOSTED.csv --relationships=PARTICIPATED_IN=rels_PARTICIPATED_IN.csv \\
      --relationships=HELD_IN=rels_HELD_IN.csv --relationships=RUNS=rels_RUNS.csv \\
      --array-delimiter=";" neo4j

Leave out any file that was not written (a label or type without rows gets none). The Cypher
script runs in `cypher-shell -f graph.cypher`, or statement by statement (split on `;` + newline).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graph.falkor import edge_properties, node_properties
from graph.jsonio import atomic_write_text
from graph.model import KnowledgeGraph
from queries import cypher as Q

ARRAY_DELIMITER = ";"
CYPHER_BATCH = 200
_NEO4J_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# -- GraphML ----------------------------------------------------------------------------
def write_graphml(kg: KnowledgeGraph, path: Path) -> None:
    """GraphML for Gephi, yEd or networkx: lists joined with '|', facts and evidence as JSON strings."""
    flat = nx.MultiDiGraph()
    for key, data in kg.entities():
        props = node_properties(kg, key, data)
        del props["id"]
        flat.add_node(key, label=data["label"], **{k: _flat(v) for k, v in props.items()})
    for src, dst, data in kg.relations():
        props = {k: v for k, v in data["properties"].items() if isinstance(v, (str, int, float, bool))}
        flat.add_edge(src, dst, key=data["type"], type=data["type"], **props,
                      evidence=json.dumps([e.as_dict() for e in data["evidence"]], ensure_ascii=False))
    atomic_write_text(path, "\n".join(nx.generate_graphml(flat)) + "\n")


def _flat(value: Any) -> Any:
    return "|".join(str(v) for v in value) if isinstance(value, list) else value


# -- Neo4j CSV --------------------------------------------------------------------------
def write_neo4j_csv(kg: KnowledgeGraph, folder: Path) -> list[Path]:
    """One `nodes_<Label>.csv` per label and one `rels_<TYPE>.csv` per type; see the module docstring."""
    written = []
    nodes: dict[str, list[dict[str, Any]]] = {}
    for key, data in kg.entities():
        nodes.setdefault(data["label"], []).append(node_properties(kg, key, data))
    for label, rows in sorted(nodes.items()):
        keys = ["id", "name", "aliases", "sources"]
        keys += sorted({k for row in rows for k in row} - set(keys))
        header = ["id:ID"] + [_neo4j_column(k, rows) for k in keys[1:]] + [":LABEL"]
        written.append(_write_csv(folder / f"nodes_{label}.csv", header,
                                  ([_csv_value(row.get(k)) for k in keys] + [label] for row in rows)))
    rels: dict[str, list[dict[str, Any]]] = {}
    for src, dst, data in kg.relations():
        rels.setdefault(data["type"], []).append({":START_ID": src, ":END_ID": dst, **edge_properties(data)})
    for type_, rows in sorted(rels.items()):
        keys = [":START_ID", ":END_ID", "kind", "role"]
        keys += sorted({k for row in rows for k in row} - set(keys) - {"docs", "sentences", "starts"})
        keys += ["docs", "sentences", "starts"]
        header = keys[:2] + [_neo4j_column(k, rows) for k in keys[2:]] + [":TYPE"]
        written.append(_write_csv(folder / f"rels_{type_}.csv", header,
                                  ([_csv_value(row.get(k)) for k in keys] + [type_] for row in rows)))
    return written


def _neo4j_column(key: str, rows: list[dict[str, Any]]) -> str:
    """`key:type` from the values present (`string` is the default and left out, except for arrays)."""
    values = [row[key] for row in rows if row.get(key) is not None]
    if values and isinstance(values[0], list):
        item = next((v[0] for v in values if v), "")
        return f"{key}:{_NEO4J_TYPES.get(type(item), 'string')}[]"
    type_ = _NEO4J_TYPES.get(type(values[0]) if values else str, "string")
    return key if type_ == "string" else f"{key}:{type_}"


def _csv_value(value: Any) -> Any:
    """A cell: None as empty, lists joined by the array delimiter (a ';' inside an item becomes '；')."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(str(v).replace(ARRAY_DELIMITER, "；") for v in value)
    return str(value).lower() if isinstance(value, bool) else value


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write_text(path, buf.getvalue())
    return path


# -- Cypher script ----------------------------------------------------------------------
def cypher_script(kg: KnowledgeGraph) -> str:
    """Statements (each ending `;` and a newline) that recreate the graph: indexes, nodes, then edges."""
    statements = []
    nodes: dict[str, list[dict[str, Any]]] = {}
    for key, data in kg.entities():
        nodes.setdefault(data["label"], []).append(node_properties(kg, key, data))
    for label in sorted(nodes):
        statements += [Q.create_index(label, "id"), Q.create_index(label, "name")]
    for label, rows in sorted(nodes.items()):
        statements += [f"UNWIND {cypher_literal(batch)} AS r CREATE (n:{label}) SET n = r"
                       for batch in _batches(rows)]
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for src, dst, data in kg.relations():
        group = (data["type"], kg.g.nodes[src]["label"], kg.g.nodes[dst]["label"])
        edges.setdefault(group, []).append({"s": src, "t": dst, "props": edge_properties(data)})
    for (type_, a, b), rows in sorted(edges.items()):
        statements += [f"UNWIND {cypher_literal(batch)} AS r MATCH (a:{a} {{id: r.s}}) MATCH (b:{b} {{id: r.t}}) "
                       f"CREATE (a)-[e:{type_}]->(b) SET e = r.props" for batch in _batches(rows)]
    return "".join(f"{s};\n" for s in statements)


def write_cypher_script(kg: KnowledgeGraph, path: Path) -> None:
    atomic_write_text(path, cypher_script(kg))


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a str, number, bool, None, list or map; strings in single quotes, escaped,
    with newlines as `\\n` so that `;` plus a newline only ever ends a statement."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'")
        return "'" + escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_cypher_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def _cypher_key(key: str) -> str:
    return key if _IDENTIFIER.fullmatch(key) else "`" + key.replace("`", "``") + "`"


def _batches(rows: list[dict[str, Any]]) -> Iterable[list[dict[str, Any]]]:
    for i in range(0, len(rows), CYPHER_BATCH):
        yield rows[i:i + CYPHER_BATCH]
