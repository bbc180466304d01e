"""What a build folder was made from: BUILD/build.json, so a rebuild with nothing changed does nothing.

The inputs digest covers every document's cache key (extractor fingerprint, id and text, in reading
order), the curation file, the store setting and the sources of graph/*.py (how the outputs are
written). A build writes the manifest last and removes it before it starts replacing outputs, so a
manifest on disk always describes the outputs beside it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graph.jsonio import atomic_write_text

FILE = "build.json"
ROOT = Path(__file__).resolve().parent.parent


def inputs_digest(document_keys: Iterable[str], curation: Path | None, store: str) -> str:
    """sha256 over everything a build's outputs depend on."""
    digest = hashlib.sha256(f"store\0{store}\0".encode())
    for key in document_keys:
        digest.update(f"doc\0{key}\0".encode())
    digest.update(b"curation\0")
    if curation is not None and curation.is_file():
        digest.update(curation.read_bytes())
    for path in sorted((ROOT / "graph").glob("*.py")):
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class BuildManifest:
    """The inputs digest of the outputs in a build folder and the counts of the graph they hold."""

    inputs: str
    documents: int = 0
    labels: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, out: Path) -> BuildManifest | None:
        """The folder's manifest, or None when there is none or it is unreadable (the build then runs)."""
        try:
            data = json.loads((out / FILE).read_text(encoding="utf-8"))
            return cls(str(data["inputs"]), int(data["documents"]), dict(data["labels"]), dict(data["types"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def write(self, out: Path) -> None:
        atomic_write_text(out / FILE, json.dumps(asdict(self), ensure_ascii=False, indent=1) + "\n")

    @staticmethod
    def remove(out: Path) -> None:
        (out / FILE).unlink(missing_ok=True)
