"""Read and write graph.json in the export format of SCHEMA.md, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from graph.collector import collector_paused
from graph.errors import GraphError
from graph.model import Evidence, KnowledgeGraph, Mention


def to_export(kg: KnowledgeGraph) -> dict[str, Any]:
    """The graph as the SCHEMA export dictionary (entities with mentions, relations with evidence)."""
    entities = []
    for key, data in sorted(kg.entities(), key=lambda kv: kv[0]):
        props = dict(data["properties"])
        props["sources"] = kg.sources(key)
        entities.append({
            "id": key,
            "name": data["name"],
            "type": data["label"],
            "aliases": sorted(data["aliases"]),
            "properties": props,
            "mentions": [{"doc": m.doc, "start": m.start, "end": m.end} for m in data["mentions"]],
        })
    relations = []
    for src, dst, data in sorted(kg.relations(), key=lambda r: (r[0], r[1], r[2]["type"])):
        relations.append({
            "source": src,
            "target": dst,
            "type": data["type"],
            "properties": dict(data["properties"]),
            "evidence": [e.as_dict() for e in data["evidence"]],
        })
    return {"entities": entities, "relations": relations}


def from_export(payload: dict[str, Any]) -> KnowledgeGraph:
    """Rebuild a KnowledgeGraph from an export dictionary; node keys are the export ids."""
    kg = KnowledgeGraph()
    for ent in payload.get("entities", []):
        props = dict(ent.get("properties", {}))
        props.pop("sources", None)
        kg.g.add_node(
            ent["id"], name=ent["name"], label=ent["type"], aliases=set(ent.get("aliases", [])),
            properties=props,
            mentions=[Mention(m["doc"], m["start"], m["end"]) for m in ent.get("mentions", [])],
        )
    for rel in payload.get("relations", []):
        kg.g.add_edge(
            rel["source"], rel["target"], key=rel["type"], type=rel["type"],
            properties=dict(rel.get("properties", {})),
            evidence=[Evidence(e["doc"], e["sentence"], e.get("start", 0)) for e in rel.get("evidence", [])],
        )
    return kg


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def file_stamp(path: Path) -> list[int]:
    """Size and modification time of a file (empty when it is missing): which graph.json a file derived from
    it (the views, the snapshot) describes."""
    try:
        stat = path.stat()
    except OSError:
        return []
    return [stat.st_size, stat.st_mtime_ns]


def write_graph_json(kg: KnowledgeGraph, path: Path) -> None:
    """One entity or relation per line, each by json's C encoder (indenting uses the pure-Python one: ~10x slower)."""
    export, encode = to_export(kg), json.JSONEncoder(ensure_ascii=False).encode
    entities, relations = ",\n".join(map(encode, export["entities"])), ",\n".join(map(encode, export["relations"]))
    atomic_write_text(path, f'{{"entities": [\n{entities}\n],\n"relations": [\n{relations}\n]}}\n')


def read_graph_json(path: Path) -> KnowledgeGraph:
    """Load graph.json; a missing or malformed file is a GraphError naming the file."""
    with collector_paused():
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            hint = f"build one with `python -m ingest --out {path.parent}`"
            raise GraphError("E101", f"{path}: no graph here; {hint}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise GraphError("E102", f"{path}: not a valid graph.json ({exc})") from exc
        return from_export(payload)
