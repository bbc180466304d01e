"""GraphML, Neo4j CSV and Cypher-script exports of the graph built from data/corpus."""

import csv
import json
from collections import Counter

import networkx as nx
import pytest

from graph.exports import cypher_literal, write_cypher_script, write_graphml, write_neo4j_csv
from graph.falkor import FalkorLiteStore
from graph.jsonio import read_graph_json
from queries import cypher as Q


@pytest.fixture(scope="module")
def kg(built_graph):
    return read_graph_json(built_graph / "graph.json")


@pytest.fixture(scope="module")
def export(built_graph):
    return json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def expected(export):
    """Entities per label and relations per type, counted from graph.json."""
    return Counter(e["type"] for e in export["entities"]), Counter(r["type"] for r in export["relations"])


def test_exports_graphml_reads_back_with_same_counts(kg, export, tmp_path):
    path = tmp_path / "graph.graphml"
    write_graphml(kg, path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == len(export["entities"])
    assert g.number_of_edges() == len(export["relations"])
    rel = export["relations"][0]
    data = g.edges[rel["source"], rel["target"], rel["type"]]
    assert json.loads(data["evidence"]) == rel["evidence"]


def test_exports_neo4j_csv_headers_and_row_counts(kg, expected, tmp_path):
    labels, types = expected
    files = {p.name: p for p in write_neo4j_csv(kg, tmp_path)}
    assert set(files) == {f"nodes_{label}.csv" for label in labels} | {f"rels_{type_}.csv" for type_ in types}
    for label, n in labels.items():
        with files[f"nodes_{label}.csv"].open(encoding="utf-8", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        assert header[:4] == ["id:ID", "name", "aliases:string[]", "sources:string[]"] and header[-1] == ":LABEL"
        assert len(rows) == n and all(row[-1] == label and len(row) == len(header) for row in rows)
    for type_, n in types.items():
        with files[f"rels_{type_}.csv"].open(encoding="utf-8", newline="") as fh:
            header, *rows = list(csv.reader(fh))
        assert header == [":START_ID", ":END_ID", "kind", "role", "docs:string[]", "sentences:string[]",
                          "starts:long[]", ":TYPE"]
        assert len(rows) == n and all(row[-1] == type_ for row in rows)


def test_exports_cypher_literal_escapes_strings():
    assert cypher_literal("it's a \\ path\n") == "'it\\'s a \\\\ path\\n'"
    assert cypher_literal({"a b": [1, 2.5, True, None]}) == "{`a b`: [1, 2.5, true, null]}"


@pytest.fixture(scope="module")
def replayed(kg, tmp_path_factory):
    """A fresh FalkorDB Lite graph loaded by running the Cypher script statement by statement."""
    folder = tmp_path_factory.mktemp("cypher")
    write_cypher_script(kg, folder / "graph.cypher")
    store = FalkorLiteStore.create(folder)
    try:
        script = (folder / "graph.cypher").read_text(encoding="utf-8")
        for statement in script.split(";\n"):
            if statement.strip():
                store.graph.query(statement)
        yield store
    finally:
        store.close()


def test_exports_cypher_script_recreates_counts(replayed, expected):
    labels, types = expected
    assert dict(replayed.query(Q.COUNT_BY_LABEL).rows) == dict(labels)
    assert dict(replayed.query(Q.COUNT_BY_TYPE).rows) == dict(types)


def test_exports_cypher_script_keeps_facts_with_evidence(replayed):
    result = replayed.query(
        "MATCH (a {name: $a})-[r:PARTNERS_WITH]-(b {name: $b}) RETURN r.kind, r.sentences, a.aliases, a.sources",
        {"a": "武清区教育局", "b": "南开大学"})
    [(kind, sentences, aliases, sources)] = result.rows
    assert kind == "co-build" and any("南开大学" in s for s in sentences)
    assert isinstance(aliases, list) and sources
