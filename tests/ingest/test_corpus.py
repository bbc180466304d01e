"""Ingest on the real corpus: counts, and facts a reader can check in the text."""

import json

import pytest


@pytest.fixture(scope="module")
def export(built_graph):
    return json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))


def facts(export):
    by_id = {e["id"]: e for e in export["entities"]}
    return {(by_id[r["source"]]["name"], r["type"], by_id[r["target"]]["name"]) for r in export["relations"]}


def names(export, label):
    return {e["name"] for e in export["entities"] if e["type"] == label}


def test_all_five_documents_contribute(export):
    docs = {m["doc"] for e in export["entities"] for m in e["mentions"]}
    assert len(docs) == 5


def test_every_label_of_the_schema_is_found(export):
    assert {e["type"] for e in export["entities"]} == {
        "Region", "Authority", "School", "University", "Alliance", "Event", "Program", "Person", "Organization"}


def test_facts_from_the_wuqing_report(export):
    # 000: 主办单位 武清区教育局 / 承办单位 武清区董庄子中学 天津渤海汽车工程职业学院
    f = facts(export)
    event = "百年青春向党 思政一体共前行“红色研学”主题团日活动"
    assert ("武清区教育局", "ORGANIZED", event) in f
    assert ("武清区董庄子中学", "HOSTED", event) in f
    assert ("武清区", "PART_OF", "天津市") in f
    assert ("武清区教育局", "RUNS", "青蓝工程") in f
    # 天津滨海汽车工程职业学院 is a one-character variant of the same college in the same text
    college = [e for e in export["entities"] if e["name"] == "天津渤海汽车工程职业学院"]
    assert college and "天津滨海汽车工程职业学院" in college[0]["aliases"]


def test_facts_from_the_langfang_report(export):
    # 001: 今年4月，教育部基础教育综合改革实验区建设推进会在廊坊市召开。
    f = facts(export)
    assert ("教育部基础教育综合改革实验区建设推进会", "HELD_IN", "廊坊市") in f
    assert ("教育部", "ORGANIZED", "教育部基础教育综合改革实验区建设推进会") in f
    # 市委 in a Langfang report is 廊坊市委
    assert "廊坊市委" in names(export, "Authority")


def test_facts_from_the_dongli_work_plan(export):
    # 004: 组织开展东丽区中小学班主任技能大赛和京津冀班主任共同体第五届研讨交流活动
    f = facts(export)
    assert ("东丽区教育局", "ORGANIZED", "东丽区中小学班主任技能大赛") in f
    assert ("东丽区教育局", "ORGANIZED", "京津冀班主任共同体第五届研讨交流活动") in f
    assert "京津冀班主任共同体" in names(export, "Alliance")
    assert ("东丽区", "PART_OF", "天津市") in f


def test_generic_phrases_stay_out(export):
    all_names = {e["name"] for e in export["entities"]}
    for generic in ("各学校", "12个基础教育共同体", "高校", "中小学", "三所高校"):
        assert generic not in all_names


def test_aggregate_figures_are_facts_not_entities(export):
    subject = next(e for e in export["entities"] if e["name"] == "武清区教育局")
    texts = [f["text"] for f in subject["properties"].get("facts", [])]
    assert any("12个基础教育共同体" in t for t in texts)
    assert not any("基础教育共同体" == e["name"] for e in export["entities"])
