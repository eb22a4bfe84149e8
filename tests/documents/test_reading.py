"""Reading a document: the carried measure, the signature, the 49号 catalogue, the PDF."""

import io
import re

import pytest
from pypdf import PdfReader

from documents import pdf
from documents.models import Attachment, Document

pytestmark = pytest.mark.django_db


def test_the_measure_carried_by_a_notice_gets_its_own_heading(client):
    body = client.get("/documents/wzf-2020-7/").content.decode()
    assert '<h2 class="measure-title" id="办法">威海市无偿献血管理办法</h2>' in body
    # The notice's signature and date stand between the notice and the measure, as printed.
    notice = body.index("现将《威海市无偿献血管理办法》印发给你们")
    signature = body.index('<div class="signature">')
    assert notice < signature < body.index('id="办法"')
    assert "<p>威海市人民政府</p><p>2020年8月18日</p>" in body


def test_a_joint_document_shows_every_signing_body(client):
    body = client.get("/documents/wsjf-2020-56/").content.decode()
    block = re.search(r'<div class="signature">(.*?)</div>', body, re.S)[1]
    assert "威海市市场监督管理局" in block and "2020年7月22日" in block
    assert block.count("<p>") >= 3


def test_the_49_catalogue_is_the_structured_table_with_every_printed_row_kept(client):
    body = client.get("/documents/wzz-2020-49/").content.decode()
    structured = body[body.index('class="data stack catalogue-table"') :]
    structured = structured[: structured.index("</table>")]
    assert structured.count("<tr>") == 1 + 64
    assert 'href="/intermediary/items/1/"' in structured and 'href="/intermediary/"' in body
    printed = body[body.index("印刷版原表") :]
    attachment = Attachment.objects.get(
        document__doc_number="威政字〔2020〕49号", link="/intermediary/"
    )
    rows = sum(len(b["rows"]) for b in attachment.blocks if b["type"] == "table")
    assert f"共 {rows} 行" in printed[:200]
    # Every printed row is there, inside the closed disclosure.
    printed = printed[: printed.index("</details>")]
    assert sum(t.count("<tr>") for t in re.findall(r"<tbody>(.*?)</tbody>", printed, re.S)) == rows
    assert (
        '<details class="printed-rows">' in body
        and '<details class="printed-rows" open' not in body
    )


def test_attachment_tables_scroll_in_a_labelled_keyboard_reachable_box(client):
    body = client.get("/documents/wzbz-2020-50/").content.decode()
    boxes = re.findall(r'<div class="table-scroll"[^>]*>', body)
    assert boxes and all('tabindex="0"' in b and "aria-label=" in b for b in boxes)


def test_editors_notes_sit_in_one_closed_disclosure(client):
    body = client.get("/documents/wzf-2020-7/").content.decode()
    assert body.count('<details class="editors-notes">') == 1
    assert "关于本页数据的说明" in body and "统一登记号 WHCR—2020—0010006" in body
    assert body.index("关于本页数据的说明") > body.index("第三十条")


def test_pdf_of_a_document_is_cached_per_data_version(client, monkeypatch):
    calls = []
    real = pdf.render_pdf

    def counting(**kwargs):
        calls.append(kwargs["template"])
        return real(**kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    first = client.get("/documents/wzbz-2020-51/pdf/")
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(first.content)).pages[0].extract_text()
    assert "威政办字〔2020〕51号" in text and "告知承诺和容缺办理工作规程" in text
    client.get("/documents/wzbz-2020-51/pdf/")
    assert len(calls) == 1
    # A clerk's correction is a new data version: the PDF is made again.
    document = Document.objects.get(slug="wzbz-2020-51")
    document.title = document.title + "（更正）"
    document.save()
    again = client.get("/documents/wzbz-2020-51/pdf/")
    assert len(calls) == 2
    assert "（更正）" in PdfReader(io.BytesIO(again.content)).pages[0].extract_text()


def test_no_pdf_for_a_document_not_printed_here(client):
    assert client.get("/documents/wzf-2017-24/pdf/").status_code == 404
