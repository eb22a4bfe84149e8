"""Server time of every public page, in-process, at the fixtures' 12 documents and at 10,000.

Run: `DATABASE_URL=postgres://… .venv/bin/python bench/pages.py` (the database must hold the
fixtures: `make data`). It measures each page as it is (12 documents), then adds the synthetic
corpus (`manage.py generate_search_corpus --no-index`, 10,000 documents made from the real
text), measures again and deletes the corpus (`--keep` leaves it). Settings are production's
(DEBUG off) with the page cache in this process's memory; "uncached" empties the cache before
each request (the first request after an edit), "cached" is the next one.
The search page is left out: bench/search.py measures it with its index.
Target: uncached p95 <= 100 ms for every page at 10,000 documents.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "ERROR")  # the 400s of pages past the end are expected
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from documents.models import Document  # noqa: E402
from intermediary.models import ServiceMatter  # noqa: E402

TARGET_MS = 100


def pages() -> list[str]:
    matter = ServiceMatter.objects.order_by("pk").values_list("pk", flat=True).first()
    return [
        "/",
        "/issues/",
        "/issues/2020/8/",
        "/documents/",
        "/documents/?page=100",
        "/documents/wzf-2020-7/",
        "/documents/wzz-2020-49/",
        "/documents/wzbz-2020-48/",
        "/organisations/",
        "/organisations/市卫生健康委/",
        "/data/documents.json",
        "/data/documents.json?page=100&limit=100",
        "/data/issues.json",
        "/blood-donation/?as_of=2023-01-01",
        "/blood-donation/entitlement.json?as_of=2023-01-01&donations=2021-01-01:400",
        "/intermediary/",
        "/intermediary/items/1/",
        "/intermediary/matters/",
        f"/intermediary/matters/{matter}/",
        "/intermediary/departments/1/",
        "/data/intermediary.json",
        "/wildlife/",
        "/wildlife/calculator/?species_1=刺猬&quantity_1=2",
        "/wildlife/public-list/",
        "/wildlife/reports/",
        "/wildlife/compensation.json?items=蓝孔雀:10",
        "/data/wildlife/species.json",
        "/pricing/",
        "/pricing/calculator/?consecutive_years=3&month=2021-06&kwh=20000&water_m3=800",
        "/pricing/class-d/",
        "/pricing/surcharge.json?consecutive_years=3&month=2021-06&kwh=20000&water_m3=800",
        "/rewards/",
        "/rewards/schemes/2020/",
        "/rewards/eligibility/?applicant=local&sector=bank&level=legal_entity&operating_years=1",
        "/rewards/roster/",
        "/rewards/ip-compensation/?loss=100&business_year=1",
        "/data/rewards/tiers.json?year=2020",
    ]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(runs: int) -> list[tuple[str, float, float, float, int, int]]:
    client = Client()
    rows = []
    for url in pages():
        cache.clear()
        client.get(url)  # warm connections and templates
        uncached, cached = [], []
        for _ in range(runs):
            cache.clear()
            start = time.perf_counter()
            response = client.get(url)
            uncached.append((time.perf_counter() - start) * 1000)
            if response.status_code == 400 and "page=" in url:
                break  # fewer pages than that at this size
            assert response.status_code == 200, (url, response.status_code)
            start = time.perf_counter()
            client.get(url)
            cached.append((time.perf_counter() - start) * 1000)
        if not cached:
            continue
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        rows.append(
            (
                url,
                statistics.median(uncached),
                percentile(uncached, 0.95),
                statistics.median(cached),
                len(queries.captured_queries),
                len(response.content),
            )
        )
    return rows


def report(label: str, rows) -> int:
    print(f"\n{label}: {connection.vendor}, server time in ms (in-process, DEBUG off)")
    print(f"{'page':58} {'p50':>7} {'p95':>7} {'cached':>7} {'queries':>7} {'KB':>6}")
    missed = 0
    for url, p50, p95, hit, queries, size in rows:
        flag = "" if p95 <= TARGET_MS else "  > target"
        missed += p95 > TARGET_MS
        print(f"{url:58} {p50:7.1f} {p95:7.1f} {hit:7.2f} {queries:7d} {size / 1024:6.1f}{flag}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--keep", action="store_true", help="leave the synthetic corpus")
    args = parser.parse_args()
    call_command("generate_search_corpus", delete=True, no_index=True, verbosity=0)
    missed = report(f"{Document.objects.count()} documents", measure(args.runs))
    started = time.perf_counter()
    call_command("generate_search_corpus", documents=args.documents, no_index=True, verbosity=0)
    print(f"\n(corpus generated in {time.perf_counter() - started:.0f} s)")
    try:
        missed += report(f"{Document.objects.count()} documents", measure(args.runs))
    finally:
        if not args.keep:
            call_command("generate_search_corpus", delete=True, no_index=True, verbosity=0)
    print(f"\ntarget: p95 <= {TARGET_MS} ms uncached; pages over it: {missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
