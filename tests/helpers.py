"""Run the real extraction pipeline on a text written for a test."""

from __future__ import annotations

from pathlib import Path

from graph.model import KnowledgeGraph
from ingest.pipeline import build_graph
from ingest.reader import read_document


def extract(tmp_path: Path, text: str, name: str = "doc") -> KnowledgeGraph:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    kg, _ = build_graph([read_document(path)], curation=None)
    return kg


def fail_extraction(monkeypatch, *doc_ids: str) -> None:
    """Make the real extractor raise on the documents named, as a bug might on some real document."""
    from ingest.pipeline import Extractor

    real = Extractor.__call__

    def failing(self, doc):
        if doc.id in doc_ids:
            raise KeyError("区")
        return real(self, doc)

    monkeypatch.setattr(Extractor, "__call__", failing)


def names(kg: KnowledgeGraph, label: str) -> set[str]:
    return {d["name"] for _, d in kg.entities() if d["label"] == label}


def triples(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    return {(kg.g.nodes[s]["name"], d["type"], kg.g.nodes[t]["name"]) for s, t, d in kg.relations()}
