"""原文 Sources: a document's text with its entities marked in their label colours."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.shared import (
    apply_url_choice,
    build_dir,
    document_titles,
    keep_valid,
    load_document,
    load_views,
    open_entity_button,
    source_files,
    sync_url_choice,
    t,
    the_graph,
    words,
)
from graph.errors import GraphError
from graph.model import LABELS, KnowledgeGraph
from graph.sources import entities_in, highlighted_html, mentions_in
from graph.visual import LABEL_COLOURS, legend_item
from queries.markdown import plain_markdown

ROLE = "viewer"  # the role this page needs


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
