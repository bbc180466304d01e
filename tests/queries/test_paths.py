"""The bidirectional search behind `connection`, on a real FalkorDB Lite store, checked against networkx."""

import random

import networkx as nx
import pytest

from graph.falkor import FalkorLiteStore
from graph.model import Entity, Evidence, KnowledgeGraph, Relation
from queries import paths


@pytest.fixture(scope="module")
def random_store(tmp_path_factory):
    """A sparse random graph of 300 schools (some pairs far apart, some not connected at all)."""
    rng = random.Random(7)
    kg = KnowledgeGraph()
    keys = [kg.add_entity(Entity(f"第{i}中学", "School", {f"{i}中"})) for i in range(300)]
    for _ in range(330):
        a, b = rng.sample(keys, 2)
        kg.add_relation(Relation(a, b, rng.choice(["PARTNERS_WITH", "MEMBER_OF"]),
                                 evidence=[Evidence("d", "句。", 0)]))
    store = FalkorLiteStore.create(tmp_path_factory.mktemp("paths"))
    store.load(kg)
    yield store, kg
    store.close()


def test_the_search_finds_paths_exactly_as_short_as_networkx(random_store):
    store, kg = random_store
    undirected = nx.Graph(kg.g)
    rng = random.Random(11)
    names = [d["name"] for _, d in kg.entities()]
    found = missing = 0
    for _ in range(40):
        a, b = rng.sample(names, 2)
        rows = paths.connection(store, {"a": a, "b": b}).records()
        ka, kb = (next(k for k, d in kg.entities() if d["name"] == n) for n in (a, b))
        try:
            expected = nx.shortest_path_length(undirected, ka, kb)
        except nx.NetworkXNoPath:
            expected = None
        if expected is None or expected > paths.MAX_STEPS:
            assert rows == []
            missing += 1
            continue
        found += 1
        (row,) = rows
        assert row["steps"] == expected and row["path"][0] == a and row["path"][-1] == b
        assert len(row["relations"]) == expected and set(row["relations"]) <= {"PARTNERS_WITH", "MEMBER_OF"}
    assert found >= 10 and missing >= 1  # both kinds of answer were exercised


def test_the_answer_names_a_query_the_console_can_run(random_store):
    store, kg = random_store
    lengths = nx.single_source_shortest_path_length(nx.Graph(kg.g), next(iter(kg.g)), cutoff=3)
    far = next(k for k, steps in lengths.items() if steps == 3)
    a, b = kg.g.nodes[next(iter(kg.g))]["name"], kg.g.nodes[far]["name"]
    result = paths.connection(store, {"a": a, "b": b})
    assert result.rows[0][2] == 3
    assert store.query(result.cypher).rows[:1] == result.rows


def test_an_unknown_name_has_no_connection(random_store):
    store, _ = random_store
    assert paths.connection(store, {"a": "不存在的学校", "b": "第1中学"}).rows == []


def test_an_entity_is_no_steps_from_itself(random_store):
    store, _ = random_store
    assert paths.connection(store, {"a": "第1中学", "b": "第1中学"}).rows == []


def test_ends_named_by_an_alias_are_found(random_store):
    store, kg = random_store
    lengths = nx.single_source_shortest_path_length(nx.Graph(kg.g), next(iter(kg.g)), cutoff=2)
    near = next(k for k, steps in lengths.items() if steps == 2)
    a, b = kg.g.nodes[next(iter(kg.g))]["name"], kg.g.nodes[near]["name"]
    by_alias = paths.connection(store, {"a": a.removeprefix("第").replace("中学", "中"), "b": b}).records()
    assert [row["steps"] for row in by_alias] == [2] and by_alias[0]["path"][-1] == b
