import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from documents.models import Document, DocumentRelation, Organisation, Provision

pytestmark = pytest.mark.django_db


def test_saving_a_document_parses_its_number():
    doc = Document.objects.create(doc_number="威政办字[2021]3 号", slug="wzbz-2021-3", title="测试")
    assert (doc.issuer_code, doc.doc_year, doc.serial) == ("威政办字", 2021, 3)


def test_clean_refuses_an_unreadable_number_and_reversed_validity():
    doc = Document(doc_number="第三号文件", slug="x", title="测试")
    with pytest.raises(ValidationError) as exc:
        doc.full_clean()
    assert "无法识别的文号" in str(exc.value)
    doc = Document(
        doc_number="威政发〔2021〕1号",
        slug="wzf-2021-1",
        title="测试",
        effective_from=dt.date(2021, 5, 1),
        effective_to=dt.date(2021, 4, 30),
    )
    with pytest.raises(ValidationError) as exc:
        doc.full_clean()
    assert "有效期至不能早于施行日期" in str(exc.value)


def test_database_refuses_reversed_validity():
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            doc_number="威政发〔2021〕2号",
            slug="wzf-2021-2",
            title="测试",
            effective_from=dt.date(2021, 5, 1),
            effective_to=dt.date(2021, 4, 30),
        )


def test_anchor_is_unique_within_a_document():
    doc = Document.objects.get(doc_number="威政发〔2020〕7号")
    with pytest.raises(IntegrityError), transaction.atomic():
        Provision.objects.create(
            document=doc, kind="article", label="第二十条", anchor="第二十条", position=999
        )


def test_a_document_cannot_relate_to_itself():
    doc = Document.objects.get(doc_number="威政发〔2020〕7号")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRelation.objects.create(source=doc, target=doc, kind="cites")


def test_organisation_slug_comes_from_its_name_and_aliases_point_to_one_unit():
    unit = Organisation.objects.create(name="市测试局")
    assert unit.slug == "市测试局"
    health = Organisation.objects.get(aliases__name="卫生健康委")
    assert health.name == "市卫生健康委"


def test_fixture_counts_per_document():
    counts = {
        d.doc_number: (d.provisions.count(), d.attachments.count(), d.responsibilities.count())
        for d in Document.objects.filter(is_stub=False)
    }
    assert len(counts) == 12
    assert counts["威政发〔2020〕7号"] == (41, 0, 0)
    assert counts["威政发〔2020〕6号"] == (23, 0, 0)
    assert counts["威政办字〔2020〕50号"][1:] == (2, 16)
    assert counts["威政字〔2020〕49号"] == (0, 1, 0)
    stubs = set(Document.objects.filter(is_stub=True).values_list("doc_number", flat=True))
    assert {"威政发〔2017〕24号", "威政字〔2018〕40号", "鲁政办字〔2016〕155号"} <= stubs


def test_loading_the_fixtures_again_changes_nothing():
    from django.core.management import call_command

    before = {
        model: model.objects.count()
        for model in (Document, Provision, Organisation, DocumentRelation)
    }
    history_before = Document.history.count()
    call_command("load_gazette", apps="documents", verbosity=0)
    call_command("load_gazette", apps="documents", force=True, verbosity=0)
    after = {model: model.objects.count() for model in before}
    assert after == before
    assert Document.history.count() == history_before


def test_a_clerk_correction_survives_the_next_load_of_unchanged_fixtures():
    from django.core.management import call_command

    doc = Document.objects.get(doc_number="威政发〔2020〕8号")
    doc.title = doc.title + "（已校对）"
    doc.save()
    call_command("load_gazette", verbosity=0)
    doc.refresh_from_db()
    assert doc.title.endswith("（已校对）")
