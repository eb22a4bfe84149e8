"""Filters of the public roster page."""

from __future__ import annotations

import django_filters

from rewards import selectors
from rewards.models import AwardWinner, Sector


def _years():
    return [(str(year), f"{year}年") for year in selectors.scheme_years()]


def _prizes():
    return [(name, name) for name in selectors.prize_names()]


class AwardWinnerFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        field_name="prize__scheme__year", label="年度", choices=[], empty_label="全部年度"
    )
    sector = django_filters.ChoiceFilter(
        field_name="prize__sector", label="奖励对象", choices=Sector.choices, empty_label="全部"
    )
    prize = django_filters.ChoiceFilter(
        field_name="prize__name", label="奖项", choices=[], empty_label="全部奖项"
    )

    class Meta:
        model = AwardWinner
        fields = ["year", "sector", "prize"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the choices once per request: a callable would run again on every render.
        self.filters["year"].extra["choices"] = _years()
        self.filters["prize"].extra["choices"] = _prizes()
