"""Find source files, decode them, and split them into sentences with offsets.

Encodings: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one when NUL bytes or
charset-normalizer show it), GB18030/GBK and Big5 (guessed by charset-normalizer). Binary,
empty and duplicate files are refused with a GraphError of one line (codes in graph/errors.py).

A file of at most CHUNK_BYTES is one Document with the file stem as id. A larger file is read
chunk by chunk and becomes the Documents `stem#1`, `stem#2`, …: consecutive slices of the
decoded text, each cut after a line break, so memory stays bounded and every offset is into
its part's text (part k starts where part k-1 ended in the decoded file).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NoReturn

from charset_normalizer import from_bytes

from graph.errors import GraphError
from graph.model import Document, Sentence
from ingest.markup import strip_markup
from ingest.normalize import normalize_text, to_simplified
from ingest.unwrap import unwrap_lines

SUFFIXES = (".txt", ".md")
CHUNK_BYTES = 1 << 20  # files up to this size are read whole; larger ones in chunks of this size
CANDIDATES = ["utf_8", "gb18030", "big5", "cp950", "utf_16_le", "utf_16_be"]  # cp950: Big5 as Windows writes it
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
JUNK_SHARE = 0.05  # more control, replacement or private-use characters than this: not text
# A sentence ends at Chinese or Western terminal punctuation, or at a line break.
_SENTENCE_END = re.compile(r"[。！？；!?]+[”’」』）)]*|\n+")
_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_SPACE = re.compile(r"\s+")


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


# -- decoding -----------------------------------------------------------------------
def detect_encoding(head: bytes, path: Path, final: bool = True) -> str:
    """The codec of a file from its bytes (`final`) or first bytes: BOM, NUL pattern (UTF-16 or binary),
    UTF-8, else charset-normalizer's guess among CANDIDATES."""
    for bom, encoding in BOMS:
        if head.startswith(bom):
            return encoding
    if b"\x00" in head:
        return _utf16_by_nuls(head) or _refuse("E302", path, "binary file, not text (NUL bytes)")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final)  # a first chunk may end mid-character
        return "utf-8"
    except UnicodeDecodeError:
        pass
    results = list(from_bytes(head, cp_isolation=CANDIDATES))
    if not results:
        _refuse("E302", path, "not text in UTF-8, UTF-16, GB18030 or Big5")
    # Among equally clean readings (short texts are ambiguous) prefer the one with more common characters.
    least = min(r.chaos for r in results)
    best = max((r for r in results if r.chaos <= least + 0.01), key=lambda r: _common_share(str(r)))
    return best.encoding


def _utf16_by_nuls(head: bytes) -> str | None:
    """UTF-16 without BOM: the byte order that reads as mostly common characters, if one does."""
    shares = {}
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head[:65536], False)
        except UnicodeDecodeError:
            continue
        if not _JUNK.search(text):
            shares[encoding] = _common_share(text)
    best = max(shares, key=shares.__getitem__, default=None)
    return best if best and shares[best] >= 0.5 else None


def _common_share(text: str) -> float:
    """Share of printable characters in GB2312 (common simplified Chinese, ASCII) after traditional -> simplified."""
    simple = to_simplified(text[:20000])
    return sum(_in_gb2312(ch) for ch in simple) / max(len(simple), 1)


def _in_gb2312(ch: str) -> bool:
    if not (ch.isprintable() or ch in "\n\r\t"):
        return False
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def decode(raw: bytes, path: Path) -> str:
    """A whole file's bytes as text; binary or undecodable content is a one-line GraphError naming the file."""
    encoding = detect_encoding(raw, path)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        _refuse("E302", path, f"not valid {encoding} text at byte {exc.start}")
    return _checked(text, path)


def text_pieces(path: Path, chunk: int = CHUNK_BYTES) -> Iterator[str]:
    """The decoded text of a file in pieces of about `chunk` bytes, each cut after a line break."""
    with path.open("rb") as fh:
        data = fh.read(chunk)
        encoding = detect_encoding(data[: data.rfind(b"\n") + 1] or data, path, final=False)
        decoder = codecs.getincrementaldecoder(encoding)()
        buffer, offset = "", 0
        while data:
            buffer += _decode_chunk(decoder, data, offset, encoding, path)
            offset += len(data)
            cut = _cut(buffer)
            if cut:
                yield _checked(buffer[:cut], path)
                buffer = buffer[cut:]
            data = fh.read(chunk)
        buffer += _decode_chunk(decoder, b"", offset, encoding, path, final=True)
        if buffer:
            yield _checked(buffer, path)


def _decode_chunk(decoder: codecs.IncrementalDecoder, data: bytes, offset: int, encoding: str, path: Path,
                  final: bool = False) -> str:
    try:
        return decoder.decode(data, final)
    except UnicodeDecodeError as exc:
        _refuse("E302", path, f"not valid {encoding} text at byte {offset + exc.start}")


def _cut(buffer: str) -> int:
    """Where to end a part: after the last line break, else after the last sentence end, else all of it."""
    newline = buffer.rfind("\n")
    if newline >= 0:
        return newline + 1
    ends = list(_SENTENCE_END.finditer(buffer))
    return ends[-1].end() if ends else len(buffer)


def _checked(text: str, path: Path) -> str:
    """The text, unless it is mostly control, replacement or private-use characters (a binary file)."""
    if len(_JUNK.findall(text)) > JUNK_SHARE * max(len(text), 1):
        _refuse("E302", path, "binary file, not text (mostly control characters)")
    return text


def fingerprint(pieces: Iterable[str], path: Path) -> str:
    """sha256 of the text without white space; an empty file or one without words is a GraphError."""
    digest, words, blank = hashlib.sha256(), False, True
    for text in pieces:
        squashed = _SPACE.sub("", text)
        digest.update(squashed.encode("utf-8"))
        blank = blank and not squashed
        words = words or re.search(r"\w", squashed) is not None
    if blank:
        _refuse("E304", path, "empty file")
    if not words:
        _refuse("E304", path, "no words in the file, only punctuation or symbols")
    return digest.hexdigest()


def _refuse(code: str, path: Path, reason: str) -> NoReturn:
    raise GraphError(code, f"{path}: {reason}")


# -- documents ------------------------------------------------------------------------
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


def make_document(doc_id: str, path: str, text: str) -> Document:
    """A Document of decoded text: the text as written but for HTML left from a web page (ingest/markup.py)
    and hard line breaks (ingest/unwrap.py); mention offsets point into this text. Sentences are split on
    its normalised copy."""
    doc = Document(id=doc_id, path=path, text=unwrap_lines(strip_markup(text)))
    doc.sentences = split_sentences(doc_id, normalize_text(doc.text))
    doc.title = _title(doc.sentences)
    return doc


def read_document(path: Path) -> Document:
    """One file, however large, as one Document with the file stem as id."""
    text = decode(path.read_bytes(), path)
    fingerprint([text], path)
    return make_document(path.stem, str(path), text)


def _title(sentences: list[Sentence]) -> str:
    """The first heading-like line: markdown '#' marks removed."""
    for sent in sentences[:3]:
        line = sent.text.lstrip("#").strip()
        if line:
            return line
    return ""


def file_texts(path: Path, seen: dict[str, str] | None = None,
               chunk: int = CHUNK_BYTES) -> Iterator[tuple[str, str, str]]:
    """(id, path, decoded text) of one file: one item if it is small, else parts `stem#1`, `stem#2`, ….

    Every check runs before the first item is yielded: decoding, binary, empty, and against
    `seen` (text digests and document ids of earlier files) duplicates. A large file is decoded
    twice (check, then parts) to keep memory bounded.
    """
    small = path.stat().st_size <= chunk
    whole = [decode(path.read_bytes(), path)] if small else []
    digest = fingerprint(whole or text_pieces(path, chunk), path)
    if seen is not None:
        if digest in seen:
            _refuse("E305", path, f"duplicate of {seen[digest]}")
        if f"id:{path.stem}" in seen:
            _refuse("E307", path, f"same document id {path.stem!r} as {seen[f'id:{path.stem}']}; rename one")
        seen[digest] = seen[f"id:{path.stem}"] = str(path)
    if small:
        yield path.stem, str(path), whole[0]
        return
    for i, text in enumerate(text_pieces(path, chunk), 1):
        yield f"{path.stem}#{i}", str(path), text


def read_file(path: Path, seen: dict[str, str] | None = None, chunk: int = CHUNK_BYTES) -> Iterator[Document]:
    """The Documents of one file (see `file_texts`)."""
    for doc_id, source, text in file_texts(path, seen, chunk):
        yield make_document(doc_id, source, text)


def read_texts(sources: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None,
               chunk: int = CHUNK_BYTES) -> Iterator[tuple[str, str, str]]:
    """(id, path, text) of every document of the sources, sentences not yet split. With `skipped`, a bad
    file is added to it as (path, reason) and reading goes on; without it the GraphError is raised."""
    seen: dict[str, str] = {}
    for path in find_files(sources):
        try:
            yield from file_texts(path, seen, chunk)
        except (GraphError, OSError) as exc:
            err = exc if isinstance(exc, GraphError) else GraphError(
                "E306", f"{path}: could not be read ({exc.strerror or exc})")
            if skipped is None:
                raise err from None
            skipped.append((str(path), err.message.removeprefix(f"{path}: ")))


def read_documents(sources: Iterable[str | Path], skipped: list[tuple[str, str]] | None = None,
                   chunk: int = CHUNK_BYTES) -> Iterator[Document]:
    """Every Document of the sources (see `read_texts` for how bad files are handled)."""
    for doc_id, source, text in read_texts(sources, skipped, chunk):
        yield make_document(doc_id, source, text)
