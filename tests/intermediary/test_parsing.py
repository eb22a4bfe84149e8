"""The parser reads 威政字〔2020〕49号's catalogue as printed, with every reading recorded."""

import json

import pytest
from django.core.management import CommandError, call_command

from gazette_text import TextError
from intermediary import parsing
from intermediary.parsing import (
    FIXTURE_FILES,
    catalogue_readings,
    cn_number,
    fixture_objects,
    line_list,
    parse,
    parse_source,
    read_source,
    squeeze,
    squeeze_name,
)
from tests.intermediary.conftest import FIXTURE_DIR

# The department headings as printed (十、 is missing and read from context), with the
# first and last item number printed under each.
PRINTED_DEPARTMENTS = {
    1: ("市工业和信息化局", 1, 3),
    2: ("市公安局", 4, 5),
    3: ("市民政局", 6, 6),
    4: ("市财政局", 7, 10),
    5: ("市自然资源和规划局", 11, 14),
    6: ("市生态环境局", 15, 15),
    7: ("市交通运输局", 16, 19),
    8: ("市文化和旅游局", 20, 20),
    9: ("市卫生健康委", 21, 26),
    10: ("市应急管理局", 27, 31),
    11: ("行政审批服务局", 32, 61),
    12: ("市场监管局", 62, 63),
    13: ("市人防办", 64, 64),
}


@pytest.fixture(scope="module")
def catalogue():
    return parse_source()


@pytest.fixture(scope="module")
def services(catalogue):
    return {s.no: s for s in catalogue.services}


def test_committed_fixture_equals_the_parser_output(catalogue):
    expected = fixture_objects(catalogue)
    assert set(expected) == set(FIXTURE_FILES)
    for name in FIXTURE_FILES:
        committed = json.loads((FIXTURE_DIR / name).read_text(encoding="utf-8"))
        assert committed == expected[name], (
            f"{name} 与解析结果不同：请运行 manage.py parse_intermediary"
        )


def test_the_command_checks_the_committed_files():
    call_command("parse_intermediary", "--check", verbosity=0)


def test_the_command_refuses_a_source_that_does_not_read(tmp_path):
    broken = tmp_path / "gazette.txt"
    broken.write_text("\n".join(read_source()[:450]), encoding="utf-8")
    with pytest.raises(CommandError, match="解析失败"):
        call_command("parse_intermediary", "--check", "--source", str(broken), verbosity=0)


def test_the_notice_states_64_items_and_the_table_has_them(catalogue):
    assert catalogue.stated_count == 64
    assert [s.no for s in catalogue.services] == list(range(1, 65))


def test_departments_and_their_printed_item_numbers(catalogue):
    assert [(d.order, d.name) for d in catalogue.departments] == [
        (order, name) for order, (name, _, _) in PRINTED_DEPARTMENTS.items()
    ]
    for order, (_, first, last) in PRINTED_DEPARTMENTS.items():
        numbers = [s.no for s in catalogue.services if s.department == order]
        assert numbers == list(range(first, last + 1)), order


def test_the_missing_heading_is_read_and_explained(catalogue):
    tenth = next(d for d in catalogue.departments if d.order == 10)
    assert tenth.line is None
    assert "缺印第十个部门标题" in tenth.note
    assert "第27–31项" in tenth.note
    assert all(d.note == "" for d in catalogue.departments if d.order != 10)


def test_every_item_has_a_matter_and_every_matter_a_type(catalogue):
    for service in catalogue.services:
        assert service.links, service.no
        for link in service.links:
            assert link.fee_basis and link.time_limit, (service.no, link.matter)
    assert all(m.matter_type in parsing.MATTER_TYPES for m in catalogue.matters)


def test_items_continued_across_page_breaks_are_one_item_with_all_their_matters(services):
    assert services[11].label_lines == [491, 495]
    assert [link.matter for link in services[11].links] == [
        "单独选址的建设项目使用土地审核",
        "建设项目用地以有偿方式使用国有建设用地审查",
    ]
    assert services[28].label_lines == [554, 560, 568]
    assert len(services[28].links) == 8
    danger = next(
        link for link in services[28].links if link.matter == "危险化学品生产企业安全生产许可"
    )
    assert danger.sub_items == [
        "危险化学品生产企业安全生产许可(首次申请)",
        "危险化学品生产企业安全生产许可(延期申请)",
        "危险化学品生产企业安全生产许可(变更申请)",
    ]
    assert len(danger.bases) == 3
    assert services[46].label_lines == [636, 641]
    assert len(services[46].links) == 1
    assert len(services[46].links[0].sub_items) == 3
    assert [len(services[no].links) for no in (30, 56, 57)] == [4, 3, 3]


def test_a_matter_served_by_several_items_is_one_record(catalogue, services):
    names = [m.name for m in catalogue.matters]
    assert len(names) == len(set(names))
    company = "公司(企业)设立、变更、注销登记"
    assert [
        s.no for s in catalogue.services if any(link.matter == company for link in s.links)
    ] == [
        32,
        62,
        63,
    ]


def test_rows_read_into_another_item_are_explained_on_both(services):
    assert services[5].links[0].matter == "爆破作业单位许可证核发"
    assert [link.matter for link in services[4].links] == ["核发机动车检验合格标志"]
    assert "第474行" in services[5].source_note and "第474行" in services[4].source_note
    assert services[12].links[0].matter == "国有土地使用权作价出资或者入股审核"
    assert "勘测定界" in services[12].links[0].legal_basis
    assert [link.matter for link in services[42].links] == ["对外劳务合作经营资格核准"]
    assert "第621行" in services[42].source_note and "第621行" in services[41].source_note
    assert "非公募基金会成立、变更、注销登记" in [link.matter for link in services[56].links]
    assert "非公募基金会成立、变更、注销登记" not in [link.matter for link in services[57].links]
    assert "第665行" in services[57].source_note


def test_every_reading_is_noted_on_the_item_it_concerns(services):
    for line, reading in catalogue_readings().rows.items():
        if not reading.note:
            continue
        owners = [s for s in services.values() if line in s.lines]
        assert len(owners) == 1, line
        assert reading.note in owners[0].source_note, line
        for other, note in reading.other_notes:
            assert note in services[other].source_note, (line, other)


def test_merged_cells_and_displaced_bases(services):
    # Item 8 shares item 7's basis; item 13 shares item 14's fee and time.
    assert services[8].links[0].legal_basis == services[7].links[0].legal_basis
    assert "第484行设定依据空白" in services[8].source_note
    assert services[13].links[0].fee_basis == "市场调节价"
    assert services[13].links[0].legal_basis.startswith("《不动产登记暂行条例》")
    assert "实施细则" in services[13].links[0].legal_basis
    assert services[14].links[0].legal_basis.startswith("《山东省国有土地储备办法》")
    # Items 22–26 sit on a page without a 设定依据 column: nothing is invented.
    assert all(not link.bases for no in range(22, 27) for link in services[no].links)
    assert "原文未印设定依据" in services[22].source_note


def test_names_lose_stray_spaces_and_numbers_use_full_width_brackets(services):
    assert services[14].name == "拟收购土地及地上建筑物、构筑物价值评估"
    assert services[28].name == "安全评价报告(预评价、现状评价)"
    assert services[27].links[0].fee_basis.endswith("(鲁价费函〔2017〕43号)")
    assert services[18].links[0].fee_basis == services[27].links[0].fee_basis
    assert "第525行" in services[18].source_note
    assert "财金〔2019〕93号" in services[7].links[0].legal_basis
    assert "<p>" not in services[34].links[0].legal_basis
    assert services[34].links[0].legal_basis.count("\n") == 2


def test_split_sub_items(services):
    assert services[2].links[0].sub_items == [
        "申报工业设计基地",
        "申报工业设计中心企业",
        "申报工业设计中心",
    ]
    assert services[29].links[0].sub_items[2] == "生产、储存危险化学品的建设项目安全设施设计审查"
    assert services[63].links[0].sub_items == [
        "外商投资合伙企业设立登记",
        "外商投资合伙企业变更登记",
    ]
    assert services[6].links[0].sub_items == []


def test_the_notice_rules_are_quoted(catalogue):
    topics = {r.topic: r for r in catalogue.rules}
    assert "威政字〔2018〕40号" in topics["2018年清单废止"].text
    assert topics["2018年清单废止"].text.endswith("起废止。")
    assert "合法性审查" in topics["动态调整与新设审查"].text
    assert "服务时限" in topics["公开内容"].text


def test_a_type_printed_two_ways_fails_loudly():
    lines = read_source()
    lines[516] = lines[516].replace("行政许可", "行政确认")  # line 517, same matter as 516
    with pytest.raises(TextError, match="类型"):
        parse(lines)


def test_a_changed_count_fails_loudly():
    lines = read_source()
    lines[450] = lines[450].replace("64项", "65项")
    with pytest.raises(TextError, match="1–65"):
        parse(lines)


def test_an_unplaceable_cell_fails_loudly():
    lines = read_source()
    lines[609] += "\t多出来的一格"  # line 610
    with pytest.raises(TextError, match="第610行"):
        parse(lines)


def test_text_helpers():
    assert cn_number("十三") == 13 and cn_number("十") == 10 and cn_number("四") == 4
    with pytest.raises(TextError):
        cn_number("十十")
    assert line_list([552, 553, 560, 561, 562, 570]) == "552–553、560–562、570"
    assert squeeze_name("其他行政 权力") == "其他行政权力"
    assert (
        squeeze("(1994 年 6 月国务院令 第 156 号) (GB 18565)")
        == "(1994年6月国务院令第156号) (GB 18565)"
    )
