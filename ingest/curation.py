"""Coordinators' corrections: accept, reject or edit entities and relations, merge duplicates.

Decisions live in `data/curation.jsonl`, one JSON object a line, with who, when and why; every
build applies them after merging (ingest/pipeline.py), so a correction is never lost on rebuild.
Entities are named by label and name (`"School:杨村一中"`), which survive rebuilds where ids of
renamed entities would not. Appending takes a file lock, so two app sessions can both record.

Actions:
  reject_entity   {"entity"}                     drop the entity and its relations
  rename_entity   {"entity", "name"}             new display name; the old one becomes an alias
  relabel_entity  {"entity", "label"}            correct the label (School -> University)
  merge_entities  {"entity", "into"}             fold a duplicate into another entity
  reject_relation {"source", "type", "target"}   drop one relation
  add_relation    {"source", "type", "target"}   add a relation the text states but extraction missed
  accept          {"entity"} or a relation       mark as checked (kept as `accepted` on the node or edge)
"""

from __future__ import annotations

import fcntl
import json
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.model import LABELS, RELATION_TYPES, Evidence, KnowledgeGraph, Relation
from ingest.lexicon import DATA

CURATION_FILE = DATA / "curation.jsonl"
MAX_WHO, MAX_NAME, MAX_WHY = 100, 100, 500  # characters: who (a mail address, from sign-on), a name, a reason
ACTIONS = ("reject_entity", "rename_entity", "relabel_entity", "merge_entities", "reject_relation", "add_relation",
           "accept")


@dataclass
class Decision:
    action: str
    who: str
    why: str = ""
    entity: str = ""  # "Label:name"
    name: str = ""
    label: str = ""
    into: str = ""
    source: str = ""
    type: str = ""
    target: str = ""
    when: str = field(default_factory=lambda: time.strftime("%Y-%m-%dT%H:%M:%S"))

    def check(self) -> None:
        """Raise GraphError E401 when the decision is incomplete or names an unknown label or type."""
        if self.action not in ACTIONS:
            raise GraphError("E401", f"unknown curation action {self.action!r}")
        if not self.who.strip():
            raise GraphError("E401", "a curation decision needs who made it")
        for what, text, limit in (("who", self.who, MAX_WHO), ("name", self.name, MAX_NAME),
                                  ("why", self.why, MAX_WHY)):
            _check_text(what, text, limit)
        if not any(ch.isalnum() for ch in self.who):
            raise GraphError("E401", f"who {self.who!r} holds no letter: write the curator's name")
        if self.action == "rename_entity" and not self.name.strip():
            raise GraphError("E401", "a rename needs the new name")
        if self.action == "reject_entity" and self.entity.startswith("Region:"):
            raise GraphError("E401", f"{self.entity!r}: regions come from the gazetteer (data/gazetteer), not from "
                                     f"extraction; correct the gazetteer instead")
        refs = [r for r in (self.entity, self.into, self.source, self.target) if r]
        for ref in refs:
            label, _, name = ref.partition(":")
            if label not in LABELS or not name:
                raise GraphError("E401", f"{ref!r}: name an entity as Label:name, e.g. School:杨村一中")
        if self.action == "relabel_entity" and self.label not in LABELS:
            raise GraphError("E401", f"{self.label!r} is not a label")
        if self.action in ("reject_relation", "add_relation") and self.type not in RELATION_TYPES:
            raise GraphError("E401", f"{self.type!r} is not a relationship type")


def _check_text(what: str, text: str, limit: int) -> None:
    """Refuse a name or reason that is too long or holds control or invisible characters (which hide
    what a reader sees)."""
    if len(text) > limit:
        raise GraphError("E401", f"{what} is {len(text)} characters long; at most {limit} are kept")
    hidden = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs")), None)
    if hidden is not None:
        raise GraphError("E401", f"{what} holds an invisible or control character (U+{ord(hidden):04X})")


def load_decisions(path: Path = CURATION_FILE) -> list[Decision]:
    """Every recorded decision, oldest first; a malformed line is an error naming the file and line."""
    if not path.exists():
        return []
    decisions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            decisions.append(Decision(**json.loads(line)))
        except (json.JSONDecodeError, TypeError) as exc:
            raise GraphError("E402", f"{path}:{number}: not a curation decision ({exc})") from exc
    return decisions


def record_decision(decision: Decision, path: Path = CURATION_FILE) -> None:
    """Append one decision under an exclusive lock (safe with several app sessions)."""
    decision.check()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(decision), ensure_ascii=False) + "\n"
    with path.open("a", encoding="utf-8") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.write(line)
            fh.flush()
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def apply_decisions(kg: KnowledgeGraph, decisions: list[Decision]) -> list[str]:
    """Apply decisions in order; returns one note per decision that no longer matches anything."""
    notes = []
    for decision in decisions:
        if not _apply(kg, decision):
            notes.append(f"curation {decision.when} by {decision.who}: {decision.action} matched nothing")
    return notes


def node_of(ref: str) -> str:
    """The node key of a "Label:name" reference, computed as the resolver computes keys."""
    from ingest.lexicon import load_lexicon
    from ingest.resolve import identity_key

    label, _, name = ref.partition(":")
    return identity_key(load_lexicon(), label, name)


def _apply(kg: KnowledgeGraph, d: Decision) -> bool:
    g = kg.g
    if d.action == "add_relation":
        src, dst = node_of(d.source), node_of(d.target)
        if src not in g or dst not in g:
            return False
        evidence = Evidence("curation", f"{d.who} {d.when}: {d.why}", 0)
        kg.add_relation(Relation(src, dst, d.type, {"curated": True}, [evidence]))
        return True
    if d.action == "reject_relation" or (d.action == "accept" and d.type):
        src, dst = node_of(d.source), node_of(d.target)
        keys = [(s, t) for s, t in ((src, dst), (dst, src)) if g.has_edge(s, t, key=d.type)]
        for s, t in keys:
            if d.action == "accept":
                g.edges[s, t, d.type]["properties"]["accepted"] = True
            else:
                g.remove_edge(s, t, key=d.type)
        return bool(keys)
    key = node_of(d.entity)
    if key not in g:
        return False
    node = g.nodes[key]
    if d.action == "reject_entity":
        g.remove_node(key)
    elif d.action == "accept":
        node["properties"]["accepted"] = True
    elif d.action == "rename_entity":
        node["aliases"].add(node["name"])
        node["aliases"].discard(d.name)
        node["name"] = d.name
    elif d.action == "relabel_entity":
        node["label"] = d.label
    elif d.action == "merge_entities":
        into = node_of(d.into)
        if into not in g:
            return False
        kg.merge_into(key, into)
    return True


def describe(d: Decision) -> dict[str, Any]:
    """A decision as a flat dict for tables (the app's curation history)."""
    return {k: v for k, v in asdict(d).items() if v}
