"""Error codes in one place, so a message in the CLI, the app and a log traces to one line."""

from __future__ import annotations


class GraphError(Exception):
    """A user-facing failure with a code; `str()` is the one-line message shown to people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message


# E1xx: graph files and stores
#   E101 no graph.json at the given folder        E102 graph.json unreadable
#   E103 store could not be opened                 E104 unknown store setting
# E2xx: queries
#   E201 Cypher error reported by the store        E202 query refused as not read-only
#   E203 query timed out                           E204 bad or missing --param
#   E205 SPARQL error                              E206 no FalkorDB form of a construct (e.g. a regex)
#   E207 no such library query
# E3xx: input documents
#   E301 source path does not exist                E302 not text: binary (NUL bytes, control characters)
#                                                       or not UTF-8/UTF-16/GB18030/Big5
#   E303 no readable document found                E304 empty file, or no words in it
#   E305 same text as an earlier file (duplicate)  E306 file could not be read (permissions, I/O)
#   E307 same document id (file stem) as an earlier file
#   E308 another build of the folder is running    E309 extraction failed on every document (build kept)
# E4xx: curation
#   E401 incomplete or invalid decision            E402 malformed line in data/curation.jsonl
