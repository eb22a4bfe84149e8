"""Clerks edit the schedule and the registry in the admin, and every change keeps its history."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from documents.models import District
from pricing import services
from pricing.models import Enterprise, Evaluation, Surcharge

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("boss", password="pw")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["policy", "surcharge", "policyrule", "enterprise", "evaluation"])
def test_changelists_and_add_pages_open(admin_client, model):
    assert admin_client.get(f"/admin/pricing/{model}/").status_code == 200
    assert admin_client.get(f"/admin/pricing/{model}/add/").status_code == 200


def test_enterprise_form_offers_the_shared_districts(admin_client):
    html = admin_client.get("/admin/pricing/enterprise/add/").content.decode()
    for district in District.objects.all():
        assert f'<option value="{district.pk}">{district.name}</option>' in html


def test_policy_page_shows_its_steps_and_history(admin_client):
    assert admin_client.get("/admin/pricing/policy/1/change/").status_code == 200
    assert admin_client.get("/admin/pricing/policy/1/history/").status_code == 200


def test_editing_a_rate_is_kept_in_history_and_used_by_the_calculator(admin_client, client):
    step = Surcharge.objects.get(resource="electricity", consecutive_years=1)
    response = admin_client.post(
        f"/admin/pricing/surcharge/{step.pk}/change/",
        {
            "policy": step.policy_id,
            "resource": "electricity",
            "consecutive_years": 1,
            "and_more": "",
            "rate": "0.06",
            "basis": step.basis,
            "unit": step.unit,
            "source_text": step.source_text,
            "source_note": step.source_note,
        },
    )
    assert response.status_code == 302
    # The printed version first, then the edit.
    assert step.history.count() == 2
    assert step.history.earliest().history_change_reason.startswith("印刷版")
    assert step.history.first().history_user.username == "boss"
    data = client.get(
        "/pricing/surcharge.json",
        {"consecutive_years": 1, "month": "2021-06", "kwh": "100", "water_m3": "0"},
    ).json()
    assert data["electricity_rate"] == 0.06


def test_admin_refuses_a_bad_credit_code(admin_client, district):
    response = admin_client.post(
        "/admin/pricing/enterprise/add/",
        {
            "name": "错代码公司",
            "credit_code": "91110000600037341N",
            "district": district.pk,
            "evaluations-TOTAL_FORMS": "0",
            "evaluations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "校验码" in response.content.decode()
    assert not Enterprise.objects.filter(name="错代码公司").exists()


def test_admin_refuses_an_implausible_publication_date(admin_client, enterprise_with):
    enterprise = enterprise_with()
    response = admin_client.post(
        "/admin/pricing/evaluation/add/",
        {"enterprise": enterprise.pk, "year": "2020", "grade": "D", "published_on": "2023-04-01"},
    )
    assert response.status_code == 200
    assert "不在此范围" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_enterprise_history_page(admin_client, enterprise_with):
    enterprise = enterprise_with([(2020, "D", dt.date(2021, 4, 1))])
    services.enterprise_update(enterprise=enterprise, name="改名后的公司")
    response = admin_client.get(f"/admin/pricing/enterprise/{enterprise.pk}/history/")
    assert response.status_code == 200
    assert "改名后的公司" in response.content.decode()
