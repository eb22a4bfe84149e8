"""What the intermediary app offers to search: the catalogue's services and their matters."""

from __future__ import annotations

from intermediary import models, selectors
from search.registry import SearchSource


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            name="intermediary",
            label="中介服务项目",
            models=(
                models.IntermediaryService,
                models.ServiceLink,
                models.ServiceMatter,
                models.Department,
            ),
            records=selectors.search_records,
        )
    ]
