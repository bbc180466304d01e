"""Answer coordinators' questions offline: find the entities named, recognise the intent, run the
matching library query, and answer with one sentence, the rows and the evidence sentences.

Intents and their cue words are data (data/lexicon/intents.tsv). When an OpenAI-compatible endpoint
is configured (KG_LLM_URL, KG_LLM_MODEL, optional KG_LLM_API_KEY), a question no rule maps is
turned into Cypher by the model; that Cypher must pass the read-only guard and is shown to the user.
"""

from __future__ import annotations

import csv
import json
import os
import re
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any

import ahocorasick

from graph.errors import GraphError
from graph.model import KnowledgeGraph
from graph.store import GraphStore
from ingest.lexicon import DATA
from ingest.normalize import normalize_text
from queries.guard import check_read_only
from queries.library import BY_NAME
from queries.spread import spread
from queries.summary import scope

LABEL_WORDS = {
    "School": ("学校", "中学", "小学", "幼儿园", "school"),
    "University": ("高校", "大学", "学院", "universit"),
    "Alliance": ("联盟", "共同体", "集团", "alliance"),
    "Authority": ("部门", "教育局", "authorit"),
    "Event": ("活动", "会议", "event"),
    "Program": ("项目", "工程", "program"),
}
EXAMPLES_ZH = ["武清区教育局的合作伙伴有哪些？", "“通武廊”教育共同体有哪些成员？", "南开大学和天津大学之间有什么联系？",
               "廊坊市2023年举办了哪些活动？", "谁主办了京津冀中小学生新年合唱音乐会？", "天津市有多少所学校？",
               "南开大学的资源能辐射到哪里？", "比较天津市和廊坊市"]
EXAMPLES_EN = ["Who are the partners of 武清区教育局?", "Which members does “通武廊”教育共同体 have?",
               "How are 南开大学 and 天津大学 connected?", "Which events were held in 廊坊市 in 2023?"]


@dataclass
class Answer:
    answer: str
    intent: str
    entities: list[str] = field(default_factory=list)
    cypher: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_intents(path=DATA / "lexicon" / "intents.tsv") -> list[tuple[str, int, list[str]]]:
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader((line for line in fh if line.strip() and not line.startswith("#")), delimiter="\t"))
    return [(r["intent"], int(r["needs"]), [c.lower() for c in r["cues"].split("|") if c]) for r in rows]


class EntityIndex:
    """Finds the graph's entity names and aliases inside a question (longest match wins)."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.kg = kg
        self.automaton = ahocorasick.Automaton()
        forms: dict[str, str] = {}
        for key, data in kg.entities():
            for form in {data["name"], *data["aliases"]}:
                form = normalize_text(form)
                if len(form) >= 2 and (form not in forms or data["label"] != "Region"):
                    forms[form] = key
        for form, key in forms.items():
            self.automaton.add_word(form, (form, key))
        if forms:
            self.automaton.make_automaton()
        self.empty = not forms

    def find(self, question: str) -> list[str]:
        """Entity keys named in the question, in order of appearance, overlaps resolved by length."""
        if self.empty:
            return []
        text = normalize_text(question)
        hits = sorted(((end - len(form) + 1, end + 1, key) for end, (form, key) in self.automaton.iter(text)),
                      key=lambda h: (h[0], -(h[1] - h[0])))
        chosen: list[tuple[int, int, str]] = []
        for start, end, key in hits:
            if chosen and start < chosen[-1][1]:
                if end - start > chosen[-1][1] - chosen[-1][0]:
                    chosen[-1] = (start, end, key)
                continue
            chosen.append((start, end, key))
        return list(dict.fromkeys(key for _, _, key in chosen))


def is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", re.sub(r"[“”][^“”]*[“”]", "", text))) and not re.match(r"^[A-Za-z]", text)


def period(question: str) -> tuple[str, str]:
    """A period named in the question: 2023年, 2020年到2023年, 2022年以来, since 2021."""
    years = re.findall(r"(20\d\d|19\d\d)", question)
    if not years:
        return "0000", "9999"
    if re.search(r"以来|之后|以后|since|after", question):
        return years[0], "9999"
    return years[0], (years[1] if len(years) > 1 else years[0]) + "-12-31"


def answer(question: str, kg: KnowledgeGraph, store: GraphStore) -> Answer:
    """Answer a question; one the rules cannot map gets example questions (or the LLM fallback if configured)."""
    zh = is_chinese(question)
    keys = EntityIndex(kg).find(question)
    names = [kg.g.nodes[k]["name"] for k in keys]
    lowered = question.lower()
    for intent, needs, cues in load_intents():
        if len(keys) >= needs and any(cue in lowered for cue in cues):
            handled = HANDLERS[intent](kg, store, keys, question, zh)
            if handled is not None:
                handled.entities = names
                return handled
    if keys:
        return _neighbourhood(kg, store, keys, question, zh)
    if llm_configured():
        return text_to_cypher(question, store, zh)
    return Answer(_unmapped(zh), "unknown", names)


def _unmapped(zh: bool) -> str:
    if zh:
        return "没能理解这个问题。可以这样问：" + "；".join(EXAMPLES_ZH)
    return "I could not map this question. Try for example: " + "; ".join(EXAMPLES_EN)


def _run(store: GraphStore, name: str, params: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    query = BY_NAME[name]
    return query.cypher, store.query(query.cypher, query.bind(params)).records()


def evidence_of(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Evidence sentences of the rows, with their documents, each once."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        sentences = row.get("evidence") or []
        docs = row.get("docs") or []
        for i, sentence in enumerate(sentences if isinstance(sentences, list) else [sentences]):
            doc = docs[i] if i < len(docs) else (docs[0] if docs else "")
            seen.setdefault((doc, sentence), {"doc": doc, "sentence": sentence})
    return list(seen.values())


def _cited(edge: dict[str, Any]) -> dict[str, Any]:
    """An edge's first evidence sentence as a row that `evidence_of` reads."""
    first = edge["evidence"][0]
    return {"evidence": first.sentence, "docs": [first.doc]}


def _with_evidence(answer_text: str, intent: str, cypher: str, rows: list[dict[str, Any]]) -> Answer:
    return Answer(answer_text, intent, cypher=cypher, rows=rows, evidence=evidence_of(rows))


def _name(kg: KnowledgeGraph, key: str) -> str:
    return kg.g.nodes[key]["name"]


def _first(kg: KnowledgeGraph, keys: list[str], labels: tuple[str, ...]) -> str | None:
    return next((k for k in keys if kg.g.nodes[k]["label"] in labels), None)


def _partners(kg, store, keys, question, zh):
    key = keys[0]
    cypher, rows = _run(store, "partners", {"name": _name(kg, key)})
    partners = "、".join(r["partner"] for r in rows) if zh else ", ".join(r["partner"] for r in rows)
    if zh:
        text = f"{_name(kg, key)} 有 {len(rows)} 个合作伙伴：{partners}。" if rows else \
            f"图中没有 {_name(kg, key)} 的合作关系。"
    else:
        text = f"{_name(kg, key)} has {len(rows)} partners: {partners}." if rows else \
            f"The graph holds no partnership of {_name(kg, key)}."
    return _with_evidence(text, "partners", cypher, rows)


def _members(kg, store, keys, question, zh):
    key = _first(kg, keys, ("Alliance",))
    if key is None:
        return None
    cypher, rows = _run(store, "alliance_members", {"name": _name(kg, key)})
    members = rows[0]["members"] if rows else []
    leads = rows[0]["leads"] if rows else []
    if zh:
        text = f"{_name(kg, key)} 的成员：{'、'.join(members) or '图中未记录'}" + \
            (f"；牵头：{'、'.join(leads)}" if leads else "") + "。"
    else:
        text = f"Members of {_name(kg, key)}: {', '.join(members) or 'none recorded'}" + \
            (f"; led by {', '.join(leads)}" if leads else "") + "."
    evidence_rows = [_cited(d)
                     for _, t, d in kg.g.in_edges(key, data=True) if d["type"] in ("MEMBER_OF", "LEADS")]
    result = _with_evidence(text, "members", cypher, rows)
    result.evidence = evidence_of(evidence_rows)
    return result


def _events(kg, store, keys, question, zh):
    start, end = period(question)
    key = keys[0]
    if kg.g.nodes[key]["label"] == "Region":
        cypher, rows = _run(store, "events_in_region", {"region": _name(kg, key), "from": start, "to": end})
    else:
        cypher, rows = _run(store, "events_of", {"name": _name(kg, key), "from": start, "to": end})
    if (start, end) != ("0000", "9999"):
        rows = [r for r in rows if r.get("date")]  # a period question leaves undated events out
    events = [f"{r['event']}（{r['date']}）" if r.get("date") else r["event"] for r in rows]
    span = "" if (start, end) == ("0000", "9999") else (f"{start[:4]}年起" if end == "9999" else f"{start[:4]}年")
    if zh:
        text = f"{_name(kg, key)}{span}的活动共 {len(rows)} 项：{'；'.join(events)}。" if rows else \
            f"图中没有 {_name(kg, key)}{span}的活动。"
    else:
        text = f"{len(rows)} events of {_name(kg, key)}: {'; '.join(events)}." if rows else \
            f"No events of {_name(kg, key)} in the graph for that period."
    result = _with_evidence(text, "events", cypher, rows)
    if not result.evidence:
        result.evidence = evidence_of(_event_evidence(kg, {r["event"] for r in rows}))
    return result


def _event_evidence(kg: KnowledgeGraph, events: set[str]) -> list[dict[str, Any]]:
    """The sentences that put each event in the graph."""
    rows = []
    for src, dst, d in kg.relations():
        if d["type"] in ("ORGANIZED", "HOSTED", "HELD_IN", "PARTICIPATED_IN") and \
                ({kg.g.nodes[src]["name"], kg.g.nodes[dst]["name"]} & events):
            rows.append(_cited(d))
    return rows


def _event_roles(kg, store, keys, question, zh):
    key = _first(kg, keys, ("Event",))
    if key is None:
        return None
    cypher, rows = _run(store, "event_roles", {"name": _name(kg, key)})
    by_role: dict[str, list[str]] = {}
    for r in rows:
        by_role.setdefault(r["role"], []).append(r["who"])
    words = {"ORGANIZED": ("主办", "organised by"), "HOSTED": ("承办", "hosted by"),
             "PARTICIPATED_IN": ("参加", "attended by"), "HELD_IN": ("举办地", "held in")}
    parts = [f"{words[role][0 if zh else 1]}：{'、'.join(who)}" if zh else f"{words[role][1]} {', '.join(who)}"
             for role, who in by_role.items() if role in words]
    zh_text = f"{_name(kg, key)}：" + "；".join(parts) + "。"
    en_text = f"{_name(kg, key)}: " + "; ".join(parts) + "."
    text = zh_text if zh else en_text
    if not parts:
        text = f"图中没有 {_name(kg, key)} 的主办或参与方。" if zh else \
            f"No organisers of {_name(kg, key)} in the graph."
    return _with_evidence(text, "event_roles", cypher, rows)


def _connection(kg, store, keys, question, zh):
    a, b = _name(kg, keys[0]), _name(kg, keys[1])
    cypher, rows = _run(store, "connection", {"a": a, "b": b})
    if not rows:
        text = f"{a} 与 {b} 在图中没有 6 步以内的联系。" if zh else f"{a} and {b} are not connected within 6 steps."
        return _with_evidence(text, "connection", cypher, rows)
    path, relations = rows[0]["path"], rows[0]["relations"]
    chain = path[0] + "".join(f" -{r}- {n}" for r, n in zip(relations, path[1:]))
    text = f"{a} 与 {b} 相隔 {rows[0]['steps']} 步：{chain}。" if zh else \
        f"{a} and {b} are {rows[0]['steps']} steps apart: {chain}."
    result = _with_evidence(text, "connection", cypher, rows)
    result.evidence = evidence_of(_path_evidence(kg, path))
    return result


def _path_evidence(kg: KnowledgeGraph, path: list[str]) -> list[dict[str, Any]]:
    """The evidence of every relation along a path of entity names."""
    steps = [(x, y) for a, b in zip(path, path[1:]) for x, y in ((a, b), (b, a))]
    return [_cited(d) for x, y in steps for _, _, d in _edges_between(kg, x, y)]


def _edges_between(kg: KnowledgeGraph, a: str, b: str):
    ka = next((k for k, d in kg.entities() if d["name"] == a), None)
    kb = next((k for k, d in kg.entities() if d["name"] == b), None)
    if ka is None or kb is None or not kg.g.has_edge(ka, kb):
        return []
    return [(ka, kb, d) for d in kg.g.get_edge_data(ka, kb).values()]


def _counts(kg, store, keys, question, zh):
    key = _first(kg, keys, ("Region",))
    if key is None:
        return None
    cypher, rows = _run(store, "organisations_in_region", {"region": _name(kg, key), "limit": 5000})
    lowered = question.lower()
    label = next((lab for lab, words in LABEL_WORDS.items() if any(w in lowered for w in words)), None)
    if label:
        rows = [r for r in rows if r["label"] == label]
    zh_what = {"School": "所学校", "University": "所高校", "Alliance": "个联盟"}
    en_what = {"School": "schools", "University": "universities", "Alliance": "alliances"}
    what = zh_what.get(label, "个机构") if zh else en_what.get(label, "organisations")
    text = f"图中 {_name(kg, key)} 有 {len(rows)} {what}。" if zh else \
        f"The graph holds {len(rows)} {what} in {_name(kg, key)}."
    return _with_evidence(text, "counts", cypher, rows)


def _compare(kg, store, keys, question, zh):
    regions = [k for k in keys if kg.g.nodes[k]["label"] == "Region"][:2]
    if len(regions) < 2:
        return None
    rows = []
    for key in regions:
        inside = scope(kg, key)
        relations = [d for s, t, d in kg.relations() if ({s, t} & inside) and d["type"] != "LOCATED_IN"]
        rows.append({"region": _name(kg, key), "organisations": len(inside) - 1,
                     "partnerships": sum(1 for d in relations if d["type"] == "PARTNERS_WITH"),
                     "events": sum(1 for d in relations if d["type"] in ("ORGANIZED", "HOSTED", "HELD_IN")),
                     "alliances": sum(1 for d in relations if d["type"] in ("MEMBER_OF", "LEADS"))})
    a, b = rows
    if zh:
        text = (f"{a['region']}：{a['organisations']} 个机构、{a['partnerships']} 项合作、{a['events']} 项活动；"
                f"{b['region']}：{b['organisations']} 个机构、{b['partnerships']} 项合作、{b['events']} 项活动。")
    else:
        text = (f"{a['region']}: {a['organisations']} organisations, {a['partnerships']} partnerships, "
                f"{a['events']} events; {b['region']}: {b['organisations']} organisations, "
                f"{b['partnerships']} partnerships, {b['events']} events.")
    return Answer(text, "compare", rows=rows)


def _spread(kg, store, keys, question, zh):
    result = spread(kg, _name(kg, keys[0]), steps=3)
    rows = result.reached[:20]
    regions = result.by_region()
    if zh:
        text = (f"从 {_name(kg, keys[0])} 出发，3 步内可辐射 {len(result.reached)} 个机构，涉及 {len(regions)} 个地区"
                f"（{'、'.join(f'{r} {n}' for r, n in list(regions.items())[:5])}）。")
    else:
        text = (f"From {_name(kg, keys[0])}, resources can reach {len(result.reached)} organisations in "
                f"{len(regions)} regions within 3 steps.")
    evidence_rows = [row for r in rows[:5] for row in _path_evidence(kg, r["path"])]
    return Answer(text, "spread", rows=rows, evidence=evidence_of(evidence_rows))


def _programs(kg, store, keys, question, zh):
    key = keys[0]
    runs = [(kg.g.nodes[t]["name"], d) for _, t, d in kg.g.out_edges(key, data=True) if d["type"] == "RUNS"]
    if not runs:
        return None
    rows = [{"program": name, **_cited(d)}
            for name, d in runs]
    names = "、".join(r["program"] for r in rows)
    text = f"{_name(kg, key)} 实施的项目：{names}。" if zh else f"{_name(kg, key)} runs: {names}."
    return _with_evidence(text, "programs", BY_NAME["programs"].cypher, rows)


def _neighbourhood(kg, store, keys, question, zh):
    key = keys[0]
    cypher, rows = _run(store, "neighbourhood", {"name": _name(kg, key), "limit": 50})
    kinds: dict[str, int] = {}
    for r in rows:
        kinds[r["relation"]] = kinds.get(r["relation"], 0) + 1
    summary = "、".join(f"{k} {v}" for k, v in kinds.items()) if zh else ", ".join(f"{k} {v}" for k, v in kinds.items())
    text = f"{_name(kg, key)} 在图中有 {len(rows)} 条直接关系（{summary}）。" if zh else \
        f"{_name(kg, key)} has {len(rows)} direct relations ({summary})."
    result = _with_evidence(text, "entity", cypher, rows)
    result.entities = [_name(kg, k) for k in keys]
    return result


HANDLERS = {"partners": _partners, "members": _members, "events": _events, "event_roles": _event_roles,
            "connection": _connection, "counts": _counts, "compare": _compare, "spread": _spread,
            "programs": _programs}


# -- optional LLM fallback -------------------------------------------------------------
SCHEMA_PROMPT = """You translate questions about a knowledge graph of education collaboration in China into one
read-only Cypher query. Labels: Region, Authority, School, University, Alliance, Event, Program, Person,
Organization; every node has `name` and `aliases` (list). Relationship types: LOCATED_IN, PART_OF, MEMBER_OF,
LEADS, PARTNERS_WITH (property kind), ORGANIZED, HOSTED, PARTICIPATED_IN, HELD_IN, RUNS; every relationship has
`docs` and `sentences` (evidence). Events have `date` (ISO, maybe partial). Answer with the Cypher only."""


def llm_configured() -> bool:
    return bool(os.environ.get("KG_LLM_URL") and os.environ.get("KG_LLM_MODEL"))


def text_to_cypher(question: str, store: GraphStore, zh: bool) -> Answer:
    """Ask the configured model for Cypher, guard it, run it, and show it."""
    body = json.dumps({"model": os.environ["KG_LLM_MODEL"], "temperature": 0,
                       "messages": [{"role": "system", "content": SCHEMA_PROMPT},
                                    {"role": "user", "content": question}]}).encode("utf-8")
    request = urllib.request.Request(os.environ["KG_LLM_URL"].rstrip("/") + "/chat/completions", data=body,
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {os.environ.get('KG_LLM_API_KEY', '')}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            content = json.loads(response.read())["choices"][0]["message"]["content"]
    except (OSError, KeyError, ValueError) as exc:
        return Answer((f"语言模型不可用（{exc}）。" if zh else f"The language model is unavailable ({exc}). ")
                      + _unmapped(zh), "unknown")
    cypher = re.sub(r"^```\w*\s*|\s*```$", "", content.strip())
    try:
        check_read_only(cypher)
        rows = store.query(cypher).records()
    except GraphError as err:
        return Answer(str(err), "llm", cypher=cypher)
    text = f"（由语言模型生成的查询）共 {len(rows)} 行结果。" if zh else \
        f"(query written by the language model) {len(rows)} rows."
    return _with_evidence(text, "llm", cypher, rows)
