"""The command lines as a user runs them: python -m ingest and python -m queries cypher."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_cypher_json_prints_rows_keyed_by_column(built_graph):
    out = run("-m", "queries", "cypher", "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n",
              "--graph", str(built_graph), "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    export = json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))
    assert sum(r["n"] for r in rows) == len(export["entities"])
    assert len(rows) >= 6 and all(set(r) == {"label", "n"} for r in rows)


def test_cypher_with_parameter_prints_a_table(built_graph):
    out = run("-m", "queries", "cypher", "MATCH (n:Region {name: $name}) RETURN n.name AS name",
              "--graph", str(built_graph), "--param", "name=廊坊市")
    assert out.returncode == 0, out.stderr
    assert "廊坊市" in out.stdout and "(1 rows)" in out.stdout


def test_bad_query_is_one_line_on_stderr_and_nonzero_exit(built_graph):
    out = run("-m", "queries", "cypher", "MATCH (n RETURN n", "--graph", str(built_graph))
    assert out.returncode != 0
    assert out.stderr.strip().count("\n") == 0 and "E201" in out.stderr
    assert "Traceback" not in out.stderr


def test_write_query_is_refused(built_graph):
    out = run("-m", "queries", "cypher", "MATCH (n) DETACH DELETE n", "--graph", str(built_graph))
    assert out.returncode != 0 and "E202" in out.stderr


def test_ingest_cli_builds_and_prints_one_summary_line(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("# 锦江区教育局工作简报\n\n锦江区教育局与四川大学建立合作共建关系。\n", encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01binary")
    out = run("-m", "ingest", str(src), "--out", str(tmp_path / "build"))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("1 documents;") and "PARTNERS_WITH 1" in lines[0]
    assert "skipped" in out.stderr and "bad.txt" in out.stderr
    assert (tmp_path / "build" / "graph.json").exists()


def test_ingest_cli_missing_source_is_one_line(tmp_path):
    out = run("-m", "ingest", str(tmp_path / "nope"), "--out", str(tmp_path / "b"))
    assert out.returncode == 2 and "E301" in out.stderr and "Traceback" not in out.stderr
