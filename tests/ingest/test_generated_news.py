"""Generalisation: news sentences of the common kinds, filled with invented schools, people, groups and events
in districts drawn from the gazetteer, must be read as well as the sentences the rules were written on.

The names are made here (a fixed seed), so no rule can know them; a rule that only fits the documents it
was tuned on shows up as lost recall. Each frame lists the facts a reader takes from it.
"""

from __future__ import annotations

import csv
import random
from collections import Counter
from pathlib import Path

import pytest

from ingest.normalize import normalize_name
from ingest.pipeline import build_graph
from ingest.reader import read_documents

GAZETTEER = Path(__file__).resolve().parents[2] / "data" / "gazetteer" / "regions.tsv"
CORES = ["青禾", "明远", "桃溪", "石湾", "松涛", "竹溪", "凤鸣", "云帆", "育才", "光明", "东风", "启明"]
SUFFIXES = ["小学", "中学", "实验学校", "初级中学", "幼儿园", "高级中学", "九年一贯制学校"]
BUREAUS = ["教育局", "教育和体育局", "教育体育局", "教育委员会", "教育和科学技术局", "人民政府"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢"
GIVEN = "建国志强海燕丽华明德文静晓东春梅国庆红霞永刚秀英玉兰立新卫东慧敏俊杰子涵宇航雪松振华"
DOCUMENTS = 40


def districts() -> list[str]:
    with GAZETTEER.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")]
    return sorted(r["name"] for r in rows if r["level"] == "district" and len(r["name"]) >= 3)


def story(rng: random.Random, places: list[str]) -> tuple[str, list[tuple[str, str]], list[tuple[str, str, str]]]:
    """One invented news item: its text, the entities (name, label) and the facts (source, type, target) in it."""
    a, b = rng.sample(places, 2)
    school_a, school_b, school_c = (f"{p}{core}{rng.choice(SUFFIXES)}" for p, core in
                                    zip((a, b, a), rng.sample(CORES, 3)))
    bureau_a, bureau_b = f"{a}{rng.choice(BUREAUS[:5])}", f"{b}{rng.choice(BUREAUS)}"
    head, deputy, speaker = ("".join([rng.choice(SURNAMES), *rng.sample(GIVEN, 2)]) for _ in range(3))
    group = f"{a}城乡教育共同体"
    event = rng.choice(["第三届城乡教师教学技能大赛", "首届乡村教育振兴研讨会", "第五届班主任基本功展示活动"])
    program = rng.choice(["青苗培育工程", "强师赋能计划", "筑梦同行行动"])
    frames = [
        (f"{bureau_a}副局长{head}一行到{school_b}调研指导工作。", [(head, "LEADS", bureau_a)]),
        (f"{school_a}与{school_b}签订结对帮扶协议，双方将在课程建设方面开展合作。",
         [(school_a, "PARTNERS_WITH", school_b)]),
        (f"{school_a}校长{deputy}等出席活动。", [(deputy, "LEADS", school_a)]),
        (f"{speaker}（{school_c}副校长）作交流发言。", [(speaker, "LEADS", school_c)]),
        (f"由{bureau_b}主办、{school_b}承办的{event}在{school_b}举行。",
         [(bureau_b, "ORGANIZED", event), (school_b, "HOSTED", event), (event, "HELD_IN", school_b)]),
        (f"{group}由{school_a}牵头，{school_c}、{school_b}等学校组成。",
         [(school_a, "LEADS", group), (school_c, "MEMBER_OF", group), (school_b, "MEMBER_OF", group)]),
        (f"{bureau_a}副局长{head}、{school_c}校长{deputy}等出席{event}。",
         [(head, "PARTICIPATED_IN", event), (deputy, "PARTICIPATED_IN", event)]),
        (f"{school_a}、{school_c}等学校的教师代表参加了{event}。",
         [(school_a, "PARTICIPATED_IN", event), (school_c, "PARTICIPATED_IN", event)]),
        (f"{bureau_b}启动实施“{program}”，选派骨干教师到乡村学校支教。", [(bureau_b, "RUNS", program)]),
    ]
    chosen = rng.sample(frames, 5)
    text = f"{a}与{b}开展教育交流\n" + "\n".join(sentence for sentence, _ in chosen) + "\n"
    facts = [fact for _, frame_facts in chosen for fact in frame_facts]
    labels = {school_a: "School", school_b: "School", school_c: "School", bureau_a: "Authority",
              bureau_b: "Authority", head: "Person", deputy: "Person", speaker: "Person", group: "Alliance",
              event: "Event", program: "Program"}
    return text, [(name, label) for name, label in labels.items() if name in text], facts


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """Recall by entity label and by relation type over the generated documents."""
    rng = random.Random(20261204)
    places = districts()
    folder = tmp_path_factory.mktemp("generated")
    wanted = {}
    for i in range(DOCUMENTS):
        text, entities, facts = story(rng, places)
        (folder / f"g{i:02d}.txt").write_text(text, encoding="utf-8")
        wanted[f"g{i:02d}"] = (entities, facts)
    kg, _ = build_graph(read_documents([folder]), curation=None)
    names_in: dict[str, dict[str, set[str]]] = {}  # doc -> normalised name or alias -> labels
    for _, data in kg.entities():
        for doc in {m.doc for m in data["mentions"]}:
            for form in data["aliases"] | {data["name"]}:
                names_in.setdefault(doc, {}).setdefault(normalize_name(form), set()).add(data["label"])
    facts_in: dict[str, set] = {}
    for src, dst, data in kg.relations():
        for doc in {e.doc for e in data["evidence"]}:
            forms = [data_forms(kg, src), data_forms(kg, dst)]
            facts_in.setdefault(doc, set()).update((s, data["type"], t) for s in forms[0] for t in forms[1])
    entity_hits, entity_all, fact_hits, fact_all = Counter(), Counter(), Counter(), Counter()
    for doc, (entities, facts) in wanted.items():
        for name, label in entities:
            entity_all[label] += 1
            entity_hits[label] += label in names_in.get(doc, {}).get(normalize_name(name), set())
        for src, type_, dst in facts:
            fact_all[type_] += 1
            found = facts_in.get(doc, set())
            src, dst = normalize_name(src), normalize_name(dst)
            fact_hits[type_] += (src, type_, dst) in found or (type_ == "PARTNERS_WITH" and (dst, type_, src) in found)
    return ({k: entity_hits[k] / n for k, n in entity_all.items()}, {k: fact_hits[k] / n for k, n in fact_all.items()})


def data_forms(kg, key: str) -> set[str]:
    node = kg.g.nodes[key]
    return {normalize_name(form) for form in node["aliases"] | {node["name"]}}


def test_invented_names_in_real_districts_are_found(read_back):
    recall, _ = read_back
    assert set(recall) >= {"School", "Authority", "Person", "Alliance"}
    low = {label: round(r, 2) for label, r in recall.items() if r < 0.95}
    assert not low, f"entity recall under 0.95: {low}"


def test_the_facts_of_common_news_sentences_are_read_about_invented_names(read_back):
    _, recall = read_back
    assert set(recall) >= {"LEADS", "PARTNERS_WITH", "ORGANIZED", "HOSTED", "HELD_IN", "MEMBER_OF", "PARTICIPATED_IN",
                           "RUNS"}
    low = {type_: round(r, 2) for type_, r in recall.items() if r < 0.9}
    assert not low, f"relation recall under 0.9: {low}"
