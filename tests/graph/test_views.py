"""Precomputed overview views: what the build writes is what the overview would compute, and a stale or
broken views.json is never shown."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from graph.jsonio import read_graph_json
from graph.model import Entity, Mention
from graph.overview import cross_region_ties, documents, entities_by_region, event_timeline, label_counts
from graph.views import FILE, compute_views, read_views, write_views


def test_views_match_the_overview_functions(built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    views = compute_views(kg)
    timeline = event_timeline(kg)
    assert views.labels == label_counts(kg) and views.documents == documents(kg)
    assert views.by_region == entities_by_region(kg) and views.ties == cross_region_ties(kg)
    assert [row["event"] for row in views.timeline] == [row["event"] for row in timeline.rows]
    assert views.undated == timeline.undated and views.entities == len(kg)
    assert sum(views.labels.values()) == len(kg) > 0 and len(views.documents) == 5


def test_the_build_writes_views_that_read_back_unchanged(built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    assert (built_graph / FILE).is_file()
    assert asdict(read_views(built_graph, kg)) == asdict(compute_views(kg))


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
