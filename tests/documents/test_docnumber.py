import pytest

from gazette_text import find_doc_numbers, fold_width, parse_doc_number


@pytest.mark.parametrize(
    "printed",
    [
        "威政发〔2020〕7号",
        "威政发[2020]7号",
        "威政发［2020］7号",
        "威政发(2020)7号",
        "威政发（2020）7号",
        "威政发【2020】7号",
        "威政发〔2020〕7 号",
        "威政发 〔2020〕 7号",
        "威政发2020 7号",
        "威政发２０２０年７号",
        "威政发〔２０２０〕７号",
    ],
)
def test_every_printed_form_reads_as_the_same_number(printed):
    number = parse_doc_number(printed)
    assert number is not None
    assert number.canonical == "威政发〔2020〕7号"
    assert number.slug == "wzf-2020-7"


@pytest.mark.parametrize(
    ("printed", "code", "year", "serial", "slug"),
    [
        ("威政办字[2020]51号", "威政办字", 2020, 51, "wzbz-2020-51"),
        ("威发改发[2020]227号", "威发改发", 2020, 227, "wfgf-2020-227"),
        ("威市监发〔2020〕56 号", "威市监发", 2020, 56, "wsjf-2020-56"),
        ("威政任〔2020〕7号", "威政任", 2020, 7, "wzr-2020-7"),
        ("鲁政办字〔2016〕155号", "鲁政办字", 2016, 155, "lzbz-2016-155"),
        ("工信部联企业〔2011〕300号", "工信部联企业", 2011, 300, "gxblqy-2011-300"),
    ],
)
def test_parts_of_a_number(printed, code, year, serial, slug):
    number = parse_doc_number(printed)
    assert (number.code, number.year, number.serial, number.slug) == (code, year, serial, slug)


@pytest.mark.parametrize(
    "text", ["", "威政发", "2020年7号文件的说明", "第二十条", "威政发〔20〕7号"]
)
def test_text_that_is_not_a_number(text):
    assert parse_doc_number(text) is None


def test_unknown_issuer_code_still_gets_a_stable_ascii_slug():
    a = parse_doc_number("鲁市监知发字〔2019〕108号")
    assert a.slug == parse_doc_number("鲁市监知发字[2019]108号").slug
    assert a.slug.isascii() and a.slug.endswith("-2019-108")


def test_numbers_found_in_running_text_lose_the_words_before_them():
    text = "根据《山东省金融业转型升级实施方案》（鲁政办字〔2016〕155号）、（威政发〔2019〕7号）等"
    found = [n.canonical for n, _, _ in find_doc_numbers(text)]
    assert found == ["鲁政办字〔2016〕155号", "威政发〔2019〕7号"]


def test_width_folding_keeps_chinese_punctuation():
    assert fold_width("ＷＨＣＲ２０２０，〔〕") == "WHCR2020,〔〕"
