"""The catalogue's filters (django-filter): department, matter type, fee basis, keyword, status."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms

from intermediary.models import Department, MatterType
from intermediary.selectors import Criteria, Status, fee_basis_values, filter_services

SORT_CHOICES = [("no", "按序号升序"), ("-no", "按序号降序")]


def _invalid(label: str) -> dict[str, str]:
    return {"invalid_choice": f"{label}“%(value)s”不在可选范围内，请从列表中选择。"}


def _department_choices() -> list[tuple[str, str]]:
    return [(str(order), name) for order, name in Department.objects.values_list("order", "name")]


def _fee_choices() -> list[tuple[str, str]]:
    return [(fee, fee) for fee in fee_basis_values()]


class ServiceFilter(django_filters.FilterSet):
    """Validate the catalogue's query string; the filtering itself is `filter_services`."""

    department = django_filters.ChoiceFilter(
        label="部门",
        choices=_department_choices,
        empty_label="全部部门",
        error_messages=_invalid("部门"),
    )
    matter_type = django_filters.ChoiceFilter(
        label="事项类型",
        choices=MatterType.choices,
        empty_label="全部类型",
        error_messages=_invalid("事项类型"),
    )
    fee_basis = django_filters.ChoiceFilter(
        label="收费依据及标准",
        choices=_fee_choices,
        empty_label="全部收费依据",
        error_messages=_invalid("收费依据"),
    )
    q = django_filters.CharFilter(
        label="关键词",
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "项目、事项、子项或设定依据"}
        ),
        error_messages={"max_length": "关键词不能超过 %(limit_value)d 个字。"},
    )
    status = django_filters.ChoiceFilter(
        label="状态",
        choices=Status.CHOICES,
        empty_label=None,
        error_messages=_invalid("状态"),
    )
    sort = django_filters.ChoiceFilter(
        label="排序",
        choices=SORT_CHOICES,
        empty_label=None,
        error_messages=_invalid("排序方式"),
    )

    def __init__(
        self, data=None, *args, as_of: dt.date, default_status: str = Status.CURRENT, **kwargs
    ):
        self.as_of = as_of
        self.default_status = default_status
        super().__init__(data, *args, **kwargs)

    def criteria(self) -> Criteria:
        """Return the validated filters (call only when the form is valid)."""
        data = self.form.cleaned_data
        return Criteria(
            as_of=self.as_of,
            department=int(data["department"]) if data.get("department") else None,
            matter_type=data.get("matter_type") or "",
            fee_basis=data.get("fee_basis") or "",
            q=(data.get("q") or "").strip(),
            status=data.get("status") or self.default_status,
        )

    @property
    def ordering(self) -> str:
        return (self.form.cleaned_data.get("sort") if self.is_bound else None) or "no"

    def filter_queryset(self, queryset):
        return filter_services(queryset, self.criteria()).order_by(self.ordering)

    def error_messages(self) -> list[str]:
        """Return every form error as one Chinese sentence."""
        return [message for errors in self.form.errors.values() for message in errors]
