"""What the dummy app offers the portal: a search source, an extractor and an after-load hook."""

from documents.extractors import Extractor
from search.registry import SearchSource

loads: list[str] = []


def after_load() -> None:
    loads.append("dummy")


def search_sources() -> list[SearchSource]:
    return [SearchSource(name="dummy", label="示例数据", models=(), records=lambda: [])]


def extractors() -> list[Extractor]:
    return [
        Extractor(
            app="dummy", label="示例办法", title_pattern="示例办法", read=lambda draft, text: None
        )
    ]
