"""What the blood-donation app offers to search: the measure and each of its rules."""

from __future__ import annotations

from blood_donation import models, selectors
from search.registry import SearchSource


def sources() -> list[SearchSource]:
    return [
        SearchSource(
            name="blood_donation",
            label="无偿献血",
            models=(
                models.Measure,
                models.DonationOption,
                models.Relative,
                models.HonourLevel,
                models.Benefit,
                models.Fine,
            ),
            records=selectors.search_records,
        )
    ]
