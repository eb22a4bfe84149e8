"""Time spreadsheet imports of N rows (dry run, real import, re-import) on a throwaway database.

Run: DEBUG=1 .venv/bin/python bench/importing_rows.py [rows ...]   (default 1000 5000)
Add DATABASE_URL=postgres://... to measure on PostgreSQL (a test_ database is created).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette_site.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from documents.models import Organisation  # noqa: E402
from gazette_site.importing import GazetteResource, spreadsheet_import  # noqa: E402
from tests.importing.support import csv_bytes, upload, xlsx_bytes  # noqa: E402


class OrganisationResource(GazetteResource):
    class Meta:
        model = Organisation
        fields = ("name", "full_name", "slug")
        import_id_fields = ("name",)


def timed(label: str, rows: int, data: bytes, name: str, user, dry_run: bool) -> None:
    start = time.perf_counter()
    report = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=upload(name, data),
        user=user,
        dry_run=dry_run,
    )
    seconds = time.perf_counter() - start
    assert report.ok, report.refused or report.row_errors[:3]
    print(
        f"{connection.vendor:10} {name[-4:]:5} {rows:6} rows  {label:14} {seconds:7.2f} s"
        f"  ({rows / seconds:7.0f} rows/s)  totals={report.totals}"
    )


def main(sizes: list[int]) -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        user = User.objects.create_user("bench-clerk")
        for rows in sizes:
            for fmt in ("csv", "xlsx"):
                Organisation.objects.filter(slug__startswith="bench-").delete()
                sheet = [["名称", "全称", "网址标识"]] + [
                    [f"基准单位{i}", f"威海市基准单位{i}", f"bench-{fmt}-{i}"] for i in range(rows)
                ]
                data = csv_bytes(sheet) if fmt == "csv" else xlsx_bytes(sheet)
                name = f"bench.{fmt}"
                timed("dry run", rows, data, name, user, dry_run=True)
                timed("import", rows, data, name, user, dry_run=False)
                timed("re-import", rows, data, name, user, dry_run=False)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 5000])
