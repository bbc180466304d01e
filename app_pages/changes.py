"""变化 What is new: what a build added or removed against an earlier one, by document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.shared import (
    build_dir,
    t,
    table_of,
)
from graph.jsonio import read_graph_json
from queries.markdown import plain_markdown

ROLE = "viewer"  # the role this page needs


def changes_page() -> None:
    st.title(t("page_changes"))
    from graph.history import history

    folder = build_dir()
    kept = history(folder)
    if not kept:
        st.info(t("no_history"))
        return
    since = st.selectbox(t("changes_since"), [str(p) for p in kept], key="changes_since",
                         format_func=lambda p: kept_build_text(Path(p)))
    changes = changes_between(since, str(folder / "graph.json"), (folder / "graph.json").stat().st_mtime)
    show_change_counts(changes)
    if changes.empty():
        st.success(t("no_changes"))
        return
    show_changes_by_document(changes)
    tabs = st.tabs([t("added_relations"), t("added_entities"), t("removed_relations"), t("removed_entities")])
    for tab, rows in zip(tabs, (changes.added_relations, changes.added_entities, changes.removed_relations,
                                changes.removed_entities), strict=True):
        with tab:
            if rows:
                st.dataframe(table_of(rows), hide_index=True)
            else:
                st.caption(t("none_here"))


def kept_build_text(path: Path) -> str:
    """graph-20261201-093000.json -> 2026-12-01 09:30:00 (the time that build was written)."""
    stamp = path.stem.removeprefix("graph-")
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]}"


@st.cache_data(max_entries=4, show_spinner=False)
def changes_between(old: str, new: str, _new_mtime: float) -> Any:
    from queries.changes import compare

    return compare(read_graph_json(Path(old)), read_graph_json(Path(new)), old, new)


def show_change_counts(changes: Any) -> None:
    """Four numbers: entities and relations added and removed."""
    counts = {"added_entities": changes.added_entities, "removed_entities": changes.removed_entities,
              "added_relations": changes.added_relations, "removed_relations": changes.removed_relations}
    for cell, (key, rows) in zip(st.columns(len(counts)), counts.items(), strict=True):
        cell.metric(t(key), len(rows))
    if changes.added_docs:
        st.caption(t("docs_added").format(docs=plain_markdown("、".join(changes.added_docs))))
    if changes.removed_docs:
        st.caption(t("docs_removed").format(docs=plain_markdown("、".join(changes.removed_docs))))


def show_changes_by_document(changes: Any) -> None:
    """What each document brought in or took away, as a bar chart."""
    rows = [{"doc": row["doc"], "what": t(what), "n": row[what]} for row in changes.by_document()
            for what in ("added_relations", "added_entities", "removed_relations", "removed_entities") if row[what]]
    if not rows:
        return
    st.subheader(t("changes_by_document"))
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        y=alt.Y("doc:N", title=None, sort="-x"), x=alt.X("n:Q", title=None, axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("what:N", title=None), tooltip=["doc:N", "what:N", "n:Q"])
    st.altair_chart(chart, width="stretch")
