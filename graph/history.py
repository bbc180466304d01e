"""The graphs of earlier builds: a build keeps the graph.json it replaces in BUILD/history/ (the latest
HISTORY_KEPT), so queries/changes.py can say what a rebuild added and removed."""

from __future__ import annotations

import os
import time
from pathlib import Path

HISTORY = "history"
HISTORY_KEPT = 5


def keep_previous(build: Path) -> Path | None:
    """Before a build replaces BUILD/graph.json, keep it in BUILD/history/ (a hard link where the file
    system allows, so keeping costs no time), named after when it was written; the oldest beyond
    HISTORY_KEPT are removed."""
    current = build / "graph.json"
    if not current.is_file():
        return None
    folder = build / HISTORY
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(current.stat().st_mtime))
    kept = folder / f"graph-{stamp}.json"
    if not kept.exists():
        try:
            os.link(current, kept)
        except OSError:
            kept.write_bytes(current.read_bytes())
    for old in history(build)[HISTORY_KEPT:]:
        old.unlink(missing_ok=True)
    return kept


def history(build: Path) -> list[Path]:
    """The graphs kept from earlier builds, newest first."""
    folder = build / HISTORY
    return sorted(folder.glob("graph-*.json"), reverse=True) if folder.is_dir() else []
