"""Per-app clerk groups, and rule sets that clerks supersede but never delete."""

import datetime as dt
import io
import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command

from blood_donation.models import DonationOption, Measure
from blood_donation.services import measure_supersede
from documents.clerks import clerk_groups
from documents.models import Document
from pricing.models import Policy
from rewards.models import AwardScheme

pytestmark = pytest.mark.django_db

PASSWORD = "Wh-clerk-2026-pass"


def make_clerk(username, apps, monkeypatch):
    monkeypatch.setenv("CLERK_PASSWORD", PASSWORD)
    out = io.StringIO()
    call_command("create_clerk", username, apps=apps, stdout=out)
    assert "已创建工作人员账号" in out.getvalue()
    return User.objects.get(username=username)


def test_every_group_exists_with_a_chinese_name():
    names = set(Group.objects.values_list("name", flat=True))
    assert {g.name for g in clerk_groups()} <= names
    assert {"野生动物数据维护员", "差别化价格数据维护员", "公报发布员"} <= names
    assert "clerks" not in names


def test_create_clerk_puts_the_account_in_the_named_groups_only(monkeypatch):
    user = make_clerk("zhang", "wildlife,pricing", monkeypatch)
    assert user.is_staff and not user.is_superuser
    assert set(user.groups.values_list("name", flat=True)) == {
        "野生动物数据维护员",
        "差别化价格数据维护员",
    }
    assert user.check_password(PASSWORD)


def test_create_clerk_refuses_an_unknown_app(monkeypatch):
    monkeypatch.setenv("CLERK_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="没有这些数据组：weather"):
        call_command("create_clerk", "li", apps="wildlife,weather")
    assert not User.objects.filter(username="li").exists()


def test_a_wildlife_clerk_gets_403_on_pricings_admin(client, monkeypatch):
    clerk = make_clerk("wang", "wildlife", monkeypatch)
    client.force_login(clerk)
    assert client.get("/admin/wildlife/species/").status_code == 200
    # Django hides an app the user has no permission in (its index answers 404).
    assert client.get("/admin/pricing/").status_code == 404
    for url in (
        "/admin/pricing/policy/",
        f"/admin/pricing/policy/{Policy.objects.first().pk}/change/",
        "/admin/pricing/evaluation/import/",
        "/admin/blood_donation/measure/",
    ):
        assert client.get(url).status_code == 403, url
    index = client.get("/admin/").content.decode()
    assert "野生动物" in index and "/admin/pricing/" not in index


def test_old_single_clerks_group_members_move_to_the_app_groups():
    from documents.services import clerk_groups_sync

    legacy = Group.objects.create(name="clerks")
    user = User.objects.create_user("old-clerk", is_staff=True)
    user.groups.add(legacy)
    clerk_groups_sync()
    assert not Group.objects.filter(name="clerks").exists()
    assert set(user.groups.values_list("name", flat=True)) == {g.name for g in clerk_groups()}


@pytest.fixture
def blood_clerk(client, monkeypatch):
    clerk = make_clerk("zhao", "blood_donation", monkeypatch)
    client.force_login(clerk)
    return clerk


def test_a_clerk_cannot_delete_the_blood_donation_measure_and_the_calculator_keeps_working(
    client, blood_clerk
):
    measure = Measure.objects.get()
    url = f"/admin/blood_donation/measure/{measure.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    changelist = client.get("/admin/blood_donation/measure/").content.decode()
    assert "delete_selected" not in changelist
    # The bulk action cannot be forced either.
    client.post(
        "/admin/blood_donation/measure/",
        {"action": "delete_selected", "_selected_action": [measure.pk], "post": "yes"},
    )
    option = DonationOption.objects.filter(measure=measure).first()
    assert (
        client.post(
            f"/admin/blood_donation/donationoption/{option.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert DonationOption.objects.filter(pk=option.pk).exists()
    assert client.get("/blood-donation/").status_code == 200
    answer = client.get(
        "/blood-donation/entitlement.json", {"donations": "2021-01-01:400", "as_of": "2021-06-01"}
    )
    assert answer.status_code == 200
    assert json.loads(answer.content)["self_ml"] > 0


@pytest.mark.parametrize(
    ("model", "children"),
    [(Measure, "donation_options"), (Policy, "surcharges"), (AwardScheme, "prizes")],
)
def test_rule_sets_cannot_be_deleted_even_in_code_while_their_rows_exist(model, children):
    from django.db.models import ProtectedError

    record = model.objects.first()
    count = getattr(record, children).count()
    with pytest.raises(ProtectedError):
        record.delete()
    assert getattr(model.objects.get(pk=record.pk), children).count() == count


def test_bulk_delete_is_not_offered_where_it_would_cascade(rf, monkeypatch):
    from django.contrib import admin

    from pricing.models import Enterprise, Evaluation
    from wildlife.models import Disposal

    request = rf.get("/admin/")
    request.user = make_clerk("sun", "pricing,wildlife", monkeypatch)

    def offered(model):
        return "delete_selected" in admin.site._registry[model].get_actions(request)

    # An enterprise takes its evaluations with it: no bulk delete.
    assert not offered(Enterprise)
    # An evaluation or a disposal takes nothing with it: the action stays.
    assert offered(Evaluation) and offered(Disposal)
    request.user = User.objects.create_superuser("root-admin", password="x")
    assert offered(Enterprise)


def test_a_superseded_measure_is_kept_and_each_version_governs_its_own_dates(client, admin_user):
    old = Measure.objects.get()
    amending = Document.objects.create(
        doc_number="威政发〔2025〕99号",
        slug="wzf-2025-99",
        title="威海市无偿献血者及其亲属免费用血办法（修订）",
        signed_date=dt.date(2025, 10, 1),
        effective_from=dt.date(2025, 11, 1),
        effective_to=dt.date(2030, 10, 31),
    )
    new = measure_supersede(
        measure=old, document=amending, acting_user=admin_user, reason="新办法施行"
    )
    new.window_multiple = 5
    new.save()
    assert Measure.objects.count() == 2
    assert new.donation_options.count() == old.donation_options.count() > 0
    assert "取代 威政发〔2020〕7号" in new.history.last().history_change_reason
    before = client.get(
        "/blood-donation/entitlement.json", {"donations": "2021-01-01:400", "as_of": "2021-06-01"}
    )
    after = client.get(
        "/blood-donation/entitlement.json", {"donations": "2026-01-01:400", "as_of": "2026-06-01"}
    )
    assert json.loads(before.content)["self_ml"] == 400 * old.window_multiple
    assert json.loads(after.content)["self_ml"] == 400 * 5
