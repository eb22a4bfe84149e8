"""Read what a citizen types into the search box.

Terms separated by spaces must all occur (AND); a quoted part ("…", “…”, 「…」)
is one phrase; a document number in any bracket style (威政发〔2020〕7号,
威政发[2020]7号, 威政发2020 7号, 威政发(2020)7号) is one phrase in its printed form.
Full-width and half-width letters and digits are the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gazette_site.http import BadInput
from gazette_text import DocNumber, find_doc_numbers, fold_width, parse_doc_number
from search.text import QueryToken, compact, query_tokens

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8

_QUOTED = re.compile(r'"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|『([^』]*)』?')


@dataclass(frozen=True)
class Term:
    """One condition: a word or a phrase whose tokens must occur one after another."""

    text: str
    tokens: tuple[QueryToken, ...]
    phrase: bool = False
    # When > 0: exactly one unknown character stands between tokens[:gap] and tokens[gap:]
    # (a mistyped character: 无尝献血 as 无 ? 献血).
    gap: int = 0


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[Term, ...]
    doc_number: DocNumber | None  # the whole query is this document number
    key: str  # the query reduced to its characters, to spot an exact title
    any_of: bool = False  # one of the terms is enough (a word and its synonyms), not all

    @property
    def display(self) -> str:
        return " ".join(f"“{t.text}”" if t.phrase else t.text for t in self.terms)


def any_of(words) -> ParsedQuery:
    """Return a query that matches where any one of the words occurs (as a phrase)."""
    terms = tuple(term for word in words if (term := _term(word, phrase=False)) is not None)
    return ParsedQuery(raw=" ".join(words), terms=terms, doc_number=None, key="", any_of=True)


def one_typo(runs: list[str]) -> ParsedQuery | None:
    """Match any of the runs with one character wrong (or missing): 无尝献血 finds 无偿献血.

    A run of n >= 3 Chinese characters gives one variant per character, that character
    replaced by any one; for n >= 4 the variants that drop the first or last character too.
    """
    terms: list[Term] = []
    for run in runs:
        n = len(run)
        if n < 3:
            continue
        for i in range(n):
            left, right = run[:i], run[i + 1 :]
            if not left or not right:
                term = _term(left or right, phrase=False) if n >= 4 else None
                if term is not None:
                    terms.append(term)
                continue
            head = query_tokens(left) if len(left) > 1 else []
            head.append(QueryToken(left[-1], True))
            tail = query_tokens(right)
            terms.append(
                Term(text=f"{left}?{right}", tokens=(*head, *tail), phrase=False, gap=len(head))
            )
    if not terms:
        return None
    return ParsedQuery(raw=" ".join(runs), terms=tuple(terms), doc_number=None, key="", any_of=True)


def _term(text: str, *, phrase: bool) -> Term | None:
    tokens = tuple(query_tokens(text))
    if not tokens:
        return None
    return Term(text=text.strip(), tokens=tokens, phrase=phrase)


def _number_term(number: DocNumber) -> Term:
    """Match a document number up to its serial, exactly (7 must not find 70).

    The final 号 is left out: as the last character it would be a prefix of every bigram
    starting with 号, costly to look up and adding nothing once the serial is exact.
    """
    tokens = query_tokens(f"{number.code}〔{number.year}〕{number.serial}")
    tokens[-1] = QueryToken(tokens[-1].text, False)
    return Term(text=number.canonical, tokens=tuple(tokens), phrase=True)


def _split_doc_numbers(text: str) -> tuple[list[Term], str]:
    """Take document numbers out of free text as phrases; return them and the rest."""
    folded = fold_width(text)
    terms: list[Term] = []
    rest: list[str] = []
    last = 0
    for number, start, end in find_doc_numbers(folded):
        # The pattern may have swallowed words before the code (献血威政发…): give them back.
        whole = parse_doc_number(folded[start:end])
        lead = len(whole.code) - len(number.code) if whole else 0
        rest.append(folded[last : start + lead])
        terms.append(_number_term(number))
        last = end
    rest.append(folded[last:])
    return terms, " ".join(rest)


def parse_query(raw: str | None) -> ParsedQuery:
    """Parse the search box; raise BadInput with a Chinese message when nothing can be searched."""
    raw = (raw or "").strip()
    if not raw:
        raise BadInput("请输入要搜索的文字，例如：献血、补偿标准、威政发〔2020〕7号。")
    if len(raw) > MAX_QUERY_LENGTH:
        raise BadInput(f"搜索词太长（{len(raw)} 个字符），请精简到 {MAX_QUERY_LENGTH} 个字符以内。")
    folded = fold_width(raw)
    whole_number = parse_doc_number(folded)
    if whole_number is not None:
        found = find_doc_numbers(folded)
        # 献血威政发〔2020〕7号 parses with the code 献血威政发: not one number, but two terms.
        if [number for number, _start, _end in found] != [whole_number]:
            whole_number = None
    terms: list[Term] = []
    if whole_number is not None:
        terms.append(_number_term(whole_number))
    else:
        free: list[str] = []
        last = 0
        for match in _QUOTED.finditer(folded):
            free.append(folded[last : match.start()])
            inner = next((g for g in match.groups() if g is not None), "")
            term = _term(inner, phrase=True)
            if term:
                terms.append(term)
            last = match.end()
        free.append(folded[last:])
        numbers, rest = _split_doc_numbers(" ".join(free))
        terms.extend(numbers)
        for word in rest.split():
            term = _term(word, phrase=False)
            if term:
                terms.append(term)
    unique: list[Term] = []
    for term in terms:
        if term.tokens not in {t.tokens for t in unique}:
            unique.append(term)
    if not unique:
        raise BadInput(f"“{raw}”中没有可以搜索的文字或数字，请换个说法。")
    if len(unique) > MAX_TERMS:
        raise BadInput(f"搜索词最多 {MAX_TERMS} 个（用空格分隔），请减少一些。")
    return ParsedQuery(raw=raw, terms=tuple(unique), doc_number=whole_number, key=compact(raw))
