"""The committed fixture is what the parser reads from the gazette text, and the parser fails loudly."""

import json

import pytest
from django.core.management import CommandError, call_command

from gazette_text import TextError
from rewards import parsing


@pytest.fixture(scope="module")
def lines():
    path = parsing.default_source_path()
    assert path.exists(), f"公报原文不在 {path}（项目内 sources/）"
    return parsing.read_source(path)


def test_committed_fixture_equals_parser_output(lines):
    committed = json.loads(parsing.fixture_path().read_text(encoding="utf-8"))
    assert committed == parsing.fixture_objects(parsing.parse_award(lines), parsing.parse_ip(lines))


def test_units_keep_their_source_lines(lines):
    award = parsing.document_text(lines, parsing.AWARD_DOC)
    assert award.title == "威海市鼓励金融业发展奖励办法"
    assert (award.title_line, award.signed_line) == (62, 60)
    assert award.units["第六条"].first_line == 78
    regulators = award.units["第六条-（二）"]
    # “40 万” ends line 90 and “元。” opens line 92: glued, and the join recorded.
    assert (regulators.first_line, regulators.last_line, regulators.joins) == (90, 92, [92])
    assert regulators.text.startswith("对监管机构的奖金不超过40万元。")
    assert award.units["第十条-（一）"].text == "不服从市委、市政府决策部署的；"

    ip = parsing.document_text(lines, parsing.IP_DOC)
    assert ip.title == "威海市知识产权质押融资风险补偿实施办法"
    standard = ip.units["第八条-（二）"]
    assert (standard.first_line, standard.last_line) == (1388, 1390)
    assert "第一个业务年度最高不超过100万元" in standard.text
    # The document ends before the appointments list that follows it in the issue.
    assert list(ip.units)[-1] == "第十四条"


def test_award_figures_as_printed(lines):
    award = parsing.parse_award(lines)
    assert (award.total_cap_wan, award.institution_cap_wan, award.regulator_cap_wan) == (
        300,
        260,
        40,
    )
    assert award.min_operating_years == 2
    assert [(s.sector, s.budget_wan) for s in award.sectors] == [
        ("bank", 168),
        ("insurance", 56),
        ("securities", 24),
        ("local_finance", 12),
        ("regulator", 40),
    ]
    assert award.measure.effective_from.isoformat() == "2020-08-18"
    assert award.measure.effective_to.isoformat() == "2025-08-17"


def test_ip_figures_as_printed(lines):
    ip = parsing.parse_ip(lines)
    assert (ip.provincial_pct, ip.city_pct) == (40, 20)
    assert (ip.first_year_city_cap_wan, ip.later_city_cap_ceiling_wan) == (100, 150)
    assert ip.measure.effective_from.isoformat() == "2020-08-23"
    assert ip.measure.effective_to.isoformat() == "2023-08-22"
    roles = [c.role for c in ip.conditions]
    assert roles.count("enterprise") == 2 and roles.count("bank") == 4


def test_changed_sentence_fails_loudly(lines):
    unreadable = [line.replace("奖金各 15 万元", "奖金若干") for line in lines]
    with pytest.raises(TextError, match="对不上"):
        parsing.parse_award(unreadable)
    broken = [line.replace("对银行业金融机构的奖金为 168 万元", "对银行业的奖金") for line in lines]
    with pytest.raises(TextError, match="第六条-（一）-1"):
        parsing.parse_award(broken)
    missing = [line.replace("以后年度根据银行绩效考核情况", "以后年度") for line in lines]
    with pytest.raises(TextError, match="第八条-（二）"):
        parsing.parse_ip(missing)


def test_commands_read_the_configured_source_unless_given_one(tmp_path, settings):
    real = parsing.default_source_path()
    settings.GAZETTE_SOURCE = tmp_path / "missing.txt"
    assert parsing.default_source_path() == tmp_path / "missing.txt"
    with pytest.raises(CommandError, match="无法解析原文"):
        call_command("rewards_fixture", "--check")
    call_command("rewards_fixture", "--check", "--source", str(real))


def test_normalise_drops_print_spaces():
    assert parsing.normalise("每年不超过 300 万元，") == "每年不超过300万元，"
    assert parsing.normalise("**威市监发〔2020〕56 号**") == "威市监发〔2020〕56号"
    assert parsing.normalise("不低于 8%，") == "不低于8%，"
