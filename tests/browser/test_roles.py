"""The team app (KG_USERS): an anonymous visitor sees only sign-in, a viewer reaches no write control by
menu or URL, an editor curates and the audit records the signed-in name."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from graph.access import make_hash
from tests.browser.conftest import Server, serve
from tests.browser.ui import choose, open_page, tall

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))["zh"]
USERS = {"viewer1": ("viewer", "看一看就好"), "editor1": ("editor", "改一改也行")}


@pytest.fixture(scope="module")
def team(chromium: str, built_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("team")
    users = work / "users.toml"
    users.write_text("".join(f'[users.{name}]\nrole = "{role}"\npassword_hash = "{make_hash(password)}"\n\n'
                             for name, (role, password) in USERS.items()), encoding="utf-8")
    with serve(work, built_graph, KG_USERS=str(users)) as running:
        yield running


@pytest.fixture
def app_url(team: Server) -> str:
    return team.url


def sign_in(page: Page, name: str) -> None:
    page.get_by_label(UI["signin_user"]).fill(name)
    page.get_by_label(UI["signin_password"]).fill(USERS[name][1])
    page.get_by_role("button", name=UI["signin_button"]).click()
    expect(page.get_by_text(UI["signed_in_as"].format(name=name, role=UI[f"role_{USERS[name][0]}"]))).to_be_visible()


def not_found(page: Page) -> None:
    """Streamlit says a page this session may not see does not exist; close what it says."""
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Page not found")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)


def menu(page: Page) -> list[str]:
    return [text.split("\n")[-1] for text in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def test_an_anonymous_visitor_sees_only_sign_in(page: Page, new_page) -> None:
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(UI["page_signin"])
    assert menu(page) == []
    page = new_page("/curation")  # a write page's own URL
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(UI["page_signin"])
    not_found(page)
    expect(page.get_by_role("button", name=UI["record"])).to_have_count(0)
    page.get_by_label(UI["signin_user"]).fill("viewer1")
    page.get_by_label(UI["signin_password"]).fill("错的")
    page.get_by_role("button", name=UI["signin_button"]).click()
    expect(page.get_by_text(UI["signin_failed"])).to_be_visible()


def test_a_viewer_reaches_no_write_control_by_menu_or_url(page: Page, new_page) -> None:
    sign_in(page, "viewer1")
    shown = menu(page)
    assert UI["page_ask"] in shown and UI["page_cypher"] in shown
    assert not {UI["page_curation"], UI["page_ingest"]} & set(shown)
    for path in ("curation", "ingest"):
        page = new_page(f"/{path}")
        not_found(page)
        sign_in(page, "viewer1")  # a new URL is a new session
        expect(page.locator('[data-testid="stMain"] h1').first).not_to_have_text(UI[f"page_{path}"])
        expect(page.get_by_role("button", name=UI["record"])).to_have_count(0)
        expect(page.locator('[data-testid="stFileUploader"]')).to_have_count(0)


def test_an_editor_curates_and_the_audit_shows_the_signed_in_name(page: Page, team: Server) -> None:
    tall(page, 1000)
    sign_in(page, "editor1")
    open_page(page, UI["page_curation"])
    expect(page.locator(f'input[aria-label="{UI["who"]}"]')).to_have_value("editor1")
    choose(page, UI["entity"], "杨村一中")
    page.get_by_role("button", name=UI["record"]).click()
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_contain_text("editor1")
    decisions = [json.loads(line) for line in team.curation_file.read_text(encoding="utf-8").splitlines()]
    assert decisions[-1]["who"] == "editor1" and decisions[-1]["action"] == "accept"
