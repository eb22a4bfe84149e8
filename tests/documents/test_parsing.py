"""The parser against the real issue text: what a clerk would check in the draft."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from documents.drafts import render_fixture
from documents.parsing import join_paragraphs, parse_issue, squeeze_cjk_spaces, table_block

SOURCE = settings.GAZETTE_SOURCE
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "documents" / "10_issue_2020_08.json"


@pytest.fixture(scope="module")
def draft():
    return parse_issue(SOURCE.read_text(encoding="utf-8"))


def by_number(draft, number):
    return next(d for d in draft.documents if d.doc_number == number)


def test_masthead(draft):
    assert (draft.year, draft.number, draft.cumulative_number) == (2020, 8, 144)
    assert draft.sponsor == "威海市人民政府"
    assert draft.sections == ["市政府文件", "市政府办公室文件", "部门规范性文件", "人事任免"]


def test_table_of_contents_in_printed_order_with_pages(draft):
    assert [(e.doc_number, e.page) for e in draft.toc] == [
        ("威政发〔2020〕6号", 3),
        ("威政发〔2020〕7号", 5),
        ("威政发〔2020〕8号", 10),
        ("威政字〔2020〕48号", 15),
        ("威政字〔2020〕49号", 20),
        ("威政办发〔2020〕5号", 47),
        ("威政办字〔2020〕48号", 52),
        ("威政办字〔2020〕50号", 75),
        ("威政办字〔2020〕51号", 82),
        ("威发改发〔2020〕227号", 85),
        ("威市监发〔2020〕56号", 86),
        ("", 90),
    ]
    assert draft.toc[-1].title == "威海市人民政府任免的工作人员名单"


def counts(doc):
    result: dict[str, int] = {}
    for p in doc.provisions:
        result[p.kind] = result.get(p.kind, 0) + 1
    return result


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("威政发〔2020〕6号", {"article": 13, "subsection": 6, "item": 4}),
        ("威政发〔2020〕7号", {"chapter": 5, "article": 30, "subsection": 5, "paragraph": 1}),
        ("威政发〔2020〕8号", {"section": 3, "subsection": 12, "item": 11}),
        ("威政字〔2020〕48号", {"section": 4, "subsection": 9, "item": 5}),
        ("威政办发〔2020〕5号", {"section": 6, "item": 20}),
        ("威政办字〔2020〕48号", {"section": 3, "subsection": 11, "item": 20}),
        ("威政办字〔2020〕50号", {"section": 4, "subsection": 17}),
        ("威政办字〔2020〕51号", {"section": 6, "subsection": 17}),
        ("威发改发〔2020〕227号", {"section": 3, "subsection": 2}),
        ("威市监发〔2020〕56号", {"article": 14, "subsection": 14}),
    ],
)
def test_structure_of_each_document(draft, number, expected):
    assert counts(by_number(draft, number)) == expected


def test_articles_are_numbered_without_gaps(draft):
    for number, total in [
        ("威政发〔2020〕6号", 13),
        ("威政发〔2020〕7号", 30),
        ("威市监发〔2020〕56号", 14),
    ]:
        doc = by_number(draft, number)
        articles = [p.anchor for p in doc.provisions if p.kind == "article"]
        assert len(articles) == total
        assert articles[0] == "第一条" and articles[-1] == f"第{_cn(total)}条"


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def test_article_twenty_of_the_blood_measure_is_whole(draft):
    art = next(
        p for p in by_number(draft, "威政发〔2020〕7号").provisions if p.anchor == "第二十条"
    )
    assert art.parent_anchor == "第三章"
    assert "献血者累计献血不满1000毫升的" in art.text
    assert "配偶、父母、子女、配偶父母、子女配偶" in art.text


def test_a_paragraph_after_a_closed_list_belongs_to_the_article(draft):
    provisions = {p.anchor: p for p in by_number(draft, "威政发〔2020〕7号").provisions}
    clause = provisions["第二十六条-第二款"]
    assert clause.kind == "paragraph" and clause.parent_anchor == "第二十六条"
    assert clause.text.startswith("对无偿献血量累计达 4000 毫升及以上")
    assert "4000" not in provisions["第二十六条-（五）"].text


def test_dates_and_validity(draft):
    expected = {
        "威政发〔2020〕6号": ("2020-08-18", "2020-08-18", "2025-08-17"),
        "威政发〔2020〕7号": ("2020-08-18", "2020-11-01", "2025-10-31"),
        "威政办字〔2020〕51号": ("2020-08-30", "2020-08-30", "2021-08-29"),
        "威发改发〔2020〕227号": ("2020-07-18", "2020-07-18", "2022-02-28"),
        "威市监发〔2020〕56号": ("2020-07-22", "2020-08-23", "2023-08-22"),
        "威政办字〔2020〕50号": ("2020-08-22", None, None),
        "威政任〔2020〕7号": ("2020-08-06", None, None),
    }
    for number, (signed, start, end) in expected.items():
        doc = by_number(draft, number)
        got = tuple(
            d.isoformat() if d else None
            for d in (doc.signed_date, doc.effective_from, doc.effective_to)
        )
        assert got == (signed, start, end), number


def test_joint_document_has_five_issuers_in_printed_order(draft):
    doc = by_number(draft, "威市监发〔2020〕56号")
    assert doc.issuers == [
        "市市场监管局",
        "市财政局",
        "市地方金融监管局",
        "人民银行威海市中心支行",
        "威海银保监分局",
    ]
    assert any("56 号" in n for n in doc.notes)


def test_registration_numbers_are_given_to_the_following_document_with_a_note(draft):
    assert by_number(draft, "威政发〔2020〕7号").registration_no == "WHCR—2020—0010006"
    assert by_number(draft, "威市监发〔2020〕56号").registration_no == "WHCR—2020—0320001"
    assert by_number(draft, "威政发〔2020〕6号").registration_no == ""
    assert any("第120行" in n for n in by_number(draft, "威政发〔2020〕7号").notes)


def test_relations(draft):
    rels = {(r.kind, r.target_number) for r in by_number(draft, "威政发〔2020〕6号").relations}
    assert ("repeals", "威政发〔2017〕24号") in rels
    assert ("based_on", "鲁政办字〔2016〕155号") in rels
    assert ("based_on", "威政发〔2019〕7号") in rels
    rels49 = {(r.kind, r.target_number) for r in by_number(draft, "威政字〔2020〕49号").relations}
    assert ("repeals", "威政字〔2018〕40号") in rels49


def test_first_listed_unit_leads_each_task(draft):
    doc = by_number(draft, "威政发〔2020〕8号")
    first_task = [r for r in doc.responsibilities if r.provision_anchor == "二-（一）"]
    assert first_task[0].organisation == "市卫生健康委" and first_task[0].is_lead
    assert all(not r.is_lead for r in first_task[1:])
    assert [r.organisation for r in first_task][-2:] == ["各区市政府", "开发区管委"]


def test_wildlife_division_of_duties(draft):
    doc = by_number(draft, "威政办字〔2020〕50号")
    division = [r for r in doc.responsibilities if r.provision_anchor is None]
    names = [r.organisation for r in division]
    assert names[0] == "市委宣传部" and "市林业局" in names
    forestry = next(r for r in division if r.organisation == "市林业局")
    assert forestry.is_lead and forestry.duty.startswith("牵头组织协调")


def test_wildlife_standard_table_comes_through_as_rows(draft):
    doc = by_number(draft, "威政办字〔2020〕50号")
    standard = doc.attachments[1]
    table = next(b for b in standard.blocks if b["type"] == "table")
    assert table["header"] == [["序号", "种类", "单位", "价格 (元)"]]
    assert len(table["rows"]) == 13
    assert table["rows"][4] == ["5", "蓝孔雀", "只", "800"]


def test_smart_city_project_table_drops_repeated_headers(draft):
    doc = by_number(draft, "威政办字〔2020〕48号")
    table = doc.attachments[0].blocks[0]
    assert table["header"] == [["序号", "示范工程", "重点项目", "项目内容", "责任部门"]]
    assert all(row[:2] != ["序号", "示范工程"] for row in table["rows"])
    assert table["repeated_header_rows_dropped"] == 4


def test_appointment_list_rejoins_the_entry_whose_end_was_stranded(draft):
    doc = by_number(draft, "威政任〔2020〕7号")
    assert [(a.person, a.position_title, a.term_note) for a in doc.appointments] == [
        ("颜建忠", "威海综合保税区管理委员会副主任", "挂职，时间一年"),
        ("邓卫", "威海市商务局副局长", "挂职，时间一年"),
    ]
    restored = doc.appointments[1].note
    # The restored part is marked with both lines, and the order is stated as uncertain.
    assert "第1416行" in restored and "第1413行" in restored and "间一年);" in restored
    assert "次序无法确定" in restored
    assert doc.appointments[0].note == ""


def test_every_printed_row_of_the_intermediary_table_is_kept(draft):
    """Every tab-separated line of the 49号 table that is not a page's header is a row."""
    doc = by_number(draft, "威政字〔2020〕49号")
    rows = [
        "".join(c.replace(" ", "") for c in row)
        for block in doc.attachments[0].blocks
        if block["type"] == "table"
        for row in block["rows"]
    ]
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    printed = [
        "".join(c.replace(" ", "") for c in line.split("\t"))
        for line in lines[460:700]
        if "\t" in line and "事项名称" not in line and "中介服务" not in line.split("\t")[0]
    ]
    assert sorted(rows) == sorted(printed)
    sub_matter = "普通货物运输车辆道路运输证配发、换发、补发"
    assert sum(sub_matter in row for row in rows) == sum(sub_matter in line for line in printed)
    assert sum(sub_matter in row for row in rows) >= 2


def test_title_differences_between_contents_and_heading_are_recorded(draft):
    doc = by_number(draft, "威政办字〔2020〕48号")
    assert (
        doc.title
        == "威海市人民政府办公室关于印发威海市新型智慧城市三年行动计划（2020—2022年）的通知"
    )
    assert any("目录中标题作" in n for n in doc.notes)


def test_paragraphs_broken_by_page_ends_are_joined():
    paragraphs, joins = join_paragraphs(
        ["第五条 统一规划并", "", "组织有关部门做好献血工作。", "第六条 下一条。"]
    )
    assert paragraphs == ["第五条 统一规划并组织有关部门做好献血工作。", "第六条 下一条。"]
    assert joins == 1


def test_stray_spaces_between_chinese_characters_are_removed():
    assert (
        squeeze_cjk_spaces("关于印发威海市鼓励金融业 发展奖励办法的通知")
        == "关于印发威海市鼓励金融业发展奖励办法的通知"
    )
    assert squeeze_cjk_spaces("不超过 300 万元") == "不超过 300 万元"


def test_repeated_header_rows_are_dropped_only_once_seen():
    block = table_block([["序号", "名称"], ["1", "甲"], ["序号", "名称"], ["2", "乙"]])
    assert block["header"] == [["序号", "名称"]]
    assert block["rows"] == [["1", "甲"], ["2", "乙"]]


def test_committed_fixture_is_the_parser_output():
    assert FIXTURE.read_text(encoding="utf-8") == render_fixture(SOURCE)
    call_command("parse_issue", check=True)
