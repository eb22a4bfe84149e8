"""Pages and the JSON endpoint of the differential-pricing app."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gazette_site.charts import bar_chart
from gazette_site.forms import BAD_INPUT_STATUS, json_400
from gazette_site.history import printed_changes
from gazette_site.http import (
    BadInput,
    json_error,
    json_number,
    json_ok,
    parse_as_of,
)
from gazette_site.http import today as portal_today
from gazette_site.pagination import paginate
from pricing import rules, selectors
from pricing.filters import ClassDFilter
from pricing.forms import FIELDS, TABLE_MONTHS, CalculatorForm, EnterpriseTableForm
from pricing.models import Resource, RuleTopic

PAGE_SIZE = 50
NO_POLICY = "尚未录入差别化价格政策（威发改发〔2020〕227号）的加价标准，请联系管理员载入数据。"


def _as_of(request) -> tuple[dt.date, str]:
    """Read ?as_of, falling back to today with a message when it is bad."""
    try:
        return parse_as_of(request), ""
    except BadInput as error:
        return portal_today(), str(error)


@require_safe
def schedule(request):
    """Show the schedule, the rules in plain words and whether the notice is in force."""
    policy = selectors.policy_get()
    as_of, as_of_error = _as_of(request)
    context = {"policy": policy, "as_of": as_of, "as_of_error": as_of_error}
    if policy is not None:
        context.update(
            status=selectors.policy_status(policy, as_of=as_of),
            step_rows=selectors.step_rows(policy),
            charts=_step_charts(policy),
            rules=list(policy.rules.all()),
            rounding=rules.ROUNDING_NOTE,
            printed_changes=printed_changes(
                policy.surcharges.all(),
                ["rate"],
                name_of=lambda s: f"{s.get_resource_display()}价加价（{s.step_label}）",
            ),
        )
    return render(request, "pricing/schedule.html", context, status=400 if as_of_error else 200)


def _step_charts(policy) -> list:
    """The surcharge rising with the years on the D list, one chart per resource."""
    charts = []
    for resource, label in Resource.choices:
        steps = [s for s in policy.surcharges.all() if s.resource == resource]
        if steps:
            unit = steps[0].unit
            charts.append(
                bar_chart(
                    key=f"chart-{resource}",
                    title=f"{label}加价：按连续列入D类年数（元/{unit}）",
                    items=[(s.step_label, s.rate) for s in steps],
                    value_text=lambda v, unit=unit: f"{v.normalize():f}元/{unit}",
                )
            )
    return charts


@require_safe
def surcharge_json(request):
    """Answer one month's surcharge as JSON, per the published contract."""
    form = CalculatorForm(request.GET, allow_enterprise=False)
    if not form.is_valid():
        return json_400(form)
    policy = selectors.policy_get()
    if policy is None:
        return json_error(NO_POLICY, status=503)
    result = selectors.month_answer(policy, form.input())["result"]
    return json_ok(
        {
            "in_force": result.in_force,
            "electricity_rate": json_number(result.electricity_rate),
            "water_rate": json_number(result.water_rate),
            "applied_electricity_rate": json_number(result.applied_electricity_rate),
            "electricity_yuan": json_number(result.electricity_yuan),
            "water_yuan": json_number(result.water_yuan),
            "total_yuan": json_number(result.total_yuan),
        }
    )


@require_safe
def calculator(request):
    """Compute a month's surcharge from consecutive years or an enterprise's history."""
    policy = selectors.policy_get()
    context = {
        "policy": policy,
        "enterprise_choices": selectors.enterprise_choices(),
        "query": request.GET,
        "fields": FIELDS,
        "rounding": rules.ROUNDING_NOTE,
        "submitted": bool(request.GET),
    }
    if policy is None or not request.GET:
        return render(request, "pricing/calculator.html", context)
    form = CalculatorForm(request.GET, allow_enterprise=True)
    if not form.is_valid():
        context["errors"] = form.messages()
        return render(request, "pricing/calculator.html", context, status=BAD_INPUT_STATUS)
    context.update(selectors.month_answer(policy, form.input(), enterprise=form.enterprise))
    return render(request, "pricing/calculator.html", context)


@require_safe
def enterprise_detail(request, credit_code: str):
    """Show an enterprise's evaluation history and twelve months of what it owes."""
    enterprise = selectors.enterprise_get(credit_code)
    if enterprise is None:
        raise Http404("没有这家企业")
    policy = selectors.policy_get()
    facts = selectors.facts_of(enterprise)
    context = {
        "enterprise": enterprise,
        "policy": policy,
        "history": selectors.evaluation_history(enterprise, facts),
        "fields": FIELDS,
        "rounding": rules.ROUNDING_NOTE,
        "query": request.GET,
    }
    if policy is None:
        return render(request, "pricing/enterprise_detail.html", context)
    context["start_rule"] = selectors.rules_by_topic(policy).get(RuleTopic.START_MONTH)
    default_start = selectors.default_start(policy, facts)
    form = EnterpriseTableForm(request.GET, default_start=default_start)
    if not form.is_valid():
        context["errors"] = form.messages()
        return render(request, "pricing/enterprise_detail.html", context, status=BAD_INPUT_STATUS)
    data = form.cleaned_data
    values = {name: data[name] for name in ("start", "kwh", "water_m3", "other_kwh_rate")}
    context.update(
        start=data["start"],
        default_start=default_start,
        values=values,
        **selectors.surcharge_table(
            policy,
            facts,
            start=data["start"],
            months=TABLE_MONTHS,
            volumes=data["volumes"],
            other_kwh_rate=data["other_kwh_rate"],
        ),
    )
    return render(request, "pricing/enterprise_detail.html", context)


@require_safe
def class_d_list(request):
    """List one year's class-D enterprises, filterable by district and consecutive years."""
    policy = selectors.policy_get()
    years = selectors.class_d_years()
    data = request.GET.copy()
    if years and not data.get("year"):
        data["year"] = str(years[0])
    filterset = ClassDFilter(
        data,
        queryset=selectors.class_d_evaluations(),
        years=years,
        steps=selectors.steps_offered(policy),
    )
    errors = [message for field in filterset.form.errors.values() for message in field]
    context = {
        "policy": policy,
        "filter": filterset,
        "years": years,
        "errors": errors,
        "year": filterset.form.cleaned_data.get("year") if not errors else None,
    }
    pages = None
    if not errors:
        try:
            pages = paginate(request, filterset.qs, per_page=PAGE_SIZE)
        except BadInput as error:
            errors.append(str(error))
    if errors or not years:
        return render(request, "pricing/class_d_list.html", context, status=400 if errors else 200)
    rows = list(pages.page.object_list)
    runs = selectors.d_runs(rows)
    context.update(
        pages=pages,
        page=pages.page,
        rows=[{"evaluation": e, "run": runs[e.pk]} for e in rows],
    )
    return render(request, "pricing/class_d_list.html", context)


@require_safe
def surcharges_json(request):
    """List the surcharge steps of the pricing notice as open data."""
    policy = selectors.policy_get()
    if policy is None:
        return json_error(NO_POLICY, status=503)
    return json_ok(
        [
            {
                "doc_number": policy.doc_number,
                "resource": step.get_resource_display(),
                "resource_code": step.resource,
                "consecutive_years": step.consecutive_years,
                "and_more": step.and_more,
                "step": step.step_label,
                "rate_yuan": json_number(step.rate),
                "basis": step.basis,
                "unit": step.unit,
                "source_text": step.source_text,
            }
            for step in policy.surcharges.all()
        ]
    )
