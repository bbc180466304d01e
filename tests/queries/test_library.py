"""Every library query on FalkorDB Lite against the graph built from data/corpus, answers checked against the text."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import open_store
from queries.library import BY_NAME, QUERIES, run_named

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(built_graph):
    s = open_store(built_graph)
    yield s
    s.close()


def run(store, query_name, **params):
    query = BY_NAME[query_name]
    return run_named(store, query, query.bind(params)).records()


def test_the_library_has_at_least_fifteen_bilingual_queries():
    assert len(QUERIES) >= 15
    for q in QUERIES:
        assert q.title_zh and q.title_en and q.description_zh and q.description_en
        assert "$" in q.cypher or not q.params


SAMPLE_PARAMS = {"name": "武清区教育局", "region": "天津市", "region_a": "武清区", "region_b": "天津市",
                 "a": "南开大学", "b": "天津大学"}


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_every_library_query_runs(store, query):
    params = {p.name: SAMPLE_PARAMS[p.name] for p in query.params if p.name in SAMPLE_PARAMS}
    store.query(query.cypher, query.bind(params))


def test_partners_of_the_wuqing_bureau(store):
    # 000: 与南开大学、天津大学、河北工业大学、天津师范大学、天狮学院等高校建立思政教育共建关系
    partners = {r["partner"]: r for r in run(store, "partners", name="武清区教育局")}
    assert {"南开大学", "天津大学", "河北工业大学", "天津师范大学", "天狮学院"} <= set(partners)
    assert partners["南开大学"]["kind"] == "co-build"
    assert any("南开大学" in s for s in partners["南开大学"]["evidence"])


def test_entity_found_by_alias(store):
    rows = run(store, "entity", name="天津滨海汽车工程职业学院")  # a variant spelling in 000
    assert [r["name"] for r in rows] == ["天津渤海汽车工程职业学院"]


def test_event_roles_from_a_caption_block(store):
    # 000: 主办单位 武清区教育局 / 承办单位 武清区董庄子中学 天津渤海汽车工程职业学院
    rows = run(store, "event_roles", name="百年青春向党 思政一体共前行“红色研学”主题团日活动")
    roles = {(r["role"], r["who"]) for r in rows}
    assert ("ORGANIZED", "武清区教育局") in roles
    assert ("HOSTED", "武清区董庄子中学") in roles and ("HOSTED", "天津渤海汽车工程职业学院") in roles


def test_events_in_langfang_in_a_period(store):
    # 001: 今年4月，教育部基础教育综合改革实验区建设推进会在廊坊市召开。
    events = {r["event"] for r in run(store, "events_in_region", region="廊坊市")}
    assert "教育部基础教育综合改革实验区建设推进会" in events


def test_connection_between_two_universities_goes_through_the_bureau(store):
    rows = run(store, "connection", a="南开大学", b="天津大学")
    assert rows == [{"path": ["南开大学", "武清区教育局", "天津大学"],
                     "relations": ["PARTNERS_WITH", "PARTNERS_WITH"], "steps": 2}]


def test_the_connection_cypher_shown_in_the_console_finds_a_path_as_long(store):
    # the library's Cypher (Neo4j's shortestPath, rewritten for FalkorDB) and the BFS runner agree on the length
    query = BY_NAME["connection"]
    rows = store.query(query.cypher, {"a": "南开大学", "b": "天津大学"}).records()
    assert [r["steps"] for r in rows] == [2]


def test_members_of_the_tongwulang_community(store):
    # 000: the Wuqing report names “通武廊”教育共同体; 武清区 is one of the three districts of 通武廊
    rows = run(store, "alliance_members", name="“通武廊”教育共同体")
    assert rows and "武清区" in rows[0]["members"]


def test_programs_run_by_the_dongli_bureau(store):
    # 004: 推行“1+X”证书制度，落实“鲁班工坊”二期建设
    rows = {r["program"]: r["run_by"] for r in run(store, "programs", limit=200)}
    assert "东丽区教育局" in rows["“1+X”证书制度"]
    assert "东丽区教育局" in rows["鲁班工坊"]


def test_organisations_and_sub_regions_of_tianjin(store):
    orgs = {r["organisation"] for r in run(store, "organisations_in_region", region="天津市", limit=500)}
    assert {"武清区教育局", "东丽区教育局", "武清区董庄子中学"} <= orgs
    parts = {r["part"] for r in run(store, "sub_regions", region="天津市")}
    assert {"武清区", "东丽区"} <= parts


def test_universities_co_building(store):
    rows = run(store, "universities_with_schools")
    assert ("南开大学", "武清区教育局") in {(r["university"], r["partner"]) for r in rows}


def test_cli_list_and_run(built_graph):
    listed = subprocess.run([sys.executable, "-m", "queries", "list", "--json"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert {q["name"] for q in json.loads(listed.stdout)} == set(BY_NAME)
    out = subprocess.run([sys.executable, "-m", "queries", "run", "partners", "--param", "name=武清区教育局",
                          "--graph", str(built_graph), "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "南开大学" in {r["partner"] for r in json.loads(out.stdout)}
    missing = subprocess.run([sys.executable, "-m", "queries", "run", "partners", "--graph", str(built_graph)],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "E204" in missing.stderr and "name" in missing.stderr


def test_region_ties_and_ties_by_year_on_a_graph_counted_by_hand(tmp_path):
    """甲区 holds 一中 and 二中, 乙区 holds 三中. 三中-一中 partner (one tie); 二中-一中 partner inside 甲区 (no
    tie); 一中 and 三中 both attend the 2024 论坛 (one shared event). 论坛 placed in 二中 counts in no region."""
    from graph.falkor import FalkorLiteStore
    from graph.model import Entity, Evidence, KnowledgeGraph, Mention, Relation

    kg = KnowledgeGraph()
    keys = {name: kg.add_entity(Entity(name, label, properties=props, mentions=[Mention("d", 0, 1)]))
            for name, label, props in [("甲区", "Region", {}), ("乙区", "Region", {}), ("一中", "School", {}),
                                       ("二中", "School", {}), ("三中", "School", {}),
                                       ("论坛", "Event", {"date": "2024-05-01"})]}
    for src, kind, dst in [("一中", "LOCATED_IN", "甲区"), ("二中", "LOCATED_IN", "甲区"),
                           ("三中", "LOCATED_IN", "乙区"), ("三中", "PARTNERS_WITH", "一中"),
                           ("二中", "PARTNERS_WITH", "一中"),
                           ("一中", "PARTICIPATED_IN", "论坛"), ("三中", "PARTICIPATED_IN", "论坛"),
                           ("论坛", "LOCATED_IN", "二中")]:  # as a curator may add: a place that is no region
        kg.add_relation(Relation(keys[src], keys[dst], kind, evidence=[Evidence("d", "句。", 0)]))
    store = FalkorLiteStore.create(tmp_path)
    try:
        store.load(kg)
        assert run(store, "region_ties") == [{"region_a": "乙区", "region_b": "甲区", "ties": 1}]
        assert run(store, "cross_region_ties_by_year") == [
            {"year": "2024", "region_a": "乙区", "region_b": "甲区", "events": 1}]
    finally:
        store.close()
