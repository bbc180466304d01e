"""The shortest chain of relations between two entities, by bidirectional breadth-first search through the store.

FalkorDB has no undirected shortestPath, and matching every path of up to six steps explodes on a city's
graph (a region or a bureau ties thousands of schools). So the search runs here, one read-only query per
level: the smaller frontier's neighbours by internal id (an id seek, milliseconds), until the two searches
meet. A last query reads the path's names and relation types; it is the Cypher an answer shows, and it runs
as it is in the console on either store.
"""

from __future__ import annotations

from typing import Any

from graph.model import LABELS
from graph.store import GraphStore, QueryResult

MAX_STEPS = 6
# by name through each label's index (milliseconds); the scan below only when a name is an alias
NAMED = " UNION ALL ".join(f"MATCH (n:{label}) WHERE n.name IN [$a, $b] RETURN id(n) AS id, n.name = $a AS is_a, "
                           "n.name = $b AS is_b" for label in LABELS)
ENDPOINTS = ("MATCH (n) WHERE n.name IN [$a, $b] OR $a IN n.aliases OR $b IN n.aliases "
             "RETURN id(n) AS id, n.name = $a OR $a IN n.aliases AS is_a, n.name = $b OR $b IN n.aliases AS is_b")
NEIGHBOURS = "UNWIND $frontier AS i MATCH (x)--(y) WHERE id(x) = i RETURN collect([id(y), i]) AS pairs"
COLUMNS = ["path", "relations", "steps"]


def connection(store: GraphStore, params: dict[str, Any]) -> QueryResult:
    """The `connection` library query: one shortest path between $a and $b (at most MAX_STEPS), or no row."""
    sources, targets = _endpoints(store, params["a"], params["b"])
    chain = shortest_chain(store, sources, targets, MAX_STEPS)
    if not chain or len(chain) < 2:
        return QueryResult(COLUMNS, [], cypher=path_cypher(chain or []))
    cypher = path_cypher(chain)
    return QueryResult(COLUMNS, store.query(cypher).rows[:1], cypher=cypher)


def shortest_chain(store: GraphStore, sources: list[int], targets: list[int], max_steps: int) -> list[int] | None:
    """Internal ids from a source to a target along a shortest path, or None when none is within `max_steps`."""
    if not sources or not targets:
        return None
    seen = ({s: (None, 0) for s in sources}, {t: (None, 0) for t in targets})  # id -> (parent, depth) per side
    met = set(sources) & set(targets)
    if met:
        return [min(met)]
    frontiers = (list(seen[0]), list(seen[1]))
    for _ in range(max_steps):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        found, other = seen[side], seen[1 - side]
        depth = found[frontiers[side][0]][1] + 1
        nxt = []
        for node, parent in _neighbours(store, frontiers[side]):
            if node not in found:
                found[node] = (parent, depth)
                nxt.append(node)
        meetings = [n for n in nxt if n in other]
        if meetings:
            meet = min(meetings, key=lambda n: (other[n][1], n))
            half = _walk(found, meet)[::-1] + _walk(other, meet)[1:]
            return half if side == 0 else half[::-1]
        if not nxt:
            return None
        frontiers = (nxt, frontiers[1]) if side == 0 else (frontiers[0], nxt)
    return None


def path_cypher(chain: list[int]) -> str:
    """A query returning the path through these internal ids: names, relation types, length."""
    if len(chain) < 2:
        return "RETURN [] AS path, [] AS relations, 0 AS steps"
    pattern = "".join(f"(n{i})" if i == 0 else f"--(n{i})" for i in range(len(chain)))
    ids = " AND ".join(f"id(n{i}) = {node}" for i, node in enumerate(chain))
    return (f"MATCH p = {pattern} WHERE {ids} "
            "RETURN [n IN nodes(p) | n.name] AS path, [r IN relationships(p) | type(r)] AS relations, "
            "length(p) AS steps LIMIT 1")


def _endpoints(store: GraphStore, a: str, b: str) -> tuple[list[int], list[int]]:
    """Internal ids of the entities named a and b (through the name indexes), else also aliased so (one scan)."""
    for query in (NAMED, ENDPOINTS):
        rows = store.query(query, {"a": a, "b": b}).rows
        found = sorted(i for i, is_a, _ in rows if is_a), sorted(i for i, _, is_b in rows if is_b)
        if found[0] and found[1]:
            break
    return found


def _neighbours(store: GraphStore, frontier: list[int]) -> list[tuple[int, int]]:
    rows = store.query(NEIGHBOURS, {"frontier": frontier}).rows
    return [(node, parent) for node, parent in rows[0][0]] if rows else []


def _walk(found: dict[int, tuple[int | None, int]], node: int) -> list[int]:
    """From `node` back to its search's start, following parents."""
    chain = [node]
    while (parent := found[chain[-1]][0]) is not None:
        chain.append(parent)
    return chain
