"""What the wildlife app offers to search: the compensation standard, species by species."""

from __future__ import annotations

from search.registry import SearchSource
from wildlife.models import CompensationPlan, Species
from wildlife.selectors import species_search_records


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            name="wildlife",
            label="野生动物退出补偿标准",
            models=(Species, CompensationPlan),
            records=species_search_records,
        )
    ]
