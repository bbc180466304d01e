"""Fixtures shared by all tests: one real build of data/corpus per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.build import DEFAULT_SOURCE, build


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build folder (graph.json and store) made once per session from data/corpus."""
    out = tmp_path_factory.mktemp("build")
    build([DEFAULT_SOURCE], out)
    return out
