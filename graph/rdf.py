"""The knowledge graph as RDF (rdflib): a small ontology under `https://w3id.org/edu-collab-kg/`.

Entities are `ekg:entity/<id>`, typed `ekg:<Label>` and a schema.org class; each relation is a
direct triple `s ekg:<TYPE> o` plus a reified `rdf:Statement` carrying its properties and one
`ekg:evidence` node per source sentence. Mentions are stored too, so the round trip is exact.
See docs/ontology.md.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, SDO, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.query import Result
from rdflib.util import guess_format

from graph.errors import GraphError
from graph.jsonio import atomic_write_text
from graph.model import LABELS, RELATION_TYPES, SYMMETRIC_TYPES, Evidence, KnowledgeGraph, Mention

EKG = Namespace("https://w3id.org/edu-collab-kg/")
ENTITY = Namespace(f"{EKG}entity/")
SCHEMA_CLASS = {
    "Region": SDO.Place,
    "Authority": SDO.GovernmentOrganization,
    "School": SDO.School,
    "University": SDO.CollegeOrUniversity,
    "Alliance": SDO.Organization,
    "Event": SDO.Event,
    "Person": SDO.Person,
    "Organization": SDO.Organization,
}
FORMATS = ("turtle", "json-ld")
_PREFIXES = {"ekg": str(EKG), "entity": str(ENTITY), "schema": str(SDO), "rdf": str(RDF), "rdfs": str(RDFS),
             "owl": str(OWL), "xsd": str(XSD)}


def to_rdf(kg: KnowledgeGraph) -> Graph:
    """The graph as RDF: ontology declarations, entities, direct relation triples and reified statements."""
    g = Graph()
    for prefix, iri in _PREFIXES.items():
        g.bind(prefix, iri, replace=True)
    _add_ontology(g)
    for key, data in kg.entities():
        node = ENTITY[key]
        g.add((node, RDF.type, EKG[data["label"]]))
        if data["label"] in SCHEMA_CLASS:
            g.add((node, RDF.type, SCHEMA_CLASS[data["label"]]))
        g.add((node, SDO.name, Literal(data["name"], lang="zh")))
        for alias in sorted(data["aliases"]):
            g.add((node, SDO.alternateName, Literal(alias, lang="zh")))
        _add_properties(g, node, data["properties"])
        for i, m in enumerate(data["mentions"]):
            _add_item(g, node, EKG.mention, URIRef(f"{node}/mention/{i}"),
                      {"doc": m.doc, "start": m.start, "end": m.end, "position": i})
    for src, dst, data in kg.relations():
        s, p, o = ENTITY[src], EKG[data["type"]], ENTITY[dst]
        g.add((s, p, o))
        stmt = URIRef(f"{EKG}statement/{src}-{data['type']}-{dst}")
        g.add((stmt, RDF.type, RDF.Statement))
        g.add((stmt, RDF.subject, s))
        g.add((stmt, RDF.predicate, p))
        g.add((stmt, RDF.object, o))
        _add_properties(g, stmt, data["properties"])
        for i, e in enumerate(data["evidence"]):
            _add_item(g, stmt, EKG.evidence, URIRef(f"{stmt}/evidence/{i}"),
                      {"doc": e.doc, "sentence": Literal(e.sentence, lang="zh"), "start": e.start, "position": i})
    return g


def from_rdf(g: Graph) -> KnowledgeGraph:
    """Rebuild a KnowledgeGraph from RDF written by `to_rdf`: entities by their `ekg:<Label>` type,
    relations from the reified statements."""
    kg = KnowledgeGraph()
    for label in LABELS:
        for node in g.subjects(RDF.type, EKG[label]):
            mentions = _items(g, node, EKG.mention)
            kg.g.add_node(
                node.removeprefix(ENTITY), label=label, name=str(g.value(node, SDO.name)),
                aliases={str(a) for a in g.objects(node, SDO.alternateName)},
                properties=_properties(g, node),
                mentions=[Mention(m["doc"], m["start"], m["end"]) for m in mentions],
            )
    for stmt in g.subjects(RDF.type, RDF.Statement):
        type_ = g.value(stmt, RDF.predicate).removeprefix(EKG)
        src, dst = (g.value(stmt, p).removeprefix(ENTITY) for p in (RDF.subject, RDF.object))
        evidence = [Evidence(e["doc"], e["sentence"], e.get("start", 0)) for e in _items(g, stmt, EKG.evidence)]
        kg.g.add_edge(src, dst, key=type_, type=type_, properties=_properties(g, stmt), evidence=evidence)
    return kg


def write_rdf(kg: KnowledgeGraph, path: Path, fmt: str = "turtle") -> None:
    """Write the graph as Turtle or JSON-LD (compacted with the ekg/schema prefixes), atomically."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(FORMATS)}")
    g = to_rdf(kg)
    extra = {"context": _PREFIXES, "indent": 1} if fmt == "json-ld" else {}
    atomic_write_text(path, g.serialize(format=fmt, **extra))


def read_rdf(path: Path) -> Graph:
    """Parse an RDF file; the format is guessed from the suffix (.ttl, .jsonld, ...), Turtle otherwise."""
    if not path.exists():
        raise GraphError("E101", f"{path}: no RDF file here")
    g = Graph()
    try:
        g.parse(path, format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # rdflib raises parser-specific errors
        raise GraphError("E102", f"{path}: not readable RDF ({_first_line(exc)})") from exc
    return g


def sparql(g: Graph, query: str) -> tuple[list[str], list[list[Any]]]:
    """Run a SPARQL query (SELECT, ASK or CONSTRUCT); rows hold plain str/int/float/bool values or None."""
    try:
        result: Result = g.query(query)
        if result.type == "ASK":
            return ["ask"], [[bool(result.askAnswer)]]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return ["subject", "predicate", "object"], [[_plain(t) for t in triple] for triple in result]
        columns = [str(v) for v in result.vars or []]
        return columns, [[_plain(v) for v in row] for row in result]
    except Exception as exc:  # pyparsing and rdflib evaluation errors alike
        raise GraphError("E205", f"SPARQL error: {_first_line(exc)}") from exc


# -- helpers ---------------------------------------------------------------------------
def _add_ontology(g: Graph) -> None:
    for label in LABELS:
        g.add((EKG[label], RDF.type, RDFS.Class))
        g.add((EKG[label], RDFS.label, Literal(label)))
        if label in SCHEMA_CLASS:
            g.add((EKG[label], RDFS.subClassOf, SCHEMA_CLASS[label]))
    for type_ in RELATION_TYPES:
        g.add((EKG[type_], RDF.type, OWL.SymmetricProperty if type_ in SYMMETRIC_TYPES else RDF.Property))
        g.add((EKG[type_], RDFS.label, Literal(type_)))


def _add_properties(g: Graph, subject: URIRef, props: dict[str, Any]) -> None:
    """Scalars become typed `ekg:<key>` literals; lists and dicts a JSON string `ekg:<key>Json` (e.g. factsJson)."""
    for k, v in props.items():
        if isinstance(v, (str, int, float, bool)):
            g.add((subject, EKG[k], Literal(v)))
        else:
            g.add((subject, EKG[f"{k}Json"], Literal(json.dumps(v, ensure_ascii=False))))


def _properties(g: Graph, subject: URIRef) -> dict[str, Any]:
    """The `ekg:` literals of an entity or statement (links to entities, mentions and evidence are IRIs)."""
    props: dict[str, Any] = {}
    for p, o in g.predicate_objects(subject):
        if not isinstance(o, Literal) or not p.startswith(EKG):
            continue
        name = p.removeprefix(EKG)
        if name.endswith("Json"):
            props[name.removesuffix("Json")] = json.loads(o)
        else:
            props[name] = _plain(o)
    return props


def _add_item(g: Graph, owner: URIRef, link: URIRef, item: URIRef, values: dict[str, Any]) -> None:
    """A mention or evidence node linked from its owner; `position` keeps the list order."""
    g.add((owner, link, item))
    for k, v in values.items():
        g.add((item, EKG[k], v if isinstance(v, Literal) else Literal(v)))


def _items(g: Graph, owner: URIRef, link: URIRef) -> list[dict[str, Any]]:
    items = [{p.removeprefix(EKG): _plain(o) for p, o in g.predicate_objects(item)} for item in g.objects(owner, link)]
    return sorted(items, key=lambda item: item.get("position", 0))


def _plain(value: Any) -> Any:
    """An RDF term as a plain Python value: literals as str/int/float/bool, IRIs as str."""
    if value is None:
        return None
    if isinstance(value, BNode):
        return f"_:{value}"
    if isinstance(value, Literal):
        value = value.toPython()
        if isinstance(value, Decimal):
            return float(value)
        return value if isinstance(value, (int, float, bool)) else str(value)
    return str(value)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
