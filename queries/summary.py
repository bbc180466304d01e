"""Reports on what a coordinator asks about, every statement with its citations (document id and
sentence). Pure functions of a KnowledgeGraph.

- an organisation or a region: partners (a region's cover the organisations located in it and its
  sub-regions), alliances and roles, events by date, programs, reach across regions, key numbers;
  a group of regions (通州区, 武清区, 廊坊市) also gets the ties between its members;
- an alliance or education group: who leads it, its members, its events, partners and programs;
- an event: its date and place, organisers, hosts and participants;
- a person: roles and events.
A name the graph does not hold gets the graph's near names instead.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import networkx as nx

from graph.model import Evidence, KnowledgeGraph
from queries.markdown import code_span, plain_markdown
from queries.search import near_names
from queries.spread import find_entity, region_of

KIND_WORDS = {
    "zh": {"co-build": "共建", "pairing": "结对", "exchange": "交流", "support": "帮扶",
           "entrusted": "委托管理", "": "合作"},
    "en": {"co-build": "co-builds with", "pairing": "is paired with", "exchange": "exchanges with",
           "support": "supports", "entrusted": "is entrusted with", "": "partners with"},
}
ROLE_WORDS = {
    "zh": {"ORGANIZED": "主办", "HOSTED": "承办", "PARTICIPATED_IN": "参加", "HELD_IN": "举办地",
           "MEMBER_OF": "成员", "LEADS": "牵头", "RUNS": "实施"},
    "en": {"ORGANIZED": "organised", "HOSTED": "hosted", "PARTICIPATED_IN": "took part in", "HELD_IN": "held in",
           "MEMBER_OF": "member of", "LEADS": "leads", "RUNS": "runs"},
}
TITLES = {
    "overview": ("概况", "Overview"),
    "lead": ("牵头单位", "Led by"),
    "members": ("成员", "Members"),
    "when_where": ("时间与地点", "Date and place"),
    "organisers": ("主办", "Organised by"),
    "hosts": ("承办", "Hosted by"),
    "participants": ("参加", "Taken part in by"),
    "roles": ("职务", "Roles"),
    "partners": ("合作伙伴", "Partners"),
    "alliances": ("联盟与角色", "Alliances and roles"),
    "events": ("活动时间线", "Events"),
    "programs": ("项目", "Programs"),
    "reach": ("跨地区辐射", "Reach across regions"),
    "numbers": ("关键数字", "Key numbers"),
    "ties": ("成员之间的联系", "Ties between members"),
    "sources": ("出处", "Sources"),
}


@dataclass
class Statement:
    text: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Summary:
    """A report: sections of statements, each statement citing its sentences."""

    title: str
    lang: str
    sections: dict[str, list[Statement]] = field(default_factory=dict)
    near: list[str] = field(default_factory=list)  # near names, when a name was not found

    def citations(self) -> list[Evidence]:
        """Every cited sentence once, in order of first citation."""
        seen: dict[tuple[str, str], Evidence] = {}
        for statements in self.sections.values():
            for st in statements:
                for ev in st.evidence:
                    seen.setdefault((ev.doc, ev.sentence), ev)
        return list(seen.values())

    def _numbers(self) -> dict[tuple[str, str], int]:
        return {(ev.doc, ev.sentence): i + 1 for i, ev in enumerate(self.citations())}

    def to_markdown(self) -> str:
        numbers = self._numbers()
        lines = [f"# {plain_markdown(self.title)}", ""]
        for key, statements in self.sections.items():
            if not statements:
                continue
            lines += [f"## {_title(key, self.lang)}", ""]
            for st in statements:
                refs = "".join(f"[^{numbers[(e.doc, e.sentence)]}]" for e in st.evidence)
                lines.append(f"- {plain_markdown(st.text)}{refs}")
            lines.append("")
        if numbers:
            lines += [f"## {_title('sources', self.lang)}", ""]
        for ev, n in zip(self.citations(), range(1, len(numbers) + 1)):
            lines.append(f"[^{n}]: {code_span(ev.doc)} {plain_markdown(ev.sentence)}")
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        numbers = self._numbers()
        parts = [f"<!doctype html><html lang=\"{'zh' if self.lang == 'zh' else 'en'}\"><head><meta charset=\"utf-8\">"
                 f"<title>{html.escape(self.title)}</title></head><body>", f"<h1>{html.escape(self.title)}</h1>"]
        for key, statements in self.sections.items():
            if not statements:
                continue
            parts.append(f"<h2>{html.escape(_title(key, self.lang))}</h2><ul>")
            for st in statements:
                refs = "".join(f"<sup><a href=\"#c{numbers[(e.doc, e.sentence)]}\">"
                               f"[{numbers[(e.doc, e.sentence)]}]</a></sup>"
                               for e in st.evidence)
                parts.append(f"<li>{html.escape(st.text)}{refs}</li>")
            parts.append("</ul>")
        parts.append(f"<h2>{html.escape(_title('sources', self.lang))}</h2><ol>")
        for ev in self.citations():
            parts.append(f"<li id=\"c{numbers[(ev.doc, ev.sentence)]}\"><code>{html.escape(ev.doc)}</code> "
                         f"{html.escape(ev.sentence)}</li>")
        parts.append("</ol></body></html>")
        return "\n".join(parts)


def _title(key: str, lang: str) -> str:
    zh, en = TITLES[key]
    return zh if lang == "zh" else en


def scope(kg: KnowledgeGraph, key: str) -> set[str]:
    """What a subject stands for: itself, and for a region every organisation located in it or below it."""
    node = kg.g.nodes[key]
    if node["label"] != "Region":
        return {key}
    part_of = nx.DiGraph([(s, t) for s, t, d in kg.relations() if d["type"] == "PART_OF"])
    regions = {key} | (nx.ancestors(part_of, key) if key in part_of else set())
    return {key} | {s for s, t, d in kg.relations() if d["type"] == "LOCATED_IN" and t in regions}


def summarize(kg: KnowledgeGraph, names: list[str], lang: str = "zh") -> Summary:
    """A report on one or more named entities (a group of regions gets the ties between them)."""
    keys = [k for k in (find_entity(kg, n) for n in names) if k]
    title_names = "、".join(kg.g.nodes[k]["name"] for k in keys) or "、".join(names)
    title = f"{title_names} 合作报告" if lang == "zh" else f"Partnership report: {title_names}"
    summary = Summary(title, lang)
    missing = [n for n in names if find_entity(kg, n) is None]
    if missing:
        summary.near = list(dict.fromkeys(m.name for n in missing for m in near_names(kg, n, limit=5)))
    if not keys:
        summary.sections["overview"] = [Statement(_not_found(missing, summary.near, lang))]
        return summary
    members = {k: scope(kg, k) for k in keys}
    inside = set().union(*members.values())
    summary.sections["overview"] = [_overview(kg, k, members[k], lang) for k in keys]
    labels = {kg.g.nodes[k]["label"] for k in keys}
    if labels == {"Event"}:
        summary.sections["when_where"] = _when_where(kg, keys, lang)
        for section, relation in (("organisers", "ORGANIZED"), ("hosts", "HOSTED"),
                                  ("participants", "PARTICIPATED_IN")):
            summary.sections[section] = _relations(kg, inside, (relation,), lang)
        return summary
    if labels == {"Person"}:
        summary.sections["roles"] = _relations(kg, inside, ("LEADS",), lang)
        summary.sections["events"] = _events(kg, inside, lang)
        return summary
    if labels == {"Alliance"}:
        summary.sections["lead"] = _incoming(kg, inside, ("LEADS",), lang)
        summary.sections["members"] = _incoming(kg, inside, ("MEMBER_OF",), lang)
    summary.sections["partners"] = _relations(kg, inside, ("PARTNERS_WITH",), lang)
    if labels != {"Alliance"}:
        summary.sections["alliances"] = _relations(kg, inside, ("MEMBER_OF", "LEADS"), lang)
    summary.sections["events"] = _events(kg, inside, lang)
    summary.sections["programs"] = _relations(kg, inside, ("RUNS",), lang)
    summary.sections["reach"] = _reach(kg, inside, lang)
    summary.sections["numbers"] = _numbers(kg, inside, lang)
    if len(keys) > 1:
        summary.sections["ties"] = _ties(kg, members, lang)
    return summary


def _not_found(missing: list[str], near: list[str], lang: str) -> str:
    names = "、".join(missing) if lang == "zh" else ", ".join(missing)
    if lang == "zh":
        return f"图中没有找到“{names}”。" + (f"相近的名称：{'、'.join(near)}。" if near else "")
    return f"No “{names}” in the graph." + (f" Near names: {', '.join(near)}." if near else "")


def _incoming(kg: KnowledgeGraph, inside: set[str], types: tuple[str, ...], lang: str) -> list[Statement]:
    """Relations of these types that end at the subject (who leads it, its members)."""
    statements = []
    for src, dst, data in sorted(kg.relations(), key=lambda r: kg.g.nodes[r[0]]["name"]):
        if data["type"] in types and dst in inside:
            who = kg.g.nodes[src]["name"]
            region = region_of(kg, src)
            where = (f"（{region}）" if lang == "zh" else f" ({region})") if region and region != who else ""
            role = data["properties"].get("role", "")
            extra = (f"，{role}" if lang == "zh" else f", {role}") if role else ""
            statements.append(Statement(f"{who}{where}{extra}", list(data["evidence"])))
    return statements


def _when_where(kg: KnowledgeGraph, keys: list[str], lang: str) -> list[Statement]:
    """An event's date, and where it was held, each with the sentence that says so."""
    statements = []
    for key in keys:
        node = kg.g.nodes[key]
        date = node["properties"].get("date") or node["properties"].get("date_text")
        if date:
            first = next((d["evidence"][:1] for _, _, d in kg.g.out_edges(key, data=True)), [])
            first = first or next((d["evidence"][:1] for _, _, d in kg.g.in_edges(key, data=True)), [])
            statements.append(Statement(f"{node['name']}：{date}" if lang == "zh" else f"{node['name']}: {date}",
                                        list(first)))
        for _, place, data in kg.g.out_edges(key, data=True):
            if data["type"] == "HELD_IN":
                where = kg.g.nodes[place]["name"]
                statements.append(Statement(f"举办地：{where}" if lang == "zh" else f"Held in {where}",
                                            list(data["evidence"])))
    return statements


LABEL_NAMES = {"Region": ("地区", "region"), "Authority": ("部门", "authority"), "School": ("学校", "school"),
               "University": ("高校", "university"), "Alliance": ("联盟", "alliance"), "Event": ("活动", "event"),
               "Program": ("项目", "program"), "Person": ("人物", "person"), "Organization": ("机构", "organisation")}


def _overview(kg: KnowledgeGraph, key: str, members: set[str], lang: str) -> Statement:
    node = kg.g.nodes[key]
    degree = sum(1 for m in members for _ in kg.g.in_edges(m)) + sum(1 for m in members for _ in kg.g.out_edges(m))
    docs = sorted({m.doc for k in members for m in kg.g.nodes[k]["mentions"]})
    region = region_of(kg, key)
    place = region if region and region != node["name"] else ""
    label_zh, label_en = LABEL_NAMES.get(node["label"], (node["label"], node["label"]))
    inside = len(members) - 1
    if lang == "zh":
        text = (f"{node['name']}（{label_zh}{'，' + place if place else ''}）：图中"
                f"{f' {inside} 个下属机构与地区，' if node['label'] == 'Region' else ' '}"
                f"{degree} 条关系，见于 {len(docs)} 篇文档。")
        if node["aliases"]:
            text += f"又称{'、'.join(sorted(node['aliases']))}。"
    else:
        text = (f"{node['name']} ({label_en}{', ' + place if place else ''}): "
                f"{f'{inside} organisations and regions inside, ' if node['label'] == 'Region' else ''}"
                f"{degree} relations, {len(docs)} documents.")
    return Statement(text)


def _relations(kg: KnowledgeGraph, inside: set[str], types: tuple[str, ...], lang: str) -> list[Statement]:
    statements = []
    for src, dst, data in sorted(kg.relations(), key=lambda r: (r[2]["type"], kg.g.nodes[r[0]]["name"])):
        if data["type"] not in types or not ({src, dst} & inside):
            continue
        a, b = kg.g.nodes[src]["name"], kg.g.nodes[dst]["name"]
        other = dst if src in inside else src
        region = region_of(kg, other)
        where = f"（{region}）" if lang == "zh" and region else (f" ({region})" if region else "")
        if data["type"] == "PARTNERS_WITH":
            word = KIND_WORDS[lang].get(data["properties"].get("kind", ""), KIND_WORDS[lang][""])
            text = f"{a} 与 {b}{where} {word}" if lang == "zh" else f"{a} {word} {b}{where}"
        else:
            role = data["properties"].get("role") or ROLE_WORDS[lang][data["type"]]
            text = f"{a} {role} {b}{where}" if lang == "zh" else f"{a} {role} {b}{where}"
        statements.append(Statement(text, list(data["evidence"])))
    return statements


def _events(kg: KnowledgeGraph, inside: set[str], lang: str) -> list[Statement]:
    rows: list[tuple[str, Statement]] = []
    for src, dst, data in kg.relations():
        if data["type"] not in ("ORGANIZED", "HOSTED", "PARTICIPATED_IN", "HELD_IN"):
            continue
        event, actor = (dst, src) if data["type"] != "HELD_IN" else (src, dst)
        if actor not in inside:
            continue
        node = kg.g.nodes[event]
        date = node["properties"].get("date") or node["properties"].get("date_text") or ("日期不详" if lang == "zh"
                                                                                         else "undated")
        who = kg.g.nodes[actor]["name"]
        if data["type"] == "HELD_IN":
            text = (f"{date}：{node['name']} 在 {who} 举办" if lang == "zh"
                    else f"{date}: {node['name']}, held in {who}")
        else:
            role = ROLE_WORDS[lang][data["type"]]
            text = f"{date}：{who} {role} {node['name']}" if lang == "zh" else f"{date}: {who} {role} {node['name']}"
        rows.append((node["properties"].get("date") or "9999", Statement(text, list(data["evidence"]))))
    return [st for _, st in sorted(rows, key=lambda r: (r[0], r[1].text))]


def _reach(kg: KnowledgeGraph, inside: set[str], lang: str) -> list[Statement]:
    """Regions outside the subject's own that its partners, alliances and events reach."""
    home = {region_of(kg, k) for k in inside} - {""}
    reached: dict[str, list[Evidence]] = {}
    for src, dst, data in kg.relations():
        if data["type"] in ("LOCATED_IN", "PART_OF", "HELD_IN") or not ({src, dst} & inside):
            continue
        other = dst if src in inside else src
        region = region_of(kg, other)
        if region and region not in home:
            reached.setdefault(region, []).extend(data["evidence"][:1])
    if not reached:
        return []
    names = "、".join(sorted(reached)) if lang == "zh" else ", ".join(sorted(reached))
    text = (f"合作与活动涉及 {len(reached)} 个其他地区：{names}" if lang == "zh"
            else f"Partnerships and events reach {len(reached)} other regions: {names}")
    return [Statement(text, [ev for evs in reached.values() for ev in evs[:1]])]


def _numbers(kg: KnowledgeGraph, inside: set[str], lang: str) -> list[Statement]:
    statements = []
    for key in sorted(inside):
        for fact in kg.g.nodes[key]["properties"].get("facts", []):
            who = kg.g.nodes[key]["name"]
            statements.append(Statement(f"{who}：{fact['text']}" if lang == "zh" else f"{who}: {fact['text']}",
                                        [Evidence(fact["doc"], fact["sentence"], 0)]))
    return statements


def _ties(kg: KnowledgeGraph, members: dict[str, set[str]], lang: str) -> list[Statement]:
    """Relations whose two ends belong to two different members of the group, and shared neighbours."""
    owner = {k: m for m, ks in members.items() for k in ks}
    statements = []
    for src, dst, data in kg.relations():
        if src in owner and dst in owner and owner[src] != owner[dst]:
            a, b = kg.g.nodes[src]["name"], kg.g.nodes[dst]["name"]
            word = ROLE_WORDS[lang].get(data["type"]) or KIND_WORDS[lang].get(data["properties"].get("kind", ""), "")
            statements.append(Statement(f"{a} {word} {b}", list(data["evidence"])))
    shared: dict[str, set[str]] = {}
    evidence: dict[str, list[Evidence]] = {}
    for src, dst, data in kg.relations():
        for mine, other in ((src, dst), (dst, src)):
            if mine in owner and other not in owner and kg.g.nodes[other]["label"] in ("Event", "Alliance", "Program"):
                shared.setdefault(other, set()).add(owner[mine])
                evidence.setdefault(other, []).extend(data["evidence"][:1])
    for other, groups in sorted(shared.items()):
        if len(groups) > 1:
            names = "、".join(sorted(kg.g.nodes[g]["name"] for g in groups))
            name = kg.g.nodes[other]["name"]
            text = f"{names} 共同关联 {name}" if lang == "zh" else f"{names} share {name}"
            statements.append(Statement(text, evidence[other]))
    return statements
