"""Time spreadsheet imports of N rows with validation and history, beside a bulk_create floor.

Run: DEBUG=1 .venv/bin/python bench/importing_rows.py [rows ...]   (default 1000 20000)
Add DATABASE_URL=postgres://... to measure on PostgreSQL (a test_ database is created).

``--gunicorn [rows]`` (default 20000) instead serves the portal with gunicorn (one sync
worker, its default 30 s timeout, DEBUG off) on a fresh database (SQLite in a temporary
folder, or the DATABASE_URL given, which is migrated and loaded) and sends the admin
import of a file of that many rows as a browser does: upload and preview, then confirm.
It prints the status and time of each request; a worker killed by the timeout shows as
a 500/502 or a dropped connection. A file above ``IMPORT_BACKGROUND_ROWS`` goes to the
background worker (``manage.py db_worker``, started beside gunicorn): the upload answers
with the job page, which is reloaded every 2 s as the browser does until the preview (and
then the import) is done; the time until then is printed too.

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
    # As in production: DEBUG would also log (and format) every bulk INSERT.
    setup_test_environment(debug=False)
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


def through_gunicorn(rows: int, port: int = 8191) -> None:
    import http.cookiejar
    import re
    import shutil
    import subprocess
    import tempfile
    import urllib.error
    import urllib.request
    import uuid

    root = Path(__file__).resolve().parent.parent
    folder = Path(tempfile.mkdtemp(prefix="gazette-gunicorn-"))
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: cookies marked Secure would never come back.
        "SECURE_COOKIES": "0",
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{folder / 'db.sqlite3'}",
    }
    python = str(root / ".venv" / "bin" / "python")

    def manage(*args: str, **kwargs) -> None:
        subprocess.run([python, "manage.py", *args], cwd=root, env=env, check=True, **kwargs)

    manage("migrate", "--noinput", "-v0")
    manage("load_gazette", "--apps", "documents,wildlife", "-v0", stdout=subprocess.DEVNULL)
    manage("collectstatic", "--noinput", "-v0")
    password = uuid.uuid4().hex
    manage(
        "shell",
        "-c",
        "from django.contrib.auth.models import User; from wildlife.models import Species;"
        "Species.objects.filter(name__startswith='基准物种').delete();"
        "User.objects.filter(username='bench').delete();"
        f"User.objects.create_superuser('bench', password='{password}')",
    )
    server = subprocess.Popen(
        [str(root / ".venv" / "bin" / "gunicorn"), "gazette_site.wsgi", "-b", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = subprocess.Popen(
        [python, "manage.py", "db_worker", "--no-reload", "--interval", "0.5", "-v0"],
        cwd=root,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf() -> str:
        return next(c.value for c in jar if c.name == "csrftoken")

    def send(label: str, url: str, body: bytes, content_type: str):
        request = urllib.request.Request(
            base + url,
            data=body,
            headers={"Content-Type": content_type, "Referer": base + url},
        )
        start = time.perf_counter()
        try:
            response = opener.open(request, timeout=120)
            status, page = response.status, response.read().decode()
            landed = response.geturl()
        except urllib.error.HTTPError as error:
            status, page = error.code, error.read().decode(errors="replace")
            landed = base + url
        seconds = time.perf_counter() - start
        print(
            f"gunicorn {env['DATABASE_URL'].split(':')[0]:8} {rows:6} rows  {label:18}"
            f" HTTP {status}  {seconds:6.2f} s"
        )
        if "/import/job/" in landed:
            page = follow(label, landed, start)
        return status, page

    def follow(label: str, url: str, start: float) -> str:
        slowest, answers = 0.0, set()
        while True:
            asked = time.perf_counter()
            try:
                response = opener.open(url, timeout=120)
                answers.add(response.status)
                page = response.read().decode()
            except urllib.error.HTTPError as error:
                answers.add(error.code)
                page = ""
            slowest = max(slowest, time.perf_counter() - asked)
            if 'http-equiv="refresh"' not in page:
                break
            time.sleep(2)
        print(
            f"{'':8} {'':8} {'':6}       {label + ' (worker)':18} done after"
            f" {time.perf_counter() - start:6.2f} s; job page HTTP {sorted(answers)},"
            f" slowest {slowest:.2f} s"
        )
        return page

    try:
        for _ in range(100):
            try:
                opener.open(base + "/admin/login/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        form = f"csrfmiddlewaretoken={csrf()}&username=bench&password={password}&next=/admin/"
        send("login", "/admin/login/", form.encode(), "application/x-www-form-urlencoded")
        doc_number = "威政办字〔2020〕50号"
        data = csv_bytes(sheet(rows, doc_number))
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f'{csrf()}\r\n--{boundary}\r\nContent-Disposition: form-data; name="import_file";'
                f' filename="bench.csv"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, page = send(
            "upload + preview",
            "/admin/wildlife/species/import/",
            body,
            f"multipart/form-data; boundary={boundary}",
        )
        summary = re.search(r'id="import-summary">(.*?)</p>', page, re.S)
        print("  ", re.sub(r"<[^>]+>", "", summary.group(1)) if summary else page[:300])
        token = re.search(r'name="token" value="([^"]+)"', page)
        if token:
            form = f"csrfmiddlewaretoken={csrf()}&token={token.group(1)}"
            send(
                "confirm",
                "/admin/wildlife/species/process_import/",
                form.encode(),
                "application/x-www-form-urlencoded",
            )
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        server.terminate()
        _, errors = server.communicate(timeout=30)
        timeouts = [line for line in errors.splitlines() if "TIMEOUT" in line or "Error" in line]
        print("   gunicorn log:", timeouts or "no worker timeout, no error")
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if arguments[:1] == ["--gunicorn"]:
        through_gunicorn(int(arguments[1]) if len(arguments) > 1 else 20000)
    else:
        main([int(a) for a in arguments] or [1000, 20000])
