"""Build a graph folder from source documents: graph.json, the embedded store, the alias report.

Every output is written to a temporary file and renamed into place, so a failed or killed
build leaves the previous build readable; the next build first removes what a killed one left.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from graph.errors import GraphError
from graph.jsonio import atomic_write_text, write_graph_json
from graph.model import Document, KnowledgeGraph
from graph.store import open_store
from ingest.pipeline import DocumentResult, build_graph
from ingest.reader import read_documents

DEFAULT_SOURCE = Path(__file__).resolve().parent.parent / "data" / "corpus"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data" / "build"


@dataclass
class BuildReport:
    """What a build did, for the summary line and the app."""

    documents: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items(), key=lambda kv: -kv[1]))
        types = ", ".join(f"{k} {v}" for k, v in sorted(self.types.items(), key=lambda kv: -kv[1]))
        return (f"{self.documents} documents; {sum(self.labels.values())} entities ({labels}); "
                f"{sum(self.types.values())} relations ({types}); {self.seconds:.1f} s")


def read_all(sources: list[str | Path], report: BuildReport) -> list[Document]:
    """Read every file; a file that cannot be read is added to `report.skipped` with its reason, never fatal."""
    docs = list(read_documents(sources, report.skipped))
    report.documents = len({doc.path for doc in docs})  # files; a large file is read as several parts
    return docs


def build(
    sources: list[str | Path], out: Path, progress: Callable[[int, int, str], None] | None = None,
    store: str | None = None, report: BuildReport | None = None,
) -> tuple[KnowledgeGraph, BuildReport, list[DocumentResult]]:
    """Read, extract, merge and write a build folder (and load the chosen store); returns the graph and a report.
    Pass a `report` to keep the list of skipped files when the build fails."""
    started = time.perf_counter()
    report = report if report is not None else BuildReport()
    remove_leftovers(out)
    docs = read_all(sources, report)
    if not docs:
        raise GraphError("E303", f"{', '.join(map(str, sources))}: no readable .txt or .md document")
    done = 0

    def step(doc: Document) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(docs), doc.id)

    kg, results = build_graph(docs, step)
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
