"""Alias-aware entity search: a piece of a name or of any alias finds the entity.

Names are compared in their normalised form (full-width folded, traditional → simplified, no
spaces or quotes), so 楊村一中 and “杨村一中” both find 杨村一中.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from graph.model import KnowledgeGraph
from ingest.normalize import normalize_name
from queries.derived import derived

DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Match:
    """An entity found by a search; `alias` is the alias that matched when the name did not."""

    key: str
    name: str
    label: str
    alias: str | None = None
    rank: int = 0


def match_entity(text: str, name: str, aliases: set[str]) -> tuple[int, str | None] | None:
    """(rank, matched alias) when `text` is in the name or an alias; rank 0 is best. None if no match."""
    wanted = normalize_name(text)
    norm_name = normalize_name(name)
    if wanted == norm_name:
        return 0, None
    norm_aliases = sorted((normalize_name(alias), alias) for alias in aliases)
    for norm, alias in norm_aliases:
        if wanted == norm:
            return 1, alias
    if norm_name.startswith(wanted):
        return 2, None
    if wanted in norm_name:
        return 3, None
    for norm, alias in norm_aliases:
        if wanted in norm:
            return 4, alias
    return None


def search(kg: KnowledgeGraph, text: str, labels: set[str] | None = None, limit: int = DEFAULT_LIMIT) -> list[Match]:
    """Entities whose name or an alias contains `text`: exact matches first, then by number of relations."""
    if not normalize_name(text):
        return []
    found = []
    for key, data in kg.entities():
        if labels and data["label"] not in labels:
            continue
        hit = match_entity(text, data["name"], data["aliases"])
        if hit is not None:
            found.append((hit[0], -kg.g.degree(key), len(data["name"]), data["name"],
                          Match(key, data["name"], data["label"], hit[1], hit[0])))
    found.sort(key=lambda item: item[:4])
    return [item[-1] for item in found[:limit]]


def find_key(kg: KnowledgeGraph, name: str) -> str | None:
    """The key of the entity named `name` (or having it as an alias); None when there is none."""
    best = search(kg, name, limit=1)
    return best[0].key if best and best[0].rank <= 1 else None


NEAR_CANDIDATES = 200


def near_keys(kg: KnowledgeGraph, text: str, labels: set[str] | None = None,
              limit: int = NEAR_CANDIDATES) -> list[str]:
    """Keys of the entities sharing the most two-character pieces with `text` (candidates for near names)."""
    wanted = normalize_name(text)
    index = _bigram_index(kg)
    shared: dict[str, int] = {}
    for piece in {wanted[i:i + 2] for i in range(len(wanted) - 1)}:
        for key in index.get(piece, ()):
            shared[key] = shared.get(key, 0) + 1
    keys = [k for k in shared if not labels or kg.g.nodes[k]["label"] in labels]
    return sorted(keys, key=lambda k: -shared[k])[:limit]


def near_names(kg: KnowledgeGraph, text: str, limit: int = 5, labels: set[str] | None = None) -> list[Match]:
    """Entities whose names look like `text` (a misspelt or partly extracted name), most alike first:
    candidates share two-character pieces with it, then difflib's ratio orders them."""
    wanted = normalize_name(text)
    if len(wanted) < 2:
        return []
    scored = []
    for key in near_keys(kg, text, labels):
        data = kg.g.nodes[key]
        ratio = difflib.SequenceMatcher(None, wanted, normalize_name(data["name"])).ratio()
        if ratio >= 0.4:
            scored.append((-ratio, -kg.g.degree(key), data["name"], Match(key, data["name"], data["label"])))
    scored.sort(key=lambda s: s[:3])
    return [s[-1] for s in scored[:limit]]


def _bigram_index(kg: KnowledgeGraph) -> dict[str, list[str]]:
    """Two-character piece -> keys of the entities whose name holds it (built once per graph)."""
    def make() -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for key, data in kg.entities():
            name = normalize_name(data["name"])
            for piece in {name[i:i + 2] for i in range(len(name) - 1)}:
                index.setdefault(piece, []).append(key)
        return index

    return derived(kg, "bigrams", make)
