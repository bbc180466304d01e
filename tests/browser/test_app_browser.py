"""The app in a real Chromium: the page loads, the graph draws every node, the console shows rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "screenshots" / "app.png"
UNIVERSITY_NAMES = "MATCH (u:University) RETURN u.name AS name ORDER BY name"


def export(build_dir: Path) -> dict:
    return json.loads((build_dir / "graph.json").read_text(encoding="utf-8"))


def university_names(build_dir: Path) -> list[str]:
    return sorted(e["name"] for e in export(build_dir)["entities"] if e["type"] == "University")


def graph_frame(page: Page) -> Frame:
    """The frame of the pyvis graph, once its canvas exists."""
    iframe = page.locator('[data-testid="stIFrame"]')
    expect(iframe).to_be_visible()
    expect(page.frame_locator('[data-testid="stIFrame"]').locator("#mynetwork canvas")).to_be_attached()
    return iframe.element_handle().content_frame()


def run_query(page: Page, query: str) -> None:
    page.locator('[data-testid="stTextArea"] textarea').fill(query)
    page.get_by_role("button", name="运行").click()


def result_cells(page: Page):
    """Cells of the result table, read from the data grid's accessible (visually hidden) table."""
    return page.locator('[data-testid="stDataFrame"] table[role="grid"] td')


def test_page_shows_title(page: Page) -> None:
    expect(page).to_have_title("教育协作知识图谱")
    expect(page.get_by_role("heading", name="教育协作知识图谱")).to_be_visible()


def test_graph_draws_every_node(page: Page, built_graph: Path) -> None:
    frame = graph_frame(page)
    assert frame.evaluate("network.body.data.nodes.length") == len(export(built_graph)["entities"])
    assert frame.evaluate("network.body.data.edges.length") == len(export(built_graph)["relations"])


def test_console_shows_query_rows(page: Page, built_graph: Path) -> None:
    names = university_names(built_graph)
    run_query(page, UNIVERSITY_NAMES)
    expect(result_cells(page).first).to_have_text(names[0])
    assert result_cells(page).all_inner_texts() == names


def test_screenshot_of_graph_and_console(page: Page, built_graph: Path) -> None:
    page.set_viewport_size({"width": 1400, "height": 1800})
    frame = graph_frame(page)
    expect(frame.locator("#loadingBar")).to_be_hidden()  # physics has stabilised
    run_query(page, UNIVERSITY_NAMES)
    expect(result_cells(page).first).to_have_text(university_names(built_graph)[0])
    expect(page.locator('[data-testid="stDataFrame"] canvas').first).to_be_visible()
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
