"""A parallel build (a pool of worker processes) gives exactly the graph a serial build gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import build as build_module
from ingest import parallel
from ingest.build import DEFAULT_SOURCE, build


def graph_json(out: Path) -> dict:
    payload = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    return {"entities": payload["entities"], "relations": payload["relations"]}


@pytest.mark.slow
def test_parallel_build_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = parallel.extract_parallel

    def counted(items, workers):
        calls.append(workers)
        return real(items, workers)

    monkeypatch.setattr(build_module, "PARALLEL_MIN_DOCUMENTS", 0)  # data/corpus has only five documents
    monkeypatch.setattr(parallel, "extract_parallel", counted)
    build([DEFAULT_SOURCE], tmp_path / "serial", workers=1, use_cache=False)
    assert calls == []
    build([DEFAULT_SOURCE], tmp_path / "parallel", workers=2, use_cache=False)
    assert calls == [2]
    assert graph_json(tmp_path / "parallel") == graph_json(tmp_path / "serial")
    aliases = [(tmp_path / d / "aliases_found.tsv").read_text(encoding="utf-8") for d in ("serial", "parallel")]
    assert aliases[0] == aliases[1]
