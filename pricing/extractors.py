"""The printed documents the pricing app reads its data from."""

from __future__ import annotations

from documents.extractors import Extractor
from pricing.parsing import parse_notice


def extractors() -> list[Extractor]:
    return [
        Extractor(
            app="pricing",
            label="“亩产效益”差别化价格政策",
            title_pattern=r"差别化\s*价格政策",
            read=lambda draft, text: parse_notice(text),
        )
    ]
