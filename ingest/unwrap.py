"""Join lines a hard wrap broke: text copied out of a PDF or a fixed-width notice breaks every line at
the same width, in the middle of names and sentences (北京市第 / 一中学), which hides them from every rule.

A text counts as hard-wrapped when most of its prose lines fill the same display width; a filled
line that does not end a sentence is then joined to the next one. Lists, tables and
pairing lines (one pair per line, each as long as its names) do not fill one width, so they stay.
"""

from __future__ import annotations

import re

MIN_FILLED_LINES = 3  # fewer filled lines than this: nothing to join
FILLED_SHARE = 0.5  # share of prose lines that fill the width for the text to count as wrapped
SLACK = 6  # display columns a filled line may fall short of the width (a word or two that did not fit)
MIN_WIDTH = 30  # display columns; narrower lines are captions or list items, not a wrap
INSIDE_PUNCTUATION = re.compile(r"[，,。；]")
SENTENCE_END = re.compile(r"[。！？；：!?;:][”’」』）)]*$")  # a line ending a sentence is not joined
NEW_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]"
                      r"|第[一二三四五六七八九十\d]+[条章节]|[#>*\-•●■]|附件)")  # a list item or heading opens a line

WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                  "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]")  # East Asian wide
LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z\d]|\d[A-Za-z]")  # English broken at a space: join with one
INDENT = re.compile(r"^(?:\u3000|\s{2,}|\t)")  # an indented line opens a paragraph


def display_width(line: str) -> int:
    """Columns a line takes in a fixed-width layout: wide characters (CJK, full-width forms) two, others one."""
    return len(line) + len(WIDE.findall(line))


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, or None when it was not hard-wrapped. Only prose lines count
    (ten characters or more, a comma or full stop inside): headings, lists and tables are left out."""
    prose = [display_width(line.rstrip()) for line in lines
             if len(line.strip()) >= 10 and INSIDE_PUNCTUATION.search(line.rstrip()[:-1])]
    if len(prose) < MIN_FILLED_LINES:
        return None
    width = sorted(prose)[int(len(prose) * 0.9)]  # the widest lines but a few outliers
    filled = sum(1 for columns in prose if columns >= width - SLACK)
    if width < MIN_WIDTH or filled < MIN_FILLED_LINES or filled < FILLED_SHARE * len(prose):
        return None
    return width


def unwrap_lines(text: str) -> str:
    """The text with every hard line break joined (unchanged when it was not hard-wrapped)."""
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is None:
        return text
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:]):
        filled = display_width(previous.rstrip()) >= width - SLACK and not SENTENCE_END.search(previous.rstrip())
        if filled and line.strip() and not NEW_ITEM.match(line) and not INDENT.match(line):
            joiner = " " if LATIN_WORDS.fullmatch(previous.rstrip()[-1:] + line.lstrip()[:1]) else ""
            out[-1] = out[-1].rstrip() + joiner + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)
