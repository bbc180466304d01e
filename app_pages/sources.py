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
    open_entity_button,
    source_files,
    sync_url_choice,
    t,
    the_graph,
    the_views,
    words,
)
from graph.errors import GraphError
from graph.mention_index import spans_in
from graph.model import LABELS
from graph.sources import Span, highlighted_html, mentions_in
from graph.visual import LABEL_COLOURS, legend_item
from queries.markdown import plain_markdown

ROLE = "viewer"  # the role this page needs


def sources_page() -> None:
    st.title(t("page_sources"))
    files = source_files()
    docs = sorted(set(files) | {row["doc"] for row in the_views().documents})
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
    spans = document_spans(doc)
    text_side, entity_side = st.columns([3, 2])
    with text_side:
        show_marked_text(spans, files[doc])
    with entity_side:
        show_doc_entities(spans)


def document_spans(doc: str) -> list[Span]:
    """The document's mentions from the build's mention index (no need to wait for the whole graph), else
    from the graph (an older build)."""
    spans = spans_in(build_dir(), doc)
    return spans if spans is not None else mentions_in(the_graph(), doc)


def show_marked_text(spans: list[Span], path: Path) -> None:
    """The document's text with its entities marked in their label colours."""
    labels = [label for label in LABELS if any(span.label == label for span in spans)]
    st.markdown("".join(legend_item(LABEL_COLOURS[label], t(label)) for label in labels), unsafe_allow_html=True)
    try:
        text = load_document(str(path)).text
    except GraphError as err:  # the file changed since the build, or was put there by hand
        st.error(plain_markdown(str(err)))
        return
    st.html(highlighted_html(text, spans, words()))
    st.caption(t("marked").format(n=len(spans)))


def show_doc_entities(spans: list[Span]) -> None:
    """The entities of the document, grouped by label; each opens on the explore page."""
    first = {span.key: span for span in reversed(spans)}  # each entity's first mention
    entities = sorted(first.values(), key=lambda span: (span.start, span.key))
    st.subheader(t("doc_entities").format(n=len(entities)))
    st.caption(t("doc_entities_help"))
    for label in LABELS:
        group = [span for span in entities if span.label == label]
        if not group:
            continue
        st.markdown(f"**{t(label)}**")
        columns = st.columns(2)
        for i, span in enumerate(group):
            open_entity_button(None, span.key, columns[i % 2], label=span.name)
