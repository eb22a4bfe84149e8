"""Helpers for text extracted from the printed gazette, shared by every app's parser."""

from __future__ import annotations

import re

NON_ASCII = r"[^\x00-\x7f]"
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
CN_DIGITS |= {"八": 8, "九": 9}

_BETWEEN = re.compile(rf"(?<={NON_ASCII}) (?={NON_ASCII})")
_BETWEEN_OR_DIGITS = re.compile(rf"(?<={NON_ASCII}) (?={NON_ASCII}|\d)|(?<=\d) (?={NON_ASCII})")
_AFTER_BRACKET = re.compile(r"(?<=[)\]]) (?=[\u4e00-\u9fff])")


def squeeze_cjk_spaces(
    text: str, *, around_digits: bool = False, after_brackets: bool = False
) -> str:
    """Remove the spaces extraction leaves between Chinese characters.

    Runs of white space become one space first; spaces between Latin letters or digits
    stay. `around_digits` also removes a space between a Chinese character and a digit,
    `after_brackets` one between a half-width closing bracket and a Chinese character.
    """
    text = re.sub(r"\s+", " ", text.strip())
    text = (_BETWEEN_OR_DIGITS if around_digits else _BETWEEN).sub("", text)
    return _AFTER_BRACKET.sub("", text) if after_brackets else text


def cn_number(text: str) -> int:
    """Read a Chinese numeral up to 九十九 (二十六 → 26, 〇 → 0); raise ValueError otherwise."""
    if not text or not re.fullmatch(r"[〇零一二三四五六七八九十]+", text):
        raise ValueError(f"无法识别的中文数字：{text}")
    if "十" in text:
        tens, _, units = text.partition("十")
        if len(tens) > 1 or len(units) > 1 or "十" in units:
            raise ValueError(f"无法识别的中文数字：{text}")
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
    value = 0
    for ch in text:
        value = value * 10 + CN_DIGITS[ch]
    return value


def cn_numeral(n: int) -> str:
    """Write 1–99 as a Chinese numeral (26 → 二十六)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


def split_carried_measure(preamble_lines: list[str]) -> tuple[list[str], str, list[str]]:
    """Split a notice's opening into its own words, the title of the measure it carries, and
    the measure's opening: the title is the line that repeats a 《name》 the notice cited.

    Returns (notice lines, "" and [] when the notice carries no measure).
    """
    cited: set[str] = set()
    for i, line in enumerate(preamble_lines):
        if i and line.strip() in cited:
            return preamble_lines[:i], line.strip(), preamble_lines[i + 1 :]
        cited.update(re.findall(r"《([^《》]+)》", line))
    return preamble_lines, "", []
