"""Resource spread on a tiny graph whose answers are known by hand, and on the corpus graph."""

import pytest

from graph.jsonio import read_graph_json
from graph.model import Entity, Evidence, KnowledgeGraph, Mention, Relation, entity_key
from queries.spread import personalised_pagerank, spread

WEIGHTS = {("PARTNERS_WITH", "pairing"): 0.9, ("PARTNERS_WITH", ""): 0.5, ("MEMBER_OF", ""): 0.8,
           ("PARTICIPATED_IN", ""): 0.5, ("ORGANIZED", ""): 0.5, ("LOCATED_IN", ""): 0.1}


def tiny() -> KnowledgeGraph:
    """甲校 (A区) pairs with 乙校 (B区); 乙校 is in 联盟 with 丙校 (B区); 丁校 joined a 2019 event that 甲校 organised,
    and 戊校 a 2022 event that 丁校 organised."""
    kg = KnowledgeGraph()
    ev = [Evidence("t", "测试句。", 0)]

    def add(label, name, **props):
        kg.add_entity(Entity(name, label, properties=props, mentions=[Mention("t", 0, 1)]))
        return entity_key(label, name)

    a, b, c, d, e = (add("School", n) for n in ("甲校", "乙校", "丙校", "丁校", "戊校"))
    ra, rb = add("Region", "A区"), add("Region", "B区")
    alliance = add("Alliance", "联盟")
    old, new = add("Event", "交流会", date="2019-05"), add("Event", "论坛", date="2022-03")
    for src, dst, type_, props in [
        (a, b, "PARTNERS_WITH", {"kind": "pairing"}), (b, alliance, "MEMBER_OF", {}), (c, alliance, "MEMBER_OF", {}),
        (a, old, "ORGANIZED", {}), (d, old, "PARTICIPATED_IN", {}), (d, new, "ORGANIZED", {}),
        (e, new, "PARTICIPATED_IN", {}),
        (a, ra, "LOCATED_IN", {}), (b, rb, "LOCATED_IN", {}), (c, rb, "LOCATED_IN", {}), (d, ra, "LOCATED_IN", {}),
    ]:
        kg.add_relation(Relation(src, dst, type_, props, ev))
    return kg


def reached(result):
    return {r["name"]: r for r in result.reached}


def test_scores_are_products_of_weights_along_the_best_path():
    found = reached(spread(tiny(), "甲校", steps=4, weights=WEIGHTS))
    assert found["乙校"]["score"] == pytest.approx(0.9) and found["乙校"]["step"] == 1
    assert found["联盟"]["score"] == pytest.approx(0.9 * 0.8)
    assert found["丙校"]["score"] == pytest.approx(0.9 * 0.8 * 0.8) and found["丙校"]["step"] == 3
    assert found["丙校"]["path"] == ["甲校", "乙校", "联盟", "丙校"]
    assert found["丁校"]["score"] == pytest.approx(0.5 * 0.5)  # through the event, not through region A
    assert found["戊校"]["score"] == pytest.approx(0.5 ** 4) and found["戊校"]["step"] == 4


def test_steps_bound_the_reach():
    found = reached(spread(tiny(), "甲校", steps=2, weights=WEIGHTS))
    assert set(found) == {"乙校", "联盟", "丁校"}


def test_since_drops_older_events():
    found = reached(spread(tiny(), "甲校", steps=4, since=2020, weights=WEIGHTS))
    assert "丁校" not in found or found["丁校"]["path"] != ["甲校", "交流会", "丁校"]
    assert "交流会" not in found.get("戊校", {}).get("path", [])  # the 2019 event carries nothing


def test_bridges_cross_region_lines():
    result = spread(tiny(), "甲校", steps=4, weights=WEIGHTS)
    bridge = next(b for b in result.bridges if (b["from"], b["to"]) == ("甲校", "乙校"))
    assert bridge["from_region"] == "A区" and bridge["to_region"] == "B区"
    assert bridge["paths"] == 3  # 乙校, 联盟 and 丙校 are all reached across it


def test_region_source_spreads_through_its_organisations():
    found = reached(spread(tiny(), "B区", steps=1, weights=WEIGHTS))
    assert set(found) == {"甲校", "联盟"}


def test_personalised_pagerank_ranks_the_close_partner_first():
    ranks = personalised_pagerank(tiny(), "甲校", weights=WEIGHTS)
    assert ranks[0]["name"] == "乙校"
    assert 0 < sum(r["pagerank"] for r in ranks) < 1


def test_unknown_source_reaches_nothing():
    assert spread(tiny(), "不存在", weights=WEIGHTS).reached == []


def test_corpus_spread_from_a_university(built_graph):
    # 000: 南开大学 co-builds with 武清区教育局, which co-builds with the other universities
    kg = read_graph_json(built_graph / "graph.json")
    found = reached(spread(kg, "南开大学", steps=2))
    assert found["武清区教育局"]["step"] == 1
    assert found["天津大学"]["path"] == ["南开大学", "武清区教育局", "天津大学"]
