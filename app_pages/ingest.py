"""导入 Ingest: upload reports, see what they hold, add them to the graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages.background import Job, show_job_progress, start_job
from app_pages.shared import (
    DEFAULT_SOURCE,
    allowed,
    build_dir,
    frame,
    rebuild_now,
    t,
    uploads_dir,
)
from graph.errors import GraphError
from graph.overview import relation_rows
from graph.sources import document_files
from ingest.convert import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, check_upload, pdf_available, save_upload
from ingest.reader import read_texts
from queries.markdown import plain_markdown

ROLE = "editor"  # the role this page needs


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
    """Check the uploaded files here, then save and read them in a background job, once per set of files
    (the job is kept in session state, so leaving the page and coming back shows it again); None while
    it runs, with its progress shown."""
    kept = st.session_state.get("review")
    if not files and not kept:
        return None
    signature = tuple((f.file_id, f.name, f.size) for f in files)
    if files and (not kept or kept[0] != signature):
        if not allowed("editor"):
            return None
        kept = (signature, start_reading(files, folder))
        st.session_state["review"] = kept
    job = kept[1]
    if not job.finished:
        show_job_progress(job, t("upload_waiting"))
        return None
    if job.error:
        st.error(plain_markdown(job.error))
        return None
    return job.result


def start_reading(files: list[Any], folder: Path) -> Job:
    """Refuse files by their size before their bytes are taken, then hand the others to a background job."""
    refused, accepted = [], []
    for upload in files:
        try:
            check_upload(upload.name, upload.size)
            accepted.append((upload.name, upload.getvalue()))
        except GraphError as err:
            refused.append(str(err))
    reading, extracting = t("reading"), t("extracting")
    corpus_ids = {doc_id: path.name for doc_id, path in document_files([DEFAULT_SOURCE]).items()}
    return start_job(lambda job: read_uploads(accepted, refused, folder, job, (reading, extracting), corpus_ids),
                     total=len(accepted) + 1)


def read_uploads(files: list[tuple[str, bytes]], refused: list[str], folder: Path, job: Job,
                 texts: tuple[str, str], corpus_ids: dict[str, str]) -> Review:
    """Convert and save each file, then extract from the saved ones (no curation); runs in the background.
    A file the extractor fails on is listed with the refused ones; the others are still shown."""
    from ingest.lexicon import load_lexicon
    from ingest.merge import merge_documents
    from ingest.parallel import ExtractionFailed, extract_one

    reading, extracting = texts
    saved, errors = [], list(refused)
    for i, (name, data) in enumerate(files):
        job.step(i, f"{reading} {i + 1}/{len(files)} {name}")
        try:
            saved.append(save_upload(name, data, folder, corpus_ids))
        except GraphError as err:
            errors.append(str(err))
    if not saved:
        return Review(saved, errors, [], [])
    job.step(len(files), extracting)
    results = [extract_one(item) for item in read_texts(saved)]
    errors += [f"{r.path}: {r.reason}" for r in results if isinstance(r, ExtractionFailed)]
    kg = merge_documents([r for r in results if not isinstance(r, ExtractionFailed)], load_lexicon())
    entities = [{"name": d["name"], "label": d["label"], "doc": "、".join(kg.sources(k))} for k, d in kg.entities()]
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
