"""Request parsing and JSON answers shared by the public views.

Every public input goes through these helpers so that a bad value becomes a
clear Chinese message (HTTP 400 for JSON endpoints), never a 500.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.http import JsonResponse
from django.utils import timezone

from gazette_site.errors import BadInput
from gazette_site.formatting import plain_number

# A query value longer than this is refused: no field of the portal needs more.
MAX_VALUE_LENGTH = 8_000
# Line breaks and tabs are what a textarea or a pasted list may carry; every other control
# character (NUL first of all, which PostgreSQL refuses in text) is refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_CODE = re.compile(r"[0-9A-Za-z_-]+")


def today() -> dt.date:
    """Return today's date in the portal's time zone."""
    return timezone.localdate()


def control_character_in(value: str) -> str | None:
    """Return the first control character of a text (not tab or line break), or None."""
    for char in value:
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs"):
            return char
    return None


def check_text(value: str, *, field: str) -> str:
    """Refuse a text with control characters or of absurd length; return it unchanged."""
    char = control_character_in(value)
    if char is not None:
        raise BadInput(f"{field}含有不可见的控制字符（U+{ord(char):04X}），请删除后重试。")
    if len(value) > MAX_VALUE_LENGTH:
        raise BadInput(f"{field}过长（超过 {MAX_VALUE_LENGTH} 个字符）。")
    return value


def check_query(query) -> None:
    """Check every name and value of a query string (a QueryDict) with check_text."""
    for name, values in query.lists():
        check_text(name, field="参数名")
        for value in values:
            check_text(value, field=f"参数 {name}")


def parse_code(value: str | None, *, field: str, default: str | None = None) -> str:
    """Parse an identifier made of letters, digits, '-' and '_' (a slug, a credit code)."""
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"缺少{field}。")
    value = check_text(value.strip(), field=field)
    if not _CODE.fullmatch(value):
        raise BadInput(f"{field}“{value}”只能由字母、数字、“-”和“_”组成。")
    return value


def parse_date(value: str | None, *, field: str, default: dt.date | None = None) -> dt.date:
    """Parse YYYY-MM-DD or raise BadInput naming the field."""
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"缺少{field}，请按 YYYY-MM-DD 格式填写日期。")
    check_text(value, field=field)
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{field}“{value}”不是有效日期，请按 YYYY-MM-DD 格式填写，例如 2020-08-18。")


def parse_as_of(request) -> dt.date:
    """Read ?as_of=YYYY-MM-DD, defaulting to today."""
    return parse_date(request.GET.get("as_of"), field="时效计算日期", default=today())


def parse_decimal(
    value: str | None,
    *,
    field: str,
    minimum: Decimal | None = Decimal(0),
    maximum: Decimal | None = None,
    default: Decimal | None = None,
) -> Decimal:
    """Parse a non-negative decimal or raise BadInput naming the field."""
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"缺少{field}。")
    check_text(value, field=field)
    try:
        number = Decimal(value.strip().replace(",", ""))
    except InvalidOperation:
        raise BadInput(f"{field}“{value}”不是有效数字。")
    if not number.is_finite():
        raise BadInput(f"{field}“{value}”不是有效数字。")
    if minimum is not None and number < minimum:
        raise BadInput(f"{field}不能小于 {minimum}。")
    if maximum is not None and number > maximum:
        raise BadInput(f"{field}不能大于 {maximum}。")
    return number


def parse_int(
    value: str | None,
    *,
    field: str,
    minimum: int | None = 0,
    maximum: int | None = None,
    default: int | None = None,
) -> int:
    """Parse a whole number or raise BadInput naming the field."""
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"缺少{field}。")
    check_text(value, field=field)
    try:
        number = int(value.strip())
    except ValueError:
        raise BadInput(f"{field}“{value}”不是整数。")
    if minimum is not None and number < minimum:
        raise BadInput(f"{field}不能小于 {minimum}。")
    if maximum is not None and number > maximum:
        raise BadInput(f"{field}不能大于 {maximum}。")
    return number


def json_ok(payload, *, status: int = 200) -> JsonResponse:
    """Answer JSON with Chinese characters kept readable."""
    return JsonResponse(
        payload,
        status=status,
        safe=False,
        json_dumps_params={"ensure_ascii": False},
    )


def json_error(message: str, *, status: int = 400) -> JsonResponse:
    """Answer a JSON error with a Chinese message."""
    return json_ok({"error": message}, status=status)


def json_number(value: Decimal | int | None):
    """Turn a Decimal into a JSON number: int when whole, else float to the fen."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


_AMOUNT_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_amount(
    value: str | None,
    *,
    field: str,
    unit: str = "元",
    minimum: Decimal = Decimal(0),
    maximum: Decimal,
    default: Decimal | None = None,
) -> Decimal:
    """Read an amount as people write it: 300万, 1.5亿, 1,000,000, 3000000元, 300 万元.

    The unit may follow the figure; 万 and 亿 multiply it. A value outside
    [minimum, maximum] is refused with a message that states the range.
    """
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"请填写{field}。")
    text = value.strip().translate(_FULL_WIDTH).replace(",", "").replace(" ", "")
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    multiplier = Decimal(1)
    if text[-1:] in _AMOUNT_MULTIPLIERS:
        multiplier = _AMOUNT_MULTIPLIERS[text[-1]]
        text = text[:-1]

    low, high = (plain_number(n, grouped=True, large_units=True) for n in (minimum, maximum))
    range_text = f"应在 {low} 到 {high}{unit} 之间"
    # Only plain decimals: 1e9 or 0x10 would otherwise pass as numbers nobody types.
    digits = text[1:] if text[:1] in "-+" else text
    if not digits or not all(c.isdigit() or c == "." for c in digits) or digits.count(".") > 1:
        raise BadInput(
            f"{field}“{value.strip()}”不是数字。请只填数字，可以写 300万、1.5亿 或 1,000,000；"
            f"{range_text}。"
        )
    number = Decimal(text) * multiplier
    if number < minimum or number > maximum:
        raise BadInput(f"{field}{range_text}，填写的是“{value.strip()}”。")
    return number
