"""Extraction over documents in worker processes: a Pool whose workers each build their own Extractor.

Documents go in as (id, path, text) and come back, in order, as pickled DocumentResults made small
(`slim`: no document text, sentences or spans), so the parent holds only what the merge and the alias
report need. `imap` feeds the pool through a pipe, which bounds how many texts are in flight.
"""

from __future__ import annotations

import multiprocessing as mp
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph.model import Document
from ingest.pipeline import DocumentResult, Extractor
from ingest.reader import make_document

Item = tuple[str, str, str]  # document id, path, decoded text
_extract: Extractor | None = None


@dataclass
class ExtractionFailed:
    """What comes back for a document the extractor failed on (a bug, not bad input): the build skips it,
    names it and the error in one line, and goes on with the others."""

    doc_id: str
    path: str
    reason: str


def slim(result: DocumentResult) -> DocumentResult:
    """The result without what merging and the alias report do not read: text, sentences, spans."""
    doc = result.resolved.doc
    result.resolved.doc = Document(doc.id, doc.path, "", doc.title, doc.date)
    result.resolved.spans = []
    return result


def extract_one(item: Item) -> DocumentResult | ExtractionFailed:
    """Extract one document with this process's Extractor (made on first use): the slim result, or what failed."""
    global _extract
    if _extract is None:
        _extract = Extractor()
    doc_id, path, text = item
    try:
        return slim(_extract(make_document(doc_id, path, text)))
    except Exception as exc:  # one document's failure must not lose the build of the others
        message = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return ExtractionFailed(doc_id, path, f"extraction failed ({message}); the other documents were built")


def extract_item(item: Item) -> bytes | ExtractionFailed:
    """`extract_one`, its result pickled (what a worker sends back and the cache keeps)."""
    result = extract_one(item)
    return result if isinstance(result, ExtractionFailed) else pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _init_worker() -> None:
    global _extract
    _extract = Extractor()


def extract_parallel(items: Iterable[Item], workers: int, chunksize: int = 1) -> Iterator[bytes | ExtractionFailed]:
    """Pickled slim results of `items` (or what failed), in order, from a pool of `workers` processes.

    Workers come from a fork server (safe when the caller has threads, as the app does) that has
    already imported the pipeline; each builds its Extractor in the pool initializer."""
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["ingest.pipeline"])
    with ctx.Pool(workers, initializer=_init_worker) as pool:
        yield from pool.imap(extract_item, items, chunksize)
