"""Backup and restore: a round trip through an emptied database gives the same portal."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.core.serializers.base import DeserializationError

from documents.models import Document
from gazette_site.backup import database_empty
from wildlife.models import Species

pytestmark = pytest.mark.django_db

OPEN_DATA = [
    "/data/documents.json?as_of=2026-11-30",
    "/data/issues.json",
    "/data/intermediary.json?as_of=2026-11-30",
    "/data/wildlife/species.json",
    "/data/rewards/tiers.json?year=2020",
    "/rewards/ip-compensation.json?loss=1000000&business_year=1",
    "/intermediary/download.csv",
    "/intermediary/download.xlsx",
    "/pricing/surcharge.json?consecutive_years=2&month=2021-06&kwh=1000&water_m3=10",
    "/search.json?q=献血",
]


def exports(client) -> dict[str, bytes]:
    found = {}
    for url in OPEN_DATA:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        if url.endswith(".xlsx"):
            # The workbook's zip carries its own write time; the sheets are the data.
            with zipfile.ZipFile(io.BytesIO(body)) as book:
                body = b"".join(
                    book.read(name) for name in sorted(book.namelist()) if "docProps" not in name
                )
        found[url] = body
    return found


def test_backup_round_trip_through_an_emptied_database_is_byte_identical(client, tmp_path):
    clerk = User.objects.create_user("backup-clerk", password="Backup-pass-2026", is_staff=True)
    clerk.groups.add(Group.objects.get(name="野生动物数据维护员"))
    peacock = Species.objects.get(name="蓝孔雀")
    peacock.price = 850
    peacock._history_user = clerk
    peacock._change_reason = "市林业局通知调整"
    peacock.save()
    before = exports(client)
    history_before = list(peacock.history.values_list("history_id", "price", "history_user_id"))

    target = tmp_path / "gazette.json.gz"
    out = io.StringIO()
    call_command("backup", str(target), stdout=out)
    assert "已备份到" in out.getvalue() and target.stat().st_size > 10_000

    database_empty()
    assert not Document.objects.exists() and not User.objects.exists()

    call_command("restore", str(target), interactive=False, stdout=io.StringIO())
    after = exports(client)
    for url in OPEN_DATA:
        assert after[url] == before[url], url
    restored = User.objects.get(username="backup-clerk")
    assert restored.check_password("Backup-pass-2026")
    assert list(restored.groups.values_list("name", flat=True)) == ["野生动物数据维护员"]
    peacock = Species.objects.get(name="蓝孔雀")
    assert list(peacock.history.values_list("history_id", "price", "history_user_id")) == (
        history_before
    )
    assert peacock.history.earliest().history_change_reason.startswith("印刷版")
    # The search index is rebuilt from the restored data.
    assert client.get("/search.json?q=蓝孔雀").json()["total"] > 0


def test_restore_refuses_a_missing_or_misnamed_file_and_changes_nothing(tmp_path):
    count = Document.objects.count()
    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "none.json"), interactive=False)
    with pytest.raises(CommandError, match="备份文件名须以"):
        call_command("backup", str(tmp_path / "gazette.bak"))
    assert Document.objects.count() == count


def test_a_broken_backup_is_rolled_back_whole(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "documents.document", "pk": 1, "fields": {"title": 1', "utf-8")
    count = Document.objects.count()
    with pytest.raises(DeserializationError):
        call_command("restore", str(broken), interactive=False)
    assert Document.objects.count() == count
