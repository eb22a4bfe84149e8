"""Request parsing and JSON answers shared by the public views.

Every public input goes through these helpers so that a bad value becomes a
clear Chinese message (HTTP 400 for JSON endpoints), never a 500.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.http import JsonResponse
from django.utils import timezone


class BadInput(ValueError):
    """A user-supplied value that cannot be used; the message is Chinese."""


def today() -> dt.date:
    """Return today's date in the portal's time zone."""
    return timezone.localdate()


def parse_date(value: str | None, *, field: str, default: dt.date | None = None) -> dt.date:
    """Parse YYYY-MM-DD or raise BadInput naming the field."""
    if value is None or value.strip() == "":
        if default is not None:
            return default
        raise BadInput(f"缺少{field}，请按 YYYY-MM-DD 格式填写日期。")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"{field}“{value}”不是有效日期，请按 YYYY-MM-DD 格式填写，例如 2020-08-18。")


def parse_as_of(request) -> dt.date:
    """Read ?as_of=YYYY-MM-DD, defaulting to today."""
    return parse_date(request.GET.get("as_of"), field="日期（as_of）", default=today())


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
