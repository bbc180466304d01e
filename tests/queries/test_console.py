"""The Cypher console's logic: parameters, compact table values, CSV, and the entities a result holds."""

from __future__ import annotations

import pytest

from graph.model import Entity, Evidence, KnowledgeGraph, Relation
from graph.store import QueryResult
from queries.console import (
    bind_params,
    compact,
    example_values,
    initial_value,
    parse_value,
    result_graph,
    to_csv,
    used_params,
)
from queries.library import BY_NAME

NODE_A = {"_kind": "node", "_id": 1, "labels": ["School"], "id": "ka", "name": "杨村一中"}
NODE_B = {"_kind": "node", "_id": 2, "labels": ["University"], "id": "kb", "name": "南开大学"}
EDGE = {"_kind": "relationship", "_id": 7, "type": "PARTNERS_WITH", "_src": 1, "_dst": 2}


def test_used_params_and_typed_values() -> None:
    assert used_params("MATCH (a) WHERE a.name = $name RETURN a LIMIT $limit") == {"name", "limit"}
    assert parse_value("50", 50) == 50 and parse_value("12") == 12 and parse_value("武清区") == "武清区"
    assert parse_value("2024", "0000") == "2024"  # a date parameter stays text


def test_bind_params_sends_only_the_parameters_the_text_uses() -> None:
    query = BY_NAME["partners"]
    bound = bind_params(query.cypher, query, {"name": "武清区教育局", "limit": "5"})
    assert bound == {"name": "武清区教育局", "limit": 5}
    assert bind_params("MATCH (n) RETURN n LIMIT $limit", query, {"name": "", "limit": "3"}) == {"limit": 3}
    with pytest.raises(KeyError, match="name"):
        bind_params(query.cypher, query, {"name": " ", "limit": "5"})
    assert bind_params("MATCH (n) RETURN n", None, {}) == {}


def test_compact_values_and_csv() -> None:
    path = {"_kind": "path", "nodes": [NODE_A, NODE_B], "relationships": [EDGE]}
    assert [compact(v) for v in (NODE_A, EDGE, path, ["a", "b"], 3)] == [
        "杨村一中", "[:PARTNERS_WITH]", "杨村一中 → 南开大学", "a、b", 3]
    data = to_csv(QueryResult(["a", "n"], [[NODE_A, 1]]))
    assert data.startswith(b"\xef\xbb\xbf") and data.decode("utf-8-sig").splitlines() == ["a,n", "杨村一中,1"]


class EndsStore:
    """A store that knows the ends of relationship 7 only."""

    def __init__(self) -> None:
        self.asked: list = []

    def query(self, cypher, params=None, **_):
        self.asked.append(params)
        return QueryResult(["rel", "source", "target"], [[7, "ka", "kb"]])


def test_result_graph_collects_nodes_and_edges_and_looks_up_missing_ends() -> None:
    with_nodes = QueryResult(["p"], [[{"_kind": "path", "nodes": [NODE_A, NODE_B], "relationships": [EDGE]}]])
    assert result_graph(with_nodes) == ({"ka", "kb"}, {("ka", "kb", "PARTNERS_WITH")})
    store = EndsStore()
    assert result_graph(QueryResult(["r"], [[EDGE]]), store) == ({"ka", "kb"}, {("ka", "kb", "PARTNERS_WITH")})
    assert store.asked == [{"ids": [7]}]
    assert result_graph(QueryResult(["n"], [[1], ["x"]])) == (set(), set())


def test_example_values_come_from_the_graph() -> None:
    kg = KnowledgeGraph()
    region = kg.add_entity(Entity("武清区", "Region"))
    bureau = kg.add_entity(Entity("武清区教育局", "Authority"))
    school = kg.add_entity(Entity("杨村一中", "School"))
    kg.add_relation(Relation(bureau, region, "LOCATED_IN", evidence=[Evidence("d", "s", 0)]))
    kg.add_relation(Relation(bureau, school, "PARTNERS_WITH", evidence=[Evidence("d", "s", 0)]))
    values = example_values(kg)
    assert values["name"] == "武清区教育局" and values["b"] == "杨村一中" and values["region"] == "武清区"
    assert initial_value(BY_NAME["partners"], "limit", values) == "50"
    assert initial_value(BY_NAME["partners"], "name", values) == "武清区教育局"
