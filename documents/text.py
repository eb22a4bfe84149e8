"""The text helpers live in the `gazette_text` package; this module keeps the old import path."""

import re

from gazette_text.numerals import CN_DIGITS, cn_number, cn_numeral
from gazette_text.width import NON_ASCII, squeeze_cjk_spaces

__all__ = [
    "CN_DIGITS",
    "NON_ASCII",
    "cn_number",
    "cn_numeral",
    "split_carried_measure",
    "squeeze_cjk_spaces",
]


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
