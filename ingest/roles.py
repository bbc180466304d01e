"""LEADS from people's titles, the way news reports name officials.

A person's name comes after a chain of bodies and titles joined by 、 (某新区党工委副书记、管委会
常务副主任、某投资集团党委书记、董事长张建国): each body of the chain gets a LEADS edge when its title is
a leading one (data/lexicon/titles.tsv, kind `lead`); a title without a body takes the body
before it in the chain (党委书记、局长). A title after a bare kind word (集团理事长) is one of the group the
story is about, which the caller decides. A title right after a name takes the body before the name
(教育局周文澜副局长, 某校在张三校长的带领下). A deputy listed after a titled person shares that person's body
(县教体局局长王建国、副局长刘晓燕). Ranks (常委, 二级巡视员) and section heads (办公室主任: the body
is not named right before the title) give no LEADS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.people import load_governments, load_titles

ORG_LABELS = frozenset({"School", "University", "Authority", "Organization", "Alliance"})
# between a body and a title: 分管教学的副校长, 教学副校长, 某校的副校长
QUALIFIER = re.compile(r"(?:(?:分管|负责|主管)[^，,。、]{1,10}的|教学|德育|后勤|行政|业务|的)$")
QUALIFIER_REACH = 16
LED_BY = re.compile(r"的(?:带领|领导|引领|率领)")
# 集团理事长, 会议由联盟秘书长…主持: a title of the story's group, named by its kind word alone
GROUP_KIND_BEFORE_TITLE = re.compile(r"(?:^|(?<=[、，,：:（(\s由与和及为是]))(?:教育集团|集团|联盟|共同体|教共体)$")


@dataclass
class Role:
    """One link of a chain: the title and the body it is a title of (None when the text names no body)."""

    title: str
    body: object | None  # a Mentioned (see ingest/relations.py), or a BareGroup


BRACKETED_TITLE = re.compile(r"[（(]([^（()）]{3,30})[)）]")  # 张三（某校校长）: the body and title after the name


@dataclass
class BareGroup:
    """集团理事长, 联盟秘书长: a title of a group named by its kind word only; the caller knows which group."""

    start: int
    end: int
    key: str | None = None


class OfficialRoles:
    """Reads the chain of titles before (or the title after) each person named in a sentence."""

    def __init__(self) -> None:
        self.titles = load_titles()
        self.governments = load_governments()
        self.by_length = sorted(self.titles, key=len, reverse=True)
        self.title_forms = tuple(self.by_length)  # for str.startswith

    def __call__(self, text: str, offset: int, mentions: list, person) -> tuple[list[Role], str]:
        """The roles of `person` (a Mentioned) in sentence `text` starting at document offset `offset`, and how
        the person was named: "chain" (titles before the name), "after" (张三校长) or "" (no title)."""
        chain = self._chain_before(text, offset, mentions, person.start)
        if chain:
            return chain, "chain"
        title = self._title_at(text, person.end - offset)
        if title:
            body = self._body_ending_at(mentions, person.start)
            after = person.end - offset + len(title)
            if body is None and text.endswith("在", 0, person.start - offset) and LED_BY.match(text, after):
                body = self._body_ending_at(mentions, person.start - 1)  # 某校在张三校长的带领下
            return [Role(title, body)], "after"
        bracket = BRACKETED_TITLE.match(text, person.end - offset)  # 张三（某校校长）
        if bracket:
            inner_end = offset + bracket.end(1)
            title = next((t for t in self.by_length if text.endswith(t, 0, inner_end - offset)), None)
            body = self._body_ending_at(mentions, inner_end - len(title)) if title else None
            if body is not None:
                return [Role(title, body)], "after"
        return [], ""

    def leads(self, roles: list[Role], governments: dict[str, str] | None = None) -> list[tuple[str, str]]:
        """(entity key, title) for every role that leads a named body; a head of government named without a body
        leads the document's government of that level (`governments`: level word -> entity key, 区 -> 某区政府)."""
        out = []
        for role in roles:
            if self.titles[role.title] != "lead":
                continue
            key = role.body.key if role.body is not None else None
            if key is None and governments and role.title in self.governments:
                key = governments.get(self.governments[role.title])
            if key is not None:
                out.append((key, role.title))
        return out

    # -- reading the chain ------------------------------------------------------------
    def _chain_before(self, text: str, offset: int, mentions: list, end: int) -> list[Role]:
        roles: list[Role] = []
        pos = end - 1 if text[end - offset - 1:end - offset] in (" ", "\u3000") else end  # 局长 张三
        while True:
            local = pos - offset
            endings = [t for t in self.by_length if text.endswith(t, 0, local)]
            if not endings or self.titles[endings[0]] == "ignore":
                break
            # 雄安新区党工委副书记: the title that leaves a body before it (副书记), else the longest
            title = next((t for t in endings if self._body_ending_at(mentions, pos - len(t))), endings[0])
            title_start = pos - len(title)
            body = self._body_ending_at(mentions, title_start)
            if body is None:  # 北京市委教育工委分管日常工作的副书记: a body, what the person is in charge of, the title
                qualified = QUALIFIER.search(text, max(0, title_start - offset - QUALIFIER_REACH), title_start - offset)
                if qualified:
                    body = self._body_ending_at(mentions, offset + qualified.start())
            bare = GROUP_KIND_BEFORE_TITLE.search(text, 0, title_start - offset) if body is None else None
            if bare:
                body = BareGroup(offset + bare.start(), title_start)
            roles.append(Role(title, body))
            before = (body.start if body else title_start) - offset
            if before <= 0 or text[before - 1] != "、":
                break  # 办公室主任: a title after a word that is not a body is a section head's
            pos = offset + before - 1
        roles.reverse()
        for i, role in enumerate(roles):  # 党委书记、局长 and 党委委员、副局长: a title without a body has the body
            # before it, but a head of government not a committee's (区委常委、副区长 is the district's deputy head)
            if role.body is None and i > 0 and not (role.title in self.governments and
                                                     self.titles[roles[i - 1].title] != "lead"):
                roles[i] = Role(role.title, roles[i - 1].body)
        return roles

    def _title_at(self, text: str, local: int) -> str | None:
        return next((t for t in self.by_length if text.startswith(t, local)), None)

    @staticmethod
    def _body_ending_at(mentions: list, pos: int):
        """The outermost organisation mention that ends exactly at `pos`."""
        ending = [m for m in mentions if m.end == pos and m.label in ORG_LABELS]
        return min(ending, key=lambda m: m.start) if ending else None

