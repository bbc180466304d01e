"""Find source files, decode them, and split them into sentences with offsets."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from graph.errors import GraphError
from graph.model import Document, Sentence
from ingest.normalize import normalize_text

SUFFIXES = (".txt", ".md")
ENCODINGS = ("utf-8-sig", "gb18030")
# A sentence ends at Chinese or Western terminal punctuation, or at a line break.
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)]*|\n+")


def find_files(sources: Iterable[str | Path]) -> list[Path]:
    """Every .txt/.md file named or found below the given folders, sorted; a missing path is an error."""
    files: list[Path] = []
    for src in sources:
        path = Path(src)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise GraphError("E301", f"{path}: no such file or folder")
    return sorted(dict.fromkeys(files))


def decode(path: Path) -> str:
    """Decode a file as UTF-8, else GB18030; anything else is a one-line error naming the file."""
    raw = path.read_bytes()
    if b"\x00" in raw[:4096]:
        raise GraphError("E302", f"{path}: binary file, not text")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise GraphError("E302", f"{path}: not UTF-8 or GB18030 text")


def split_sentences(doc_id: str, text: str) -> list[Sentence]:
    """Sentences and caption lines with their offsets; blank or punctuation-only pieces are dropped."""
    sentences = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end() if not match.group().startswith("\n") else match.start()
        _add(sentences, doc_id, text, start, end)
        start = match.end()
    _add(sentences, doc_id, text, start, len(text))
    return sentences


def _add(out: list[Sentence], doc_id: str, text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip().lstrip("#").strip()  # markdown heading marks are not part of a sentence
    if not stripped or not re.search(r"\w", stripped):
        return
    start += piece.index(stripped)
    out.append(Sentence(doc_id, start, start + len(stripped), stripped))


def read_document(path: Path) -> Document:
    """One file as a Document: raw text kept unchanged, sentences split on the normalised text."""
    text = decode(path)
    doc = Document(id=path.stem, path=str(path), text=text)
    norm = normalize_text(text)
    doc.sentences = split_sentences(doc.id, norm)
    doc.title = _title(doc.sentences)
    return doc


def _title(sentences: list[Sentence]) -> str:
    """The first heading-like line: markdown '#' marks removed."""
    for sent in sentences[:3]:
        line = sent.text.lstrip("#").strip()
        if line:
            return line
    return ""


def read_documents(sources: Iterable[str | Path]) -> Iterator[Document]:
    for path in find_files(sources):
        yield read_document(path)
