"""What may be published: pure checks over a draft's values (no database)."""

from __future__ import annotations

import datetime as dt
import re

DATE_IN_TEXT = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
QUOTED = re.compile(r"“([^”]{2,})”")
LINE_CITED = re.compile(r"原文第(\d+)行")


def impossible_dates(lines: list[str]) -> list[tuple[int, str]]:
    """GB/T 9704-2012 7.3.5: a 成文日期 names a real year, month and day; list those that do not.

    Returns (line number, printed date) for each impossible date in the text.
    """
    found = []
    for number, line in enumerate(lines, start=1):
        for m in DATE_IN_TEXT.finditer(line):
            try:
                dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                found.append((number, m[0]))
    return found


def reading_line(note: str, lines: list[str]) -> int | None:
    """The source line a parser's note speaks of: the line it cites, else the first quoted text."""
    cited = LINE_CITED.search(note)
    if cited:
        return int(cited[1])
    squeezed = [re.sub(r"\s", "", line) for line in lines]
    for quoted in QUOTED.findall(note):
        needle = re.sub(r"\s", "", quoted)
        for number, line in enumerate(squeezed, start=1):
            if needle in line:
                return number
    return None


def validity_problem(effective_from: dt.date | None, effective_to: dt.date | None) -> str | None:
    """Constraint document_validity_ordered: 有效期至 cannot come before 施行日期."""
    if effective_from and effective_to and effective_to < effective_from:
        return "有效期至早于施行日期"
    return None
