import datetime as dt

import pytest

from gazette_text import (
    TextError,
    clean_source_lines,
    cn_number,
    cn_numeral,
    decode_bytes,
    decree_number,
    find_doc_numbers,
    fold_width,
    is_running_head,
    join_paragraphs,
    parse_date,
    parse_doc_number,
    read_date,
    read_date_range,
    read_validity,
    squeeze_cjk_spaces,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("一百零五", 105), ("一百一十", 110), ("二百", 200), ("五十四", 54), ("一千零一", 1001)],
)
def test_numerals_in_the_hundreds(text, value):
    assert cn_number(text) == value
    assert cn_numeral(value) == text


def test_positional_years_with_either_zero():
    assert cn_number("二〇〇四") == 2004
    assert cn_number("二○○四") == 2004


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("二〇〇四年六月二十六日", dt.date(2004, 6, 26)),
        ("二○○四年六月十六日", dt.date(2004, 6, 16)),
        ("2020年8月18日", dt.date(2020, 8, 18)),
        ("２０２０年 ８ 月１８日", dt.date(2020, 8, 18)),
    ],
)
def test_dates_in_either_numerals(text, date):
    assert parse_date(text) == date
    assert read_date(f"于{text}印发") == date


def test_impossible_date_is_a_text_error():
    with pytest.raises(TextError, match="日期不存在"):
        parse_date("2020年2月30日")


def test_date_range():
    assert read_date_range("执行期限为2019年1月1日至2023年12月31日。") == (
        dt.date(2019, 1, 1),
        dt.date(2023, 12, 31),
    )


@pytest.mark.parametrize(
    "printed",
    [
        "威政发〔2020〕7号",
        "威政发[2020]7号",
        "威政发［2020］7号",
        "威政发（2020）7号",
        "威政发(2020)7号",
        "威政发【2020】7号",
        "威政发〖2020〗7号",
        "威政发２０２０年７号",
        "威政发 〔2020〕 7 号",
    ],
)
def test_every_bracket_style(printed):
    assert parse_doc_number(printed).canonical == "威政发〔2020〕7号"


def test_numbers_in_running_text_and_decrees():
    found = find_doc_numbers("依据《办法》（国办发〔2018〕124号）和鲁政办字[2016]155号")
    assert [n.canonical for n, _, _ in found] == ["国办发〔2018〕124号", "鲁政办字〔2016〕155号"]
    assert decree_number("中华人民共和国国务院令", "第706号") == "国务院令第706号"
    assert decree_number("国务院关于印发规则的通知", "第706号") is None


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        (
            "本办法自2020年9月1日起施行，有效期至2022年8月31日。",
            dt.date(2020, 9, 1),
            dt.date(2022, 8, 31),
        ),
        ("本通知自2020年9月1日起执行，有效期2年。", dt.date(2020, 9, 1), dt.date(2022, 8, 31)),
        ("本方案自二〇二〇年九月一日起实施。", dt.date(2020, 9, 1), None),
        ("执行期限至2023年12月31日。", None, dt.date(2023, 12, 31)),
        ("有效期自2020年1月1日至2020年12月31日。", dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
        ("2013年9月1日 施行", dt.date(2013, 9, 1), None),
    ],
)
def test_validity_sentences(sentence, start, end):
    found = read_validity(sentence)
    assert (found.effective_from, found.effective_to) == (start, end)


def test_in_force_on_publication_takes_the_publication_date():
    found = read_validity("本条例自公布之日起施行。", published=dt.date(2013, 6, 2))
    assert found.from_publication
    assert found.effective_from == dt.date(2013, 6, 2)
    assert read_validity("本条例自公布之日起施行。").effective_from is None


def test_width_and_spaces():
    assert fold_width("ＷＨＣＲ－２０２０　１") == "WHCR-2020 1"
    assert squeeze_cjk_spaces("国 务 院 工 作 规 则") == "国务院工作规则"


@pytest.mark.parametrize(
    "line",
    [
        "威海市人民政府公报 2020年第8期",
        "威海市人民政府公报　2020 年第 8 期",
        "— 12 —",
        "－12－",
        "·12·",
        "· 3 ·",
    ],
)
def test_running_heads_and_folios(line):
    assert is_running_head(line)


@pytest.mark.parametrize("line", ["2020年第8期(总第144期)", "威海市人民政府公报", "12", "一、总则"])
def test_text_is_not_a_running_head(line):
    assert not is_running_head(line)


def test_clean_lines_keep_numbering_and_join_over_a_page_break():
    text = "\u3000\u3000第一条 为了规范\r\n— 3 —\r\n威海市人民政府公报 2020年第8期\r\n停车秩序，制定本条例。\r\n"
    lines, dropped = clean_source_lines(text)
    assert [d.line for d in dropped] == [2, 3]
    assert lines[0] == "第一条 为了规范"
    paragraphs, joins = join_paragraphs(lines)
    assert paragraphs == ["第一条 为了规范停车秩序，制定本条例。"]
    assert joins == 1


def test_decoding_every_encoding_the_same():
    text = "第一条　本办法自2020年9月1日起施行。\n"
    for data in (
        text.encode("utf-8"),
        b"\xef\xbb\xbf" + text.encode("utf-8"),
        text.encode("gb18030"),
        text.encode("gbk"),
        text.replace("\n", "\r\n").encode("utf-8"),
    ):
        assert decode_bytes(data) == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b"  \n\n", "文件是空的"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
        (bytes(range(0x80, 0x100)) * 4, "无法识别文件的编码"),
        (b"just some ascii text\n", "没有中文"),
    ],
)
def test_unreadable_files_raise_one_error_type(data, message):
    with pytest.raises(TextError, match=message):
        decode_bytes(data)
