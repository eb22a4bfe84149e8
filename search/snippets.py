"""Highlight the query in a hit's title and cut a snippet of its body around the first match.

Matches are found the way the index finds them (search/text.py tokens one after
another), so 威政发[2020]7号 highlights 威政发〔2020〕7号 and 无偿献 血 highlights as
无偿献血. Text is escaped first and only then wrapped in <mark>.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search.query import ParsedQuery
from search.text import HAN, MAX_WORD, find_phrase, normalise, spans

BEFORE = 30  # characters of context before the first match
LENGTH = 110  # characters of snippet in all
_SPACES = re.compile(r"\s+")
_HAN_ONLY = re.compile(f"[{HAN}]+")


def _plain_chinese(term) -> str | None:
    """Return the characters of a term of Chinese bigrams only, else None.

    Such a term matches exactly where its characters occur one after another in the
    normalised text, so str.find answers without tokenising anything.
    """
    tokens = term.tokens
    if len(tokens) == 1 and tokens[0].prefix and _HAN_ONLY.fullmatch(tokens[0].text):
        return tokens[0].text  # one character: any token starting with it
    if all(len(t.text) == 2 and not t.prefix and _HAN_ONLY.fullmatch(t.text) for t in tokens):
        return tokens[0].text + "".join(t.text[1] for t in tokens[1:])
    return None


def _term_matches(normalised: str, term, *, start: int = 0, stop: int | None = None, first=False):
    """Yield spans where the term matches, beginning in [start, stop)."""
    stop = len(normalised) if stop is None else stop
    plain = _plain_chinese(term)
    if plain is not None:
        at = normalised.find(plain, start, stop)
        while at != -1:
            yield (at, at + len(plain))
            if first:
                return
            at = normalised.find(plain, at + 1, stop)
        return
    head = term.tokens[0].text
    reach = 4 * sum(len(t.text) for t in term.tokens) + MAX_WORD
    at = normalised.find(head, start, stop)
    while at != -1:
        # Tokenise only around the candidate: the body may be a whole long document.
        left = max(0, at - MAX_WORD)
        window = normalised[left : at + reach]
        for s, e in find_phrase(spans(window), list(term.tokens)):
            if left + s == at:
                yield (at, left + e)
                if first:
                    return
        at = normalised.find(head, at + 1, stop)


def _matches(normalised: str, query: ParsedQuery, *, start=0, stop=None) -> list[tuple[int, int]]:
    """Find every match of every term beginning in [start, stop), as normalised spans."""
    found = [
        span
        for term in query.terms
        for span in _term_matches(normalised, term, start=start, stop=stop)
    ]
    return _merge(found)


def contains(text: str, query: ParsedQuery) -> bool:
    """Whether the text holds the query (every term, or one for any_of) as the index finds it."""
    normalised, _ = normalise(_SPACES.sub(" ", text or ""))
    found = (next(_term_matches(normalised, term, first=True), None) for term in query.terms)
    return any(f is not None for f in found) if query.any_of else all(f is not None for f in found)


def _first_match(normalised: str, query: ParsedQuery) -> int | None:
    firsts = [
        span[0] for term in query.terms for span in _term_matches(normalised, term, first=True)
    ]
    return min(firsts) if firsts else None


def _merge(spans_: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans_):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _render(text: str, marks: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    cursor = start
    for s, e in marks:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[cursor:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    out.append(escape(text[cursor:end]))
    return "".join(out)


def _to_original(positions: list[int], marks) -> list[tuple[int, int]]:
    return [(positions[s], positions[e - 1] + 1) for s, e in marks]


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """Escape a short text (a title) and mark every match."""
    text = _SPACES.sub(" ", text or "")
    normalised, positions = normalise(text)
    marks = _to_original(positions, _matches(normalised, query))
    return mark_safe(_render(text, marks, 0, len(text)))


def snippet(text: str, query: ParsedQuery) -> SafeString:
    """Cut about LENGTH characters around the first match, escaped, matches marked."""
    text = _SPACES.sub(" ", text or "").strip()
    normalised, positions = normalise(text)
    first = _first_match(normalised, query)
    start = max(0, positions[first] - BEFORE) if first is not None else 0
    end = min(len(text), start + LENGTH)
    start = max(0, min(start, end - LENGTH))
    marks: list[tuple[int, int]] = []
    if first is not None:
        # Only the matches that can show: the window's stretch of the normalised text.
        lo = bisect_left(positions, start)
        hi = min(bisect_left(positions, end), len(normalised))
        marks = _to_original(positions, _matches(normalised, query, start=lo, stop=hi))
    html = _render(text, marks, start, end)
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return mark_safe(html)
