"""A large synthetic corpus in the style of the real reports, for ingest benchmarks.

Every file's first line says it is synthetic. Sentences come from templates like the reports'
(bureaus and schools with region prefixes, 结对帮扶, 共建, 举办…会议, 实施…工程, figures, dates, caption
blocks), filled with invented school names and real region names from data/gazetteer/regions.tsv.
Seeded: the same seed and size give the same files. Never written into data/corpus.

    python benchmarks/synth_corpus.py OUT_DIR --mb 20 [--seed 8]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "【合成测试语料 SYNTHETIC TEST TEXT：由 benchmarks/synth_corpus.py 生成（seed {seed}），不是真实报告】"
GIVEN = "阳光实验育才新华朝阳启明博文红星明德光明东风和平胜利建设友谊春晖桃李文昌振华崇文尚德青云翠屏紫薇"
SCHOOL_SUFFIXES = ("小学", "中学", "实验学校", "第一中学", "第二小学", "幼儿园", "职业中专", "外国语学校")
TOPICS = ("基础教育", "集团化办学", "教研协作", "思政课一体化", "课后服务", "劳动教育", "智慧教育", "心理健康教育",
          "学前教育", "职业教育", "教师队伍建设", "体育美育")
EVENTS = ("研讨会", "推进会", "交流会", "论坛", "现场会", "培训会", "展示活动")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
FILLER = (
    "全系统紧扣高质量发展要求，持续深化教育综合改革，推动优质教育资源共建共享。",
    "各校坚持立德树人根本任务，落实“双减”政策，课堂教学质量稳步提升。",
    "下一步，将进一步完善协同机制，扩大合作范围，提升区域教育整体水平。",
    "通过跨区域协作，教师专业发展渠道不断拓宽，学生综合素质持续提高。",
    "坚持问题导向和目标导向，统筹推进义务教育优质均衡发展。",
)


def load_regions() -> list[tuple[str, str]]:
    """(district, its city or province) pairs from the gazetteer."""
    with (ROOT / "data" / "gazetteer" / "regions.tsv").open(encoding="utf-8") as fh:
        return [(r["name"], r["parent"]) for r in csv.DictReader(fh, delimiter="\t")
                if r["level"] == "district" and r["parent"]]


class Writer:
    """Invented organisations in real districts, and report text about them."""

    def __init__(self, seed: int, districts: int = 120) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.regions = self.rng.sample(load_regions(), districts)
        self.schools = {d: [f"{d}{self._given()}{self.rng.choice(SCHOOL_SUFFIXES)}" for _ in range(12)]
                        for d, _ in self.regions}

    def _given(self) -> str:
        return "".join(self.rng.sample(GIVEN, 2))

    def _date(self) -> str:
        return f"{self.rng.randint(2019, 2025)}年{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日"

    def sentence(self, home: tuple[str, str]) -> str:
        r = self.rng
        district, city = home
        other, _ = r.choice(self.regions)
        s1, s2, s3 = r.choice(self.schools[district]), r.choice(self.schools[other]), r.choice(self.schools[other])
        topic, event = r.choice(TOPICS), r.choice(EVENTS)
        person = r.choice(SURNAMES) + self._given()
        return r.choice((
            f"{self._date()}，{district}教育局与{other}教育局签署{topic}合作协议，{s1}与{s2}结对帮扶。",
            f"{s1}与{s2}、{s3}建立共建关系，双方在课程建设、教师培训等方面开展深度合作。",
            f"{self._date()}，{district}教育局在{s1}召开第{r.randint(2, 9)}届{district}{topic}{event}，"
            f"{s2}作典型发言。",
            f"{district}教育局举办{city}{topic}{event}，来自{district}、{other}的{r.randint(12, 80)}所学校参加。",
            f"{district}教育局实施“{self._given()}{topic}”工程，新增学位{r.randint(500, 20000)}个，"
            f"建成{r.randint(3, 30)}个基础教育共同体。",
            f"{s1}加入{district}{topic}教育联盟，成为联盟成员校。",
            f"{s1}牵头成立{district}{topic}教育集团，{s2}、{s3}为成员校。",
            f"{district}教育局党委书记{person}带队赴{other}开展交流，与{s2}进行座谈。",
            f"{self._date()}，{s1}组织开展“{topic}”主题研学活动，{r.randint(100, 900)}名师生参加。",
            r.choice(FILLER),
        ))

    def caption(self, home: tuple[str, str]) -> str:
        district, _ = home
        other, _ = self.rng.choice(self.regions)
        return (f"{district}{self.rng.choice(TOPICS)}{self.rng.choice(EVENTS)}\n主办单位 {district}教育局\n"
                f"承办单位 {self.rng.choice(self.schools[district])} {self.rng.choice(self.schools[other])}\n"
                f"{self._date()}\n")

    def document(self, size: int) -> str:
        """One report of about `size` characters about a random district."""
        home = self.rng.choice(self.regions)
        topic = self.rng.choice(TOPICS)
        lines = [MARK.format(seed=self.seed), "", f"# {home[0]}教育局关于{topic}工作情况的报告", ""]
        length = 0
        while length < size:
            if self.rng.random() < 0.08:
                paragraph = self.caption(home)
            else:
                paragraph = "".join(self.sentence(home) for _ in range(self.rng.randint(3, 7)))
            lines.append(paragraph)
            length += len(paragraph)
        return "\n".join(lines) + "\n"


def write_corpus(out: Path | None = None, mb: float = 3.0, seed: int = 8, doc_chars: int = 6000) -> Path:
    """Write about `mb` MB (UTF-8) of synthetic reports into `out` (default: a new temporary folder)."""
    out = Path(out) if out else Path(tempfile.mkdtemp(prefix="synth_corpus_"))
    if (ROOT / "data" / "corpus").resolve() in [out.resolve(), *out.resolve().parents]:
        raise SystemExit("refusing to write synthetic text into data/corpus")
    out.mkdir(parents=True, exist_ok=True)
    writer, total, i = Writer(seed), 0, 0
    while total < mb * 1_000_000:
        text = writer.document(int(doc_chars * writer.rng.uniform(0.5, 1.5)))
        (out / f"synth_{seed}_{i:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus of report-style text.")
    parser.add_argument("out", nargs="?", help="folder (default: a new temporary folder)")
    parser.add_argument("--mb", type=float, default=3.0, help="size in MB (default 3)")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args(argv)
    print(write_corpus(Path(args.out) if args.out else None, args.mb, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
