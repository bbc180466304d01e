"""The read-only guard: every query from the console, the CLI or a generator passes here first.

A query is refused (GraphError E202) when, outside string literals and comments, it holds a
write clause, a procedure call that is not on the read-only list, more than one statement,
characters that can hide a keyword (invisible format characters, letters of another script
mixed into a word), control characters (the guard's own NUL placeholders among them), or brackets
nested deeper than MAX_NESTING (the store's parser slows steeply with depth, before any timeout).
The store's own read-only mode is the second line of defence.
"""

from __future__ import annotations

import re
import unicodedata

from graph.errors import GraphError

WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "FOREACH", "LOAD", "CSV")
READ_ONLY_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes", "db.constraints",
    "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
})
# Strings, backtick names and comments in one left-to-right pass, so a quote inside a comment (or a
# comment marker inside a string) cannot pair with text further on; possessive loops keep it linear.
_LEXEMES = re.compile(r"'(?:[^'\\]|\\.)*+'?|\"(?:[^\"\\]|\\.)*+\"?|`[^`]*+`?|//[^\n]*+|/\*.*?(?:\*/|$)", re.S)
MAX_QUERY_CHARS = 20_000
MAX_NESTING = 12  # brackets inside brackets; a few levels suffice for any real question
_WRITE = re.compile(r"\b(" + "|".join(WRITE_WORDS) + r")\b")
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)")
_MIXED_WORD = re.compile(r"[A-Za-z_][^\W\d_]*[^\x00-\x7f][^\W_]*|[^\x00-\x7f\W]+[A-Za-z_]\w*", re.U)


def mask_literals(query: str) -> tuple[str, list[str]]:
    """Replace string literals and backtick names with placeholders and comments with a space;
    returns the text and the literals."""
    literals: list[str] = []

    def keep(match: re.Match) -> str:
        lexeme = match.group()
        if lexeme.startswith(("//", "/*")):
            return " "
        literals.append(lexeme)
        return f"\x00{len(literals) - 1}\x00"

    return _LEXEMES.sub(keep, query), literals


def _deepest_nesting(code: str) -> int:
    """How deep (), [] and {} nest outside literals: the store's parser time grows steeply with it."""
    depth = deepest = 0
    for ch in code:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth = max(0, depth - 1)
    return deepest


def unmask(text: str, literals: list[str]) -> str:
    return re.sub(r"\x00(\d+)\x00", lambda m: literals[int(m.group(1))], text)


def check_read_only(query: str) -> None:
    """Raise GraphError E202 unless the query is a single read-only statement."""
    if len(query) > MAX_QUERY_CHARS:
        raise GraphError("E202", f"refused: the query is longer than {MAX_QUERY_CHARS} characters")
    if any(unicodedata.category(ch) == "Cf" for ch in query):
        raise GraphError("E202", "refused: the query holds invisible formatting characters")
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in query):
        raise GraphError("E202", "refused: the query holds control characters (such as NUL)")
    code, _ = mask_literals(query)
    depth = _deepest_nesting(code)
    if depth > MAX_NESTING:
        raise GraphError("E202", f"refused: brackets nest {depth} deep; at most {MAX_NESTING} may run here")
    folded = unicodedata.normalize("NFKC", code)
    if folded != code and re.search(r"[A-Za-z]", "".join(a for a, b in zip(folded, code) if a != b)):
        raise GraphError("E202", "refused: the query holds full-width or look-alike letters outside strings")
    if _MIXED_WORD.search(folded):
        word = _MIXED_WORD.search(folded).group()
        raise GraphError("E202", f"refused: {word!r} mixes Latin letters with another script")
    body = folded.strip().rstrip(";").strip()
    if not body:
        raise GraphError("E202", "refused: the query is empty")
    if ";" in body:
        raise GraphError("E202", "refused: only one statement may run at a time")
    upper = body.upper()
    write = _WRITE.search(upper)
    if write:
        word = "LOAD CSV" if write.group(1) in ("LOAD", "CSV") else write.group(1)
        raise GraphError("E202", f"refused: {word} changes the graph; only read-only queries may run here")
    for call in _CALL.finditer(body):
        procedure = call.group(1).lower()
        if procedure not in READ_ONLY_PROCEDURES:
            raise GraphError("E202", f"refused: procedure {call.group(1)} is not on the read-only list")
