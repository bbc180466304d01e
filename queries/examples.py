"""Questions the graph can answer, built from its own names: the ask page's examples and the suggestions
an unmapped question gets.

Kept apart from queries.ask (which imports the question pipeline) so that the build can store the
examples in BUILD/views.json and the ask page shows them without reading the graph.
"""

from __future__ import annotations

from itertools import chain

from graph.explore import most_connected
from graph.model import KnowledgeGraph

# label -> (Chinese, English, the relation the entity needs for the question to have an answer), best first
TEMPLATES = {
    "Region": [("{n}有哪些学校？", "Which schools are in {n}?", "LOCATED_IN"),
               ("{n}的机构和哪些高校合作？", "Which universities do organisations in {n} partner with?",
                "PARTNERS_WITH"),
               ("{n}举办了哪些活动？", "Which events took place in {n}?", "HELD_IN")],
    "Alliance": [("{n}有哪些成员？", "Who are the members of {n}?", "MEMBER_OF"),
                 ("谁牵头{n}？", "Who leads {n}?", "LEADS")],
    "Event": [("谁主办了{n}？", "Who organised {n}?", "ORGANIZED"),
              ("哪些单位参加了{n}？", "Who took part in {n}?", "PARTICIPATED_IN"),
              ("{n}在哪里举办？", "Where was {n} held?", "HELD_IN")],
    "Person": [("{n}担任什么职务？", "What roles does {n} have?", "LEADS"),
               ("{n}参加了哪些活动？", "Which events did {n} attend?", "PARTICIPATED_IN")],
    "Program": [("谁实施{n}？", "Who runs {n}?", "RUNS")],
    "organisation": [("{n}的合作伙伴有哪些？", "Who are the partners of {n}?", "PARTNERS_WITH"),
                     ("{n}参加了哪些活动？", "Which events did {n} take part in?", "PARTICIPATED_IN"),
                     ("{n}的负责人是谁？", "Who heads {n}?", "LEADS"),
                     ("{n}加入了哪些联盟？", "Which alliances has {n} joined?", "MEMBER_OF")],
}
QUESTION_LABELS = ("Region", "Alliance", "Authority", "School", "University", "Event", "Person")
LANGUAGES = ("zh", "en")


def questions_about(kg: KnowledgeGraph, keys: list[str], zh: bool, limit: int) -> list[str]:
    """For each entity in turn, the first question of its label that its edges can answer."""
    questions: list[str] = []
    for key in dict.fromkeys(keys):
        for zh_text, en_text, needs in TEMPLATES.get(kg.g.nodes[key]["label"]) or TEMPLATES["organisation"]:
            if _has_relation(kg, key, needs):
                questions.append((zh_text if zh else en_text).format(n=kg.g.nodes[key]["name"]))
                break
        if len(questions) >= limit:
            break
    return questions


def example_questions(kg: KnowledgeGraph, lang: str = "zh", limit: int = 6) -> list[str]:
    """Example questions about the two most connected entities of each label questions are usually about."""
    return questions_about(kg, most_connected_by_label(kg, per_label=2), lang == "zh", limit)


def examples_by_language(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """The example questions in every language the ask page speaks (stored by the build in views.json)."""
    keys = most_connected_by_label(kg, per_label=2)
    return {lang: questions_about(kg, keys, lang == "zh", 6) for lang in LANGUAGES}


def most_connected_by_label(kg: KnowledgeGraph, per_label: int = 1) -> list[str]:
    """The most connected entities of each label that questions are usually about."""
    by_label: dict[str, list[str]] = {label: [] for label in QUESTION_LABELS}
    for key, data in kg.entities():
        by_label.get(data["label"], []).append(key)
    return [key for label in QUESTION_LABELS for key in most_connected(kg, by_label[label], per_label)]


def _has_relation(kg: KnowledgeGraph, key: str, relation: str) -> bool:
    edges = chain(kg.g.in_edges(key, data="type"), kg.g.out_edges(key, data="type"))
    return any(t == relation for _, _, t in edges)
