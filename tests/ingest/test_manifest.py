"""The build manifest: a rebuild with nothing changed rewrites nothing; any change to an input rebuilds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.build import DEFAULT_SOURCE, build
from ingest.curation import Decision, record_decision
from ingest.manifest import FILE, BuildManifest


def outputs_stamp(out: Path) -> dict[str, int]:
    """Modification times (ns) of every output a build writes."""
    names = ["graph.json", "views.json", "aliases_found.tsv", "store/CURRENT", FILE]
    return {name: (out / name).stat().st_mtime_ns for name in names}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A copy of the corpus, an empty curation file, and a build of both."""
    corpus, curation, out = tmp_path / "corpus", tmp_path / "curation.jsonl", tmp_path / "build"
    shutil.copytree(DEFAULT_SOURCE, corpus)
    curation.write_text("", encoding="utf-8")
    build([corpus], out, curation=curation, workers=1)
    return corpus, curation, out


def test_nothing_changed_rewrites_nothing(built: tuple[Path, Path, Path]) -> None:
    corpus, curation, out = built
    before = outputs_stamp(out)
    report = build([corpus], out, curation=curation, workers=1)
    assert report.unchanged and report.cached == report.documents == 5
    assert outputs_stamp(out) == before
    manifest = BuildManifest.read(out)
    assert manifest is not None and report.labels == manifest.labels and sum(report.types.values()) > 0
    assert "nothing changed" in report.summary()


@pytest.mark.parametrize("change", ["document", "curation", "views removed", "store removed", "no cache"])
def test_any_change_rebuilds(built: tuple[Path, Path, Path], change: str) -> None:
    corpus, curation, out = built
    before = outputs_stamp(out)
    if change == "document":
        doc = sorted(corpus.glob("*.txt"))[0]
        doc.write_text(doc.read_text(encoding="utf-8") + "\n武清区教育局与南开大学签署合作协议。\n", encoding="utf-8")
    elif change == "curation":
        record_decision(Decision("accept", "测试", "核对无误", entity="Region:武清区"), curation)
    elif change == "views removed":
        (out / "views.json").unlink()
    elif change == "store removed":
        shutil.rmtree(out / "store")
    report = build([corpus], out, curation=curation, workers=1, use_cache=change != "no cache")
    assert not report.unchanged
    assert (out / "graph.json").stat().st_mtime_ns > before["graph.json"]
    assert (out / "views.json").is_file() and (out / "store" / "CURRENT").is_file()


def test_a_broken_manifest_means_a_rebuild(built: tuple[Path, Path, Path]) -> None:
    corpus, curation, out = built
    (out / FILE).write_text("{not json", encoding="utf-8")
    assert BuildManifest.read(out) is None
    assert not build([corpus], out, curation=curation, workers=1).unchanged
    assert BuildManifest.read(out) is not None
