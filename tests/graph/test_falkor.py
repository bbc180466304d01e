"""The embedded FalkorDB Lite store answering real Cypher on the graph built from data/corpus."""

import json

import pytest

from graph.errors import GraphError
from graph.store import open_store


@pytest.fixture(scope="module")
def store(built_graph):
    s = open_store(built_graph)
    yield s
    s.close()


@pytest.fixture(scope="module")
def export(built_graph):
    return json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))


def test_counts_by_label_equal_graph_json(store, export):
    result = store.query("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
    expected: dict[str, int] = {}
    for ent in export["entities"]:
        expected[ent["type"]] = expected.get(ent["type"], 0) + 1
    assert dict(result.rows) == expected
    assert len(expected) >= 6


def test_relationship_counts_equal_graph_json(store, export):
    result = store.query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
    expected: dict[str, int] = {}
    for rel in export["relations"]:
        expected[rel["type"]] = expected.get(rel["type"], 0) + 1
    assert dict(result.rows) == expected


def test_parameterised_query_finds_partners_with_evidence(store):
    # 000 says: 与南开大学、天津大学……等高校建立思政教育共建关系 (the bureau's own report).
    result = store.query(
        "MATCH (a {name: $name})-[r:PARTNERS_WITH]-(b) RETURN b.name AS partner, r.kind AS kind, r.sentences AS s",
        {"name": "武清区教育局"})
    partners = {row[0] for row in result.rows}
    assert {"南开大学", "天津大学", "河北工业大学", "天津师范大学", "天狮学院"} <= partners
    row = next(r for r in result.rows if r[0] == "南开大学")
    assert row[1] == "co-build"
    assert any("南开大学" in sentence for sentence in row[2])


def test_nodes_and_paths_come_back_as_plain_values(store):
    result = store.query("MATCH p = (a:Authority)-[:LOCATED_IN]->(r:Region) RETURN a, p LIMIT 1")
    node, path = result.rows[0]
    assert node["_kind"] == "node" and node["labels"] == ["Authority"] and node["name"]
    assert path["_kind"] == "path" and len(path["nodes"]) == 2 and path["relationships"][0]["type"] == "LOCATED_IN"


def test_writes_are_refused_and_change_nothing(store):
    before = store.query("MATCH (n) RETURN count(n)").rows[0][0]
    with pytest.raises(GraphError) as err:
        store.query("CREATE (:School {name: 'x'})")
    assert err.value.code == "E202"
    assert store.query("MATCH (n) RETURN count(n)").rows[0][0] == before


def test_syntax_error_is_one_line(store):
    with pytest.raises(GraphError) as err:
        store.query("MATCH (n RETURN n")
    assert err.value.code == "E201" and "\n" not in str(err.value)


def test_row_cap_truncates(store):
    result = store.query("MATCH (n) RETURN n.name", limit=3)
    assert len(result.rows) == 3 and result.truncated


def test_missing_build_is_a_clear_error(tmp_path):
    with pytest.raises(GraphError) as err:
        open_store(tmp_path)
    assert err.value.code == "E101" and str(tmp_path) in str(err.value)
