"""Synthetic graphs with the domain's shape, for benchmarks: ~80 % schools, 15 % events, ~10 relations per node.

Regions are real districts, cities and provinces from data/gazetteer/regions.tsv with their PART_OF
hierarchy; schools, authorities and universities are LOCATED_IN a district; events are HELD_IN one and
ORGANIZED by an organisation; schools mostly partner, join alliances and attend events near home.
Every relation carries one evidence sentence. `make_graph` gives arrays (cheap even at 1M nodes / 10M
edges); `to_kg` turns them into a KnowledgeGraph, `store_rows` into rows for graph.falkor.load_rows.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from graph.model import Evidence, KnowledgeGraph, Mention

ROOT = Path(__file__).resolve().parent.parent
GIVEN = "阳光实验育才新华朝阳启明博文红星明德光明东风和平胜利建设友谊春晖桃李文昌振华崇文尚德"
SCHOOL_SUFFIXES = ("小学", "中学", "实验学校", "第一中学", "幼儿园", "职业学校", "外国语学校", "附属小学")
AUTHORITY_SUFFIXES = ("教育局", "教研室", "教师发展中心", "教育督导室", "招生考试中心")
EVENT_KINDS = ("研讨会", "推进会", "交流会", "论坛", "现场会", "培训会", "开放日")
TOPICS = ("基础教育", "集团化办学", "教研协作", "思政课", "课后服务", "劳动教育", "智慧教育", "心理健康")
KINDS = ("pairing", "co-build", "support", "exchange", "entrusted", "")
VERBS = {"PARTNERS_WITH": "结对帮扶", "MEMBER_OF": "加入", "PARTICIPATED_IN": "参加", "ORGANIZED": "举办",
         "HELD_IN": "在…召开", "LOCATED_IN": "位于", "PART_OF": "隶属", "RUNS": "实施", "LEADS": "牵头",
         "HOSTED": "承办"}
TYPES = tuple(VERBS)
SHARES = {"Event": 0.15, "Authority": 0.01, "University": 0.005, "Alliance": 0.01, "Program": 0.01,
          "Person": 0.005}  # the rest: Region (~1 %, capped by the gazetteer) and School


@dataclass
class SynthGraph:
    """Nodes as parallel lists, relations as parallel arrays (type as an index into TYPES)."""

    labels: list[str]
    names: list[str]
    dates: dict[int, str]
    src: np.ndarray
    dst: np.ndarray
    type: np.ndarray
    kind: np.ndarray

    @property
    def n_edges(self) -> int:
        return len(self.src)

    def key(self, i: int) -> str:
        return "e" + hashlib.sha1(f"{self.labels[i]}:{self.names[i]}".encode()).hexdigest()[:12]

    def of_label(self, label: str) -> list[int]:
        return [i for i, lab in enumerate(self.labels) if lab == label]


def _regions(limit: int) -> list[tuple[str, str, str]]:
    """(name, level, parent) of up to `limit` real regions, parents before children."""
    with (ROOT / "data" / "gazetteer" / "regions.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["level"] in ("province", "city", "district")]
    rank = {"province": 0, "city": 1, "district": 2}
    rows.sort(key=lambda r: rank[r["level"]])
    keep = [r for r in rows if r["level"] != "district"][: max(limit // 10, 1)]
    names = {r["name"] for r in keep}
    keep += [r for r in rows if r["level"] == "district" and r["parent"] in names][: limit - len(keep)]
    return [(r["name"], r["level"], r["parent"]) for r in keep]


def make_graph(n: int, seed: int = 8) -> SynthGraph:
    """A graph of about `n` nodes and 10 n relations, the same for the same n and seed."""
    rng = np.random.default_rng(seed)
    regions = _regions(max(n // 100, 10))
    labels = ["Region"] * len(regions)
    names = [r[0] for r in regions]
    counts = {label: max(int(n * share), 1) for label, share in SHARES.items()}
    counts["School"] = n - len(regions) - sum(counts.values())
    for label in ("School", "Authority", "University", "Alliance", "Program", "Event", "Person"):
        labels += [label] * counts[label]
    idx = {label: np.array([i for i, lab in enumerate(labels) if lab == label]) for label in set(labels)}
    region_ids = np.arange(len(regions))
    districts = np.array([i for i, r in enumerate(regions) if r[1] == "district"] or region_ids)
    home = np.full(len(labels), -1)  # the district a node is in
    home[len(regions):] = rng.choice(districts, len(labels) - len(regions))
    seen = set(names)
    dates: dict[int, str] = {}
    for i in range(len(regions), len(labels)):
        names.append(_name(labels[i], names[home[i]], i, rng, seen))
        if labels[i] == "Event":
            dates[i] = f"{rng.integers(2015, 2026)}-{rng.integers(1, 13):02d}"
    region_index = {r[0]: i for i, r in enumerate(regions)}
    parts = [(i, region_index[r[2]]) for i, r in enumerate(regions) if r[2] in region_index]
    edges: list[tuple[np.ndarray, np.ndarray, str]] = [
        (np.array([p[0] for p in parts]), np.array([p[1] for p in parts]), "PART_OF")]
    placed = np.concatenate([idx["School"], idx["Authority"], idx["University"]])
    edges.append((placed, home[placed], "LOCATED_IN"))
    events = idx["Event"]
    edges.append((events, home[events], "HELD_IN"))
    organisers = np.concatenate([idx["Authority"], idx["School"][: len(idx["School"]) // 10], idx["University"]])
    edges.append((_near(rng, organisers, events, home, len(events)), events, "ORGANIZED"))
    edges.append((rng.choice(organisers, n // 10), rng.choice(events, n // 10), "HOSTED"))
    schools = idx["School"]
    popular = _zipf(rng, len(events))
    attendees = rng.choice(schools, int(n * 4.5))
    edges.append((attendees, _near(rng, events, attendees, home, len(attendees), popular), "PARTICIPATED_IN"))
    pa = rng.choice(np.concatenate([schools, idx["Authority"], idx["University"]]), int(n * 2.5))
    edges.append((pa, _near(rng, schools, pa, home, len(pa)), "PARTNERS_WITH"))
    members = rng.choice(schools, int(n * 1.5))
    edges.append((members, rng.choice(idx["Alliance"], len(members), p=_zipf(rng, len(idx["Alliance"]))),
                  "MEMBER_OF"))
    runners = rng.choice(organisers, int(n * 0.3))
    edges.append((runners, rng.choice(idx["Program"], len(runners)), "RUNS"))
    leads = rng.choice(np.concatenate([idx["Person"], idx["Authority"]]), n // 10)
    edges.append((leads, rng.choice(np.concatenate([idx["Alliance"], schools[:1000]]), len(leads)), "LEADS"))
    src = np.concatenate([e[0] for e in edges]).astype(np.int64)
    dst = np.concatenate([e[1] for e in edges]).astype(np.int64)
    typ = np.concatenate([np.full(len(e[0]), TYPES.index(e[2]), np.int8) for e in edges])
    partner = typ == TYPES.index("PARTNERS_WITH")  # symmetric: one edge per pair
    src[partner], dst[partner] = np.minimum(src[partner], dst[partner]), np.maximum(src[partner], dst[partner])
    ok = src != dst
    src, dst, typ = src[ok], dst[ok], typ[ok]
    _, first = np.unique((src * len(labels) + dst) * len(TYPES) + typ, return_index=True)
    first.sort()
    kind = np.where(typ[first] == TYPES.index("PARTNERS_WITH"), rng.integers(0, len(KINDS), len(first)), -1)
    return SynthGraph(labels, names, dates, src[first], dst[first], typ[first], kind.astype(np.int8))


def _zipf(rng: np.random.Generator, k: int) -> np.ndarray:
    """Popularity weights: a few events and alliances draw many, most draw few."""
    weights = 1.0 / np.arange(1, k + 1) ** 0.8
    rng.shuffle(weights)
    return weights / weights.sum()


def _near(rng: np.random.Generator, pool: np.ndarray, anchors: np.ndarray, home: np.ndarray, size: int,
          p: np.ndarray | None = None) -> np.ndarray:
    """Picks from `pool`: 70 % in the anchor's district (when it has any there), else anywhere (popularity `p`)."""
    anywhere = rng.choice(pool, size, p=p)
    order = np.argsort(home[pool], kind="stable")
    by_home, pool_sorted = home[pool][order], pool[order]
    anchor_home = home[anchors[:size]] if len(anchors) >= size else home[rng.choice(anchors, size)]
    lo, hi = np.searchsorted(by_home, anchor_home), np.searchsorted(by_home, anchor_home, side="right")
    local = pool_sorted[np.minimum(lo + (rng.random(size) * (hi - lo)).astype(np.int64), len(pool) - 1)]
    use_local = (hi > lo) & (rng.random(size) < 0.7)
    return np.where(use_local, local, anywhere)


def _name(label: str, district: str, i: int, rng: np.random.Generator, seen: set[str]) -> str:
    """An invented name in the reports' style, unique in the graph."""
    given = GIVEN[rng.integers(0, len(GIVEN) - 1)] + GIVEN[rng.integers(0, len(GIVEN) - 1)]
    topic = TOPICS[i % len(TOPICS)]
    base = {
        "School": f"{district}{given}{SCHOOL_SUFFIXES[i % len(SCHOOL_SUFFIXES)]}",
        "Authority": f"{district}{AUTHORITY_SUFFIXES[i % len(AUTHORITY_SUFFIXES)]}",
        "University": f"{district[:2]}{given}大学",
        "Alliance": f"{district}{topic}{given}教育联盟",
        "Program": f"“{given}{topic}”工程",
        "Event": f"{district}{topic}{EVENT_KINDS[i % len(EVENT_KINDS)]}",
        "Person": f"{'王李张刘陈杨赵黄'[i % 8]}{given}",
    }[label]
    name, k = base, 1
    while name in seen:
        k += 1
        name = f"{base}（{k}）" if label in ("Person", "Program") else f"第{k}届{base}" if label == "Event" else (
            f"{base[:-2]}{k}{base[-2:]}")
    seen.add(name)
    return name


def to_kg(g: SynthGraph) -> KnowledgeGraph:
    """The graph as a KnowledgeGraph (networkx), as a build would make it."""
    kg = KnowledgeGraph()
    keys = [g.key(i) for i in range(len(g.names))]
    kg.g.add_nodes_from(
        (keys[i], {"name": g.names[i], "label": g.labels[i], "aliases": set(),
                   "properties": {"date": g.dates[i]} if i in g.dates else {},
                   "mentions": [Mention(f"synth_{i % 997:03d}", 0, len(g.names[i]))]})
        for i in range(len(g.names)))
    src, dst, typ, kind = g.src.tolist(), g.dst.tolist(), g.type.tolist(), g.kind.tolist()
    kg.g.add_edges_from(
        (keys[s], keys[t], TYPES[y], {"type": TYPES[y], "properties": {"kind": KINDS[k]} if k >= 0 else {},
                                      "evidence": [Evidence(f"synth_{e % 997:03d}", _sentence(g, s, t, y), 0)]})
        for e, (s, t, y, k) in enumerate(zip(src, dst, typ, kind)))
    return kg


def _sentence(g: SynthGraph, s: int, t: int, y: int) -> str:
    return f"{g.names[s]}{VERBS[TYPES[y]]}{g.names[t]}。"


def store_rows(g: SynthGraph) -> tuple[Iterator[tuple[str, str, dict[str, Any]]],
                                       Iterator[tuple[str, str, str, dict[str, Any]]]]:
    """Node and edge rows for graph.falkor.load_rows, streamed (for graphs too big for networkx)."""
    degree = np.bincount(np.concatenate([g.src, g.dst]), minlength=len(g.names))
    keys = [g.key(i) for i in range(len(g.names))]
    nodes = ((g.labels[i], keys[i], {"id": keys[i], "name": g.names[i], "aliases": [],
                                     "sources": [f"synth_{i % 997:03d}"], "degree": int(degree[i]),
                                     **({"date": g.dates[i]} if i in g.dates else {})})
             for i in range(len(g.names)))
    edges = ((TYPES[y], keys[s], keys[t], {**({"kind": KINDS[k]} if k >= 0 else {}), "docs": [f"synth_{e % 997:03d}"],
                                           "sentences": [_sentence(g, s, t, y)], "starts": [0]})
             for e, (s, t, y, k) in enumerate(zip(g.src.tolist(), g.dst.tolist(), g.type.tolist(), g.kind.tolist())))
    return nodes, edges
