"""Time spreadsheet imports of N rows with validation and history, beside a bulk_create floor.

Run: DEBUG=1 .venv/bin/python bench/importing_rows.py [rows ...]   (default 1000 20000)
Add DATABASE_URL=postgres://... to measure on PostgreSQL (a test_ database is created).

For each size and format it prints the preview (dry run), the import, the re-import of the
same file (every row 无变化) and, as the floor, a plain ``bulk_create`` of the same rows
(no validation, no history). The table is 物种补偿标准 (wildlife.Species: a foreign key by
文号, two unique constraints, three check constraints, history), through SpeciesResource.
"""

from __future__ import annotations

import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from gazette_site.importing import spreadsheet_import  # noqa: E402
from tests.importing.support import csv_bytes, upload, xlsx_bytes  # noqa: E402
from wildlife.models import CompensationPlan, Species  # noqa: E402
from wildlife.resources import SpeciesResource  # noqa: E402

TARGET = 3000  # rows/s


def sheet(rows: int, doc_number: str) -> list[list]:
    header = [f.column_name for f in SpeciesResource().get_export_fields()]
    body = [
        [doc_number, 100 + i, f"基准物种{i:05d}", "只", 100 + i % 900, "", "", "未标注", ""]
        for i in range(rows)
    ]
    return [header, *body]


def timed(label: str, rows: int, data: bytes, name: str, user, dry_run: bool) -> float:
    start = time.perf_counter()
    report = spreadsheet_import(
        resource=SpeciesResource(), uploaded_file=upload(name, data), user=user, dry_run=dry_run
    )
    seconds = time.perf_counter() - start
    assert report.ok, report.refused or report.row_errors[:3]
    rate = rows / seconds
    print(
        f"{connection.vendor:10} {name[-4:]:5} {rows:6} rows  {label:22} {seconds:7.2f} s"
        f"  {rate:8.0f} rows/s  {'≥' if rate >= TARGET else '<'} {TARGET}"
        f"  (新增 {report.totals.new} 修改 {report.totals.update} 无变化 {report.totals.skip})"
    )
    return rate


def floor(rows: int, plan) -> float:
    objects = [
        Species(plan=plan, number=100 + i, name=f"基准物种{i:05d}", unit="只", price=Decimal(100))
        for i in range(rows)
    ]
    start = time.perf_counter()
    with transaction.atomic():
        Species.objects.bulk_create(objects, batch_size=500)
        transaction.set_rollback(True)
    seconds = time.perf_counter() - start
    print(
        f"{connection.vendor:10} {'-':5} {rows:6} rows  {'bulk_create floor':22} {seconds:7.2f} s"
        f"  {rows / seconds:8.0f} rows/s  (no validation, no history)"
    )
    return rows / seconds


def main(sizes: list[int]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        call_command("load_gazette", apps="documents,wildlife", verbosity=0)
        user = User.objects.create_user("bench-clerk")
        plan = CompensationPlan.objects.select_related("document").get()
        for rows in sizes:
            Species.objects.filter(name__startswith="基准物种").delete()
            base = floor(rows, plan)
            for fmt in ("csv", "xlsx"):
                Species.objects.filter(name__startswith="基准物种").delete()
                table = sheet(rows, plan.document.doc_number)
                data = csv_bytes(table) if fmt == "csv" else xlsx_bytes(table)
                name = f"bench.{fmt}"
                for label, dry_run in (("preview (dry run)", True), ("import", False)):
                    rate = timed(label, rows, data, name, user, dry_run=dry_run)
                    print(f"{'':10} {'':5} {'':6}       {'':22} floor ratio {base / rate:5.1f}×")
                timed("re-import (无变化)", rows, data, name, user, dry_run=False)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 20000])
