"""Clerks in the admin: screens load, anchors stay fixed, changes are recorded, imports are atomic."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile

from documents.models import Document, Organisation, Provision
from documents.resources import OrganisationResource
from gazette_site.importing import spreadsheet_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client):
    user = User.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["公报发布员", "公报文件数据维护员"]))
    client.force_login(user)
    return user


def test_publishing_and_documents_groups_split_the_documents_permissions():
    publishing = set(
        Group.objects.get(name="公报发布员").permissions.values_list("codename", flat=True)
    )
    keeping = set(
        Group.objects.get(name="公报文件数据维护员").permissions.values_list("codename", flat=True)
    )
    assert {"change_document", "add_provision", "view_historicaldocument"} <= publishing
    assert "change_organisation" not in publishing and "view_organisation" in publishing
    assert {"import_organisation", "change_organisation", "delete_responsibility"} <= keeping
    assert "change_document" not in keeping and "view_document" in keeping
    # A rule set is superseded, never deleted by a clerk.
    assert "delete_document" not in publishing | keeping


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/documents/document/",
        "/admin/documents/document/?q=献血",
        "/admin/documents/provision/",
        "/admin/documents/organisation/",
        "/admin/documents/responsibility/",
        "/admin/documents/documentrelation/",
        "/admin/documents/appointment/",
        "/admin/documents/issue/",
        "/admin/documents/district/",
    ],
)
def test_admin_screens_load_for_a_clerk(client, clerk, url):
    assert client.get(url).status_code == 200


def test_document_change_page_shows_computed_status_and_locks_the_slug(client, clerk):
    doc = Document.objects.get(doc_number="威政发〔2020〕7号")
    body = client.get(f"/admin/documents/document/{doc.pk}/change/").content.decode()
    assert "今日时效" in body and "已失效" in body
    assert 'name="slug"' not in body


def test_clerk_edit_is_recorded_with_who_and_when_and_anchor_cannot_change(client, clerk):
    provision = Provision.objects.get(document__doc_number="威政发〔2020〕7号", anchor="第二十条")
    url = f"/admin/documents/provision/{provision.pk}/change/"
    body = client.get(url).content.decode()
    assert 'name="anchor"' not in body
    response = client.post(
        url,
        {
            "document": provision.document_id,
            "parent": provision.parent_id,
            "kind": provision.kind,
            "label": provision.label,
            "anchor": "被改掉的锚点",
            "heading": "",
            "text": provision.text + "（校对）",
            "position": provision.position,
        },
    )
    assert response.status_code == 302
    provision.refresh_from_db()
    assert provision.anchor == "第二十条"
    assert provision.text.endswith("（校对）")
    record = provision.history.first()
    assert record.history_user == clerk and record.history_type == "~"
    history_page = client.get(f"/admin/documents/provision/{provision.pk}/history/")
    assert "clerk" in history_page.content.decode()


def test_bad_organisation_spreadsheet_saves_nothing(clerk):
    before = Organisation.objects.count()
    data = "名称,全称\n市新设局,威海市新设局\n,没有名称的单位\n".encode()
    report = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=SimpleUploadedFile("units.csv", data),
        user=clerk,
        dry_run=False,
    )
    assert not report.ok and not report.saved
    assert any(e.row == 3 for e in report.row_errors)
    assert Organisation.objects.count() == before
    assert not Organisation.objects.filter(name="市新设局").exists()


def test_good_organisation_spreadsheet_is_saved_with_history(clerk):
    data = "名称,全称\n市新设局,威海市新设局\n".encode()
    report = spreadsheet_import(
        resource=OrganisationResource(),
        uploaded_file=SimpleUploadedFile("units.csv", data),
        user=clerk,
        dry_run=False,
    )
    assert report.ok and report.saved
    unit = Organisation.objects.get(name="市新设局")
    assert unit.slug == "市新设局"
    assert unit.history.first().history_user == clerk


def test_staff_without_import_permission_cannot_import(client):
    user = User.objects.create_user("viewer", password="pw-for-tests-only", is_staff=True)
    client.force_login(user)
    assert client.get("/admin/documents/organisation/import/").status_code == 403


def test_clerks_cannot_delete_what_citations_link_to(client, clerk):
    provision = Provision.objects.get(document__doc_number="威政发〔2020〕7号", anchor="第二十条")
    response = client.post(f"/admin/documents/provision/{provision.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    doc = provision.document
    response = client.post(f"/admin/documents/document/{doc.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Provision.objects.filter(pk=provision.pk).exists()


def test_each_app_group_gets_its_apps_permissions_and_no_other():
    from django.contrib.auth.models import Permission

    from documents.clerks import clerk_groups, is_protected

    assert not Group.objects.filter(name="clerks").exists()
    for group_def in clerk_groups():
        if group_def.app_label == "documents":
            continue
        group = Group.objects.get(name=group_def.name)
        got = set(group.permissions.all())
        assert {p.content_type.app_label for p in got} == {group_def.app_label}
        expected = {
            p
            for p in Permission.objects.filter(content_type__app_label=group_def.app_label)
            if p.codename.startswith("view_")
            or not (
                p.content_type.model.startswith("historical")
                or p.codename.startswith("delete_")
                and is_protected(f"{group_def.app_label}.{p.content_type.model}")
            )
        }
        assert got == expected
