"""No console query takes the embedded store down: a huge result is cut by the server itself, a query slow
to parse is refused before it reaches the store, and another session is answered meanwhile."""

from __future__ import annotations

import threading
import time

import pytest

from graph.errors import GraphError
from graph.store import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, open_store

BUDGET_S = DEFAULT_TIMEOUT_MS / 1000


@pytest.fixture(scope="module")
def store(built_graph):
    opened = open_store(built_graph)
    yield opened
    opened.close()


def test_a_huge_unwind_is_cut_by_the_server_within_the_budget(store):
    started = time.monotonic()
    result = store.query("UNWIND range(1, 5000000) AS x RETURN x")
    assert len(result.rows) == DEFAULT_ROW_LIMIT and result.truncated
    assert time.monotonic() - started < BUDGET_S


def test_deep_nesting_is_refused_before_the_store_parses_it(store):
    started = time.monotonic()
    with pytest.raises(GraphError) as refused:
        store.query("RETURN " + "(" * 40 + "1" + ")" * 40 + " AS x")
    assert refused.value.code == "E202" and time.monotonic() - started < 1


def test_another_session_is_answered_while_a_big_query_runs(store):
    answers: list[float] = []

    def big() -> None:
        for _ in range(3):
            store.query("UNWIND range(1, 3000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x)")

    runner = threading.Thread(target=big)
    runner.start()
    try:
        while runner.is_alive() and len(answers) < 5:
            asked = time.monotonic()
            assert store.query("RETURN 1 AS one").rows == [[1]]
            answers.append(time.monotonic() - asked)
    finally:
        runner.join(BUDGET_S * 3)
    assert answers and max(answers) < BUDGET_S


def test_no_embedded_server_outlives_a_store_that_several_threads_queried(built_graph, tmp_path):
    import shutil

    import psutil

    own = tmp_path / "build"  # a copy: a server another store of this process shares is rightly left running
    shutil.copytree(built_graph, own, ignore=shutil.ignore_patterns("cache", "history", "*.settings"))
    store = open_store(own)
    server = psutil.Process(store.db.client.pid)
    threads = [threading.Thread(target=store.query, args=("MATCH (n) RETURN count(n)",)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    with pytest.raises(psutil.NoSuchProcess):
        server.wait(10)  # gone: each thread's connection was this store's own, not another client's
        server.status()
