"""用户 Users: the users of a team app and their roles (passwords are never shown)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.shared import (
    allowed,
    t,
)
from graph.access import load_single_sign_on, load_users, users_file
from queries.markdown import plain_markdown

ROLE = "admin"  # the role this page needs


def users_page() -> None:
    """The users of this app and their roles (admins only; passwords are never shown)."""
    if not allowed("admin"):
        return
    st.title(t("page_users"))
    st.caption(t("users_intro").format(file=plain_markdown(str(users_file()))))
    users = load_users(users_file())
    st.dataframe(pd.DataFrame({t("signin_user"): list(users), t("role"): [t(f"role_{r}") for r, _ in users.values()]}),
                 hide_index=True)
    sso = load_single_sign_on(users_file())
    if sso is not None:
        st.subheader(t("sso_roles").format(claim=plain_markdown(sso.claim)))
        rows = {**sso.roles, **({"*": sso.default_role} if sso.default_role else {})}
        st.dataframe(pd.DataFrame({t("sso_who"): list(rows), t("role"): [t(f"role_{r}") for r in rows.values()]}),
                     hide_index=True)
