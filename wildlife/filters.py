"""Filters of the public list (公示): district, species and compensation-scope category."""

import django_filters

from documents.models import District
from wildlife.models import BreedingEntity, ScopeCategory, Species


class PublicListFilter(django_filters.FilterSet):
    """Filter breeding entities by district, a species they hold, and scope category."""

    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.order_by("position", "name"),
        to_field_name="name",
        label="区市",
        empty_label="全部区市",
    )
    species = django_filters.ModelChoiceFilter(
        field_name="registrations__species",
        queryset=Species.objects.order_by("plan", "number"),
        to_field_name="name",
        label="物种",
        empty_label="全部物种",
        distinct=True,
    )
    scope = django_filters.ModelChoiceFilter(
        queryset=ScopeCategory.objects.order_by("plan", "number"),
        to_field_name="number",
        label="补偿范围",
        empty_label="全部类别",
        null_label="待认定",
        null_value="none",
    )

    class Meta:
        model = BreedingEntity
        fields = ["district", "species", "scope"]
