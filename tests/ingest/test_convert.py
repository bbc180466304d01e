"""Uploads as text: safe names, size and type limits, HTML and .docx with the standard library, PDF needs pypdf."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from graph.errors import GraphError
from ingest.convert import (
    MAX_UPLOAD_BYTES,
    check_upload,
    docx_to_text,
    html_to_text,
    pdf_available,
    safe_name,
    save_upload,
    to_text,
)

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(*paragraphs: str) -> bytes:
    """A minimal .docx: a zip holding word/document.xml with one <w:p> per paragraph."""
    body = "".join(f"<w:p><w:r><w:t>{p[:3]}</w:t></w:r><w:r><w:tab/><w:t>{p[3:]}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WORD}"><w:body>{body}</w:body></w:document>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


@pytest.mark.parametrize("name, expected", [
    ("报告.txt", "报告.txt"), ("../../etc/passwd.txt", "passwd.txt"), ("..\\..\\win.ini.md", "win.ini.md"),
    ("工作 总结(2024).DOCX", "工作_总结(2024).docx"), (".hidden.html", "hidden.html"), ("..", "upload"),
    ("a/b/<script>.pdf", "script.pdf"), ("x" * 300 + ".txt", "x" * 100 + ".txt")])
def test_safe_name_stays_in_its_folder(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_size_and_type_limits() -> None:
    check_upload("a.docx", MAX_UPLOAD_BYTES)
    with pytest.raises(GraphError, match="10 MB limit"):
        check_upload("a.txt", MAX_UPLOAD_BYTES + 1)
    with pytest.raises(GraphError, match="unsupported file type"):
        check_upload("a.exe", 10)


def test_html_text_drops_scripts_and_keeps_paragraphs() -> None:
    page = ("<html><head><title>T</title><style>p{}</style></head><body><h1>武清区教育局</h1>"
            "<p>与南开大学&amp;天津大学共建。</p><script>alert(1)</script><div>杨村一中<br>参加</div></body></html>")
    assert html_to_text("a.html", page.encode("gb18030")).splitlines() == [
        "武清区教育局", "", "与南开大学&天津大学共建。", "", "杨村一中", "参加"]


def test_docx_paragraphs_become_lines() -> None:
    text = docx_to_text("a.docx", docx("武清区教育局召开会议。", "杨村一中参加。"))
    assert text == "武清区 教育局召开会议。\n杨村一 中参加。\n"


def test_broken_docx_and_doctype_are_refused() -> None:
    with pytest.raises(GraphError, match="not a Word .docx"):
        docx_to_text("a.docx", b"not a zip")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(GraphError, match="DOCTYPE"):
        docx_to_text("a.docx", out.getvalue())


@pytest.mark.skipif(pdf_available(), reason="pypdf is installed")
def test_pdf_without_pypdf_asks_for_a_text_export() -> None:
    with pytest.raises(GraphError, match="export the PDF as text"):
        to_text("a.pdf", b"%PDF-1.4")


def test_save_upload_writes_text_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    saved = save_upload("../../逃逸.docx", docx("武清区教育局召开会议。"), folder)
    assert saved == folder / "逃逸.txt" and saved.read_text(encoding="utf-8").startswith("武清区")
    assert save_upload("说明.md", "# 标题\n正文".encode(), folder) == folder / "说明.md"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["说明.md", "逃逸.txt"]
    with pytest.raises(GraphError, match="no text"):
        save_upload("empty.txt", b"  \n", folder)


TEXT = "武清区教育局与廊坊市教育局签订合作协议。两地学校结对帮扶。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16"])
def test_uploads_are_decoded_as_the_reader_decodes(tmp_path: Path, encoding: str) -> None:
    text = TEXT if encoding != "big5" else "武清區教育局與廊坊市教育局簽訂合作協議。兩地學校結對幫扶。\n"
    saved = save_upload("通知.txt", text.encode(encoding), tmp_path)
    assert saved.read_text(encoding="utf-8") == text  # stored as UTF-8, the same characters


def test_a_binary_upload_is_refused_in_one_line_and_not_stored(tmp_path: Path) -> None:
    binary = bytes(range(256)) * 40
    with pytest.raises(GraphError) as refused:
        save_upload("图片.txt", binary, tmp_path)
    assert refused.value.code == "E302" and "图片.txt" in str(refused.value) and "\n" not in str(refused.value)
    assert not any(tmp_path.iterdir())


def zipped(xml: str | bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", xml)
    return out.getvalue()


def test_a_doctype_deep_inside_and_a_zip_bomb_are_refused() -> None:
    late = f'<w:document xmlns:w="{WORD}">' + "<w:p/>" * 2000 + '<!DOCTYPE x [<!ENTITY a "b">]></w:document>'
    with pytest.raises(GraphError, match="DOCTYPE"):
        docx_to_text("late.docx", zipped(late))
    bomb = f'<w:document xmlns:w="{WORD}"><w:body>' + " " * 5_000_000 + "</w:body></w:document>"
    with pytest.raises(GraphError, match="zip bomb"):
        docx_to_text("bomb.docx", zipped(bomb))


@pytest.mark.parametrize(("name", "data", "code"), [
    ("标点.txt", "。。。！！——……\n".encode(), "E304"),
    ("标点.html", "<p>，，，。。。</p>".encode(), "E304"),
    ("001_news.txt", "某区教育局与某大学签订合作协议。".encode(), "E307"),
])
def test_an_upload_the_rebuild_would_skip_is_refused_and_not_stored(tmp_path: Path, name: str, data: bytes,
                                                                    code: str) -> None:
    with pytest.raises(GraphError) as refused:
        save_upload(name, data, tmp_path / "uploads", corpus_ids={"001_news": "001_news.txt"})
    assert refused.value.code == code and name in str(refused.value) and "\n" not in str(refused.value)
    assert not (tmp_path / "uploads").exists()
