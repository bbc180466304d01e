"""The read-only guard: each attack refused, each honest query let through, and the graph unchanged."""

import pytest

from graph.errors import GraphError
from graph.store import open_store
from queries.guard import check_read_only

ATTACKS = {
    "plain write": "CREATE (n:School {name: 'x'})",
    "lower case": "match (n) detach delete n",
    "mixed case": "MaTcH (n) SeT n.name = 'x'",
    "write after a comment": "MATCH (n) /* harmless */ MERGE (m:School {name: 'x'})",
    "write on a new line": "MATCH (n)\nREMOVE n.name",
    "second statement": "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "full-width letters": "ＣＲＥＡＴＥ (n)",
    "zero-width space inside a keyword": "CRE\u200bATE (n)",
    "Cyrillic look-alike letter": "MATCH (n) SЕT n.name = 'x'",
    "load csv": "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "admin procedure": "CALL dbms.killQuery('1')",
    "writing procedure": "CALL apoc.create.node(['School'], {name: 'x'})",
    "unknown procedure": "CALL db.idx.fulltext.queryNodes('School', 'x')",
    "write inside CALL subquery": "CALL { CREATE (n:School) RETURN n } RETURN 1",
    "foreach": "MATCH (n) FOREACH (x IN [1] | SET n.flag = x)",
    "drop": "DROP INDEX ON :School(name)",
    "empty": "   ",
    "the guard's own placeholder format": "CALL \x000\x00 RETURN 1",
    "a stray placeholder": "RETURN \x007\x00",
    "deeply nested brackets (slow to parse)": "RETURN " + "(" * 40 + "1" + ")" * 40 + " AS x",
    "deeply nested lists": "RETURN " + "[" * 30 + "]" * 30,
    "longer than the size limit": "MATCH (n) WHERE n.name IN [" + ", ".join(["'某某学校'"] * 2500) + "] RETURN n",
    "a control character other than NUL": "MATCH (n) RETURN n.name\x07",
}

HONEST = [
    "MATCH (n) RETURN n.name",
    "MATCH (n {name: 'CREATE; DELETE'}) RETURN n // a comment saying create",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH (n) WHERE n.name CONTAINS 'set' RETURN n.name AS `delete`",
    "MATCH (n) RETURN n.created, n.settings, n.offset",
    "MATCH (n:School) RETURN n.name AS 名称;",
    "MATCH (n) WHERE n.name = '((((((((((((((((((((' RETURN n",  # brackets inside a string do not nest
    "RETURN ((((1 + 2) * 3) - 4) / 5) AS x",
]


@pytest.mark.parametrize("query", ATTACKS.values(), ids=ATTACKS.keys())
def test_guard_refuses_each_attack(query):
    with pytest.raises(GraphError) as err:
        check_read_only(query)
    assert err.value.code == "E202" and "\n" not in str(err.value)


@pytest.mark.parametrize("query", HONEST)
def test_guard_lets_read_queries_through(query):
    check_read_only(query)


def test_store_refuses_attacks_and_graph_stays_the_same(built_graph):
    store = open_store(built_graph)
    try:
        before = store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)").rows
        for query in ATTACKS.values():
            with pytest.raises(GraphError):
                store.query(query)
        after = store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)").rows
        assert after == before
    finally:
        store.close()
