"""Two coordinators at once: both query and both record a decision; both decisions are kept, the store is intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ingest.curation import load_decisions
from tests.browser.ui import choose, fill, open_page, table_cells

pytestmark = pytest.mark.browser

UI = json.loads((Path(__file__).resolve().parents[2] / "data" / "ui_labels.json").read_text(encoding="utf-8"))["zh"]
COUNT = "MATCH (n) RETURN count(n) AS n"


def start_query(page: Page) -> None:
    open_page(page, "Cypher 查询")
    fill(page, UI["query"], COUNT, testid="stTextArea")
    page.get_by_role("button", name=UI["run"]).click()


def start_decision(page: Page, who: str, entity: str) -> None:
    open_page(page, "校正")
    fill(page, UI["who"], who)
    choose(page, UI["entity"], entity)
    page.get_by_text(UI["act_reject_entity"], exact=True).click()
    page.get_by_role("button", name=UI["record"]).click()


def test_two_sessions_query_and_record_decisions_at_once(new_page, server, built_graph: Path) -> None:
    first, second = new_page(), new_page()
    # the server's own build: an earlier test may have added a report to it
    entities = len(json.loads((server.build_dir / "graph.json").read_text(encoding="utf-8"))["entities"])
    start_query(first)
    start_query(second)  # both queries are in flight together
    for page in (first, second):
        expect(table_cells(page).first).to_have_text(str(entities))
    start_decision(first, "王老师", "天狮学院")
    start_decision(second, "李老师", "耀华中学校")
    for page in (first, second):
        expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_be_visible()
    assert {(d.who, d.entity) for d in load_decisions(server.curation_file)} >= {
        ("王老师", "University:天狮学院"), ("李老师", "School:耀华中学校")}
    open_page(first, "概览")
    open_page(first, "校正")  # the first session reads the history again
    first.get_by_role("tab", name=UI["tab_history"]).click()
    history = first.locator('[data-testid="stDataFrame"] table[role="grid"] td')
    expect(history.filter(has_text="李老师").first).to_be_attached()
    expect(history.filter(has_text="王老师").first).to_be_attached()
    start_query(second)
    expect(table_cells(second).first).to_have_text(str(entities))
