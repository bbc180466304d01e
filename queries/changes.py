"""What is new: the entities and relations one build added or removed since another, with their documents.

A build keeps the graph.json it replaces in BUILD/history/ (graph/history.py), so a coordinator who
drops this month's reports in and rebuilds can see what they added. An entity is
the same entity in both builds when its key is (label and name); a relation when its two ends and
its type are.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.history import HISTORY, history
from graph.jsonio import read_graph_json
from graph.model import KnowledgeGraph


@dataclass
class Changes:
    """Two builds compared: what the newer one added and removed."""

    since: str
    now: str
    added_entities: list[dict[str, Any]] = field(default_factory=list)
    removed_entities: list[dict[str, Any]] = field(default_factory=list)
    added_relations: list[dict[str, Any]] = field(default_factory=list)
    removed_relations: list[dict[str, Any]] = field(default_factory=list)
    added_docs: list[str] = field(default_factory=list)
    removed_docs: list[str] = field(default_factory=list)

    def by_document(self) -> list[dict[str, Any]]:
        """Per document: how many entities and relations it brought in or took away."""
        counts: dict[str, dict[str, Any]] = {}
        for what, rows in (("added_entities", self.added_entities), ("removed_entities", self.removed_entities),
                           ("added_relations", self.added_relations),
                           ("removed_relations", self.removed_relations)):
            for row in rows:
                for doc in row["docs"]:
                    entry = counts.setdefault(doc, {"doc": doc, "added_entities": 0, "removed_entities": 0,
                                                    "added_relations": 0, "removed_relations": 0})
                    entry[what] += 1
        return sorted(counts.values(), key=lambda r: (-r["added_relations"] - r["added_entities"], r["doc"]))

    def empty(self) -> bool:
        return not (self.added_entities or self.removed_entities or self.added_relations or self.removed_relations)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "by_document": self.by_document()}


def compare(old: KnowledgeGraph, new: KnowledgeGraph, since: str = "", now: str = "") -> Changes:
    """The entities and relations `new` holds that `old` does not, and the other way round."""
    changes = Changes(since, now)
    old_keys, new_keys = set(old.g.nodes), set(new.g.nodes)
    changes.added_entities = [_entity(new, k) for k in sorted(new_keys - old_keys, key=lambda k: _sort_name(new, k))]
    changes.removed_entities = [_entity(old, k) for k in sorted(old_keys - new_keys, key=lambda k: _sort_name(old, k))]
    old_relations, new_relations = _relations(old), _relations(new)
    changes.added_relations = [_relation(new, r, new_relations[r])
                               for r in sorted(set(new_relations) - set(old_relations))]
    changes.removed_relations = [_relation(old, r, old_relations[r])
                                 for r in sorted(set(old_relations) - set(new_relations))]
    old_docs, new_docs = _documents(old), _documents(new)
    changes.added_docs, changes.removed_docs = sorted(new_docs - old_docs), sorted(old_docs - new_docs)
    return changes


def _sort_name(kg: KnowledgeGraph, key: str) -> tuple[str, str]:
    return kg.g.nodes[key]["label"], kg.g.nodes[key]["name"]


def _entity(kg: KnowledgeGraph, key: str) -> dict[str, Any]:
    node = kg.g.nodes[key]
    return {"name": node["name"], "label": node["label"], "docs": sorted({m.doc for m in node["mentions"]})}


def _relations(kg: KnowledgeGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(source key, type, target key) -> the relation's data (several evidence sentences are one relation)."""
    return {(src, data["type"], dst): data for src, dst, data in kg.relations()}


def _relation(kg: KnowledgeGraph, ident: tuple[str, str, str], data: dict[str, Any]) -> dict[str, Any]:
    src, type_, dst = ident
    evidence = data["evidence"]
    return {"source": kg.g.nodes[src]["name"], "type": type_, "target": kg.g.nodes[dst]["name"],
            "docs": sorted({ev.doc for ev in evidence}), "sentence": evidence[0].sentence if evidence else ""}


def _documents(kg: KnowledgeGraph) -> set[str]:
    return {m.doc for _, node in kg.entities() for m in node["mentions"]}


def since_path(build: Path, since: str) -> Path:
    """The graph.json `since` names: "previous" (the latest kept build), a kept build's file name, a build
    folder or a graph.json file. Anything else is a GraphError naming it."""
    if since == "previous":
        kept = history(build)
        if not kept:
            raise GraphError("E209", f"{build}: no earlier build kept in {HISTORY}/ (rebuild once to keep one)")
        return kept[0]
    path = Path(since)
    for candidate in (build / HISTORY / since, path / "graph.json", path):
        if candidate.is_file():
            return candidate
    raise GraphError("E209", f"{since}: no build folder, graph.json or kept build of that name")


def changes_since(build: Path, since: str) -> Changes:
    """What the build in `build` added and removed since the one `since` names."""
    old_path = since_path(build, since)
    return compare(read_graph_json(old_path), read_graph_json(build / "graph.json"), str(old_path),
                   str(build / "graph.json"))
