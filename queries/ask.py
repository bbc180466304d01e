"""Answer coordinators' questions offline, in Chinese or English.

The question is read (queries/understand.py: names, type words, the ask, a period), the matching
read-only Cypher is composed (queries/compose.py) and run on the store, and the answer is one
sentence in the question's language, the rows, each fact's evidence sentence and document, and the
Cypher that produced it, written out so it runs as is in the console. When nothing matches, the
narrowest filter is dropped once and the answer says so. A question that cannot be mapped gets the
closest questions the graph can answer, built from its own names (near names first).

When an OpenAI-compatible endpoint is configured (KG_LLM_URL, KG_LLM_MODEL, optional KG_LLM_API_KEY),
a question no rule maps is turned into Cypher by the model; that Cypher must pass the read-only guard
and is shown to the user.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from dataclasses import asdict, dataclass, field
from typing import Any

from graph.errors import GraphError
from graph.model import KnowledgeGraph
from graph.store import GraphStore
from queries import compose
from queries.examples import most_connected_by_label, questions_about
from queries.guard import check_read_only
from queries.search import near_names
from queries.spread import spread
from queries.summary import scope
from queries.understand import Reading, read_question

MAX_NAMES_IN_SENTENCE = 30
# pattern -> what its rows are, in Chinese and English
WHAT = {
    "partners": ("合作伙伴", "partners"), "attendees": ("参加者", "participants"),
    "organisers": ("主办方", "organisers"), "hosts": ("承办方", "hosts"), "place": ("举办地", "places"),
    "roles": ("主办、承办与参加方", "organisers, hosts and participants"), "head": ("负责人", "heads"),
    "person": ("职务与关联", "roles and ties"), "members_of": ("成员", "members"),
    "alliances_of": ("所属联盟与共同体", "alliances"), "lead_of": ("牵头单位", "leads"),
    "event_lead": ("牵头与主办单位", "leads and organisers"), "leads": ("牵头的对象", "what it leads"),
    "runners": ("实施与牵头单位", "who runs it"), "programs_of": ("项目", "programs"),
    "events_of": ("活动", "events"), "in_region": ("机构与联盟", "organisations and alliances"),
    "entity": ("直接关系", "direct relations"), "date": ("日期", "date"), "between": ("联系", "ties"),
    "between_side": ("联系", "ties"),
    "sub_regions": ("下辖与成员地区", "regions within it"), "events_in_period": ("活动", "events"),
}
PARTNERSHIP_WORDS = {"co-build": ("共建", "co-build"), "pairing": ("结对", "pairing"), "exchange": ("交流", "exchange"),
                     "support": ("帮扶", "support"), "entrusted": ("委托管理", "entrusted")}
LABEL_WORDS = {
    "School": ("学校", "schools"), "University": ("高校", "universities"), "Alliance": ("联盟", "alliances"),
    "Authority": ("部门", "authorities"), "Event": ("活动", "events"), "Program": ("项目", "programs"),
    "Person": ("人物", "people"), "Region": ("地区", "regions"), "Organization": ("机构", "organisations"),
}
RELATION_WORDS = {
    "PARTNERS_WITH": ("合作", "partners with"), "MEMBER_OF": ("成员", "member of"), "LEADS": ("牵头", "leads"),
    "ORGANIZED": ("主办", "organised"), "HOSTED": ("承办", "hosted"), "PARTICIPATED_IN": ("参加", "took part in"),
    "HELD_IN": ("举办地", "held in"), "RUNS": ("实施", "runs"), "LOCATED_IN": ("位于", "located in"),
    "PART_OF": ("隶属", "part of"),
}
NAMESAKE_WORDS = ("成员，以其命名", "member it is named after")  # a lead read from the alliance's name
# Questions the graph can answer, by the label of the entity they name: (Chinese, English, relation it needs)
@dataclass
class Answer:
    answer: str
    intent: str
    entities: list[str] = field(default_factory=list)
    cypher: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, str]] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def answer(question: str, kg: KnowledgeGraph, store: GraphStore) -> Answer:
    """Answer a question: read it, compose and run its query, and phrase the rows with their evidence."""
    reading = read_question(question, kg)
    zh = reading.lang == "zh"
    names = [n.name for n in reading.named]
    if reading.ask == "compare" and len([n for n in reading.named if n.label == "Region"]) >= 2:
        return _compare(kg, reading, zh)
    if reading.ask == "spread" and reading.subject:
        return _spread(kg, reading, zh)
    plan = compose.plan(reading)
    if plan is None:
        if llm_configured():
            return text_to_cypher(question, store, zh)
        return Answer(_unmapped(kg, reading), "unknown", names, suggestions=suggest_questions(kg, reading))
    rows = store.query(plan.cypher, plan.params).records()
    dropped = ""
    if not rows and plan.pattern != "between":
        looser = compose.relaxed(reading)
        while looser is not None and not rows:
            dropped = dropped or _filter_text(reading, zh)
            plan = compose.plan(looser) or plan
            rows = store.query(plan.cypher, plan.params).records()
            looser = compose.relaxed(looser)
    if not rows and plan.pattern == "between":
        return _connection(kg, store, reading, zh, plan)
    phrase = {"between": _phrase_between, "between_side": _phrase_between_side}.get(plan.pattern)
    text = phrase(reading, rows, zh) if phrase else _phrase(reading, plan.pattern, rows, zh, dropped)
    result = Answer(text, reading.ask, names, plan.inline(), rows, evidence_of(rows))
    if not rows:
        result.suggestions = suggest_questions(kg, reading)
    return result


# -- phrasing -----------------------------------------------------------------------------------------
def _phrase(reading: Reading, pattern: str, rows: list[dict[str, Any]], zh: bool, dropped: str) -> str:
    subject = reading.subject.name if reading.subject else _period_words(reading.period, zh).removeprefix("in ")
    what_zh, what_en = WHAT[pattern]
    filter_zh, filter_en = _filter_words(reading) if not dropped else ("", "")
    items = _items(pattern, rows, zh)
    shown = items[:MAX_NAMES_IN_SENTENCE]
    more = len(items) - len(shown)
    if zh:
        listed = "、".join(shown) + (f" 等（另有 {more} 个）" if more else "")
        head = f"图中没有“{dropped}”的结果；放宽后，" if dropped else ""
        if not items:
            return f"图中没有 {subject} 的{what_zh}{filter_zh}。"
        if pattern == "date":
            return f"{head}{subject} 的日期：{listed}。"
        return f"{head}{subject} 的{what_zh}{filter_zh}共 {len(items)} 个：{listed}。"
    listed = ", ".join(shown) + (f" and {more} more" if more else "")
    head = f"Nothing matches “{dropped}”; without it: " if dropped else ""
    if not items:
        return f"The graph holds no {what_en}{filter_en} of {subject}."
    if pattern == "date":
        return f"{head}{subject} took place on {listed}."
    return f"{head}{what_en.capitalize()} of {subject}{filter_en} ({len(items)}): {listed}."


def _period_words(period: tuple[str, str] | None, zh: bool) -> str:
    """2024年1月 / 2024-01, 2023年 / 2023: a period as the answer names it."""
    start, end = period or ("", "")
    if len(start) == 7:
        return f"{start[:4]}年{int(start[5:])}月" if zh else start
    if end == "9999":
        return f"{start}年起" if zh else f"since {start}"
    if end == f"{start}-12-31":
        return f"{start}年" if zh else f"in {start}"
    return f"{start}—{end[:4]}年" if zh else f"{start}–{end[:4]}"


def _items(pattern: str, rows: list[dict[str, Any]], zh: bool) -> list[str]:
    """One item per answer name, with a role, title or date where it tells something."""
    items: dict[str, str] = {}
    for row in rows:
        name = row.get("name") or ""
        if pattern == "date":
            name = row.get("date") or ("日期不详" if zh else "an unknown date")
            items.setdefault(name, name)
            continue
        if not name:
            continue
        extra = row.get("date") if pattern == "events_of" else row.get("role")
        if extra in PARTNERSHIP_WORDS:
            extra = PARTNERSHIP_WORDS[extra][0 if zh else 1]
        if pattern == "lead_of" and row.get("relation") == "MEMBER_OF":
            extra = NAMESAKE_WORDS[0 if zh else 1]
        if pattern in ("person", "roles", "entity") and not extra:
            extra = RELATION_WORDS.get(row.get("relation", ""), ("", ""))[0 if zh else 1]
        if name not in items:
            items[name] = f"{name}（{extra}）" if zh and extra else (f"{name} ({extra})" if extra else name)
    return list(items.values())


def _filter_words(reading: Reading) -> tuple[str, str]:
    parts_zh, parts_en = [], []
    if reading.within:
        parts_zh.append(f"位于{reading.within.name}")
        parts_en.append(f"in {reading.within.name}")
    if reading.label:
        parts_zh.append(reading.type_word or LABEL_WORDS[reading.label][0])
        parts_en.append(LABEL_WORDS[reading.label][1])
    if reading.title:
        parts_zh.append(reading.title)
        parts_en.append(reading.title)
    if reading.period and reading.subject:  # without a subject the period is what the answer is about
        parts_zh.append(_period_words(reading.period, True))
        parts_en.append(_period_words(reading.period, False))
    zh = f"（{'，'.join(parts_zh)}）" if parts_zh else ""
    en = f" ({', '.join(parts_en)})" if parts_en else ""
    return zh, en


def _filter_text(reading: Reading, zh: bool) -> str:
    words_zh, words_en = _filter_words(reading)
    return words_zh.strip("（）") if zh else words_en.strip(" ()")


def _phrase_between(reading: Reading, rows: list[dict[str, Any]], zh: bool) -> str:
    a, b = reading.named[0].name, reading.named[1].name
    ties: dict[str, None] = {}
    for row in rows:
        if row["through"]:
            ties.setdefault(f"{row['a']}、{row['b']} 同与 {row['through']} 相关" if zh else
                            f"{row['a']} and {row['b']} share {row['through']}")
        else:
            word = RELATION_WORDS.get(row["relation"], (row["relation"], row["relation"]))[0 if zh else 1]
            role = PARTNERSHIP_WORDS.get(row["role"], (row["role"], row["role"]))[0 if zh else 1]
            kind = f"（{role}）" if zh and role else (f" ({role})" if role else "")
            ties.setdefault(f"{row['a']} —{word}{kind}— {row['b']}" if zh else f"{row['a']} {word}{kind} {row['b']}")
    listed = list(ties)[:MAX_NAMES_IN_SENTENCE]
    if zh:
        return f"{a} 与 {b} 之间有 {len(ties)} 项联系：{'；'.join(listed)}。"
    return f"{a} and {b} have {len(ties)} ties: {'; '.join(listed)}."


def _phrase_between_side(reading: Reading, rows: list[dict[str, Any]], zh: bool) -> str:
    """鱼峰区有哪些学校和河池的学校结对: the first party's entities of the type asked, directly tied first (the rows
    say to whom each is tied)."""
    a, b = reading.named[0].name, reading.named[1].name
    names = list(dict.fromkeys(row["name"] for row in sorted(rows, key=lambda row: bool(row["through"]))))
    listed = names[:MAX_NAMES_IN_SENTENCE]
    words_zh, words_en = _filter_words(reading)
    if zh:
        return f"{a} 的{words_zh.strip('（）')}中与 {b} 有联系的共 {len(names)} 个：{'、'.join(listed)}。"
    return f"{words_en.strip(' ()').capitalize()} of {a} tied to {b} ({len(names)}): {', '.join(listed)}."


# -- evidence ---------------------------------------------------------------------------------------
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


# -- asks answered from the graph in memory -----------------------------------------------------
def _connection(kg: KnowledgeGraph, store: GraphStore, reading: Reading, zh: bool, tried: compose.Plan) -> Answer:
    """No direct or shared tie: the shortest chain of relations between the two, if there is one."""
    from queries.library import BY_NAME, run_named

    a, b = reading.named[0].name, reading.named[1].name
    result = run_named(store, BY_NAME["connection"], {"a": a, "b": b})
    rows, cypher = result.records(), result.cypher
    if not rows:
        text = f"{a} 与 {b} 在图中没有直接或经由活动、联盟的联系，6 步以内也不相连。" if zh else \
            f"{a} and {b} share no tie, event or alliance in the graph and are not connected within 6 steps."
        return Answer(text, "between", [a, b], tried.inline(), suggestions=[])
    path, relations = rows[0]["path"], rows[0]["relations"]
    chain = path[0] + "".join(f" -{r}- {n}" for r, n in zip(relations, path[1:]))
    text = f"{a} 与 {b} 没有直接联系，相隔 {rows[0]['steps']} 步：{chain}。" if zh else \
        f"{a} and {b} have no direct tie; they are {rows[0]['steps']} steps apart: {chain}."
    return Answer(text, "between", [a, b], cypher, rows, evidence_of(_path_evidence(kg, path)))


def _path_evidence(kg: KnowledgeGraph, path: list[str]) -> list[dict[str, Any]]:
    """The evidence of every relation along a path of entity names."""
    keys = {d["name"]: k for k, d in kg.entities() if d["name"] in set(path)}
    rows = []
    for x, y in zip(path, path[1:]):
        for s, t in ((keys.get(x), keys.get(y)), (keys.get(y), keys.get(x))):
            if s and t and kg.g.has_edge(s, t):
                rows += [_cited(d) for d in kg.g.get_edge_data(s, t).values()]
    return rows


def _compare(kg: KnowledgeGraph, reading: Reading, zh: bool) -> Answer:
    regions = [n for n in reading.named if n.label == "Region"][:2]
    rows = []
    for region in regions:
        inside = scope(kg, region.key)
        relations = [d for s, t, d in kg.relations() if ({s, t} & inside) and d["type"] != "LOCATED_IN"]
        rows.append({"region": region.name, "organisations": len(inside) - 1,
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
    return Answer(text, "compare", [r.name for r in regions], rows=rows)


def _spread(kg: KnowledgeGraph, reading: Reading, zh: bool) -> Answer:
    source = reading.subject.name
    result = spread(kg, source, steps=3)
    rows = result.reached[:20]
    regions = result.by_region()
    if zh:
        text = (f"从 {source} 出发，3 步内可辐射 {len(result.reached)} 个机构，涉及 {len(regions)} 个地区"
                f"（{'、'.join(f'{r} {n}' for r, n in list(regions.items())[:5])}）。")
    else:
        text = (f"From {source}, resources can reach {len(result.reached)} organisations in "
                f"{len(regions)} regions within 3 steps.")
    evidence_rows = [row for r in rows[:5] for row in _path_evidence(kg, r["path"])]
    return Answer(text, "spread", [source], rows=rows, evidence=evidence_of(evidence_rows))


# -- questions the graph can answer ---------------------------------------------------------------
def suggest_questions(kg: KnowledgeGraph, reading: Reading | None = None, limit: int = 6) -> list[str]:
    """Questions this graph can answer, closest first: about what the question named, then about names
    near the words it did not find, then about the graph's most connected entities."""
    zh = reading is None or reading.lang == "zh"
    keys = [n.key for n in reading.named] if reading else []
    for piece in reading.leftovers if reading else []:
        keys += [m.key for m in near_names(kg, piece, limit=3)]
    if len(keys) < 2:
        keys += most_connected_by_label(kg)
    return questions_about(kg, keys, zh, limit)


def _unmapped(kg: KnowledgeGraph, reading: Reading) -> str:
    zh = reading.lang == "zh"
    near = [m.name for piece in reading.leftovers for m in near_names(kg, piece, limit=3)]
    missing = "、".join(reading.leftovers) if zh else ", ".join(reading.leftovers)
    if near and zh:
        return f"图中没有找到“{missing}”。相近的名称：{'、'.join(dict.fromkeys(near))}。可以这样问："
    if near:
        return f"The graph holds no “{missing}”. Near names: {', '.join(dict.fromkeys(near))}. You could ask:"
    return "没能理解这个问题。可以这样问：" if zh else "I could not map this question. You could ask:"


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
        return Answer(f"语言模型不可用（{exc}）。" if zh else f"The language model is unavailable ({exc}).", "unknown")
    cypher = re.sub(r"^```\w*\s*|\s*```$", "", content.strip())
    try:
        check_read_only(cypher)
        rows = store.query(cypher).records()
    except GraphError as err:
        return Answer(str(err), "llm", cypher=cypher)
    text = f"（由语言模型生成的查询）共 {len(rows)} 行结果。" if zh else \
        f"(query written by the language model) {len(rows)} rows."
    return Answer(text, "llm", cypher=cypher, rows=rows, evidence=evidence_of(rows))
