"""Big files and busy tables: no write lock while previewing, one import at a time, all errors.

These tests run on both databases (SQLite's in-memory test database is shared between
the test's threads in shared-cache mode, where a held write lock fails a second writer
at once; PostgreSQL runs them as it runs production).
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connections

from gazette_site.importing import spreadsheet_import
from tests.importing.support import csv_bytes, upload
from wildlife.models import CompensationPlan, Species
from wildlife.resources import SpeciesResource

HEADERS = [f.column_name for f in SpeciesResource().get_export_fields()]
WAIT = 120  # seconds; generous, the machine running the tests may be busy


def species_sheet(doc_number: str, rows: int, start: int = 100) -> bytes:
    body = [
        [
            doc_number,
            start + i,
            f"测试物种{start + i:05d}",
            "只",
            100 + i % 50,
            "",
            "",
            "未标注",
            "",
        ]
        for i in range(rows)
    ]
    return csv_bytes([HEADERS, *body])


def in_thread(target):
    """Run ``target`` in a thread with its own database connection; return (thread, outcome)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = target()
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.fixture
def loaded(transactional_db):
    call_command("load_gazette", apps="documents,wildlife", verbosity=0)
    plan = CompensationPlan.objects.select_related("document").get()
    clerks = [User.objects.create_user(f"clerk-{n}") for n in (1, 2)]
    return plan.document.doc_number, clerks


def test_another_clerk_saves_while_a_5000_row_file_is_previewed(loaded, monkeypatch):
    doc_number, (clerk, other) = loaded
    midway, saved = threading.Event(), threading.Event()
    original = SpeciesResource.import_row

    def import_row(self, row, instance_loader, **kwargs):
        if kwargs["row_number"] == 2500:
            midway.set()
            saved.wait(WAIT)
        return original(self, row, instance_loader, **kwargs)

    monkeypatch.setattr(SpeciesResource, "import_row", import_row)
    thread, outcome = in_thread(
        lambda: spreadsheet_import(
            resource=SpeciesResource(),
            uploaded_file=upload("五千行.csv", species_sheet(doc_number, 5000)),
            user=clerk,
            dry_run=True,
        )
    )
    try:
        assert midway.wait(WAIT), outcome
        # Half-way through the preview, another clerk saves a species of the same table.
        porcupine = Species.objects.get(name="豪猪")
        porcupine.price = Decimal("900")
        porcupine._history_user = other
        porcupine.save()
    finally:
        saved.set()
        thread.join(WAIT)
    assert "error" not in outcome, outcome
    report = outcome["value"]
    assert report.ok and report.totals.new == 5000
    assert Species.objects.get(name="豪猪").price == Decimal("900")
    assert not Species.objects.filter(name__startswith="测试物种").exists()


def test_a_second_clerk_importing_the_same_table_is_told_in_chinese(loaded, monkeypatch):
    doc_number, (first, second) = loaded
    writing, release = threading.Event(), threading.Event()
    original = SpeciesResource.persist

    def persist(self, **kwargs):
        original(self, **kwargs)
        writing.set()
        release.wait(WAIT)

    monkeypatch.setattr(SpeciesResource, "persist", persist)
    thread, outcome = in_thread(
        lambda: spreadsheet_import(
            resource=SpeciesResource(),
            uploaded_file=upload("甲.csv", species_sheet(doc_number, 300)),
            user=first,
            dry_run=False,
        )
    )
    try:
        assert writing.wait(WAIT), outcome
        monkeypatch.setattr(SpeciesResource, "persist", original)
        report = spreadsheet_import(
            resource=SpeciesResource(),
            uploaded_file=upload("乙.csv", species_sheet(doc_number, 300, start=1000)),
            user=second,
            dry_run=False,
        )
    finally:
        release.set()
        thread.join(WAIT)
    assert not report.ok and not report.row_errors
    assert report.refused.startswith("另一位工作人员正在导入或保存“物种补偿标准”")
    assert "没有保存任何数据" in report.refused
    assert "OperationalError" not in report.refused
    assert outcome["value"].ok
    assert Species.objects.filter(name__startswith="测试物种").count() == 300


@pytest.mark.django_db
def test_a_bad_row_lists_all_its_errors(django_user_model):
    clerk = django_user_model.objects.create_user("all-errors")
    data = csv_bytes(
        [
            HEADERS,
            ["威政办字〔2020〕99号", "x", "新物种", "头", "abc", "", "", "未标注", "也许"],
        ]
    )
    report = spreadsheet_import(
        resource=SpeciesResource(), uploaded_file=upload("错.csv", data), user=clerk, dry_run=True
    )
    columns = {e.column for e in report.row_errors if e.row == 2}
    # The unknown 文号 (a key column) does not hide the other bad cells of the row.
    assert {"工作方案文号", "序号", "单位", "价格（元）", "国家重点保护野生动物"} <= columns


def test_a_large_import_starts_one_new_data_version_not_one_per_row(loaded):
    from gazette_site.models import DataVersion

    doc_number, (clerk, _) = loaded
    before = DataVersion.objects.get()
    report = spreadsheet_import(
        resource=SpeciesResource(),
        uploaded_file=upload("一千行.csv", species_sheet(doc_number, 1000)),
        user=clerk,
        dry_run=False,
    )
    assert report.ok and report.totals.new == 1000
    after = DataVersion.objects.get()
    # Cached public pages see the new version (and so the new rows) ...
    assert after.token != before.token
    # ... which the import started once (the search index refresh may start one more).
    assert 1 <= after.counter - before.counter <= 2
