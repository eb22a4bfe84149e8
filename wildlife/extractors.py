"""The printed documents the wildlife app reads its data from."""

from __future__ import annotations

from documents.extractors import Extractor
from wildlife.parsing import parse_plan, read_standard


def extractors() -> list[Extractor]:
    return [
        Extractor(
            app="wildlife",
            label="在养禁食陆生野生动物退出补偿方案",
            title_pattern=r"在养禁食陆生野生动物后续处置工作方案",
            read=lambda draft, text: parse_plan(text),
        ),
        Extractor(
            app="wildlife",
            label="野生动物退出补偿标准（含修订版）",
            title_pattern=r"退出补偿(?:指导)?标准",
            read=read_standard,
        ),
    ]
