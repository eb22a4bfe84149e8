"""Filters of the yearly list of class-D enterprises."""

from __future__ import annotations

import django_filters
from django import forms

from documents.models import District
from pricing import rules, selectors
from pricing.models import Evaluation


class ClassDFilter(django_filters.FilterSet):
    """Narrow one year's class-D results by district, consecutive years and name."""

    year = django_filters.TypedChoiceFilter(
        label="评价年度",
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "没有%(value)s年度的D类评价结果，请从列表中选择年度。"},
    )
    district = django_filters.ModelChoiceFilter(
        label="区市",
        field_name="enterprise__district",
        queryset=District.objects.order_by("position", "name"),
        empty_label="全部区市",
        error_messages={"invalid_choice": "区市选择无效，请从列表中选择。"},
    )
    consecutive_years = django_filters.ChoiceFilter(
        label="连续列入D类年数",
        method="filter_consecutive_years",
        empty_label="不限",
        error_messages={"invalid_choice": "连续年数“%(value)s”无效，请从列表中选择。"},
    )
    name = django_filters.CharFilter(
        label="企业名称",
        field_name="enterprise__name",
        lookup_expr="icontains",
        max_length=100,
    )

    class Meta:
        model = Evaluation
        fields: list[str] = []

    def __init__(self, *args, years: list[int], steps: list[tuple[int, bool]], **kwargs):
        # Choices come from the data: the years on record and the schedule's own steps.
        self._open_ended = {str(n) for n, and_more in steps if and_more}
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(y), f"{y}年度") for y in years]
        self.filters["consecutive_years"].extra["choices"] = [
            (str(n), rules.step_label(n, and_more=and_more)) for n, and_more in steps
        ]
        self.form.fields["name"].widget = forms.TextInput(attrs={"placeholder": "名称中的字"})

    def filter_consecutive_years(self, queryset, name, value):
        years = int(value)
        conditions = {f"d_back_{k}": True for k in range(1, years)}
        annotations = {f"d_back_{k}": selectors.d_in_year_before(k) for k in range(1, years)}
        if value not in self._open_ended:
            annotations[f"d_back_{years}"] = selectors.d_in_year_before(years)
            conditions[f"d_back_{years}"] = False
        return queryset.annotate(**annotations).filter(**conditions)
