"""The row cap written into the query, so that a store we do not run ourselves stops after the cap.

The embedded store's server holds the cap itself (RESULTSET_SIZE); a FalkorDB server or Neo4j
database someone else runs does not, so every part of a query that ends in RETURN gets a LIMIT of
at most the cap: appended when it has none, lowered when it asks for more. A LIMIT given as a
parameter has the parameter lowered; any other LIMIT expression is refused (E202), since the cap
could not be told from it.
"""

from __future__ import annotations

import re
from typing import Any

from graph.errors import GraphError
from queries.guard import mask_literals, unmask

_UNION = re.compile(r"\bUNION(?:\s+ALL)?\b", re.I)
_CLAUSE = re.compile(r"\b(RETURN|WITH|MATCH|UNWIND|CALL|YIELD)\b", re.I)
# LIMIT the keyword, not a property (m.limit), an alias (AS limit) or a map key ({limit: 1})
_LIMIT = re.compile(r"(?<![.\w$`])(?<!\bAS\s)LIMIT\b(?!\s*:)", re.I)
_NUMBER = re.compile(r"\s*(\d+)\s*$")
_PARAMETER = re.compile(r"\s*\$(\w+)\s*$")


def cap_rows(query: str, cap: int, params: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The query with each top-level part that ends in RETURN limited to at most `cap` rows, and the
    parameters with any LIMIT parameter lowered to the cap."""
    code, literals = mask_literals(query)
    code = code.strip().rstrip(";").rstrip()
    params = dict(params or {})
    parts, start = [], 0
    for match in _top_level(_UNION, code):
        parts.extend([_capped(code[start:match.start()], cap, params), match.group()])
        start = match.end()
    parts.append(_capped(code[start:], cap, params))
    return unmask(" ".join(part.strip() for part in parts), literals), params


def _capped(part: str, cap: int, params: dict[str, Any]) -> str:
    """One UNION part with its LIMIT at most `cap`, when its last top-level clause is RETURN."""
    part = part.strip()
    clauses = list(_top_level(_CLAUSE, part))
    if not clauses or clauses[-1].group(1).upper() != "RETURN":
        return part
    limit = next(reversed(list(_top_level(_LIMIT, part, clauses[-1].end()))), None)
    if limit is None:
        return f"{part} LIMIT {cap}"
    value = part[limit.end():]
    number, parameter = _NUMBER.fullmatch(value), _PARAMETER.fullmatch(value)
    if number:
        return part[:limit.end()] + f" {min(int(number.group(1)), cap)}"
    if parameter and isinstance(params.get(parameter.group(1)), int):
        params[parameter.group(1)] = min(params[parameter.group(1)], cap)
        return part
    raise GraphError("E202", "refused: LIMIT takes a number or an integer parameter here")


def _top_level(pattern: re.Pattern, code: str, start: int = 0):
    """Matches of `pattern` from `start` on, outside any bracket."""
    depths = _depths(code)
    return (match for match in pattern.finditer(code, start) if depths[match.start()] == 0)


def _depths(code: str) -> list[int]:
    """How deep in brackets each position of `code` stands, in one pass."""
    depths, depth = [], 0
    for ch in code:
        depths.append(depth)
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
    return depths + [depth]
