"""The mention index: a document's mentions read without the graph, and None whenever it cannot be trusted."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from graph.jsonio import write_graph_json
from graph.mention_index import FILE, spans_in, write_mention_index
from graph.model import Entity, KnowledgeGraph, Mention
from graph.sources import mentions_in


def _built(tmp_path: Path) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_entity(Entity("杨村一中", "School", mentions=[Mention("d1", 20, 24), Mention("d2", 0, 4)]))
    kg.add_entity(Entity("武清区教育局", "Authority", mentions=[Mention("d1", 0, 6), Mention("d1", 30, 36)]))
    write_graph_json(kg, tmp_path / "graph.json")
    write_mention_index(kg, tmp_path)
    return kg


def test_a_documents_mentions_are_the_graphs_in_text_order(tmp_path: Path) -> None:
    kg = _built(tmp_path)
    for doc in ("d1", "d2"):
        assert spans_in(tmp_path, doc) == mentions_in(kg, doc)
    assert [s.name for s in spans_in(tmp_path, "d1")] == ["武清区教育局", "杨村一中", "武清区教育局"]
    assert spans_in(tmp_path, "nowhere") == []
    assert not list(tmp_path.glob(f".{FILE}.*"))  # written aside, then renamed


def test_an_index_that_no_longer_describes_graph_json_is_not_read(tmp_path: Path) -> None:
    _built(tmp_path)
    graph_json = tmp_path / "graph.json"
    graph_json.write_text(graph_json.read_text(encoding="utf-8") + " ", encoding="utf-8")  # rewritten since
    assert spans_in(tmp_path, "d1") is None


def test_a_missing_or_broken_index_reads_as_none(tmp_path: Path) -> None:
    assert spans_in(tmp_path, "d1") is None
    _built(tmp_path)
    stamp = (tmp_path / "graph.json").stat()
    (tmp_path / FILE).write_bytes(b"not a database")
    os.utime(tmp_path / "graph.json", ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert spans_in(tmp_path, "d1") is None
    (tmp_path / FILE).unlink()
    sqlite3.connect(tmp_path / FILE).close()  # a database without the tables
    assert spans_in(tmp_path, "d1") is None
