"""Partner suggestions: organisations a school or bureau is not tied to yet, but that its partners'
partners or its alliances' fellow members are tied to. Suggestions, never facts.

The tie view is undirected: organisations joined by PARTNERS_WITH, and each organisation joined to the
alliances it is a member of or leads. Candidates are two steps away from the subject in that view
(through a partner or through an alliance) and have no relation of any kind with it in the graph.
They are ranked by networkx's Adamic-Adar index (shared neighbours, each weighted by 1/log of how
many ties it has, so a small alliance tells more than a big one), and each is explained by the
neighbours it shares with the subject, with the sentences behind both ties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graph.model import Evidence, KnowledgeGraph
from queries.derived import derived
from queries.spread import find_entity, region_of

ORGANISATIONS = frozenset({"School", "University", "Authority", "Organization"})
TIE_TYPES = frozenset({"PARTNERS_WITH", "MEMBER_OF", "LEADS"})
DEFAULT_LIMIT = 10


@dataclass
class Suggestion:
    """A possible partner, why it is suggested, and the sentences behind each tie of the explanation."""

    name: str
    label: str
    region: str
    score: float
    via: list[dict[str, str]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "region": self.region, "score": round(self.score, 4),
                "via": self.via, "evidence": [ev.as_dict() for ev in self.evidence]}


def tie_view(kg: KnowledgeGraph) -> nx.Graph:
    """Organisations and alliances joined by partnerships and memberships (built once per graph)."""
    def make() -> nx.Graph:
        view = nx.Graph()
        for src, dst, data in kg.relations():
            if data["type"] not in TIE_TYPES:
                continue
            labels = {kg.g.nodes[src]["label"], kg.g.nodes[dst]["label"]}
            if labels <= ORGANISATIONS or (data["type"] != "PARTNERS_WITH" and "Alliance" in labels
                                           and labels - {"Alliance"} <= ORGANISATIONS):
                view.add_edge(src, dst)
                view.edges[src, dst].setdefault("ties", []).append(data)
        return view

    return derived(kg, "tie_view", make)


def suggest_partners(kg: KnowledgeGraph, name: str, limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """Organisations `name` may partner with next, best first; [] when the name is not an organisation
    of the graph or has no ties to go by."""
    subject = find_entity(kg, name)
    view = tie_view(kg)
    if subject is None or subject not in view or kg.g.nodes[subject]["label"] not in ORGANISATIONS:
        return []
    tied = set(kg.g.successors(subject)) | set(kg.g.predecessors(subject)) | {subject}
    candidates = {c for n in view.neighbors(subject) for c in view.neighbors(n)
                  if c not in tied and kg.g.nodes[c]["label"] in ORGANISATIONS}
    scored = sorted(nx.adamic_adar_index(view, [(subject, c) for c in candidates]),
                    key=lambda t: (-t[2], kg.g.nodes[t[1]]["name"]))
    return [_explained(kg, view, subject, candidate, score) for _, candidate, score in scored[:limit]]


def _explained(kg: KnowledgeGraph, view: nx.Graph, subject: str, candidate: str, score: float) -> Suggestion:
    node = kg.g.nodes[candidate]
    suggestion = Suggestion(node["name"], node["label"], region_of(kg, candidate), score)
    for shared in sorted(nx.common_neighbors(view, subject, candidate), key=lambda k: kg.g.nodes[k]["name"]):
        first, second = view.edges[subject, shared]["ties"][0], view.edges[shared, candidate]["ties"][0]
        suggestion.via.append({"through": kg.g.nodes[shared]["name"], "label": kg.g.nodes[shared]["label"],
                               "subject_tie": first["type"], "candidate_tie": second["type"]})
        suggestion.evidence += first["evidence"][:1] + second["evidence"][:1]
    return suggestion
