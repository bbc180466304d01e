"""Overview figures on a tiny graph whose answers are known by hand."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Entity, Evidence, KnowledgeGraph, Mention, Relation
from graph.overview import (
    cross_region_ties,
    documents,
    entities_by_region,
    event_timeline,
    label_counts,
    parse_date,
    region_of,
    relation_rows,
    tie_matrix,
)


@pytest.fixture
def kg() -> KnowledgeGraph:
    """天津市 ⊃ 武清区 ∋ 杨村一中, 武清区教育局; 廊坊市 ∋ 廊坊一中; 会议 held in 廊坊市;
    论坛 organised by 武清区教育局."""
    kg = KnowledgeGraph()
    for name, label, props, doc in [
        ("天津市", "Region", {}, "d1"), ("武清区", "Region", {}, "d1"), ("廊坊市", "Region", {}, "d2"),
        ("杨村一中", "School", {}, "d1"), ("武清区教育局", "Authority", {}, "d1"), ("廊坊一中", "School", {}, "d2"),
        ("南开大学", "University", {}, "d2"), ("会议", "Event", {"date": "2024-05"}, "d2"),
        ("论坛", "Event", {"date": "2023"}, "d1"), ("座谈", "Event", {}, "d2"),
    ]:
        kg.add_entity(Entity(name, label, properties=props, mentions=[Mention(doc, 0, len(name))]))
    for src, type_, dst in [
        ("武清区", "PART_OF", "天津市"), ("杨村一中", "LOCATED_IN", "武清区"), ("武清区教育局", "LOCATED_IN", "武清区"),
        ("廊坊一中", "LOCATED_IN", "廊坊市"), ("会议", "HELD_IN", "廊坊市"), ("武清区教育局", "ORGANIZED", "论坛"),
        ("杨村一中", "PARTNERS_WITH", "廊坊一中"), ("杨村一中", "PARTICIPATED_IN", "会议"),
        ("武清区教育局", "PARTNERS_WITH", "杨村一中"), ("杨村一中", "PARTNERS_WITH", "南开大学"),
        ("天津市", "PARTICIPATED_IN", "论坛"),
    ]:
        kg.add_relation(Relation(key(kg, src), key(kg, dst), type_, evidence=[Evidence("d3", f"{src}{dst}。", 0)]))
    return kg


def key(kg: KnowledgeGraph, name: str) -> str:
    return next(k for k, d in kg.entities() if d["name"] == name)


def named(kg: KnowledgeGraph, mapping: dict[str, str]) -> dict[str, str]:
    return {kg.g.nodes[k]["name"]: kg.g.nodes[v]["name"] for k, v in mapping.items()}


def test_label_counts_cover_every_label(kg) -> None:
    counts = label_counts(kg)
    assert counts["School"] == 2 and counts["Event"] == 3 and counts["Person"] == 0
    assert sum(counts.values()) == len(kg)


def test_region_of_uses_place_relations_then_organiser(kg) -> None:
    assert named(kg, region_of(kg)) == {
        "天津市": "天津市", "武清区": "武清区", "廊坊市": "廊坊市", "杨村一中": "武清区", "武清区教育局": "武清区",
        "廊坊一中": "廊坊市", "会议": "廊坊市", "论坛": "武清区"}


def test_entities_by_region_counts_placed_entities(kg) -> None:
    rows = {(r["region"], r["label"]): r["count"] for r in entities_by_region(kg)}
    assert rows == {("武清区", "School"): 1, ("武清区", "Authority"): 1, ("武清区", "Event"): 1,
                    ("廊坊市", "School"): 1, ("廊坊市", "Event"): 1}


def test_cross_region_ties_skip_same_nested_and_unplaced(kg) -> None:
    # 杨村一中–廊坊一中 (partners) and 杨村一中–会议 (held in 廊坊市) cross; 武清区教育局–杨村一中 is one region,
    # 天津市–论坛 (武清区) is nested, 南开大学 has no region, PART_OF is hierarchy.
    ties = cross_region_ties(kg)
    assert ties == [{"region_a": "廊坊市", "region_b": "武清区", "ties": 2,
                     "types": {"PARTNERS_WITH": 1, "PARTICIPATED_IN": 1}}]
    assert {(c["from"], c["to"]) for c in tie_matrix(ties)} == {("廊坊市", "武清区"), ("武清区", "廊坊市")}


@pytest.mark.parametrize("text, expected", [
    ("2024", date(2024, 1, 1)), ("2024-05", date(2024, 5, 1)), ("2024-05-17", date(2024, 5, 17)),
    ("2024-02-30", date(2024, 1, 1)), ("", None), (None, None), ("去年", None)])
def test_parse_date_reads_partial_dates(text, expected) -> None:
    assert parse_date(text) == expected


def test_timeline_orders_dated_events_and_counts_undated(kg) -> None:
    timeline = event_timeline(kg)
    assert [(r["event"], r["region"]) for r in timeline.rows] == [("论坛", "武清区"), ("会议", "廊坊市")]
    assert timeline.undated == 1


def test_documents_count_entities_and_relations(kg) -> None:
    rows = {r["doc"]: r for r in documents(kg, {"d1": "标题一", "d9": "未读入"})}
    assert rows["d1"]["entities"] == 5 and rows["d1"]["title"] == "标题一"
    assert rows["d3"]["relations"] == 11 and rows["d3"]["entities"] == 0
    assert rows["d9"]["entities"] == 0


def test_relation_rows_have_one_row_per_evidence(kg) -> None:
    rows = relation_rows(kg)
    assert len(rows) == 11
    assert {"source": "杨村一中", "type": "PARTNERS_WITH", "target": "廊坊一中", "doc": "d3",
            "sentence": "杨村一中廊坊一中。"} in rows


@pytest.mark.parametrize("order", [1, -1])
def test_region_of_does_not_depend_on_edge_order(order: int) -> None:
    """Two place edges: the smaller region key wins; an event takes the region of its smallest *placed*
    organiser, whichever order the edges were added in."""
    kg = KnowledgeGraph()
    for name, label in [("甲区", "Region"), ("乙区", "Region"), ("一中", "School"), ("二中", "School"),
                        ("未知学校", "School"), ("论坛", "Event")]:
        kg.add_entity(Entity(name, label, mentions=[Mention("d", 0, 1)]))
    edges = [("一中", "LOCATED_IN", "甲区"), ("一中", "LOCATED_IN", "乙区"), ("二中", "LOCATED_IN", "乙区"),
             ("未知学校", "ORGANIZED", "论坛"), ("二中", "HOSTED", "论坛"), ("一中", "ORGANIZED", "论坛")]
    for src, type_, dst in edges[::order]:
        kg.add_relation(Relation(key(kg, src), key(kg, dst), type_, evidence=[Evidence("d", "句。", 0)]))
    placed = region_of(kg)
    first_region = min(key(kg, "甲区"), key(kg, "乙区"))
    assert placed[key(kg, "一中")] == first_region
    organisers = sorted(key(kg, n) for n in ("一中", "二中"))  # 未知学校 has no place: never chosen
    assert placed[key(kg, "论坛")] == placed[organisers[0]]
    assert key(kg, "未知学校") not in placed
