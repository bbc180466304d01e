"""教育协作知识图谱 — the coordinators' Streamlit app, Chinese first with an English switch.

Pages: overview, explore, sources, ask, summaries, spread, Cypher, curation and ingest, built with
`st.navigation` from the page functions below; the logic they show lives in graph/, queries/ and
ingest/. Run with `streamlit run app.py`. The graph is read from data/build (or $KG_BUILD_DIR) and
built from data/corpus first when that folder has no graph. Curation decisions go to
data/curation.jsonl (or $KG_CURATION_FILE).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from graph.access import LOCAL_USER, User, load_users, sign_in, users_file
from graph.errors import GraphError
from graph.explore import (
    MAX_SELECT_OPTIONS,
    Filters,
    details,
    event_years,
    facts_of,
    filtered_nodes,
    limit_for_browser,
    most_connected,
    neighbourhood,
    option_keys,
    spread_steps,
)
from graph.jsonio import read_graph_json
from graph.model import LABELS, RELATION_TYPES, Document, KnowledgeGraph
from graph.overview import relation_rows, tie_matrix
from graph.sources import document_files, entities_in, highlighted_html, mentions_in
from graph.store import GraphStore, QueryResult, open_store
from graph.views import Views, read_views
from graph.visual import LABEL_COLOURS, STEP_COLOURS, graph_html, legend_item, region_names, step_colours
from ingest import curation
from ingest.build import DEFAULT_OUT, DEFAULT_SOURCE, build
from ingest.convert import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, check_upload, pdf_available, save_upload
from ingest.reader import read_document
from queries import cypher as Q
from queries.console import bind_params, example_values, initial_value, result_graph, table_rows, to_csv
from queries.library import BY_NAME
from queries.markdown import code_span, plain_markdown
from queries.search import search

UI_TEXTS: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).resolve().parent / "data" / "ui_labels.json").read_text(encoding="utf-8"))
LANGUAGES = {"中文": "zh", "English": "en"}
BUILD_DIR_ENV = "KG_BUILD_DIR"
CURATION_ENV = "KG_CURATION_FILE"
GRAPH_HEIGHT = 620
SMALL_GRAPH_HEIGHT = 420
LEGEND_HEIGHT = 60
SPREAD_MAX_STEPS = 5
# Widget values kept when a person moves to another page and back.
KEPT_WIDGETS = ("labels", "regions", "types", "years", "undated", "search", "focus_pick", "hops", "near_only",
                "cypher", "example", "question", "summary_names", "spread_source", "spread_steps", "spread_since_on",
                "spread_since", "source_doc_pick", "who_input")
PAGES: dict[str, Any] = {}


# -- language -------------------------------------------------------------------------------
def ui_language() -> str:
    """The language chosen in the sidebar: "zh" or "en"."""
    return LANGUAGES[st.session_state.get("language", "中文")]


def words() -> dict[str, str]:
    """All UI texts in the language chosen in the sidebar."""
    return UI_TEXTS[ui_language()]


def t(key: str) -> str:
    """The UI text for `key` in the chosen language."""
    return words()[key]


def init(key: str, value: Any) -> None:
    """Give a widget its first value through session state (never through its default argument)."""
    st.session_state.setdefault(key, value)


def keep_valid(key: str, options: list[Any]) -> None:
    """Drop a kept widget value that is no longer among the options (e.g. after a rebuild)."""
    value = st.session_state.get(key)
    if isinstance(value, list):
        st.session_state[key] = [v for v in value if v in options]
    elif value is not None and value not in options:
        del st.session_state[key]


# -- the build folder and its caches ------------------------------------------------------------
def build_dir() -> Path:
    """The build folder: $KG_BUILD_DIR, or data/build."""
    return Path(os.environ.get(BUILD_DIR_ENV) or DEFAULT_OUT)


def curation_file() -> Path:
    """Where curation decisions are recorded: $KG_CURATION_FILE, or data/curation.jsonl."""
    return Path(os.environ.get(CURATION_ENV) or curation.CURATION_FILE)


REBUILD_EVERY_S = 30


def current_user() -> User | None:
    """The signed-in user; without KG_USERS the single local user; None before signing in."""
    return st.session_state.get("user") if users_file() else LOCAL_USER


def allowed(role: str) -> bool:
    """Checked again where the app writes, so that no URL or crafted request gets past the menu."""
    user = current_user()
    if user is not None and user.may(role):
        return True
    st.error(t("not_allowed").format(role=t(f"role_{role}")))
    return False


def uploads_dir(folder: Path) -> Path:
    return folder / "uploads"


def corpus_sources(folder: Path) -> list[Path]:
    """What a rebuild reads: data/corpus, plus the uploads folder when it holds files."""
    uploads = uploads_dir(folder)
    return [DEFAULT_SOURCE] + ([uploads] if uploads.is_dir() and any(uploads.iterdir()) else [])


def is_built(folder: Path) -> bool:
    return (folder / "graph.json").exists() and (folder / "store" / "CURRENT").exists()


@st.cache_resource(show_spinner=False)
def build_lock() -> threading.Lock:
    """One lock per process, so two sessions do not build at once."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def load_graph(folder: str) -> KnowledgeGraph:
    """graph.json of a build folder, read once per process and shared read-only by all sessions."""
    return read_graph_json(Path(folder) / "graph.json")


@st.cache_resource(show_spinner=False)
def load_views(folder: str) -> Views:
    """The overview's whole-graph views, precomputed by the build (computed here for an older build)."""
    return read_views(Path(folder), load_graph(folder))


@st.cache_resource(show_spinner=False)
def select_options(folder: str) -> list[str]:
    """Entities for the select boxes, by label then name: all of them, or on a large graph the
    MAX_SELECT_OPTIONS most connected (search finds the others)."""
    kg = load_graph(folder)
    keys = most_connected(kg, kg.g.nodes, MAX_SELECT_OPTIONS) if len(kg) > MAX_SELECT_OPTIONS else kg.g.nodes
    return option_keys(kg, keys)


@st.cache_resource(show_spinner=False, on_release=lambda store: store.close())
def load_store(folder: str) -> GraphStore:
    """The build's store: one embedded FalkorDB Lite server per process."""
    return open_store(Path(folder))


@st.cache_resource(show_spinner=False)
def load_document(path: str) -> Document:
    """A source document as the build read it (mention offsets point into its text)."""
    return read_document(Path(path))


def clear_caches() -> None:
    """Forget the graph, store and documents, so every session reads the new build."""
    load_graph.clear()
    load_views.clear()
    select_options.clear()
    load_store.clear()
    load_document.clear()


def the_graph() -> KnowledgeGraph:
    """The cached graph of the build folder; a broken build stops the page with its one-line error."""
    try:
        with st.spinner(t("loading_graph")):  # shown only when reading takes a while: a large graph, first time
            return load_graph(str(build_dir()))
    except GraphError as err:
        st.error(plain_markdown(str(err)))
        st.stop()
        raise


def the_store() -> GraphStore:
    """The cached store of the build folder (started on first use); errors stop the page like the_graph."""
    try:
        return load_store(str(build_dir()))
    except GraphError as err:
        st.error(plain_markdown(str(err)))
        st.stop()
        raise


def run_build(folder: Path, label: str) -> str | None:
    """Build `folder` from the corpus and uploads with a progress bar; returns the summary, or None on error."""
    bar = st.progress(0.0, text=label)

    def show_progress(done: int, total: int, name: str) -> None:
        bar.progress(done / max(total, 1), text=f"{label} {done}/{total} {name}")

    with build_lock():
        try:
            report = build(corpus_sources(folder), folder, progress=show_progress, curation=curation_file(),
                           by=f"app ({st.session_state.get('who') or 'a session'})", wait=False)
        except GraphError as err:
            st.error(plain_markdown(str(err)))  # E308: another build runs; the graph shown is the previous one
            return None
    bar.progress(1.0, text=t("built").format(summary=report.summary()))
    return report.summary()


def ensure_build(folder: Path) -> None:
    """Build the graph into `folder` if it is missing."""
    if is_built(folder):
        return
    with st.status(t("building"), expanded=True) as status:
        summary = run_build(folder, t("building"))
        if summary is None:
            status.update(label=t("build_failed"), state="error")
            st.stop()
        status.update(label=t("built").format(summary=summary), state="complete", expanded=False)


@st.cache_resource(show_spinner=False)
def last_rebuilds() -> dict[tuple[str, str], float]:
    """(build folder, user) -> when that user last started a rebuild there, shared by all sessions."""
    return {}


def rebuild_now(folder: Path) -> None:
    """Rebuild on request (curation, ingest), then clear the caches so every page shows the new graph.
    One rebuild per user per REBUILD_EVERY_S, so that no one keeps the machine busy rebuilding."""
    if not allowed("editor"):
        return
    key = (str(folder), current_user().name)
    wait = REBUILD_EVERY_S - (time.monotonic() - last_rebuilds().get(key, -REBUILD_EVERY_S))
    if wait > 0:
        st.warning(t("rebuild_wait").format(seconds=int(wait) + 1))
        return
    last_rebuilds()[key] = time.monotonic()
    summary = run_build(folder, t("rebuilding"))
    if summary is not None:
        clear_caches()
        st.success(t("built").format(summary=summary))


# -- shared pieces ------------------------------------------------------------------------------
def entity_text(kg: KnowledgeGraph, key: str) -> str:
    """An entity as select-box text: name and label."""
    data = kg.g.nodes[key]
    return f"{data['name']}（{t(data['label'])}）"


def ref(kg: KnowledgeGraph, key: str) -> str:
    """An entity as curation names it: Label:name."""
    return f"{kg.g.nodes[key]['label']}:{kg.g.nodes[key]['name']}"


def show_graph(kg: KnowledgeGraph, keys: set[str], height: int = GRAPH_HEIGHT, **options: Any) -> None:
    """The pyvis graph of `keys` in an iframe; `options` go to graph_html (colours, legend, edge_ok, emphasis)."""
    if not keys:
        st.info(t("no_nodes"))
        return
    st.iframe(graph_html(kg, keys, f"{height}px", words(), **options), height=height + LEGEND_HEIGHT)


def go_to(page: str, **params: str) -> None:
    """Open another page of the app, with query parameters (?entity=…, ?doc=…)."""
    st.switch_page(PAGES[page], query_params=params)


def open_entity_button(kg: KnowledgeGraph, key: str, where: Any = st, label: str | None = None) -> None:
    """A small button that opens the entity on the explore page."""
    if where.button(label or kg.g.nodes[key]["name"], key=f"open_{key}", type="tertiary",
                    help=t("open_in_explore")):
        go_to("explore", entity=key)


def open_doc_buttons(docs: list[str], prefix: str) -> None:
    """One button per document that opens it on the sources page."""
    titles = document_titles(tuple(str(path) for path in source_files().values()))
    for doc in docs:
        label = f"{doc} {titles.get(doc, '')}".strip()
        if st.button(label, key=f"{prefix}_{doc}", icon=":material/description:", help=t("open_in_sources")):
            go_to("sources", doc=doc)


def frame(rows: list[dict[str, Any]], columns: dict[str, str]) -> pd.DataFrame:
    """Rows as a table with the chosen columns, headed in the UI language."""
    table = pd.DataFrame(rows, columns=list(columns))
    return table.rename(columns={name: t(text) for name, text in columns.items()})


# -- 概览 Overview --------------------------------------------------------------------------------
def overview_page() -> None:
    the_graph()  # a broken build stops the page here with its one-line error
    views = load_views(str(build_dir()))
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


@st.cache_data(show_spinner=False)
def document_titles(paths: tuple[str, ...]) -> dict[str, str]:
    """Document id -> title, read from the files; a file that cannot be read is titled with why (one bad
    file in the folder never breaks a page)."""
    titles = {}
    for path in paths:
        try:
            titles[Path(path).stem] = load_document(path).title
        except GraphError as err:
            titles[Path(path).stem] = f"⚠ {err}"
    return titles


def source_files() -> dict[str, Path]:
    """Files of the documents the app can show: data/corpus and the uploads folder."""
    return document_files([DEFAULT_SOURCE, uploads_dir(build_dir())])


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


# -- 探索 Explore ---------------------------------------------------------------------------------
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


def apply_url_choice(param: str, widget: str, options: list[str]) -> bool:
    """Preselect `widget` from the URL's ?param= once, when another page linked here; True when it did."""
    wanted = st.query_params.get(param)
    if wanted in options and wanted != st.session_state.get(f"{param}_from_url"):
        st.session_state[widget] = wanted
        st.session_state[f"{param}_from_url"] = wanted
        return True
    return False


def sync_url_choice(param: str, value: str | None) -> None:
    """Keep ?param= in the URL equal to the current choice, so the page can be shared or bookmarked."""
    if value and st.query_params.get(param) != value:
        st.query_params[param] = value
    elif not value and param in st.query_params:
        del st.query_params[param]
    st.session_state[f"{param}_from_url"] = value


def count_edges(kg: KnowledgeGraph, keys: set[str], edge_ok: Callable[[str, str, dict], bool]) -> int:
    return sum(1 for src, dst, data in kg.g.subgraph(keys).edges(data=True) if edge_ok(src, dst, data))


def show_limit_notice(kg: KnowledgeGraph, shown: Any, focus: str | None) -> None:
    """A warning that says what is drawn when the graph is too large for the browser."""
    if shown.limited == "focus":
        name = plain_markdown(kg.g.nodes[focus]["name"])
        st.warning(t("limit_focus").format(total=shown.total, shown=len(shown.nodes), name=name))
    elif shown.limited == "sample":
        st.warning(t("limit_sample").format(total=shown.total, shown=len(shown.nodes)))


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


# -- 原文 Sources -----------------------------------------------------------------------------------
def sources_page() -> None:
    kg = the_graph()
    st.title(t("page_sources"))
    files = source_files()
    docs = sorted(set(files) | {row["doc"] for row in load_views(str(build_dir())).documents})
    titles = document_titles(tuple(str(path) for path in files.values()))
    apply_url_choice("doc", "source_doc_pick", docs)
    keep_valid("source_doc_pick", docs)
    doc = st.selectbox(t("document"), docs, key="source_doc_pick", format_func=lambda d: f"{d} — {titles.get(d, '')}")
    sync_url_choice("doc", doc)
    if doc is None:
        return
    if doc not in files:
        st.warning(t("no_file").format(doc=doc))
        return
    text_side, entity_side = st.columns([3, 2])
    with text_side:
        show_marked_text(kg, doc, files[doc])
    with entity_side:
        show_doc_entities(kg, doc)


def show_marked_text(kg: KnowledgeGraph, doc: str, path: Path) -> None:
    """The document's text with its entities marked in their label colours."""
    spans = mentions_in(kg, doc)
    labels = [label for label in LABELS if any(span.label == label for span in spans)]
    st.markdown("".join(legend_item(LABEL_COLOURS[label], t(label)) for label in labels), unsafe_allow_html=True)
    try:
        text = load_document(str(path)).text
    except GraphError as err:  # the file changed since the build, or was put there by hand
        st.error(plain_markdown(str(err)))
        return
    st.html(highlighted_html(text, spans, words()))
    st.caption(t("marked").format(n=len(spans)))


def show_doc_entities(kg: KnowledgeGraph, doc: str) -> None:
    """The entities of the document, grouped by label; each opens on the explore page."""
    keys = entities_in(kg, doc)
    st.subheader(t("doc_entities").format(n=len(keys)))
    st.caption(t("doc_entities_help"))
    for label in LABELS:
        group = [key for key in keys if kg.g.nodes[key]["label"] == label]
        if not group:
            continue
        st.markdown(f"**{t(label)}**")
        columns = st.columns(2)
        for i, key in enumerate(group):
            open_entity_button(kg, key, columns[i % 2])


# -- Cypher ----------------------------------------------------------------------------------------
@dataclass
class Outcome:
    """The last console run: rows (or the error), and the graph entities and edges they hold."""

    result: QueryResult | GraphError
    keys: set[str]
    edges: set[tuple[str, str, str]]


def cypher_page() -> None:
    kg, store = the_graph(), the_store()
    st.title(t("page_cypher"))
    example = choose_example(kg)
    init("cypher", Q.CONSOLE_EXAMPLE)
    query = st.text_area(t("query"), key="cypher", height=140)
    typed = param_inputs(example, query)
    run_now = st.session_state.pop("console_run_now", False)  # sent here from an answer's Cypher
    if st.button(t("run"), key="run", type="primary", icon=":material/play_arrow:") or run_now:
        st.session_state["outcome"] = run_console(store, query, example, typed)
    show_outcome(kg, st.session_state.get("outcome"))


def choose_example(kg: KnowledgeGraph) -> str | None:
    """A select box of the query library; choosing one fills the editor and its parameters."""
    lang = ui_language()
    name = st.selectbox(t("examples"), list(BY_NAME), key="example", index=None, placeholder=t("examples_placeholder"),
                        format_func=lambda n: getattr(BY_NAME[n], f"title_{lang}"), on_change=fill_example, args=(kg,))
    if name:
        st.caption(getattr(BY_NAME[name], f"description_{lang}"))
    return name


def fill_example(kg: KnowledgeGraph) -> None:
    """Put the chosen library query in the editor and first values in its parameter boxes."""
    name = st.session_state.get("example")
    if not name:
        return
    query = BY_NAME[name]
    st.session_state["cypher"] = query.cypher
    examples = example_values(kg)
    for param in query.params:
        st.session_state[f"param_{param.name}"] = initial_value(query, param.name, examples)


def param_inputs(example: str | None, query: str) -> dict[str, str]:
    """One text box per parameter of the chosen example that the editor's text still uses."""
    if not example:
        return {}
    params = [p for p in BY_NAME[example].params if f"${p.name}" in query]
    typed = {}
    for column, param in zip(st.columns(max(len(params), 1)), params, strict=False):
        typed[param.name] = column.text_input(f"${param.name}", key=f"param_{param.name}", help=param.description)
    return typed


def run_console(store: GraphStore, query: str, example: str | None, typed: dict[str, str]) -> Outcome:
    """Run the editor's query with its parameters; a refusal or error is kept as the outcome."""
    try:
        params = bind_params(query, BY_NAME.get(example or ""), typed)
    except KeyError as missing:
        return Outcome(GraphError("E204", t("missing_param").format(name=missing.args[0])), set(), set())
    try:
        result = store.query(query, params)
        keys, edges = result_graph(result, store)
    except GraphError as err:
        return Outcome(err, set(), set())
    return Outcome(result, keys, edges)


def show_outcome(kg: KnowledgeGraph, outcome: Outcome | None) -> None:
    """The error, or the rows as a table with a CSV download and, when they hold entities, a small graph."""
    if outcome is None:
        return
    if isinstance(outcome.result, GraphError):
        st.error(plain_markdown(str(outcome.result)))
        return
    result = outcome.result
    st.dataframe(pd.DataFrame(table_rows(result), columns=result.columns), hide_index=True)
    st.caption(t("truncated" if result.truncated else "rows").format(rows=len(result.rows)))
    st.download_button(t("download_csv"), to_csv(result), "query.csv", "text/csv", key="csv", on_click="ignore",
                       icon=":material/download:")
    keys = outcome.keys & set(kg.g.nodes)
    if keys:
        st.subheader(t("result_graph"))
        shown = limit_for_browser(kg, keys)
        show_limit_notice(kg, shown, None)
        edges = outcome.edges
        edge_ok = (lambda s, d, data: (s, d, data["type"]) in edges) if edges else None
        show_graph(kg, shown.nodes, SMALL_GRAPH_HEIGHT, edge_ok=edge_ok)


# -- 问答 Ask ---------------------------------------------------------------------------------------
def ask_page() -> None:
    st.title(t("page_ask"))
    from queries import ask  # imported on first use: it loads the name index

    kg, store = the_graph(), the_store()
    question = st.text_input(t("question"), key="question", placeholder=t("question_placeholder"))
    examples = ask.example_questions(kg, ui_language())
    if examples:
        st.pills(t("question_examples"), examples, key="ask_example", on_change=use_example, args=("ask_example",))
    asked = st.button(t("ask"), key="ask", type="primary", icon=":material/send:")
    if (asked or st.session_state.pop("ask_now", False)) and question.strip():
        with st.spinner(t("answering")):
            try:
                st.session_state["answer"] = ask.answer(question.strip(), kg, store)
            except GraphError as err:
                st.session_state["answer"] = err
    show_answer(st.session_state.get("answer"))


def use_example(key: str) -> None:
    """An example or suggested question was clicked: put it in the question box and ask it."""
    example = st.session_state.get(key)
    if example:
        st.session_state["question"] = example
        st.session_state["ask_now"] = True
    st.session_state[key] = None


def show_answer(reply: Any) -> None:
    """The one-sentence answer, its rows, its evidence with documents, and the Cypher behind it (with a
    button that runs it in the console); an unmapped question shows questions the graph can answer."""
    if reply is None:
        return
    if isinstance(reply, GraphError):
        st.error(plain_markdown(str(reply)))
        return
    (st.success if reply.rows else st.info)(plain_markdown(reply.answer))
    st.caption(t("intent").format(intent=t(f"ask_{reply.intent}") if f"ask_{reply.intent}" in words()
                                  else reply.intent, entities=plain_markdown("、".join(reply.entities)) or "—"))
    if reply.suggestions:
        st.pills(t("suggested_questions"), reply.suggestions, key="ask_suggestion", on_change=use_example,
                 args=("ask_suggestion",))
    if reply.rows:
        st.dataframe(table_of([{k: v for k, v in row.items() if k != "evidence"} for row in reply.rows]),
                     hide_index=True)
    if reply.evidence:
        with st.expander(t("evidence_count").format(n=len(reply.evidence)), icon=":material/format_quote:"):
            for item in reply.evidence:
                st.markdown(f"- {code_span(item.get('doc', ''))} {plain_markdown(item.get('sentence', ''))}")
            open_doc_buttons(list(dict.fromkeys(item["doc"] for item in reply.evidence if item.get("doc"))),
                             "answer_doc")
    if reply.cypher:
        with st.expander(t("cypher_used"), icon=":material/terminal:"):
            st.code(reply.cypher, language="cypher", wrap_lines=True)
            if st.button(t("run_in_console"), key="run_in_console", icon=":material/play_arrow:"):
                st.session_state["cypher"] = reply.cypher
                st.session_state["example"] = None
                st.session_state["console_run_now"] = True
                go_to("cypher")


def compact_value(value: Any, joiner: str = "、") -> Any:
    """A value for a table cell: lists joined, everything else as is."""
    return joiner.join(map(str, value)) if isinstance(value, list) else value


def table_of(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Result rows as a table headed in the UI language; labels translated, a `path` as a chain of names."""
    table = pd.DataFrame([{k: cell(k, v) for k, v in row.items()} for row in rows])
    return table.rename(columns={c: t(f"col_{c}") for c in table.columns if f"col_{c}" in words()})


def cell(column: str, value: Any) -> Any:
    """One table cell: a label or relationship type in the UI language, lists joined."""
    if value is None:
        return ""
    if column in ("label", "type", "relation", "role") and isinstance(value, str) and value in words():
        return t(value)
    if column == "role" and isinstance(value, str) and f"kind_{value}" in words():
        return t(f"kind_{value}")  # a partnership's kind: co-build -> 共建
    if column == "action" and f"act_{value}" in words():
        return t(f"act_{value}")
    return compact_value(value, " → " if column == "path" else "、")


# -- 合作报告 Summaries ------------------------------------------------------------------------------
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


# -- 资源辐射 Spread ---------------------------------------------------------------------------------
def spread_page() -> None:
    st.title(t("page_spread"))
    from queries.spread import spread  # imported on first use: scipy and igraph

    kg = the_graph()
    source, steps, since = spread_inputs(kg)
    if st.button(t("trace"), key="trace", type="primary", disabled=not source, icon=":material/share:"):
        try:
            st.session_state["spread"] = spread(kg, source, steps=steps, since=since)
        except GraphError as err:
            st.error(plain_markdown(str(err)))
    show_spread(kg, st.session_state.get("spread"))


def spread_inputs(kg: KnowledgeGraph) -> tuple[str | None, int, int | None]:
    """The source entity, the number of steps, and the first year counted."""
    names = sorted({data["name"] for _, data in kg.entities()})
    keep_valid("spread_source", names)
    left, middle, right = st.columns([3, 2, 2])
    source = left.selectbox(t("spread_source"), names, key="spread_source", index=None,
                            placeholder=t("entity_placeholder"))
    init("spread_steps", 3)
    steps = middle.slider(t("spread_steps"), 1, SPREAD_MAX_STEPS, key="spread_steps")
    init("spread_since", 2020)
    with right:
        use_since = st.checkbox(t("spread_since_on"), key="spread_since_on")
        since = st.number_input(t("spread_since"), 1990, 2100, step=1, key="spread_since", disabled=not use_since)
    return source, steps, int(since) if use_since else None


def show_spread(kg: KnowledgeGraph, result: Any) -> None:
    """Who was reached at each step, by region, on the graph coloured by step, and the bridges."""
    if result is None:
        return
    reached = sorted(result.reached, key=lambda row: (row.get("step", 0), -float(row.get("score", 0) or 0)))
    payload = result.to_json()
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False, indent=1)
    st.download_button(t("download_json"), text.encode("utf-8"), "spread.json", "application/json",
                       key="spread_json", on_click="ignore", icon=":material/download:")
    table, chart = st.columns([3, 2])
    table.dataframe(table_of(reached), hide_index=True)
    with chart:
        show_spread_chart(reached)
    steps = spread_steps(kg, result.source, reached)
    legend = [(step_colour(step), t("step_n").format(n=step)) for step in sorted(set(steps.values()))]
    sources = [key for key, step in steps.items() if step == 0]
    show_graph(kg, set(steps), colours=step_colours(steps), legend=legend, emphasis=sources)
    if result.bridges:
        st.subheader(t("bridges"))
        st.dataframe(table_of(result.bridges), hide_index=True)


def step_colour(step: int) -> str:
    return STEP_COLOURS[min(step, len(STEP_COLOURS) - 1)]


def show_spread_chart(reached: list[dict[str, Any]]) -> None:
    """Reached entities per region, stacked by step in the graph's step colours."""
    rows = pd.DataFrame([{"region": row.get("region") or t("unknown_region"), "step": int(row.get("step", 0))}
                         for row in reached])
    if rows.empty:
        return
    steps = sorted(rows["step"].unique().tolist())
    st.altair_chart(alt.Chart(rows).mark_bar().encode(
        x=alt.X("count():Q", title=t("entities")), y=alt.Y("region:N", sort="-x", title=t("region")),
        color=alt.Color("step:O", scale=alt.Scale(domain=steps, range=[step_colour(s) for s in steps]),
                        title=t("step"))), width="stretch")


# -- 校正 Curation -----------------------------------------------------------------------------------
def curation_page() -> None:
    kg = the_graph()
    st.title(t("page_curation"))
    st.caption(t("curation_intro"))
    user = current_user()
    if users_file() and user is not None:  # the audit records the signed-in identity, not a typed name
        who = user.name
        st.text_input(t("who"), value=who, disabled=True)
    else:
        init("who_input", st.session_state.get("who", ""))
        who = st.text_input(t("who"), key="who_input", placeholder=t("who_placeholder"))
    st.session_state["who"] = who
    entity_tab, relation_tab, merge_tab, history_tab = st.tabs(
        [t("tab_entity"), t("tab_relation"), t("tab_merge"), t("tab_history")])
    with entity_tab:
        entity_form(kg, who)
    with relation_tab:
        relation_form(kg, who)
        add_relation_form(kg, who)
    with merge_tab:
        merge_form(kg, who)
    with history_tab:
        show_history()
    st.divider()
    st.caption(t("rebuild_help"))
    if st.button(t("rebuild"), key="rebuild", icon=":material/refresh:"):
        rebuild_now(build_dir())


def record(decision: curation.Decision) -> None:
    """Record a decision in the curation file; show that it is recorded, or why it is refused."""
    if not allowed("editor"):
        return
    try:
        curation.record_decision(decision, curation_file())
    except GraphError as err:
        st.error(plain_markdown(str(err)))
        return
    st.success(t("recorded").format(what=plain_markdown(decision_text(decision))))


def decision_text(d: curation.Decision) -> str:
    """A decision as one readable line: action, what it is about, the change, and who."""
    what = d.entity or f"{d.source} —{t(d.type) if d.type in words() else d.type}→ {d.target}"
    change = d.name or (t(d.label) if d.label else "") or d.into
    return f"{cell('action', d.action)} {what}" + (f" → {change}" if change else "") + f"（{d.who}）"


def entity_select(kg: KnowledgeGraph, key: str, label: str) -> str | None:
    """A searchable select box of every entity."""
    return st.selectbox(label, option_keys(kg, kg.g.nodes), key=key, index=None, placeholder=t("entity_placeholder"),
                        format_func=lambda k: entity_text(kg, k))


def show_mentions(kg: KnowledgeGraph, key: str) -> None:
    """Where the entity was read: its documents and the sentences of its relations."""
    entity = details(kg, key)
    st.caption(f"{t('sources')}: {plain_markdown(', '.join(entity.sources))}")
    for row in entity.evidence[:3]:
        st.caption(f"{code_span(row['doc'])} {plain_markdown(row['sentence'])}")


def entity_form(kg: KnowledgeGraph, who: str) -> None:
    """Accept, reject, rename or relabel one entity."""
    key = entity_select(kg, "cur_entity", t("entity"))
    if key is None:
        return
    show_mentions(kg, key)
    actions = ["accept", "reject_entity", "rename_entity", "relabel_entity"]
    action = st.radio(t("action"), actions, key="cur_entity_action", format_func=lambda a: t(f"act_{a}"),
                      horizontal=True)
    name = st.text_input(t("new_name"), key="cur_new_name") if action == "rename_entity" else ""
    label = st.selectbox(t("new_label"), LABELS, key="cur_new_label", format_func=t) if action == "relabel_entity" \
        else ""
    why = st.text_input(t("why"), key="cur_entity_why")
    if st.button(t("record"), key="record_entity", type="primary"):
        record(curation.Decision(action, who, why, entity=ref(kg, key), name=name, label=label or ""))


def relation_text(kg: KnowledgeGraph, edge: tuple[str, str, str]) -> str:
    src, dst, type_ = edge
    return f"{kg.g.nodes[src]['name']} —{t(type_)}→ {kg.g.nodes[dst]['name']}"


def relation_form(kg: KnowledgeGraph, who: str) -> None:
    """Accept or reject one relation, seeing its evidence first."""
    edges = sorted(((s, d, data["type"]) for s, d, data in kg.relations()), key=lambda e: relation_text(kg, e))
    edge = st.selectbox(t("relation"), edges, key="cur_relation", index=None, placeholder=t("relation_placeholder"),
                        format_func=lambda e: relation_text(kg, e))
    if edge is None:
        return
    for evidence in kg.g.edges[edge]["evidence"][:3]:
        st.caption(f"{code_span(evidence.doc)} {plain_markdown(evidence.sentence)}")
    action = st.radio(t("action"), ["accept", "reject_relation"], key="cur_relation_action", horizontal=True,
                      format_func=lambda a: t(f"act_{a}"))
    why = st.text_input(t("why"), key="cur_relation_why")
    if st.button(t("record"), key="record_relation", type="primary"):
        src, dst, type_ = edge
        record(curation.Decision(action, who, why, source=ref(kg, src), type=type_, target=ref(kg, dst)))


def add_relation_form(kg: KnowledgeGraph, who: str) -> None:
    """Add a relation the text states but extraction missed."""
    with st.expander(t("add_relation")):
        source = entity_select(kg, "cur_add_source", t("source_entity"))
        type_ = st.selectbox(t("relation_type"), RELATION_TYPES, key="cur_add_type", format_func=t)
        target = entity_select(kg, "cur_add_target", t("target_entity"))
        why = st.text_input(t("why"), key="cur_add_why")
        if st.button(t("record"), key="record_add", type="primary", disabled=not (source and target)):
            record(curation.Decision("add_relation", who, why, source=ref(kg, source), type=type_,
                                     target=ref(kg, target)))


def merge_form(kg: KnowledgeGraph, who: str) -> None:
    """Fold a duplicate entity into the one that stays."""
    duplicate = entity_select(kg, "cur_duplicate", t("duplicate"))
    into = entity_select(kg, "cur_into", t("merge_into"))
    why = st.text_input(t("why"), key="cur_merge_why")
    if st.button(t("record"), key="record_merge", type="primary", disabled=not (duplicate and into)):
        if duplicate == into:
            st.error(t("merge_same"))
            return
        record(curation.Decision("merge_entities", who, why, entity=ref(kg, duplicate), into=ref(kg, into)))


def show_history() -> None:
    """Every recorded decision, newest first."""
    try:
        decisions = curation.load_decisions(curation_file())
    except GraphError as err:
        st.error(plain_markdown(str(err)))
        return
    st.caption(t("history_note").format(n=len(decisions), file=plain_markdown(str(curation_file()))))
    people = sorted({d.who for d in decisions})
    chosen = st.multiselect(t("history_who"), people, key="history_who", placeholder=t("history_everyone"))
    shown = [d for d in reversed(decisions) if not chosen or d.who in chosen]
    if shown:
        st.dataframe(table_of([curation.describe(d) for d in shown]), hide_index=True, key="history")


# -- 导入 Ingest -------------------------------------------------------------------------------------
@dataclass
class Review:
    """Uploaded files saved as text, the refused ones with why, and what extraction read from the saved ones."""

    saved: list[Path]
    errors: list[str]
    entities: list[dict[str, Any]]
    relations: list[dict[str, Any]]


def ingest_page() -> None:
    st.title(t("page_ingest"))
    folder = build_dir()
    types = ", ".join(UPLOAD_SUFFIXES)
    st.caption(t("ingest_intro").format(types=types, mb=MAX_UPLOAD_BYTES // 1024 // 1024))
    if not pdf_available():
        st.caption(t("pdf_note"))
    files = st.file_uploader(t("upload"), type=[s.lstrip(".") for s in UPLOAD_SUFFIXES], accept_multiple_files=True,
                             key="uploads")
    review = review_uploads(files or [], uploads_dir(folder))
    if review is not None:
        show_review(review)
        if review.saved and st.button(t("add_to_graph"), key="add_to_graph", type="primary", icon=":material/add:"):
            rebuild_now(folder)
    show_uploaded(folder)


def review_uploads(files: list[Any], folder: Path) -> Review | None:
    """Save and read the uploaded files once per set of files (kept in session state)."""
    if not files:
        return None
    signature = tuple((f.file_id, f.name, f.size) for f in files)
    kept = st.session_state.get("review")
    if kept and kept[0] == signature:
        return kept[1]
    if not allowed("editor"):
        return None
    review = read_uploads(files, folder)
    st.session_state["review"] = (signature, review)
    return review


def read_uploads(files: list[Any], folder: Path) -> Review:
    """Check, convert and save each file with a progress bar, then extract from the saved ones (no curation)."""
    from ingest.pipeline import build_graph

    bar = st.progress(0.0, text=t("reading"))
    saved, errors = [], []
    for i, upload in enumerate(files):
        try:
            check_upload(upload.name, upload.size)  # refused by its size before its bytes are read
            saved.append(save_upload(upload.name, upload.getvalue(), folder))
        except GraphError as err:
            errors.append(str(err))
        bar.progress((i + 1) / len(files), text=f"{t('reading')} {i + 1}/{len(files)} {upload.name}")
    if not saved:
        return Review(saved, errors, [], [])
    bar.progress(1.0, text=t("extracting"))
    kg, _ = build_graph([read_document(path) for path in saved], curation=None)
    entities = [{"name": d["name"], "label": d["label"], "doc": "、".join(kg.sources(k))} for k, d in kg.entities()]
    bar.empty()
    return Review(saved, errors, entities, relation_rows(kg))


def show_review(review: Review) -> None:
    """Refused files with why, then the entities by label and the relations read from the saved files."""
    for error in review.errors:
        st.error(plain_markdown(error))
    if not review.saved:
        return
    st.success(t("saved").format(n=len(review.saved), names=plain_markdown("、".join(p.name for p in review.saved))))
    counts = pd.Series([row["label"] for row in review.entities], dtype="object").value_counts()
    st.subheader(t("review_entities").format(n=len(review.entities)))
    columns = st.columns(max(len(counts), 1))
    for column, (label, count) in zip(columns, counts.items(), strict=False):
        column.metric(t(label), int(count))
    rows = [{**row, "label": t(row["label"])} for row in review.entities]
    st.dataframe(frame(rows, {"name": "name", "label": "labels_filter", "doc": "doc"}), hide_index=True)
    st.subheader(t("review_relations").format(n=len(review.relations)))
    rows = [{**row, "type": t(row["type"])} for row in review.relations]
    st.dataframe(frame(rows, {"source": "source_entity", "type": "relation", "target": "target_entity", "doc": "doc",
                              "sentence": "sentence"}), hide_index=True)


def show_uploaded(folder: Path) -> None:
    """The files already in the uploads folder (read by every rebuild), with a way to remove some."""
    uploads = uploads_dir(folder)
    names = sorted(p.name for p in uploads.iterdir() if p.is_file()) if uploads.is_dir() else []
    st.subheader(t("uploaded_files").format(n=len(names)))
    if not names:
        st.caption(t("no_uploads"))
        return
    st.caption(t("uploaded_help"))
    chosen = st.multiselect(t("remove_files"), names, key="remove_files", placeholder=t("choose_files"))
    if st.button(t("remove"), key="remove", disabled=not chosen, icon=":material/delete:") and allowed("editor"):
        for name in chosen:
            (uploads / Path(name).name).unlink(missing_ok=True)
        st.session_state.pop("review", None)
        st.rerun()


# -- 变化 What is new ------------------------------------------------------------------------------
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


# -- navigation ----------------------------------------------------------------------------------------
PAGE_ROLES = {"section_browse": "viewer", "section_analyse": "viewer", "section_maintain": "editor"}


def register_pages(user: User) -> dict[str, list[Any]]:
    """The pages this user's role may see, grouped in sections of the sidebar, titled in the UI language."""
    specs = {
        "section_browse": [(overview_page, "overview", ":material/dashboard:"),
                           (explore_page, "explore", ":material/hub:"),
                           (sources_page, "sources", ":material/description:")],
        "section_analyse": [(ask_page, "ask", ":material/question_answer:"),
                            (summaries_page, "summaries", ":material/summarize:"),
                            (spread_page, "spread", ":material/share:"),
                            (cypher_page, "cypher", ":material/terminal:")],
        "section_maintain": [(curation_page, "curation", ":material/fact_check:"),
                             (ingest_page, "ingest", ":material/upload_file:"),
                           (changes_page, "changes", ":material/difference:")],
    }
    if user.may("admin") and users_file():
        specs["section_maintain"].append((users_page, "users", ":material/group:"))
    sections = {}
    for section, pages in specs.items():
        if not user.may(PAGE_ROLES[section]):
            continue
        sections[t(section)] = []
        for func, path, icon in pages:
            PAGES[path] = st.Page(func, title=t(f"page_{path}"), url_path=path, icon=icon, default=path == "overview")
            sections[t(section)].append(PAGES[path])
    return sections


def keep_widget_state() -> None:
    """Re-assign kept widget values so Streamlit keeps them while their page is not shown."""
    for key in KEPT_WIDGETS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def sign_in_page() -> None:
    """The only page an anonymous visitor sees when the app has users (KG_USERS)."""
    st.title(t("page_signin"))
    with st.form("sign_in"):
        name = st.text_input(t("signin_user"), max_chars=40)
        password = st.text_input(t("signin_password"), type="password", max_chars=200)
        if st.form_submit_button(t("signin_button"), type="primary"):
            user = sign_in(load_users(users_file()), name, password)
            if user is None:
                st.error(t("signin_failed"))
            else:
                st.session_state["user"] = user
                st.rerun()


def users_page() -> None:
    """The users of this app and their roles (admins only; passwords are never shown)."""
    if not allowed("admin"):
        return
    st.title(t("page_users"))
    st.caption(t("users_intro").format(file=plain_markdown(str(users_file()))))
    users = load_users(users_file())
    st.dataframe(pd.DataFrame({t("signin_user"): list(users), t("role"): [t(f"role_{r}") for r, _ in users.values()]}),
                 hide_index=True)


def show_who(user: User) -> None:
    """The signed-in user with a way out; or, single-user, that the app runs for this machine only."""
    if not users_file():
        st.sidebar.caption(t("single_user_note"))
        return
    st.sidebar.caption(t("signed_in_as").format(name=plain_markdown(user.name), role=t(f"role_{user.role}")))
    if st.sidebar.button(t("sign_out"), key="sign_out", icon=":material/logout:"):
        st.session_state.pop("user", None)
        st.rerun()


def main() -> None:
    st.set_page_config(page_title="教育协作知识图谱", page_icon="🎓", layout="wide")
    keep_widget_state()
    user = current_user()
    if user is None:
        try:
            load_users(users_file())
        except GraphError as err:
            st.error(plain_markdown(str(err)))
            st.stop()
        st.navigation([st.Page(sign_in_page, title=t("page_signin"), url_path="signin", icon=":material/login:")],
                      position="hidden").run()
        st.sidebar.radio("语言 / Language", list(LANGUAGES), key="language", horizontal=True)
        return
    navigation = st.navigation(register_pages(user))
    st.sidebar.radio("语言 / Language", list(LANGUAGES), key="language", horizontal=True)
    st.sidebar.caption(t("title"))
    show_who(user)
    ensure_build(build_dir())
    navigation.run()


# Streamlit runs this file as __main__; the build's worker processes import it as __mp_main__
# and must not start the app again.
if __name__ == "__main__":
    main()
