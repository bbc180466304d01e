"""The Streamlit app driven by AppTest on a real build, and the graph view (graph/visual.py) on a tiny graph.

AppTest runs the page logic but no JavaScript; tests/browser checks that the graph really draws.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.model import LABELS, Entity, Evidence, KnowledgeGraph, Mention, Relation
from graph.visual import LABEL_COLOURS, graph_html, nodes_near_regions, vis_edges, vis_nodes, visible_nodes

ROOT = Path(__file__).resolve().parent.parent
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))


def export(build_dir: Path) -> dict:
    return json.loads((build_dir / "graph.json").read_text(encoding="utf-8"))


def start_app(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("KG_BUILD_DIR", str(build_dir))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    assert not app.exception
    return app


def run_query(app: AppTest, query: str) -> AppTest:
    app.text_area(key="cypher").input(query)
    app.button(key="run").click().run()
    assert not app.exception
    return app


@pytest.fixture
def app(built_graph: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return start_app(built_graph, monkeypatch)


# -- the app ------------------------------------------------------------------------------
def test_app_metrics_equal_label_counts_in_graph_json(app: AppTest, built_graph: Path) -> None:
    counts = Counter(entity["type"] for entity in export(built_graph)["entities"])
    shown = {metric.label: metric.value for metric in app.metric}
    assert shown == {UI["zh"][label]: str(counts[label]) for label in LABELS}
    assert app.title[0].value == "教育协作知识图谱"


def test_app_draws_whole_graph_by_default(app: AppTest, built_graph: Path) -> None:
    graph = export(built_graph)
    caption = UI["zh"]["shown"].format(nodes=len(graph["entities"]), edges=len(graph["relations"]))
    assert caption in [c.value for c in app.caption]
    assert len(app.get("iframe")) == 1


def test_region_filter_draws_the_nodes_chosen_by_visible_nodes(app: AppTest, built_graph: Path) -> None:
    from graph.jsonio import read_graph_json

    kg = read_graph_json(built_graph / "graph.json")
    expected = visible_nodes(kg, LABELS, ["武清区"])
    app.sidebar.multiselect(key="regions").set_value(["武清区"]).run()
    edges = kg.g.subgraph(expected).number_of_edges()
    assert 0 < len(expected) < len(kg)
    assert UI["zh"]["shown"].format(nodes=len(expected), edges=edges) in [c.value for c in app.caption]


def test_example_query_lists_every_partnership(app: AppTest, built_graph: Path) -> None:
    graph = export(built_graph)
    names = {entity["id"]: entity["name"] for entity in graph["entities"]}
    expected = {(names[r["source"]], names[r["target"]]) for r in graph["relations"] if r["type"] == "PARTNERS_WITH"}
    app.button(key="run").click().run()
    table = app.dataframe[0].value
    assert list(table.columns) == ["甲方", "乙方", "类型"]
    assert set(zip(table["甲方"], table["乙方"], strict=True)) == expected


def test_console_counts_universities_like_graph_json(app: AppTest, built_graph: Path) -> None:
    expected = sum(entity["type"] == "University" for entity in export(built_graph)["entities"])
    table = run_query(app, "MATCH (u:University) RETURN count(u) AS n").dataframe[0].value
    assert table["n"].tolist() == [expected]


def test_console_shows_nodes_by_name(app: AppTest, built_graph: Path) -> None:
    expected = sorted(e["name"] for e in export(built_graph)["entities"] if e["type"] == "University")
    table = run_query(app, "MATCH (u:University) RETURN u ORDER BY u.name").dataframe[0].value
    assert table["u"].tolist() == expected


def test_write_query_is_refused_and_graph_unchanged(app: AppTest, built_graph: Path) -> None:
    before = (built_graph / "graph.json").read_bytes()
    run_query(app, "CREATE (:School {name: '新学校'})")
    assert len(app.error) == 1
    assert app.error[0].value.startswith("E202 refused: CREATE changes the graph")
    assert not app.dataframe
    table = run_query(app, "MATCH (n) RETURN count(n) AS n").dataframe[0].value
    assert table["n"].tolist() == [len(export(built_graph)["entities"])]
    assert (built_graph / "graph.json").read_bytes() == before


def test_bad_query_shows_one_line_error(app: AppTest) -> None:
    run_query(app, "MATCH (n RETURN n")
    message = app.error[0].value
    assert message.startswith("E201 ") and "\n" not in message


def test_english_switch_translates_the_page(app: AppTest) -> None:
    app.sidebar.radio(key="language").set_value("English").run()
    assert app.title[0].value == UI["en"]["title"]
    assert [m.label for m in app.metric] == [UI["en"][label] for label in LABELS]
    assert app.button(key="run").label == UI["en"]["run"]


def test_app_builds_missing_graph_on_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_dir = tmp_path / "new-build"
    app = start_app(build_dir, monkeypatch)
    assert (build_dir / "graph.json").exists() and (build_dir / "store" / "CURRENT").exists()
    entities = export(build_dir)["entities"]
    assert sum(int(metric.value) for metric in app.metric) == len(entities) > 0


# -- the graph view on a tiny graph whose answers are known by hand -----------------------
@pytest.fixture
def tiny() -> tuple[KnowledgeGraph, dict[str, str]]:
    """天津市 ⊃ 武清区 ∋ 杨村一中 ↔ 南开大学 → 青蓝工程; 会议 held in 河北省."""
    kg = KnowledgeGraph()
    keys = {name: kg.add_entity(Entity(name, label, aliases, mentions=[Mention(doc, 0, len(name))]))
            for name, label, aliases, doc in [
                ("天津市", "Region", set(), "d1"), ("武清区", "Region", set(), "d1"),
                ("河北省", "Region", set(), "d1"), ("杨村一中", "School", {"天津市杨村第一中学"}, "d1"),
                ("南开大学", "University", set(), "d2"), ("青蓝工程", "Program", set(), "d2"),
                ("会议", "Event", set(), "d3")]}
    for src, type_, dst in [("武清区", "PART_OF", "天津市"), ("杨村一中", "LOCATED_IN", "武清区"),
                            ("南开大学", "PARTNERS_WITH", "杨村一中"), ("南开大学", "RUNS", "青蓝工程"),
                            ("会议", "HELD_IN", "河北省")]:
        kg.add_relation(Relation(keys[src], keys[dst], type_, evidence=[Evidence("d2", f"{src}{type_}{dst}。", 0)]))
    return kg, keys


def names(kg: KnowledgeGraph, node_ids: set[str]) -> set[str]:
    return {kg.g.nodes[key]["name"] for key in node_ids}


def test_region_keeps_sub_regions_located_entities_and_their_neighbours(tiny) -> None:
    kg, _ = tiny
    assert names(kg, nodes_near_regions(kg, ["天津市"])) == {"天津市", "武清区", "杨村一中", "南开大学"}
    assert names(kg, nodes_near_regions(kg, ["河北省"])) == {"河北省", "会议"}


def test_visible_nodes_filters_labels_within_regions(tiny) -> None:
    kg, _ = tiny
    assert names(kg, visible_nodes(kg, ["School", "Region"], ["天津市"])) == {"天津市", "武清区", "杨村一中"}
    assert visible_nodes(kg, LABELS) == set(kg.g.nodes)


def test_node_tooltip_and_colour(tiny) -> None:
    kg, keys = tiny
    [node] = vis_nodes(kg, [keys["杨村一中"]], UI["zh"])
    assert node["label"] == "杨村一中" and node["color"] == LABEL_COLOURS["School"]
    assert node["title"].splitlines() == ["杨村一中", "学校 (School)", "别名: 天津市杨村第一中学", "来源文档: d1"]


def test_edges_need_both_ends_and_carry_evidence(tiny) -> None:
    kg, keys = tiny
    shown = {keys["杨村一中"], keys["南开大学"], keys["青蓝工程"]}
    edges = {edge["label"]: edge for edge in vis_edges(kg, shown, UI["en"])}
    assert set(edges) == {"partners with", "runs"}
    assert edges["partners with"]["arrows"] == "" and edges["runs"]["arrows"] == "to"
    assert "[d2] 南开大学PARTNERS_WITH杨村一中。" in edges["partners with"]["title"]


def test_graph_html_is_offline_with_legend(tiny) -> None:
    kg, keys = tiny
    page = graph_html(kg, {keys["杨村一中"], keys["武清区"]}, words=UI["zh"])
    assert not re.search(r'<(link|script)\b[^>]*\b(href|src)="https?://', page)
    assert "new vis.Network" in page
    assert json.dumps("杨村一中") in page and json.dumps("南开大学") not in page  # node data is ASCII-escaped JSON
    legend = re.search(r'<div id="legend".*?</div>', page).group(0)
    assert "地区 1" in legend and "学校 1" in legend and "高校" not in legend
