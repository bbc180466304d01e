"""The row cap written into the query, so that a store we do not run ourselves stops after the cap.

The embedded store's server holds the cap itself (RESULTSET_SIZE); a FalkorDB server or Neo4j
database someone else runs does not, so every part of a query that ends in RETURN gets a LIMIT of
at most the cap: appended when it has none, lowered when it asks for more. A LIMIT given as a
parameter or an expression is left alone (the client still cuts the rows it reads).
"""

from __future__ import annotations

import re

from queries.guard import mask_literals, unmask

_UNION = re.compile(r"\bUNION(?:\s+ALL)?\b", re.I)
_CLAUSE = re.compile(r"\b(RETURN|WITH|MATCH|UNWIND|CALL|YIELD)\b", re.I)
_LIMIT_NUMBER = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.I)
_LIMIT_ANY = re.compile(r"\bLIMIT\b[^)\]}]*$", re.I)


def cap_rows(query: str, cap: int) -> str:
    """The query with each top-level part that ends in RETURN limited to at most `cap` rows."""
    code, literals = mask_literals(query)
    code = code.strip().rstrip(";").rstrip()
    parts, start = [], 0
    for match in _top_level(_UNION, code):
        parts.extend([_capped(code[start:match.start()], cap), match.group()])
        start = match.end()
    parts.append(_capped(code[start:], cap))
    return unmask(" ".join(part.strip() for part in parts), literals)


def _capped(part: str, cap: int) -> str:
    """One UNION part with its LIMIT at most `cap`, when its last top-level clause is RETURN."""
    part = part.strip()
    clauses = list(_top_level(_CLAUSE, part))
    if not clauses or clauses[-1].group(1).upper() != "RETURN":
        return part
    number = _LIMIT_NUMBER.search(part)
    if number and _is_top_level(part, number.start()):
        return part[:number.start(1)] + str(min(int(number.group(1)), cap))
    limit = _LIMIT_ANY.search(part)
    if limit and _is_top_level(part, limit.start()):
        return part  # LIMIT $n or an expression: left to the client's cut
    return f"{part} LIMIT {cap}"


def _top_level(pattern: re.Pattern, code: str):
    """Matches of `pattern` outside any bracket."""
    return (match for match in pattern.finditer(code) if _is_top_level(code, match.start()))


def _is_top_level(code: str, position: int) -> bool:
    depth = 0
    for ch in code[:position]:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
    return depth == 0
