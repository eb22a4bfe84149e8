"""Turn Chinese text into index tokens: character bigrams, as CJK analyzers do.

Every run of Chinese characters yields one token per character: the bigram that
starts at it, and for the run's last character the character alone
(无偿献血 → 无偿 偿献 献血 血). Runs of letters and digits are one token each,
lower-cased (WHCR → whcr, 2020). Everything else separates tokens. So token i
stands for character i of the run and positions count characters, which lets an
index with positions answer any substring of Chinese text exactly as a phrase of
bigrams, and a one-character query as a prefix (献* covers 献血 and a final 献).

Width is folded first (ＡＢＣ１２３ → abc123), and white space between two Chinese
characters is dropped: in this gazette it is an artefact of the print layout
(无偿献 血), never a word break.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import add

from gazette_text import fold_width

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9"
_HAN_CHAR = re.compile(f"[{_HAN}]")
HAN = _HAN  # the character class of Chinese characters, for other modules


def _word_characters() -> str:
    """Character ranges of word characters: ASCII digits and letters that are not Chinese.

    Circled numbers (①), Roman numerals and other number symbols separate words, as they do
    for PostgreSQL's parser, so both databases see exactly the same tokens. One explicit
    class (rather than a look-ahead) keeps the regular expressions fast on long documents.
    """
    ranges, start = [], None
    for code in range(0x10000):
        char = chr(code)
        inside = ("0" <= char <= "9") or (
            char.isalpha()
            and unicodedata.category(char) not in ("Nl", "No")
            and not _HAN_CHAR.match(char)
        )
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


_WORD = _word_characters()
_TOKEN_RUNS = re.compile(rf"(?P<han>[{_HAN}]+)|(?P<word>[{_WORD}]+)")
_SPACE_INSIDE_HAN = re.compile(rf"(?<=[{_HAN}])\s+(?=[{_HAN}])")
_WORD_SPLIT = re.compile(rf"([{_WORD}]+)")
_NOT_HAN = re.compile(rf"[^{_HAN}]+")
_PAIR_AFTER_GAP = re.compile("\0[^ ]")
_FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
MAX_WORD = 40  # longer letter/digit runs are cut; nobody types 40 letters to find one


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # span in the normalised text
    end: int


@dataclass(frozen=True)
class QueryToken:
    text: str
    prefix: bool  # matches any index token that starts with `text`


def _fold(text: str) -> str:
    # Full-width punctuation separates tokens either way; fold only letters and digits
    # (rare here), which keeps whole documents off the slow path.
    text = text or ""
    folded = fold_width(text) if _FULL_WIDTH_ALNUM.search(text) else text
    lowered = folded.lower()
    if len(lowered) != len(folded):  # a few letters (İ) grow when lowered; keep spans aligned
        lowered = "".join(ch.lower()[0] for ch in folded)
    return lowered


class _OffsetMap(Sequence):
    """Positions in the original text of each normalised character, without a list of them.

    A whole document yields one entry per dropped stretch of white space, not one per
    character: position i is i plus the characters dropped before it.
    """

    def __init__(self, starts: list[int], shifts: list[int], length: int):
        self._starts = starts  # normalised index from which each shift applies, ascending
        self._shifts = shifts  # characters dropped before that index
        self._length = length

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        at = bisect_right(self._starts, index)
        return index + (self._shifts[at - 1] if at else 0)


def normalise(text: str) -> tuple[str, Sequence[int]]:
    """Fold width and case, drop spaces inside Chinese; return the text and a map to the original.

    `positions[i]` is the index in `text` of character i of the result, and
    `positions[len(result)]` is `len(text)`, so spans map back for highlighting.
    """
    folded = _fold(text)
    if not _SPACE_INSIDE_HAN.search(folded):
        return folded, range(len(folded) + 1)  # nothing dropped: the map is the identity
    kept: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    last = dropped = 0
    for match in _SPACE_INSIDE_HAN.finditer(folded):
        kept.append(folded[last : match.start()])
        dropped += match.end() - match.start()
        starts.append(match.start() - (dropped - (match.end() - match.start())))
        shifts.append(dropped)
        last = match.end()
    kept.append(folded[last:])
    result = "".join(kept)
    return result, _OffsetMap(starts, shifts, len(result) + 1)


def normalise_text(text: str) -> str:
    """Fold width and case and drop spaces inside Chinese (without the map; for indexing)."""
    return _SPACE_INSIDE_HAN.sub("", _fold(text))


def compact(text: str) -> str:
    """Reduce text to its token characters only, to compare titles and queries exactly."""
    return "".join(m.group() for m in _TOKEN_RUNS.finditer(normalise_text(text)))


def _runs(normalised: str):
    for match in _TOKEN_RUNS.finditer(normalised):
        yield match.lastgroup == "han", match.group(), match.start()


def text_tokens(text: str) -> list[Token]:
    """Tokenise text for the index; the list index of a token is its position."""
    normalised, _ = normalise(text)
    return spans(normalised)


def spans(normalised: str) -> list[Token]:
    """Tokenise already normalised text, keeping each token's span."""
    tokens: list[Token] = []
    for is_han, run, start in _runs(normalised):
        if is_han:
            for i in range(len(run) - 1):
                tokens.append(Token(run[i : i + 2], start + i, start + i + 2))
            tokens.append(Token(run[-1], start + len(run) - 1, start + len(run)))
        else:
            tokens.append(Token(run[:MAX_WORD], start, start + len(run)))
    return tokens


def token_string(text: str) -> str:
    """Return the index tokens of text separated by spaces, as the databases receive them.

    The fast path for indexing whole documents: per run of non-word text, every character
    is paired with the next (\\0 standing for anything that is not Chinese), so 无偿献血。
    gives 无偿 偿献 献血 血\\0 \\0\\0; pairs starting with \\0 are dropped and a trailing
    \\0 removed, which leaves 无偿 偿献 献血 血. `spans()` says the same, slowly.
    """
    pieces = _WORD_SPLIT.split(normalise_text(text))
    out: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(piece[:MAX_WORD])
        elif piece:
            han = _NOT_HAN.sub("\0", piece)
            out.append(" ".join(map(add, han, han[1:] + "\0")))
    return _PAIR_AFTER_GAP.sub("", " ".join(out)).replace("\0", "")


def token_texts(text: str) -> list[str]:
    """Return the index tokens of text, in position order."""
    return token_string(text).split()


def query_tokens(term: str) -> list[QueryToken]:
    """Tokenise one query term (a word or phrase) so that consecutive tokens match it anywhere.

    The term may start or end in the middle of a run of the indexed text, so its
    last Chinese run contributes no final single character (the text has a bigram
    there when the run goes on), a lone last character is a prefix, and the last
    letter/digit word is a prefix too (whc finds WHCR).
    """
    normalised, _ = normalise(term)
    runs = list(_runs(normalised))
    tokens: list[QueryToken] = []
    for index, (is_han, run, _start) in enumerate(runs):
        last = index == len(runs) - 1
        if is_han and len(run) > 1:
            tokens.extend(QueryToken(run[i : i + 2], False) for i in range(len(run) - 1))
            if not last:
                # The next token follows at once, so the text's run ends here too.
                tokens.append(QueryToken(run[-1], False))
        else:
            tokens.append(QueryToken(run[:MAX_WORD], last))
    return tokens


def find_phrase(tokens: list[Token], phrase: list[QueryToken]) -> list[tuple[int, int]]:
    """Find the spans where the phrase's tokens occur one after another (for highlighting)."""
    found: list[tuple[int, int]] = []
    if not phrase:
        return found
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        for j, want in enumerate(phrase):
            got = tokens[i + j].text
            if not (got.startswith(want.text) if want.prefix else got == want.text):
                break
        else:
            last = phrase[-1]
            end_token = tokens[i + n - 1]
            # A prefix token covers only the characters typed, not the rest of the bigram.
            end = end_token.start + len(last.text) if last.prefix else end_token.end
            found.append((tokens[i].start, end))
    return found
