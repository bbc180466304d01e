"""The Streamlit app driven by AppTest on a real build: every page's logic, and the graph view on a tiny graph.

AppTest runs the page logic but no JavaScript; tests/browser checks what a person sees in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections import Counter
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from graph.explore import neighbourhood
from graph.jsonio import read_graph_json
from graph.model import LABELS, Entity, Evidence, KnowledgeGraph, Mention, Relation
from graph.sources import mentions_in, non_overlapping
from graph.visual import LABEL_COLOURS, graph_html, nodes_near_regions, vis_edges, vis_nodes, visible_nodes
from ingest.build import write_outputs
from ingest.curation import load_decisions
from queries.markdown import plain_markdown
from tests.helpers import fail_extraction

ROOT = Path(__file__).resolve().parent.parent
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))
HTML_REPORT = ("<html><head><style>p{}</style></head><body><h1>锦江区教育局简报</h1>"
               "<p>锦江区教育局与四川大学、西南交通大学建立合作共建关系。</p><script>x()</script></body></html>")


def export(build_dir: Path) -> dict:
    return json.loads((build_dir / "graph.json").read_text(encoding="utf-8"))


def entity_key(build_dir: Path, name: str) -> str:
    return next(e["id"] for e in export(build_dir)["entities"] if e["name"] == name)


def start_app(build_dir: Path, monkeypatch: pytest.MonkeyPatch, curation: Path) -> AppTest:
    monkeypatch.setenv("KG_BUILD_DIR", str(build_dir))
    monkeypatch.setenv("KG_CURATION_FILE", str(curation))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    assert not app.exception
    return app


def after_reading(app: AppTest, wait_s: float = 60) -> AppTest:
    """Wait for the background job reading the uploads, then run the page again, as its progress bar does."""
    job = app.session_state["review"][1]
    deadline = time.monotonic() + wait_s
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting on the reading thread, not on the page
    assert job.finished, "the upload was not read in time"
    return app.run()


def open_page(app: AppTest, url_path: str) -> AppTest:
    """Go to a page by its url_path, as the sidebar link does.

    AppTest.switch_page only knows file-based pages; a callable st.Page is addressed by the hash
    of its url_path, which is what a real browser session requests too.
    """
    app._page_hash = calc_hash(url_path)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def title(app: AppTest) -> str:
    return app.title[0].value


def captions(app: AppTest) -> list[str]:
    return [c.value for c in app.caption]


@pytest.fixture
def app(built_graph: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AppTest:
    return start_app(built_graph, monkeypatch, tmp_path / "curation.jsonl")


@pytest.fixture
def own_build(built_graph: Path, tmp_path: Path) -> Path:
    """A copy of the session's build that a test may change (uploads, rebuilds)."""
    copy = tmp_path / "build"
    shutil.copytree(built_graph, copy, ignore=shutil.ignore_patterns("*.settings", "uploads"))
    return copy


# -- 概览 Overview ----------------------------------------------------------------------------
def test_overview_metrics_equal_label_counts_in_graph_json(app: AppTest, built_graph: Path) -> None:
    counts = Counter(entity["type"] for entity in export(built_graph)["entities"])
    assert title(app) == UI["zh"]["page_overview"]
    assert {metric.label: metric.value for metric in app.metric} == {UI["zh"][label]: str(counts[label])
                                                                      for label in LABELS}


def test_the_overview_reads_the_graph_in_the_background_for_the_next_page(own_build: Path, monkeypatch,
                                                                         tmp_path: Path) -> None:
    import threading

    from app_pages import shared

    reads: list[str] = []
    monkeypatch.setattr(shared, "read_graph", lambda folder: reads.append(str(folder)) or read_graph_json(
        folder / "graph.json"))
    app = start_app(own_build, monkeypatch, tmp_path / "curation.jsonl")  # the overview: views, not the graph
    for thread in [t for t in threading.enumerate() if t.name == "kg-warm-up"]:
        thread.join(60)
    assert reads == [str(own_build)]
    assert title(open_page(app, "explore")) == UI["zh"]["page_explore"]
    assert reads == [str(own_build)]  # the page after the first found the graph read


def test_overview_lists_every_document_with_its_entities(app: AppTest, built_graph: Path) -> None:
    mentioned = Counter(doc for e in export(built_graph)["entities"] for doc in e["properties"]["sources"])
    table = app.dataframe[-1].value  # the documents table comes after the dated events
    assert dict(zip(table[UI["zh"]["doc"]], table[UI["zh"]["entities"]], strict=True)) == dict(mentioned)
    assert all(table[UI["zh"]["doc_title"]])


def test_overview_notes_the_events_without_a_date(app: AppTest, built_graph: Path) -> None:
    events = [e for e in export(built_graph)["entities"] if e["type"] == "Event"]
    undated = sum(not e["properties"].get("date") for e in events)
    assert UI["zh"]["undated_note"].format(n=undated, total=len(events)) in captions(app)
    assert len(app.get("vega_lite_chart")) == 2  # entities by region, events over time


def test_overview_opens_a_document_on_the_sources_page(app: AppTest) -> None:
    app.selectbox(key="overview_doc").set_value("002_75545228ac78fb2c")
    app.button(key="overview_open_doc").click().run()
    assert title(app) == UI["zh"]["page_sources"]
    assert app.selectbox(key="source_doc_pick").value == "002_75545228ac78fb2c"
    assert app.query_params["doc"] == "002_75545228ac78fb2c"


def test_english_switch_translates_the_page(app: AppTest) -> None:
    app.sidebar.radio(key="language").set_value("English").run()
    assert title(app) == UI["en"]["page_overview"]
    assert [m.label for m in app.metric] == [UI["en"][label] for label in LABELS]


# -- 探索 Explore -----------------------------------------------------------------------------
def shown_caption(app: AppTest) -> str:
    return next(c for c in captions(app) if re.fullmatch(UI["zh"]["shown"].replace("{nodes}", r"\d+")
                                                         .replace("{edges}", r"\d+"), c))


def test_explore_draws_the_whole_graph_by_default(app: AppTest, built_graph: Path) -> None:
    graph = export(built_graph)
    open_page(app, "explore")
    assert shown_caption(app) == UI["zh"]["shown"].format(nodes=len(graph["entities"]), edges=len(graph["relations"]))
    assert len(app.get("iframe")) == 1


def test_region_filter_draws_the_nodes_chosen_by_visible_nodes(app: AppTest, built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    expected = visible_nodes(kg, LABELS, ["武清区"])
    open_page(app, "explore").sidebar.multiselect(key="regions").set_value(["武清区"]).run()
    assert 0 < len(expected) < len(kg)
    edges = kg.g.subgraph(expected).number_of_edges()
    assert shown_caption(app) == UI["zh"]["shown"].format(nodes=len(expected), edges=edges)


def test_relationship_type_filter_keeps_those_relations(app: AppTest, built_graph: Path) -> None:
    partners = [r for r in export(built_graph)["relations"] if r["type"] == "PARTNERS_WITH"]
    ends = {r["source"] for r in partners} | {r["target"] for r in partners}
    open_page(app, "explore").sidebar.pills(key="types").set_value(["PARTNERS_WITH"]).run()
    assert shown_caption(app) == UI["zh"]["shown"].format(nodes=len(ends), edges=len(partners))


def test_search_by_alias_focuses_the_entity_and_shows_its_evidence(app: AppTest, built_graph: Path) -> None:
    key = entity_key(built_graph, "天津渤海汽车工程职业学院")
    open_page(app, "explore").text_input(key="search").input("天津滨海").run()
    assert app.selectbox(key="focus_pick").value == key
    assert app.query_params["entity"] == key
    assert app.subheader[0].value == "天津渤海汽车工程职业学院"
    evidence = [e for r in export(built_graph)["relations"] if key in (r["source"], r["target"]) for e in r["evidence"]]
    shown = " ".join(m.value for m in app.markdown)
    assert evidence and all(e["sentence"] in shown and e["doc"] in shown for e in evidence)
    assert "天津滨海汽车工程职业学院" in shown  # the alias


def test_neighbourhood_grows_with_the_hops_slider(app: AppTest, built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    key = entity_key(built_graph, "武清区教育局")
    open_page(app, "explore").selectbox(key="focus_pick").set_value(key).run()
    for hops in (1, 2):
        app.slider(key="hops").set_value(hops).run()
        near = set(neighbourhood(kg, key, hops))
        assert shown_caption(app) == UI["zh"]["shown"].format(nodes=len(near),
                                                              edges=kg.g.subgraph(near).number_of_edges())


def test_a_document_button_opens_the_sources_page(app: AppTest, built_graph: Path) -> None:
    key = entity_key(built_graph, "南开大学")
    open_page(app, "explore").selectbox(key="focus_pick").set_value(key).run()
    doc = export(built_graph)["entities"]
    doc = next(e for e in doc if e["id"] == key)["properties"]["sources"][0]
    app.button(key=f"doc_{key}_{doc}").click().run()
    assert title(app) == UI["zh"]["page_sources"] and app.selectbox(key="source_doc_pick").value == doc


def test_a_large_graph_with_ties_shows_a_heatmap_and_a_limited_graph(tmp_path: Path, monkeypatch) -> None:
    """450 schools partnering with a bureau in 甲区, half of them in 乙区: ties cross regions, too many to draw."""
    kg = KnowledgeGraph()
    mention = [Mention("d1", 0, 2)]
    home, away = (kg.add_entity(Entity(name, "Region", mentions=mention)) for name in ("甲区", "乙区"))
    hub = kg.add_entity(Entity("中心教育局", "Authority", mentions=mention))
    kg.add_relation(Relation(hub, home, "LOCATED_IN", evidence=[Evidence("d1", "位于。", 0)]))
    for i in range(450):
        school = kg.add_entity(Entity(f"第{i}学校", "School", mentions=mention))
        kg.add_relation(Relation(hub, school, "PARTNERS_WITH", evidence=[Evidence("d1", "合作。", 0)]))
        kg.add_relation(Relation(school, (home, away)[i % 2], "LOCATED_IN", evidence=[Evidence("d1", "位于。", 0)]))
    write_outputs(kg, [], tmp_path / "big")
    app = start_app(tmp_path / "big", monkeypatch, tmp_path / "c.jsonl")
    assert len(app.get("vega_lite_chart")) == 2 and not app.info  # entities by region, the tie heatmap
    open_page(app, "explore")
    assert [w.value for w in app.warning] == [UI["zh"]["limit_sample"].format(total=453, shown=400)]
    assert shown_caption(app).startswith("显示 400 个实体")


# -- 原文 Sources -----------------------------------------------------------------------------
def test_sources_marks_every_mention_in_the_text(app: AppTest, built_graph: Path) -> None:
    kg = read_graph_json(built_graph / "graph.json")
    doc = "000_580ec9dc30f56721"
    open_page(app, "sources").selectbox(key="source_doc_pick").set_value(doc).run()
    page = app.get("html")[0].proto.body
    text = (ROOT / "data" / "corpus" / f"{doc}.txt").read_text(encoding="utf-8")
    expected = non_overlapping(mentions_in(kg, doc), len(text))
    assert page.count("<mark ") == len(expected) > 0
    assert 'title="学校: 杨村一中"' in page


def test_an_entity_of_a_document_opens_on_the_explore_page(app: AppTest, built_graph: Path) -> None:
    key = entity_key(built_graph, "杨村一中")
    open_page(app, "sources").selectbox(key="source_doc_pick").set_value("000_580ec9dc30f56721").run()
    app.button(key=f"open_{key}").click().run()
    assert title(app) == UI["zh"]["page_explore"]
    assert app.selectbox(key="focus_pick").value == key and app.subheader[0].value == "杨村一中"


# -- Cypher -------------------------------------------------------------------------------------
@pytest.fixture
def console(app: AppTest) -> AppTest:
    return open_page(app, "cypher")


def run_query(app: AppTest, query: str) -> AppTest:
    app.text_area(key="cypher").input(query)
    app.button(key="run").click().run()
    assert not app.exception
    return app


def test_example_query_lists_every_partnership(console: AppTest, built_graph: Path) -> None:
    graph = export(built_graph)
    names = {entity["id"]: entity["name"] for entity in graph["entities"]}
    expected = {(names[r["source"]], names[r["target"]]) for r in graph["relations"] if r["type"] == "PARTNERS_WITH"}
    console.button(key="run").click().run()
    table = console.dataframe[0].value
    assert list(table.columns) == ["甲方", "乙方", "类型"]
    assert set(zip(table["甲方"], table["乙方"], strict=True)) == expected
    assert console.get("download_button")


def test_a_library_example_fills_the_editor_and_its_parameters(console: AppTest, built_graph: Path) -> None:
    from queries.library import BY_NAME

    console.selectbox(key="example").set_value("partners").run()
    assert console.text_area(key="cypher").value == BY_NAME["partners"].cypher
    assert console.text_input(key="param_name").value == "武清区教育局"
    console.button(key="run").click().run()
    bureau = entity_key(built_graph, "武清区教育局")
    names = {e["id"]: e["name"] for e in export(built_graph)["entities"]}
    expected = sorted(names[r["target"] if r["source"] == bureau else r["source"]] for r in export(built_graph)[
        "relations"] if r["type"] == "PARTNERS_WITH" and bureau in (r["source"], r["target"]))
    assert console.dataframe[0].value["partner"].tolist() == expected


def test_a_missing_parameter_is_named(console: AppTest) -> None:
    console.selectbox(key="example").set_value("entity").run()
    console.text_input(key="param_name").input("").run()
    console.button(key="run").click().run()
    message = "E204 " + UI["zh"]["missing_param"].format(name="name")
    assert console.error[0].value == plain_markdown(message)  # shown as the characters it holds ($ not LaTeX)


def test_console_shows_nodes_by_name_and_draws_them(console: AppTest, built_graph: Path) -> None:
    expected = sorted(e["name"] for e in export(built_graph)["entities"] if e["type"] == "University")
    table = run_query(console, "MATCH (u:University) RETURN u ORDER BY u.name").dataframe[0].value
    assert table["u"].tolist() == expected
    assert len(console.get("iframe")) == 1


def test_write_query_is_refused_and_graph_unchanged(console: AppTest, built_graph: Path) -> None:
    before = (built_graph / "graph.json").read_bytes()
    run_query(console, "CREATE (:School {name: '新学校'})")
    assert len(console.error) == 1
    assert console.error[0].value.startswith("E202 refused: CREATE changes the graph")
    assert not console.dataframe
    table = run_query(console, "MATCH (n) RETURN count(n) AS n").dataframe[0].value
    assert table["n"].tolist() == [len(export(built_graph)["entities"])]
    assert (built_graph / "graph.json").read_bytes() == before


def test_bad_query_shows_one_line_error(console: AppTest) -> None:
    run_query(console, "MATCH (n RETURN n")
    message = console.error[0].value
    assert message.startswith("E201 ") and "\n" not in message


# -- 问答, 合作报告, 资源辐射: their modules are written elsewhere; the pages must load ----------------
@pytest.mark.parametrize("page", ["ask", "summaries", "spread"])
def test_analysis_page_loads_without_exception(app: AppTest, page: str) -> None:
    assert title(open_page(app, page)) == UI["zh"][f"page_{page}"]


def test_the_ask_page_shows_its_examples_before_reading_the_graph(own_build: Path, monkeypatch,
                                                                  tmp_path: Path) -> None:
    from app_pages import shared
    from graph.views import read_views

    reads: list[str] = []
    monkeypatch.setattr(shared, "warm_graph", lambda folder: None)  # no background read to race with
    monkeypatch.setattr(shared, "read_graph", lambda folder: reads.append("graph") or read_graph_json(
        folder / "graph.json"))
    real_open_store = shared.open_store
    monkeypatch.setattr(shared, "open_store", lambda folder: reads.append("store") or real_open_store(folder))
    app = open_page(start_app(own_build, monkeypatch, tmp_path / "curation.jsonl"), "ask")
    examples = read_views(own_build).examples["zh"]
    assert examples and app.get("button_group")[0].proto.options[0].content == examples[0]
    assert reads == []  # the page, its examples included, came from views.json
    app.text_input(key="question").input(examples[0])
    app.button(key="ask").click().run()
    assert sorted(reads) == ["graph", "store"] and app.success, [e.value for e in app.exception]


# -- 校正 Curation ------------------------------------------------------------------------------
@pytest.fixture
def curation_page(app: AppTest) -> AppTest:
    return open_page(app, "curation")


def test_a_decision_is_recorded_and_shown_in_the_history(curation_page: AppTest, built_graph: Path,
                                                         tmp_path: Path) -> None:
    app = curation_page
    app.text_input(key="who_input").input("王老师")
    app.selectbox(key="cur_entity").set_value(entity_key(built_graph, "杨村一中")).run()
    app.radio(key="cur_entity_action").set_value("rename_entity").run()
    app.text_input(key="cur_new_name").input("天津市杨村第一中学")
    app.text_input(key="cur_entity_why").input("学校官网全称")
    app.button(key="record_entity").click().run()
    assert app.success and not app.error
    [decision] = load_decisions(tmp_path / "curation.jsonl")
    assert (decision.action, decision.who, decision.entity, decision.name, decision.why) == (
        "rename_entity", "王老师", "School:杨村一中", "天津市杨村第一中学", "学校官网全称")
    history = app.dataframe[0].value
    columns = [UI["zh"][f"col_{c}"] for c in ("action", "who", "entity", "name")]
    assert history[columns].values.tolist() == [["改名", "王老师", "School:杨村一中", "天津市杨村第一中学"]]
    app.text_input(key="who_input").input("李老师").run()
    app.button(key="record_entity").click().run()  # a second curator renames it again
    app.multiselect(key="history_who").set_value(["李老师"]).run()  # the audit filtered by person
    assert app.dataframe[0].value[UI["zh"]["col_who"]].tolist() == ["李老师"]


def test_relation_rejections_and_merges_are_recorded(curation_page: AppTest, built_graph: Path,
                                                     tmp_path: Path) -> None:
    app = curation_page
    app.text_input(key="who_input").input("李老师").run()
    bureau, nankai = entity_key(built_graph, "武清区教育局"), entity_key(built_graph, "南开大学")
    app.selectbox(key="cur_relation").set_value((bureau, nankai, "PARTNERS_WITH")).run()
    app.radio(key="cur_relation_action").set_value("reject_relation").run()
    app.button(key="record_relation").click().run()
    app.selectbox(key="cur_duplicate").set_value(entity_key(built_graph, "天狮学院"))
    app.selectbox(key="cur_into").set_value(nankai).run()
    app.button(key="record_merge").click().run()
    assert [(d.action, d.source, d.target, d.entity, d.into) for d in load_decisions(tmp_path / "curation.jsonl")] == [
        ("reject_relation", "Authority:武清区教育局", "University:南开大学", "", ""),
        ("merge_entities", "", "", "University:天狮学院", "University:南开大学")]
    assert len(app.dataframe[0].value) == 2


def test_rebuild_now_applies_the_recorded_decision(own_build: Path, monkeypatch, tmp_path: Path) -> None:
    app = open_page(start_app(own_build, monkeypatch, tmp_path / "c.jsonl"), "curation")
    app.text_input(key="who_input").input("王老师")
    app.selectbox(key="cur_entity").set_value(entity_key(own_build, "杨村一中")).run()
    app.radio(key="cur_entity_action").set_value("rename_entity").run()
    app.text_input(key="cur_new_name").input("天津市杨村第一中学")
    app.button(key="record_entity").click().run()
    app.button(key="rebuild").click().run()
    assert not app.exception and not app.error
    renamed = {e["name"]: e for e in export(own_build)["entities"]}["天津市杨村第一中学"]
    assert "杨村一中" in renamed["aliases"]
    open_page(app, "explore").text_input(key="search").input("杨村一中").run()
    assert app.subheader[0].value == "天津市杨村第一中学"  # the new build is shown, found by its old name


def test_a_decision_without_a_name_is_refused(curation_page: AppTest, built_graph: Path, tmp_path: Path) -> None:
    curation_page.selectbox(key="cur_entity").set_value(entity_key(built_graph, "杨村一中")).run()
    curation_page.button(key="record_entity").click().run()
    assert curation_page.error[0].value.startswith("E401 ")
    assert not (tmp_path / "curation.jsonl").exists()


def test_the_name_is_remembered_across_pages(curation_page: AppTest) -> None:
    curation_page.text_input(key="who_input").input("王老师").run()
    open_page(curation_page, "overview")
    assert open_page(curation_page, "curation").text_input(key="who_input").value == "王老师"


# -- 导入 Ingest ---------------------------------------------------------------------------------
def test_an_uploaded_report_is_saved_as_text_and_reviewed(own_build: Path, monkeypatch, tmp_path: Path) -> None:
    app = open_page(start_app(own_build, monkeypatch, tmp_path / "c.jsonl"), "ingest")
    after_reading(app.file_uploader(key="uploads").set_value(("../锦江 简报.html", HTML_REPORT.encode(),
                                                                "text/html")).run())
    assert not app.exception and not app.error
    saved = own_build / "uploads" / "锦江_简报.txt"
    assert saved.read_text(encoding="utf-8").splitlines()[0] == "锦江区教育局简报"
    entities = app.dataframe[0].value
    assert {"锦江区教育局", "四川大学"} <= set(entities[UI["zh"]["name"]])
    relations = app.dataframe[1].value
    assert "锦江区教育局与四川大学、西南交通大学建立合作共建关系。" in set(relations[UI["zh"]["sentence"]])


def test_an_upload_the_extractor_fails_on_is_named_and_the_others_are_reviewed(own_build: Path, monkeypatch,
                                                                              tmp_path: Path) -> None:
    fail_extraction(monkeypatch, "broken")
    app = open_page(start_app(own_build, monkeypatch, tmp_path / "c.jsonl"), "ingest")
    after_reading(app.file_uploader(key="uploads").set_value(
        [("jinjiang.html", HTML_REPORT.encode(), "text/html"),
         ("broken.txt", "锦江区教育局召开会议。".encode(), "text/plain")]).run())
    assert not app.exception
    assert len(app.error) == 1  # the path is shown as Markdown-escaped text
    assert app.error[0].value.endswith("broken.txt: extraction failed (KeyError: '区'); the other documents were built")
    assert {"锦江区教育局", "四川大学"} <= set(app.dataframe[0].value[UI["zh"]["name"]])


def test_an_oversized_or_unsupported_upload_is_refused(own_build: Path, monkeypatch, tmp_path: Path) -> None:
    app = open_page(start_app(own_build, monkeypatch, tmp_path / "c.jsonl"), "ingest")
    app.file_uploader(key="uploads").set_value(("big.txt", b"x" * (10 * 1024 * 1024 + 1), "text/plain")).run()
    assert "10 MB limit" in app.error[0].value
    assert not (own_build / "uploads").exists()


def test_fresh_build_then_add_an_upload_to_the_graph(tmp_path: Path, monkeypatch) -> None:
    build_dir = tmp_path / "new-build"
    app = start_app(build_dir, monkeypatch, tmp_path / "c.jsonl")
    assert (build_dir / "graph.json").exists() and (build_dir / "store" / "CURRENT").exists()
    assert sum(int(metric.value) for metric in app.metric) == len(export(build_dir)["entities"]) > 0
    after_reading(open_page(app, "ingest").file_uploader(key="uploads").set_value(
        ("jinjiang.html", HTML_REPORT.encode(), "text/html")).run())
    app.button(key="add_to_graph").click().run()
    assert not app.exception and app.success
    names = {e["name"]: e for e in export(build_dir)["entities"]}
    assert "jinjiang" in names["锦江区教育局"]["properties"]["sources"]
    open_page(app, "overview")
    assert "jinjiang" in app.dataframe[-1].value[UI["zh"]["doc"]].tolist()
    built_at = (build_dir / "graph.json").stat().st_mtime_ns
    open_page(app, "curation").button(key="rebuild").click().run()  # again at once: one rebuild per 30 s
    assert app.warning and UI["zh"]["rebuild_wait"].split("{")[0] in app.warning[0].value
    assert (build_dir / "graph.json").stat().st_mtime_ns == built_at


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


def test_colour_override_and_emphasis(tiny) -> None:
    kg, keys = tiny
    nodes = {n["label"]: n for n in vis_nodes(kg, [keys["杨村一中"], keys["南开大学"]], UI["zh"],
                                               colours={keys["南开大学"]: "#123456"}, emphasis=[keys["南开大学"]])}
    assert nodes["南开大学"]["color"] == "#123456" and nodes["南开大学"]["size"] > 16
    assert nodes["杨村一中"]["color"] == LABEL_COLOURS["School"] and "size" not in nodes["杨村一中"]


def test_edges_need_both_ends_and_carry_evidence(tiny) -> None:
    kg, keys = tiny
    shown = {keys["杨村一中"], keys["南开大学"], keys["青蓝工程"]}
    edges = {edge["label"]: edge for edge in vis_edges(kg, shown, UI["en"])}
    assert set(edges) == {"partners with", "runs"}
    assert edges["partners with"]["arrows"] == "" and edges["runs"]["arrows"] == "to"
    assert "[d2] 南开大学PARTNERS_WITH杨村一中。" in edges["partners with"]["title"]
    only_runs = vis_edges(kg, shown, UI["en"], edge_ok=lambda s, d, data: data["type"] == "RUNS")
    assert [edge["label"] for edge in only_runs] == ["runs"]


def test_graph_html_is_offline_with_legend(tiny) -> None:
    kg, keys = tiny
    page = graph_html(kg, {keys["杨村一中"], keys["武清区"]}, words=UI["zh"])
    assert not re.search(r'<(link|script)\b[^>]*\b(href|src)="https?://', page)
    assert "new vis.Network" in page
    assert json.dumps("杨村一中") in page and json.dumps("南开大学") not in page  # node data is ASCII-escaped JSON
    legend = re.search(r'<div id="legend".*?</div>', page).group(0)
    assert "地区 1" in legend and "学校 1" in legend and "高校" not in legend
    steps = graph_html(kg, {keys["杨村一中"]}, words=UI["zh"], legend=[("#d62728", "第 0 步")])
    assert "第 0 步" in re.search(r'<div id="legend".*?</div>', steps).group(0)


def test_every_ui_text_exists_in_both_languages() -> None:
    assert set(UI["zh"]) == set(UI["en"])
    source = "".join(path.read_text(encoding="utf-8") for path in [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py")])
    used = set(re.findall(r'[^\w.]t\("(\w+)"\)', source))
    assert used <= set(UI["zh"]), used - set(UI["zh"])


def test_every_page_says_when_a_build_runs_on_its_folder(own_build: Path, monkeypatch, tmp_path: Path) -> None:
    """A CLI build (here: the build lock held by another process) is told on the page, which still shows the
    previous graph; once it ends, the line goes."""
    import subprocess
    import sys

    hold = ("import sys, time\nfrom pathlib import Path\nfrom ingest.lock import build_lock\n"
            "with build_lock(Path(sys.argv[1]), 'python -m ingest (王老师)'):\n"
            "    print('held', flush=True)\n    time.sleep(60)\n")
    other = subprocess.Popen([sys.executable, "-c", hold, str(own_build)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "held"
        app = start_app(own_build, monkeypatch, tmp_path / "c.jsonl")
        for page in ("overview", "explore", "ask", "cypher", "curation"):
            open_page(app, page)
            assert any("python -m ingest (王老师)" in info.value for info in app.info), page
            assert not app.exception and app.title[0].value == UI["zh"][f"page_{page}"]
    finally:
        other.kill()
        other.wait()
    open_page(app, "explore")
    assert not any("王老师" in info.value for info in app.info)


def test_without_users_every_page_says_it_is_for_this_machine_only(own_build: Path, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("KG_USERS", raising=False)
    app = start_app(own_build, monkeypatch, tmp_path / "c.jsonl")
    for page in ("overview", "explore", "ask", "curation", "ingest"):
        open_page(app, page)
        assert UI["zh"]["single_user_note"] in [caption.value for caption in app.sidebar.caption], page
