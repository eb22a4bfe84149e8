"""A clerk's admin edits in documents reach history with the clerk and the reason given."""

import pytest

from documents.models import Document, Organisation, OrganisationAlias
from tests import admin_edits as edits

pytestmark = pytest.mark.django_db


def organisation():
    return Organisation.objects.filter(aliases__isnull=False).order_by("pk").first()


def test_an_organisation_edit_records_the_clerk_and_the_reason(client):
    clerk = edits.clerk_client(client, "documents")
    unit = organisation()
    entry = edits.edit_in_admin(
        clerk, unit, reason="市编办来函更正全称", full_name=f"{unit.name}（更正）"
    )
    assert entry.full_name == f"{unit.name}（更正）"
    assert edits.author_and_reason(entry) == (clerk.user, "市编办来函更正全称")


def test_an_alias_added_on_the_organisation_page_records_the_clerk_and_the_reason(client):
    clerk = edits.clerk_client(client, "documents")
    unit = organisation()
    url = f"/admin/documents/organisation/{unit.pk}/change/"
    data = edits.change_form_data(clerk.get(url))
    total = next(key for key in data if key.endswith("-TOTAL_FORMS"))
    prefix = total.removesuffix("-TOTAL_FORMS")
    count = int(data[total])
    data.update(
        {
            total: str(count + 1),
            f"{prefix}-{count}-name": "测试简称",
            f"{prefix}-{count}-organisation": str(unit.pk),
            "change_reason": "补充常用简称",
        }
    )
    response = clerk.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    alias = OrganisationAlias.objects.get(name="测试简称")
    entry = edits.latest_entry(alias)
    assert entry.history_type == "+"
    assert edits.author_and_reason(entry) == (clerk.user, "补充常用简称")


def test_deleting_an_alias_in_admin_records_who_deleted_it(client):
    clerk = edits.clerk_client(client, "documents")
    alias = OrganisationAlias.objects.order_by("pk").first()
    response = clerk.post(f"/admin/documents/organisationalias/{alias.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not OrganisationAlias.objects.filter(pk=alias.pk).exists()
    entry = OrganisationAlias.history.filter(id=alias.pk).latest("history_date", "history_id")
    assert entry.history_type == "-"
    assert edits.author_and_reason(entry) == (clerk.user, "在管理后台删除")


def test_a_document_title_corrected_by_a_publisher_records_the_clerk_and_the_reason(client):
    clerk = edits.clerk_client(client, "publishing")
    document = Document.objects.get(doc_number="威政办字〔2020〕50号")
    checked = document.title + "（核对）"
    entry = edits.edit_in_admin(clerk, document, reason="按纸质版核对标题", title=checked)
    assert entry.title == checked
    assert edits.author_and_reason(entry) == (clerk.user, "按纸质版核对标题")


def test_a_reason_given_on_the_delete_page_is_kept_with_the_deletion(client):
    clerk = edits.clerk_client(client, "documents")
    alias = OrganisationAlias.objects.order_by("pk").first()
    url = f"/admin/documents/organisationalias/{alias.pk}/delete/"
    page = clerk.get(url).content.decode()
    assert 'name="change_reason"' in page and "修改原因" in page
    response = clerk.post(url, {"post": "yes", "change_reason": "重复录入的简称"})
    assert response.status_code == 302
    entry = OrganisationAlias.history.filter(id=alias.pk).latest("history_date", "history_id")
    assert entry.history_type == "-"
    assert edits.author_and_reason(entry) == (clerk.user, "重复录入的简称")


def test_aliases_deleted_together_each_record_who_deleted_them(client):
    clerk = edits.clerk_client(client, "documents")
    pks = list(OrganisationAlias.objects.order_by("pk").values_list("pk", flat=True)[:2])
    response = clerk.post(
        "/admin/documents/organisationalias/",
        {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
    )
    assert response.status_code == 302
    assert not OrganisationAlias.objects.filter(pk__in=pks).exists()
    for pk in pks:
        entry = OrganisationAlias.history.filter(id=pk).latest("history_date", "history_id")
        assert edits.author_and_reason(entry) == (clerk.user, "在管理后台删除")
