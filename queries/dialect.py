"""Rewrite Neo4j-style Cypher into the dialect FalkorDB accepts (docs/cypher-dialect.md).

Each rewrite is one small function over the query with its string literals masked, so text
inside quotes is never touched. A construct with no faithful rewrite raises GraphError E206
with the equivalent form to use instead.
"""

from __future__ import annotations

import re

from graph.errors import GraphError
from queries.guard import mask_literals, unmask

MAX_UNBOUNDED_HOPS = 8


def to_falkordb(query: str) -> str:
    """The same query in FalkorDB's dialect."""
    masked, literals = mask_literals(query)
    for rewrite in (quote_unicode_aliases, count_subqueries, exists_subqueries, regex_matches, shortest_paths):
        masked = rewrite(masked, literals)
    return unmask(masked, literals)


def quote_unicode_aliases(masked: str, literals: list[str]) -> str:
    """`RETURN n.name AS 名称` -> `AS \\`名称\\``: FalkorDB takes non-ASCII names only in backticks."""
    return re.sub(r"(\bAS\s+)([^\W\d][\w]*)", lambda m: m.group(1) + _backtick(m.group(2), literals),
                  masked, flags=re.I)


def _backtick(name: str, literals: list[str]) -> str:
    if name.isascii():
        return name
    literals.append(f"`{name}`")
    return f"\x00{len(literals) - 1}\x00"


def count_subqueries(masked: str, literals: list[str]) -> str:
    """`COUNT { MATCH (a)-[:R]->(x) WHERE … }` -> `size([(a)-[:R]->(x) WHERE … | 1])`, a pattern comprehension."""
    return re.sub(r"\bCOUNT\s*\{([^{}]*)\}", lambda m: f"size({_comprehension(m.group(1), 'COUNT')})", masked,
                  flags=re.I)


def exists_subqueries(masked: str, literals: list[str]) -> str:
    """`EXISTS { MATCH (a)-[:R]->() }` and `exists((a)-[:R]->())` -> the pattern predicate `(a)-[:R]->()`.
    FalkorDB filters on no pattern comprehension, so an EXISTS with its own WHERE is refused with the COUNT
    form that runs."""
    def subquery(match: re.Match) -> str:
        inner = re.sub(r"^\s*MATCH\s+", "", match.group(1), flags=re.I).strip()
        _comprehension(inner, "EXISTS")  # refuses several clauses
        if re.search(r"\bWHERE\b", inner, flags=re.I):
            raise GraphError("E206", "EXISTS { … WHERE … } is not supported by FalkorDB; count first, then filter: "
                                     "WITH a, COUNT { MATCH (a)-[:R]->(b) WHERE b.name = 'x' } AS n WHERE n > 0")
        return inner
    masked = re.sub(r"\bEXISTS\s*\{([^{}]*)\}", subquery, masked, flags=re.I)
    return re.sub(r"\bexists\s*\(\s*(\(.*?\)(?:\s*<?-.*?->?\s*\(.*?\))+)\s*\)", r"\1", masked, flags=re.I)


def _comprehension(inner: str, form: str) -> str:
    """A subquery body (one MATCH pattern, optionally one WHERE) as a pattern comprehension of ones."""
    inner = re.sub(r"^\s*MATCH\s+", "", inner, flags=re.I).strip()
    if re.search(r"\b(RETURN|WITH|MATCH|UNWIND|CALL)\b", inner, flags=re.I):
        raise GraphError("E206", f"{form} {{ … }} with several clauses is not supported by FalkorDB; write one pattern "
                                 f"and one WHERE, e.g. {form} {{ MATCH (a)-[:R]->(b) WHERE b.name = 'x' }}")
    return f"[{inner} | 1]"


_PLAIN = r"[^.*+?()\[\]{}|^$\\]+"
_REGEX = re.compile(rf"\^?(\.\*)?(?:({_PLAIN})|\(({_PLAIN}(?:\|{_PLAIN})*)\))(\.\*)?\$?")


def regex_matches(masked: str, literals: list[str]) -> str:
    """`x =~ '.*大学$'` -> `x ENDS WITH '大学'` (also STARTS WITH, CONTAINS, `=`, `(?i)` as toLower, and
    alternatives `.*(大学|学院)` as ORs): the regular expressions people write. Others are refused (E206)."""
    def replace(match: re.Match) -> str:
        subject, index = match.group(1), int(match.group(2))
        literal = literals[index]
        quote, body = literal[0], literal[1:-1]
        lowered = body.startswith("(?i)")
        if lowered:
            body = body[4:]
        plain = _REGEX.fullmatch(body)
        if not plain:
            raise GraphError("E206", f"FalkorDB has no regular expressions: rewrite {subject} =~ {literal} "
                                     "with STARTS WITH, ENDS WITH or CONTAINS")
        words = [plain.group(2)] if plain.group(2) else plain.group(3).split("|")
        operator = {(True, True): "CONTAINS", (True, False): "ENDS WITH", (False, True): "STARTS WITH",
                    (False, False): "="}[(bool(plain.group(1)), bool(plain.group(4)))]
        left = f"toLower({subject})" if lowered else subject
        tests = []
        for word in words:
            literals.append(f"{quote}{word.lower() if lowered else word}{quote}")
            tests.append(f"{left} {operator} \x00{len(literals) - 1}\x00")
        return tests[0] if len(tests) == 1 else "(" + " OR ".join(tests) + ")"
    return re.sub(r"([\w.()]+)\s*=~\s*\x00(\d+)\x00", replace, masked)


_ENDS = re.compile(r"^\(\s*(\w+)\s*\)\s*<?-\[[^\]]*\]->?\s*\(\s*(\w+)\s*\)$")


def _all_shortest_paths(masked: str, match: re.Match, literals: list[str]) -> str:
    """`p = allShortestPaths((a)-[:R*..6]-(b))`, undirected: FalkorDB's algo.SPpaths in both directions
    (FalkorDB runs allShortestPaths only directed). Its ends must be variables bound before."""
    ends = _ENDS.match(match.group("pattern"))
    if ends is None:
        raise GraphError("E206", "allShortestPaths without a direction needs its two ends bound first: "
                                 "MATCH (a {name: '…'}), (b {name: '…'}) MATCH p = allShortestPaths((a)-[*]-(b))")
    rel = match.group("rel")
    types = re.findall(r"\w+", rel.split("*")[0].lstrip(":").replace("|", " ").replace(":", " "))
    hops = re.search(r"\.\.\s*(\d+)", rel) or re.search(r"\*\s*(\d+)\s*$", rel)

    def literal(text: str) -> str:  # new string literals go in masked, like the query's own
        literals.append(f"'{text}'")
        return f"\x00{len(literals) - 1}\x00"

    typed = f"relTypes: [{', '.join(literal(t) for t in types)}], " if types else ""  # [] would match none
    options = (f"sourceNode: {ends.group(1)}, targetNode: {ends.group(2)}, {typed}relDirection: {literal('both')}, "
               f"pathCount: 0, maxLen: {hops.group(1) if hops else MAX_UNBOUNDED_HOPS}")
    call = f" CALL algo.SPpaths({{{options}}}) YIELD path AS {match.group('var')} "
    return masked[:match.start()].rstrip() + call + masked[match.end():].lstrip()


_SHORTEST = re.compile(
    r"(?P<lead>\bMATCH\b\s+|,\s*)(?P<var>\w+)\s*=\s*(?P<fn>shortestPath|allShortestPaths)\s*\(\s*(?P<pattern>\(.*?\)\s*"
    r"(?P<left><?)-\[(?P<rel>[^\]]*)\]-(?P<right>>?)\s*\(.*?\))\s*\)", re.I)


def shortest_paths(masked: str, literals: list[str]) -> str:
    """`MATCH p = shortestPath((a)-[*]-(b))`: FalkorDB computes shortest paths only in WITH/RETURN and only
    directed. A directed one moves into `WITH *, shortestPath(…) AS p`; an undirected one becomes a bounded
    variable-length match ordered by length (`WITH * ORDER BY length(p) LIMIT 1`)."""
    match = _SHORTEST.search(masked)
    if match is None:
        return masked
    var, pattern = match.group("var"), match.group("pattern")
    directed = bool(match.group("left")) != bool(match.group("right"))
    if match.group("fn").lower() == "allshortestpaths":
        return masked if directed else _all_shortest_paths(masked, match, literals)
    lead = "" if match.group("lead").strip() == "," else "MATCH "
    rest = masked[match.end():]
    before = masked[:match.start()] + ("" if lead else "")
    if directed:
        clause = f" WITH *, shortestPath({pattern}) AS {var} "
        if lead:  # the MATCH held only the shortest path
            return before + clause.strip() + " " + rest.lstrip()
        return before + clause + rest.lstrip()
    rel = match.group("rel")
    if "*" in rel and not re.search(r"\*\s*\d*\s*\.\.\s*\d+", rel):
        rel = re.sub(r"\*\s*(\d*)\s*(\.\.)?\s*$", lambda m: f"*{m.group(1) or 1}..{MAX_UNBOUNDED_HOPS}", rel)
    bounded = pattern[: pattern.index("[")] + f"[{rel}]" + pattern[pattern.index("]") + 1:]
    order = f" WITH * ORDER BY length({var}) LIMIT 1 "
    if lead:
        return before + f"MATCH {var} = {bounded}" + order + rest.lstrip()
    return before + f", {var} = {bounded}" + order + rest.lstrip()
