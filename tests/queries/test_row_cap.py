"""The row cap written into a query for stores that do not hold it themselves."""

from __future__ import annotations

import pytest

from queries.row_cap import cap_rows


@pytest.mark.parametrize(("query", "capped"), [
    ("MATCH (n) RETURN n", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n ORDER BY n.name SKIP 2;", "MATCH (n) RETURN n ORDER BY n.name SKIP 2 LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT 5", "MATCH (n) RETURN n LIMIT 5"),
    ("MATCH (n) RETURN n LIMIT 99999", "MATCH (n) RETURN n LIMIT 11"),
    ("MATCH (n) RETURN n LIMIT $k", "MATCH (n) RETURN n LIMIT $k"),
    ("MATCH (a) RETURN a.name AS x UNION MATCH (b) RETURN b.name AS x",
     "MATCH (a) RETURN a.name AS x LIMIT 11 UNION MATCH (b) RETURN b.name AS x LIMIT 11"),
    ("CALL { MATCH (a) RETURN a LIMIT 3 } RETURN a", "CALL { MATCH (a) RETURN a LIMIT 3 } RETURN a LIMIT 11"),
    ("RETURN [x IN range(1, 3) WHERE x > 1 | x] AS xs", "RETURN [x IN range(1, 3) WHERE x > 1 | x] AS xs LIMIT 11"),
    ("CALL db.labels() YIELD label", "CALL db.labels() YIELD label"),
    ("MATCH (n) RETURN n WITH n", "MATCH (n) RETURN n WITH n"),
])
def test_each_part_that_ends_in_return_gets_a_limit_of_at_most_the_cap(query, capped):
    assert cap_rows(query, 11) == capped


def test_words_inside_strings_and_comments_are_not_read():
    query = "MATCH (n) WHERE n.name = 'x RETURN y LIMIT 3' RETURN n // LIMIT 2"
    assert cap_rows(query, 11) == "MATCH (n) WHERE n.name = 'x RETURN y LIMIT 3' RETURN n LIMIT 11"
