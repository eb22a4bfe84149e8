"""The filters beside the results (django-filter): each narrows the hits and shows its counts."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, CharField, F, Q, QuerySet, When

from documents.choices import Status
from search import registry
from search.models import SearchEntry


def status_on(day) -> Case:
    """The stored status stretch that contains `day` (see search/timeline.py)."""
    return Case(
        When(Q(change_1__isnull=True) | Q(change_1__gt=day), then=F("status_0")),
        When(Q(change_2__isnull=True) | Q(change_2__gt=day), then=F("status_1")),
        When(Q(change_3__isnull=True) | Q(change_3__gt=day), then=F("status_2")),
        default=F("status_3"),
        output_field=CharField(),
    )


def dataset_choices() -> list[tuple[str, str]]:
    return [(s.name, s.label) for s in registry.sources()]


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class SearchFilter(django_filters.FilterSet):
    """Narrow the hits by dataset, issue, year, section, issuing body, kind and status."""

    dataset = django_filters.ChoiceFilter(
        field_name="source",
        label="数据集",
        choices=dataset_choices,
        error_messages={"invalid_choice": "没有这个数据集：%(value)s。"},
    )
    issue = django_filters.CharFilter(field_name="issue", label="期次", max_length=20)
    year = YearFilter(
        field_name="year",
        label="年份",
        min_value=1949,
        max_value=2100,
        error_messages={
            "invalid": "年份应为四位数字，例如 2020。",
            "min_value": "年份不能早于 %(limit_value)s。",
            "max_value": "年份不能晚于 %(limit_value)s。",
        },
    )
    section = django_filters.CharFilter(field_name="section", label="栏目", max_length=50)
    issuer = django_filters.CharFilter(label="发文机关", method="filter_issuer", max_length=100)
    doc_kind = django_filters.CharFilter(field_name="doc_kind", label="文种", max_length=20)
    status = django_filters.ChoiceFilter(
        label="时效",
        choices=Status.choices,
        method="filter_status",
        error_messages={"invalid_choice": "时效只能是现行有效、已失效、已废止或尚未施行。"},
    )

    class Meta:
        model = SearchEntry
        fields: list[str] = []

    def __init__(self, *args, as_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.as_of = as_of

    def filter_issuer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(issuers__contains=f"|{value}|")

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.alias(status_filter=status_on(self.as_of)).filter(status_filter=value)

    def error_text(self) -> str:
        """Say in one Chinese sentence what is wrong with the filters."""
        parts = []
        for name, errors in self.errors.items():
            label = self.filters[name].label if name in self.filters else name
            parts.append(f"{label}：{'；'.join(errors)}")
        return "筛选条件有误。" + " ".join(parts)
