"""graph.json in SCHEMA's export format: ids, mentions, evidence, and a faithful round trip."""

import json

from graph.jsonio import from_export, read_graph_json, to_export


def test_export_has_schema_shape_and_evidence(built_graph):
    export = json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))
    ids = {e["id"] for e in export["entities"]}
    for ent in export["entities"]:
        assert set(ent) >= {"id", "name", "type", "aliases", "properties", "mentions"}
        assert ent["mentions"] and ent["properties"]["sources"]
    for rel in export["relations"]:
        assert rel["source"] in ids and rel["target"] in ids
        assert rel["evidence"], rel
        assert all(set(e) == {"doc", "sentence", "start"} for e in rel["evidence"])


def test_mentions_and_evidence_point_into_the_documents(built_graph):
    from ingest.build import DEFAULT_SOURCE

    texts = {p.stem: p.read_text(encoding="utf-8") for p in DEFAULT_SOURCE.glob("*.txt")}
    export = json.loads((built_graph / "graph.json").read_text(encoding="utf-8"))
    for rel in export["relations"]:
        for ev in rel["evidence"]:
            assert texts[ev["doc"]][ev["start"]:ev["start"] + len(ev["sentence"])] == ev["sentence"]
    for ent in export["entities"]:
        m = ent["mentions"][0]
        assert texts[m["doc"]][m["start"]:m["end"]]


def test_round_trip_keeps_everything(built_graph):
    kg = read_graph_json(built_graph / "graph.json")
    again = to_export(from_export(to_export(kg)))
    assert again == to_export(kg)
