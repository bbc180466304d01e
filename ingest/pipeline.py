"""The extraction pipeline, composed in one visible place: read -> find -> resolve -> relate -> merge."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.model import Document, KnowledgeGraph, Relation
from ingest.collective import expand_collective_bodies, find_collective_bodies
from ingest.curation import CURATION_FILE, apply_decisions, load_decisions
from ingest.entities import EntityFinder
from ingest.facts import FactFinder
from ingest.merge import merge_documents
from ingest.relations import RelationFinder
from ingest.resolve import ResolvedDocument, Resolver


@dataclass
class DocumentResult:
    """What extraction read out of one document."""

    resolved: ResolvedDocument
    relations: list[Relation] = field(default_factory=list)


class Extractor:
    """Runs the per-document steps; build one and call it on each document."""

    def __init__(self) -> None:
        self.find_entities = EntityFinder()
        self.resolve = Resolver(self.find_entities.lex)
        self.find_relations = RelationFinder(self.find_entities.lex)
        self.find_facts = FactFinder()

    def __call__(self, doc: Document) -> DocumentResult:
        spans = find_collective_bodies(doc, self.find_entities(doc))
        resolved = self.resolve(doc, spans)
        relations = expand_collective_bodies(self.find_entities.lex, resolved, self.find_relations(resolved))
        self.find_facts(resolved)
        return DocumentResult(resolved, relations)


def build_graph(
    docs: Iterable[Document], on_document: Callable[[Document], None] | None = None,
    curation: Path | None = CURATION_FILE,
) -> tuple[KnowledgeGraph, list[DocumentResult]]:
    """Extract every document, merge the results into one knowledge graph, apply the coordinators' decisions."""
    extract = Extractor()
    results = []
    for doc in docs:
        results.append(extract(doc))
        if on_document:
            on_document(doc)
    kg = merge_documents(results, extract.find_entities.lex)
    if curation is not None:
        apply_decisions(kg, load_decisions(curation))
    return kg, results
