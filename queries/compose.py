"""Compose the read-only Cypher that answers a read question (queries/understand.py).

Every query is built from fixed pieces: a subject clause (a region stands for itself, its
sub-regions and every organisation located in them, through PART_OF and LOCATED_IN), one
relation pattern per ask, an optional filter on the answer's label, on a region the answers
must lie in and on a period, and one RETURN shape: name, label, relation, role or kind, through
(the subject's organisation the tie runs through), date, docs and evidence. Names travel as
parameters; labels and relation types come only from the fixed lists below. The query passes the
read-only guard before it runs, and `inline` gives the same query with its values written in, to
show and to paste into the console.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from graph.model import LABELS, RELATION_TYPES
from queries.guard import check_read_only
from queries.understand import Named, Reading

ROW_LIMIT = 300
ORGANISATIONS = ("School", "University", "Authority", "Alliance", "Organization")
RETURNS = ("y.name AS name, labels(y)[0] AS label, type(r) AS relation, coalesce(r.role, r.kind, '') AS role, "
           "x.name AS through, y.date AS date, r.docs AS docs, r.sentences AS evidence")
# ask -> (relation types, direction from the subject: out, in or both, labels the answer must have)
PATTERNS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "partners": (("PARTNERS_WITH",), "both", ()),
    "attendees": (("PARTICIPATED_IN",), "in", ()),
    "organisers": (("ORGANIZED",), "in", ()),
    "hosts": (("HOSTED", "HELD_IN"), "both", ORGANISATIONS),
    "place": (("HELD_IN",), "out", ()),
    "roles": (("ORGANIZED", "HOSTED", "PARTICIPATED_IN", "HELD_IN", "LEADS"), "both", ()),
    "head": (("LEADS",), "in", ("Person",)),
    "person": (("LEADS", "PARTICIPATED_IN", "ORGANIZED", "HOSTED", "MEMBER_OF", "PARTNERS_WITH"), "both", ()),
    "members_of": (("MEMBER_OF", "LEADS"), "in", ()),
    "alliances_of": (("MEMBER_OF", "LEADS"), "out", ("Alliance",)),
    "lead_of": (("LEADS",), "in", ()),
    "event_lead": (("LEADS", "ORGANIZED"), "in", ()),
    "leads": (("LEADS",), "out", ("Alliance", "Program", "Event") + ORGANISATIONS),
    "runners": (("RUNS", "LEADS"), "in", ()),
    "programs_of": (("RUNS", "LEADS"), "out", ("Program",)),
    "events_of": (("ORGANIZED", "HOSTED", "PARTICIPATED_IN", "HELD_IN", "LEADS"), "both", ("Event",)),
    "entity": ((), "both", ()),
}


@dataclass
class Plan:
    """A composed query: Cypher with $parameters, their values, and what the rows are."""

    ask: str
    pattern: str
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)

    def inline(self) -> str:
        """The query with its parameter values written in as literals (runnable as is in the console)."""
        text = self.cypher
        for name in sorted(self.params, key=len, reverse=True):
            text = text.replace(f"${name}", literal(self.params[name]))
        return text


def literal(value: Any) -> str:
    """A Cypher literal for a string, number or list of them; quotes and backslashes escaped."""
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return json.dumps(value)


def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label}")
    return label


def _types(types: tuple[str, ...]) -> str:
    unknown = set(types) - set(RELATION_TYPES)
    if unknown:
        raise ValueError(f"unknown relation types {unknown}")
    return ":" + "|".join(types) if types else ""


def subject_clause(subject: Named, param: str = "name") -> str:
    """Binds `x` to the subject, or for a region to each of its sub-regions and organisations."""
    if subject.label == "Region":
        return (f"MATCH (s:Region {{name: ${param}}}) MATCH (sub:Region)-[:PART_OF*0..3]->(s) "
                "OPTIONAL MATCH (o)-[:LOCATED_IN]->(sub) "
                "WITH collect(DISTINCT o) + collect(DISTINCT sub) AS inside UNWIND inside AS x")
    return f"MATCH (x:{_label(subject.label)} {{name: ${param}}})"


def answer_filters(reading: Reading, labels: tuple[str, ...], params: dict[str, Any]) -> list[str]:
    """WHERE conditions on the answer `y`: its label (and alliance kind), a region it lies in, a period."""
    conditions = []
    wanted = (reading.label,) if reading.label and (not labels or reading.label in labels) else labels
    if wanted:
        conditions.append("(" + " OR ".join(f"y:{_label(lab)}" for lab in wanted) + ")")
    if reading.label and reading.kind:  # 教育集团, 小学: the SCHEMA kind, or the word in the name
        params["kind"], params["kind_word"] = reading.kind, reading.type_word
        conditions.append("(y.kind = $kind OR y.name CONTAINS $kind_word)")
    if reading.within:
        params["within"] = reading.within.name
        conditions.append("((y)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(:Region {name: $within}) "
                          "OR (y:Region AND (y)-[:PART_OF*0..3]->(:Region {name: $within})) "
                          "OR (y:Person AND (y)-[:LEADS]->()-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->"
                          "(:Region {name: $within})))")
    return conditions


def period_filter(reading: Reading, var: str, params: dict[str, Any]) -> list[str]:
    """Dated within the period, or undated (the answer marks those: a work plan names events without dates)."""
    if not reading.period:
        return []
    params["from"], params["to"] = reading.period
    return [f"(coalesce({var}.date, '') = '' OR ({var}.date >= $from AND {var}.date <= $to))"]


def related(reading: Reading, pattern: str, title: str = "") -> Plan:
    """The entities tied to the subject by one pattern of PATTERNS, filtered as the reading says."""
    types, direction, labels = PATTERNS[pattern]
    subject = reading.subject
    params: dict[str, Any] = {"name": subject.name}
    namesakes = pattern == "lead_of" and bool(reading.namesakes)  # 海曙月湖教育集团: its namesake member leads it
    if namesakes:
        types = ("LEADS", "MEMBER_OF")
    arrow = {"out": "-[r{t}]->", "in": "<-[r{t}]-", "both": "-[r{t}]-"}[direction].format(t=_types(types))
    conditions = answer_filters(reading, labels, params)
    if namesakes:
        params["namesakes"] = list(reading.namesakes)
        conditions.append("(type(r) = 'LEADS' OR y.name IN $namesakes)")
    if pattern == "events_of":
        conditions += period_filter(reading, "y", params)
    if title:
        params["title"] = title
        conditions.append("r.role CONTAINS $title")
    if pattern == "entity" or subject.label == "Region":
        conditions.append("NOT type(r) IN ['LOCATED_IN', 'PART_OF']")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    cypher = (f"{subject_clause(subject)} MATCH (x){arrow}(y){where} "
              f"RETURN DISTINCT {RETURNS} ORDER BY date, name LIMIT {ROW_LIMIT}")
    return Plan(reading.ask, pattern, cypher, params)


def in_region(reading: Reading) -> Plan:
    """What lies in a region (and the alliances its organisations belong to), of the label asked for."""
    params: dict[str, Any] = {"name": reading.subject.name}
    conditions = answer_filters(reading, (), params)
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    located = ("MATCH (s:Region {name: $name}) MATCH (sub:Region)-[:PART_OF*0..3]->(s) "
               f"MATCH (y)-[r:LOCATED_IN]->(sub){where} WITH y, r, sub AS x "
               f"RETURN DISTINCT {RETURNS}")
    if reading.label not in (None, "Alliance"):
        return Plan(reading.ask, "in_region", f"{located} ORDER BY name LIMIT {ROW_LIMIT}", params)
    joined = ("MATCH (s:Region {name: $name}) MATCH (sub:Region)-[:PART_OF*0..3]->(s) "
              f"MATCH (x)-[:LOCATED_IN]->(sub) MATCH (x)-[r:MEMBER_OF|LEADS]->(y:Alliance){where} "
              f"RETURN DISTINCT {RETURNS}")
    return Plan(reading.ask, "in_region", f"{located} UNION {joined}", params)


def events_in_period(reading: Reading) -> Plan:
    """Every event dated within the question's period (2024年1月有什么活动), with the sentences tying it in."""
    params: dict[str, Any] = {"from": reading.period[0], "to": reading.period[1]}
    cypher = ("MATCH (y:Event) WHERE y.date >= $from AND y.date <= $to OPTIONAL MATCH (y)-[r]-(x) "
              f"RETURN DISTINCT {RETURNS} ORDER BY date, name LIMIT {ROW_LIMIT}")
    return Plan(reading.ask, "events_in_period", cypher, params)


def sub_regions(reading: Reading) -> Plan:
    """The regions a region is made of (a zone's members, a city's districts), each with its sentence."""
    cypher = ("MATCH (s:Region {name: $name}) MATCH (y:Region)-[r:PART_OF]->(s) WITH y, r, s AS x "
              f"RETURN DISTINCT {RETURNS} ORDER BY name LIMIT {ROW_LIMIT}")
    return Plan(reading.ask, "sub_regions", cypher, {"name": reading.subject.name})


def between(reading: Reading) -> Plan:
    """Ties between two parties (a region standing for its organisations): their direct relations, and
    the events, alliances and programs both take part in (an agreement signed together, a group both
    belong to). A type word narrows the first party ("鱼峰区有哪些学校和河池的学校结对"), and then the rows name
    that party's entities, each with the partner it is tied to."""
    a, b = reading.named[0], reading.named[1]
    params: dict[str, Any] = {"a": a.name, "b": b.name}
    both_sides = (f"{_side(a, 'a', 'A')} WITH collect(DISTINCT a) AS A "
                  f"{_side(b, 'b', 'B', carry='A')} WITH A, [n IN collect(DISTINCT b) | n.id] AS bids UNWIND A AS x")
    narrowed = bool(reading.label and reading.label != "Region")
    narrow = f" AND x:{_label(reading.label)}" if narrowed else ""
    sides = "x.name AS name, labels(x)[0] AS label" if narrowed else "x.name AS a"
    other = "y.name AS partner" if narrowed else "y.name AS b"
    direct = (f"{both_sides} MATCH (x)-[r]-(y) WHERE y.id IN bids AND x.id <> y.id{narrow} "
              "AND NOT type(r) IN ['LOCATED_IN', 'PART_OF'] "
              f"RETURN {sides}, type(r) AS relation, coalesce(r.kind, r.role, '') AS role, "
              f"'' AS through, {other}, r.docs AS docs, r.sentences AS evidence")
    shared = (f"{both_sides} MATCH (x)-[r1]-(m)-[r2]-(y) WHERE y.id IN bids AND x.id <> y.id{narrow} "
              "AND NOT x.id IN bids AND (m:Event OR m:Alliance OR m:Program) "
              f"RETURN {sides}, type(r1) + '/' + type(r2) AS relation, '' AS role, m.name AS through, "
              f"{other}, r1.docs + r2.docs AS docs, r1.sentences + r2.sentences AS evidence")
    return Plan("between", "between_side" if narrowed else "between", f"{direct} UNION {shared}", params)


def _side(named: Named, param: str, var: str, carry: str = "") -> str:
    """Binds `param`-named nodes for one side: the entity, or a region's sub-regions and organisations."""
    keep = f"{carry}, " if carry else ""
    if named.label != "Region":
        return f"{'WITH ' + carry + ' ' if carry else ''}MATCH ({param}:{_label(named.label)} {{name: ${param}}})"
    return (f"{'WITH ' + carry + ' ' if carry else ''}MATCH (s{var}:Region {{name: ${param}}}) "
            f"MATCH (sub{var}:Region)-[:PART_OF*0..3]->(s{var}) OPTIONAL MATCH (o{var})-[:LOCATED_IN]->(sub{var}) "
            f"WITH {keep}collect(DISTINCT o{var}) + collect(DISTINCT sub{var}) AS {var}s UNWIND {var}s AS {param}")


def event_facts(reading: Reading) -> Plan:
    """An event's date and place, with the sentences that put it in the graph."""
    cypher = ("MATCH (y:Event {name: $name}) OPTIONAL MATCH (y)-[r]-(x) "
              f"RETURN DISTINCT {RETURNS} LIMIT {ROW_LIMIT}")
    return Plan(reading.ask, "date", cypher, {"name": reading.subject.name})


def plan(reading: Reading) -> Plan | None:
    """The query for a reading, or None when the ask needs something the question does not name."""
    subject = reading.subject
    label = subject.label if subject else None
    ask = reading.ask
    chosen: Plan | None
    if subject is None:  # 2024年1月有什么活动: a period alone asks for its events; nothing else is answerable
        if ask != "events" or not reading.period:
            return None
        chosen = events_in_period(reading)
    elif ask == "between" and len(reading.named) >= 2:
        chosen = between(reading)  # pattern between, or between_side when a type word narrows the first party
    elif ask in ("in_region", "counts") and label == "Region":
        chosen = in_region(reading) if reading.label != "Event" else related(reading, "events_of")
    elif ask in ("partners", "attendees", "organisers", "hosts", "place", "roles", "person", "entity"):
        chosen = related(reading, ask)
    elif ask == "head":
        chosen = related(reading, "head", reading.title)
    elif ask == "date":
        chosen = event_facts(reading)
    elif ask == "members":  # 通武廊由哪几个区县组成: a region's members are the regions in it
        regions = label == "Region" and reading.label == "Region"
        chosen = sub_regions(reading) if regions else related(reading, "members_of" if label == "Alliance"
                                                               else "alliances_of")
    elif ask == "lead":
        inward = {"Alliance": "lead_of", "Program": "runners", "Event": "event_lead"}
        chosen = related(reading, inward.get(label, "leads"))
    elif ask == "programs":
        chosen = related(reading, "runners" if label == "Program" else "programs_of")
    elif ask in ("events", "in_region", "counts"):
        chosen = related(reading, "events_of" if label != "Event" else "roles")
    else:
        return None
    check_read_only(chosen.cypher)
    return chosen


def relaxed(reading: Reading) -> Reading | None:
    """The same reading with its narrowest filter dropped, for a second try when nothing matched."""
    if reading.within:
        return _copy(reading, filter_region="")
    if reading.title:
        return _copy(reading, title="")
    if reading.label:
        return _copy(reading, label=None, kind=None, type_word="")
    if reading.period:
        return _copy(reading, period=None)
    return None


def _copy(reading: Reading, **changes: Any) -> Reading:
    from dataclasses import replace

    return replace(reading, **changes)
