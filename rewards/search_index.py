"""What the rewards app offers to search: the measures, their prizes, conditions and figures."""

from __future__ import annotations

from rewards import models, selectors
from search.registry import SearchSource


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            name="rewards",
            label="金融发展贡献奖",
            models=(
                models.Measure,
                models.AwardScheme,
                models.SectorBudget,
                models.AwardPrize,
                models.Institution,
                models.IpCompensationParameters,
                models.Condition,
            ),
            records=selectors.search_records,
        )
    ]
