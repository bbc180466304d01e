"""The library of named, parameterised Cypher queries a coordinator needs.

Each query is written in the Cypher that both FalkorDB and Neo4j accept (see docs/cypher-dialect.md):
no `=~`, no EXISTS subqueries, degree as `count(*)`. An entity is found by its name or any of its
aliases (`$name IN n.aliases`). A query whose Cypher cannot be fast on a city's graph names a `runner`
that answers it through the store in several small queries (`connection`: queries/paths.py); `run_named`
is how every caller runs a library query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph.store import GraphStore, QueryResult
from queries import paths


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    default: Any = None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    cypher: str
    params: tuple[Param, ...] = field(default_factory=tuple)
    runner: Callable[[GraphStore, dict[str, Any]], QueryResult] | None = None

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters with defaults filled in; a missing required one raises KeyError naming it."""
        unknown = set(given) - {p.name for p in self.params}
        if unknown:
            raise KeyError(f"unknown parameter(s) {', '.join(sorted(unknown))} for {self.name}")
        bound = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = given[p.name]
            elif p.default is not None:
                bound[p.name] = p.default
            else:
                raise KeyError(f"{self.name} needs --param {p.name}=… ({p.description})")
        return bound


NAME = Param("name", "organisation name or alias")
REGION = Param("region", "region name, e.g. 武清区")
LIMIT = Param("limit", "maximum rows", 50)
FROM = Param("from", "first date, e.g. 2020 or 2024-01", "0000")
TO = Param("to", "last date, e.g. 2025-12", "9999")

# An organisation in a region: located there, or in a region that is part of it (up to 3 levels).
IN_REGION = "(x)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(r:Region)"
# `WITH a` makes FalkorDB start from the entity found, not from a scan of the other end's label
MATCH_NAMED = "MATCH (a) WHERE a.name = $name OR $name IN a.aliases WITH a"

QUERIES: tuple[NamedQuery, ...] = (
    NamedQuery(
        "entity", "查找实体", "Find an entity",
        "按名称或别名查找实体：类型、别名、属性与来源文档。",
        "An entity by name or alias: label, aliases, properties and source documents.",
        f"{MATCH_NAMED} RETURN a.name AS name, labels(a)[0] AS label, a.aliases AS aliases, "
        "a.region AS region, a.kind AS kind, a.date AS date, a.sources AS sources",
        (NAME,)),
    NamedQuery(
        "partners", "合作伙伴", "Partners of an organisation",
        "某机构的全部合作关系（共建、结对、交流、帮扶、委托管理）及证据句。",
        "Every partnership of an organisation (co-build, pairing, exchange, support, entrusted) with evidence.",
        f"{MATCH_NAMED} MATCH (a)-[r:PARTNERS_WITH]-(b) "
        "RETURN b.name AS partner, labels(b)[0] AS label, r.kind AS kind, r.docs AS docs, r.sentences AS evidence "
        "ORDER BY partner LIMIT $limit",
        (NAME, LIMIT)),
    NamedQuery(
        "partnerships_between_regions", "两地之间的合作", "Partnerships between two regions",
        "甲地机构与乙地机构之间的合作关系。",
        "Partnerships between organisations located in region A and organisations located in region B.",
        "MATCH (x)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(ra:Region) WHERE ra.name = $region_a "
        "MATCH (y)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(rb:Region) WHERE rb.name = $region_b "
        "MATCH (x)-[r:PARTNERS_WITH]-(y) "
        "RETURN DISTINCT x.name AS a, y.name AS b, r.kind AS kind, r.docs AS docs, r.sentences AS evidence "
        "LIMIT $limit",
        (Param("region_a", "first region"), Param("region_b", "second region"), LIMIT)),
    NamedQuery(
        "alliance_members", "联盟成员与牵头单位", "Members and lead of an alliance",
        "联盟、共同体或教育集团的成员、牵头单位及其角色。",
        "Members of an alliance, community or education group, and who leads it.",
        "MATCH (a:Alliance) WHERE a.name = $name OR $name IN a.aliases "
        "OPTIONAL MATCH (m)-[:MEMBER_OF]->(a) WITH a, collect(DISTINCT m.name) AS members "
        "OPTIONAL MATCH (l)-[lead:LEADS]->(a) "
        "RETURN a.name AS alliance, members, collect(DISTINCT l.name) AS leads, collect(DISTINCT lead.role) AS roles",
        (NAME,)),
    NamedQuery(
        "alliances_of_region", "地区参与的联盟", "Alliances of a region",
        "某地区或其机构参与、牵头的联盟与共同体。",
        "Alliances a region, or organisations in it, belong to or lead.",
        "MATCH (r:Region) WHERE r.name = $region OR $region IN r.aliases "
        "MATCH (sub:Region)-[:PART_OF*0..3]->(r) "
        "OPTIONAL MATCH (o)-[:LOCATED_IN]->(sub) "
        "WITH collect(DISTINCT o) + collect(DISTINCT sub) AS inside "
        "UNWIND inside AS m "
        "MATCH (m)-[:MEMBER_OF|LEADS]->(al:Alliance) "
        "RETURN al.name AS alliance, collect(DISTINCT m.name) AS through ORDER BY alliance",
        (REGION,)),
    NamedQuery(
        "events_in_region", "地区活动", "Events in a region and period",
        "在某地区举办（或由该地区机构组织）的活动，可按日期筛选。",
        "Events held in a region, or organised by organisations there, optionally within a period.",
        "MATCH (r:Region) WHERE r.name = $region OR $region IN r.aliases "
        "MATCH (sub:Region)-[:PART_OF*0..3]->(r) "
        "OPTIONAL MATCH (held:Event)-[:HELD_IN]->(sub) "
        "OPTIONAL MATCH (own:Event)<-[:ORGANIZED|HOSTED]-()-[:LOCATED_IN]->(sub) "
        "WITH collect(DISTINCT held) + collect(DISTINCT own) AS events "
        "UNWIND events AS e "
        "WITH DISTINCT e WHERE coalesce(e.date, '') = '' OR (e.date >= $from AND e.date <= $to) "
        "RETURN e.name AS event, e.date AS date, e.kind AS kind, e.sources AS docs ORDER BY date",
        (REGION, FROM, TO)),
    NamedQuery(
        "event_roles", "活动的主办、承办与参与方", "Who organised, hosted and attended an event",
        "某活动的主办、承办、参与单位与举办地。",
        "Organisers, hosts, participants and place of an event.",
        "MATCH (a:Event) WHERE a.name = $name OR $name IN a.aliases WITH a MATCH (a)-[r]-(x) "
        "RETURN type(r) AS role, x.name AS who, labels(x)[0] AS label, r.docs AS docs, r.sentences AS evidence "
        "ORDER BY role",
        (NAME,)),
    NamedQuery(
        "connection", "两个机构之间的最短联系", "Shortest connection between two organisations",
        "两个实体之间最短的关系路径（不超过 6 步）。",
        "The shortest chain of relations between two entities (at most 6 steps).",
        "MATCH (a) WHERE a.name = $a OR $a IN a.aliases "
        "MATCH (b) WHERE b.name = $b OR $b IN b.aliases "
        "MATCH p = shortestPath((a)-[*..6]-(b)) "
        "RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS relations, length(p) AS steps "
        "LIMIT 1",
        (Param("a", "first entity"), Param("b", "second entity")), runner=paths.connection),
    NamedQuery(
        "most_connected", "地区内联系最多的机构", "Most connected organisations in a region",
        "某地区内关系最多的机构（按度数排序）。",
        "Organisations in a region ranked by how many relations they have.",
        f"MATCH (r:Region) WHERE r.name = $region OR $region IN r.aliases "
        f"MATCH {IN_REGION} MATCH (x)-[]-() "
        "RETURN x.name AS organisation, labels(x)[0] AS label, count(*) AS degree ORDER BY degree DESC LIMIT $limit",
        (REGION, LIMIT)),
    NamedQuery(
        "universities_with_schools", "高校与中小学、教育部门的共建", "Universities co-building with schools",
        "高校与中小学或教育行政部门之间的共建、合作关系。",
        "Universities partnering with schools or education authorities.",
        "MATCH (u:University) WITH u MATCH (u)-[r:PARTNERS_WITH]-(s) WHERE s:School OR s:Authority "
        "RETURN u.name AS university, s.name AS partner, labels(s)[0] AS label, r.kind AS kind, "
        "r.docs AS docs, r.sentences AS evidence ORDER BY university LIMIT $limit",
        (LIMIT,)),
    NamedQuery(
        "programs", "项目与实施单位", "Programs and who runs them",
        "各项工程、计划、行动及实施或牵头单位。",
        "Programs, projects and plans, with who runs or leads them.",
        "MATCH (p:Program) OPTIONAL MATCH (x)-[r:RUNS|LEADS]->(p) "
        "RETURN p.name AS program, collect(DISTINCT x.name) AS run_by, p.sources AS docs ORDER BY program LIMIT $limit",
        (LIMIT,)),
    NamedQuery(
        "cross_region_ties_by_year", "跨地区联系（按年份）", "Cross-region ties by year",
        "不同地区的机构通过同一活动或合作关系产生的联系，按年份统计。",
        "Ties between organisations of different regions through a shared event, counted by the event's year.",
        # event_tie_*: counted at build time on the region whose name sorts first (graph/store.py)
        "MATCH (r:Region) WHERE size(r.event_tie_regions) > 0 "
        "UNWIND range(0, size(r.event_tie_regions) - 1) AS i "
        "RETURN r.event_tie_years[i] AS year, r.name AS region_a, r.event_tie_regions[i] AS region_b, "
        "r.event_tie_counts[i] AS events ORDER BY year, events DESC, region_a, region_b LIMIT $limit",
        (LIMIT,)),
    NamedQuery(
        "region_ties", "地区间联系矩阵", "Ties between regions",
        "不同地区机构之间的合作与共同活动数量。",
        "How many partnerships, memberships and leads link organisations of two regions.",
        # tied_regions, tie_counts: counted at build time on the region whose name sorts first (graph/store.py)
        "MATCH (r:Region) WHERE size(r.tied_regions) > 0 UNWIND range(0, size(r.tied_regions) - 1) AS i "
        "RETURN r.name AS region_a, r.tied_regions[i] AS region_b, r.tie_counts[i] AS ties "
        "ORDER BY ties DESC, region_a, region_b LIMIT $limit",
        (LIMIT,)),
    NamedQuery(
        "organisations_in_region", "地区内的机构", "Organisations in a region",
        "位于某地区（含下辖地区）的学校、高校、部门与其他机构。",
        "Schools, universities, authorities and other organisations located in a region or below it.",
        f"MATCH (r:Region) WHERE r.name = $region OR $region IN r.aliases MATCH {IN_REGION} "
        "RETURN DISTINCT x.name AS organisation, labels(x)[0] AS label ORDER BY label, organisation LIMIT $limit",
        (REGION, LIMIT)),
    NamedQuery(
        "sub_regions", "下辖地区与区域成员", "Parts of a region or zone",
        "某地区的下辖地区，或区域（如京津冀）的成员。",
        "The districts of a region, or the members of a named zone such as 京津冀.",
        "MATCH (r:Region) WHERE r.name = $region OR $region IN r.aliases "
        "MATCH (s:Region)-[:PART_OF*1..3]->(r) RETURN DISTINCT s.name AS part, s.level AS level ORDER BY part",
        (REGION,)),
    NamedQuery(
        "people", "人物与职务", "People and their roles",
        "文中提到的人物、其职务及所在机构。",
        "People named in the texts, their roles and organisations.",
        "MATCH (p:Person) OPTIONAL MATCH (p)-[r:LEADS]->(o) "
        "RETURN p.name AS person, r.role AS role, o.name AS organisation, p.sources AS docs ORDER BY person",
        ()),
    NamedQuery(
        "events_of", "机构参与的活动", "Events of an organisation",
        "某机构主办、承办或参加的活动，按日期排序。",
        "Events an organisation organised, hosted or attended, by date.",
        f"{MATCH_NAMED} MATCH (a)-[r:ORGANIZED|HOSTED|PARTICIPATED_IN]->(e:Event) "
        "WHERE coalesce(e.date, '') = '' OR (e.date >= $from AND e.date <= $to) "
        "RETURN e.name AS event, type(r) AS role, e.date AS date, r.docs AS docs, r.sentences AS evidence "
        "ORDER BY date",
        (NAME, FROM, TO)),
    NamedQuery(
        "neighbourhood", "一步关系", "Direct relations of an entity",
        "某实体的全部直接关系及证据。",
        "All direct relations of an entity with their evidence.",
        f"{MATCH_NAMED} MATCH (a)-[r]-(b) "
        "RETURN type(r) AS relation, b.name AS other, labels(b)[0] AS label, r.docs AS docs, r.sentences AS evidence "
        "LIMIT $limit",
        (NAME, LIMIT)),
    NamedQuery(
        "counts_by_label", "各类实体数量", "Entities by label",
        "图中每类实体的数量。", "How many entities of each label the graph holds.",
        "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY n DESC",
        ()),
)

BY_NAME = {q.name: q for q in QUERIES}


def run_named(store: GraphStore, query: NamedQuery, params: dict[str, Any]) -> QueryResult:
    """A library query's rows with bound `params`: through its runner when it has one, else its Cypher."""
    if query.runner is not None:
        return query.runner(store, params)
    return store.query(query.cypher, params)
