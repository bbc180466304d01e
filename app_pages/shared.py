"""What every page of the app shares: UI texts, the build folder and its caches, the signed-in user,
and small widgets (graph pictures, entity and document buttons, tables)."""


from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from graph.access import LOCAL_USER, User, users_file
from graph.collector import keep_out_of_collections, return_to_collections
from graph.errors import GraphError
from graph.explore import (
    MAX_SELECT_OPTIONS,
    most_connected,
    option_keys,
)
from graph.model import Document, KnowledgeGraph
from graph.snapshot import read_graph
from graph.sources import document_files
from graph.store import GraphStore, open_store
from graph.views import Views, read_views
from graph.visual import graph_html
from ingest import curation
from ingest.build import DEFAULT_OUT, DEFAULT_SOURCE, build
from ingest.reader import read_document
from queries.markdown import plain_markdown

UI_TEXTS: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "ui_labels.json").read_text(encoding="utf-8"))
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
    """The graph of a build folder (its snapshot, else graph.json), read once per process and shared read-only
    by all sessions."""
    kg = read_graph(Path(folder))
    keep_out_of_collections()  # it lives as long as the process: no collection should rescan it
    return kg


@st.cache_resource(show_spinner=False)
def load_views(folder: str) -> Views:
    """The overview's whole-graph views, precomputed by the build: read without the graph, so the first page
    of a large graph shows at once (an older build's are computed from its graph)."""
    return read_views(Path(folder))


@st.cache_resource(show_spinner=False)
def select_options(folder: str) -> list[str]:
    """Entities for the select boxes, by label then name: all of them, or on a large graph the
    MAX_SELECT_OPTIONS most connected (search finds the others)."""
    kg = load_graph(folder)
    keys = most_connected(kg, kg.g.nodes, MAX_SELECT_OPTIONS) if len(kg) > MAX_SELECT_OPTIONS else kg.g.nodes
    return option_keys(kg, keys)


@st.cache_resource(show_spinner=False)
def example_questions(folder: str, lang: str) -> list[str]:
    """The ask page's example questions, built from the graph's own names: stored in the build's views, else
    (an older build) computed from the graph once per build and language."""
    stored = load_views(folder).examples.get(lang)
    if stored is not None:
        return stored
    from queries.examples import example_questions as examples_of

    return examples_of(load_graph(folder), lang)


@st.cache_resource(show_spinner=False, on_release=lambda store: store.close())
def load_store(folder: str) -> GraphStore:
    """The build's store: one embedded FalkorDB Lite server per process."""
    return open_store(Path(folder))


@st.cache_resource(show_spinner=False)
def load_document(path: str) -> Document:
    """A source document as the build read it (mention offsets point into its text)."""
    return read_document(Path(path))


@st.cache_resource(show_spinner=False)
def warmed_folders() -> set[str]:
    """The build folders whose graph a background thread has been asked to read, once per process."""
    return set()


def warm_graph(folder: Path) -> None:
    """Start reading the build's graph (then making what pages derive from it) and starting its store, in two
    background threads, once per build and process: the page a visitor opens next finds them ready (a
    100k-node graph takes seconds to read). A page that asks sooner waits for the same work, as Streamlit
    computes one cached value once."""
    folder_name = str(folder)
    if folder_name in warmed_folders() or not is_built(folder):
        return
    warmed_folders().add(folder_name)
    for work in (_read_graph, load_store):
        threading.Thread(target=_quietly, args=(work, folder_name), name="kg-warm-up", daemon=True).start()


def _read_graph(folder: str) -> None:
    with build_lock():  # a rebuild in this process waits, so it never clears the caches under a read of the old graph
        load_graph(folder)
    select_options(folder)
    for lang in LANGUAGES.values():
        example_questions(folder, lang)


def _quietly(work: Callable[[str], Any], folder: str) -> None:
    try:
        work(folder)
    except Exception:  # noqa: BLE001 — a broken build or store: the page that needs it reads it again and says so
        pass


def clear_caches() -> None:
    """Forget the graph, store and documents, so every session reads the new build."""
    load_graph.clear()
    warmed_folders.clear()
    return_to_collections()  # the graph kept out of collections until now may go
    load_views.clear()
    select_options.clear()
    example_questions.clear()
    load_store.clear()
    load_document.clear()


def the_graph() -> KnowledgeGraph:
    """The cached graph of the build folder; a broken build stops the page with its one-line error."""
    return _or_stop(_load_graph_with_spinner)


def _load_graph_with_spinner(folder: str) -> KnowledgeGraph:
    with st.spinner(t("loading_graph")):  # shown only when reading takes a while: a large graph, first time
        return load_graph(folder)


def the_views() -> Views:
    """The build's overview views; a broken build stops the page like the_graph."""
    return _or_stop(load_views)


def the_store() -> GraphStore:
    """The cached store of the build folder (started on first use); errors stop the page like the_graph."""
    return _or_stop(load_store)


def _or_stop[T](load: Callable[[str], T]) -> T:
    """What `load` gives for the build folder; its GraphError is shown as one line and stops the page."""
    try:
        return load(str(build_dir()))
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
                           by=f"app ({getattr(current_user(), 'name', 'a session')})", wait=False)
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


def open_entity_button(kg: KnowledgeGraph | None, key: str, where: Any = st, label: str | None = None) -> None:
    """A small button that opens the entity on the explore page (named by `label`, else by its name in `kg`)."""
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


def show_limit_notice(kg: KnowledgeGraph, shown: Any, focus: str | None) -> None:
    """A warning that says what is drawn when the graph is too large for the browser."""
    if shown.limited == "focus":
        name = plain_markdown(kg.g.nodes[focus]["name"])
        st.warning(t("limit_focus").format(total=shown.total, shown=len(shown.nodes), name=name))
    elif shown.limited == "sample":
        st.warning(t("limit_sample").format(total=shown.total, shown=len(shown.nodes)))


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
