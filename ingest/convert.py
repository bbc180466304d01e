"""Uploaded files as plain text the reader understands: .txt/.md decoded, .html and .docx converted
with the standard library only, .pdf through pypdf when it is installed. Also safe upload names.

Every failure is a GraphError E302 with one line naming the file, for the app to show as is.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from graph.errors import GraphError
from graph.jsonio import atomic_write_text
from ingest.reader import decode, fingerprint

UPLOAD_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_DOCX_XML_BYTES = 20 * 1024 * 1024
MAX_DOCX_RATIO = 100  # uncompressed / compressed size of word/document.xml; Word's text compresses 5-15 times
DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)  # anywhere in the XML, not only its head
WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_UNSAFE = re.compile(r"[^\w\-.()（）]+")
MAX_NAME = 100
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                        "header", "footer", "blockquote", "pre", "table", "ul", "ol", "title"})
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


def safe_name(name: str) -> str:
    """A file name that cannot leave its folder: the last path part, only word characters, -, ., ( and )."""
    base = Path(name.replace("\\", "/")).name
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._") or "upload"
    suffix = _UNSAFE.sub("", suffix).lower()
    return (stem[:MAX_NAME] + (f".{suffix}" if suffix else "")).lstrip(".")


def check_upload(name: str, size: int) -> None:
    """Refuse a file of an unsupported type or larger than MAX_UPLOAD_BYTES."""
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise GraphError("E302", f"{name}: unsupported file type (use {', '.join(UPLOAD_SUFFIXES)})")
    if size > MAX_UPLOAD_BYTES:
        raise GraphError("E302", f"{name}: {size / 1024 / 1024:.1f} MB is over the "
                                 f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB limit per file")


def decode_text(name: str, data: bytes) -> str:
    """An upload's bytes as text, by the reader's own checks (encodings UTF-8, UTF-16, GB18030, Big5;
    binary files refused), so that nothing the reader would refuse is ever stored."""
    return decode(data, Path(name))


class _TextCollector(HTMLParser):
    """Collects the visible text of an HTML page, one line per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def tidy_lines(text: str) -> str:
    """Lines stripped of surrounding spaces, runs of blank lines collapsed to one."""
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_to_text(name: str, data: bytes) -> str:
    """The visible text of an HTML page (scripts and styles dropped), one line per paragraph."""
    collector = _TextCollector()
    collector.feed(decode_text(name, data))
    collector.close()
    return tidy_lines("".join(collector.parts))


def docx_to_text(name: str, data: bytes) -> str:
    """The paragraphs of a .docx file (word/document.xml inside the zip), one line each."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:
                raise GraphError("E302", f"{name}: the document inside the .docx is too large")
            if info.file_size > MAX_DOCX_RATIO * max(info.compress_size, 1):
                raise GraphError("E302", f"{name}: the .docx expands {info.file_size // max(info.compress_size, 1)}"
                                         f" times, which no Word document does (a zip bomb?)")
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise GraphError("E302", f"{name}: not a Word .docx file ({exc})") from exc
    if DECLARATION.search(xml):
        raise GraphError("E302", f"{name}: the .docx holds a DOCTYPE or ENTITY, which Word never writes")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise GraphError("E302", f"{name}: unreadable word/document.xml ({exc})") from exc
    return tidy_lines("\n".join(paragraph_text(p) for p in root.iter(f"{WORD_NS}p")))


def paragraph_text(paragraph: ElementTree.Element) -> str:
    """The text of one Word paragraph: its <w:t> runs, tabs and line breaks."""
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{WORD_NS}t":
            parts.append(node.text or "")
        elif node.tag == f"{WORD_NS}tab":
            parts.append("\t")
        elif node.tag in (f"{WORD_NS}br", f"{WORD_NS}cr"):
            parts.append("\n")
    return "".join(parts)


def pdf_available() -> bool:
    """True when pypdf can be imported (PDF text extraction needs it)."""
    try:
        import pypdf  # noqa: F401
    except ImportError:
        return False
    return True


def pdf_to_text(name: str, data: bytes) -> str:
    """The text layer of a PDF through pypdf; without pypdf, an error asking for a text export."""
    if not pdf_available():
        raise GraphError("E302", f"{name}: PDF files need pypdf, which is not installed; "
                                 "export the PDF as text (.txt) and upload that")
    import pypdf

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises many kinds of errors on broken files
        raise GraphError("E302", f"{name}: unreadable PDF ({str(exc).splitlines()[0] if str(exc) else exc})") from exc
    if not text.strip():
        raise GraphError("E302", f"{name}: the PDF has no text layer (a scan?); export it as text")
    return tidy_lines(text)


def to_text(name: str, data: bytes) -> str:
    """The text of an uploaded file, by its suffix."""
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        return html_to_text(name, data)
    if suffix == ".docx":
        return docx_to_text(name, data)
    if suffix == ".pdf":
        return pdf_to_text(name, data)
    if suffix in (".txt", ".md"):
        return decode_text(name, data)
    raise GraphError("E302", f"{name}: unsupported file type (use {', '.join(UPLOAD_SUFFIXES)})")


def save_upload(name: str, data: bytes, folder: Path, corpus_ids: dict[str, str] | None = None) -> Path:
    """Check, convert and save an uploaded file as text in `folder`; returns the saved file.
    .md stays .md, everything else becomes `<safe stem>.txt`. The text gets the reader's own checks (E302
    binary or undecodable, E304 empty or only punctuation), and a name whose document id a corpus file
    already has (`corpus_ids`: id -> file) is refused (E307). (A copy of another document's text is left to
the rebuild, which skips it with E305.)"""
    check_upload(name, len(data))
    text = to_text(name, data)
    if not text.strip():
        raise GraphError("E302", f"{name}: no text found")
    fingerprint([text], Path(name))
    safe = safe_name(name)
    suffix = ".md" if safe.endswith(".md") else ".txt"
    target = folder / (Path(safe).stem + suffix)
    if target.resolve().parent != folder.resolve():
        raise GraphError("E302", f"{name}: unsafe file name")
    if corpus_ids and target.stem in corpus_ids:
        raise GraphError("E307", f"{name}: same document id {target.stem!r} as {corpus_ids[target.stem]}; rename it")
    atomic_write_text(target, text)  # a rebuild reading uploads/ never meets half a file
    return target
