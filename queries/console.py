"""The Cypher console's logic, with no UI code: library examples and their parameters, result values
as table text, the graph entities a result holds, and CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

from graph.model import KnowledgeGraph
from graph.overview import region_of
from graph.store import GraphStore, QueryResult
from queries.library import NamedQuery

# Endpoints of relationships a query returned without their nodes (id() works in FalkorDB and Neo4j).
RELATIONSHIP_ENDS = "MATCH (a)-[r]->(b) WHERE id(r) IN $ids RETURN id(r) AS rel, a.id AS source, b.id AS target"
_PARAM = re.compile(r"\$(\w+)")


# -- parameters ------------------------------------------------------------------------------
def used_params(cypher: str) -> set[str]:
    """Names of the $parameters a query text uses."""
    return set(_PARAM.findall(cypher))


def parse_value(text: str, default: Any = None) -> Any:
    """A parameter typed in a text box: an integer when the default is one (or the text is digits), else text."""
    text = text.strip()
    if isinstance(default, int) or (default is None and re.fullmatch(r"-?\d+", text)):
        try:
            return int(text)
        except ValueError:
            return text
    return text


def example_values(kg: KnowledgeGraph) -> dict[str, str]:
    """Sensible first values for the library's parameters, taken from the graph itself:
    the organisation with most partners (then most relations), alliance, event and regions."""
    def partners(key: str) -> int:
        return sum(1 for *_, data in kg.g.in_edges(key, data=True) if data["type"] == "PARTNERS_WITH") + \
            sum(1 for *_, data in kg.g.out_edges(key, data=True) if data["type"] == "PARTNERS_WITH")

    def best(labels: set[str], skip: Iterable[str] = ()) -> str:
        keys = [k for k, d in kg.entities() if d["label"] in labels and d["name"] not in set(skip)]
        keys.sort(key=lambda k: (-partners(k), -kg.g.degree(k), kg.g.nodes[k]["name"]))
        return kg.g.nodes[keys[0]]["name"] if keys else ""

    organisations = {"Authority", "School", "University", "Organization"}
    placed = region_of(kg)
    regions = sorted({placed[k] for k in placed if placed[k] != k},
                     key=lambda r: (-sum(1 for v in placed.values() if v == r), kg.g.nodes[r]["name"]))
    region_names = [kg.g.nodes[r]["name"] for r in regions] or [best({"Region"})]
    name = best(organisations)
    return {"name": name, "a": name, "b": best(organisations, skip=[name]), "alliance": best({"Alliance"}),
            "event": best({"Event"}), "region": region_names[0],
            "region_a": region_names[0], "region_b": region_names[1] if len(region_names) > 1 else region_names[0]}


def initial_value(query: NamedQuery, param: str, examples: dict[str, str]) -> str:
    """What the console's input for `param` starts with: the library default, else a value from the graph."""
    for p in query.params:
        if p.name == param and p.default is not None:
            return str(p.default)
    if param == "name" and "a:Alliance" in query.cypher:
        return examples.get("alliance", examples.get("name", ""))
    if param == "name" and "a:Event" in query.cypher:
        return examples.get("event", examples.get("name", ""))
    return examples.get(param, "")


def bind_params(cypher: str, query: NamedQuery | None, typed: dict[str, str]) -> dict[str, Any]:
    """The parameters to send: the example's typed values the query text still uses; KeyError names a missing one."""
    if query is None:
        return {}
    wanted = used_params(cypher)
    bound = {}
    for p in query.params:
        if p.name not in wanted:
            continue
        text = typed.get(p.name, "").strip()
        if not text:
            raise KeyError(p.name)
        bound[p.name] = parse_value(text, p.default)
    return bound


# -- results -----------------------------------------------------------------------------------
def compact(value: Any) -> Any:
    """A result value as table text: a node by its name, a relationship by its type, a path by its nodes."""
    if isinstance(value, dict):
        kind = value.get("_kind")
        if kind == "node":
            return value.get("name") or f"({':'.join(value['labels'])} {value['_id']})"
        if kind == "relationship":
            return f"[:{value['type']}]"
        if kind == "path":
            return " → ".join(compact(node) for node in value["nodes"])
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list):
        return "、".join(str(compact(item)) for item in value)
    return value


def table_rows(result: QueryResult) -> list[list[Any]]:
    """Every row with its values made compact for a table."""
    return [[compact(value) for value in row] for row in result.rows]


def to_csv(result: QueryResult) -> bytes:
    """The result as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese text)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(result.columns)
    writer.writerows(table_rows(result))
    return out.getvalue().encode("utf-8-sig")


def graph_values(value: Any) -> Iterable[dict[str, Any]]:
    """Every node and relationship dict inside a result value (paths and lists opened)."""
    if isinstance(value, dict) and value.get("_kind") in ("node", "relationship"):
        yield value
    elif isinstance(value, dict) and value.get("_kind") == "path":
        yield from value["nodes"]
        yield from value["relationships"]
    elif isinstance(value, list):
        for item in value:
            yield from graph_values(item)


def result_graph(result: QueryResult, store: GraphStore | None = None) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Entity keys and (source, target, type) edges that a result returned, for drawing.
    Relationships returned without their end nodes have their ends looked up in `store`."""
    values = [v for row in result.rows for cell in row for v in graph_values(cell)]
    nodes = {v["_id"]: v.get("id") for v in values if v["_kind"] == "node"}
    rels = [v for v in values if v["_kind"] == "relationship"]
    keys = {key for key in nodes.values() if key}
    ends = {r["_id"]: (nodes.get(r.get("_src")), nodes.get(r.get("_dst"))) for r in rels}
    missing = [rid for rid, (src, dst) in ends.items() if not (src and dst)]
    if missing and store is not None:
        found = store.query(RELATIONSHIP_ENDS, {"ids": missing})
        ends.update({rid: (src, dst) for rid, src, dst in found.rows})
    edges = set()
    for rel in rels:
        src, dst = ends.get(rel["_id"], (None, None))
        if src and dst:
            keys |= {src, dst}
            edges.add((src, dst, rel["type"]))
    return keys, edges
