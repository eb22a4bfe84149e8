"""The committed fixture is exactly what the parser reads from the gazette text."""

import json

import pytest
from django.core.management import CommandError, call_command

from blood_donation.parsing import (
    FIXTURE,
    default_source,
    fixture_records,
    parse_measure,
)
from gazette_text import TextError


@pytest.fixture(scope="module")
def source_text():
    return default_source().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def draft(source_text):
    return parse_measure(source_text)


def test_committed_fixture_equals_parser_output(draft):
    committed = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert committed == fixture_records(draft)


def test_check_command_agrees():
    call_command("blood_donation_fixture", "--check")


def test_printed_figures(draft):
    assert draft.doc_number == "威政发〔2020〕7号"
    assert draft.title == "威海市无偿献血管理办法"
    assert draft.signed_date.isoformat() == "2020-08-18"
    assert (draft.effective_from.isoformat(), draft.effective_to.isoformat()) == (
        "2020-11-01",
        "2025-10-31",
    )
    assert (draft.min_age, draft.max_age, draft.repeat_donor_max_age) == (18, 55, 60)
    assert draft.whole_blood_ml == [200, 300, 400]
    assert draft.platelet_units == [1, 2]
    assert draft.unlimited_threshold_ml == 1000
    assert (draft.window_years, draft.window_multiple, draft.lifetime_multiple) == (5, 5, 1)
    assert draft.relatives_multiple == 1
    assert draft.relatives == ["配偶", "父母", "子女", "配偶父母", "子女配偶"]
    assert draft.reimbursement_text.startswith(
        "献血者及其受益人免交临床用血费用的，免费部分可以在就诊的医疗机构予以核销"
    )
    assert draft.reimbursement_text.endswith("用血收费凭据和亲属关系证明由血站报销。")
    assert [(h["min_ml"], h["below_ml"]) for h in draft.honours] == [(2000, 4000), (4000, None)]
    assert draft.benefits == [
        "免费游览政府投资主办的公园、旅游风景区等场所",
        "到公立医疗机构就诊免交门诊诊查费",
        "免费乘坐城市公共汽车",
    ]
    fines = [(f["offender"], f["min_yuan"], f["max_yuan"], f["other_penalty"]) for f in draft.fines]
    assert fines == [
        ("unit", "5000.00", "50000.00", ""),
        ("individual", "500.00", "5000.00", ""),
        ("unit", "500.00", "5000.00", "没收该证件"),
        ("individual", "500.00", "5000.00", "没收该证件"),
    ]


def test_changed_wording_fails_loudly(source_text):
    broken = source_text.replace("累计献血不满1000毫升的", "累计献血不足一千毫升的")
    with pytest.raises(TextError, match="第二十条"):
        parse_measure(broken)


def test_changed_figure_is_read(source_text):
    changed = source_text.replace("年龄可以延长至 60 周岁", "年龄可以延长至 65 周岁")
    assert parse_measure(changed).repeat_donor_max_age == 65


def test_command_reports_missing_source(tmp_path):
    with pytest.raises(CommandError, match="无法读取"):
        call_command("blood_donation_fixture", "--source", str(tmp_path / "none.txt"), "--check")


def test_command_reads_the_configured_source_unless_given_one(tmp_path, settings):
    real = default_source()
    settings.GAZETTE_SOURCE = tmp_path / "missing.txt"
    with pytest.raises(CommandError, match="无法读取"):
        call_command("blood_donation_fixture", "--check")
    call_command("blood_donation_fixture", "--check", "--source", str(real))


def test_command_writes_a_loadable_fixture(tmp_path):
    output = tmp_path / "measure.json"
    call_command("blood_donation_fixture", "--output", str(output))
    assert output.read_text(encoding="utf-8") == FIXTURE.read_text(encoding="utf-8")
