"""`manage.py ingest` on the 2020-08 text and on variants of it, and on files it cannot read."""

import io
import json
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from documents.ingest import parse_bytes, parse_text
from gazette_text import TextError

SOURCE = Path(settings.GAZETTE_SOURCE)
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "documents" / "10_issue_2020_08.json"


def run_ingest(path, *args) -> dict:
    out = io.StringIO()
    call_command("ingest", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def summary(data: dict) -> list[tuple]:
    return [
        (
            d["doc_number"],
            d["title"],
            d["signed_date"],
            d["effective_from"],
            d["effective_to"],
            d["articles"],
            d["chapters"],
            d["items"],
            d["registration_no"],
            tuple(d["issuers"]),
            tuple((a["title"], a["rows"]) for a in d["attachments"]),
            tuple(d["repeals"]),
        )
        for d in data["documents"]
    ]


@pytest.fixture(scope="module")
def published():
    """The 12 documents of the published fixture: number, title, dates, article count."""
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    documents = [
        r["fields"]
        for r in records
        if r["model"] == "documents.document" and not r["fields"]["is_stub"]
    ]
    articles = {}
    for r in records:
        if r["model"] == "documents.provision" and r["fields"]["kind"] == "article":
            key = r["fields"]["document"][0]
            articles[key] = articles.get(key, 0) + 1
    return [
        (
            d["doc_number"],
            d["title"],
            d["signed_date"],
            d["effective_from"],
            d["effective_to"],
            articles.get(d["doc_number"], 0),
        )
        for d in sorted(documents, key=lambda d: d["position"])
    ]


@pytest.fixture(scope="module")
def plain():
    return parse_bytes(SOURCE.read_bytes()).data


def test_ingest_reads_the_issue_as_published(tmp_path, published):
    data = run_ingest(SOURCE, "--dry-run")
    assert data["issue"]["year"] == 2020
    assert data["issue"]["number"] == 8
    assert data["issue"]["cumulative"] == 144
    assert len(data["issue"]["contents"]) == 12
    assert len(data["documents"]) == 12
    read = [
        (
            d["doc_number"],
            d["title"],
            d["signed_date"],
            d["effective_from"],
            d["effective_to"],
            d["articles"],
        )
        for d in data["documents"]
    ]
    assert read == published
    assert not data["problems"]


def test_the_blood_donation_measure_in_detail(plain):
    doc = next(d for d in plain["documents"] if d["doc_number"] == "威政发〔2020〕7号")
    assert (doc["chapters"], doc["articles"], doc["items"]) == (5, 30, 0)
    assert doc["effective_from"] == "2020-11-01"
    assert doc["effective_to"] == "2025-10-31"
    intermediary = next(d for d in plain["documents"] if d["doc_number"] == "威政字〔2020〕49号")
    assert intermediary["repeals"] == ["威政字〔2018〕40号"]
    assert intermediary["attachments"][0]["title"] == "威海市市级政务服务事项中介服务项目清单"


def _with_running_heads(text: str) -> str:
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, start=1):
        out.append(line)
        if number % 97 == 0:
            page = number // 97 + 2
            out += [f"— {page} —", "威海市人民政府公报 2020年第8期", f"·{page}·"]
    return "\n".join(out)


@pytest.mark.parametrize(
    "variant",
    ["gb18030", "crlf", "full_width_indents", "running_heads", "all_at_once"],
)
def test_variants_of_the_text_read_the_same(tmp_path, plain, variant):
    text = SOURCE.read_text(encoding="utf-8")
    indented = "\n".join("\u3000\u3000" + ln if ln.strip() else ln for ln in text.split("\n"))
    data = {
        "gb18030": text.encode("gb18030"),
        "crlf": text.replace("\n", "\r\n").encode("utf-8"),
        "full_width_indents": indented.encode("utf-8"),
        "running_heads": _with_running_heads(text).encode("utf-8"),
        "all_at_once": _with_running_heads(indented).replace("\n", "\r\n").encode("gb18030"),
    }[variant]
    path = tmp_path / "issue.txt"
    path.write_bytes(data)
    result = run_ingest(path, "--dry-run")
    assert summary(result) == summary(plain)
    if variant in ("running_heads", "all_at_once"):
        dropped = [r["seen"] for r in result["readings"]]
        assert dropped.count("威海市人民政府公报 2020年第8期") == len(text.split("\n")) // 97


def test_parsing_the_issue_takes_under_two_seconds():
    text = SOURCE.read_text(encoding="utf-8")
    assert len(text.splitlines()) == 1416
    started = time.perf_counter()
    parse_text(text)
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "不是文本文件"),
        (bytes(range(0x80, 0x100)) * 8, "无法识别文件的编码"),
    ],
)
def test_unreadable_files_fail_with_a_chinese_message(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("ingest", str(path), stdout=io.StringIO())


def test_a_missing_file_fails_with_a_chinese_message(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("ingest", str(tmp_path / "none.txt"), "--dry-run", stdout=io.StringIO())


def test_dry_run_writes_nothing_and_the_real_run_stores_a_draft_for_review(db, tmp_path):
    from publishing.models import DraftIssue

    path = tmp_path / "weihai-2020-08.txt"
    path.write_bytes(SOURCE.read_bytes())
    call_command("ingest", str(path), "--dry-run", stdout=io.StringIO())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weihai-2020-08.txt"]
    assert not DraftIssue.objects.exists()
    out = io.StringIO()
    call_command("ingest", str(path), stdout=out)
    draft = DraftIssue.objects.get()
    assert out.getvalue().splitlines()[-1] == f"草稿 {draft.pk}"
    assert draft.documents.count() == 12


def test_an_ingested_draft_names_the_user_and_the_reason_in_its_history(db, tmp_path):
    from django.contrib.auth.models import User

    from publishing.models import DraftIssue

    clerk = User.objects.create_user("ingest-clerk", password="pw-for-tests-only", is_staff=True)
    path = tmp_path / "weihai-2020-08.txt"
    path.write_bytes(SOURCE.read_bytes())
    call_command(
        "ingest",
        str(path),
        "--user",
        "ingest-clerk",
        "--reason",
        "市政府办公室来稿",
        stdout=io.StringIO(),
    )
    draft = DraftIssue.objects.get()
    for record in (draft, draft.documents.order_by("position").first()):
        entry = record.history.earliest("history_date", "history_id")
        assert entry.history_user == clerk
        assert entry.history_change_reason == "市政府办公室来稿"


def test_the_service_refuses_text_with_no_documents():
    with pytest.raises(TextError):
        parse_text("\n\n")
