"""The evaluation's arithmetic on a tiny export and gold file whose scores are known by hand."""

from ingest.evaluate import score_document


def test_scores_known_by_hand():
    export = {
        "entities": [
            {"id": "a", "name": "天津市杨村第一中学", "type": "School", "mentions": [{"doc": "d"}]},
            {"id": "b", "name": "武清区", "type": "Region", "mentions": [{"doc": "d"}]},
            {"id": "c", "name": "某某中学", "type": "School", "mentions": [{"doc": "d"}]},
            {"id": "x", "name": "别的文档", "type": "School", "mentions": [{"doc": "other"}]},
        ],
        "relations": [
            {"source": "a", "target": "b", "type": "LOCATED_IN", "evidence": [{"doc": "d"}]},
            {"source": "c", "target": "a", "type": "PARTNERS_WITH", "evidence": [{"doc": "d"}]},
        ],
    }
    gold = {
        "entities": [
            {"name": "杨村一中", "type": "School", "aliases": ["天津市杨村第一中学"]},
            {"name": "武清区", "type": "Region", "aliases": []},
            {"name": "南开大学", "type": "University", "aliases": []},
        ],
        "relations": [
            {"source": "杨村一中", "type": "LOCATED_IN", "target": "武清区"},
            {"source": "杨村一中", "type": "PARTNERS_WITH", "target": "南开大学"},
        ],
    }
    score = score_document("d", gold, export)
    assert score.entities["School"].tp == 1 and score.entities["School"].fp == 1
    assert score.entities["University"].fn == 1
    assert score.relations["LOCATED_IN"].tp == 1
    assert score.relations["PARTNERS_WITH"].fp == 1 and score.relations["PARTNERS_WITH"].fn == 1
    assert score.missed_entities == ["University 南开大学"]
