"""Source documents: their files, and their text as escaped HTML with the entities marked."""

from __future__ import annotations

import re
from pathlib import Path

from graph.model import Entity, KnowledgeGraph, Mention
from graph.sources import Span, document_files, entities_in, highlighted_html, mentions_in, non_overlapping
from graph.visual import LABEL_COLOURS

TEXT = "武清区教育局与<南开大学>合作 & 共建。\n杨村一中参加。"


def test_text_is_escaped_and_mentions_marked_with_label_and_name() -> None:
    spans = [Span(0, 6, "k1", "武清区教育局", "Authority"), Span(8, 12, "k2", "南开大学", "University")]
    page = highlighted_html(TEXT, spans, {"Authority": "教育主管部门", "University": "高校"})
    assert "&lt;" in page and "&amp;" in page and "<南开" not in page
    marks = re.findall(r'<mark class="entity"[^>]*title="([^"]*)"[^>]*>([^<]*)</mark>', page)
    assert marks == [("教育主管部门: 武清区教育局", "武清区教育局"), ("高校: 南开大学", "南开大学")]
    assert LABEL_COLOURS["University"] in page


def test_tooltip_and_name_are_escaped_too() -> None:
    page = highlighted_html('a"b<c>xy', [Span(0, 7, "k", 'x"><script>', "School")])
    assert "<script>" not in page and "&quot;&gt;&lt;script&gt;" in page and "a&quot;b&lt;c&gt;x</mark>" in page


def test_overlapping_and_out_of_range_spans_are_dropped() -> None:
    spans = [Span(0, 6, "a", "武清区教育局", "Authority"), Span(0, 3, "b", "武清区", "Region"),
             Span(4, 8, "c", "x", "School"), Span(20, 99, "d", "y", "School")]
    assert [s.key for s in non_overlapping(spans, 30)] == ["a"]


def test_mentions_and_entities_of_a_document() -> None:
    kg = KnowledgeGraph()
    school = kg.add_entity(Entity("杨村一中", "School", mentions=[Mention("d1", 20, 24), Mention("d2", 0, 4)]))
    bureau = kg.add_entity(Entity("武清区教育局", "Authority", mentions=[Mention("d1", 0, 6)]))
    assert [s.key for s in mentions_in(kg, "d1")] == [bureau, school]
    assert entities_in(kg, "d2") == [school]


def test_document_files_finds_text_files_first_folder_first(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "sub").mkdir(parents=True)
    (tmp_path / "a" / "doc1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b" / "doc1.md").write_text("y", encoding="utf-8")
    (tmp_path / "b" / "sub" / "doc2.md").write_text("z", encoding="utf-8")
    (tmp_path / "b" / "doc3.pdf").write_bytes(b"%PDF")
    files = document_files([tmp_path / "a", tmp_path / "b", tmp_path / "missing"])
    assert files == {"doc1": tmp_path / "a" / "doc1.txt", "doc2": tmp_path / "b" / "sub" / "doc2.md"}
