"""Paragraphs of printed text: numbered-unit markers and joining lines split by page breaks."""

from __future__ import annotations

import re

from gazette_text.width import CJK, squeeze_cjk_spaces

TERMINAL = "。；：！？」』”）)…"


def squeeze(text: str) -> str:
    """Remove stray spaces between Chinese characters and after closing brackets."""
    return squeeze_cjk_spaces(text, after_brackets=True)


def clean_line(line: str) -> str:
    """Strip list markers and emphasis marks the extraction added."""
    line = line.strip().replace("**", "")
    if line.startswith("- "):
        line = line[2:]
    return line.strip()


CHAPTER_RE = re.compile(r"^第([一二三四五六七八九十百零〇]+)章\s*(.*)$")
ARTICLE_RE = re.compile(r"^第([一二三四五六七八九十百零]+)条\s*(.*)$")
SECTION_RE = re.compile(r"^([一二三四五六七八九十]+)、\s*(.*)$")
SUBSECTION_RE = re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[)）]\s*(.*)$")
ITEM_RE = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?!\d)(.*)$")
MARKERS = (CHAPTER_RE, ARTICLE_RE, SECTION_RE, SUBSECTION_RE, ITEM_RE)


# The title of a measure printed under its covering notice stands on its own line.
STANDALONE_TITLE_RE = re.compile(
    rf"^[{CJK}\s“”\"《》]{{2,40}}(办法|方案|规程|计划|意见|清单|标准|规定|条例|细则|规则)\s*([（(][^（）()]*[)）])?$"
)


def starts_structure(line: str) -> bool:
    return any(r.match(line) for r in MARKERS) or line.startswith(("附件", "附："))


def join_paragraphs(lines: list[str]) -> tuple[list[str], int]:
    """Join lines that print split across a page or column break.

    A line continues into the next when it does not end a sentence and the next line
    does not start a new numbered unit. Returns the paragraphs and how many joins.
    """
    paragraphs: list[str] = []
    joins = 0
    for raw in lines:
        line = clean_line(raw)
        if not line:
            continue
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] = _glue(paragraphs[-1], line)
            joins += 1
        else:
            paragraphs.append(line)
    return [_squeeze_keeping_label(p) for p in paragraphs], joins


def _squeeze_keeping_label(paragraph: str) -> str:
    """Remove stray spaces but keep the one after 第X条 / 第X章."""
    m = re.match(r"^(第[一二三四五六七八九十百零]+[条章])\s+(.*)$", paragraph)
    if m:
        return f"{m[1]} {squeeze(m[2])}"
    return squeeze(paragraph)


# 第十三条 附则: an article's heading (附则, 总则, 罚则) printed alone on its line, its text
# below. Any other short piece (第一条 为了规范…) is a sentence a page break cut.
ARTICLE_HEADING_RE = re.compile(rf"^第[一二三四五六七八九十百零]+条\s+[{CJK}]{{1,3}}则$")


def _continues(previous: str, line: str) -> bool:
    if "\t" in previous or "\t" in line:
        return False
    if ARTICLE_HEADING_RE.match(previous):
        return False
    if previous.endswith(tuple(TERMINAL)):
        return False
    if starts_structure(line) or CHAPTER_RE.match(previous) or STANDALONE_TITLE_RE.match(previous):
        return False
    # A short part heading (一、总体要求) stands on its own line.
    return not (SECTION_RE.match(previous) and len(previous) <= 25)


def _glue(left: str, right: str) -> str:
    if re.search(rf"[{CJK}，、：；]$", left) and re.match(rf"^[{CJK}（(《“]", right):
        return left + right
    if left.endswith((" ",)):
        return left + right
    return left + right if re.search(rf"[{CJK}]$", left) else f"{left} {right}"
