"""The same issue uploaded as GB18030 text, Word and PDF gives the same draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publishing.models import DraftIssue
from tests.publishing.files import as_docx, as_pdf, scanned_pdf

pytestmark = pytest.mark.browser  # Chromium prints the PDF


def _upload(client, name, data):
    return client.post(
        "/admin/publishing/draftissue/add/", {"file": SimpleUploadedFile(name, data)}
    )


def _shape(draft):
    documents = [
        {k: v for k, v in d.__dict__.items() if k not in {"_state", "id", "draft_id"}}
        for d in draft.documents.all()
    ]
    readings = [
        (r.document.position, r.line, r.note)
        for d in draft.documents.all()
        for r in d.readings.all()
    ]
    return (
        (draft.year, draft.number, draft.cumulative_number, draft.sponsor, draft.contents),
        draft.records,
        documents,
        readings,
    )


def test_txt_in_gb18030_docx_and_pdf_give_the_same_draft(
    client, publisher, second_issue_text, browser
):
    client.force_login(publisher)
    files = {
        "second.txt": second_issue_text.encode("gb18030"),
        "second.docx": as_docx(second_issue_text),
        "second.pdf": as_pdf(second_issue_text, browser),
    }
    shapes = {}
    for name, data in files.items():
        response = _upload(client, name, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        draft = DraftIssue.objects.get(source_name=name)
        assert draft.source_format == name.rsplit(".", 1)[1]
        shapes[name] = _shape(draft)
    assert shapes["second.txt"][1]  # the parser read documents at all
    assert shapes["second.docx"] == shapes["second.txt"]
    assert shapes["second.pdf"][:3] == shapes["second.txt"][:3]
    # Readings point at lines of each file's own text; the notes are the same.
    assert [r[2] for r in shapes["second.pdf"][3]] == [r[2] for r in shapes["second.txt"][3]]


def test_a_scanned_pdf_is_refused_with_a_chinese_message(client, publisher, browser):
    client.force_login(publisher)
    response = _upload(client, "scan.pdf", scanned_pdf(browser))
    assert response.status_code == 400
    assert "没有文字层（可能是扫描件或图片）" in response.content.decode()
    assert not DraftIssue.objects.exists()
