"""Extraction over documents in worker processes: a Pool whose workers each build their own Extractor.

Documents go in as (id, path, text) and come back, in order, as pickled DocumentResults made small
(`slim`: no document text, sentences or spans), so the parent holds only what the merge and the alias
report need. `imap` feeds the pool through a pipe, which bounds how many texts are in flight.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
from collections.abc import Iterable, Iterator

from graph.model import Document
from ingest.pipeline import DocumentResult, Extractor
from ingest.reader import make_document

Item = tuple[str, str, str]  # document id, path, decoded text
_extract: Extractor | None = None


def slim(result: DocumentResult) -> DocumentResult:
    """The result without what merging and the alias report do not read: text, sentences, spans."""
    doc = result.resolved.doc
    result.resolved.doc = Document(doc.id, doc.path, "", doc.title, doc.date)
    result.resolved.spans = []
    return result


def extract_item(item: Item) -> bytes:
    """Extract one document with this process's Extractor (made on first use); returns the pickled slim result."""
    global _extract
    if _extract is None:
        _extract = Extractor()
    doc_id, path, text = item
    return pickle.dumps(slim(_extract(make_document(doc_id, path, text))), protocol=pickle.HIGHEST_PROTOCOL)


def _init_worker() -> None:
    global _extract
    _extract = Extractor()


def extract_parallel(items: Iterable[Item], workers: int, chunksize: int = 1) -> Iterator[bytes]:
    """Pickled slim results of `items`, in order, from a pool of `workers` processes.

    Workers come from a fork server (safe when the caller has threads, as the app does) that has
    already imported the pipeline; each builds its Extractor in the pool initializer."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["ingest.pipeline"])
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        yield from pool.imap(extract_item, items, chunksize)
