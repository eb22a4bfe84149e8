"""Document numbers are read by `gazette_text.docnumber`; this module keeps the old import path."""

from gazette_text.docnumber import (
    SLUG_PREFIXES,
    DocNumber,
    ShortDocNumber,
    find_doc_numbers,
    parse_doc_number,
    parse_short_doc_number,
)
from gazette_text.width import fold_width

__all__ = [
    "SLUG_PREFIXES",
    "DocNumber",
    "ShortDocNumber",
    "find_doc_numbers",
    "fold_width",
    "parse_doc_number",
    "parse_short_doc_number",
]
