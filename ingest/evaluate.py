"""Score a build against gold annotations (SCHEMA.md gold format).

Scores agree with the shared scorer (../shared/eval/score.py), whose rules this module follows
and whose figures tests/ingest/test_evaluate.py compares: per document, the predicted entities
are the graph's entities mentioned in it and the predicted relations those with evidence from
it. An entity matches a gold one when the labels agree and a normalised name or alias of one
equals a name or alias of the other (events: when their character bigrams overlap closely).
Relations match as typed triples (PARTNERS_WITH in either direction) and as untyped pairs.
The report also lists what was missed and what was wrong, document by document.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.model import SYMMETRIC_TYPES


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
    missed_for: Counter = field(default_factory=Counter)  # missed relations by cause: "entity" or "relation"


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

    def missed_for(self) -> Counter:
        """Missed relations by cause, over every document (see `score_document`)."""
        return sum((doc.missed_for for doc in self.docs), Counter())

    def pairs(self) -> Tally:
        total = Tally()
        for doc in self.docs:
            total.add(doc.pairs)
        return total


# The scorer's own normalisation (../shared/eval/score.py): NFKC, lower case, no quotes, brackets or spaces.
SCORER_DROPS = "“”\"'‘’「」『』《》〈〉()（）[]【】 \t\r\n·・"
EVENT_DICE = 0.6  # Event names match when their character bigrams overlap this much (Dice)


def scorer_norm(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name or "").lower()
    return "".join(ch for ch in folded if ch not in SCORER_DROPS)


def _bigrams(text: str) -> Counter:
    return Counter(text[i:i + 2] for i in range(len(text) - 1)) if len(text) > 1 else Counter([text])


def _dice(a: str, b: str) -> float:
    left, right = _bigrams(a), _bigrams(b)
    total = sum(left.values()) + sum(right.values())
    return 2 * sum((left & right).values()) / total if total else 0.0


def _forms(entity: dict[str, Any]) -> set[str]:
    return {scorer_norm(entity.get("name", ""))} | {scorer_norm(a) for a in entity.get("aliases", []) or []}


def same_entity(a: tuple[set[str], str], b: tuple[set[str], str], typed: bool = True) -> bool:
    """The scorer's test: labels agree (when typed) and a name or alias is shared (events: close bigrams)."""
    if typed and a[1] != b[1]:
        return False
    if a[0] & b[0]:
        return True
    if "Event" in (a[1], b[1]):
        return any(x and y and _dice(x, y) >= EVENT_DICE for x in a[0] for y in b[0])
    return False


def _greedy(preds: list, golds: list, eq) -> list[tuple[int, int]]:
    """The scorer's greedy one-to-one matching: (pred index, gold index) pairs."""
    used: set[int] = set()
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            if j not in used and eq(p, g):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def score_document(doc_id: str, gold: dict[str, Any], export: dict[str, Any]) -> DocScore:
    """Score one document exactly as ../shared/eval/score.py does, keeping what was missed and what was wrong."""
    result = DocScore(doc_id)
    by_id = {e["id"]: e for e in export["entities"]}
    predicted = [e for e in export["entities"] if any(m.get("doc") == doc_id for m in e.get("mentions", []) or [])]
    p_ents = [(_forms(e), e.get("type")) for e in predicted]
    g_ents = [(_forms(g), g["type"]) for g in gold["entities"]]
    for label in {t for _, t in p_ents} | {t for _, t in g_ents}:
        p_idx = [i for i, p in enumerate(p_ents) if p[1] == label]
        g_idx = [j for j, g in enumerate(g_ents) if g[1] == label]
        hits = _greedy([p_ents[i] for i in p_idx], [g_ents[j] for j in g_idx], same_entity)
        hit_p = {p_idx[i] for i, _ in hits}
        hit_g = {g_idx[j] for _, j in hits}
        result.entities[label] = Tally(len(hits), len(p_idx) - len(hits), len(g_idx) - len(hits))
        result.false_entities += [f"{label} {predicted[i]['name']}" for i in p_idx if i not in hit_p]
        result.missed_entities += [f"{label} {gold['entities'][j]['name']}" for j in g_idx if j not in hit_g]

    g_by_name: dict[str, tuple[set[str], str]] = {}
    display: dict[frozenset, str] = {}
    for g, forms in zip(gold["entities"], g_ents):
        for form in forms[0]:
            g_by_name[form] = forms
        display[frozenset(forms[0])] = g["name"]
    g_rels = []
    for r in gold["relations"]:
        s, t = g_by_name.get(scorer_norm(r["source"])), g_by_name.get(scorer_norm(r["target"]))
        if s and t:
            g_rels.append((s, r["type"], t))
    seen: set[tuple[str, str, str]] = set()
    p_rels = []
    for r in export["relations"]:
        if not any(ev.get("doc") == doc_id for ev in r.get("evidence", []) or []):
            continue
        key = (r["source"], r["type"], r["target"])
        if key in seen or r["source"] not in by_id or r["target"] not in by_id:
            continue
        seen.add(key)
        s, t = by_id[r["source"]], by_id[r["target"]]
        p_rels.append(((_forms(s), s.get("type")), r["type"], (_forms(t), t.get("type")), s["name"], t["name"]))

    def end_eq(a, b) -> bool:
        return same_entity(a, b, typed=False)

    def rel_eq(p, g) -> bool:
        if p[1] != g[1]:
            return False
        if end_eq(p[0], g[0]) and end_eq(p[2], g[2]):
            return True
        return g[1] in SYMMETRIC_TYPES and end_eq(p[0], g[2]) and end_eq(p[2], g[0])

    def pair_eq(p, g) -> bool:
        return (end_eq(p[0], g[0]) and end_eq(p[2], g[2])) or (end_eq(p[0], g[2]) and end_eq(p[2], g[0]))

    def gold_name(end) -> str:
        return display.get(frozenset(end[0]), sorted(end[0])[0] if end[0] else "?")

    for type_ in {r[1] for r in g_rels} | {r[1] for r in p_rels}:
        p_idx = [i for i, p in enumerate(p_rels) if p[1] == type_]
        g_idx = [j for j, g in enumerate(g_rels) if g[1] == type_]
        hits = _greedy([p_rels[i] for i in p_idx], [g_rels[j] for j in g_idx], rel_eq)
        hit_p = {p_idx[i] for i, _ in hits}
        hit_g = {g_idx[j] for _, j in hits}
        result.relations[type_] = Tally(len(hits), len(p_idx) - len(hits), len(g_idx) - len(hits))
        result.false_relations += [f"{p_rels[i][3]} -{type_}-> {p_rels[i][4]}" for i in p_idx if i not in hit_p]
        result.missed_relations += [f"{gold_name(g_rels[j][0])} -{type_}-> {gold_name(g_rels[j][2])}"
                                    for j in g_idx if j not in hit_g]
        result.missed_for.update(_cause(g_rels[j], p_ents) for j in g_idx if j not in hit_g)
    pair_hits = len(_greedy(p_rels, g_rels, pair_eq))
    result.pairs = Tally(pair_hits, len(p_rels) - pair_hits, len(g_rels) - pair_hits)
    return result


def _cause(gold_relation: tuple, p_ents: list[tuple[set[str], str]]) -> str:
    """Why a gold relation was missed: "entity" when the document's graph lacks one of its ends (finding
    the relation could not help), else "relation" (both ends are there, the relation between them is not)."""
    found = all(any(same_entity(p, end, typed=False) for p in p_ents) for end in (gold_relation[0], gold_relation[2]))
    return "relation" if found else "entity"


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
    causes = scores.missed_for()
    lines.append(f"Missed relations: {causes['entity']} with an end the document's graph lacks (an entity to find), "
                 f"{causes['relation']} between two entities it has (a relation to find)")
    if details:
        for doc in scores.docs:
            lines.append(f"-- {doc.doc}")
            for title, items in (("missed entities", doc.missed_entities), ("false entities", doc.false_entities),
                                 ("missed relations", doc.missed_relations), ("false relations", doc.false_relations)):
                if items:
                    lines.append(f"   {title}: " + "; ".join(items))
    return "\n".join(lines)
