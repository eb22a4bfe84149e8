"""The notice parsed from the gazette text, and the committed fixtures regenerated from it."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from gazette_text import TextError
from pricing import parsing
from pricing.models import Policy, PolicyRule, Surcharge


@pytest.fixture(scope="module")
def source_text():
    return parsing.source_path().read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def notice(source_text):
    return parsing.parse_notice(source_text)


def test_committed_fixtures_equal_the_parser_output(notice):
    texts = parsing.fixture_texts(notice)
    committed_names = sorted(p.name for p in parsing.fixture_dir().glob("*.json"))
    assert committed_names == sorted(texts), "fixtures/pricing 中有解析器不生成的文件"
    for name, text in texts.items():
        committed = (parsing.fixture_dir() / name).read_text(encoding="utf-8")
        assert committed == text, (
            f"fixtures/pricing/{name} 与解析结果不一致：运行 build_pricing_fixtures"
        )


def test_check_command_agrees():
    call_command("build_pricing_fixtures", "--check", verbosity=0)


def test_metadata(notice):
    assert notice.doc_number == "威发改发〔2020〕227号"
    assert notice.slug == "wfgf-2020-227"
    assert notice.title == "威海市发展和改革委员会关于对“亩产效益”评价企业试行差别化价格政策的通知"
    assert notice.issuer == "威海市发展和改革委员会"
    assert notice.signed_date == dt.date(2020, 7, 18)
    assert notice.effective_from == dt.date(2020, 7, 18)
    assert notice.effective_to == dt.date(2022, 2, 28)
    assert notice.registration_no == "WHCR—2020—0320001"
    assert (notice.first_line, notice.last_line) == (1284, 1320)


def test_steps_as_printed(notice):
    found = {(s.resource, s.consecutive_years, s.and_more): s.rate for s in notice.steps}
    assert found == {
        ("electricity", 1, False): Decimal("0.05"),
        ("electricity", 2, False): Decimal("0.10"),
        ("electricity", 3, True): Decimal("0.15"),
        ("water", 1, False): Decimal("0.15"),
        ("water", 2, False): Decimal("0.30"),
        ("water", 3, True): Decimal("0.45"),
    }
    water = [s for s in notice.steps if s.resource == "water"]
    assert {s.basis for s in water} == {"计划内用水量"}


def test_page_break_inside_a_word_is_joined_and_recorded(notice):
    first = next(
        s for s in notice.steps if s.resource == "electricity" and s.consecutive_years == 1
    )
    assert first.source_text == "第一年列入D类的，用电价格每千瓦时加价0.05元"
    assert first.lines == [1294, 1296]
    assert any("每千" in n and "瓦时" in n for n in first.notes)


def test_readings_are_recorded(notice):
    second = next(
        s for s in notice.steps if s.resource == "electricity" and s.consecutive_years == 2
    )
    assert second.printed_rate == "0.1"
    assert any("0.10元" in n for n in second.notes)
    third_water = next(
        s for s in notice.steps if s.resource == "water" and s.consecutive_years == 3
    )
    assert any("列为D类" in n for n in third_water.notes)
    assert any("多余空格" in n for n in notice.notes)


def test_anchors_follow_the_numbered_sections(notice):
    anchors = {p.text[:6]: p.anchor for p in notice.paragraphs}
    assert anchors["企业同时执行"] == "一"
    assert anchors["对实际用水量"] == "二"
    assert anchors["（一）供电、"] == "三-（一）"
    assert anchors["（二）政策执"] == "三-（二）"
    assert anchors["本通知自20"] == ""


def test_square_brackets_read_the_same(source_text):
    variant = source_text.replace("威发改发〔2020〕227号", "威发改发[2020]227 号")
    assert parsing.parse_notice(variant).doc_number == "威发改发〔2020〕227号"


def test_missing_validity_sentence_is_an_error_not_a_guess(source_text):
    broken = source_text.replace("有效期至 2022 年 2 月 28 日。", "")
    with pytest.raises(TextError):
        parsing.parse_notice(broken)


def test_missing_step_is_an_error(source_text):
    broken = source_text.replace("用电价格每千瓦时加价0.15元", "用电价格加价")
    # Two steps remain for electricity; water is intact, so parsing works but the step is gone.
    notice = parsing.parse_notice(broken)
    assert ("electricity", 3) not in {(s.resource, s.consecutive_years) for s in notice.steps}


def test_command_rewrites_a_stale_fixture_and_check_reports_it(tmp_path, settings, notice):
    source = parsing.source_path()
    settings.BASE_DIR = tmp_path
    settings.GAZETTE_SOURCE = str(source)
    folder = tmp_path / "fixtures" / "pricing"
    folder.mkdir(parents=True)
    (folder / "02_policy.json").write_text("[]\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不一致"):
        call_command("build_pricing_fixtures", "--check", verbosity=0)
    call_command("build_pricing_fixtures", verbosity=0)
    for name, text in parsing.fixture_texts(notice).items():
        assert (folder / name).read_text(encoding="utf-8") == text
    call_command("build_pricing_fixtures", "--check", verbosity=0)


def test_command_reports_a_missing_source(tmp_path, settings):
    settings.GAZETTE_SOURCE = str(tmp_path / "missing.txt")
    with pytest.raises(CommandError, match="无法解析"):
        call_command("build_pricing_fixtures", "--check", verbosity=0)


@pytest.mark.django_db
def test_loaded_fixtures_match_the_files():
    data = json.loads((parsing.fixture_dir() / "02_policy.json").read_text(encoding="utf-8"))
    assert Policy.objects.count() == sum(o["model"] == "pricing.policy" for o in data)
    assert Surcharge.objects.count() == 6
    assert PolicyRule.objects.count() == len(parsing.RULES)
