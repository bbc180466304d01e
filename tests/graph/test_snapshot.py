"""The app's fast copy of graph.json: read when it describes graph.json as it is, else graph.json decides."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graph import jsonio
from graph.errors import GraphError
from graph.jsonio import read_graph_json, to_export
from graph.snapshot import FILE, read_graph


@pytest.fixture
def build_copy(built_graph: Path, tmp_path: Path) -> Path:
    out = tmp_path / "build"
    shutil.copytree(built_graph, out, ignore=shutil.ignore_patterns("store", "*.settings"))
    return out


def test_the_build_writes_a_snapshot_that_reads_as_graph_json_does(build_copy: Path, monkeypatch):
    assert (build_copy / FILE).is_file()
    from_json = read_graph_json(build_copy / "graph.json")

    def not_read(path):
        raise AssertionError(f"{path} was parsed although the snapshot describes it")

    monkeypatch.setattr("graph.snapshot.read_graph_json", not_read)
    assert to_export(read_graph(build_copy)) == to_export(from_json)


def test_a_graph_json_written_later_wins_over_the_snapshot(build_copy: Path):
    kg = read_graph_json(build_copy / "graph.json")
    some = next(key for key, data in kg.entities() if data["label"] == "School")
    kg.g.remove_node(some)
    jsonio.write_graph_json(kg, build_copy / "graph.json")  # curated by hand, say: the snapshot is stale
    assert some not in read_graph(build_copy).g


def test_a_graph_json_touched_later_is_read_again(build_copy: Path, monkeypatch):
    stat = (build_copy / "graph.json").stat()
    os.utime(build_copy / "graph.json", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # same size, newer
    parsed = []
    monkeypatch.setattr("graph.snapshot.read_graph_json", lambda path: parsed.append(path) or read_graph_json(path))
    read_graph(build_copy)
    assert parsed == [build_copy / "graph.json"]


def test_a_snapshot_others_may_write_is_not_unpickled(build_copy: Path, monkeypatch):
    (build_copy / FILE).chmod(0o666)
    parsed = []
    monkeypatch.setattr("graph.snapshot.read_graph_json", lambda path: parsed.append(path) or read_graph_json(path))
    read_graph(build_copy)
    assert parsed == [build_copy / "graph.json"]


def test_a_broken_snapshot_falls_back_to_graph_json(build_copy: Path):
    (build_copy / FILE).write_bytes(b"not a snapshot at all")
    assert len(read_graph(build_copy)) == len(read_graph_json(build_copy / "graph.json"))
    (build_copy / "graph.json").unlink()
    with pytest.raises(GraphError) as missing:
        read_graph(build_copy)
    assert missing.value.code == "E101" and "\n" not in str(missing.value)


def test_the_models_small_records_pickle_to_themselves():
    import pickle

    from graph.model import Evidence, Mention, Sentence

    for record in (Sentence("d", 1, 5, "abcd"), Mention("d", 1, 5), Evidence("d", "一句话。", 3)):
        again = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
        assert type(again) is type(record) and again == record
