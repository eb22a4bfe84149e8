"""Time the portal's main pages in-process and print p50 / p95 and SQL query counts.

Run: `make bench` (all benchmarks) or `DEBUG=1 .venv/bin/python bench/pages.py [--runs N]`.
Uses the database of the environment (DATABASE_URL, else the project's SQLite file),
which must hold the fixtures (`make data`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/",
    "/issues/2020/8/",
    "/documents/",
    "/documents/wzf-2020-7/",
    "/documents/wzz-2020-49/",
    "/documents/wzbz-2020-48/",
    "/organisations/市卫生健康委/",
    "/data/documents.json",
    "/data/issues.json",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, round(q * (len(ordered) - 1)))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    client = Client()
    print(f"pages: {connection.vendor}, {args.runs} runs each (ms, server side, in-process)")
    print(f"{'page':40} {'p50':>8} {'p95':>8} {'queries':>8}")
    for url in PAGES:
        client.get(url)  # warm caches and connections
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{url:40} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} "
            f"{len(queries.captured_queries):8d}"
        )


if __name__ == "__main__":
    main()
