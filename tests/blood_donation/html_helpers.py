"""Read a rendered page the way a person does: the text inside one element."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _ById(HTMLParser):
    def __init__(self, element_id: str):
        super().__init__(convert_charrefs=True)
        self.element_id = element_id
        self.depth = 0
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            if tag not in VOID:
                self.depth += 1
            return
        if dict(attrs).get("id") == self.element_id and not self.found:
            self.found = True
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def text_of(html: str, element_id: str) -> str:
    """Return the visible text inside the element with this id; fail if it is missing."""
    parser = _ById(element_id)
    parser.feed(html)
    assert parser.found, f"#{element_id} is not on the page"
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def page_text(html: str) -> str:
    """Return the page's text with tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
