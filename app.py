"""教育协作知识图谱 — the coordinators' Streamlit app, Chinese first with an English switch.

This file is the frame: page config, sign-in, and the navigation built from the user's role. Each page
is a module of app_pages/ naming the role it needs (overview, explore, sources, ask, summaries,
spread, cypher, curation, ingest, changes, users), with what they share in app_pages/shared.py; the
logic they show lives in graph/, queries/ and ingest/. Run with `streamlit run app.py`. The graph is
read from data/build (or $KG_BUILD_DIR) and built from data/corpus first when that folder has no
graph. Curation decisions go to data/curation.jsonl (or $KG_CURATION_FILE).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from app_pages import ask, changes, curation, cypher, explore, ingest, overview, sources, spread, summaries, users
from app_pages.shared import (
    KEPT_WIDGETS,
    LANGUAGES,
    PAGES,
    build_dir,
    current_user,
    ensure_build,
    t,
    warm_graph,
)
from graph.access import SingleSignOn, User, load_single_sign_on, load_users, sign_in, users_file
from graph.errors import GraphError
from ingest.lock import running_build
from queries.markdown import plain_markdown

SECTIONS = {  # the sidebar: section -> (page module, URL path, icon); each module names the role it needs
    "section_browse": [(overview, "overview", ":material/dashboard:"), (explore, "explore", ":material/hub:"),
                       (sources, "sources", ":material/description:")],
    "section_analyse": [(ask, "ask", ":material/question_answer:"), (summaries, "summaries", ":material/summarize:"),
                        (spread, "spread", ":material/share:"), (cypher, "cypher", ":material/terminal:")],
    "section_maintain": [(curation, "curation", ":material/fact_check:"), (ingest, "ingest", ":material/upload_file:"),
                         (changes, "changes", ":material/difference:"), (users, "users", ":material/group:")],
}


def register_pages(user: User) -> dict[str, list[Any]]:
    """The pages this user's role may see, grouped in sections of the sidebar, titled in the UI language (the
    users page only in a team app)."""
    sections: dict[str, list[Any]] = {}
    for section, pages in SECTIONS.items():
        for module, path, icon in pages:
            if not user.may(module.ROLE) or (module is users and not users_file()):
                continue
            PAGES[path] = st.Page(getattr(module, f"{path}_page"), title=t(f"page_{path}"), url_path=path, icon=icon,
                                  default=path == "overview")
            sections.setdefault(t(section), []).append(PAGES[path])
    return sections


def keep_widget_state() -> None:
    """Re-assign kept widget values so Streamlit keeps them while their page is not shown."""
    for key in KEPT_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def single_sign_on() -> SingleSignOn | None:
    """The users file's [sso] roles when Streamlit's login is configured too ([auth] in the secrets)."""
    try:
        configured = "auth" in st.secrets
    except Exception:  # no secrets file at all
        configured = False
    return load_single_sign_on(users_file()) if configured else None


def provider_claims() -> dict[str, Any]:
    """What the identity provider said about this visitor (empty when no one is signed in there)."""
    claims = st.user.to_dict()
    return claims if claims.get("is_logged_in") else {}


def user_from_provider(sso: SingleSignOn | None) -> User | None:
    """The signed-in user made from the identity token's claims, kept for the session; None when none."""
    user = sso.user(provider_claims()) if sso else None
    if user is not None:
        st.session_state["user"] = user
        st.session_state["signed_in_by_provider"] = True
    return user


def sign_in_page() -> None:
    """The only page an anonymous visitor sees when the app has users (KG_USERS): single sign-on when it is
    configured, a password form when the users file has passwords."""
    st.title(t("page_signin"))
    sso = single_sign_on()
    if sso is not None:
        claims = provider_claims()
        if claims:  # signed in by the provider, but the users file gives them no role
            st.warning(t("sso_no_role").format(name=plain_markdown(str(claims.get(sso.claim) or "?"))))
            st.button(t("sign_out"), key="sso_sign_out", on_click=st.logout, icon=":material/logout:")
        else:
            st.button(t("sso_button"), key="sso_sign_in", type="primary", on_click=st.login,
                      icon=":material/key:")
    users = load_users(users_file())
    if not users:
        return
    with st.form("sign_in"):
        name = st.text_input(t("signin_user"), max_chars=40)
        password = st.text_input(t("signin_password"), type="password", max_chars=200)
        if st.form_submit_button(t("signin_button"), type="primary" if sso is None else "secondary"):
            user = sign_in(users, name, password)
            if user is None:
                st.error(t("signin_failed"))
            else:
                st.session_state["user"] = user
                st.rerun()


def show_who(user: User) -> None:
    """The signed-in user with a way out; or, single-user, that the app runs for this machine only."""
    if not users_file():
        st.sidebar.caption(t("single_user_note"))
        return
    st.sidebar.caption(t("signed_in_as").format(name=plain_markdown(user.name), role=t(f"role_{user.role}")))
    if st.sidebar.button(t("sign_out"), key="sign_out", icon=":material/logout:"):
        st.session_state.pop("user", None)
        if st.session_state.pop("signed_in_by_provider", False):
            st.logout()
        st.rerun()


def show_running_build(folder: Path) -> None:
    """While a build runs on this folder (another session's or the CLI's), every page says so over the
    graph it still shows."""
    running = running_build(folder)
    if running:
        st.info(t("build_running").format(since=running.get("since", "?"), by=plain_markdown(str(running.get("by")))),
                icon=":material/sync:")


def main() -> None:
    st.set_page_config(page_title="教育协作知识图谱", page_icon="🎓", layout="wide")
    keep_widget_state()
    user = current_user()
    if user is None:
        try:
            load_users(users_file())
            user = user_from_provider(single_sign_on())
        except GraphError as err:
            st.error(plain_markdown(str(err)))
            st.stop()
    if user is None:
        st.navigation([st.Page(sign_in_page, title=t("page_signin"), url_path="signin", icon=":material/login:")],
                      position="hidden").run()
        st.sidebar.radio("语言 / Language", list(LANGUAGES), key="language", horizontal=True)
        return
    navigation = st.navigation(register_pages(user))
    st.sidebar.radio("语言 / Language", list(LANGUAGES), key="language", horizontal=True)
    st.sidebar.caption(t("title"))
    show_who(user)
    ensure_build(build_dir())
    show_running_build(build_dir())
    navigation.run()
    warm_graph(build_dir())  # in the background once this page has shown: the next page finds the graph read


# Streamlit runs this file as __main__; the build's worker processes import it as __mp_main__
# and must not start the app again.
if __name__ == "__main__":
    main()
