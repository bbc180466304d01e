"""Alias-aware search: names and aliases, by substring, normalised, best matches first."""

from __future__ import annotations

import pytest

from graph.model import Entity, Evidence, KnowledgeGraph, Relation
from queries.search import find_key, search


@pytest.fixture
def kg() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    keys = [kg.add_entity(Entity(name, label, aliases)) for name, label, aliases in [
        ("天津渤海汽车工程职业学院", "University", {"天津滨海汽车工程职业学院"}),
        ("杨村一中", "School", {"天津市杨村第一中学"}),
        ("杨村第五中学", "School", set()),
        ("武清区", "Region", {"武清"}),
        ("武清区教育局", "Authority", {"区教育局"}),
    ]]
    kg.add_relation(Relation(keys[4], keys[0], "PARTNERS_WITH", evidence=[Evidence("d", "s", 0)]))
    kg.add_relation(Relation(keys[4], keys[1], "PARTNERS_WITH", evidence=[Evidence("d", "s", 0)]))
    return kg


def names(matches) -> list[str]:
    return [m.name for m in matches]


def test_an_alias_substring_finds_the_entity_and_says_which_alias(kg) -> None:
    [match] = search(kg, "天津滨海")
    assert match.name == "天津渤海汽车工程职业学院" and match.alias == "天津滨海汽车工程职业学院"


def test_traditional_characters_and_quotes_are_normalised(kg) -> None:
    assert names(search(kg, "楊村一中")) == ["杨村一中"]
    assert names(search(kg, "“杨村一中”")) == ["杨村一中"]


def test_exact_name_first_then_exact_alias_then_prefix_then_substring(kg) -> None:
    assert names(search(kg, "武清区")) == ["武清区", "武清区教育局"]
    assert names(search(kg, "武清")) == ["武清区", "武清区教育局"]
    assert names(search(kg, "杨村")) == ["杨村一中", "杨村第五中学"]  # more relations first among prefixes


def test_label_filter_limit_and_empty_text(kg) -> None:
    assert names(search(kg, "武清", labels={"Authority"})) == ["武清区教育局"]
    assert len(search(kg, "村", limit=1)) == 1
    assert search(kg, "  ") == []


def test_find_key_needs_a_whole_name_or_alias(kg) -> None:
    assert kg.g.nodes[find_key(kg, "区教育局")]["name"] == "武清区教育局"
    assert find_key(kg, "教育") is None
