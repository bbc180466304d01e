"""A fast copy of graph.json for the app: the graph pickled beside it, read when it still describes the file.

Reading graph.json builds the networkx graph call by call (11 s for 100k nodes / 1M edges); unpickling
the graph the build made takes about half of that. The snapshot names the graph.json it was made from (size
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
from graph.jsonio import atomic_write_bytes, file_stamp, read_graph_json
from graph.model import KnowledgeGraph

FILE = "graph.pickle"
MODEL = Path(__file__).resolve().parent / "model.py"


@cache
def _model_digest() -> str:
    return hashlib.sha256(MODEL.read_bytes()).hexdigest()


def _stamp(graph_json: Path) -> tuple:
    """The graph.json a snapshot is made from (size, modification time) and the model it pickles."""
    return (*file_stamp(graph_json), _model_digest())


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
    g = _snapshot_graph(out / FILE, out / "graph.json")
    if g is None:
        return read_graph_json(out / "graph.json")
    kg = KnowledgeGraph()
    kg.g = g
    return kg


def _snapshot_graph(path: Path, graph_json: Path):
    """The pickled networkx graph when it is safe to unpickle and describes graph.json as it is, else None."""
    if not file_stamp(graph_json):
        return None
    try:
        if not _ours(path):
            return None
        with collector_paused():
            made_for, g = pickle.loads(path.read_bytes())
    except Exception:  # no snapshot, or a file that is not one: graph.json decides
        return None
    return g if tuple(made_for) == _stamp(graph_json) else None
