"""The standard is read from the gazette text by code and reproduces the printed table."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from gazette_text import TextError
from wildlife import parsing
from wildlife.management.commands.wildlife_standard_fixture import render


@pytest.fixture(scope="module")
def source() -> str:
    return parsing.read_source()


@pytest.fixture(scope="module")
def parsed(source):
    return parsing.parse_plan(source)


def test_committed_fixture_is_the_parser_output(parsed):
    committed = parsing.fixture_path().read_text(encoding="utf-8")
    assert committed == render(parsing.fixture_objects(parsed))


def test_check_command_agrees_with_the_committed_fixture():
    call_command("wildlife_standard_fixture", "--check")


def test_commands_read_the_configured_source_unless_given_one(tmp_path, settings, source):
    changed = tmp_path / "changed.txt"
    changed.write_text(source.replace("3\t刺猬\t只\t50", "3\t刺猬\t只\t55"), encoding="utf-8")
    real = parsing.default_source_path()
    settings.GAZETTE_SOURCE = changed
    with pytest.raises(CommandError, match="不一致"):
        call_command("wildlife_standard_fixture", "--check")
    call_command("wildlife_standard_fixture", "--check", "--source", str(real))


def test_check_command_fails_when_the_source_differs(tmp_path, source):
    changed = source.replace("3\t刺猬\t只\t50", "3\t刺猬\t只\t55")
    path = tmp_path / "gazette.txt"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(CommandError, match="不一致"):
        call_command("wildlife_standard_fixture", "--check", "--source", str(path))


def printed_rows(source: str) -> list[str]:
    """The table rows exactly as printed under the header of 附件2."""
    lines = source.splitlines()
    start = lines.index("序号\t种类\t单位\t价格 (元)")
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            continue
        if line.startswith("注"):
            break
        rows.append(line)
    return rows


@pytest.mark.django_db
def test_database_standard_reproduces_the_printed_table(source, plan):
    rows = printed_rows(source)
    assert len(rows) == 13
    shown = [
        f"{s.number}\t{s.name}\t{s.unit}\t{s.price:f}".replace(".00", "")
        for s in plan.species.order_by("number")
    ]
    assert shown == rows


@pytest.mark.django_db
def test_juvenile_price_only_for_blue_peafowl(source, species):
    assert "注：蓝孔雀幼体(当年孵化的)每只 200 元。" in source
    with_juvenile = {name: s for name, s in species.items() if s.juvenile_price is not None}
    assert list(with_juvenile) == ["蓝孔雀"]
    assert with_juvenile["蓝孔雀"].juvenile_price == Decimal("200")
    assert with_juvenile["蓝孔雀"].juvenile_definition == "当年孵化的"
    assert species["王锦蛇"].unit == "斤"
    assert {s.unit for n, s in species.items() if n != "王锦蛇"} == {"只"}


def test_plan_parameters_come_from_their_sentences(parsed):
    assert parsed.doc_number == "威政办字〔2020〕50号"
    assert parsed.signed_date == dt.date(2020, 8, 22)
    assert (parsed.city_share_parts, parsed.county_share_parts) == (5, 5)
    assert parsed.registration_cutoff == dt.date(2020, 7, 31)
    assert parsed.completion_deadline == dt.date(2020, 8, 31)
    assert parsed.title == "关于印发威海市在养禁食陆生野生动物后续处置工作方案的通知"
    assert parsed.standard_title == "威海市在养禁食陆生野生动物人工繁育主体第一批退出补偿指导标准"
    assert len(parsed.batch_species) == 13


def test_five_scope_categories_and_the_fifth_is_left_to_districts(parsed):
    assert [s["label"] for s in parsed.scopes] == ["一", "二", "三", "四", "五"]
    assert parsed.scopes[3]["text"] == "建档立卡贫困养殖户。"
    assert parsed.scopes[2]["text"].startswith("2020年2月24日前")
    assert [s["city_compensated"] for s in parsed.scopes] == [True, True, True, True, False]


def test_four_disposal_methods_and_their_conditions(parsed):
    methods = {m["name"]: m for m in parsed.methods}
    assert list(methods) == ["野外放归", "转非食用合法用途", "收容饲养和调配", "无害化处理"]
    release = methods["野外放归"]
    assert release["native_species_only"] and release["needs_assessment"]
    assert release["approval"] == "national_key"
    assert release["approval_authority"] == "省自然资源厅"
    assert methods["无害化处理"]["approval"] == "always"
    assert methods["无害化处理"]["approval_authority"] == "省自然资源厅"
    # The page break inside 措施 (lines 1097/1099) is joined.
    assert "对确不能采取上述措施处置的" in methods["无害化处理"]["text"]
    assert methods["转非食用合法用途"]["needs_receiving_unit"]
    assert methods["收容饲养和调配"]["needs_receiving_unit"]
    assert not methods["无害化处理"]["needs_receiving_unit"]
    assert methods["转非食用合法用途"]["approval"] == "never"


def test_parser_refuses_a_table_that_disagrees_with_the_batch_list(source):
    broken = source.replace("13\t王锦蛇\t斤\t100\n", "")
    with pytest.raises(TextError):
        parsing.parse_plan(broken)


def test_parser_accepts_square_brackets_in_the_number(source):
    plan = parsing.parse_plan(source.replace("威政办字〔2020〕50号\n", "威政办字[2020]50号\n"))
    assert plan.doc_number == "威政办字〔2020〕50号"


def test_fixture_rows_have_stable_natural_keys_and_no_ids(parsed):
    objects = parsing.fixture_objects(parsed)
    assert not any("pk" in o for o in objects)
    keys = [
        (
            o["model"],
            *(o["fields"].get("plan") or [o["fields"]["document"][0]]),
            o["fields"].get("number"),
        )
        for o in objects
    ]
    assert len(keys) == len(set(keys)) == 1 + 5 + 4 + 13
    json.dumps(objects)  # serialisable as written
