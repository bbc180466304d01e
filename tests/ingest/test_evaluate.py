"""The evaluation's arithmetic on a tiny export and gold file whose scores are known by hand."""

from pathlib import Path

import pytest

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
    assert score.missed_for == {"entity": 1}  # 杨村一中 -PARTNERS_WITH-> 南开大学: 南开大学 was not found


def test_a_missed_relation_between_found_entities_is_a_relation_to_find():
    export = {"entities": [{"id": "a", "name": "甲县第一中学", "type": "School", "mentions": [{"doc": "d"}]},
                           {"id": "b", "name": "乙区实验小学", "type": "School", "mentions": [{"doc": "d"}]}],
              "relations": []}
    gold = {"entities": [{"name": "甲县第一中学", "type": "School", "aliases": []},
                         {"name": "乙区实验小学", "type": "School", "aliases": []},
                         {"name": "丙市教育局", "type": "Authority", "aliases": []}],
            "relations": [{"source": "甲县第一中学", "type": "PARTNERS_WITH", "target": "乙区实验小学"},
                          {"source": "丙市教育局", "type": "LEADS", "target": "甲县第一中学"}]}
    assert score_document("d", gold, export).missed_for == {"relation": 1, "entity": 1}


SHARED_EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"


@pytest.mark.skipif(not (SHARED_EVAL / "score.py").exists(), reason="no ../shared/eval here (the scorer lives there)")
def test_agrees_with_the_shared_scorer(tmp_path):
    """Our report and ../shared/eval/score.py give the same figures on a real build of the sample corpus
    (score.py matches in set order, so figures may differ by a match or two: 0.01 at most)."""
    import json
    import subprocess
    import sys

    from ingest.build import build
    from ingest.evaluate import evaluate_build

    build([Path(__file__).resolve().parents[2] / "data" / "corpus"], tmp_path, workers=1, use_cache=False)
    ours = evaluate_build(tmp_path / "graph.json", SHARED_EVAL / "dev")
    run = subprocess.run([sys.executable, str(SHARED_EVAL / "score.py"), str(tmp_path / "graph.json"),
                          str(SHARED_EVAL / "dev"), "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(run.stdout)
    assert abs(ours.overall("entities").f1 - theirs["entity"]["f1"]) <= 0.01
    assert abs(ours.overall("relations").f1 - theirs["relation"]["f1"]) <= 0.01
    assert abs(ours.pairs().f1 - theirs["pair"]["f1"]) <= 0.01
