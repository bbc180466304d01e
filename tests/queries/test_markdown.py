"""Text from documents and curators placed in Markdown: every character that makes a link, an image,
HTML, emphasis or code is escaped (the browser test on the curation page checks how it renders)."""

import re

from queries.markdown import code_span, plain_markdown

HOSTILE = "![x](http://example.invalid/p.gif) [点](u) <img src=x> **粗** _斜_ `码` | 表 | ~~删~~ $x$"


def test_every_markdown_character_is_escaped():
    escaped = plain_markdown(HOSTILE)
    assert not re.search(r"(?<!\\)[\[\]<>*_`|~$]", escaped)
    assert "://" not in escaped and "www." not in plain_markdown("www.example.invalid")  # no bare-address links
    unescaped = re.sub(r"\\(.)", r"\1", escaped).replace("&#58;", ":").replace("&#46;", ".")
    assert unescaped == HOSTILE  # the same characters


def test_ordinary_text_is_unchanged_and_one_line_stays_one_line():
    ordinary = "2024-05-06：武清区教育局（天津）主办交流会。"
    assert plain_markdown(ordinary) == ordinary
    assert "\n" not in plain_markdown("第一行\n- 第二行")
    assert code_span("a`b") == "`ab`"
