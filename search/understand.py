"""Read a query the way citizens type it: words without spaces and colloquial names.

Chinese is written without spaces, so 献血办法 is two words (献血, 办法) that rarely occur
side by side. The query's runs are cut into words with jieba (its own dictionary, no
network) after taking out the terms of the synonym list, so that 电价加价 stays one
word and is also looked for as 差别化用电价格. Question words (怎么办, 多少) say nothing
about the subject and are dropped.

jieba's precise mode cuts the query, not its search mode: search mode adds the shorter
words inside a long one (野生动物 → 野生, 动物, 野生动物), which the bigram index finds
inside the long word anyway; counted as words of their own they would let a document
that says only 动物 pass for a good match.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass

from search.text import compact

MAX_WORDS = 5  # each word costs one index look-up; longer queries keep their first five
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "有",
        "吗",
        "呢",
        "吧",
        "啊",
        "么",
        "怎么",
        "怎么办",
        "怎样",
        "如何",
        "什么",
        "多少",
        "多少钱",
        "哪里",
        "哪儿",
        "哪些",
        "哪个",
        "几",
        "可以",
        "能否",
        "能不能",
        "需要",
        "我",
        "我们",
        "你",
        "您",
        "请问",
        "关于",
        "一下",
        "有关",
        "相关",
        "规定",
        "查询",
    ]
)

_lock = threading.Lock()
_tokenizer = None


def _jieba():
    """Load jieba's dictionary once per process (about 1 s; cached by jieba on disk)."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tokenizer = tokenizer
    return _tokenizer


@dataclass(frozen=True)
class Word:
    """One word of the query and what else counts as finding it."""

    text: str
    alternatives: tuple[str, ...]  # the word and its synonyms: any one of them will do


def synonym_map(groups: list[list[str]]) -> dict[str, tuple[str, ...]]:
    """Map each term of the synonym list to all terms of its group (itself first)."""
    found: dict[str, tuple[str, ...]] = {}
    for group in groups:
        for term in group:
            key = compact(term)
            if key:
                others = [t for t in group if compact(t) != key]
                found[key] = tuple(dict.fromkeys([term, *found.get(key, ())[1:], *others]))
    return found


def _cut(run: str, synonyms: dict[str, tuple[str, ...]]) -> list[str]:
    """Cut a run into words, keeping terms of the synonym list whole (longest first)."""
    for term in sorted(synonyms, key=len, reverse=True):
        at = run.find(term)
        if at != -1 and len(term) < len(run):
            return [*_cut(run[:at], synonyms), term, *_cut(run[at + len(term) :], synonyms)]
        if at != -1:
            return [term]
    if not run:
        return []
    return _jieba().lcut(run, HMM=True)


def words_of(text: str, synonyms: dict[str, tuple[str, ...]]) -> list[Word]:
    """Return the words of the query (no more than MAX_WORDS), each with its synonyms."""
    pieces: list[str] = []
    for chunk in text.split():
        pieces.extend(_cut(compact(chunk), synonyms))
    pieces = [p for p in pieces if p and p not in STOP_WORDS]
    if len(pieces) > 1:
        # A lone character (证, 钱) is too common to say anything next to real words.
        longer = [p for p in pieces if len(p) > 1 or p.isascii()]
        pieces = longer or pieces
    words: list[Word] = []
    for piece in dict.fromkeys(pieces):
        words.append(Word(text=piece, alternatives=synonyms.get(piece, (piece,))))
    return words[:MAX_WORDS]


SPECIFIC = 10.0  # rarity (see `rarity`) from which a word names a subject, not filler


def rarity(word: str) -> float:
    """How rare a word is in general Chinese: log(all words / its count) in jieba's dictionary.

    一只 (9.1), 需要 (7.7) are common; 火星 (11.7), 公积金 (11.6), 养老金 (13.3) are specific.
    Letters and digits count as specific.
    """
    if word.isascii():
        return math.inf
    tokenizer = _jieba()
    return math.log(tokenizer.total / (tokenizer.FREQ.get(word, 0) + 1))


def warm_up() -> None:
    """Load the dictionary now (benchmarks and servers call this before timing)."""
    _jieba()
