"""One text toolkit for printed Chinese government texts (no Django).

Every parser in the portal and the search index read text through these helpers:
width folding and stray spaces (`width`), Chinese numerals (`numerals`), dates and
ranges (`dates`), document numbers (`docnumber`), validity sentences (`validity`),
decoding files and dropping running heads (`source`), and joining paragraphs split by
page breaks (`paragraphs`). `TextError` is the one error type; its messages are Chinese.
"""

from gazette_text.dates import (
    ANY_DATE,
    DATE_LINE_RE,
    DATE_RE,
    FoundDate,
    add_years,
    find_dates,
    is_date_line,
    iso,
    parse_date,
    read_date,
    read_date_range,
)
from gazette_text.docnumber import (
    SLUG_PREFIXES,
    DocNumber,
    bracket_doc_numbers,
    decree_number,
    find_doc_numbers,
    parse_doc_number,
)
from gazette_text.errors import TextError
from gazette_text.numerals import CN_DIGITS, cn_number, cn_numeral, number_value
from gazette_text.paragraphs import (
    ARTICLE_RE,
    CHAPTER_RE,
    ITEM_RE,
    SECTION_RE,
    SUBSECTION_RE,
    TERMINAL,
    clean_line,
    join_paragraphs,
    starts_structure,
)
from gazette_text.source import (
    DroppedLine,
    clean_source_lines,
    decode_bytes,
    is_running_head,
    read_text_file,
)
from gazette_text.validity import Validity, read_validity
from gazette_text.width import CJK, compact, fold_width, squeeze_cjk_spaces, squeeze_name

__all__ = [
    "ANY_DATE",
    "ARTICLE_RE",
    "CHAPTER_RE",
    "CJK",
    "CN_DIGITS",
    "DATE_LINE_RE",
    "DATE_RE",
    "ITEM_RE",
    "SECTION_RE",
    "SLUG_PREFIXES",
    "SUBSECTION_RE",
    "TERMINAL",
    "DocNumber",
    "DroppedLine",
    "FoundDate",
    "TextError",
    "Validity",
    "add_years",
    "bracket_doc_numbers",
    "clean_line",
    "clean_source_lines",
    "cn_number",
    "cn_numeral",
    "compact",
    "decode_bytes",
    "decree_number",
    "find_dates",
    "find_doc_numbers",
    "fold_width",
    "is_date_line",
    "is_running_head",
    "iso",
    "join_paragraphs",
    "number_value",
    "parse_date",
    "parse_doc_number",
    "read_date",
    "read_date_range",
    "read_text_file",
    "read_validity",
    "squeeze_cjk_spaces",
    "squeeze_name",
    "starts_structure",
]
