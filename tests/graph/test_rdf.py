"""RDF export of the graph built from data/corpus: Turtle and JSON-LD round trips and SPARQL."""

import pytest

from graph.errors import GraphError
from graph.jsonio import read_graph_json, to_export
from graph.rdf import from_rdf, read_rdf, sparql, to_rdf, write_rdf

# rdflib's own JSON-LD parser still builds a ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def kg(built_graph):
    return read_graph_json(built_graph / "graph.json")


@pytest.fixture(scope="module", params=[("turtle", "graph.ttl"), ("json-ld", "graph.jsonld")], ids=["turtle", "jsonld"])
def reread(request, kg, tmp_path_factory):
    """The graph written in one RDF format and parsed back from the file."""
    fmt, name = request.param
    path = tmp_path_factory.mktemp("rdf") / name
    write_rdf(kg, path, fmt)
    return read_rdf(path)


def test_rdf_round_trip_keeps_entities_and_relations(kg, reread):
    back = from_rdf(reread)
    assert len(back) == len(kg)
    assert back.g.number_of_edges() == kg.g.number_of_edges()
    assert back.counts() == kg.counts()
    for key, data in list(kg.entities())[:20]:
        node = back.g.nodes[key]
        assert (node["label"], node["name"], node["aliases"]) == (data["label"], data["name"], data["aliases"])
    for src, dst, data in list(kg.relations())[:20]:
        edge = back.g.edges[src, dst, data["type"]]
        assert edge["evidence"] == data["evidence"] and edge["properties"] == data["properties"]


def test_rdf_round_trip_is_exact(kg, reread):
    assert to_export(from_rdf(reread)) == to_export(kg)
    assert to_export(from_rdf(to_rdf(kg))) == to_export(kg)


def test_rdf_sparql_counts_universities(kg, reread):
    universities = sum(1 for _, data in kg.entities() if data["label"] == "University")
    columns, rows = sparql(reread, "SELECT (COUNT(?u) AS ?n) WHERE { ?u a schema:CollegeOrUniversity }")
    assert columns == ["n"] and rows == [[universities]]
    assert universities > 0


def test_rdf_sparql_finds_partners_and_reified_evidence(reread):
    query = """
        SELECT ?partner ?kind ?sentence WHERE {
          ?a schema:name "武清区教育局"@zh ; ekg:PARTNERS_WITH ?b .
          ?b schema:name ?partner .
          ?st rdf:subject ?a ; rdf:predicate ekg:PARTNERS_WITH ; rdf:object ?b ; ekg:kind ?kind ;
              ekg:evidence/ekg:sentence ?sentence .
        }"""
    columns, rows = sparql(reread, query)
    assert columns == ["partner", "kind", "sentence"]
    nankai = [row for row in rows if row[0] == "南开大学"]
    assert nankai and nankai[0][1] == "co-build" and "南开大学" in nankai[0][2]
    assert all(isinstance(value, str) for row in rows for value in row)


def test_rdf_bad_sparql_is_e205(reread):
    with pytest.raises(GraphError) as err:
        sparql(reread, "SELECT ?x WHERE { ?x ")
    assert err.value.code == "E205" and "\n" not in str(err.value)


def test_rdf_unknown_format_is_refused(kg, tmp_path):
    with pytest.raises(ValueError):
        write_rdf(kg, tmp_path / "graph.xml", "xml")
