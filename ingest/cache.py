"""Per-document extraction cache: BUILD/cache/<key>.pkl, so a rebuild re-extracts only changed documents.

The key is the sha256 of the extractor's fingerprint, the document id (it is written into every
mention and evidence) and the decoded text. The fingerprint hashes what extraction depends on: the
lexicon, gazetteer and alias files and the sources of ingest/*.py and graph/model.py, so editing any
of them invalidates every entry. Entries are written atomically; a build removes the ones it did not use.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.pipeline import DocumentResult

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "cache"


@cache
def extractor_fingerprint() -> str:
    """sha256 over the data files and sources extraction depends on (computed once per process)."""
    files = [*sorted((ROOT / "data" / "lexicon").glob("*")), *sorted((ROOT / "data" / "gazetteer").glob("*")),
             ROOT / "data" / "aliases.tsv", *sorted((ROOT / "ingest").glob("*.py")), ROOT / "graph" / "model.py"]
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(f"{path.relative_to(ROOT)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def document_key(doc_id: str, text: str, fingerprint: str | None = None) -> str:
    """The cache key of a document's extraction result."""
    digest = hashlib.sha256(f"{fingerprint or extractor_fingerprint()}\0{doc_id}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class ResultCache:
    """Pickled DocumentResults in one folder, with counts of hits and misses for the build report."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.hits = self.misses = 0
        self.used: set[str] = set()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pkl"

    def has(self, key: str) -> bool:
        """Whether an entry exists for `key` (it may still prove unreadable: see `get`)."""
        return self.path(key).is_file()

    def get(self, key: str) -> DocumentResult | None:
        """The cached result, or None (also for an unreadable entry, which is then re-extracted)."""
        self.used.add(key)
        try:
            result = pickle.loads(self.path(key).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, data: bytes) -> None:
        """Store a pickled result atomically (temporary file, then rename)."""
        self.used.add(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, self.path(key))

    def prune(self) -> None:
        """Remove entries this build did not use and temporary files a killed build left."""
        if not self.folder.is_dir():
            return
        for path in [*self.folder.glob("*.pkl"), *self.folder.glob(".*.tmp")]:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)
