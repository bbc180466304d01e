"""Precomputed overview views: what the build writes is what the overview would compute, and a stale or
broken views.json is never shown."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from graph.jsonio import read_graph_json
from graph.model import Entity, Mention
from graph.overview import cross_region_ties, documents, entities_by_region, event_timeline, label_counts
from graph.views import FILE, compute_views, read_views, write_views
from queries.examples import example_questions


def test_views_match_the_overview_functions(built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    views = compute_views(kg)
    timeline = event_timeline(kg)
    assert views.labels == label_counts(kg) and views.documents == documents(kg)
    assert views.by_region == entities_by_region(kg) and views.ties == cross_region_ties(kg)  # small: all kept
    assert [row["event"] for row in views.timeline] == [row["event"] for row in timeline.rows]
    assert views.undated == timeline.undated and views.dated == len(timeline.rows) and views.entities == len(kg)
    assert sum(views.labels.values()) == len(kg) > 0 and len(views.documents) == 5
    assert views.examples == {lang: example_questions(kg, lang) for lang in ("zh", "en")}
    assert len(views.examples["zh"]) == 6 and "的合作伙伴有哪些？" in " ".join(views.examples["zh"])


def test_the_build_writes_views_that_read_back_unchanged(built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    assert (built_graph / FILE).is_file()
    stored = asdict(read_views(built_graph, kg))
    assert stored.pop("graph_file") == [(built_graph / "graph.json").stat().st_size,
                                        (built_graph / "graph.json").stat().st_mtime_ns]
    computed = asdict(compute_views(kg))
    computed.pop("graph_file")
    assert stored == computed


def test_stale_or_broken_views_are_recomputed(built_graph: Path, tmp_path: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    write_views(kg, tmp_path)
    kg.add_entity(Entity("新增学校", "School", mentions=[Mention("新文档", 0, 4)]))
    fresh = read_views(tmp_path, kg)  # the file describes the graph before the new school
    assert fresh.entities == len(kg) and fresh.labels["School"] == label_counts(kg)["School"]
    assert "新文档" in {row["doc"] for row in fresh.documents}
    (tmp_path / FILE).write_text('{"entities": 1', encoding="utf-8")
    assert read_views(tmp_path, kg).entities == len(kg)
    (tmp_path / FILE).unlink()
    assert read_views(tmp_path, kg).entities == len(kg)


def test_views_keep_what_the_page_draws_and_the_totals(monkeypatch) -> None:
    """Three regions in a row of ties: with room for two regions, the chart keeps the two busiest and the
    totals still count everything."""
    from graph import views as views_module
    from graph.model import Evidence, KnowledgeGraph, Relation

    kg = KnowledgeGraph()
    schools = {}
    for region, n in (("甲区", 3), ("乙区", 2), ("丙区", 1)):
        kg.add_entity(Entity(region, "Region", mentions=[Mention("d", 0, 2)]))
        for i in range(n):
            school = kg.add_entity(Entity(f"{region}{i}中", "School", mentions=[Mention("d", 0, 3)]))
            schools[f"{region}{i}"] = school
            region_key = next(k for k, d in kg.entities() if d["name"] == region)
            kg.add_relation(Relation(school, region_key, "LOCATED_IN", evidence=[Evidence("d", "句。", 0)]))
    for a, b in (("甲区0", "乙区0"), ("甲区1", "乙区1"), ("乙区0", "丙区0")):
        kg.add_relation(Relation(schools[a], schools[b], "PARTNERS_WITH", evidence=[Evidence("d", "句。", 0)]))
    monkeypatch.setattr(views_module, "TOP_REGIONS", 2)
    monkeypatch.setattr(views_module, "TIE_REGIONS", 2)
    views = compute_views(kg)
    assert {row["region"] for row in views.by_region} == {"甲区", "乙区"} and views.regions == 3
    assert [(row["region_a"], row["region_b"], row["ties"]) for row in views.ties] == [("乙区", "甲区", 2)]
    assert views.tie_pairs == 2


def test_relation_count_counts_parallel_relations(built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    assert kg.relation_count() == kg.g.number_of_edges() > 0
    src, dst = next((a, b) for a, b, _ in kg.relations())
    kg.g.add_edge(src, dst, type="MEMBER_OF")  # a second relation between the same two entities
    assert kg.relation_count() == kg.g.number_of_edges()


def test_document_rows_are_what_the_overview_would_list(built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    views = read_views(built_graph, kg)
    titles = {row["doc"]: f"标题{i}" for i, row in enumerate(views.documents[:2])} | {"新上传": "尚未构建的文件"}
    assert views.document_rows(titles) == documents(kg, titles)
    assert {"doc": "新上传", "title": "尚未构建的文件", "entities": 0, "relations": 0} in views.document_rows(titles)


def test_the_overview_reads_the_views_without_the_graph_when_they_name_its_file(built_graph: Path, tmp_path: Path,
                                                                                  monkeypatch) -> None:
    import shutil

    from graph import jsonio

    kg = read_graph_json(built_graph / "graph.json")
    shutil.copy2(built_graph / "graph.json", tmp_path / "graph.json")
    write_views(kg, tmp_path)
    monkeypatch.setattr(jsonio, "read_graph_json", lambda path: (_ for _ in ()).throw(AssertionError("read")))
    assert asdict(read_views(tmp_path))["entities"] == len(kg)  # graph.json was not read
    monkeypatch.undo()
    kg.add_entity(Entity("又一所学校", "School", mentions=[Mention("另一文档", 0, 5)]))
    jsonio.write_graph_json(kg, tmp_path / "graph.json")  # a newer graph.json than the views describe
    assert read_views(tmp_path).entities == len(kg)
