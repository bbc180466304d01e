"""Find people's names in a sentence: after a title (局长张三), before one (张三校长), in bylines
(记者 李四, 文/王五) and on a credit line of their own.

Names are read by characters, not by jieba's tokens, because jieba glues a name to the word
after it (王建伟及, 刘晓红为). A name ends where a boundary follows: punctuation, or a word
from data/lexicon/person_followers.txt (出席, 主持, 表示 …). The titles and their kinds are
data/lexicon/titles.tsv; surnames are data/lexicon/surnames.txt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import jieba
import jieba.posseg as pseg

from ingest.lexicon import DATA

HAN = re.compile(r"[\u4e00-\u9fff]")
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}[·•][\u4e00-\u9fff]{2,8}")
# characters that belong to institutions and ordinary words, never to a transliterated name
NOT_IN_NAMES = frozenset("的了在是和与及等为对向校局区县市省会教育学院委部办中小大所站厅处科员长代表人民政府集团中心")
NAME_END_CONJUNCTIONS = ("和", "与", "及")  # may end a given name, when nothing it could join follows
# characters of bodies and places: a short name holding one is a word (管委会, 林芝市), not a name
BODY_CHARS = frozenset("委会局区县市省府部办校院厅处科室组团队党")
NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nz"})  # jieba's tags of words that are also given names (海燕, 建国)
COMMON_WORD_FREQ = 100  # a jieba dictionary word this frequent is a word, not part of a transliterated name
SPACES = (" ", "\u3000")
BYLINE_MARKS = ("文/", "文:", "图/", "图:", "供稿:", "撰稿:", "撰文:", "摄影:", "摄:", "作者:", "编辑:", "责编:",
                "责任编辑:", "审核:", "初审:", "复审:", "终审:", "校对:")
BRACKET_REACH = 30  # characters from 张三（ to the title that closes the bracket
NAME_THEN_CREDIT = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,3})\s*[/／]"
                              r"(?:文|图|摄|摄影|供稿)(?![\u4e00-\u9fff])")  # 张三/文 李四/图


@dataclass(frozen=True)
class PersonSpan:
    """A person's name found in a sentence (offsets into the sentence) and how it was found."""

    start: int
    end: int
    how: str  # "title" (局长张三), "before-title" (张三校长), "byline"


def _lines(name: str) -> list[str]:
    text = (DATA / "lexicon" / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def load_titles() -> dict[str, str]:
    """title -> kind (lead, rank, address, byline, ignore), from data/lexicon/titles.tsv."""
    rows = [line.split("\t") for line in _lines("titles.tsv")]
    return {row[0]: row[1] for row in rows[1:] if len(row) >= 2}


@lru_cache(maxsize=1)
def load_governments() -> dict[str, str]:
    """title -> level word of the government a head of government leads (副区长 -> 区)."""
    rows = [line.split("\t") for line in _lines("titles.tsv")]
    return {row[0]: row[2] for row in rows[1:] if len(row) >= 3 and row[2]}


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    words = " ".join(_lines("surnames.txt")).split()
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


class PersonFinder:
    """Person names in one sentence; one instance serves every document."""

    def __init__(self) -> None:
        self.titles = load_titles()
        self.title_forms = tuple(sorted(self.titles, key=len, reverse=True))
        self.title_automaton = ahocorasick.Automaton()
        for title in self.title_forms:
            self.title_automaton.add_word(title, title)
        self.title_automaton.make_automaton()
        self.followers = tuple(sorted(_lines("person_followers.txt"), key=len, reverse=True))
        self.single, self.double = _surnames()
        self.surnames_after_titles = frozenset(_lines("surnames_after_titles.txt"))
        self.media = tuple(_lines("media_words.txt"))
        self.name_elements = frozenset(_lines("name_elements.txt"))  # 扎西, 顿珠: parts of Tibetan names
        credits = [t for t, kind in self.titles.items() if kind == "byline"]
        marks = "|".join(map(re.escape, sorted(credits, key=len, reverse=True) + list(BYLINE_MARKS)))
        self.byline_pattern = re.compile(rf"(?:{marks})[\s:]*")

    def __call__(self, text: str) -> list[PersonSpan]:
        found: dict[tuple[int, int], PersonSpan] = {}
        for start, end, title in self._titles_in(text):
            if self.titles[title] == "ignore":
                continue
            after = self.name_after(text, end)
            if after is None and text[end:end + 1] in SPACES and self.titles[title] != "byline" \
                    and self._hard_boundary_after(text, end + 1):
                after = self.name_after(text, end + 1)  # 致辞：某局局长 张三 — a notice's agenda line
            if after:
                found.setdefault(after, PersonSpan(*after, "title"))
            before = self.name_before(text, start)
            if before:
                found.setdefault(before, PersonSpan(*before, "before-title"))
            if text[end:end + 1] in ")）":  # 张三（某校校长）
                opening = max(text.rfind("（", 0, start), text.rfind("(", 0, start))
                bracketed = self.name_before(text, opening) if 0 <= opening and start - opening <= BRACKET_REACH \
                    else None
                if bracketed:
                    found.setdefault(bracketed, PersonSpan(*bracketed, "before-title"))
        for span in self.bylines(text):
            found.setdefault((span.start, span.end), span)
        for match in DOTTED_NAME.finditer(text):  # 阿依古丽·买买提: a transliterated name with a middle dot
            parts = re.split("[·•]", match.group())
            if self._boundary(text, match.end()) and not any(ch in NOT_IN_NAMES for ch in match.group()) \
                    and not any(part.endswith(self.media) for part in parts):  # 羊城晚报•羊城派 is an outlet
                found.setdefault((match.start(), match.end()), PersonSpan(match.start(), match.end(), "dotted"))
        for span in list(found.values()):  # 阿依古丽·买买提、扎西顿珠等: a name listed right after a name
            listed = self._listed_after(text, span.end)
            while listed:
                found.setdefault(listed, PersonSpan(*listed, "listed"))
                listed = self._listed_after(text, listed[1])
        return _without_overlaps(found.values())

    def _titles_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, title) of a text's titles, leftmost and longest first, not overlapping (副局长, not 局长)."""
        hits = sorted(((end + 1 - len(t), end + 1, t) for end, t in self.title_automaton.iter(text)),
                      key=lambda h: (h[0], -len(h[2])))
        kept: list[tuple[int, int, str]] = []
        for hit in hits:
            if not kept or hit[0] >= kept[-1][1]:
                kept.append(hit)
        return kept

    def _hard_boundary_after(self, text: str, at: int) -> bool:
        """A name of two or three characters at `at` that a hard boundary (punctuation, space, end) ends."""
        return any(self._hard_boundary(text, at + length) for length in (2, 3))

    def _listed_after(self, text: str, end: int) -> tuple[int, int] | None:
        """A name right after 、 that ends where a boundary starts (张三、李四等出席): a surname name of two or three
        characters, or a transliterated one."""
        if not text.startswith("、", end):
            return None
        at = end + 1
        run = _han_run(text, at, 8)
        for length in range(2, len(run) + 1):
            if not self._hard_boundary(text, at + length) and not text.startswith(("等", "、"), at + length):
                continue
            name = run[:length]
            surname = self._surname_length(name)
            if surname and length <= 3 and self._plausible(name) and not _holds_common_word(name, surname):
                return at, at + length
            if length >= 4 and not any(ch in NOT_IN_NAMES for ch in name) and name not in jieba.dt.FREQ:
                return at, at + length  # 扎西顿珠 after a name in a list of names
            return None
        return None

    # -- names after and before titles ----------------------------------------------
    def name_after(self, text: str, at: int) -> tuple[int, int] | None:
        """局长王建伟及…: the shortest run of characters after a title that a boundary ends (副校长于丹主持: a
        surname that is also a word ending names, such as 于, may start one)."""
        if self._boundary(text, at) and not self._surname_word_starts_name(text, at):
            return None
        run = _han_run(text, at, 16)
        if "·" in run or "•" in run:
            return self._dotted_name(text, at, run)
        surname = self._surname_length(run)
        longest = 4 if surname else 7
        for length in range(2, min(len(run), longest) + 1):
            if not self._boundary(text, at + length):
                continue
            name = run[:length]
            if surname and not (self._plausible(name) and not _holds_common_word(name, surname)):
                return None
            if surname and (length <= 3 or surname == 2 or self._hard_boundary(text, at + length)):
                if length == 2 and text[at + 2:at + 3] in NAME_END_CONJUNCTIONS and len(run) >= 3 \
                        and self._hard_boundary(text, at + 3):
                    return at, at + 3  # 副校长孟庆和，: a conjunction right before a comma ends the name
                return at, at + length
            if not surname and length >= 4 and self._transliterated(name) and self._hard_boundary(text, at + length):
                return at, at + length
            if not surname and length <= 3 and _tagged_name(name):
                return at, at + length
            return None
        return None

    def _surname_word_starts_name(self, text: str, at: int) -> bool:
        """副校长于丹: a surname that also ends names (surnames_after_titles.txt) starts one, unless a time word
        or a common word that is no name follows it (于近日, 向全体)."""
        if text[at:at + 1] not in self.surnames_after_titles:
            return False
        after = text[at + 1:at + 3]
        if not HAN.match(after[:1] or "0"):
            return False
        tags = [pseg.dt.word_tag_tab.get(after[:n], "") for n in (1, 2)]
        if any(tag.startswith("t") for tag in tags):
            return False  # 于近日, 于会上: the preposition before a time
        common = jieba.dt.FREQ.get(after, 0) >= COMMON_WORD_FREQ and tags[1] not in NAME_TAGS
        return not common  # 向全体, 向大家: the preposition before a common word; 于海燕 (nr), 向建国 (ns) are names

    def name_before(self, text: str, at: int) -> tuple[int, int] | None:
        """孙立新校长, 教育局周文澜副局长: two or three characters with a surname right before a title (four with a
        double surname: 欧阳文博校长)."""
        for length in (4, 3, 2):
            start = at - length
            if start < 0:
                continue
            name = text[start:at]
            if length == 4 and name[:2] not in self.double:
                continue
            if not all(HAN.match(ch) for ch in name) or not self._surname_length(name):
                continue
            if name[0] in "和与及为在向对同由":
                continue
            if start == 0 or not HAN.match(text[start - 1]) or self._left_edge(text, start):
                if self._plausible(name) and not _holds_common_word(name, self._surname_length(name)):
                    return start, at
        return None

    def bylines(self, text: str) -> list[PersonSpan]:
        """记者 孙唯, 文/王五 图/赵六, (供稿:某校 李四), a credit line of one name, a name in brackets at the end."""
        out = []
        for match in self.byline_pattern.finditer(text):
            pos = match.end()
            skipped = False
            while pos < len(text):
                run = _han_run(text, pos, 4)
                length = next((n for n in (3, 2) if len(run) >= n and self._surname_length(run[:n])
                               and not HAN.match(text[pos + n:pos + n + 1] or "x")), 0)
                space = text.find(" ", pos, pos + 14)
                if not length and not skipped and not out and space > pos:  # 供稿:某校 李四
                    pos, skipped = space + 1, True
                    continue
                if not length:
                    break
                out.append(PersonSpan(pos, pos + length, "byline"))
                pos += length
                while pos < len(text) and text[pos] in " \u3000、,":
                    pos += 1
        stripped = text.strip(" \u3000()（）")
        if 2 <= len(stripped) <= 3 and self._surname_length(stripped) and all(HAN.match(c) for c in stripped):
            at = text.index(stripped)
            if self._credited(stripped) and not _known_word(stripped):  # 简讯, 花絮: a heading, no credit
                out.append(PersonSpan(at, at + len(stripped), "byline"))
        for credit in NAME_THEN_CREDIT.finditer(text):  # (某校 张三/文 李四/图)
            if self._credited(credit.group(1)):
                out.append(PersonSpan(credit.start(1), credit.end(1), "byline"))
        tail = re.search(r"[(（]([\u4e00-\u9fff]{2,3})[)）]\s*$", text)
        if tail and self._credited(tail.group(1)):
            out.append(PersonSpan(tail.start(1), tail.end(1), "byline"))
        return out

    def _credited(self, name: str) -> bool:
        """A credit's two or three characters read as a name: a surname first, and no ordinary word."""
        return bool(self._surname_length(name)) and self._plausible(name)

    # -- tests on characters --------------------------------------------------------------
    def _boundary(self, text: str, at: int) -> bool:
        if at >= len(text):
            return True
        if not HAN.match(text[at]):
            return text[at] not in "·•"
        return text.startswith(self.followers, at) or text.startswith(self.title_forms, at)

    def _hard_boundary(self, text: str, at: int) -> bool:
        return at >= len(text) or not HAN.match(text[at]) or text.startswith(self.followers, at)

    def _left_edge(self, text: str, start: int) -> bool:
        """A name may start right after an institution's name, a list word or a preposition (教育局周文澜,
        成员孙立新, 在孙立新校长的带领下)."""
        before = text[max(0, start - 4):start]
        return before.endswith(("局", "校", "学", "院", "园", "会", "委", "府", "部", "所", "员", "中", "小", "和",
                                "代表", "与", "及", "由", "请", "在", "向"))

    def _surname_length(self, name: str) -> int:
        if name[:2] in self.double:
            return 2
        return 1 if name[:1] in self.single else 0

    def _plausible(self, name: str) -> bool:
        """Not an ordinary word that happens to start with a surname (高度, 常务, 全体)."""
        if name in jieba.dt.FREQ and jieba.dt.FREQ[name] > 50 and not _tagged_name(name):
            return False
        return not any(ch in "的了是在等" or ch in BODY_CHARS for ch in name[1:])

    def _transliterated(self, name: str) -> bool:
        """乌日根巴雅尔, 边巴卓嘎: no ordinary word inside (队伍建设 is two words jieba knows well), or made only of
        the elements of Tibetan names (扎西顿珠, though jieba knows 扎西)."""
        if any(ch in NOT_IN_NAMES for ch in name):
            return False
        if len(name) % 2 == 0 and all(name[i:i + 2] in self.name_elements for i in range(0, len(name), 2)):
            return True
        if name in jieba.dt.FREQ:
            return False
        return not _holds_common_word(name)

    def _dotted_name(self, text: str, at: int, run: str) -> tuple[int, int] | None:
        """阿依努尔·买买提: two parts joined by a middle dot, the second ended by a boundary."""
        dot = max(run.find("·"), run.find("•"))
        if not 2 <= dot <= 8:
            return None
        for length in range(dot + 3, min(len(run), dot + 9) + 1):
            if self._boundary(text, at + length):
                return at, at + length
        return None


def _han_run(text: str, at: int, limit: int) -> str:
    out = []
    for ch in text[at:at + limit]:
        if not (HAN.match(ch) or ch in "·•"):
            break
        out.append(ch)
    return "".join(out)


def _holds_common_word(name: str, surname: int = 0) -> bool:
    """成长平台, 关于教育: the candidate holds a word jieba knows well that is not a personal name.

    Where a surname is followed by a given name of one or two characters, only a word starting at the
    surname counts: a given name may well be a word (何建设, 吴海燕, 欧阳文博)."""
    given_name = surname and len(name) - surname <= 2
    pos = 0
    for word in jieba.cut(name, HMM=False):
        if pos == 0 and surname == 2 and word == name[:2]:  # 欧阳 is a word, and a surname
            pos += 2
            continue
        if pos == 0 and surname == 1 and given_name and word == name[0] + "国":  # 吴国松, 秦国涵: not the state
            pos += 2  # of 吴 or 秦 (国 is among the commonest characters of given names)
            continue
        floor = COMMON_WORD_FREQ if given_name or len(name) <= 3 else 1  # a long candidate holds no word at all
        common = len(word) >= 2 and jieba.dt.FREQ.get(word, 0) >= floor and not _tagged_name(word)
        if common and (pos == 0 or not given_name and len(name) > 3):
            return True
        pos += len(word)
    return False


def _known_word(word: str) -> bool:
    """A word jieba's dictionary knows as something other than a name (a line of it alone is a heading)."""
    return jieba.dt.FREQ.get(word, 0) > 0 and not _tagged_name(word)


def _tagged_name(word: str) -> bool:
    return pseg.dt.word_tag_tab.get(word, "") in ("nr", "nrfg", "nrt")  # entities.WORD_TAGS, taught the gazetteer


def _without_overlaps(spans) -> list[PersonSpan]:
    kept: list[PersonSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not any(span.start < k.end and k.start < span.end for k in kept):
            kept.append(span)
    return kept
