"""Read document numbers (文号) in every form the print and users write them.

威政发〔2020〕7号, 威政办字[2020]51号, 威市监发〔2020〕56 号, 威政发（2020）7号,
威政发２０２０年７号 and 威政发2020 7号 all mean the same document.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from gazette_text.width import fold_width, squeeze_cjk_spaces

# Initials of the issuer codes, for readable URLs (威政发〔2020〕7号 → wzf-2020-7).
SLUG_PREFIXES = {
    "威政发": "wzf",
    "威政字": "wzz",
    "威政办发": "wzbf",
    "威政办字": "wzbz",
    "威发改发": "wfgf",
    "威市监发": "wsjf",
    "威政任": "wzr",
    "鲁政发": "lzf",
    "鲁政字": "lzz",
    "鲁政办发": "lzbf",
    "鲁政办字": "lzbz",
    "鲁发改价格": "lfgjg",
    "国发": "gf",
    "国办发": "gbf",
    "工信部联企业": "gxblqy",
    "银监发": "yjf",
}

_OPEN = "〔［[【（(〖﹝〘"
_CLOSE = "〕］]】）)〗﹞〙"

_DOC_NUMBER = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,12}?)\s*"
    rf"[{re.escape(_OPEN)}]?\s*(?P<year>(?:19|20)\d{{2}})\s*(?:年)?\s*[{re.escape(_CLOSE)}]?\s*"
    r"(?:第\s*)?(?P<serial>\d{1,5})\s*号"
)


@dataclass(frozen=True)
class DocNumber:
    code: str
    year: int
    serial: int

    @property
    def canonical(self) -> str:
        """Write the number the way the gazette prints it."""
        return f"{self.code}〔{self.year}〕{self.serial}号"

    @property
    def slug(self) -> str:
        prefix = SLUG_PREFIXES.get(self.code)
        if prefix is None:
            # No known initials: a short stable hash keeps the URL ASCII and unique.
            prefix = "doc-" + hashlib.sha1(self.code.encode()).hexdigest()[:6]
        return f"{prefix}-{self.year}-{self.serial}"


def parse_doc_number(text: str) -> DocNumber | None:
    """Parse one document number that makes up the whole text, or return None."""
    if not text:
        return None
    folded = fold_width(text).strip()
    match = _DOC_NUMBER.fullmatch(folded)
    if match is None:
        return None
    return DocNumber(match["code"], int(match["year"]), int(match["serial"]))


def find_doc_numbers(text: str) -> list[tuple[DocNumber, int, int]]:
    """Find every document number in running text, with its span in the folded text.

    The span starts at the code kept, so words the pattern swallowed before it stay outside.
    """
    folded = fold_width(text)
    found = []
    for match in _DOC_NUMBER.finditer(folded):
        code = match["code"]
        # Running text glues words to the code (…的通知》(鲁政办字〔2016〕155号): keep the
        # longest tail that is a known code, else the tail after the last bracket or 《》.
        code = _trim_code(code)
        start = match.end("code") - len(code)
        found.append(
            (DocNumber(code, int(match["year"]), int(match["serial"])), start, match.end())
        )
    return found


def _trim_code(code: str) -> str:
    for known in sorted(SLUG_PREFIXES, key=len, reverse=True):
        if code.endswith(known):
            return known
    return code


# 中华人民共和国国务院令 / 第706号: decrees are numbered by issuer, without a year.
DECREE_MASTHEAD_RE = re.compile(r"^(?P<issuer>[\u4e00-\u9fff]{2,30}?)令$")
DECREE_SERIAL_RE = re.compile(r"^第\s*(?P<serial>\d{1,5})\s*号$")


def decree_number(masthead: str, serial_line: str) -> str | None:
    """Read a decree's number from its masthead and serial lines (国务院令第706号), or None."""
    head = DECREE_MASTHEAD_RE.match(squeeze_cjk_spaces(fold_width(masthead)).replace(" ", ""))
    serial = DECREE_SERIAL_RE.match(fold_width(serial_line).strip())
    if head is None or serial is None:
        return None
    issuer = head["issuer"].removeprefix("中华人民共和国")
    return f"{issuer}令第{int(serial['serial'])}号"


def bracket_doc_numbers(text: str) -> str:
    """Write document numbers with 〔〕 as the gazette does: 财金[2019]93号 → 财金〔2019〕93号."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\[((?:19|20)\d{2})\](?=\s*\d+\s*号)", r"〔\1〕", text)


@dataclass(frozen=True)
class ShortDocNumber:
    """A number typed without its year: 威政发7号, 7号文, 227号文件."""

    code: str  # "" when only the serial was typed
    serial: int

    def matches(self, number: DocNumber) -> bool:
        return number.serial == self.serial and (not self.code or number.code == self.code)


_SHORT_DOC_NUMBER = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,12}?)?\s*(?:第\s*)?(?P<serial>\d{1,5})\s*号\s*(?:文件|文)?"
)


def parse_short_doc_number(text: str) -> ShortDocNumber | None:
    """Parse a number typed without its year (the whole text), or return None.

    A code is kept only when it ends like an issuer code (…发, …字, …任, …函, …令), so that
    words before a serial (献血7号) are not taken for a code.
    """
    if not text:
        return None
    folded = fold_width(text).strip()
    match = _SHORT_DOC_NUMBER.fullmatch(folded)
    if match is None:
        return None
    code = match["code"] or ""
    if code and not (code in SLUG_PREFIXES or code[-1] in "发字任函令"):
        return None
    return ShortDocNumber(code, int(match["serial"]))
