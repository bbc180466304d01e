"""The explore page's logic: filters, neighbourhoods, the browser's node limit and entity details."""

from __future__ import annotations

import pytest

from graph.explore import (
    MAX_BROWSER_NODES,
    Filters,
    details,
    event_years,
    filtered_nodes,
    limit_for_browser,
    neighbourhood,
    spread_steps,
)
from graph.model import LABELS, Entity, Evidence, KnowledgeGraph, Mention, Relation


def add(kg: KnowledgeGraph, name: str, label: str, doc: str = "d1", **props) -> str:
    return kg.add_entity(Entity(name, label, properties=props, mentions=[Mention(doc, 0, len(name))]))


def link(kg: KnowledgeGraph, src: str, type_: str, dst: str, doc: str = "d2") -> None:
    kg.add_relation(Relation(src, dst, type_, evidence=[Evidence(doc, f"{type_} 的证据句。", 0)]))


@pytest.fixture
def chain() -> tuple[KnowledgeGraph, dict[str, str]]:
    """A — B — C — D in a line (PARTNERS_WITH, RUNS, ORGANIZED), E alone; events dated 2021 and none."""
    kg = KnowledgeGraph()
    keys = {"A": add(kg, "甲校", "School"),
            "B": add(kg, "乙大学", "University"), "C": add(kg, "丙工程", "Program"),
            "D": add(kg, "丁会议", "Event", date="2021-03"), "E": add(kg, "戊活动", "Event")}
    link(kg, keys["A"], "PARTNERS_WITH", keys["B"])
    link(kg, keys["B"], "RUNS", keys["C"])
    link(kg, keys["B"], "ORGANIZED", keys["D"], doc="d3")
    return kg, keys


def test_relationship_type_filter_keeps_only_linked_nodes(chain) -> None:
    kg, k = chain
    assert filtered_nodes(kg, Filters(types=("PARTNERS_WITH",))) == {k["A"], k["B"]}
    assert filtered_nodes(kg, Filters()) == set(k.values())


def test_year_filter_and_undated_events(chain) -> None:
    kg, k = chain
    assert event_years(kg) == [2021]
    assert k["D"] not in filtered_nodes(kg, Filters(years=(2022, 2024)))
    assert k["E"] not in filtered_nodes(kg, Filters(years=(2020, 2024), undated=False))
    assert {k["D"], k["E"]} <= filtered_nodes(kg, Filters(years=(2020, 2024)))


def test_neighbourhood_grows_with_hops_and_respects_edge_types(chain) -> None:
    kg, k = chain
    assert neighbourhood(kg, k["A"], 1) == [k["A"], k["B"]]
    assert set(neighbourhood(kg, k["A"], 2)) == {k["A"], k["B"], k["C"], k["D"]}
    only_partners = Filters(types=("PARTNERS_WITH",)).edge_test()
    assert set(neighbourhood(kg, k["A"], 3, edge_ok=only_partners)) == {k["A"], k["B"]}


def star(size: int) -> tuple[KnowledgeGraph, str]:
    """A hub with `size` schools around it, each school with one program of its own."""
    kg = KnowledgeGraph()
    hub = add(kg, "中心", "Authority")
    for i in range(size):
        school = add(kg, f"学校{i:03d}", "School")
        link(kg, hub, "PARTNERS_WITH", school)
        link(kg, school, "RUNS", add(kg, f"工程{i:03d}", "Program"))
    return kg, hub


def test_large_graph_is_limited_to_a_sample_or_a_neighbourhood() -> None:
    kg, hub = star(300)
    everything = set(kg.g.nodes)
    sample = limit_for_browser(kg, everything)
    assert sample.limited == "sample" and len(sample.nodes) == MAX_BROWSER_NODES and sample.total == 601
    assert hub in sample.nodes
    school = next(k for k, d in kg.entities() if d["name"] == "学校000")
    near = limit_for_browser(kg, everything, focus=school)
    assert near.limited == "focus" and len(near.nodes) == MAX_BROWSER_NODES and school in near.nodes
    assert limit_for_browser(kg, {hub, school}).limited is None


def test_details_list_every_evidence_sentence_and_document(chain) -> None:
    kg, k = chain
    entity = details(kg, k["B"])
    assert entity.name == "乙大学" and entity.label == "University"
    assert [(r["relation"], r["direction"], r["other"], r["doc"]) for r in entity.evidence] == [
        ("ORGANIZED", "→", "丁会议", "d3"), ("PARTNERS_WITH", "←", "甲校", "d2"), ("RUNS", "→", "丙工程", "d2")]
    assert entity.documents == ["d1", "d3", "d2"]


def test_filters_default_to_everything() -> None:
    assert Filters().labels == LABELS and Filters().regions == ()


def test_spread_steps_place_the_source_reached_entities_and_their_paths(chain) -> None:
    kg, k = chain
    reached = [{"name": "丙工程", "label": "Program", "step": 2, "path": ["甲校", "乙大学", "丙工程"]},
               {"name": "不在图中", "label": "School", "step": 1, "path": ["甲校", "不在图中"]}]
    assert spread_steps(kg, "甲校", reached) == {k["A"]: 0, k["B"]: 1, k["C"]: 2}
