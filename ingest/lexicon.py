"""The extraction's knowledge, loaded from data files under data/ (see data/README.md)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ahocorasick

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Region:
    name: str
    level: str  # province, city, district, town, zone
    parent: str = ""
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


@dataclass(eq=False)
class Lexicon:
    """Gazetteers, suffix lists and cue words; one instance is shared by all steps."""

    regions: dict[str, list[Region]] = field(default_factory=dict)  # full name -> homonyms
    region_forms: dict[str, list[Region]] = field(default_factory=dict)  # any form -> regions
    # forms that place an institution as an official name does: 长泰区 for 长泰县 (made a district since the
    # gazetteer was compiled), 长乐市 for 长乐区 (its name before), 寻甸县 for 寻甸回族彝族自治县
    placing_forms: set[str] = field(default_factory=set)
    suffixes: dict[str, tuple[str, str]] = field(default_factory=dict)  # suffix -> (label, strength)
    suffix_kinds: dict[str, str] = field(default_factory=dict)  # suffix -> SCHEMA kind
    generic: frozenset[str] = frozenset()
    cues: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # role -> [(cue, value)]
    region_automaton: ahocorasick.Automaton | None = None
    body_short_forms: dict[str, str] = field(default_factory=dict)  # 教育和体育局 -> 教体局
    name_prefixes: tuple[str, ...] = ()  # party names that open an organisation's name (中共, 民进)
    body_forms_by_length: list[tuple[str, str]] = field(default_factory=list)  # longest long form first
    region_prefixes: frozenset[str] = frozenset()  # every beginning of a region form, to stop looking early

    def cue_words(self, role: str) -> list[str]:
        return [cue for cue, _ in self.cues.get(role, [])]

    def cue_value(self, role: str, cue: str) -> str:
        return dict(self.cues.get(role, [])).get(cue, "")

    def kind_of(self, label: str, name: str) -> str:
        """The SCHEMA `kind` of a name from its longest type suffix (推进会 -> meeting, 一中 -> middle)."""
        return _kind_of(self, label, name)

    def short_body_name(self, name: str) -> str:
        """A body's name with its kind written in the short form (…教育和体育局 -> …教体局, …教学研究室 -> …教研室)."""
        for long, short in self.body_forms_by_length:
            if name.endswith(long):
                return name[: -len(long)] + short
        return name

    def _kind_of(self, label: str, name: str) -> str:
        name = name.rstrip("”\"’")
        for length in range(min(len(name), 10), 0, -1):
            suffix = name[-length:]
            if suffix in self.suffix_kinds and self.suffixes[suffix][0] == label:
                return self.suffix_kinds[suffix]
        if label == "School" and name.endswith(("中", "小")):
            return "middle" if name.endswith("中") else "primary"
        return ""


    def region_forms_at(self, text: str, at: int = 0) -> list[str]:
        """The region forms (two characters or more) that start at `at` in `text`, shortest first."""
        found = []
        for end in range(at + 1, min(len(text), at + 12) + 1):
            piece = text[at:end]
            if piece not in self.region_prefixes:
                break
            if end - at >= 2 and piece in self.region_forms:
                found.append(piece)
        return found

    def region(self, name: str) -> Region | None:
        """The region a full name or alias refers to (the first homonym when ambiguous)."""
        found = self.region_forms.get(name)
        return found[0] if found else None


@lru_cache(maxsize=65536)
def _kind_of(lex: Lexicon, label: str, name: str) -> str:
    return lex._kind_of(label, name)


def lies_in(lex: Lexicon, region: Region | None, ancestor: str) -> bool:
    """True when `ancestor` (a full name) is among the region's parents (苏州市 lies in 江苏省)."""
    for _ in range(6):
        if region is None or not region.parent:
            return False
        if region.parent == ancestor:
            return True
        region = lex.region(region.parent)
    return False


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def rows_of(path: Path) -> list[list[str]]:
    """The tab-separated columns of a data file's lines, comments and blank lines skipped."""
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_lexicon(data_dir: Path = DATA) -> Lexicon:
    """Read every data file once per process."""
    lex = Lexicon()
    for row in _tsv(data_dir / "gazetteer" / "regions.tsv"):
        aliases = tuple(a for a in row["alias"].split("|") if len(a) >= 2 and a != row["name"])
        autonomous = _autonomous_forms(row["name"], aliases)
        lex.placing_forms.update(autonomous)
        _add_region(lex, Region(row["name"], row["level"], row["parent"], aliases + autonomous))
    _add_converted_district_forms(lex)
    for cols in rows_of(data_dir / "gazetteer" / "zones.tsv"):
        name = cols[0]
        members = tuple(m for m in (cols[1] if len(cols) > 1 else "").split("|") if m)
        aliases = tuple(a for a in (cols[2] if len(cols) > 2 else "").split("|") if a)
        _add_region(lex, Region(name, "zone", "", aliases, members))
    for row in _tsv(data_dir / "lexicon" / "suffixes.tsv"):
        lex.suffixes[row["suffix"]] = (row["label"], row["strength"])
        if row.get("kind"):
            lex.suffix_kinds[row["suffix"]] = row["kind"]
    lex.generic = frozenset(
        line.strip() for line in (data_dir / "lexicon" / "generic_words.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    for row in _tsv(data_dir / "lexicon" / "cues.tsv"):
        lex.cues.setdefault(row["role"], []).append((row["cue"], row.get("value") or ""))
    for row in _tsv(data_dir / "lexicon" / "body_abbreviations.tsv"):
        lex.body_short_forms[row["long"]] = row["short"]
    lex.body_forms_by_length = sorted(lex.body_short_forms.items(), key=lambda kv: -len(kv[0]))
    lex.name_prefixes = tuple(sorted(words_of(data_dir / "lexicon" / "name_prefixes.txt"), key=len, reverse=True))
    lex.region_prefixes = frozenset(f[:n] for f in lex.region_forms for n in range(1, len(f) + 1))
    lex.region_automaton = _automaton(lex.region_forms)
    return lex


def words_of(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


AUTONOMOUS = {"自治县": "县", "自治旗": "旗", "自治州": "州"}


def _autonomous_forms(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """寻甸回族彝族自治县 is also written 寻甸县: the short form with its level word."""
    for long, level in AUTONOMOUS.items():
        if name.endswith(long):
            return tuple(a + level for a in aliases if not a.endswith(level))
    return ()


def _add_converted_district_forms(lex: Lexicon) -> None:
    """A county or county-level city made a district since the gazetteer was compiled (长泰县 -> 长泰区) is
    written with 区, and a district still by its name before (长乐区 as 长乐市): those forms name it too, when
    no region has that name."""
    for name, regions in list(lex.regions.items()):
        districts = [r for r in regions if r.level == "district"]
        if len(districts) != 1 or len(name) < 3 or name.endswith(("自治县", "自治旗")):
            continue
        for form in changed_names(name):
            if form not in lex.region_forms:
                lex.region_forms[form] = districts
                lex.placing_forms.add(form)


def changed_names(name: str) -> tuple[str, ...]:
    """The names a district or county may have had or taken: 长泰县 -> 长泰区, 长乐区 -> 长乐市, 长乐县."""
    stem, level = name[:-1], name[-1]
    if level in "县市":
        return (stem + "区",)
    return (stem + "市", stem + "县") if level == "区" else ()


def _add_region(lex: Lexicon, region: Region) -> None:
    lex.regions.setdefault(region.name, []).append(region)
    lex.region_forms.setdefault(region.name, []).append(region)
    for alias in region.aliases:
        lex.region_forms.setdefault(alias, []).append(region)


def _automaton(forms: dict[str, list[Region]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    return automaton
