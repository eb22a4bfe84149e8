"""Public pages and JSON of the financial-industry rewards and the IP-pledge compensation."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gazette_site.charts import bar_chart
from gazette_site.forms import BAD_INPUT_STATUS, json_400
from gazette_site.http import (
    BadInput,
    json_error,
    json_number,
    json_ok,
    parse_as_of,
    parse_int,
)
from gazette_site.pagination import paginate
from rewards import rules, selectors
from rewards.filters import AwardWinnerFilter
from rewards.forms import EligibilityForm, IpCompensationForm

ROSTER_PAGE_SIZE = 50


def _bad_request(request, message: str):
    return render(request, "rewards/bad_request.html", {"message": message}, status=400)


# --------------------------------------------------------------------------- scheme


@require_safe
def scheme_page(request, year: int | None = None):
    """Show a year's 金融发展贡献奖 (the newest by default), printed figures beside their sums."""
    try:
        as_of = parse_as_of(request)
    except BadInput as error:
        return _bad_request(request, str(error))
    scheme = selectors.scheme_for_year(year)
    if scheme is None:
        raise Http404(f"没有{year}年的金融发展贡献奖方案。" if year else "还没有录入奖励方案。")
    view = selectors.scheme_view(scheme)
    measure = scheme.measure
    return render(
        request,
        "rewards/scheme.html",
        {
            "view": view,
            "scheme": scheme,
            "measure": measure,
            "status": selectors.measure_status(measure, as_of=as_of),
            "years": selectors.scheme_years(),
            "article_url": measure.document_url("第六条"),
            "budget_chart": bar_chart(
                key="chart-budget",
                title=f"{scheme.year}年各奖项奖金预算（名额 × 每名奖金）",
                items=[
                    (f"{sector.label}·{prize.name}", prize.subtotal)
                    for sector in (*view.institution_sectors, *view.regulator_sectors)
                    for prize in sector.prizes
                ],
            ),
        },
    )


@require_safe
def tiers_json(request):
    """List a year's prizes as open data (amounts in 万元)."""
    raw = request.GET.get("year")
    year = None  # no year asked: the newest scheme
    if raw is not None:
        try:
            year = parse_int(raw, field="年度", minimum=1, maximum=9999)
        except BadInput as error:
            return json_error(str(error))
    scheme = selectors.scheme_for_year(year)
    if scheme is None:
        years = "、".join(str(y) for y in selectors.scheme_years()) or "无"
        return json_error(f"没有{year}年的金融发展贡献奖方案；已有方案的年度：{years}。")
    return json_ok(selectors.tiers(scheme))


# --------------------------------------------------------------------------- eligibility


@require_safe
def eligibility_page(request):
    """Answer whether an institution may apply, with each reason and its article."""
    try:
        as_of = parse_as_of(request)
    except BadInput as error:
        return _bad_request(request, str(error))
    scheme = selectors.scheme_for_date(as_of)
    if scheme is None:
        raise Http404("还没有录入奖励方案。")
    measure = scheme.measure
    situations = selectors.disqualifications(measure)
    submitted = "sector" in request.GET or "applicant" in request.GET
    form = EligibilityForm(request.GET if submitted else None, disqualifications=situations)
    answer = None
    status = selectors.measure_status(measure, as_of=as_of)
    if submitted and form.is_valid():
        answer = rules.award_eligibility(
            form.facts(),
            min_operating_years=scheme.min_operating_years,
            in_force=status.in_force,
            validity=measure.validity_text,
            validity_article=measure.validity_article,
        )
    return render(
        request,
        "rewards/eligibility.html",
        {
            "form": form,
            "answer": answer,
            "measure": measure,
            "scheme": scheme,
            "status": status,
            "as_of": as_of,
            "as_of_given": bool(request.GET.get("as_of")),
        },
        status=400 if submitted and not form.is_valid() else 200,
    )


# --------------------------------------------------------------------------- roster


@require_safe
def roster_page(request):
    """List the winners, filtered by year, sector and prize, with totals against each budget."""
    filterset = AwardWinnerFilter(request.GET or None, queryset=selectors.roster_queryset())
    context = {"filter": filterset, "invalid": True, "measure": selectors.award_measure()}
    if filterset.is_bound and not filterset.is_valid():
        return render(request, "rewards/roster.html", context, status=400)
    try:
        pages = paginate(request, filterset.qs, per_page=ROSTER_PAGE_SIZE)
    except BadInput as exc:
        context["page_error"] = str(exc)
        return render(request, "rewards/roster.html", context, status=400)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    year = int(data["year"]) if data.get("year") else None
    sector = data.get("sector") or None
    context.update(
        invalid=False,
        pages=pages,
        page=pages.page,
        totals=selectors.roster_totals(years=[year] if year else None, sector=sector),
        clawbacks=selectors.clawback_list(year=year, sector=sector),
    )
    return render(request, "rewards/roster.html", context)


# --------------------------------------------------------------------------- IP-pledge compensation


@require_safe
def ip_compensation_json(request):
    """Compute the compensation of a bad IP-pledge loan as JSON (yuan)."""
    parameters = selectors.ip_parameters()
    if parameters is None:
        return json_error("还没有录入知识产权质押融资风险补偿标准。", status=404)
    form = IpCompensationForm(request.GET, figures=selectors.ip_figures(parameters))
    if not form.is_valid():
        return json_400(form)
    answer = form.cleaned_data["answer"]
    return json_ok(
        {
            "provincial": json_number(answer.provincial),
            "city": json_number(answer.city),
            "bank_remaining": json_number(answer.bank_remaining),
            "city_cap": json_number(answer.city_cap),
        }
    )


@require_safe
def ip_compensation_page(request):
    """The IP-pledge compensation calculator, with the conditions bank and enterprise must meet."""
    try:
        as_of = parse_as_of(request)
    except BadInput as error:
        return _bad_request(request, str(error))
    context = selectors.ip_context()
    if context is None:
        raise Http404("还没有录入知识产权质押融资风险补偿标准。")
    answer = error = None
    if "loss" in request.GET:
        form = IpCompensationForm(request.GET, figures=context.figures)
        if form.is_valid():
            answer = form.cleaned_data["answer"]
        else:
            error = form.first_message()
    measure = context.measure
    return render(
        request,
        "rewards/ip_compensation.html",
        {
            "context": context,
            "parameters": context.parameters,
            "measure": measure,
            "status": selectors.measure_status(measure, as_of=as_of),
            "answer": answer,
            "error": error,
            "values": {
                "loss": request.GET.get("loss", ""),
                "business_year": request.GET.get("business_year", "1"),
                "city_cap": request.GET.get("city_cap", ""),
            },
            "article_url": measure.document_url(context.parameters.article),
        },
        status=BAD_INPUT_STATUS if error else 200,
    )
