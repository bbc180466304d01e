"""合作报告 Summaries: partnership reports with footnoted evidence and partner suggestions."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.shared import (
    keep_valid,
    t,
    table_of,
    the_graph,
    ui_language,
)
from graph.errors import GraphError
from graph.model import KnowledgeGraph
from queries.markdown import code_span, plain_markdown

ROLE = "viewer"  # the role this page needs


def summaries_page() -> None:
    st.title(t("page_summaries"))
    from queries.summary import summarize

    kg = the_graph()
    names = sorted({data["name"] for _, data in kg.entities()})
    keep_valid("summary_names", names)
    chosen = st.multiselect(t("summary_for"), names, key="summary_names", placeholder=t("summary_placeholder"))
    if st.button(t("summarize"), key="summarize", type="primary", disabled=not chosen, icon=":material/summarize:"):
        try:
            st.session_state["summary"] = summarize(kg, chosen, lang=ui_language())
        except GraphError as err:
            st.error(plain_markdown(str(err)))
    show_summary(st.session_state.get("summary"))
    if len(chosen) == 1:
        show_suggestions(kg, chosen[0])


def show_suggestions(kg: KnowledgeGraph, name: str) -> None:
    """Organisations the chosen one may partner with next, marked as suggestions, with the ties behind them."""
    from queries.suggest import suggest_partners

    suggestions = suggest_partners(kg, name)
    if not suggestions:
        return
    st.subheader(t("suggestions_title"))
    st.caption(t("suggestions_caption"))
    rows = [{"name": s.name, "label": t(s.label), "region": s.region, "score": round(s.score, 3),
             "through": "、".join(f"{v['through']}（{t(v['subject_tie'])} / {t(v['candidate_tie'])}）" for v in s.via)}
            for s in suggestions]
    st.dataframe(table_of(rows), hide_index=True)
    with st.expander(t("suggestions_evidence"), icon=":material/format_quote:"):
        for s in suggestions:
            st.markdown(f"**{plain_markdown(s.name)}**")
            for ev in dict.fromkeys(s.evidence):
                st.markdown(f"- {code_span(ev.doc)} {plain_markdown(ev.sentence)}")


def show_summary(summary: Any) -> None:
    """The summary as markdown, with .md and .html downloads."""
    if summary is None:
        return
    text = summary.to_markdown()
    left, right, _ = st.columns([1, 1, 4])
    left.download_button(t("download_md"), text.encode("utf-8"), "summary.md", "text/markdown", key="summary_md",
                         on_click="ignore", icon=":material/download:")
    right.download_button(t("download_html"), summary.to_html().encode("utf-8"), "summary.html", "text/html",
                          key="summary_html", on_click="ignore", icon=":material/download:")
    with st.container(border=True):
        st.markdown(text)
