"""Dates as Chinese government texts print them: 2020年8月18日, 二〇〇四年六月二十六日."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from gazette_text.errors import TextError
from gazette_text.numerals import cn_number
from gazette_text.width import fold_width

_CN_YEAR = "[〇零○Ｏ一二三四五六七八九]{4}"
_CN_MD = "[一二三四五六七八九十]{1,3}"
DATE_PATTERN = (
    r"(?:(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
    rf"|(?P<cy>{_CN_YEAR})\s*年\s*(?P<cm>{_CN_MD})\s*月\s*(?P<cd>{_CN_MD})\s*日)"
)
DATE_RE = re.compile(DATE_PATTERN)
# A regex fragment for one date without named groups, to embed in other patterns.
ANY_DATE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
    rf"|{_CN_YEAR}\s*年\s*{_CN_MD}\s*月\s*{_CN_MD}\s*日)"
)
DATE_LINE_RE = re.compile(rf"^\s*{ANY_DATE}\s*$")


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    start: int
    end: int
    printed: str


def _from_match(m: re.Match) -> dt.date:
    try:
        if m["y"]:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        year = int("".join(str(cn_number(c)) for c in m["cy"]))
        return dt.date(year, cn_number(m["cm"]), cn_number(m["cd"]))
    except ValueError as exc:
        raise TextError(f"日期不存在：{m.group()}") from exc


def find_dates(text: str) -> list[FoundDate]:
    """Every date in a text (width folded first), with its span in the folded text."""
    folded = fold_width(text)
    return [
        FoundDate(_from_match(m), m.start(), m.end(), m.group()) for m in DATE_RE.finditer(folded)
    ]


def read_date(text: str) -> dt.date | None:
    """Read the first date in a text, Arabic or Chinese numerals; None if there is none."""
    m = DATE_RE.search(fold_width(text))
    return _from_match(m) if m else None


def parse_date(text: str) -> dt.date:
    """Read a text that is exactly one date; raise TextError otherwise."""
    m = DATE_RE.fullmatch(fold_width(text).strip())
    if m is None:
        raise TextError(f"无法识别的日期：{text}")
    return _from_match(m)


def is_date_line(text: str) -> bool:
    """True when a line holds nothing but one date (a signature date)."""
    return bool(DATE_LINE_RE.match(fold_width(text)))


_RANGE_RE = re.compile(rf"(?P<a>{ANY_DATE})\s*(?:至|到|—|－|-|~|～)\s*(?P<b>{ANY_DATE})")


def read_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """Read the first range 2019年1月1日至2023年12月31日 in a text."""
    m = _RANGE_RE.search(fold_width(text))
    if m is None:
        return None
    return parse_date(m["a"]), parse_date(m["b"])


def add_years(start: dt.date, years: int) -> dt.date:
    """The last day of a term of whole years that begins on `start` (有效期2年)."""
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return end - dt.timedelta(days=1)


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
