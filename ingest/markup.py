"""HTML left in text saved from a web page: character references (&ldquo; &nbsp; &#12289;) decoded, and in a
text marked up as HTML, line-ending tags made line breaks and every other tag dropped (scripts and styles
with their content), so a quotation mark or list comma written as a reference no longer hides a name.
"""

from __future__ import annotations

import html
import re

REFERENCE = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")
TAG_NAMES = (r"(?:p|br|div|span|strong|b|i|u|em|a|img|font|section|article|li|ul|ol|table|tbody|thead|tr|td|th"
             r"|h[1-6]|hr)")
TAG = re.compile(rf"</?{TAG_NAMES}(?:\s[^<>]{{0,300}})?/?>", re.IGNORECASE)
LINE_END_TAG = re.compile(r"<br\s*/?>|</(?:p|div|li|tr|h[1-6]|section|article)\s*>|<hr\s*/?>", re.IGNORECASE)
HIDDEN = re.compile(r"<(script|style)\b[^<>]{0,300}>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
MIN_TAGS = 2  # one stray <b> in plain text is left alone


def strip_markup(text: str) -> str:
    """The text without HTML tags (when it has some) and with character references decoded."""
    if "<" in text and len(TAG.findall(text)) >= MIN_TAGS:
        text = HIDDEN.sub("", text)
        text = LINE_END_TAG.sub("\n", text)
        text = TAG.sub("", text)
    if "&" in text:
        text = REFERENCE.sub(lambda match: html.unescape(match.group()), text)
    return text
