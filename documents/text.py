"""How a notice carries a measure: the one text rule of the documents app's own.

Every general text helper (widths, numerals, dates, 文号) is in `gazette_text`.
"""

import re


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
