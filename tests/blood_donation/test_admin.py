"""Clerks edit the figures in admin; the calculator follows and history keeps each change."""

import pytest
from django.contrib.auth import get_user_model

from blood_donation.models import Fine, HonourLevel, Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client):
    user = get_user_model().objects.create_superuser("clerk", "clerk@example.com", "pw-not-used")
    client.force_login(user)
    return client


def change_form_data(measure: Measure, **changes) -> dict:
    """The measure's admin form as a browser would post it, with every inline unchanged."""
    data = {
        "document": measure.document_id,
        "title": measure.title,
        "validity_article": measure.validity_article,
        "min_age": measure.min_age,
        "max_age": measure.max_age,
        "repeat_donor_max_age": measure.repeat_donor_max_age,
        "age_article": measure.age_article,
        "unlimited_threshold_ml": measure.unlimited_threshold_ml,
        "window_years": measure.window_years,
        "window_multiple": measure.window_multiple,
        "lifetime_multiple": measure.lifetime_multiple,
        "relatives_multiple": measure.relatives_multiple,
        "entitlement_article": measure.entitlement_article,
        "reimbursement_text": measure.reimbursement_text,
        "reimbursement_article": measure.reimbursement_article,
        "benefit_recipients": measure.benefit_recipients,
        "benefit_note": measure.benefit_note,
        "benefit_article": measure.benefit_article,
        "source_note": measure.source_note,
    }
    inlines = {
        "donation_options": ["kind", "amount", "article"],
        "relatives": ["name", "position"],
        "honour_levels": [
            "code",
            "min_ml",
            "below_ml",
            "granted_by",
            "printed_text",
            "article",
            "source_note",
        ],
        "benefits": ["text", "position"],
        "fines": [
            "offence",
            "offender",
            "min_yuan",
            "max_yuan",
            "other_penalty",
            "authority",
            "position",
            "article",
            "source_note",
        ],
    }
    for prefix, fields in inlines.items():
        rows = list(getattr(measure, prefix).all())
        data |= {
            f"{prefix}-TOTAL_FORMS": len(rows),
            f"{prefix}-INITIAL_FORMS": len(rows),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, row in enumerate(rows):
            data[f"{prefix}-{i}-id"] = row.pk
            data[f"{prefix}-{i}-measure"] = measure.pk
            for name in fields:
                value = getattr(row, name)
                data[f"{prefix}-{i}-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def test_admin_pages_open(clerk_client, measure):
    for url in [
        "/admin/blood_donation/measure/",
        f"/admin/blood_donation/measure/{measure.pk}/change/",
        f"/admin/blood_donation/measure/{measure.pk}/history/",
        "/admin/blood_donation/honourlevel/",
        "/admin/blood_donation/fine/?q=冒名",
        "/admin/blood_donation/relative/",
        "/admin/blood_donation/donationoption/",
        "/admin/blood_donation/benefit/",
    ]:
        assert clerk_client.get(url).status_code == 200, url


def test_editing_a_figure_changes_the_calculator_and_is_kept_in_history(clerk_client, measure):
    url = f"/admin/blood_donation/measure/{measure.pk}/change/"
    before = measure.history.count()
    response = clerk_client.post(url, change_form_data(measure, window_multiple=3))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert measure.history.count() == before + 1
    assert measure.history.first().window_multiple == 3
    data = clerk_client.get(
        "/blood-donation/entitlement.json", {"as_of": "2022-01-01", "donations": "2021-01-01:400"}
    ).json()
    assert data["self_ml"] == 1200


def test_editing_an_honour_row_is_kept_in_history(clerk_client, measure):
    level = HonourLevel.objects.get(measure=measure, code="city_commendation")
    data = change_form_data(measure)
    index = list(measure.honour_levels.all()).index(level)
    data[f"honour_levels-{index}-min_ml"] = 1800
    assert (
        clerk_client.post(f"/admin/blood_donation/measure/{measure.pk}/change/", data).status_code
        == 302
    )
    assert level.history.first().min_ml == 1800
    answer = clerk_client.get(
        "/blood-donation/entitlement.json",
        {
            "as_of": "2022-01-01",
            "donations": "2020-01-01:400,2020-07-01:400,2021-01-01:400,2021-07-01:400,2021-12-01:200",
        },
    ).json()
    assert answer["honour"] == "city_commendation"


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"max_age": 70}, "年龄应满足"),
        ({"window_multiple": 0}, "应大于 0"),
        ({"age_article": "20条"}, "第二十条"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(
    clerk_client, measure, changes, field_message
):
    before = measure.history.count()
    response = clerk_client.post(
        f"/admin/blood_donation/measure/{measure.pk}/change/", change_form_data(measure, **changes)
    )
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert measure.history.count() == before
    measure.refresh_from_db()
    assert (measure.max_age, measure.window_multiple) == (55, 5)


def test_fine_range_must_be_ordered(clerk_client, measure):
    data = change_form_data(measure)
    data["fines-0-max_yuan"] = "100.00"
    response = clerk_client.post(f"/admin/blood_donation/measure/{measure.pk}/change/", data)
    assert response.status_code == 200
    assert "罚款上限不能低于下限" in response.content.decode()
    assert Fine.objects.get(pk=data["fines-0-id"]).max_yuan > 100
