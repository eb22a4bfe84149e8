"""Measure how well search answers realistic queries on the real gazette.

    python bench/relevance.py              # the current search and the one before, side by side
    python bench/relevance.py --only after # or: --only before
    python bench/relevance.py --misses     # also list the queries whose answer is not in the top 3

The judged queries are in bench/relevance_queries.json: for each, the result URLs that
answer it (a document, or a dataset's page); an empty list means the gazette does not
cover the subject and the right answer is no results. For each query the search's
results (grouped by document, first page) are read in order: the reciprocal rank of the
first right one (1, 1/2, 1/3, …; 0 if none) gives the MRR, and "top 3" is the share of
queries with a right result among the first three. A query whose right answer is no
results scores 1 when nothing is found and 0 otherwise.

"before" is the search as it was: the query as typed only (`selectors.search(legacy=True)`),
with no reading word by word, no synonyms and no short numbers. It runs on the database of
DATABASE_URL (the portal's db.sqlite3 by default), which must hold the gazette
(`manage.py load_gazette`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "bench" / "relevance_queries.json"


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def reciprocal_rank(found: list[str], right: list[str]) -> float:
    """1/rank of the first right result; for "no results" queries, 1 if nothing was found."""
    if not right:
        return 0.0 if found else 1.0
    for rank, url in enumerate(found, start=1):
        if url in right:
            return 1.0 / rank
    return 0.0


def answers(q: str, *, legacy: bool) -> list[str]:
    """The result URLs of the first page, in order."""
    from django.http import QueryDict

    from gazette_site.http import BadInput
    from search import selectors

    params = QueryDict(mutable=True)
    params["q"] = q
    try:
        results = selectors.search(params, legacy=legacy)
    except BadInput:
        return []
    return [document.url for document in results.documents]


def measure(queries: list[dict], *, legacy: bool) -> list[dict]:
    rows = []
    for item in queries:
        found = answers(item["q"], legacy=legacy)
        rr = reciprocal_rank(found, item["right"])
        in_top3 = rr >= 1 / 3 if item["right"] else rr == 1.0
        rows.append({**item, "found": found[:5], "rr": rr, "top3": in_top3})
    return rows


def summary(rows: list[dict]) -> tuple[float, float]:
    return (
        sum(r["rr"] for r in rows) / len(rows),
        sum(r["top3"] for r in rows) / len(rows),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["before", "after"])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args(argv)
    _setup()
    queries = json.loads(QUERIES.read_text())["queries"]
    runs = {}
    for name in ("before", "after"):
        if args.only in (None, name):
            runs[name] = measure(queries, legacy=name == "before")
    print(f"# 搜索相关度：{len(queries)} 个评判过的查询（bench/relevance_queries.json）")
    print()
    header = "| 类型 | 查询数 |" + "".join(f" {n} MRR | {n} 前3 |" for n in runs)
    print(header)
    print("|---|---:|" + "---:|---:|" * len(runs))
    types: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(queries):
        types[item["type"]].append(index)
    for kind, indexes in [*types.items(), ("合计", list(range(len(queries))))]:
        cells = ""
        for rows in runs.values():
            mrr, top3 = summary([rows[i] for i in indexes])
            cells += f" {mrr:.3f} | {top3:.3f} |"
        print(f"| {kind} | {len(indexes)} |{cells}")
    if args.misses:
        for name, rows in runs.items():
            print()
            print(f"## {name}: 前3 里没有正确答案的查询")
            for row in rows:
                if not row["top3"]:
                    print(f"- {row['q']}（{row['type']}）→ {row['found'] or '无结果'}")


if __name__ == "__main__":
    main()
