"""No embedded FalkorDB server outlives a rebuild or the app: counted as processes, in a real browser session."""

from __future__ import annotations

import json
import time
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORT, serve
from tests.browser.ui import open_page, tall

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))["zh"]


def servers() -> set[int]:
    return {p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "redis-server"}


def wait_for(condition, deadline_s: float = 20) -> bool:
    """Poll until processes have exited (a stopped server takes ~2 s to go), not a wait on a page."""
    end = time.monotonic() + deadline_s
    while not condition() and time.monotonic() < end:
        time.sleep(0.2)
    return condition()


def test_no_redis_server_outlives_a_rebuild_or_the_app(browser, built_graph, tmp_path):
    before = servers()
    with serve(tmp_path, built_graph) as app:
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        page = context.new_page()
        page.goto(app.url)
        tall(page, 1000)
        open_page(page, "Cypher 查询")  # the page queries the store, so its server runs
        page.get_by_role("button", name=UI["run"]).click()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        first = servers() - before
        assert len(first) == 1
        open_page(page, "校正")
        page.get_by_role("button", name=UI["rebuild"]).click()
        built = UI["built"].split("{")[0]
        expect(page.locator('[data-testid="stAlertContentSuccess"]').filter(has_text=built)).to_be_visible(
            timeout=120_000)
        open_page(page, "Cypher 查询")
        page.get_by_role("button", name=UI["run"]).click()
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        assert wait_for(lambda: not servers() & first)  # the previous build's server has stopped
        assert len(servers() - before) == 1  # and the new build's one runs
        context.close()
    assert wait_for(lambda: not servers() - before)  # none outlives the app's SIGTERM
