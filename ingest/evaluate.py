"""Score a build against gold annotations (SCHEMA.md gold format).

Per document, the predicted entities are the graph's entities mentioned in it and the
predicted relations are those with evidence from it. An entity matches a gold one when the
labels agree and its normalised name equals the gold name or one of the gold aliases (events:
when the names overlap closely). Relations match as typed triples of matched entities
(PARTNERS_WITH in either direction) and, separately, as unordered untyped pairs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.model import SYMMETRIC_TYPES
from ingest.normalize import normalize_name

EVENT_OVERLAP = 0.75


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class DocScore:
    doc: str
    entities: dict[str, Tally] = field(default_factory=dict)  # by label
    relations: dict[str, Tally] = field(default_factory=dict)  # by type
    pairs: Tally = field(default_factory=Tally)
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)


@dataclass
class Scores:
    docs: list[DocScore]

    def total(self, what: str) -> dict[str, Tally]:
        out: dict[str, Tally] = {}
        for doc in self.docs:
            for key, tally in getattr(doc, what).items():
                out.setdefault(key, Tally()).add(tally)
        return out

    def overall(self, what: str) -> Tally:
        total = Tally()
        for tally in self.total(what).values():
            total.add(tally)
        return total

    def pairs(self) -> Tally:
        total = Tally()
        for doc in self.docs:
            total.add(doc.pairs)
        return total


def names_match(label: str, predicted: str, gold_forms: set[str]) -> bool:
    norm = normalize_name(predicted)
    if norm in gold_forms:
        return True
    if label == "Event":
        return any(SequenceMatcher(None, norm, g).ratio() >= EVENT_OVERLAP or (len(g) >= 6 and (g in norm or norm in g))
                   for g in gold_forms)
    return False


def score_document(doc_id: str, gold: dict[str, Any], export: dict[str, Any]) -> DocScore:
    result = DocScore(doc_id)
    by_id = {e["id"]: e for e in export["entities"]}
    predicted = [e for e in export["entities"] if any(m["doc"] == doc_id for m in e.get("mentions", []))]
    gold_entities = gold["entities"]
    gold_forms = [{normalize_name(g["name"]), *map(normalize_name, g.get("aliases", []))} for g in gold_entities]
    match: dict[str, int] = {}  # predicted id -> gold index
    taken: set[int] = set()
    for pred in predicted:
        for i, g in enumerate(gold_entities):
            if i not in taken and g["type"] == pred["type"] and names_match(g["type"], pred["name"], gold_forms[i]):
                match[pred["id"]] = i
                taken.add(i)
                break
    for pred in predicted:
        tally = result.entities.setdefault(pred["type"], Tally())
        if pred["id"] in match:
            tally.tp += 1
        else:
            tally.fp += 1
            result.false_entities.append(f"{pred['type']} {pred['name']}")
    for i, g in enumerate(gold_entities):
        if i not in taken:
            result.entities.setdefault(g["type"], Tally()).fn += 1
            result.missed_entities.append(f"{g['type']} {g['name']}")

    gold_index = {}
    for i, _g in enumerate(gold_entities):
        for form in gold_forms[i]:
            gold_index.setdefault(form, i)

    def gold_of(name: str) -> int | None:
        return gold_index.get(normalize_name(name))

    gold_triples = []
    for r in gold["relations"]:
        s, t = gold_of(r["source"]), gold_of(r["target"])
        gold_triples.append((s if s is not None else r["source"], r["type"], t if t is not None else r["target"]))
    pred_triples = []
    for r in export["relations"]:
        if not any(e["doc"] == doc_id for e in r.get("evidence", [])):
            continue
        s, t = match.get(r["source"]), match.get(r["target"])
        pred_triples.append((s if s is not None else "?" + by_id[r["source"]]["name"], r["type"],
                             t if t is not None else "?" + by_id[r["target"]]["name"]))
    pred_triples = list(dict.fromkeys(pred_triples))

    def same(a, b) -> bool:
        if a[1] != b[1]:
            return False
        return (a[0], a[2]) == (b[0], b[2]) or (a[1] in SYMMETRIC_TYPES and (a[0], a[2]) == (b[2], b[0]))

    def show(triple) -> str:
        def name(x):
            return gold_entities[x]["name"] if isinstance(x, int) else str(x)
        return f"{name(triple[0])} -{triple[1]}-> {name(triple[2])}"

    unmatched_gold = list(gold_triples)
    for p in pred_triples:
        tally = result.relations.setdefault(p[1], Tally())
        hit = next((g for g in unmatched_gold if same(p, g)), None)
        if hit:
            unmatched_gold.remove(hit)
            tally.tp += 1
        else:
            tally.fp += 1
            result.false_relations.append(show(p))
    for g in unmatched_gold:
        result.relations.setdefault(g[1], Tally()).fn += 1
        result.missed_relations.append(show(g))

    gold_pairs = {frozenset((g[0], g[2])) for g in gold_triples}
    pred_pairs = {frozenset((p[0], p[2])) for p in pred_triples}
    result.pairs = Tally(len(gold_pairs & pred_pairs), len(pred_pairs - gold_pairs), len(gold_pairs - pred_pairs))
    return result


def evaluate_build(graph_json: Path, gold_dir: Path) -> Scores:
    """Score graph.json against every *.json gold file in `gold_dir`."""
    try:
        export = json.loads(graph_json.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GraphError("E101", f"{graph_json}: no graph.json to evaluate") from None
    files = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if not files:
        raise GraphError("E301", f"{gold_dir}: no gold .json files")
    docs = []
    for path in files:
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise GraphError("E302", f"{path}: not valid JSON ({exc})") from exc
        docs.append(score_document(gold.get("doc") or path.stem, gold, export))
    return Scores(docs)


def _row(name: str, t: Tally) -> str:
    return f"  {name:<16} P {t.precision:5.3f}  R {t.recall:5.3f}  F1 {t.f1:5.3f}   (tp {t.tp}, fp {t.fp}, fn {t.fn})"


def format_report(scores: Scores, details: bool = True) -> str:
    lines = ["Evaluation"]
    for what, title in (("entities", "Entities by label"), ("relations", "Relations (typed) by type")):
        lines.append(title)
        for key, tally in sorted(scores.total(what).items()):
            lines.append(_row(key, tally))
        lines.append(_row("OVERALL", scores.overall(what)))
    lines.append("Relations as untyped pairs")
    lines.append(_row("OVERALL", scores.pairs()))
    if details:
        for doc in scores.docs:
            lines.append(f"-- {doc.doc}")
            for title, items in (("missed entities", doc.missed_entities), ("false entities", doc.false_entities),
                                 ("missed relations", doc.missed_relations), ("false relations", doc.false_relations)):
                if items:
                    lines.append(f"   {title}: " + "; ".join(items))
    return "\n".join(lines)
