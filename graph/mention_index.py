"""Every entity mention by document: BUILD/mentions.sqlite, so the Sources page marks a document's text with
one indexed lookup instead of reading the whole graph (seconds on a city's archive) and scanning every entity.

The index names the graph.json it was made from (size and modification time, as the snapshot does); an index
that no longer describes graph.json, a missing one (an older build) or a broken one reads as None, and the
caller falls back to the graph.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from graph.jsonio import file_stamp
from graph.model import KnowledgeGraph
from graph.sources import Span

FILE = "mentions.sqlite"


def write_mention_index(kg: KnowledgeGraph, out: Path) -> None:
    """BUILD/mentions.sqlite for the graph.json just written beside it (written aside, then renamed)."""
    tmp = out / f".{FILE}.{os.getpid()}"
    tmp.unlink(missing_ok=True)
    rows = ((m.doc, m.start, m.end, key, data["name"], data["label"])
            for key, data in kg.entities() for m in data["mentions"])
    con = sqlite3.connect(tmp)
    try:
        con.execute("CREATE TABLE mentions (doc TEXT, start INTEGER, end INTEGER, key TEXT, name TEXT, label TEXT)")
        con.execute("CREATE TABLE made_from (size INTEGER, mtime_ns INTEGER)")
        con.executemany("INSERT INTO mentions VALUES (?, ?, ?, ?, ?, ?)", rows)
        con.execute("INSERT INTO made_from VALUES (?, ?)", _stamp(out))
        con.execute("CREATE INDEX mentions_by_doc ON mentions (doc)")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, out / FILE)


def spans_in(out: Path, doc: str) -> list[Span] | None:
    """The mentions in document `doc`, in text order; None when the index is missing, broken or stale."""
    path = out / FILE
    if not path.is_file() or not (out / "graph.json").is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            made_from = con.execute("SELECT size, mtime_ns FROM made_from").fetchone()
            if made_from is None or tuple(made_from) != _stamp(out):
                return None
            rows = con.execute("SELECT start, end, key, name, label FROM mentions WHERE doc = ?", (doc,)).fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return sorted((Span(*row) for row in rows), key=lambda span: (span.start, -span.end, span.key))


def _stamp(out: Path) -> tuple[int, ...]:
    return tuple(file_stamp(out / "graph.json")) or (-1, -1)
