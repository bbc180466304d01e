"""The extraction cache: a rebuild reads unchanged documents from BUILD/cache and re-extracts only changed ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest import cache as cache_module
from ingest import parallel
from ingest.build import DEFAULT_SOURCE, build


def graph_json(out: Path) -> dict:
    return json.loads((out / "graph.json").read_text(encoding="utf-8"))


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the documents extracted (not read from the cache), in order."""
    seen: list[str] = []
    real = parallel.extract_item

    def counted(item):
        seen.append(item[0])
        return real(item)

    monkeypatch.setattr(parallel, "extract_item", counted)  # the build imports it from there when it runs
    return seen


def test_rebuild_reads_every_document_from_the_cache(tmp_path: Path, extracted: list[str]) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "build"
    shutil.copytree(DEFAULT_SOURCE, corpus)
    names = sorted(p.stem for p in corpus.glob("*.txt"))
    first = build([corpus], out, workers=1)
    assert extracted == names and first.cached == 0
    assert len(list((out / "cache").glob("*.pkl"))) == len(names)
    before = graph_json(out)

    extracted.clear()
    (out / "build.json").unlink()  # forget the manifest: the build runs, every document from the cache
    second = build([corpus], out, workers=1)
    assert extracted == [] and second.cached == len(names) and not second.unchanged
    assert graph_json(out) == before

    changed = corpus / f"{names[1]}.txt"
    added = "\n武清区教育局与南开大学签署合作协议。\n"
    changed.write_text(changed.read_text(encoding="utf-8") + added, encoding="utf-8")
    extracted.clear()
    third = build([corpus], out, workers=1)
    assert extracted == [names[1]] and third.cached == len(names) - 1
    assert len(list((out / "cache").glob("*.pkl"))) == len(names)  # the stale entry was removed


def test_a_new_extractor_fingerprint_invalidates_the_cache(tmp_path: Path, extracted: list[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "build"
    build([DEFAULT_SOURCE], out, workers=1)
    extracted.clear()
    monkeypatch.setattr(cache_module, "extractor_fingerprint", lambda: "lexicon or code changed")
    report = build([DEFAULT_SOURCE], out, workers=1)
    assert report.cached == 0 and len(extracted) == report.documents


def test_the_fingerprint_covers_lexicon_and_sources() -> None:
    cache_module.extractor_fingerprint.cache_clear()
    assert len(cache_module.extractor_fingerprint()) == 64
    key = cache_module.document_key("a", "文本", "fp1")
    assert key != cache_module.document_key("a", "文本", "fp2") != cache_module.document_key("b", "文本", "fp1")


def test_an_unreadable_cache_entry_is_extracted_again(tmp_path: Path, extracted: list[str]) -> None:
    out = tmp_path / "build"
    build([DEFAULT_SOURCE], out, workers=1)
    before = graph_json(out)
    entry = sorted((out / "cache").glob("*.pkl"))[0]
    entry.write_bytes(b"not a pickle")
    (out / "build.json").unlink()
    extracted.clear()
    report = build([DEFAULT_SOURCE], out, workers=1)
    assert len(extracted) == 1 and report.cached == report.documents - 1
    assert graph_json(out) == before
    assert entry.read_bytes() != b"not a pickle"  # the entry was written again
