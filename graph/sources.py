"""Source documents for the app: where each document's file is, and its text as HTML with the
extracted entities marked (one <mark> per mention, coloured by label, with a label: name tooltip)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.model import KnowledgeGraph
from graph.visual import LABEL_COLOURS, UNKNOWN_COLOUR

TEXT_SUFFIXES = (".txt", ".md")
MARK_ALPHA = "55"  # the label colour at one third opacity, so the text stays readable


@dataclass(frozen=True)
class Span:
    """A mention of an entity in a document: character offsets, the entity's key, name and label."""

    start: int
    end: int
    key: str
    name: str
    label: str


def document_files(folders: Iterable[Path]) -> dict[str, Path]:
    """Document id (file name without extension) -> file, for every text file below `folders`; first folder wins."""
    found: dict[str, Path] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
                found.setdefault(path.stem, path)
    return found


def mentions_in(kg: KnowledgeGraph, doc: str) -> list[Span]:
    """Every mention of an entity in document `doc`, in text order."""
    spans = [Span(m.start, m.end, key, data["name"], data["label"])
             for key, data in kg.entities() for m in data["mentions"] if m.doc == doc]
    return sorted(spans, key=lambda span: (span.start, -span.end, span.key))


def entities_in(kg: KnowledgeGraph, doc: str) -> list[str]:
    """Keys of the entities mentioned in `doc`, in order of their first mention."""
    return list(dict.fromkeys(span.key for span in mentions_in(kg, doc)))


def non_overlapping(spans: Iterable[Span], length: int) -> list[Span]:
    """Spans inside the text that do not overlap an earlier one (the longer wins at the same start)."""
    kept, end = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= end and 0 <= span.start < span.end <= length:
            kept.append(span)
            end = span.end
    return kept


def mark(text: str, span: Span, words: Mapping[str, str]) -> str:
    """One mention as an escaped <mark> with its label colour and a tooltip "label: name"."""
    colour = LABEL_COLOURS.get(span.label, UNKNOWN_COLOUR)
    tooltip = f"{words.get(span.label, span.label)}: {span.name}"
    return (f'<mark class="entity" data-label="{html.escape(span.label)}" title="{html.escape(tooltip)}" '
            f'style="background:{colour}{MARK_ALPHA};border-bottom:2px solid {colour};padding:0 1px">'
            f"{html.escape(text[span.start:span.end])}</mark>")


def highlighted_html(text: str, spans: Iterable[Span], words: Mapping[str, str] | None = None) -> str:
    """The text with every mention marked; all text is HTML-escaped, line breaks kept by `pre-wrap`."""
    words = words or {}
    parts, position = [], 0
    for span in non_overlapping(spans, len(text)):
        parts.append(html.escape(text[position:span.start]))
        parts.append(mark(text, span, words))
        position = span.end
    parts.append(html.escape(text[position:]))
    return ('<div class="source-text" style="white-space:pre-wrap;line-height:1.9;font-size:15px;'
            'max-height:640px;overflow-y:auto;padding:12px;border:1px solid #ddd;border-radius:6px">'
            f'{"".join(parts)}</div>')
