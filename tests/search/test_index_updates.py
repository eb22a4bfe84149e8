"""The index follows the data: admin edits, imports, deletes, rollbacks, and a rebuild."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from import_export.fields import Field

from documents.models import Document, Organisation, Provision
from gazette_site.importing import GazetteResource, spreadsheet_import
from search import registry, services
from search.models import SearchEntry
from search.registry import SearchRecord, SearchSource

from .conftest import index_urls

pytestmark = pytest.mark.django_db

DOC_7 = "威政发〔2020〕7号"


def urls(client, q):
    """Every entry the index holds for q, after checking that the page answers."""
    assert client.get("/search.json", {"q": q}).status_code == 200
    return index_urls(q)


def test_an_admin_edit_of_an_article_is_found_at_once(
    client, superuser, django_capture_on_commit_callbacks
):
    article = Provision.objects.get(document__doc_number=DOC_7, anchor="第二十条")
    assert urls(client, "蓝鲸计划") == set()
    old_words = "免费用血"
    assert "/documents/wzf-2020-7/#第二十条" in urls(client, old_words)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/documents/provision/{article.pk}/change/",
            {
                "document": article.document_id,
                "parent": article.parent_id or "",
                "kind": article.kind,
                "label": article.label,
                "heading": article.heading,
                "text": "本条由蓝鲸计划改写，用于检验搜索索引。",
                "position": article.position,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert urls(client, "蓝鲸计划") == {"/documents/wzf-2020-7/#第二十条"}
    assert "/documents/wzf-2020-7/#第二十条" not in urls(client, old_words)


class DocumentTitleResource(GazetteResource):
    """A clerk's sheet that corrects titles by document number."""

    doc_number = Field(attribute="doc_number", column_name="文号")
    title = Field(attribute="title", column_name="标题")

    class Meta:
        model = Document
        import_id_fields = ("doc_number",)
        fields = ("doc_number", "title")


def test_an_import_that_changes_a_title_is_found_at_once(
    client, superuser, django_capture_on_commit_callbacks
):
    new_title = "威海市人民政府关于印发威海市无偿献血与海豚保护管理办法的通知"
    sheet = f"文号,标题\n{DOC_7},{new_title}\n".encode()
    assert urls(client, "海豚保护") == set()
    with django_capture_on_commit_callbacks(execute=True):
        report = spreadsheet_import(
            resource=DocumentTitleResource(),
            uploaded_file=SimpleUploadedFile("titles.csv", sheet),
            user=superuser,
            dry_run=False,
        )
    assert report.ok and report.saved, report.row_errors
    found = urls(client, "海豚保护")
    # The document and each of its provisions (their titles carry the document's).
    assert "/documents/wzf-2020-7/" in found
    assert "/documents/wzf-2020-7/#第二十条" in found


def test_a_dry_run_import_changes_nothing(client, superuser, django_capture_on_commit_callbacks):
    sheet = f"文号,标题\n{DOC_7},海豚保护试运行\n".encode()
    with django_capture_on_commit_callbacks(execute=True):
        report = spreadsheet_import(
            resource=DocumentTitleResource(),
            uploaded_file=SimpleUploadedFile("titles.csv", sheet),
            user=superuser,
            dry_run=True,
        )
    assert report.ok and not report.saved
    assert urls(client, "海豚保护试运行") == set()


def test_a_deleted_article_leaves_the_index(client, django_capture_on_commit_callbacks):
    article = Provision.objects.get(document__doc_number=DOC_7, anchor="第二十条")
    assert "/documents/wzf-2020-7/#第二十条" in urls(client, "献血")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert "/documents/wzf-2020-7/#第二十条" not in urls(client, "献血")
    assert not SearchEntry.objects.filter(url="/documents/wzf-2020-7/#第二十条").exists()


def test_a_rolled_back_change_leaves_the_index_alone(client, django_capture_on_commit_callbacks):
    article = Provision.objects.get(document__doc_number=DOC_7, anchor="第二十条")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                article.text = "回滚测试专用词"
                article.save()
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert callbacks == []
    assert urls(client, "回滚测试专用词") == set()


def test_refreshing_a_source_rewrites_only_what_changed(django_capture_on_commit_callbacks):
    before = dict(SearchEntry.objects.filter(source="documents").values_list("key", "id"))
    article = Provision.objects.get(document__doc_number=DOC_7, anchor="第二十条")
    Provision.objects.filter(pk=article.pk).update(text="只改这一条")  # no signal
    report = services.index_refresh_source(name="documents")
    assert (report.added, report.removed) == (1, 1)
    after = dict(SearchEntry.objects.filter(source="documents").values_list("key", "id"))
    changed = {key for key in before if before[key] != after.get(key)}
    assert changed == {f"documents.provision:{article.pk}"}


@pytest.fixture
def organisation_source():
    """A source that offers scopes: each organisation is its own part."""

    def record(org):
        return SearchRecord(
            key=f"test.organisation:{org.pk}",
            kind="organisation",
            title=org.name,
            body=org.full_name,
            url=f"/organisations/{org.slug}/",
            scope=f"test.organisation:{org.pk}",
        )

    def records_in(scopes):
        ids = [int(s.split(":")[1]) for s in scopes]
        return [record(org) for org in Organisation.objects.filter(pk__in=ids)]

    source = SearchSource(
        name="test_organisations",
        label="测试：单位",
        models=(Organisation,),
        records=lambda: [record(org) for org in Organisation.objects.all()],
        scopes_for=lambda org: {f"test.organisation:{org.pk}"},
        records_in=records_in,
    )
    registry.register(source)
    services.index_rebuild(sources=[source.name])
    yield source
    registry._sources.pop(source.name)


def test_a_source_with_scopes_rewrites_only_the_changed_part(
    client, organisation_source, django_capture_on_commit_callbacks
):
    ids = dict(SearchEntry.objects.filter(source="test_organisations").values_list("key", "id"))
    assert len(ids) == Organisation.objects.count() > 10
    org = Organisation.objects.get(name="市人民政府")
    with django_capture_on_commit_callbacks(execute=True):
        org.full_name = "威海市人民政府（测试全称白鹭湾）"
        org.save()
    after = dict(SearchEntry.objects.filter(source="test_organisations").values_list("key", "id"))
    assert {k for k in ids if ids[k] != after[k]} == {f"test.organisation:{org.pk}"}
    assert urls(client, "白鹭湾") == {f"/organisations/{org.slug}/"}
    with django_capture_on_commit_callbacks(execute=True):
        added = Organisation.objects.create(
            name="测试新设单位", full_name="鹈鹕湾管理处", slug="ce-shi"
        )
    assert urls(client, "鹈鹕湾") == {"/organisations/ce-shi/"}
    with django_capture_on_commit_callbacks(execute=True):
        added.delete()
    assert urls(client, "鹈鹕湾") == set()


def test_the_rebuild_command_indexes_every_record_of_every_source(capsys):
    call_command("rebuild_search_index")
    expected = sum(len(list(source.records())) for source in registry.sources())
    assert SearchEntry.objects.count() == expected
    assert f"已建立 {expected} 条索引记录" in capsys.readouterr().out
    names = {s.name for s in registry.sources()}
    assert set(SearchEntry.objects.values_list("source", flat=True).distinct()) <= names


def test_the_rebuild_command_refuses_an_unknown_source():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="没有这些数据集"):
        call_command("rebuild_search_index", source=["nope"])


def _organisation_with_fewest_documents():
    from django.db.models import Count

    return (
        Organisation.objects.annotate(n=Count("issuer_links"))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .first()
    )


def test_renaming_an_organisation_reindexes_only_its_documents(
    django_capture_on_commit_callbacks,
):
    organisation = _organisation_with_fewest_documents()
    mine = set(organisation.issuer_links.values_list("document_id", flat=True))
    before = dict(SearchEntry.objects.filter(source="documents").values_list("key", "id"))
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "威海市海豚保护办公室"
        organisation.save()
    after = dict(SearchEntry.objects.filter(source="documents").values_list("key", "id"))
    assert after.keys() == before.keys()
    rewritten = {key for key in after if after[key] != before[key]}
    scopes = set(SearchEntry.objects.filter(key__in=rewritten).values_list("scope", flat=True))
    assert scopes == {f"documents.document:{pk}" for pk in mine}
    assert SearchEntry.objects.filter(issuers__contains="|威海市海豚保护办公室|").count() == len(
        rewritten
    )


def test_a_big_change_is_reindexed_in_the_background(transactional_db, monkeypatch, settings):
    from search import signals

    call_command("load_gazette", verbosity=0)
    monkeypatch.setattr(signals, "SYNC_SCOPES", 0)
    organisation = _organisation_with_fewest_documents()
    organisation.name = "威海市海豚保护办公室"
    organisation.save()  # autocommit: on_commit runs now and starts the thread
    signals.wait_for_background(timeout=60)
    expected = SearchEntry.objects.filter(
        scope__in=[
            f"documents.document:{pk}"
            for pk in organisation.issuer_links.values_list("document_id", flat=True)
        ]
    ).count()
    assert expected > 0
    assert (
        SearchEntry.objects.filter(issuers__contains="|威海市海豚保护办公室|").count() == expected
    )


def test_a_background_slice_refused_as_locked_is_tried_again(monkeypatch):
    from django.db import OperationalError

    from search import signals

    applied, refusals = [], [OperationalError("database is locked")] * 2

    def apply(name, scopes):
        if refusals:
            raise refusals.pop()
        applied.append((name, scopes))

    monkeypatch.setattr(signals, "_apply", apply)
    monkeypatch.setattr(signals.time, "sleep", lambda seconds: None)
    signals._apply_retrying("documents", {"documents.document:1"})
    assert applied == [("documents", {"documents.document:1"})]

    def missing_table(name, scopes):
        raise OperationalError("no such table: search_entry")

    monkeypatch.setattr(signals, "_apply", missing_table)
    with pytest.raises(OperationalError, match="no such table"):
        signals._apply_retrying("documents", {"documents.document:1"})
