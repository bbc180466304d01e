"""Values derived from a graph (name indexes, weighted views), made once and kept while it lives."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from graph.model import KnowledgeGraph

_CACHE: weakref.WeakKeyDictionary[KnowledgeGraph, dict[Any, Any]] = weakref.WeakKeyDictionary()


def derived[T](kg: KnowledgeGraph, name: Any, make: Callable[[], T]) -> T:
    """`make()` for this graph, made once and kept while the graph lives and its node count is unchanged
    (counting edges of a MultiDiGraph walks them all; the app replaces the graph after a build)."""
    size = kg.g.number_of_nodes()
    entry = _CACHE.get(kg)
    if entry is None or entry["size"] != size:
        entry = _CACHE[kg] = {"size": size}
    if name not in entry:
        entry[name] = make()
    return entry[name]
