"""Regenerate data/gazetteer/regions.tsv from jionlp's table of China's administrative divisions.

Run once by a maintainer (`python -m ingest.make_gazetteer`); the build reads only the TSV,
so jionlp is not needed at run time for regions.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "regions.tsv"
TOWN_SUFFIXES = ("镇", "乡", "街道")


def _alias(data: dict) -> str:
    """jionlp gives an alias as a string or a list; the TSV keeps them joined by '|'.

    Autonomous prefectures and counties also get the everyday form (凉山彝族自治州 -> 凉山州)."""
    alias = data.get("_alias") or ""
    aliases = list(alias) if isinstance(alias, list) else [alias] if alias else []
    full = data.get("_full_name") or ""
    for ending, short in (("自治州", "州"), ("自治县", "县")):
        if full.endswith(ending) and aliases and aliases[0] + short != full:
            aliases.append(aliases[0] + short)
    return "|".join(aliases)


def rows() -> list[tuple[str, str, str, str, str]]:
    """Yield (name, alias, level, parent, code) for provinces, cities, counties and towns."""
    import jionlp

    table = jionlp.china_location_loader(detail=True)
    out = []
    for prov, pdata in table.items():
        out.append((prov, _alias(pdata), "province", "", pdata.get("_admin_code") or ""))
        for city, cdata in pdata.items():
            if city.startswith("_"):
                continue
            if city != prov:  # municipalities repeat themselves as their own city
                out.append((city, _alias(cdata), "city", prov, cdata.get("_admin_code") or ""))
            city_parent = city
            for county, kdata in cdata.items():
                if county.startswith("_") or not isinstance(kdata, dict):
                    continue
                out.append((county, _alias(kdata), "district", city_parent, kdata.get("_admin_code") or ""))
                for town in kdata:
                    if town.startswith("_") or not town.endswith(TOWN_SUFFIXES):
                        continue
                    out.append((town, "", "town", county, ""))
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n")
        writer.writerow(["name", "alias", "level", "parent", "code"])
        writer.writerows(rows())
    tmp.replace(OUT)
    print(f"wrote {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
