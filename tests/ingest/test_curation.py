"""Coordinators' decisions: recorded with who/when/why, applied on every build, safe from two writers."""

import threading

import pytest

from graph.errors import GraphError
from ingest.curation import Decision, apply_decisions, load_decisions, record_decision
from ingest.pipeline import build_graph
from ingest.reader import read_document

TEXT = "# 锦江区教育局简报\n\n锦江区教育局与四川大学、西南交通大学建立合作共建关系。盐道街小学开展活动。\n"


def build(tmp_path, decisions_file):
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    kg, _ = build_graph([read_document(path)], curation=decisions_file)
    return kg


def names(kg):
    return {d["name"]: d for _, d in kg.entities()}


def test_decisions_apply_on_rebuild(tmp_path):
    file = tmp_path / "curation.jsonl"
    record_decision(Decision("reject_entity", "王老师", "不是学校", entity="School:盐道街小学"), file)
    record_decision(Decision("rename_entity", "王老师", "官网全称", entity="University:四川大学",
                             name="四川大学（望江校区）"), file)
    record_decision(Decision("reject_relation", "李老师", "原文未写", source="Authority:锦江区教育局",
                             type="PARTNERS_WITH", target="University:西南交通大学"), file)
    kg = build(tmp_path, file)
    found = names(kg)
    assert "盐道街小学" not in found
    assert "四川大学（望江校区）" in found and "四川大学" in found["四川大学（望江校区）"]["aliases"]
    partners = {kg.g.nodes[t]["name"] for s, t, d in kg.relations() if d["type"] == "PARTNERS_WITH"}
    assert partners == {"四川大学（望江校区）"}
    assert [d.who for d in load_decisions(file)] == ["王老师", "王老师", "李老师"]


def test_merge_and_relabel(tmp_path):
    file = tmp_path / "curation.jsonl"
    record_decision(Decision("relabel_entity", "王老师", "", entity="School:盐道街小学", label="Organization"), file)
    record_decision(Decision("merge_entities", "王老师", "同一所大学", entity="University:西南交通大学",
                             into="University:四川大学"), file)
    kg = build(tmp_path, file)
    found = names(kg)
    assert found["盐道街小学"]["label"] == "Organization"
    assert "西南交通大学" in found["四川大学"]["aliases"] and "西南交通大学" not in found


def test_incomplete_decisions_are_refused(tmp_path):
    with pytest.raises(GraphError) as err:
        record_decision(Decision("reject_entity", "", entity="School:x"), tmp_path / "c.jsonl")
    assert err.value.code == "E401"
    with pytest.raises(GraphError):
        record_decision(Decision("reject_entity", "王老师", entity="盐道街小学"), tmp_path / "c.jsonl")


@pytest.mark.parametrize("decision", [
    Decision("accept", "\u200b", entity="School:盐道街小学"),  # a zero-width space is nobody
    Decision("accept", "王\u200d老师", entity="School:盐道街小学"),
    Decision("accept", "——", entity="School:盐道街小学"),
    Decision("rename_entity", "王老师", entity="School:盐道街小学", name=""),
    Decision("rename_entity", "王老师", entity="School:盐道街小学", name="校" * 100_000),
    Decision("accept", "王老师", why="理由\x00", entity="School:盐道街小学"),
    Decision("reject_entity", "王老师", entity="Region:天津市"),
], ids=["zero-width who", "joiner inside who", "punctuation who", "empty rename", "huge rename", "NUL in why",
        "reject a region"])
def test_names_and_reasons_are_checked_and_nothing_is_written(tmp_path, decision):
    path = tmp_path / "c.jsonl"
    with pytest.raises(GraphError) as err:
        record_decision(decision, path)
    assert err.value.code == "E401" and "\n" not in str(err.value) and len(str(err.value)) < 200
    assert not path.exists()


def test_two_writers_both_survive(tmp_path):
    file = tmp_path / "curation.jsonl"

    def write(who):
        for i in range(50):
            record_decision(Decision("accept", who, str(i), entity=f"School:学校{i}"), file)

    threads = [threading.Thread(target=write, args=(who,)) for who in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    decisions = load_decisions(file)
    assert len(decisions) == 100 and {d.who for d in decisions} == {"甲", "乙"}


def test_stale_decisions_are_reported_not_fatal(tmp_path):
    kg = build(tmp_path, None)
    notes = apply_decisions(kg, [Decision("reject_entity", "王老师", entity="School:不存在的学校")])
    assert len(notes) == 1 and "matched nothing" in notes[0]
