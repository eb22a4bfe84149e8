"""History from the print: 印刷版 first, every later change with who, when and why, restorable."""

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from gazette_site.history import record_printed_history
from wildlife.models import Species

pytestmark = pytest.mark.django_db


def peacock():
    return Species.objects.get(name="蓝孔雀")


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def superuser_client(client):
    user = User.objects.create_superuser("history-admin", password="x")
    client.force_login(user)
    return client


def edit_price(client, species, price, reason):
    url = f"/admin/wildlife/species/{species.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(price=str(price), change_reason=reason)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_first_history_entry_of_the_blue_peacock_is_the_printed_800():
    first = peacock().history.earliest()
    assert first.history_type == "+"
    assert first.price == Decimal("800")
    assert first.history_change_reason == "印刷版：2020年第8期（总第144期） 威政办字〔2020〕50号"
    assert first.history_user is None


def test_every_loaded_record_starts_with_a_printed_entry():
    from blood_donation.models import Fine
    from documents.models import Document, Organisation, Provision
    from intermediary.models import ServiceLink
    from pricing.models import Surcharge

    for model in (Document, Provision, Organisation, Fine, Surcharge, ServiceLink, Species):
        for obj in model.objects.all()[:20]:
            assert obj.history.earliest().history_change_reason.startswith("印刷版："), obj
    provision = Provision.objects.filter(document__doc_number="威政发〔2020〕7号").first()
    assert "威政发〔2020〕7号" in provision.history.earliest().history_change_reason


def test_a_clerks_edit_shows_old_to_new_with_who_when_and_why_in_chinese(superuser_client):
    edit_price(superuser_client, peacock(), 850, "市林业局通知调整")
    latest = peacock().history.first()
    assert latest.history_change_reason == "市林业局通知调整"
    assert latest.history_user.username == "history-admin"
    page = text(superuser_client.get(f"/admin/wildlife/species/{peacock().pk}/history/"))
    for label in ("时间", "操作", "修改人", "修改原因或来源", "改动（原值 → 新值）"):
        assert label in page
    assert "CHANGES" not in page.upper().replace("改动", "")
    assert "价格（元）： 800.00 → 850.00" in page or "价格（元）：800.00 → 850.00" in page
    assert "印刷版：2020年第8期（总第144期） 威政办字〔2020〕50号" in page
    assert "市林业局通知调整" in page and "history-admin" in page


def test_restoring_the_printed_version_works_and_is_recorded(superuser_client):
    edit_price(superuser_client, peacock(), 850, "市林业局通知调整")
    printed = peacock().history.earliest()
    url = f"/admin/wildlife/species/{peacock().pk}/history/{printed.history_id}/"
    form = superuser_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    assert data["price"] in (Decimal("800"), "800.00", Decimal("800.00"))
    response = superuser_client.post(url, data)
    assert response.status_code == 302
    assert peacock().price == Decimal("800")
    restored = peacock().history.first()
    assert restored.history_change_reason.startswith("还原到")
    assert "印刷版" in restored.history_change_reason


def test_public_pages_mark_a_price_changed_since_the_print(client, superuser_client):
    edit_price(superuser_client, peacock(), 850, "市林业局通知调整")
    page = text(client.get("/wildlife/"))
    assert re.search(
        r"蓝孔雀 只 现行标准 850元 ?（印刷版 800元，\d{4}年\d{1,2}月\d{1,2}日修改）", page
    )
    calculator = text(client.get("/wildlife/calculator/?species_1=蓝孔雀&quantity_1=2"))
    assert re.search(r"850元/只 ?（印刷版 800元，\d{4}年\d{1,2}月\d{1,2}日修改）", calculator)
    # A price as printed carries no mark.
    assert page.count("（印刷版 ") == 1
    assert "鸿雁 只 400 " in page


def test_record_printed_history_is_idempotent_and_leaves_edited_records_alone():
    species = list(Species.objects.all())
    assert record_printed_history(objects=species) == 0
    assert peacock().history.count() == 1


def test_force_reload_keeps_a_clerks_edit_lists_it_and_says_so_in_history(superuser_client):
    edit_price(superuser_client, peacock(), 850, "市林业局通知调整")
    out = io.StringIO()
    call_command("load_gazette", apps="wildlife", force=True, stdout=out)
    assert (
        "保留工作人员的修改：物种补偿标准“蓝孔雀”（价格（元）：数据文件 800.00 / 现值 850.00）"
        in (out.getvalue())
    )
    assert peacock().price == Decimal("850")
    assert peacock().history.first().history_change_reason == (
        "重新载入 fixtures/wildlife/02_standard.json：保留了工作人员的修改"
    )
    # Records nobody edited are reloaded without a word in their history.
    assert Species.objects.get(name="豪猪").history.count() == 1


def test_force_reload_with_overwrite_edits_restores_the_file_and_says_so(superuser_client):
    edit_price(superuser_client, peacock(), 850, "市林业局通知调整")
    out = io.StringIO()
    call_command("load_gazette", apps="wildlife", force=True, overwrite_edits=True, stdout=out)
    assert "已覆盖工作人员的修改" in out.getvalue()
    assert peacock().price == Decimal("800")
    latest = peacock().history.first()
    assert latest.price == Decimal("800")
    assert latest.history_change_reason == (
        "重新载入 fixtures/wildlife/02_standard.json：按数据文件覆盖了工作人员的修改"
    )


def test_every_change_form_asks_for_a_reason(superuser_client):
    from blood_donation.models import Measure

    body = superuser_client.get(
        f"/admin/blood_donation/measure/{Measure.objects.get().pk}/change/"
    ).content.decode()
    assert 'name="change_reason"' in body and "修改原因" in body


def test_the_blood_donation_calculator_points_out_a_figure_changed_since_the_print(client):
    from blood_donation.models import Measure

    page = text(client.get("/blood-donation/"))
    assert "与公报印刷版不同" not in page
    measure = Measure.objects.get()
    measure.window_multiple = 4
    measure._change_reason = "测试：倍数调整"
    measure.save()
    page = text(client.get("/blood-donation/"))
    assert re.search(r"年限内免费用血倍数：现行 4（印刷版 5，\d{4}年\d{1,2}月\d{1,2}日修改）", page)


def test_the_pricing_schedule_points_out_a_rate_changed_since_the_print(client):
    from pricing.models import Surcharge

    surcharge = Surcharge.objects.get(resource="electricity", consecutive_years=2)
    surcharge.rate = Decimal("0.12")
    surcharge._change_reason = "测试：标准调整"
    surcharge.save()
    page = text(client.get("/pricing/"))
    assert re.search(
        r"电价加价（连续两年） 加价（元/单位）：现行 0\.12（印刷版 0\.10，\d{4}年\d{1,2}月\d{1,2}日修改）",
        page,
    ), page[page.find("与公报印刷版") - 10 : page.find("与公报印刷版") + 300]


def test_records_loaded_without_history_get_their_printed_entry_backfilled(superuser_client):
    # A database loaded before history from the print: the species have no history at all.
    Species.history.all().delete()
    edit_price(superuser_client, Species.objects.get(name="豪猪"), 900, "市林业局通知调整")
    out = io.StringIO()
    call_command("backfill_printed_history", stdout=out)
    report = out.getvalue()
    count = Species.objects.count()
    assert f"物种补偿标准：已补记印刷版记录 {count - 1} 条" in report
    first = peacock().history.earliest()
    assert first.price == Decimal("800")
    assert first.history_change_reason == "印刷版：2020年第8期（总第144期） 威政办字〔2020〕50号"
    # The edited record's printed value is unknown: it is listed, not given a made-up entry.
    porcupine = Species.objects.get(name="豪猪")
    assert porcupine.history.count() == 1
    assert (
        f"物种补偿标准：1 条记录的第一条修改记录不是印刷版，未补记（编号 {porcupine.pk}）" in report
    )
    again = io.StringIO()
    call_command("backfill_printed_history", stdout=again)
    assert "共补记 0 条印刷版记录。" in again.getvalue()
