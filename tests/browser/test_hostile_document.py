"""A hostile document (a script, HTML, Markdown images and links in its title and sentences) renders inert on
every page: its text shows as the characters it holds, and no page makes the browser fetch anything from the
addresses it names (every request to them would fail and fail the test, see conftest.new_page)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ingest.build import DEFAULT_SOURCE, build
from tests.browser.conftest import Server, serve
from tests.browser.ui import fill, no_exception, open_page, summarize_for, table_cells, tall

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))["zh"]
TRAP = "127.0.0.1:9"  # nothing listens there: a fetch is a failed request
HOSTILE = f"""<script>alert("x")</script>![图](http://{TRAP}/title.gif)嘉兴市南湖区教育局简报

4月8日，嘉兴市南湖区教育局与嘉兴学院在南湖区实验小学签订合作共建协议![图](http://{TRAP}/sentence.gif)。
南湖区教育局局长沈[链接](http://{TRAP}/link)明出席签约仪式<img src="http://{TRAP}/img.gif" onerror="alert(1)">。
[点此查看](http://{TRAP}/more) 南湖区实验小学<b>校长</b>许一帆作交流发言，详见 http://{TRAP}/page 。
"""


@pytest.fixture(scope="module")
def hostile_app(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on the sample corpus plus the hostile report, kept where the app keeps uploads."""
    work = tmp_path_factory.mktemp("hostile")
    uploads = work / "uploads"
    uploads.mkdir()
    (uploads / "hostile_report.txt").write_text(HOSTILE, encoding="utf-8")
    built = work / "graph"
    build([DEFAULT_SOURCE, uploads], built, curation=None)
    with serve(work, built) as running:
        shutil.copytree(uploads, running.build_dir / "uploads")  # where Sources finds the report's text
        yield running


@pytest.fixture
def app_url(hostile_app: Server) -> str:
    return hostile_app.url


def inert(page: Page) -> None:
    """No element of the page's own document points at the trap, and no exception shows."""
    for selector in (f'img[src*="{TRAP}"]', f'a[href*="{TRAP}"]', '[data-testid="stMain"] script'):
        expect(page.locator(selector)).to_have_count(0)
    no_exception(page)


def entity_key(hostile_app: Server, name: str) -> str:
    export = json.loads((hostile_app.build_dir / "graph.json").read_text(encoding="utf-8"))
    return next(e["id"] for e in export["entities"] if e["name"] == name)


def test_the_overview_and_the_source_show_the_report_as_text(page: Page, new_page) -> None:
    tall(page, 1400)
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(UI["page_overview"])
    inert(page)
    source = new_page("/sources?doc=hostile_report")
    expect(source.get_by_text("点此查看").first).to_be_visible()
    expect(source.get_by_text(f"http://{TRAP}/more").first).to_be_visible()  # the address, as characters
    inert(source)


def test_explore_shows_the_evidence_as_text(new_page, hostile_app: Server) -> None:
    page = new_page(f"/explore?entity={entity_key(hostile_app, '南湖区教育局')}")
    expect(page.get_by_text("嘉兴学院").first).to_be_visible()
    inert(page)


def test_an_answer_and_a_summary_show_the_evidence_as_text(page: Page) -> None:
    tall(page, 1500)
    open_page(page, "问答")
    fill(page, UI["question"], "南湖区教育局的合作伙伴有哪些？")
    page.get_by_role("button", name=UI["ask"]).click()
    expect(table_cells(page).filter(has_text="嘉兴学院").first).to_be_attached()
    page.get_by_text(UI["evidence_count"].split("（")[0]).first.click()
    expect(page.get_by_text("签订合作共建协议").first).to_be_visible()
    inert(page)
    open_page(page, "合作报告")
    expect(page.get_by_role("button", name=UI["summarize"])).to_be_visible()
    summarize_for(page, "南湖区教育局", UI["summarize"])
    expect(page.get_by_role("button", name=UI["download_md"])).to_be_visible()
    expect(page.get_by_text("嘉兴学院").first).to_be_visible()
    inert(page)


def test_the_console_shows_the_evidence_as_text(page: Page) -> None:
    tall(page, 1400)
    open_page(page, "Cypher 查询")
    fill(page, UI["query"], "MATCH (a)-[r]->(b) WHERE 'hostile_report' IN r.docs "
                             "RETURN a.name AS a, r.sentences AS evidence LIMIT 20", testid="stTextArea")
    page.get_by_role("button", name=UI["run"], exact=True).click()
    expect(table_cells(page).filter(has_text="南湖区教育局").first).to_be_attached()
    inert(page)
