"""概览 Overview: counts, entities by region, ties between regions, the timeline and the documents."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.shared import (
    document_titles,
    frame,
    go_to,
    source_files,
    t,
    the_views,
)
from graph.model import LABELS
from graph.overview import tie_matrix
from graph.views import Views
from graph.visual import LABEL_COLOURS

ROLE = "viewer"  # the role this page needs


def overview_page() -> None:
    views = the_views()  # without reading graph.json; a broken build stops the page with its one-line error
    st.title(t("page_overview"))
    show_totals(views)
    left, right = st.columns(2)
    with left:
        show_region_chart(views)
    with right:
        show_tie_heatmap(views)
    show_timeline(views)
    show_documents(views)


def show_totals(views: Views) -> None:
    """One metric per label."""
    st.subheader(t("counts"))
    st.caption(t("totals").format(entities=views.entities, relations=views.relations,
                                  documents=len(views.documents)))
    for column, (label, count) in zip(st.columns(len(LABELS)), views.labels.items(), strict=True):
        column.metric(t(label), count)


def label_colour_scale() -> alt.Scale:
    """Altair colours of the labels, named in the UI language."""
    return alt.Scale(domain=[t(label) for label in LABELS], range=[LABEL_COLOURS[label] for label in LABELS])


def show_region_chart(views: Views) -> None:
    """A stacked bar per region: the entities placed there, by label."""
    st.subheader(t("by_region"))
    rows = [{**row, "label": t(row["label"])} for row in views.by_region]
    if not rows:
        st.info(t("no_regions"))
        return
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        x=alt.X("sum(count):Q", title=t("entities")),
        y=alt.Y("region:N", sort="-x", title=t("region")),
        color=alt.Color("label:N", scale=label_colour_scale(), title=t("labels_filter")),
        tooltip=[alt.Tooltip("region:N", title=t("region")), alt.Tooltip("label:N", title=t("labels_filter")),
                 alt.Tooltip("count:Q", title=t("entities"))])
    st.altair_chart(chart, width="stretch")
    shown = len({row["region"] for row in rows})
    if views.regions > shown:
        st.caption(t("top_regions_note").format(n=shown, total=views.regions))
    st.caption(t("by_region_help"))


def show_tie_heatmap(views: Views) -> None:
    """The cross-region ties as a symmetric region × region heatmap."""
    st.subheader(t("ties"))
    ties = views.ties
    if not ties:
        st.info(t("no_ties"))
        st.caption(t("ties_help"))
        return
    cells = pd.DataFrame(tie_matrix(ties))
    base = alt.Chart(cells).encode(x=alt.X("from:N", title=None), y=alt.Y("to:N", title=None))
    heat = base.mark_rect().encode(color=alt.Color("ties:Q", scale=alt.Scale(scheme="oranges"), title=t("ties_n")),
                                   tooltip=["from:N", "to:N", alt.Tooltip("ties:Q", title=t("ties_n"))])
    st.altair_chart(heat + base.mark_text().encode(text="ties:Q"), width="stretch")
    if views.tie_pairs > len(ties):
        regions = len({row["region_a"] for row in ties} | {row["region_b"] for row in ties})
        st.caption(t("top_ties_note").format(n=regions, shown=len(ties), total=views.tie_pairs))
    st.caption(t("ties_help"))


def show_timeline(views: Views) -> None:
    """Dated events on a time axis by region, and a note of the events with no date."""
    st.subheader(t("timeline"))
    if views.timeline:
        rows = pd.DataFrame([{**row, "region": row["region"] or t("unknown_region")} for row in views.timeline])
        chart = alt.Chart(rows).mark_circle(size=140, opacity=0.85, color=LABEL_COLOURS["Event"]).encode(
            x=alt.X("day:T", title=t("date")), y=alt.Y("region:N", title=t("region")),
            tooltip=[alt.Tooltip("event:N", title=t("Event")), alt.Tooltip("date:N", title=t("date")),
                     alt.Tooltip("docs:N", title=t("sources"))])
        st.altair_chart(chart, width="stretch")
        with st.expander(t("dated_events").format(n=len(views.timeline))):
            st.dataframe(frame(views.timeline, {"date": "date", "event": "Event", "region": "region",
                                                "docs": "sources"}), hide_index=True)
    if views.dated > len(views.timeline):
        st.caption(t("latest_events_note").format(n=len(views.timeline), total=views.dated))
    st.caption(t("undated_note").format(n=views.undated, total=views.undated + views.dated))


def show_documents(views: Views) -> None:
    """The documents with how many entities and relations were read from each, and a way to open one."""
    st.subheader(t("documents"))
    titles = document_titles(tuple(str(path) for path in source_files().values()))
    rows = views.document_rows(titles)
    st.dataframe(frame(rows, {"doc": "doc", "title": "doc_title", "entities": "entities", "relations": "relations"}),
                 hide_index=True)
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    doc = left.selectbox(t("open_doc"), [row["doc"] for row in rows], key="overview_doc",
                         format_func=lambda d: f"{d} — {titles.get(d, '')}")
    if right.button(t("open_in_sources"), key="overview_open_doc", icon=":material/description:") and doc:
        go_to("sources", doc=doc)
