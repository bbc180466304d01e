"""A fast copy of graph.json for the app: the graph pickled beside it, read when it still describes the file.

Reading graph.json builds the networkx graph call by call (11 s for 100k nodes / 1M edges); unpickling
the graph the build made takes a third of that. The snapshot names the graph.json it was made from (size
and modification time) and the sources of graph/model.py, so a graph.json written later, a changed model
or a broken file makes `read_graph` fall back to graph.json. Only the build writes it, into its own
folder, as the extraction cache (BUILD/cache) is written; a snapshot another user owns, or one others
may write to, is not unpickled.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

from graph.collector import collector_paused
from graph.jsonio import atomic_write_bytes, read_graph_json
from graph.model import KnowledgeGraph

FILE = "graph.pickle"
MODEL = Path(__file__).resolve().parent / "model.py"


@cache
def _model_digest() -> str:
    return hashlib.sha256(MODEL.read_bytes()).hexdigest()


def _stamp(graph_json: Path) -> tuple[int, int, str]:
    stat = graph_json.stat()
    return stat.st_size, stat.st_mtime_ns, _model_digest()


def _ours(path: Path) -> bool:
    """Unpickled only when this user wrote it and no one else may change it (a pickle can run code)."""
    stat = path.stat()
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def write_snapshot(kg: KnowledgeGraph, out: Path) -> None:
    """BUILD/graph.pickle for the graph.json just written beside it."""
    with collector_paused():
        data = pickle.dumps((_stamp(out / "graph.json"), kg.g), protocol=pickle.HIGHEST_PROTOCOL)
    atomic_write_bytes(out / FILE, data)


def read_graph(out: Path) -> KnowledgeGraph:
    """The build's graph: from its snapshot when that describes graph.json as it is, else from graph.json."""
    graph_json = out / "graph.json"
    try:
        stamp = _stamp(graph_json)
        if not _ours(out / FILE):
            return read_graph_json(graph_json)
        with collector_paused():
            made_for, g = pickle.loads((out / FILE).read_bytes())
    except Exception:  # no snapshot, no graph.json, or a file that is not a snapshot: graph.json decides
        return read_graph_json(graph_json)
    if tuple(made_for) != stamp:
        return read_graph_json(graph_json)
    kg = KnowledgeGraph()
    kg.g = g
    return kg
