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


def test_undirected_all_shortest_paths_runs_as_falkordb_sppaths(store):
    # 000: 武清区教育局 co-builds with both 南开大学 and 天津大学
    query = ("MATCH (a {name: '南开大学'}), (b {name: '天津大学'}) MATCH p = allShortestPaths((a)-[*]-(b)) "
             "RETURN [n IN nodes(p) | n.name] AS path")
    assert ["南开大学", "武清区教育局", "天津大学"] in [row[0] for row in store.query(query).rows]
    typed = ("MATCH (a {name: '南开大学'}), (b {name: '天津大学'}), p = allShortestPaths((a)-[:LOCATED_IN*..3]-(b)) "
             "RETURN length(p)")
    assert "relTypes: ['LOCATED_IN']" in to_falkordb(typed) and "maxLen: 3" in to_falkordb(typed)
    store.query(typed)


def test_all_shortest_paths_with_unbound_ends_is_refused_with_the_form_that_works():
    with pytest.raises(GraphError) as err:
        to_falkordb("MATCH p = allShortestPaths((a {name: 'x'})-[*]-(b {name: 'y'})) RETURN p")
    assert err.value.code == "E206" and "MATCH p = allShortestPaths((a)-[*]-(b))" in str(err.value)


def test_exists_subquery_and_function_become_pattern_predicates(store):
    expected = store.query("MATCH (a:Authority) WHERE (a)-[:RUNS]->() RETURN count(a)").rows
    assert store.query("MATCH (a:Authority) WHERE EXISTS { MATCH (a)-[:RUNS]->() } RETURN count(a)").rows == expected
    assert store.query("MATCH (a:Authority) WHERE exists((a)-[:RUNS]->()) RETURN count(a)").rows == expected


@pytest.mark.parametrize("regex,expected", [
    ("'.*大学'", "ENDS WITH '大学'"), ("'天津.*'", "STARTS WITH '天津'"), ("'.*师范.*'", "CONTAINS '师范'"),
    ("'.*大学$'", "ENDS WITH '大学'"), ("'^天津.*'", "STARTS WITH '天津'"), ("'(?i).*中学.*'", "CONTAINS '中学'")])
def test_simple_regexes_become_string_predicates(store, regex, expected):
    rewritten = to_falkordb(f"MATCH (u) WHERE u.name =~ {regex} RETURN u.name")
    assert expected in rewritten
    names = [row[0] for row in store.query(f"MATCH (u) WHERE u.name =~ {regex} RETURN u.name").rows]
    assert names and all(n for n in names)


def test_a_regex_of_alternatives_becomes_ors_and_finds_what_each_finds(store):
    both = {row[0] for row in store.query("MATCH (u) WHERE u.name =~ '.*(大学|中学)$' RETURN u.name").rows}
    each = {row[0] for word in ("大学", "中学")
            for row in store.query("MATCH (u) WHERE u.name ENDS WITH $w RETURN u.name", {"w": word}).rows}
    assert both == each and any(n.endswith("大学") for n in both) and any(n.endswith("中学") for n in both)


def test_count_subquery_becomes_a_pattern_comprehension(store):
    query = "MATCH (u:University {name: '南开大学'}) RETURN COUNT { (u)--() } AS ties"
    expected = store.query("MATCH (u:University {name: '南开大学'})--() RETURN count(*)").rows
    assert store.query(query).rows == expected and expected[0][0] > 0
    with_where = ("MATCH (a:Authority) RETURN a.name AS name, "
                  "COUNT { MATCH (a)-[:PARTNERS_WITH]-(u) WHERE u:University } AS universities ORDER BY name")
    rows = {name: n for name, n in store.query(with_where).rows}
    assert rows["武清区教育局"] >= 2  # 000: co-builds with 南开大学 and 天津大学


def test_exists_subquery_with_where_is_refused_with_a_count_form_that_runs(store):
    with pytest.raises(GraphError) as err:
        store.query("MATCH (a:Authority) WHERE EXISTS { MATCH (a)-[:PARTNERS_WITH]-(u) WHERE u.name = '南开大学' } "
                    "RETURN a.name")
    assert err.value.code == "E206" and "WITH a, COUNT {" in str(err.value)
    advised = ("MATCH (a:Authority) WITH a, COUNT { MATCH (a)-[:PARTNERS_WITH]-(u) WHERE u.name = '南开大学' } AS n "
               "WHERE n > 0 RETURN a.name")
    assert ["武清区教育局"] in store.query(advised).rows


def test_a_subquery_of_several_clauses_is_refused_with_the_form_that_works():
    with pytest.raises(GraphError) as err:
        to_falkordb("MATCH (a) RETURN COUNT { MATCH (a)--(b) WITH b MATCH (b)--(c) RETURN c } AS n")
    assert err.value.code == "E206" and "COUNT { MATCH (a)-[:R]->(b) WHERE" in str(err.value)


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
