"""Partner suggestions: partners' partners and fellow members, ranked by Adamic-Adar, explained, never facts."""

import math

from graph.model import Entity, Evidence, KnowledgeGraph, Mention, Relation, entity_key
from queries.suggest import suggest_partners


def small() -> KnowledgeGraph:
    """甲校 partners 乙校, which partners 丙校 and 丁校 and 己校; 甲校 and 戊校 are the two members of 联盟;
    丁校 took part in an event 甲校 organised, so it is tied to 甲校 already and not suggested."""
    kg = KnowledgeGraph()

    def add(label, name):
        kg.add_entity(Entity(name, label, mentions=[Mention("t", 0, 1)]))
        return entity_key(label, name)

    a, b, c, d, e, f = (add("School", n) for n in ("甲校", "乙校", "丙校", "丁校", "戊校", "己校"))
    alliance, event = add("Alliance", "联盟"), add("Event", "交流会")
    for src, dst, type_ in [(a, b, "PARTNERS_WITH"), (b, c, "PARTNERS_WITH"), (b, d, "PARTNERS_WITH"),
                            (b, f, "PARTNERS_WITH"), (a, alliance, "MEMBER_OF"), (e, alliance, "MEMBER_OF"),
                            (a, event, "ORGANIZED"), (d, event, "PARTICIPATED_IN"), (d, a, "PARTICIPATED_IN")]:
        names = kg.g.nodes[src]["name"], kg.g.nodes[dst]["name"]
        kg.add_relation(Relation(src, dst, type_, {}, [Evidence("t", f"{names[0]}{type_}{names[1]}。", 0)]))
    return kg


def test_partners_partners_and_fellow_members_ranked_by_adamic_adar():
    found = suggest_partners(small(), "甲校")
    # 联盟 has 2 ties (1/log 2), 乙校 has 4 (1/log 4): the fellow member first; 丁校 is tied already
    assert [(s.name, round(s.score, 6)) for s in found] == [
        ("戊校", round(1 / math.log(2), 6)), ("丙校", round(1 / math.log(4), 6)), ("己校", round(1 / math.log(4), 6))]
    assert found[0].via == [{"through": "联盟", "label": "Alliance", "subject_tie": "MEMBER_OF",
                             "candidate_tie": "MEMBER_OF"}]
    assert [ev.sentence for ev in found[1].evidence] == ["甲校PARTNERS_WITH乙校。", "乙校PARTNERS_WITH丙校。"]


def test_no_suggestion_for_what_is_not_an_organisation():
    assert suggest_partners(small(), "联盟") == [] and suggest_partners(small(), "没有") == []


def test_on_the_sample_corpus_a_university_is_suggested_its_bureau_partners_partners(built_graph):
    from graph.jsonio import read_graph_json

    kg = read_graph_json(built_graph / "graph.json")
    found = {s.name: s for s in suggest_partners(kg, "南开大学")}
    assert "天津大学" in found and found["天津大学"].via[0]["through"] == "武清区教育局"
