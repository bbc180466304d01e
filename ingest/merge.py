"""Merge per-document results into one graph: same key, same node; names chosen across documents."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.collector import collector_paused
from graph.model import KnowledgeGraph
from ingest.lexicon import Lexicon, changed_names
from ingest.normalize import normalize_name

if TYPE_CHECKING:
    from ingest.pipeline import DocumentResult


def merge_documents(results: Iterable[DocumentResult], lex: Lexicon) -> KnowledgeGraph:
    """One graph from every document's results, taken one at a time (a generator keeps memory to the graph)."""
    kg = KnowledgeGraph()
    with collector_paused():  # a large graph of long-lived objects: see graph/collector.py
        for result in results:
            for key, entity in result.resolved.entities.items():
                kg.add_entity(entity, key)
            for rel in result.relations:
                kg.add_relation(rel)
        _merge_by_alias(kg)
        _name_regions(kg, lex)
    return kg


LOCAL_ALIAS_LABELS = ("Event",)  # an event's short form (签订仪式) names it only in its own documents


def _merge_by_alias(kg: KnowledgeGraph) -> None:
    """A node whose name is another node's alias (same label, unambiguous) is that node; for an event, only
    when the two share a document (a bare 签订仪式 elsewhere is another signing)."""
    index: dict[tuple[str, str], set[str]] = {}
    for key, data in kg.entities():
        for alias in data["aliases"]:
            index.setdefault((data["label"], normalize_name(alias)), set()).add(key)
    for key, data in list(kg.entities()):
        if key not in kg.g:
            continue
        owners = index.get((data["label"], normalize_name(data["name"])), set()) - {key}
        owners = {o for o in owners if o in kg.g}
        if data["label"] in LOCAL_ALIAS_LABELS:
            owners = {o for o in owners if set(kg.sources(o)) & set(kg.sources(key))}
        if len(owners) == 1:
            kg.merge_into(key, owners.pop())


def _name_regions(kg: KnowledgeGraph, lex: Lexicon) -> None:
    """A region is shown by its official name when any text uses it, else by the form the texts use; a county
    made a district since the gazetteer was compiled by its district name (长泰区) when a text uses it."""
    for key, data in kg.entities():
        if data["label"] != "Region" or not data["aliases"]:
            continue
        official = data["name"]
        converted = next((form for form in changed_names(official) if form.endswith("区")), "")
        if converted in data["aliases"] and lex.region(converted) is lex.region(official):
            data["aliases"] = (data["aliases"] - {converted}) | {official}
            data["name"] = converted
        elif not _official_seen(kg, key, official):
            short = sorted(data["aliases"])[0]
            data["aliases"] = (data["aliases"] - {short}) | {official}
            data["name"] = short


def _official_seen(kg: KnowledgeGraph, key: str, official: str) -> bool:
    return any(m.end - m.start == len(official) for m in kg.g.nodes[key]["mentions"])
