import pytest

from gazette_text import cn_number, cn_numeral, squeeze_cjk_spaces


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十三", 13),
        ("二十", 20),
        ("二十六", 26),
        ("九十九", 99),
        ("二〇二〇", 2020),
    ],
)
def test_chinese_numerals(text, value):
    assert cn_number(text) == value
    if value < 100:
        assert cn_number(cn_numeral(value)) == value


@pytest.mark.parametrize("bad", ["", "十十", "二十三十", "abc", "百"])
def test_unreadable_numerals_raise(bad):
    with pytest.raises(ValueError):
        cn_number(bad)


def test_squeezing_stray_spaces():
    assert squeeze_cjk_spaces("发展 奖励  办法") == "发展奖励办法"
    assert squeeze_cjk_spaces("不超过 300 万元") == "不超过 300 万元"
    assert squeeze_cjk_spaces("不超过 300 万元", around_digits=True) == "不超过300万元"
    assert squeeze_cjk_spaces("(四) 改革") == "(四) 改革"
    assert squeeze_cjk_spaces("(四) 改革", after_brackets=True) == "(四)改革"
    assert squeeze_cjk_spaces("IPv6 规模 部署") == "IPv6 规模部署"
