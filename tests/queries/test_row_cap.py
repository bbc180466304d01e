"""The row cap written into a query for stores that do not hold it themselves."""

from __future__ import annotations

import pytest

from graph.errors import GraphError
from queries.row_cap import cap_rows


@pytest.mark.parametrize(("query", "capped"), [
    ("MATCH (n) RETURN n", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n ORDER BY n.name SKIP 2;", "MATCH (n) RETURN n ORDER BY n.name SKIP 2 LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT 5", "MATCH (n) RETURN n LIMIT 5"),
    ("MATCH (n) RETURN n LIMIT 99999", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (a) RETURN a.name AS x UNION MATCH (b) RETURN b.name AS x",
     "MATCH (a) RETURN a.name AS x LIMIT 11 UNION MATCH (b) RETURN b.name AS x LIMIT 11"),
    ("CALL { MATCH (a) RETURN a LIMIT 3 } RETURN a", "CALL { MATCH (a) RETURN a LIMIT 3 } RETURN a LIMIT 11"),
    ("RETURN [x IN range(1, 3) WHERE x > 1 | x] AS xs", "RETURN [x IN range(1, 3) WHERE x > 1 | x] AS xs LIMIT 11"),
    ("CALL db.labels() YIELD label", "CALL db.labels() YIELD label"),
    ("MATCH (n) RETURN n WITH n", "MATCH (n) RETURN n WITH n"),
    # the word limit as a property, an alias or a map key is no LIMIT clause
    ("UNWIND range(1, 100000000) AS x WITH x, {limit: 1} AS m RETURN x, m.limit",
     "UNWIND range(1, 100000000) AS x WITH x, {limit: 1} AS m RETURN x, m.limit LIMIT 11"),
    ("UNWIND range(1, 100000000) AS x RETURN x AS limit", "UNWIND range(1, 100000000) AS x RETURN x AS limit LIMIT 11"),
    ("MATCH (n) WITH n LIMIT 100000 RETURN n", "MATCH (n) WITH n LIMIT 100000 RETURN n LIMIT 11"),
])
def test_each_part_that_ends_in_return_gets_a_limit_of_at_most_the_cap(query, capped):
    assert cap_rows(query, 11)[0] == capped


def test_words_inside_strings_and_comments_are_not_read():
    query = "MATCH (n) WHERE n.name = 'x RETURN y LIMIT 3' RETURN n // LIMIT 2"
    assert cap_rows(query, 11)[0] == "MATCH (n) WHERE n.name = 'x RETURN y LIMIT 3' RETURN n LIMIT 11"


def test_a_limit_parameter_is_lowered_to_the_cap_and_an_expression_is_refused():
    query, params = cap_rows("MATCH (n) RETURN n LIMIT $k", 11, {"k": 10**8, "name": "x"})
    assert query == "MATCH (n) RETURN n LIMIT $k" and params == {"k": 11, "name": "x"}
    assert cap_rows("MATCH (n) RETURN n LIMIT $k", 11, {"k": 4})[1] == {"k": 4}
    for expression in ("toInteger(1e8)", "100000000 + 0", "$missing"):
        with pytest.raises(GraphError) as refused:
            cap_rows(f"UNWIND range(1, 100000000) AS x RETURN x LIMIT {expression}", 11, {})
        assert refused.value.code == "E202"
