"""Large files go to the background worker: progress, preview, confirm, errors, in admin.

The worker is the real one (`manage.py db_worker --batch`, the django-tasks database
backend): the admin queues a task in the database, the command takes it from there.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from gazette_site.models import ImportJob
from tests.importing.support import csv_bytes
from tests.importing.test_scaling import HEADERS, species_sheet
from wildlife.models import CompensationPlan, Species

IMPORT_URL = "/admin/wildlife/species/import/"
CONFIRM_URL = "/admin/wildlife/species/process_import/"
ROWS = 60


def run_worker() -> None:
    call_command(
        "db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0
    )


@pytest.fixture
def clerk_client(transactional_db, client, settings):
    # The threshold is lowered so that a small file takes the background path.
    settings.IMPORT_BACKGROUND_ROWS = ROWS - 1
    call_command("load_gazette", apps="documents,wildlife", verbosity=0)
    clerk = User.objects.create_superuser("bulk-clerk")
    client.force_login(clerk)
    return client


def doc_number() -> str:
    return CompensationPlan.objects.select_related("document").get().document.doc_number


def upload(client, data: bytes, name: str = "大文件.csv"):
    return client.post(IMPORT_URL, {"import_file": SimpleUploadedFile(name, data)})


def test_a_large_file_is_previewed_and_imported_by_the_worker(clerk_client):
    before = Species.objects.count()
    response = upload(clerk_client, species_sheet(doc_number(), ROWS))
    assert response.status_code == 302
    job_url = response["Location"]
    assert re.fullmatch(r"/admin/wildlife/species/import/job/\d+/", job_url)

    waiting = clerk_client.get(job_url)
    page = waiting.content.decode()
    assert "排队等待" in page and f"已检查 0 / {ROWS} 行" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert Species.objects.count() == before

    run_worker()
    preview = clerk_client.get(job_url).content.decode()
    assert f"共 {ROWS} 行数据：新增 {ROWS} 行，修改 0 行" in preview
    assert "尚未保存" in preview and 'http-equiv="refresh"' not in preview
    assert Species.objects.count() == before
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)

    confirmed = clerk_client.post(CONFIRM_URL, {"token": token})
    assert confirmed.status_code == 302 and confirmed["Location"] == job_url
    # A second click on 确认导入 queues nothing more.
    again = clerk_client.post(CONFIRM_URL, {"token": token}, follow=True)
    assert "这份预览已经确认过" in again.content.decode()

    run_worker()
    done = clerk_client.get(job_url).content.decode()
    assert f"已导入“大文件.csv”：新增 {ROWS} 行，修改 0 行，无变化 0 行。" in done
    assert f"已检查 {ROWS} / {ROWS} 行（100%）" in done
    assert Species.objects.count() == before + ROWS
    added = Species.objects.get(name="测试物种00100")
    first = added.history.earliest()
    assert first.history_change_reason == "表格导入：大文件.csv"
    assert first.history_user.username == "bulk-clerk"
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and not job.dry_run
    assert bytes(job.data) == b""  # the file is not kept once saved


def test_a_bad_large_file_lists_every_bad_row_and_saves_nothing(clerk_client):
    body = [
        [doc_number(), 100 + i, f"坏物种{i:03d}", "只", 100, "", "", "未标注", ""]
        for i in range(ROWS)
    ]
    body[9][4] = "八百"
    body[41][1] = "x"
    before = Species.objects.count()
    job_url = upload(clerk_client, csv_bytes([HEADERS, *body]), "坏文件.csv")["Location"]
    run_worker()
    page = clerk_client.get(job_url).content.decode()
    assert "文件“坏文件.csv”中有 2 处错误，<strong>没有保存任何数据</strong>" in page
    assert "第11行" in page and "价格（元）" in page
    assert "第43行" in page and "序号" in page
    assert 'name="token"' not in page
    assert Species.objects.count() == before


def test_only_the_clerk_who_uploaded_sees_the_job(clerk_client):
    job_url = upload(clerk_client, species_sheet(doc_number(), ROWS))["Location"]
    other = User.objects.create_user("other-clerk", is_staff=True)
    other.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_species", "import_species"])
    )
    client = Client()
    client.force_login(other)
    assert client.get(IMPORT_URL).status_code == 200
    assert client.get(job_url).status_code == 404
    listing = client.get("/admin/gazette_site/importjob/")
    assert listing.status_code == 200
    assert "导入任务" in listing.content.decode()
    assert "大文件.csv" not in listing.content.decode()
    # The clerk who uploaded finds the job, its progress and its page in the list.
    mine = clerk_client.get("/admin/gazette_site/importjob/").content.decode()
    assert "大文件.csv" in mine and f"0 / {ROWS} 行（0%）" in mine and "排队等待" in mine


def test_a_small_file_stays_within_the_request(clerk_client, settings):
    settings.IMPORT_BACKGROUND_ROWS = ROWS
    response = upload(clerk_client, species_sheet(doc_number(), ROWS))
    assert response.status_code == 200
    assert f"共 {ROWS} 行数据：新增 {ROWS} 行" in response.content.decode()
    assert not ImportJob.objects.exists()
