from pathlib import Path

import pytest

from graph.errors import GraphError
from ingest.reader import find_files, read_document, split_sentences


def test_split_sentences_keeps_offsets_into_the_text():
    text = "第一句。\n第二句，没有完！  \n标题行\n"
    sentences = split_sentences("d", text)
    assert [s.text for s in sentences] == ["第一句。", "第二句，没有完！", "标题行"]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_read_document_decodes_gb18030_and_normalises_width(tmp_path: Path):
    path = tmp_path / "报告.txt"
    path.write_bytes("海淀区教育委员会召开会议，（全角）".encode("gb18030"))
    doc = read_document(path)
    assert doc.id == "报告"
    assert doc.text.startswith("海淀区教育委员会")
    assert doc.sentences[0].text.endswith("(全角)")  # folded for matching
    assert "（全角）" in doc.text  # the document text itself is unchanged


def test_find_files_recurses_and_skips_other_types(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.md").write_text("x", encoding="utf-8")
    (tmp_path / "two.txt").write_text("y", encoding="utf-8")
    (tmp_path / "three.pdf").write_bytes(b"%PDF")
    assert [p.name for p in find_files([tmp_path])] == ["one.md", "two.txt"]


def test_missing_source_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(GraphError) as err:
        find_files([tmp_path / "nowhere"])
    assert err.value.code == "E301"
    assert "nowhere" in str(err.value) and "\n" not in str(err.value)


def test_binary_file_is_refused(tmp_path: Path):
    path = tmp_path / "bin.txt"
    path.write_bytes(b"\x00\x01\x02abc")
    with pytest.raises(GraphError, match="binary"):
        read_document(path)
