"""教育协作知识图谱 — the Streamlit app: entity counts, an interactive graph and a Cypher console.

Run with `streamlit run app.py`. The graph is read from data/build (or $KG_BUILD_DIR) and
built from data/corpus first when that folder has no graph.json or no store.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from graph.errors import GraphError
from graph.jsonio import read_graph_json
from graph.model import LABELS, KnowledgeGraph
from graph.store import GraphStore, QueryResult, open_store
from graph.visual import graph_html, region_names, visible_nodes
from ingest.build import DEFAULT_OUT, DEFAULT_SOURCE, build
from queries import cypher as Q

UI_TEXTS: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).resolve().parent / "data" / "ui_labels.json").read_text(encoding="utf-8"))
LANGUAGES = {"中文": "zh", "English": "en"}
BUILD_DIR_ENV = "KG_BUILD_DIR"
GRAPH_HEIGHT = 650
LEGEND_HEIGHT = 60


def words() -> dict[str, str]:
    """All UI texts in the language chosen in the sidebar."""
    return UI_TEXTS[LANGUAGES[st.session_state.get("language", "中文")]]


def t(key: str) -> str:
    """The UI text for `key` in the chosen language."""
    return words()[key]


def build_dir() -> Path:
    """The build folder: $KG_BUILD_DIR, or data/build."""
    return Path(os.environ.get(BUILD_DIR_ENV) or DEFAULT_OUT)


def is_built(folder: Path) -> bool:
    return (folder / "graph.json").exists() and (folder / "store" / "CURRENT").exists()


@st.cache_resource(show_spinner=False)
def build_lock() -> threading.Lock:
    """One lock per process, so two sessions starting together do not build twice."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def load_graph(folder: str) -> KnowledgeGraph:
    """graph.json of a build folder, read once per process and shared read-only by all sessions."""
    return read_graph_json(Path(folder) / "graph.json")


@st.cache_resource(show_spinner=False, on_release=lambda store: store.close())
def load_store(folder: str) -> GraphStore:
    """The build's embedded store: one FalkorDB Lite server per process."""
    return open_store(Path(folder))


def ensure_build(folder: Path) -> None:
    """Build the graph from data/corpus into `folder` if it is missing, showing a progress bar."""
    with build_lock():
        if is_built(folder):
            return
        with st.status(t("building"), expanded=True) as status:
            bar = st.progress(0.0)

            def show_progress(done: int, total: int, name: str) -> None:
                bar.progress(done / max(total, 1), text=f"{done}/{total} {name}")

            try:
                _, report, _ = build([DEFAULT_SOURCE], folder, progress=show_progress)
            except GraphError as err:
                status.update(label=str(err), state="error")
                st.stop()
            status.update(label=t("built").format(summary=report.summary()), state="complete", expanded=False)


def show_label_counts(store: GraphStore) -> None:
    """One metric per label, counted by the store."""
    st.subheader(t("counts"))
    counts = dict(store.query(Q.COUNT_BY_LABEL).rows)
    for column, label in zip(st.columns(len(LABELS)), LABELS, strict=True):
        column.metric(t(label), counts.get(label, 0))


def chosen_nodes(kg: KnowledgeGraph) -> set[str]:
    """Sidebar filters by label and region; returns the ids of the nodes to draw."""
    st.sidebar.header(t("filters"))
    labels = st.sidebar.multiselect(t("labels_filter"), LABELS, default=list(LABELS), format_func=t, key="labels")
    regions = st.sidebar.multiselect(t("regions_filter"), region_names(kg), key="regions", help=t("regions_help"))
    return visible_nodes(kg, labels, regions)


def show_graph(kg: KnowledgeGraph, node_ids: set[str]) -> None:
    """The pyvis graph of the chosen nodes and the relations between them."""
    st.subheader(t("graph"))
    edges = kg.g.subgraph(node_ids).number_of_edges()
    st.caption(t("shown").format(nodes=len(node_ids), edges=edges))
    if not node_ids:
        st.info(t("no_nodes"))
        return
    st.iframe(graph_html(kg, node_ids, f"{GRAPH_HEIGHT}px", words()), height=GRAPH_HEIGHT + LEGEND_HEIGHT)


def compact(value: Any) -> Any:
    """A result value as table text: a node by its name, a relationship by its type, a path by its nodes."""
    if isinstance(value, dict):
        kind = value.get("_kind")
        if kind == "node":
            return value.get("name") or f"({':'.join(value['labels'])} {value['_id']})"
        if kind == "relationship":
            return f"[:{value['type']}]"
        if kind == "path":
            return " → ".join(compact(node) for node in value["nodes"])
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list):
        return "、".join(str(compact(item)) for item in value)
    return value


def result_table(result: QueryResult) -> pd.DataFrame:
    return pd.DataFrame([[compact(v) for v in row] for row in result.rows], columns=result.columns)


def run_query(store: GraphStore, query: str) -> QueryResult | GraphError:
    """The query's rows, or the one-line error when the store refuses or rejects it."""
    try:
        return store.query(query)
    except GraphError as err:
        return err


def show_console(store: GraphStore) -> None:
    """A read-only Cypher console; the last outcome is kept for the session across reruns."""
    st.subheader(t("console"))
    query = st.text_area(t("query"), value=Q.CONSOLE_EXAMPLE, key="cypher", height=110)
    if st.button(t("run"), key="run", type="primary"):
        st.session_state["outcome"] = run_query(store, query)
    outcome = st.session_state.get("outcome")
    if isinstance(outcome, GraphError):
        st.error(str(outcome))
    elif isinstance(outcome, QueryResult):
        st.dataframe(result_table(outcome), hide_index=True)
        st.caption(t("truncated" if outcome.truncated else "rows").format(rows=len(outcome.rows)))


def main() -> None:
    st.set_page_config(page_title="教育协作知识图谱", layout="wide")
    st.sidebar.radio("语言 / Language", list(LANGUAGES), key="language", horizontal=True)
    st.title(t("title"))
    folder = build_dir()
    ensure_build(folder)
    try:
        kg, store = load_graph(str(folder)), load_store(str(folder))
        show_label_counts(store)
    except GraphError as err:
        st.error(str(err))
        st.stop()
    show_graph(kg, chosen_nodes(kg))
    show_console(store)


main()
