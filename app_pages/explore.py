"""探索 Explore: the interactive graph with filters, a focus and its neighbourhood, and each entity's evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.shared import (
    apply_url_choice,
    build_dir,
    entity_text,
    frame,
    init,
    keep_valid,
    open_doc_buttons,
    select_options,
    show_graph,
    show_limit_notice,
    sync_url_choice,
    t,
    the_graph,
    words,
)
from graph.explore import (
    MAX_SELECT_OPTIONS,
    Filters,
    details,
    event_years,
    facts_of,
    filtered_nodes,
    limit_for_browser,
    neighbourhood,
)
from graph.model import LABELS, RELATION_TYPES, KnowledgeGraph
from graph.visual import LABEL_COLOURS, legend_item, region_names
from queries.markdown import code_span, plain_markdown
from queries.search import search

ROLE = "viewer"  # the role this page needs


def explore_page() -> None:
    kg = the_graph()
    st.title(t("page_explore"))
    filters = explore_filters(kg)
    focus, hops, near_only = focus_controls(kg)
    edge_ok = filters.edge_test()
    nodes = filtered_nodes(kg, filters)
    if focus and near_only:
        nodes = set(neighbourhood(kg, focus, hops, nodes | {focus}, edge_ok))
    shown = limit_for_browser(kg, nodes, focus, edge_ok)
    graph_side, detail_side = st.columns([3, 2]) if focus else (st.container(), None)
    with graph_side:
        show_limit_notice(kg, shown, focus)
        st.caption(t("shown").format(nodes=len(shown.nodes), edges=count_edges(kg, shown.nodes, edge_ok)))
        show_graph(kg, shown.nodes, edge_ok=edge_ok, emphasis=[focus] if focus else [])
    if detail_side is not None:
        with detail_side:
            show_details(kg, focus)


def explore_filters(kg: KnowledgeGraph) -> Filters:
    """Sidebar filters: labels, regions, relationship types, event years."""
    side = st.sidebar
    side.header(t("filters"))
    init("labels", list(LABELS))
    labels = side.pills(t("labels_filter"), LABELS, selection_mode="multi", format_func=t, key="labels")
    options = region_names(kg)
    keep_valid("regions", options)
    regions = side.multiselect(t("regions_filter"), options, key="regions", help=t("regions_help"),
                               placeholder=t("all_regions"))
    init("types", list(RELATION_TYPES))
    types = side.pills(t("types_filter"), RELATION_TYPES, selection_mode="multi", format_func=t, key="types")
    years = year_filter(kg)
    init("undated", True)
    undated = side.checkbox(t("undated"), key="undated")
    return Filters(tuple(labels), tuple(regions), tuple(types), years, undated)


def year_filter(kg: KnowledgeGraph) -> tuple[int, int] | None:
    """A year-range slider over the events' years (none when fewer than two years)."""
    years = event_years(kg)
    if len(years) < 2:
        return None
    low, high = years[0], years[-1]
    kept = st.session_state.get("years")
    if not kept or kept[0] < low or kept[1] > high:
        st.session_state["years"] = (low, high)
    return st.sidebar.slider(t("years_filter"), low, high, key="years")


def focus_controls(kg: KnowledgeGraph) -> tuple[str | None, int, bool]:
    """Search (names and aliases), the chosen entity, and its neighbourhood's size."""
    if apply_url_choice("entity", "focus_pick", list(kg.g.nodes)):
        st.session_state["search"] = ""
    left, middle, right = st.columns([2, 3, 2])
    text = left.text_input(t("search"), key="search", placeholder=t("search_placeholder"),
                           on_change=pick_best_match, args=(kg,))
    matches = {m.key: m for m in search(kg, text)} if text.strip() else {}
    options = list(matches) if text.strip() else select_options(str(build_dir()))
    chosen = st.session_state.get("focus_pick")
    if chosen is not None and chosen not in kg.g:
        del st.session_state["focus_pick"]
    elif chosen is not None and chosen not in options:
        options.insert(0, chosen)
    if text.strip():
        left.caption(t("found").format(n=len(matches)) if matches else t("not_found"))
    elif len(kg) > MAX_SELECT_OPTIONS:
        middle.caption(t("options_limited").format(n=MAX_SELECT_OPTIONS, total=len(kg)))
    focus = middle.selectbox(t("entity"), options, key="focus_pick", index=None, placeholder=t("entity_placeholder"),
                             format_func=lambda key: match_text(kg, key, matches))
    init("hops", 1)
    init("near_only", True)
    hops = right.slider(t("hops"), 1, 3, key="hops", disabled=focus is None)
    near_only = right.toggle(t("near_only"), key="near_only", disabled=focus is None)
    sync_url_choice("entity", focus)
    return focus, hops, near_only


def pick_best_match(kg: KnowledgeGraph) -> None:
    """After a search, choose its best match as the entity in focus."""
    matches = search(kg, st.session_state.get("search", ""), limit=1)
    if matches:
        st.session_state["focus_pick"] = matches[0].key


def match_text(kg: KnowledgeGraph, key: str, matches: dict[str, Any]) -> str:
    """Select-box text of an entity, with the alias that matched the search."""
    match = matches.get(key)
    text = entity_text(kg, key)
    return f"{text} · {t('aliases')}: {match.alias}" if match and match.alias else text


def count_edges(kg: KnowledgeGraph, keys: set[str], edge_ok: Callable[[str, str, dict], bool]) -> int:
    return sum(1 for src, dst, data in kg.g.subgraph(keys).edges(data=True) if edge_ok(src, dst, data))


def show_details(kg: KnowledgeGraph, key: str) -> None:
    """The entity's label, aliases, properties and every evidence sentence, with links to its documents."""
    entity = details(kg, key)
    st.subheader(plain_markdown(entity.name))
    st.markdown(legend_item(LABEL_COLOURS.get(entity.label, "#999999"), t(entity.label)), unsafe_allow_html=True)
    if entity.aliases:
        st.markdown(f"**{t('aliases')}**：{plain_markdown('、'.join(entity.aliases))}")
    if entity.properties:
        st.dataframe(pd.DataFrame({t("property"): [t(k) if k in words() else k for k in entity.properties],
                                   t("value"): [str(v) for v in entity.properties.values()]}), hide_index=True)
    st.markdown(f"**{t('evidence')}**（{len(entity.evidence)}）")
    with st.container(height=min(90 + 70 * len(entity.evidence), 380), key="evidence"):
        for row in entity.evidence:
            st.markdown(f"**{t(row['relation'])} {row['direction']} {plain_markdown(row['other'])}** · "
                        f"{code_span(row['doc'])}  \n{plain_markdown(row['sentence'])}")
    facts = facts_of(kg, key)
    if facts:
        with st.expander(t("facts").format(n=len(facts))):
            st.dataframe(frame(facts, {"fact": "fact", "doc": "doc", "sentence": "sentence"}), hide_index=True)
    st.markdown(f"**{t('open_doc')}**")
    open_doc_buttons(entity.documents, f"doc_{key}")
