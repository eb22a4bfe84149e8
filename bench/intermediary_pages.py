"""Time the intermediary catalogue's pages at the printed size and at ten times it.

Prints p50 / p95 (ms, server side, in-process) and the SQL query count of each page, first
with the 64 printed items, then with 576 more items (two matters each) added inside a
transaction that is rolled back afterwards, so the database is left as it was.

Run: `make bench` or `DEBUG=1 .venv/bin/python bench/intermediary_pages.py [--runs N]`.
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

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from intermediary.models import (  # noqa: E402
    Department,
    IntermediaryService,
    MatterType,
    ServiceLink,
    ServiceMatter,
)

PAGES = [
    "/intermediary/",
    "/intermediary/?department=11&matter_type=行政许可&fee_basis=市场调节价",
    "/intermediary/?q=验资报告",
    "/intermediary/items/28/",
    "/intermediary/matters/",
    "/intermediary/departments/11/",
    "/data/intermediary.json",
    "/intermediary/download.csv",
    "/intermediary/download.xlsx",
]
EXTRA_ITEMS = 576


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(client: Client, runs: int, label: str) -> None:
    print(
        f"\n{label}: {IntermediaryService.objects.count()} items, {ServiceLink.objects.count()} links"
    )
    print(f"{'page':62} {'p50':>8} {'p95':>8} {'queries':>8}")
    for url in PAGES:
        client.get(url)  # warm caches and connections
        timings = []
        for _ in range(runs):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(
            f"{url:62} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} "
            f"{len(queries.captured_queries):8d}"
        )


def grow(extra: int) -> None:
    """Add `extra` items under 行政审批服务局, each serving two new matters."""
    department = Department.objects.get(order=11)
    services = IntermediaryService.objects.bulk_create(
        IntermediaryService(no=1000 + i, name=f"基准中介服务{i}", department=department)
        for i in range(extra)
    )
    matters = ServiceMatter.objects.bulk_create(
        ServiceMatter(name=f"基准事项{i}", matter_type=MatterType.values[i % 5])
        for i in range(extra * 2)
    )
    ServiceLink.objects.bulk_create(
        ServiceLink(
            service=services[i // 2],
            matter=matters[i],
            position=i % 2 + 1,
            sub_items="子项一\n子项二",
            legal_basis="《基准条例》第一条：" + "设定依据文字。" * 20,
            fee_basis="市场调节价" if i % 3 else "政府购买服务",
            time_limit="协商约定",
        )
        for i in range(extra * 2)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    client = Client()
    print(f"intermediary pages on {connection.vendor}, {args.runs} runs each (ms)")
    measure(client, args.runs, "printed catalogue")
    with transaction.atomic():
        grow(EXTRA_ITEMS)
        measure(client, max(5, args.runs // 3), "ten times the items")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
