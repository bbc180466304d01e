"""Every page of the app in a real Chromium: it loads, a person can use it, and it shows what it should.

Each test saves the page as docs/screenshots/<page>.png for docs/walkthrough.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.explore import neighbourhood
from graph.jsonio import read_graph_json
from graph.model import LABELS
from tests.browser.ui import (
    choose,
    fill,
    graph_frame,
    no_exception,
    node_names,
    open_page,
    screenshot,
    summarize_for,
    table_cells,
    tall,
    widget,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))["zh"]
HTML_REPORT = ("<html><body><h1>锦江区教育局简报</h1><p>锦江区教育局与四川大学、西南交通大学建立合作共建关系。"
               "</p><script>alert(1)</script></body></html>")


def export(build_dir: Path) -> dict:
    return json.loads((build_dir / "graph.json").read_text(encoding="utf-8"))


def test_overview_shows_counts_charts_and_documents(page: Page, built_graph: Path) -> None:
    tall(page, 1500)
    expect(page).to_have_title("教育协作知识图谱")
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("概览")
    entities = export(built_graph)["entities"]
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics).to_have_count(len(LABELS))
    expect(metrics.filter(has_text=UI["School"]).locator('[data-testid="stMetricValue"]')).to_have_text(
        str(sum(e["type"] == "School" for e in entities)))
    expect(page.locator('[data-testid="stVegaLiteChart"]').first.locator("canvas, svg").first).to_be_visible()
    expect(page.get_by_text(UI["no_ties"])).to_be_visible()
    docs = sorted({doc for e in entities for doc in e["properties"]["sources"]})
    expect(table_cells(page, -1).first).to_have_text(docs[0])
    screenshot(page, "overview")


def test_explore_finds_a_school_by_alias_and_shows_its_partners(page: Page, built_graph: Path) -> None:
    tall(page, 1100)
    open_page(page, "探索")
    everything = graph_frame(page)
    assert everything.evaluate("network.body.data.nodes.length") == len(export(built_graph)["entities"])
    fill(page, UI["search"], "天津滨海")
    expect(page.locator('[data-testid="stMain"] h3').first).to_have_text("天津渤海汽车工程职业学院")
    kg = read_graph_json(built_graph / "graph.json")
    key = next(k for k, d in kg.entities() if d["name"] == "天津渤海汽车工程职业学院")
    expected = sorted(kg.g.nodes[k]["name"] for k in neighbourhood(kg, key, 1))
    expect(page.get_by_text(UI["shown"].format(nodes=len(expected), edges=3))).to_be_visible()
    assert node_names(graph_frame(page)) == expected
    expect(page.get_by_text("武清区教育局 ·").first).to_be_visible()  # evidence: partnership with the bureau
    widget(page, "stSlider", UI["hops"]).get_by_role("slider").press("ArrowRight")  # two steps out
    two_steps = set(neighbourhood(kg, key, 2))
    edges = kg.g.subgraph(two_steps).number_of_edges()
    expect(page.get_by_text(UI["shown"].format(nodes=len(two_steps), edges=edges))).to_be_visible()
    assert node_names(graph_frame(page)) == sorted(kg.g.nodes[k]["name"] for k in two_steps)
    screenshot(page, "explore")
    page.get_by_role("button", name="000_580ec9dc30f56721").click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("原文")
    expect(page).to_have_url(re.compile(r"/sources\?doc=000_580ec9dc30f56721$"))


def test_sources_marks_entities_and_links_them_to_explore(page: Page) -> None:
    tall(page, 1100)
    open_page(page, "原文")
    choose(page, UI["document"], "000_580ec9dc30f56721")
    marks = page.locator("mark.entity")
    expect(marks.first).to_be_visible()
    expect(page.locator('mark.entity[title="学校: 杨村一中"]').first).to_have_text("杨村一中")
    assert marks.count() > 20
    screenshot(page, "sources")
    page.get_by_role("button", name="杨村一中", exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("探索")
    expect(page.locator('[data-testid="stMain"] h3').first).to_have_text("杨村一中")
    expect(page).to_have_url(re.compile(r"/explore\?entity=e[0-9a-f]+$"))


def test_cypher_runs_a_library_example_and_draws_returned_paths(page: Page, built_graph: Path) -> None:
    tall(page, 1500)
    open_page(page, "Cypher 查询")
    choose(page, UI["examples"], "合作伙伴")
    expect(page.locator('[data-testid="stTextArea"] textarea')).to_have_value(re.compile("PARTNERS_WITH"))
    expect(widget(page, "stTextInput", "$name").locator("input")).to_have_value("武清区教育局")
    page.get_by_role("button", name=UI["run"]).click()
    expect(table_cells(page).first).to_have_text("南开大学")
    fill(page, UI["query"], "MATCH p = (a)-[:PARTNERS_WITH]->(b) RETURN p", testid="stTextArea")
    page.get_by_role("button", name=UI["run"]).click()
    frame = graph_frame(page)
    partners = [r for r in export(built_graph)["relations"] if r["type"] == "PARTNERS_WITH"]
    ends = {r["source"] for r in partners} | {r["target"] for r in partners}
    assert frame.evaluate("network.body.data.nodes.length") == len(ends)
    assert frame.evaluate("network.body.data.edges.length") == len(partners)
    expect(page.get_by_role("button", name=UI["download_csv"])).to_be_visible()
    screenshot(page, "cypher")
    fill(page, UI["query"], "MATCH (n) DETACH DELETE n", testid="stTextArea")
    page.get_by_role("button", name=UI["run"]).click()
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text("E202 refused: DETACH changes the graph")


def page_ready(page: Page, control) -> None:
    """Wait for the page's main control, with no exception shown."""
    expect(control).to_be_visible()
    no_exception(page)


def test_ask_answers_opens_evidence_and_runs_its_cypher_in_the_console(page: Page) -> None:
    tall(page, 1500)
    open_page(page, "问答")
    page_ready(page, page.get_by_role("button", name=UI["ask"]))
    fill(page, UI["question"], "武清区和哪些高校建立了思政教育共建关系？")
    page.get_by_role("button", name=UI["ask"]).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("武清区 的合作伙伴（高校）")
    expect(table_cells(page).first).to_have_text("南开大学")
    page.get_by_text(re.compile(UI["evidence_count"].split("（")[0])).click()
    expect(page.get_by_text(re.compile("与南开大学、天津大学")).first).to_be_visible()
    page.get_by_text(UI["cypher_used"]).click()
    expect(page.locator('[data-testid="stCode"]')).to_contain_text("PARTNERS_WITH")
    screenshot(page, "ask")
    page.get_by_role("button", name=UI["run_in_console"]).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Cypher 查询")
    expect(page.locator('[data-testid="stTextArea"] textarea')).to_have_value(re.compile("PARTNERS_WITH"))
    expect(table_cells(page).first).to_have_text("南开大学")
    no_exception(page)


def test_ask_offers_questions_it_can_answer(page: Page) -> None:
    open_page(page, "问答")
    fill(page, UI["question"], "今天天气怎么样")
    page.get_by_role("button", name=UI["ask"]).click()
    suggestions = page.get_by_role("radiogroup", name=UI["suggested_questions"]).get_by_role("radio")
    expect(suggestions.first).to_be_visible()
    suggestions.first.click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_be_visible()
    no_exception(page)


def test_summaries_page_loads(page: Page) -> None:
    tall(page, 1300)
    open_page(page, "合作报告")
    page_ready(page, page.get_by_role("button", name=UI["summarize"]))
    summarize_for(page, "武清区教育局", UI["summarize"])
    expect(page.get_by_role("button", name=UI["download_md"])).to_be_visible()
    screenshot(page, "summaries")


def test_spread_page_loads(page: Page) -> None:
    tall(page, 1500)
    open_page(page, "资源辐射")
    page_ready(page, page.get_by_role("button", name=UI["trace"]))
    choose(page, UI["spread_source"], "南开大学")
    page.get_by_role("button", name=UI["trace"]).click()
    expect(page.get_by_role("button", name=UI["download_json"])).to_be_visible()
    graph_frame(page)
    screenshot(page, "spread")


def test_curation_records_a_fix_and_shows_it_in_the_history(page: Page, server) -> None:
    tall(page, 1000)
    open_page(page, "校正")
    fill(page, UI["who"], "王老师")
    choose(page, UI["entity"], "杨村一中")
    page.get_by_text(UI["act_rename_entity"], exact=True).click()
    fill(page, UI["new_name"], "天津市杨村第一中学")
    fill(page, UI["why"], "学校官网全称")
    page.get_by_role("button", name=UI["record"]).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("天津市杨村第一中学")
    screenshot(page, "curation")
    page.get_by_role("tab", name=UI["tab_history"]).click()
    expect(table_cells(page).filter(has_text="王老师").first).to_be_attached()
    assert "天津市杨村第一中学" in server.curation_file.read_text(encoding="utf-8")


def test_curated_text_renders_as_text_and_fetches_nothing(page: Page) -> None:
    hostile = "![x](http://127.0.0.1:9/who.gif)"
    tall(page, 1000)
    open_page(page, "校正")
    fill(page, UI["who"], hostile)
    choose(page, UI["entity"], "杨村一中")
    why = page.locator(f'input[aria-label="{UI["why"]}"]:visible').first
    why.fill("[官网](http://127.0.0.1:9/why) <img src=http://127.0.0.1:9/i.gif>")
    why.press("Enter")
    page.get_by_role("button", name=UI["record"]).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text(hostile)  # the characters it holds
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator('img[src*="127.0.0.1:9"]')).to_have_count(0)
    expect(main.locator('a[href*="127.0.0.1:9"]')).to_have_count(0)


def test_ingest_reads_an_uploaded_report_and_shows_what_was_extracted(page: Page, server, tmp_path: Path) -> None:
    tall(page, 1300)
    open_page(page, "导入")
    report = tmp_path / "锦江简报.html"
    report.write_text(HTML_REPORT, encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
    expect(page.get_by_text(UI["saved"].format(n=1, names="锦江简报.txt"))).to_be_visible()
    expect(table_cells(page).filter(has_text="锦江区教育局").first).to_be_attached()
    expect(page.get_by_role("button", name=UI["add_to_graph"])).to_be_visible()
    assert (server.build_dir / "uploads" / "锦江简报.txt").exists()
    screenshot(page, "ingest")


def test_an_upload_is_read_in_the_background_while_the_visitor_goes_elsewhere(page: Page, server,
                                                                              tmp_path: Path) -> None:
    """A long report is read by a background job: its progress shows, another page opens meanwhile (a
    request-bound read would be cut off by the navigation), and coming back shows what was extracted."""
    corpus = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "data" / "corpus").glob("*.txt")))
    report = tmp_path / "长篇汇编.txt"
    report.write_text("\n".join([corpus] * 6), encoding="utf-8")
    open_page(page, "导入")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
    expect(page.locator('[data-testid="stProgress"]')).to_be_visible()
    open_page(page, "概览")
    no_exception(page)
    open_page(page, "导入")
    try:
        expect(page.get_by_text(UI["saved"].format(n=1, names="长篇汇编.txt"))).to_be_visible(timeout=120_000)
        expect(table_cells(page).filter(has_text="武清区教育局").first).to_be_attached()
        no_exception(page)
    finally:
        (server.build_dir / "uploads" / "长篇汇编.txt").unlink(missing_ok=True)


def test_a_binary_upload_is_refused_and_a_bad_stored_file_breaks_no_page(page: Page, server, tmp_path: Path) -> None:
    binary = bytes(range(256)) * 40
    upload = tmp_path / "图片.txt"
    upload.write_bytes(binary)
    open_page(page, "导入")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
    expect(page.locator('[data-testid="stAlertContentError"]').filter(has_text="图片.txt")).to_contain_text("binary")
    assert not (server.build_dir / "uploads" / "图片.txt").exists()  # refused, never stored
    planted = server.build_dir / "uploads" / "坏文件.txt"  # put there by hand, past the upload checks
    planted.parent.mkdir(exist_ok=True)
    planted.write_bytes(binary)
    try:
        for title in ("概览", "原文", "探索"):
            open_page(page, title)
            no_exception(page)
    finally:
        planted.unlink()


def test_what_is_new_lists_what_an_added_report_brought(page: Page, server, tmp_path: Path) -> None:
    """Upload a report, add it to the graph, and the 变化 page lists the document and what it added."""
    tall(page, 1400)
    open_page(page, "变化")
    report = tmp_path / "青羊简报.txt"
    report.write_text("青羊区教育局与西南财经大学签订合作共建协议。", encoding="utf-8")
    open_page(page, "导入")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
    page.get_by_role("button", name=UI["add_to_graph"]).click()
    built = UI["built"].split("{")[0]
    expect(page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=built)).to_be_visible(timeout=120_000)
    open_page(page, "变化")
    expect(page.get_by_text(re.compile("新增文档：.*青羊简报"))).to_be_visible()
    page.get_by_role("tab", name=UI["added_relations"]).click()
    expect(table_cells(page).filter(has_text="西南财经大学").first).to_be_attached()
    no_exception(page)
    screenshot(page, "changes")
