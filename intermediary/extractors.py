"""The printed documents the intermediary app reads its data from."""

from __future__ import annotations

from documents.extractors import Extractor
from intermediary.parsing import parse


def extractors() -> list[Extractor]:
    return [
        Extractor(
            app="intermediary",
            label="政务服务事项中介服务项目清单",
            title_pattern=r"中介服务项目清单",
            read=lambda draft, text: parse(text.splitlines()),
        )
    ]
