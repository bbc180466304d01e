"""Score answers against a question set (JSON Lines: id, kind, lang, question, expect, absent).

An answer is right when every name in `expect` occurs in its sentence or rows (a name counts when
it, or an alias of the graph entity it names, is there) and no name in `absent` is among its rows'
names or the items its sentence lists (whole names: 民进某委会 is not in 民进某委会2024年培训班).
Evidence sentences are not looked at: they hold every name nearby.
Accuracy is reported overall, by kind and by language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import GraphError
from graph.model import KnowledgeGraph
from ingest.normalize import normalize_name
from queries.spread import find_entity

NOT_LOOKED_AT = ("docs", "evidence")


@dataclass
class Outcome:
    question: dict[str, Any]
    right: bool
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    answer: str = ""


@dataclass
class Score:
    outcomes: list[Outcome]

    def accuracy(self, by: str | None = None) -> dict[str, tuple[int, int]]:
        """(right, asked) overall (key "all") or per value of a question field such as kind or lang."""
        table: dict[str, tuple[int, int]] = {}
        for o in self.outcomes:
            key = "all" if by is None else str(o.question.get(by, "?"))
            right, asked = table.get(key, (0, 0))
            table[key] = (right + o.right, asked + 1)
        return dict(sorted(table.items()))

    def report(self) -> str:
        lines = []
        for by in (None, "kind", "lang"):
            for key, (right, asked) in self.accuracy(by).items():
                lines.append(f"{(by or 'overall') + ' ' + key if by else 'overall':<22} {right:>3}/{asked:<3} "
                             f"{right / asked:6.1%}")
        for o in self.outcomes:
            if not o.right:
                why = "; ".join(filter(None, [f"missing {'、'.join(o.missing)}" if o.missing else "",
                                              f"should not hold {'、'.join(o.wrong)}" if o.wrong else ""]))
                lines.append(f"wrong {o.question['id']} [{o.question['kind']}] {o.question['question']} — {why}")
        return "\n".join(lines)


def read_questions(path: Path) -> list[dict[str, Any]]:
    """The questions of a JSON Lines file; a bad line is a one-line error naming the file and line."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item.get("question"), str) or not isinstance(item.get("expect"), list):
                raise ValueError("needs a question (text) and expect (list of names)")
        except ValueError as err:
            raise GraphError("E208", f"{path}:{number}: {err}") from None
        item.setdefault("absent", [])
        item.setdefault("kind", "?")
        item.setdefault("id", f"line{number}")
        questions.append(item)
    return questions


ITEM_BREAKS = re.compile(r"[、，,：:；;。.（）()]|\s—|—\s| and ")


def answer_text(answer: Any) -> tuple[str, set[str]]:
    """(everything the answer says outside evidence, normalised; the names it gives: the rows' names and
    the items listed in its sentence, each whole)."""
    cells = [answer.answer]
    names = {normalize_name(item) for item in ITEM_BREAKS.split(answer.answer)}
    for row in answer.rows:
        for column, value in row.items():
            if column in NOT_LOOKED_AT:
                continue
            values = value if isinstance(value, list) else [value]
            cells += [str(v) for v in values if v is not None]
            if column in ("name", "a", "b", "path"):
                names |= {normalize_name(str(v)) for v in values if v is not None}
    return normalize_name(" ".join(cells)), names


def forms_of(kg: KnowledgeGraph, name: str) -> list[str]:
    """A name and, when the graph holds it, its entity's name and aliases (normalised)."""
    forms = {normalize_name(name)}
    key = find_entity(kg, name)
    if key is not None:
        forms |= {normalize_name(key_name) for key_name in [kg.g.nodes[key]["name"], *kg.g.nodes[key]["aliases"]]}
    return [f for f in forms if f]


def judge(kg: KnowledgeGraph, question: dict[str, Any], answer: Any) -> Outcome:
    said, names = answer_text(answer)
    missing = [n for n in question["expect"] if not any(f in said for f in forms_of(kg, n))]
    wrong = [n for n in question["absent"] if any(f in names for f in forms_of(kg, n))]  # whole names only
    return Outcome(question, not missing and not wrong, missing, wrong, answer.answer)


def evaluate(questions: list[dict[str, Any]], kg: KnowledgeGraph, ask: Callable[[str], Any]) -> Score:
    """Ask every question and judge each answer."""
    return Score([judge(kg, q, ask(q["question"])) for q in questions])
