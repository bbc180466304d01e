"""Neo4j-style Cypher that coordinators copy from tutorials, rewritten for FalkorDB and run for real."""

import pytest

from graph.errors import GraphError
from graph.store import open_store
from queries.dialect import to_falkordb


@pytest.fixture(scope="module")
def store(built_graph):
    s = open_store(built_graph)
    yield s
    s.close()


def test_rewrites_leave_string_literals_alone():
    query = "MATCH (n) WHERE n.name = 'p = shortestPath((a)-[*]-(b)) =~ \".*\"' RETURN n"
    assert to_falkordb(query) == query


def test_undirected_shortest_path_becomes_a_bounded_ordered_match(store):
    # 000: 武清区教育局 co-builds with both 南开大学 and 天津大学, so they are two steps apart.
    query = ("MATCH (a {name: '南开大学'}), (b {name: '天津大学'}), p = shortestPath((a)-[*]-(b)) "
             "RETURN [n IN nodes(p) | n.name] AS path")
    rows = store.query(query).rows
    assert rows == [[["南开大学", "武清区教育局", "天津大学"]]]


def test_directed_shortest_path_moves_into_with(store):
    query = ("MATCH (a {name: '武清区董庄子中学'}), (b {name: '天津市'}) "
             "MATCH p = shortestPath((a)-[:LOCATED_IN|PART_OF*]->(b)) RETURN length(p) AS hops")
    assert store.query(query).rows == [[2]]


def test_exists_subquery_and_function_become_pattern_predicates(store):
    expected = store.query("MATCH (a:Authority) WHERE (a)-[:RUNS]->() RETURN count(a)").rows
    assert store.query("MATCH (a:Authority) WHERE EXISTS { MATCH (a)-[:RUNS]->() } RETURN count(a)").rows == expected
    assert store.query("MATCH (a:Authority) WHERE exists((a)-[:RUNS]->()) RETURN count(a)").rows == expected


@pytest.mark.parametrize("regex,expected", [
    ("'.*大学'", "ENDS WITH '大学'"), ("'天津.*'", "STARTS WITH '天津'"), ("'.*师范.*'", "CONTAINS '师范'")])
def test_simple_regexes_become_string_predicates(store, regex, expected):
    rewritten = to_falkordb(f"MATCH (u) WHERE u.name =~ {regex} RETURN u.name")
    assert expected in rewritten
    names = [row[0] for row in store.query(f"MATCH (u) WHERE u.name =~ {regex} RETURN u.name").rows]
    assert names and all(n for n in names)


def test_other_regexes_are_refused_with_the_equivalent_form():
    with pytest.raises(GraphError) as err:
        to_falkordb("MATCH (u) WHERE u.name =~ '[a-z]+大学' RETURN u")
    assert err.value.code == "E206" and "STARTS WITH" in str(err.value)


def test_unicode_aliases_get_backticks(store):
    rows = store.query("MATCH (u:University {name: '南开大学'}) RETURN u.name AS 名称").rows
    assert rows == [["南开大学"]]


TUTORIAL = [
    "MATCH (a:Alliance) OPTIONAL MATCH (m)-[:MEMBER_OF]->(a) RETURN a.name, collect(m.name) AS members",
    "MATCH (n) WITH labels(n)[0] AS label, count(*) AS c WHERE c > 1 RETURN label, c ORDER BY c DESC SKIP 1 LIMIT 3",
    "UNWIND ['南开大学', '天津大学'] AS name MATCH (u {name: name}) RETURN u.name",
    "MATCH (a:Authority) RETURN a.name, [(a)-[:RUNS]->(p) | p.name][0..2] AS programs",
    "MATCH (n) RETURN CASE WHEN n:University THEN 'u' ELSE 'other' END AS kind, count(*)",
    "MATCH (n:University) RETURN properties(n) AS p LIMIT 1",
    "MATCH (n) WHERE n.name STARTS WITH '天津' AND n.name CONTAINS '大学' RETURN n.name",
    "MATCH p = (a:School)-[*1..2]->(r:Region) RETURN length(p) LIMIT 3",
    "MATCH (a)-[r]->(b) RETURN type(r), labels(a), labels(b) LIMIT 3",
    "MATCH (n:Region) WHERE n.name = $name RETURN n.name",
]


@pytest.mark.parametrize("query", TUTORIAL)
def test_tutorial_cypher_runs(store, query):
    store.query(query, {"name": "天津市"})
