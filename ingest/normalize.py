"""Text normalisation shared by extraction, resolution and evaluation.

Names compare equal when they differ only by full-/half-width forms (NFKC), traditional vs
simplified characters (OpenCC), white space, or quotation marks.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
QUOTES = "“”\"'‘’「」『』〝〞﹁﹂﹃﹄"
_STRIP = re.compile(f"[\\s{re.escape(QUOTES)}·•]")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese; length-preserving for the characters we read."""
    return _T2S.convert(text)


class _WidthFolds(dict):
    """str.translate's table of width folding, filled as characters are met: a character maps to its NFKC form
    when that is one character, else to itself (so folding keeps the text's length)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        self[code] = value = folded if len(folded) == 1 else ch
        return value


_FOLDS = _WidthFolds()


def normalize_text(text: str) -> str:
    """Canonical form of text for matching: width folding and simplified characters.

    Length-preserving (a character whose NFKC form is longer is kept as is), so character
    offsets found in the normalised text are offsets into the original text too.
    """
    folded = text.translate(_FOLDS) if not text.isascii() else text
    simplified = to_simplified(folded)
    return simplified if len(simplified) == len(folded) else folded


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The comparison key of a name: folded width, simplified, no spaces or quotes."""
    return _STRIP.sub("", normalize_text(name))


def strip_wrapping_quotes(name: str) -> str:
    """Drop quotation marks that wrap a whole name (“青蓝工程” -> 青蓝工程), keep inner ones."""
    name = name.strip()
    while len(name) > 2 and name[0] in QUOTES and name[-1] in QUOTES and not any(q in name[1:-1] for q in QUOTES):
        name = name[1:-1].strip()
    return name
