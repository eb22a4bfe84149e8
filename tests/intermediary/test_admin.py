"""Clerks edit the catalogue in the admin; every change is kept with who and when."""

import pytest
from django.contrib.auth.models import User

from intermediary.models import IntermediaryService, ServiceMatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("editor", password="pw-not-used")
    client.force_login(user)
    client.user = user
    return client


def item_form(service: IntermediaryService, **changes) -> dict:
    """Build the admin change form's POST data for an item and its inline links."""
    links = list(service.links.order_by("position", "pk"))
    data = {
        "no": service.no,
        "name": service.name,
        "department": service.department_id,
        "abolished_on": service.abolished_on.isoformat() if service.abolished_on else "",
        "abolished_by": service.abolished_by,
        "source_lines": service.source_lines,
        "source_note": service.source_note,
        "links-TOTAL_FORMS": len(links),
        "links-INITIAL_FORMS": len(links),
        "links-MIN_NUM_FORMS": 0,
        "links-MAX_NUM_FORMS": 1000,
    }
    for index, link in enumerate(links):
        data.update(
            {
                f"links-{index}-id": link.pk,
                f"links-{index}-service": service.pk,
                f"links-{index}-matter": link.matter_id,
                f"links-{index}-position": link.position,
                f"links-{index}-sub_items": link.sub_items,
                f"links-{index}-legal_basis": link.legal_basis,
                f"links-{index}-fee_basis": link.fee_basis,
                f"links-{index}-time_limit": link.time_limit,
            }
        )
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/intermediary/intermediaryservice/",
        "/admin/intermediary/intermediaryservice/?department__id__exact=11&abolished=no",
        "/admin/intermediary/intermediaryservice/?q=验资报告",
        "/admin/intermediary/intermediaryservice/28/change/",
        "/admin/intermediary/intermediaryservice/add/",
        "/admin/intermediary/servicematter/",
        "/admin/intermediary/servicelink/?matter__matter_type__exact=行政许可",
        "/admin/intermediary/department/",
        "/admin/intermediary/noticerule/",
    ],
)
def test_admin_pages_open(admin_client, url):
    assert admin_client.get(url).status_code == 200


def test_abolishing_an_item_in_the_admin_is_recorded_with_who_and_when(admin_client):
    service = IntermediaryService.objects.get(no=41)
    url = f"/admin/intermediary/intermediaryservice/{service.pk}/change/"
    response = admin_client.post(
        url, item_form(service, abolished_on="2021-03-01", abolished_by="威政字〔2021〕9号")
    )
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    service.refresh_from_db()
    assert service.abolished_on.isoformat() == "2021-03-01"
    record = service.history.first()
    assert record.history_user == admin_client.user
    assert record.abolished_by == "威政字〔2021〕9号"
    history = admin_client.get(f"/admin/intermediary/intermediaryservice/{service.pk}/history/")
    assert history.status_code == 200 and "editor" in history.content.decode()
    assert "已取消" in admin_client.get("/intermediary/items/41/").content.decode()


def test_the_admin_refuses_half_an_abolition(admin_client):
    service = IntermediaryService.objects.get(no=41)
    response = admin_client.post(
        f"/admin/intermediary/intermediaryservice/{service.pk}/change/",
        item_form(service, abolished_on="2021-03-01"),
    )
    assert response.status_code == 200
    assert "还须填写取消该项目的文件文号" in response.content.decode()
    service.refresh_from_db()
    assert service.abolished_on is None


def test_editing_a_link_inline_keeps_its_history(admin_client):
    service = IntermediaryService.objects.get(no=34)
    data = item_form(service)
    data["links-0-time_limit"] = "7天"
    response = admin_client.post(
        f"/admin/intermediary/intermediaryservice/{service.pk}/change/", data
    )
    assert response.status_code == 302
    link = service.links.order_by("position").first()
    assert link.time_limit == "7天"
    assert link.history.first().history_user == admin_client.user


def test_adding_an_item_in_the_admin(admin_client):
    matter = ServiceMatter.objects.get(name="取水许可")
    data = {
        "no": 65,
        "name": "水资源论证报告",
        "department": 11,
        "abolished_on": "",
        "abolished_by": "",
        "source_lines": "",
        "source_note": "",
        "links-TOTAL_FORMS": 1,
        "links-INITIAL_FORMS": 0,
        "links-MIN_NUM_FORMS": 0,
        "links-MAX_NUM_FORMS": 1000,
        "links-0-matter": matter.pk,
        "links-0-position": 1,
        "links-0-sub_items": "",
        "links-0-legal_basis": "《取水许可和水资源费征收管理条例》",
        "links-0-fee_basis": "市场调节价",
        "links-0-time_limit": "协商约定",
    }
    response = admin_client.post("/admin/intermediary/intermediaryservice/add/", data)
    assert response.status_code == 302
    service = IntermediaryService.objects.get(no=65)
    assert service.history.first().history_user == admin_client.user
    assert [link.matter.name for link in service.links.all()] == ["取水许可"]
    duplicate = admin_client.post(
        "/admin/intermediary/intermediaryservice/add/", {**data, "name": "另一项"}
    )
    assert duplicate.status_code == 200
    assert IntermediaryService.objects.filter(no=65).count() == 1
