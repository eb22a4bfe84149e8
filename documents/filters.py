"""The filters of the documents list (django-filter): year, section, issuing body, kind, status."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet

from documents.choices import DocumentKind, Status
from documents.models import Document, Organisation, Section

SORTS = {
    "-signed": ("-signed_date", "doc_number"),
    "signed": ("signed_date", "doc_number"),
    "number": ("issuer_code", "doc_year", "serial"),
    "page": ("issue__year", "issue__number", "position"),
}
SORT_CHOICES = [
    ("page", "按刊载顺序"),
    ("-signed", "成文日期从新到旧"),
    ("signed", "成文日期从旧到新"),
    ("number", "按文号"),
]


def _section_choices() -> list[tuple[str, str]]:
    names = Section.objects.order_by("position").values_list("name", flat=True).distinct()
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return [(n, n) for n in seen]


def _issuer_choices() -> list[tuple[str, str]]:
    return list(
        Organisation.objects.filter(issuer_links__document__is_stub=False)
        .distinct()
        .order_by("name")
        .values_list("slug", "name")
    )


class DocumentFilter(django_filters.FilterSet):
    """Narrow the documents list; `status` reads the `status_code` annotation for `as_of`."""

    year = django_filters.NumberFilter(
        field_name="doc_year",
        label="发文年份",
        min_value=1949,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "年份应为四位数字，例如 2020。",
            "min_value": "年份不能早于 %(limit_value)s年。",
            "max_value": "年份不能晚于 %(limit_value)s年。",
        },
    )
    section = django_filters.ChoiceFilter(
        field_name="section__name",
        label="栏目",
        choices=_section_choices,
        empty_label="全部栏目",
        error_messages={"invalid_choice": "没有“%(value)s”这个栏目。"},
    )
    issuer = django_filters.ChoiceFilter(
        field_name="issuer_links__organisation__slug",
        label="发文机关",
        choices=_issuer_choices,
        empty_label="全部发文机关",
        error_messages={"invalid_choice": "没有“%(value)s”这个发文机关。"},
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind",
        label="文种",
        choices=DocumentKind.choices,
        empty_label="全部文种",
        error_messages={"invalid_choice": "没有“%(value)s”这个文种。"},
    )
    status = django_filters.ChoiceFilter(
        field_name="status_code",
        label="时效",
        choices=Status.choices,
        empty_label="全部",
        error_messages={
            "invalid_choice": "时效只能选"
            + "、".join(label for _, label in Status.choices)
            + "之一。"
        },
    )
    sort = django_filters.ChoiceFilter(
        label="排序",
        choices=SORT_CHOICES,
        method="sort_by",
        empty_label=None,
        error_messages={"invalid_choice": "排序方式只能选页面上列出的几种。"},
    )

    class Meta:
        model = Document
        fields: list[str] = []

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS[value])

    def errors_text(self) -> list[str]:
        """Every problem as a Chinese sentence naming the filter by its label."""
        return [
            f"{self.form.fields[name].label}：{message}"
            for name, messages in self.form.errors.items()
            for message in messages
        ]
