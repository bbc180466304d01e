"""The data model every pipeline step passes along: documents, mentions, entities, relations.

Declared once here (see ../shared/STYLE.md); the knowledge graph itself is a networkx
MultiDiGraph wrapped by `KnowledgeGraph`, so analytics can use networkx directly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

LABELS = (
    "Region",
    "Authority",
    "School",
    "University",
    "Alliance",
    "Event",
    "Program",
    "Person",
    "Organization",
)
RELATION_TYPES = (
    "LOCATED_IN",
    "PART_OF",
    "MEMBER_OF",
    "LEADS",
    "PARTNERS_WITH",
    "ORGANIZED",
    "HOSTED",
    "PARTICIPATED_IN",
    "HELD_IN",
    "RUNS",
)
SYMMETRIC_TYPES = frozenset({"PARTNERS_WITH"})


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a document with its character offsets into the document text."""

    doc: str
    start: int
    end: int
    text: str


@dataclass
class Document:
    """One source document as read: id is the file name without extension."""

    id: str
    path: str
    text: str
    title: str = ""
    date: str | None = None
    sentences: list[Sentence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Mention:
    """Where an entity is named: document id and character offsets."""

    doc: str
    start: int
    end: int

    def __reduce__(self) -> tuple:  # pickled as a constructor call: unpickles twice as fast as slot state
        return Mention, (self.doc, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a relation was read from."""

    doc: str
    sentence: str
    start: int

    def __reduce__(self) -> tuple:  # as Mention's: a 1M-edge graph's snapshot loads in 3.6 s, not 5.9 s
        return Evidence, (self.doc, self.sentence, self.start)

    def as_dict(self) -> dict[str, Any]:
        return {"doc": self.doc, "sentence": self.sentence, "start": self.start}


@dataclass
class Entity:
    """A named thing found in the text; `key` identifies it across documents."""

    name: str
    label: str
    aliases: set[str] = field(default_factory=set)
    properties: dict[str, Any] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> str:
        return entity_key(self.label, self.name)


@dataclass
class Relation:
    """A typed, evidenced fact between two entities, named by their keys."""

    source: str
    target: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def entity_key(label: str, name: str) -> str:
    """A stable id for an entity from its label and normalised name: the same in every build and store."""
    from ingest.normalize import normalize_name

    return "e" + hashlib.sha1(f"{label}:{normalize_name(name)}".encode()).hexdigest()[:12]


class KnowledgeGraph:
    """Entities as nodes (keyed by `Entity.key`) and relations as typed edges, on networkx."""

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        self._seen: dict[str, tuple[int, int, set[Mention]]] = {}  # key -> (id, length, set) of its mention list

    def _new_mentions(self, key: str, new: list[Mention]) -> list[Mention]:
        """The mentions of `new` that node `key` does not have yet, once each. The node's mentions are kept
        as a set too (rebuilt if the list was replaced or changed elsewhere): merging a corpus adds thousands
        of mentions to one region, and scanning the list each time made merging quadratic."""
        known = self.g.nodes[key]["mentions"]
        cached = self._seen.get(key)
        seen = cached[2] if cached and cached[:2] == (id(known), len(known)) else set(known)
        fresh = [m for m in new if m not in seen and not seen.add(m)]
        self._seen[key] = (id(known), len(known) + len(fresh), seen)
        return fresh

    # -- building -------------------------------------------------------------
    def add_entity(self, entity: Entity, key: str | None = None) -> str:
        """Add an entity or merge it into the node with the same key (default: its label and name); returns the key."""
        key = key or entity.key
        if key in self.g:
            node = self.g.nodes[key]
            node["aliases"] |= entity.aliases - {node["name"]}
            for k, v in entity.properties.items():
                node["properties"].setdefault(k, v)
            node["mentions"].extend(self._new_mentions(key, entity.mentions))
        else:
            self.g.add_node(
                key,
                name=entity.name,
                label=entity.label,
                aliases=set(entity.aliases) - {entity.name},
                properties=dict(entity.properties),
                mentions=list(entity.mentions),
            )
        return key

    def add_relation(self, rel: Relation) -> None:
        """Add a relation, merging evidence into an existing edge of the same type."""
        if rel.source == rel.target:
            return
        src, dst = rel.source, rel.target
        if rel.type in SYMMETRIC_TYPES and self.g.has_edge(dst, src, key=rel.type):
            src, dst = dst, src
        if self.g.has_edge(src, dst, key=rel.type):
            data = self.g.edges[src, dst, rel.type]
            data["evidence"].extend(e for e in rel.evidence if e not in data["evidence"])
            for k, v in rel.properties.items():
                data["properties"].setdefault(k, v)
        else:
            self.g.add_edge(
                src, dst, key=rel.type, type=rel.type,
                properties=dict(rel.properties), evidence=list(rel.evidence),
            )

    def merge_into(self, old: str, new: str) -> None:
        """Fold node `old` into node `new`: its name becomes an alias, its edges move over."""
        data = self.g.nodes[old]
        target = self.g.nodes[new]
        target["aliases"] |= (data["aliases"] | {data["name"]}) - {target["name"]}
        target["mentions"].extend(self._new_mentions(new, data["mentions"]))
        for k, v in data["properties"].items():
            target["properties"].setdefault(k, v)
        moved = [(new if s == old else s, new if t == old else t, d) for s, t, d in self.g.in_edges(old, data=True)]
        moved += [(new if s == old else s, new if t == old else t, d) for s, t, d in self.g.out_edges(old, data=True)]
        self.g.remove_node(old)
        self._seen.pop(old, None)
        for src, dst, d in moved:
            self.add_relation(Relation(src, dst, d["type"], d["properties"], d["evidence"]))

    # -- reading --------------------------------------------------------------
    def entities(self) -> Iterator[tuple[str, dict[str, Any]]]:
        yield from self.g.nodes(data=True)

    def relations(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        yield from self.g.edges(data=True)

    def relation_count(self) -> int:
        """Number of relations, counted over the adjacency (networkx's number_of_edges walks every
        node's degree on a multigraph, ten times slower)."""
        return sum(len(edges) for _, targets in self.g.adjacency() for edges in targets.values())

    def sources(self, key: str) -> list[str]:
        """Document ids an entity is mentioned in, in first-seen order."""
        return list(dict.fromkeys(m.doc for m in self.g.nodes[key]["mentions"]))

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Entities by label and relations by type."""
        labels: dict[str, int] = {}
        for _, data in self.entities():
            labels[data["label"]] = labels.get(data["label"], 0) + 1
        types: dict[str, int] = {}
        for _, _, data in self.relations():
            types[data["type"]] = types.get(data["type"], 0) + 1
        return labels, types

    def __len__(self) -> int:
        return self.g.number_of_nodes()
