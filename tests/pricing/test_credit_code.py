"""统一社会信用代码 check character (GB 32100-2015)."""

import pytest

from pricing.rules import credit_code_check_char, credit_code_problem

# Published codes (found online, collected in python-stdnum's test data), checked independently.
PUBLISHED = [
    "91110000600037341L",
    "9144030071526726XG",
    "121200004013590816",
    "91310115MA1K3BTP2B",
    "91371082775260043P",
    "9162010569564942X9",
    "92340621MA2UK3PJXE",
    "91620105L015101280",
]


@pytest.mark.parametrize("code", PUBLISHED)
def test_published_codes_are_valid(code):
    assert credit_code_problem(code) is None
    assert credit_code_check_char(code[:17]) == code[17]


def test_check_character_zero_when_the_sum_is_a_multiple_of_31():
    # 91620105L015101280 ends in 0 only through the (31 - 0) % 31 wrap-around.
    assert credit_code_check_char("91620105L01510128") == "0"


@pytest.mark.parametrize(
    "code",
    ["91110000600037341N", "91110000600037341M", "9144030071526726X1", "91371082775260043Q"],
)
def test_wrong_check_character_is_refused(code):
    message = credit_code_problem(code)
    assert message is not None
    assert "校验码" in message and code in message


def test_one_changed_digit_is_caught():
    code = "91110000600037341L"
    changed = code[:5] + "1" + code[6:]
    assert credit_code_problem(changed) is not None


@pytest.mark.parametrize(
    "code,length",
    [("9111000060003734", 16), ("91110000600037341", 17), ("91110000600037341LL", 19)],
)
def test_wrong_length_is_refused(code, length):
    message = credit_code_problem(code)
    assert message == f"统一社会信用代码应为18位，“{code}”是{length}位。"


def test_empty_code_is_refused():
    assert "请填写" in credit_code_problem("")
    assert "请填写" in credit_code_problem(None)


@pytest.mark.parametrize("code", ["91110000600037341l", "91310115ma1k3btp2b", "9144030071526726xG"])
def test_lowercase_letters_are_refused_with_the_uppercase_form(code):
    message = credit_code_problem(code)
    assert "大写" in message
    assert code.upper() in message
    # The uppercase form itself is valid: the message points to the fix.
    assert credit_code_problem(code.upper()) is None


@pytest.mark.parametrize("char", ["I", "O", "S", "V", "Z", "-", "Ｌ"])
def test_characters_outside_the_standard_are_refused(char):
    code = "91110000600037341" + char
    message = credit_code_problem(code)
    assert "不允许的字符" in message and char in message
