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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from graph.errors import GraphError
from graph.jsonio import atomic_write_text, write_graph_json
from graph.model import KnowledgeGraph
from graph.store import open_store
from ingest.cache import FOLDER as CACHE_FOLDER
from ingest.cache import ResultCache, document_key
from ingest.curation import CURATION_FILE, apply_decisions, load_decisions
from ingest.lexicon import load_lexicon
from ingest.merge import merge_documents
from ingest.parallel import extract_item, extract_parallel
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

    def summary(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items(), key=lambda kv: -kv[1]))
        types = ", ".join(f"{k} {v}" for k, v in sorted(self.types.items(), key=lambda kv: -kv[1]))
        return (f"{self.documents} documents; {sum(self.labels.values())} entities ({labels}); "
                f"{sum(self.types.values())} relations ({types}); {self.seconds:.1f} s")


def extract_all(sources: list[str | Path], report: BuildReport, cache: ResultCache | None, workers: int,
                progress: Callable[[int, int, str], None] | None = None) -> list[DocumentResult]:
    """Slim extraction results of every document, in reading order: from the cache where the text is
    unchanged, else extracted (in a pool of `workers` processes when more than a handful need it).
    Texts are read twice (keys first, then the documents to extract) so they are never all held at once."""
    keys = [(doc_id, path, document_key(doc_id, text)) for doc_id, path, text in read_texts(sources, report.skipped)]
    report.documents = len({path for _, path, _ in keys})
    cached = {i: cache.get(key) for i, (_, _, key) in enumerate(keys)} if cache else {}
    todo = {i for i in range(len(keys)) if cached.get(i) is None}
    items = (item for i, item in enumerate(read_texts(sources, [])) if i in todo)
    if workers > 1 and len(todo) > PARALLEL_MIN_DOCUMENTS:
        fresh = extract_parallel(items, workers)
    else:
        fresh = map(extract_item, items)
    results = []
    for i, (doc_id, _, key) in enumerate(keys):
        result = cached.pop(i, None)
        if result is None:
            data = next(fresh)
            if cache:
                cache.put(key, data)
            result = pickle.loads(data)
        results.append(result)
        if progress:
            progress(i + 1, len(keys), doc_id)
    for _ in fresh:  # let the pool finish and shut down
        pass
    if cache:
        cache.prune()
    return results


def build(
    sources: list[str | Path], out: Path, progress: Callable[[int, int, str], None] | None = None,
    store: str | None = None, report: BuildReport | None = None, curation: Path | None = CURATION_FILE,
    workers: int | None = None, use_cache: bool = True,
) -> tuple[KnowledgeGraph, BuildReport, list[DocumentResult]]:
    """Read, extract, merge and write a build folder (and load the chosen store); returns the graph and a report.
    Pass a `report` to keep the list of skipped files when the build fails. Unchanged documents are read from
    BUILD/cache; `workers` processes extract the others (default: one per CPU)."""
    started = time.perf_counter()
    report = report if report is not None else BuildReport()
    remove_leftovers(out)
    cache = ResultCache(out / CACHE_FOLDER) if use_cache else None
    results = extract_all(sources, report, cache, workers or os.cpu_count() or 1, progress)
    if not results:
        raise GraphError("E303", f"{', '.join(map(str, sources))}: no readable .txt or .md document")
    report.cached = cache.hits if cache else 0
    kg = merge_documents(results, load_lexicon())
    if curation is not None:
        apply_decisions(kg, load_decisions(curation))
    report.labels, report.types = kg.counts()
    write_outputs(kg, results, out, store)
    report.seconds = time.perf_counter() - started
    return kg, report, results


def write_outputs(kg: KnowledgeGraph, results: list[DocumentResult], out: Path, store: str | None = None) -> None:
    """Load the chosen store (the embedded one publishes a new file), then graph.json and the alias report."""
    out.mkdir(parents=True, exist_ok=True)
    target = open_store(out, store, for_build=True)
    try:
        target.load(kg)
    finally:
        target.close()
    write_graph_json(kg, out / "graph.json")
    atomic_write_text(out / "aliases_found.tsv", alias_report(results))


def remove_leftovers(out: Path) -> None:
    """Delete what a killed build left: temporary files and unpublished store files no server runs on."""
    for tmp in [*out.glob(".graph.json.*"), *out.glob(".aliases_found.tsv.*"), *out.glob("store/.CURRENT.*")]:
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
    from graph.falkor import _remove_stale

    current = folder / "CURRENT"
    _remove_stale(folder, keep=current.read_text(encoding="utf-8").strip() if current.exists() else "")


def _server_running(settings: Path) -> bool:
    """Whether the embedded redis-server named by a FalkorDB Lite `.settings` file is still alive."""
    try:
        pidfile = Path(json.loads(settings.read_text(encoding="utf-8"))["pidfile"])
        return psutil.pid_exists(int(pidfile.read_text(encoding="utf-8").strip()))
    except (OSError, ValueError, KeyError, TypeError):
        return False


def alias_report(results: list[DocumentResult]) -> str:
    """Every alias the build decided, with where it came from: a TSV coordinators can review."""
    lines = ["alias\tname\tlabel\thow\tdoc"]
    for result in results:
        for alias, name, label, how in result.resolved.alias_sources:
            lines.append(f"{alias}\t{name}\t{label}\t{how}\t{result.resolved.doc.id}")
    return "\n".join(dict.fromkeys(lines)) + "\n"


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
