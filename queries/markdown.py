"""Text from documents, curators or visitors placed in Markdown as the characters it holds.

Streamlit and any Markdown viewer turn `![x](http://host/p.gif)` into a request to that host and
`[text](url)` into a link; the characters that make links, images, HTML, emphasis,
code and tables are escaped (lines are joined into one), and a web address's
`://` and `www.` are written as character references, so that not even GFM's bare-address links
form: a name, an evidence sentence or a reason shows as written and links to nothing.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~$#&])")  # links, images, HTML, emphasis, code, tables, LaTeX, entities
_ADDRESS = re.compile(r"://|(?i:www)\.")


def plain_markdown(text: str) -> str:
    """`text` escaped for Markdown, line breaks kept as spaces (one item stays one item)."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(str(text).splitlines()))
    return _ADDRESS.sub(lambda m: "&#58;//" if m.group() == "://" else m.group()[:-1] + "&#46;", escaped)


def code_span(text: str) -> str:
    """`text` as inline code (a document id); backticks, which would end the span, are dropped."""
    return "`" + " ".join(str(text).replace("`", "").splitlines()) + "`"
