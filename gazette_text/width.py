"""Width folding and the stray spaces print extraction leaves inside Chinese text."""

from __future__ import annotations

import re

# NFKC of U+FF01–U+FF5E is U+0021–U+007E and of U+3000 a space; a table does it at C speed
# (search folds whole documents with it).
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

NON_ASCII = r"[^\x00-\x7f]"
CJK = r"\u4e00-\u9fff"

_BETWEEN = re.compile(rf"(?<={NON_ASCII}) (?={NON_ASCII})")
_BETWEEN_OR_DIGITS = re.compile(rf"(?<={NON_ASCII}) (?={NON_ASCII}|\d)|(?<=\d) (?={NON_ASCII})")
_AFTER_BRACKET = re.compile(r"(?<=[)\]]) (?=[\u4e00-\u9fff])")
_NEXT_TO_NON_ASCII = re.compile(rf"(?<={NON_ASCII}) | (?={NON_ASCII})")
_SPACE = re.compile(r"\s+")


def fold_width(text: str) -> str:
    """Turn full-width letters, digits and spaces into half-width ones."""
    return text.translate(_HALF_WIDTH)


def squeeze_cjk_spaces(
    text: str, *, around_digits: bool = False, after_brackets: bool = False
) -> str:
    """Remove the spaces extraction leaves between Chinese characters.

    Runs of white space become one space first; spaces between Latin letters or digits
    stay. `around_digits` also removes a space between a Chinese character and a digit,
    `after_brackets` one between a half-width closing bracket and a Chinese character.
    """
    text = _SPACE.sub(" ", text.strip())
    text = (_BETWEEN_OR_DIGITS if around_digits else _BETWEEN).sub("", text)
    return _AFTER_BRACKET.sub("", text) if after_brackets else text


def squeeze_name(text: str) -> str:
    """Write a name without any space next to a non-ASCII character (中 介 ABC 号 → 中介ABC号)."""
    return _NEXT_TO_NON_ASCII.sub("", _SPACE.sub(" ", text.strip()))


def compact(text: str) -> str:
    """Drop all white space, to compare printed wording regardless of layout."""
    return _SPACE.sub("", text)
