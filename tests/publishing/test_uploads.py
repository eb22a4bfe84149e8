"""Files a clerk should not be able to upload get a Chinese message and no draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from publishing.models import DraftIssue


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("issue.doc", b"\xd0\xcf\x11\xe0 old word", "不支持旧版 Word（.doc）"),
        ("issue.xlsx", b"PK\x03\x04", "只能上传 .txt、.docx 或 .pdf 文件"),
        ("issue.txt", b"\x00\x01\x02binary", "这不是文本文件（含有二进制内容）"),
        ("issue.txt", b"PK\x05\x06" + bytes(18), "不是文本（内容是二进制数据"),
        ("issue.txt", b"  \n ", "文件是空的"),
        ("issue.docx", b"PK\x03\x04 not really a zip", "不是有效的 .docx 文件"),
        ("issue.pdf", b"%PDF-1.4 broken", "不是有效的 PDF 文件"),
        ("issue.txt", b"\xff\xfe\xff\xff" * 4, "无法识别文件的编码"),
    ],
)
def test_unusable_files_are_refused(client, publisher, name, data, message):
    client.force_login(publisher)
    response = client.post(
        "/admin/publishing/draftissue/add/", {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DraftIssue.objects.exists()


def test_a_file_over_the_limit_is_refused(client, publisher, settings):
    settings.INGEST_MAX_UPLOAD_BYTES = 1000
    client.force_login(publisher)
    response = client.post(
        "/admin/publishing/draftissue/add/",
        {"file": SimpleUploadedFile("big.txt", "公报".encode() * 400)},
    )
    assert response.status_code == 400
    assert "文件太大" in response.content.decode()
    assert not DraftIssue.objects.exists()


def test_a_single_document_becomes_a_draft_that_cannot_be_published(client, publisher):
    text = (
        "威海市人民政府关于做好防汛工作的通知\n\n威政字〔2020〕70号\n\n"
        "各区市人民政府：\n\n请认真做好防汛工作。\n\n威海市人民政府\n\n2020年9月1日\n"
    )
    client.force_login(publisher)
    response = client.post("/admin/publishing/draftissue/add/", {"text": text}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "不能发布" in page and "没有刊头和目录" in page
    assert "威海市人民政府关于做好防汛工作的通知" in page and "威政字〔2020〕70号" in page
    assert 'value="发布本期"' not in page


def test_text_the_parser_cannot_read_is_kept_with_the_reason(client, publisher):
    client.force_login(publisher)
    response = client.post(
        "/admin/publishing/draftissue/add/", {"text": "目录\n2020年第9期\n没有正文"}, follow=True
    )
    page = response.content.decode()
    assert "解析器无法读完这份文本" in page and 'value="发布本期"' not in page
