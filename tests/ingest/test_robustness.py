"""Bad input and faults on the ingest side: encodings, binary/empty/duplicate files, huge files, killed builds."""

from __future__ import annotations

import codecs
import json
import os
import random
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import opencc
import psutil
import pytest

from graph.errors import GraphError
from graph.store import open_store
from ingest.build import DEFAULT_SOURCE, remove_leftovers
from ingest.normalize import normalize_text
from ingest.pipeline import build_graph
from ingest.reader import read_document, read_documents, read_file, text_pieces
from tests.helpers import fail_extraction

ROOT = Path(__file__).resolve().parents[2]
TEXT = ("# 武清区教育局工作简报\n\n天津市武清区教育局与北京市通州区教育委员会签署合作协议。"
        "武清区杨村第一中学与河北省廊坊市第一中学建立结对帮扶关系。\n"
        "2023年5月，第五届京津冀基础教育协同发展推进会在廊坊市召开。\n")
MIXED = "Report 2024: 武清区教育局 and 通州区教育委员会 signed an agreement（合作协议）.\n第二行。\n"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def assert_offsets(doc) -> None:
    norm = normalize_text(doc.text)
    assert doc.sentences
    for s in doc.sentences:
        assert norm[s.start:s.end] == s.text


# -- encodings -------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, text", [
    ("utf-8", TEXT), ("utf-8-sig", TEXT), ("gbk", TEXT), ("gb18030", TEXT + "𠀀字\n"),
    ("utf-16", TEXT), ("utf-16-le", MIXED), ("utf-16-be", MIXED), ("utf-16-le", TEXT),
    ("big5", opencc.OpenCC("s2t").convert(TEXT)), ("cp950", opencc.OpenCC("s2t").convert(TEXT) + "碁銹裏€\n"),
])
def test_reader_decodes_common_chinese_encodings(tmp_path: Path, encoding: str, text: str):
    doc = read_document(write(tmp_path, "doc.txt", text.encode(encoding)))
    assert doc.id == "doc" and doc.text == text  # BOM dropped, offsets into the decoded text
    assert_offsets(doc)


def test_reader_big5_traditional_yields_the_same_entities_as_its_simplified_twin(tmp_path: Path):
    traditional = opencc.OpenCC("s2t").convert(TEXT)
    assert traditional != TEXT
    simple = read_document(write(tmp_path, "simple.txt", TEXT.encode("utf-8")))
    big5 = read_document(write(tmp_path, "big5.txt", traditional.encode("big5")))
    assert big5.text == traditional
    graphs = [build_graph([doc], curation=None)[0] for doc in (simple, big5)]
    entities = [{(d["label"], d["name"]) for _, d in kg.entities()} for kg in graphs]
    relations = [{(s, t, d["type"]) for s, t, d in kg.relations()} for kg in graphs]
    assert entities[0] == entities[1] and len(entities[0]) >= 8
    assert relations[0] == relations[1] and relations[0]


def test_the_sample_reports_copied_out_of_a_pdf_give_the_same_graph(tmp_path: Path):
    """Every sample report hard-wrapped at 72 columns, as text copied from a PDF is, reads as the original."""
    from tests.ingest.test_unwrap import wrapped

    def graph_of(folder: Path) -> tuple[set, set]:
        kg, _ = build_graph(read_documents([folder]), curation=None)
        return ({(d["label"], d["name"]) for _, d in kg.entities()},
                {(kg.g.nodes[s]["name"], d["type"], kg.g.nodes[t]["name"]) for s, t, d in kg.relations()})

    folder = tmp_path / "wrapped"
    folder.mkdir()
    for path in sorted(DEFAULT_SOURCE.glob("*.txt")):
        (folder / path.name).write_text(wrapped(path.read_text(encoding="utf-8").split("\n")), encoding="utf-8")
    entities, relations = graph_of(folder)
    original_entities, original_relations = graph_of(DEFAULT_SOURCE)
    assert entities == original_entities and relations == original_relations and len(relations) > 50


# -- refused files -------------------------------------------------------------------------
@pytest.mark.parametrize("data, code, words", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E302", "binary"),
    (random.Random(7).randbytes(4000).replace(b"\x00", b"\xff"), "E302", ""),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08abc" * 50, "E302", "control characters"),
    (b"", "E304", "empty"),
    (b" \n\t\r\n  \n", "E304", "empty"),
    (codecs.BOM_UTF16_LE, "E304", "empty"),
    (codecs.BOM_UTF8 + b"\n", "E304", "empty"),
    ("。。。——！！\n".encode(), "E304", "no words"),
])
def test_reader_refuses_binary_and_empty_files_with_one_line(tmp_path: Path, data: bytes, code: str, words: str):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(GraphError) as err:
        read_document(path)
    assert err.value.code == code and words in str(err.value)
    assert str(path) in str(err.value) and "\n" not in str(err.value)


def test_read_documents_skips_bad_files_and_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write(tmp_path, "a_good.txt", TEXT.encode())
    write(tmp_path, "b_copy.txt", ("  " + TEXT.replace("\n", "\r\n") + "\n\n").encode("gbk"))  # same text
    write(tmp_path, "c_binary.txt", b"\x00\x01\x02binary")
    write(tmp_path, "d_empty.md", b"  \n")
    write(tmp_path, "sub/a_good.txt", MIXED.encode())  # same id as a_good
    write(tmp_path, "e_big5.txt", opencc.OpenCC("s2t").convert(TEXT).encode("big5"))
    skipped: list[tuple[str, str]] = []
    docs = list(read_documents([tmp_path], skipped))
    assert [d.id for d in docs] == ["a_good", "e_big5"]
    reasons = {Path(p).name: r for p, r in skipped}
    assert reasons["b_copy.txt"] == f"duplicate of {tmp_path / 'a_good.txt'}"
    assert "binary" in reasons["c_binary.txt"] and "empty" in reasons["d_empty.md"]
    assert reasons["a_good.txt"].startswith("same document id 'a_good'")
    with pytest.raises(GraphError, match="binary"):  # without a list, the first bad file is raised
        list(read_documents([tmp_path / "c_binary.txt"]))

    def vanished(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", vanished)
    skipped.clear()
    assert list(read_documents([tmp_path / "a_good.txt"], skipped)) == []
    assert skipped == [(str(tmp_path / "a_good.txt"), "could not be read (Permission denied)")]


def test_a_document_the_extractor_fails_on_is_skipped_by_name_and_the_others_are_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from ingest.build import build

    src = tmp_path / "src"
    write(src, "good.txt", TEXT.encode("utf-8"))
    write(src, "bad.txt", "锦江区教育局与四川大学建立合作共建关系。\n".encode())
    fail_extraction(monkeypatch, "bad")
    out = tmp_path / "build"
    reason = "extraction failed (KeyError: '区'); the other documents were built"
    for _ in range(2):  # the failure is not cached away: the next build tries again and says so
        report = build([src], out, workers=1, curation=None)
        assert report.skipped == [(str(src / "bad.txt"), reason)] and not report.unchanged
        export = json.loads((out / "graph.json").read_text(encoding="utf-8"))
        docs = {m["doc"] for e in export["entities"] for m in e["mentions"]}
        assert docs == {"good"} and len(export["relations"]) >= 3

    fail_extraction(monkeypatch, "good", "bad")
    before = (out / "graph.json").read_bytes()
    write(src, "good.txt", (TEXT + "新的一行。\n").encode("utf-8"))
    with pytest.raises(GraphError) as err:
        build([src], out, workers=1, curation=None)
    assert err.value.code == "E309" and "\n" not in str(err.value)
    assert (out / "graph.json").read_bytes() == before  # nothing already built is lost


def test_ingest_cli_lists_every_skipped_file_last_and_keeps_one_stdout_line(tmp_path: Path):
    src = tmp_path / "src"
    write(src, "a.txt", "# 锦江区教育局工作简报\n\n锦江区教育局与四川大学建立合作共建关系。\n".encode("gb18030"))
    write(src, "b.txt", b"\x00\x01binary")
    write(src, "c.txt", b"")
    write(src, "d.txt", "# 锦江区教育局工作简报\n锦江区教育局与四川大学建立合作共建关系。".encode())
    out = subprocess.run([sys.executable, "-m", "ingest", str(src), "--out", str(tmp_path / "build")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("\n") == 1 and out.stdout.startswith("1 documents;")
    tail = out.stderr.strip().splitlines()[-3:]
    assert [line.split(":")[0] for line in tail] == [f"skipped {src / n}" for n in ("b.txt", "c.txt", "d.txt")]
    assert tail[2].endswith(f"duplicate of {src / 'a.txt'}")

    only_bad = subprocess.run([sys.executable, "-m", "ingest", str(src / "b.txt"), "--out", str(tmp_path / "b2")],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert only_bad.returncode == 2 and only_bad.stdout == ""
    assert "E303" in only_bad.stderr and only_bad.stderr.strip().endswith("binary file, not text (NUL bytes)")


# -- large files ---------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16"])
def test_large_file_becomes_parts_cut_at_line_breaks_with_offsets_into_each_part(tmp_path: Path, encoding: str):
    text = "".join(f"第{i}段：" + TEXT for i in range(300))
    path = write(tmp_path, "big.txt", text.encode(encoding))
    docs = list(read_file(path, chunk=8192))
    assert len(docs) > 5 and [d.id for d in docs] == [f"big#{i}" for i in range(1, len(docs) + 1)]
    assert "".join(d.text for d in docs) == text  # consecutive slices of the decoded file
    assert all(d.text.endswith("\n") for d in docs[:-1])
    for doc in docs:
        assert_offsets(doc)


def test_large_file_without_line_breaks_is_cut_after_sentences(tmp_path: Path):
    text = TEXT.replace("\n", "") * 200
    docs = list(read_file(write(tmp_path, "one_line.txt", text.encode()), chunk=4096))
    assert len(docs) > 3 and "".join(d.text for d in docs) == text
    assert all(d.text.endswith("。") for d in docs[:-1])


def test_large_file_is_checked_before_any_part_is_read(tmp_path: Path):
    path = write(tmp_path, "late.txt", TEXT.encode() * 200 + b"\xff\xfe\x00bad")
    seen: dict[str, str] = {}
    with pytest.raises(GraphError, match="byte"):
        next(read_file(path, seen, chunk=4096))
    assert seen == {}


def test_reading_a_large_file_keeps_memory_bounded(tmp_path: Path):
    line = TEXT.encode()

    def peak(path: Path) -> int:
        tracemalloc.start()
        try:
            for piece in text_pieces(path, chunk=64 * 1024):
                assert piece
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small = peak(write(tmp_path, "s.txt", line * 2_000))   # ~0.4 MB
    large = peak(write(tmp_path, "l.txt", line * 20_000))  # ~4 MB
    assert large < 1.5 * small + 256 * 1024, (small, large)


def test_small_file_is_one_document_named_by_its_stem(tmp_path: Path):
    docs = list(read_documents([write(tmp_path, "000_abc.txt", TEXT.encode())]))
    assert [d.id for d in docs] == ["000_abc"] and docs[0].text == TEXT


# -- atomic builds -----------------------------------------------------------------------------
def test_remove_leftovers_clears_temp_files_and_unpublished_stores(tmp_path: Path):
    store = tmp_path / "store"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write(tmp_path, "pids/dead.pid", str(dead.pid).encode())
    write(tmp_path, "pids/alive.pid", str(os.getpid()).encode())
    names = {
        ".graph.json.x1": b"{", ".aliases_found.tsv.x2": b"", "store/.CURRENT.x3": b"",
        "store/CURRENT": b"graph-b.rdb\n", "store/graph-a.rdb": b"old", "store/graph-b.rdb": b"current",
        "store/graph-c.rdb": b"killed", "store/graph-d.rdb": b"in use", f"store/temp-{dead.pid}.rdb": b"half",
        "store/graph-c.rdb.settings": json.dumps({"pidfile": str(tmp_path / "pids/dead.pid")}).encode(),
        "store/graph-d.rdb.settings": json.dumps({"pidfile": str(tmp_path / "pids/alive.pid")}).encode(),
    }
    for name, data in names.items():
        write(tmp_path, name, data)
    remove_leftovers(tmp_path)
    assert not list(tmp_path.glob(".*.x*"))
    assert sorted(p.name for p in store.iterdir()) == ["CURRENT", "graph-b.rdb", "graph-d.rdb",
                                                       "graph-d.rdb.settings"]


def _kill_servers_under(folder: Path) -> None:
    """Kill every redis-server whose working folder (its RDB folder) lies under `folder`."""
    for proc in psutil.process_iter(["name", "cwd"]):
        try:
            if "redis" in (proc.info["name"] or "") and str(proc.info["cwd"] or "").startswith(str(folder)):
                proc.send_signal(signal.SIGKILL)
                proc.wait(5)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.TimeoutExpired):
            pass


def _count(folder: Path) -> int:
    store = open_store(folder)
    try:
        return store.query("MATCH (n) RETURN count(n)").rows[0][0]
    finally:
        store.close()


def _wait_for(moment: float | str, proc: subprocess.Popen, store: Path, before: set[str]) -> None:
    """Sleep `moment` seconds, or until a new store file ('server': its .settings; 'rdb': the saved file) appears."""
    deadline = time.monotonic() + (moment if isinstance(moment, float) else 120)
    suffix = ".settings" if moment == "server" else ".rdb"
    while proc.poll() is None and time.monotonic() < deadline:
        if isinstance(moment, str) and any(p.name.endswith(suffix) for p in store.glob("graph-*")
                                           if p.name not in before):
            return
        time.sleep(0.002)


@pytest.mark.slow
def test_killed_build_leaves_the_previous_build_readable(tmp_path: Path, built_graph: Path):
    out = tmp_path / "build"
    current = (built_graph / "store" / "CURRENT").read_text(encoding="utf-8").strip()
    for name in ("graph.json", "store/CURRENT", f"store/{current}"):  # the previous build: the session's
        write(out, name, (built_graph / name).read_bytes())
    try:
        entities = len(json.loads((out / "graph.json").read_text(encoding="utf-8"))["entities"])
        assert _count(out) == entities
        command = [sys.executable, "-m", "ingest", str(DEFAULT_SOURCE), "--out", str(out), "--quiet"]
        for moment in (0.5, 1.5, 3.0, "server", "rdb"):
            before = {p.name for p in (out / "store").iterdir()}
            proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _wait_for(moment, proc, out / "store", before)
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            payload = json.loads((out / "graph.json").read_text(encoding="utf-8"))
            assert len(payload["entities"]) == entities, moment
            assert _count(out) == entities, moment
            _kill_servers_under(tmp_path)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        current = (out / "store" / "CURRENT").read_text(encoding="utf-8").strip()
        assert sorted(p.name for p in (out / "store").iterdir()) == ["CURRENT", current]
        assert sorted(p.name for p in out.iterdir()) == [".build.lock", "aliases_found.tsv", "build.json", "cache",
                                                         "graph.json", "graph.pickle", "history", "mentions.sqlite",
                                                         "store", "views.json"]
        assert _count(out) == entities
    finally:
        _kill_servers_under(tmp_path)
