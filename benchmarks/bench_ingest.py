"""Ingest: extraction throughput against jieba's plain segmentation, memory, and the cached rebuild."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import PeakRSS, Report, timed
from benchmarks.synth_corpus import write_corpus
from ingest.build import build

JIEBA_BASELINE = """
import sys, time, pathlib, jieba
jieba.setLogLevel(60); jieba.initialize()
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
started = time.perf_counter()
for text in texts:
    for _ in jieba.cut(text, HMM=True):
        pass
print(sum(map(len, texts)) / (time.perf_counter() - started))
"""


def run(report: Report, quick: bool, workers: int = 2) -> None:
    mb = 3.0 if quick else 20.0
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as tmp:
        corpus = write_corpus(Path(tmp) / "corpus", mb=mb)
        files = sorted(corpus.glob("*.txt"))
        chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
        size_mb = sum(p.stat().st_size for p in files) / 1e6
        where = f"{size_mb:.1f} MB synthetic corpus, {len(files)} documents, {chars / 1e6:.2f}M chars"
        jieba_rate = float(subprocess.run([sys.executable, "-c", JIEBA_BASELINE, str(corpus)], check=True,
                                          capture_output=True, text=True).stdout)
        report.figure("ingest_jieba_cut", jieba_rate, "chars/s", f"baseline: jieba.cut, 1 process, HMM; {where}", None)

        out = Path(tmp) / "build"
        marks: dict[str, float] = {}

        def progress(done: int, total: int, _name: str) -> None:
            if done == total:
                marks["extracted"] = time.perf_counter()

        started = time.perf_counter()
        with PeakRSS() as rss:
            full_s, _ = timed(lambda: build([corpus], out, progress=progress, workers=workers))
        extract_s = marks["extracted"] - started
        rate = chars / extract_s
        report.figure("ingest_extract_throughput", rate, "chars/s",
                      f">= 1/3 of jieba_cut = {jieba_rate / 3:,.0f}; {workers} workers, worker start-up included",
                      rate >= jieba_rate / 3, f"{rate / jieba_rate:.2f}x jieba")
        report.figure("ingest_full_build", full_s, "s", "informational", None,
                      f"extraction {extract_s:.1f} s; merge, store load, graph.json {full_s - extract_s:.1f} s")
        mb_rss, worker_mb = rss.own / 1e6, rss.child / 1e6
        report.figure("ingest_build_peak_rss", mb_rss, "MB", "< 1500 MB (bounded; benchmark process included)",
                      mb_rss < 1500)
        report.figure("ingest_worker_peak_rss", worker_mb, "MB", "< 800 MB per worker", worker_mb < 800)
        report.figure("ingest_rss_per_corpus_mb", mb_rss / size_mb, "x", "informational: peak RSS / corpus size",
                      None)

        rebuild_s, (_, second, _) = timed(lambda: build([corpus], out, workers=workers))
        share = rebuild_s / full_s * 100
        store_json = _outputs_seconds(out)
        report.figure("ingest_rebuild_unchanged", share, "% of full build", "< 5 %", share < 5,
                      f"{rebuild_s:.2f} s, {second.cached}/{len(files)} documents from cache; "
                      f"store load + graph.json {store_json:.2f} s of it")
        report.figure("ingest_rebuild_all_cached", second.cached, "documents", f"= {len(files)}",
                      second.cached == len(files))


def _outputs_seconds(out: Path) -> float:
    """Seconds to load the store and write graph.json for the build in `out` (what every rebuild pays)."""
    from graph.jsonio import read_graph_json
    from ingest.build import write_outputs

    kg = read_graph_json(out / "graph.json")
    seconds, _ = timed(lambda: write_outputs(kg, [], out))
    return seconds
