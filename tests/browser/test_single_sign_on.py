"""Single sign-on with Streamlit's st.login against a real (local) OpenID Connect provider: the users file's
[sso] roles give each signed-in person a role by their mail address or its domain, and someone the file
does not name gets no page at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, free_port, serve
from tests.browser.oidc_provider import CLIENT_ID, CLIENT_SECRET, Provider, running_provider

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
UI = json.loads((ROOT / "data" / "ui_labels.json").read_text(encoding="utf-8"))["zh"]
USERS = """[sso]
claim = "email"
[sso.roles]
"zhang@school.example.cn" = "editor"
"@bureau.example.cn" = "viewer"
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with running_provider(free_port()) as running:
        yield running


@pytest.fixture(scope="module")
def team(chromium: str, built_graph: Path, provider: Provider,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    work = tmp_path_factory.mktemp("sso")
    port = free_port()
    (work / "users.toml").write_text(USERS, encoding="utf-8")
    (work / "secrets.toml").write_text(
        f'[auth]\nredirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "a cookie secret only this test knows"\n'
        f'client_id = "{CLIENT_ID}"\nclient_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n', encoding="utf-8")
    with serve(work, built_graph, port=port, options=("--secrets.files", str(work / "secrets.toml")),
               KG_USERS=str(work / "users.toml")) as running:
        yield running


@pytest.fixture
def app_url(team: Server) -> str:
    return team.url


def menu(page: Page) -> list[str]:
    return [text.split("\n")[-1] for text in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()]


def sign_in_by_provider(page: Page, provider: Provider, email: str) -> None:
    provider.identity = {"email": email, "email_verified": True, "name": email.split("@")[0]}
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text(UI["page_signin"])
    page.get_by_role("button", name=UI["sso_button"]).click()


def test_a_person_named_in_the_users_file_gets_their_role(page: Page, provider: Provider) -> None:
    sign_in_by_provider(page, provider, "zhang@school.example.cn")
    expect(page.get_by_text(UI["signed_in_as"].format(name="zhang@school.example.cn", role=UI["role_editor"]))
           ).to_be_visible()
    assert UI["page_curation"] in menu(page) and UI["page_users"] not in menu(page)


def test_a_mail_domain_gives_its_role_to_everyone_in_it(page: Page, provider: Provider) -> None:
    sign_in_by_provider(page, provider, "wu@bureau.example.cn")
    expect(page.get_by_text(UI["signed_in_as"].format(name="wu@bureau.example.cn", role=UI["role_viewer"]))
           ).to_be_visible()
    assert UI["page_ask"] in menu(page) and UI["page_curation"] not in menu(page)


def test_someone_the_users_file_does_not_name_reaches_no_page(page: Page, provider: Provider) -> None:
    sign_in_by_provider(page, provider, "guest@elsewhere.example.org")
    expect(page.get_by_text(UI["sso_no_role"].format(name="guest@elsewhere.example.org"))).to_be_visible()
    assert menu(page) == []
    page.goto(page.url.split("/signin")[0].rstrip("/") + "/curation")
    expect(page.get_by_role("dialog")).to_contain_text("Page not found")
