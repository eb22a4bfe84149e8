"""Public pages, staff registry page and JSON endpoints of the wildlife app."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gazette_site.charts import bar_chart
from gazette_site.formatting import yuan
from gazette_site.http import (
    BadInput,
    json_error,
    json_number,
    json_ok,
    parse_as_of,
    today,
)
from gazette_site.pagination import paginate
from wildlife import selectors
from wildlife.filters import PublicListFilter
from wildlife.forms import CalculatorForm
from wildlife.models import BreedingEntity, CompensationPlan

PUBLIC_LIST_PAGE_SIZE = 50

# Where each rule stands in the plan (anchors of the documents app's page).
ANCHORS = {
    "scope": "二-（一）",
    "batch": "二-（二）",
    "standard": "二-（三）",
    "funding": "二-（四）",
    "registration": "三-（一）",
    "publicity": "三-（二）",
    "disposal": "三-（三）",
    "records": "三-（四）",
    "responsibilities": "附件1",
    "table": "附件2",
}


def _plan() -> CompensationPlan:
    plan = selectors.plan_get()
    if plan is None:
        raise Http404("补偿方案数据尚未载入。")
    return plan


def _cites(plan: CompensationPlan) -> dict[str, str]:
    return {key: plan.document_url(anchor) for key, anchor in ANCHORS.items()}


def _base_context(plan: CompensationPlan, **extra) -> dict:
    return {"plan": plan, "cites": _cites(plan), **extra}


@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The plan at a glance: dates, split, the standard, scope and disposal methods."""
    plan = _plan()
    species = selectors.species_list(plan=plan, printed=True)
    as_of_error = ""
    try:
        as_of = parse_as_of(request)
    except BadInput as exc:
        as_of, as_of_error = today(), str(exc)
    context = _base_context(
        plan,
        as_of=as_of,
        as_of_error=as_of_error,
        status_info=selectors.plan_status(plan=plan, as_of=as_of),
        cutoff_passed=as_of > plan.registration_cutoff,
        deadline_passed=as_of > plan.completion_deadline,
        species=species,
        species_chart=bar_chart(
            key="chart-species",
            title="补偿标准（成体，每只或每斤）",
            items=[(f"{s.name}（每{s.unit}）", s.price) for s in species],
            value_text=yuan,
        ),
        scopes=selectors.scope_list(plan=plan),
        methods=selectors.method_list(plan=plan),
    )
    return render(request, "wildlife/overview.html", context, status=400 if as_of_error else 200)


@require_safe
def calculator(request: HttpRequest) -> HttpResponse:
    """Compensation for species and quantities, with the city and county shares."""
    plan = _plan()
    species = selectors.species_list(plan=plan, printed=True)
    bound = any(key.startswith(("species_", "quantity_")) for key in request.GET)
    form = CalculatorForm(request.GET if bound else None, species=species)
    result = None
    status = 200
    if bound:
        if form.is_valid():
            result = selectors.quote(plan=plan, lines=form.cleaned_data["lines"])
        else:
            status = 400
    context = _base_context(plan, form=form, result=result, species=species)
    return render(request, "wildlife/calculator.html", context, status=status)


@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    """The public list (公示): entities, their registered stock and compensation."""
    plan = _plan()
    filterset = PublicListFilter(request.GET or None, queryset=BreedingEntity.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        context = _base_context(plan, filter=filterset, groups=[], page=None, invalid=True)
        return render(request, "wildlife/public_list.html", context, status=400)
    species = filterset.form.cleaned_data.get("species") if filterset.is_bound else None
    entities = filterset.qs.order_by("district__position", "name", "pk")
    try:
        pages = paginate(
            request,
            selectors.public_list_entities(entities=entities, species=species),
            per_page=PUBLIC_LIST_PAGE_SIZE,
        )
    except BadInput as exc:
        context = _base_context(
            plan, filter=filterset, groups=[], page=None, invalid=True, page_error=str(exc)
        )
        return render(request, "wildlife/public_list.html", context, status=400)
    registrations, total = selectors.public_list_total(entities=entities, species=species)
    context = _base_context(
        plan,
        filter=filterset,
        pages=pages,
        page=pages.page,
        groups=selectors.entity_groups(pages.page.object_list),
        registrations=registrations,
        total=total,
    )
    return render(request, "wildlife/public_list.html", context)


@require_safe
def reports(request: HttpRequest) -> HttpResponse:
    """Totals by district and species, the city share per district, disposal progress."""
    plan = _plan()
    report = selectors.compensation_report(plan=plan)
    progress = bar_chart(
        key="chart-progress",
        title="各区市（开发区）处置完成率",
        items=[
            (line.district.label, Decimal(line.progress_percent or 0))
            for line in report.districts
            if line.compensated
        ],
        value_text=lambda v: f"{v.normalize():f}%",
    )
    chart = bar_chart(
        key="chart-districts",
        title="各区市（开发区）补偿金额",
        items=[(line.district.label, line.total) for line in report.districts],
    )
    return render(
        request,
        "wildlife/reports.html",
        _base_context(plan, report=report, chart=chart, progress=progress),
    )


@require_safe
@login_required
@permission_required("wildlife.view_stockregistration", raise_exception=True)
def registry(request: HttpRequest) -> HttpResponse:
    """Staff: compensated stock not yet (fully) disposed of."""
    plan = _plan()
    pending = selectors.pending_disposals(plan=plan)
    return render(request, "wildlife/registry.html", _base_context(plan, pending=pending))


@require_safe
def species_json(request: HttpRequest) -> HttpResponse:
    """The compensation standard as open data."""
    plan = _plan()
    return json_ok(
        [
            {
                "name": s.name,
                "unit": s.unit,
                "price_yuan": json_number(s.price),
                "juvenile_price_yuan": json_number(s.juvenile_price),
            }
            for s in selectors.species_list(plan=plan)
        ]
    )


@require_safe
def compensation_json(request: HttpRequest) -> HttpResponse:
    """Price `items=<species>:<quantity>[:juvenile],...` and split the total."""
    plan = selectors.plan_get()
    if plan is None:
        return json_error("补偿方案数据尚未载入。", status=404)
    species_by_name = {s.name: s for s in selectors.species_list(plan=plan)}
    try:
        lines = selectors.parse_items(request.GET.get("items"), species_by_name=species_by_name)
    except BadInput as exc:
        return json_error(str(exc))
    result = selectors.quote(plan=plan, lines=lines)
    return json_ok(
        {
            "total_yuan": json_number(result.shares.total),
            "city_yuan": json_number(result.shares.city),
            "county_yuan": json_number(result.shares.county),
            "lines": [
                {
                    "species": line.species.name,
                    "quantity": json_number(line.quantity),
                    "unit_price_yuan": json_number(line.unit_price),
                    "amount_yuan": json_number(line.amount),
                }
                for line in result.lines
            ],
        }
    )
