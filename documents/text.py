"""The text helpers live in the `gazette_text` package; this module keeps the old import path."""

from gazette_text.numerals import CN_DIGITS, cn_number, cn_numeral
from gazette_text.width import NON_ASCII, squeeze_cjk_spaces

__all__ = ["CN_DIGITS", "NON_ASCII", "cn_number", "cn_numeral", "squeeze_cjk_spaces"]
