"""The free-blood calculator page and its two JSON endpoints."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from blood_donation import rules
from blood_donation.inputs import (
    is_iso_date,
    parse_birth,
    parse_donation_list,
    parse_donation_rows,
    parse_flag,
    parse_used,
)
from blood_donation.selectors import measure_for_date
from documents.models import Status
from gazette_site.http import BadInput, json_error, json_ok, parse_as_of, parse_date, today

BLANK_ROWS = 3
NO_DATA = "尚未录入无偿献血办法的数据。"


@require_GET
def calculator(request):
    """Answer how much blood a donor and the relatives may use free, with the articles."""
    query = request.GET
    errors: list[str] = []
    try:
        as_of = parse_date(query.get("as_of"), field="计算日期", default=today())
    except BadInput as exc:
        errors.append(str(exc))
        as_of = today()
    measure = measure_for_date(as_of)
    if measure is None:
        return render(request, "blood_donation/no_data.html", {"message": NO_DATA}, status=503)
    donations, rows, row_errors = parse_donation_rows(
        query.getlist("donation_date"), query.getlist("donation_ml"), as_of=as_of, measure=measure
    )
    if not errors:
        # With an unreadable as-of date every row would be judged against today: say only that.
        errors.extend(row_errors)
    values = {}
    for name, label in (("used_self", "本人已免费用血量"), ("used_relatives", "亲属已免费用血量")):
        try:
            values[name] = parse_used(query.get(name), field=label)
        except BadInput as exc:
            errors.append(str(exc))
    try:
        on = parse_date(query.get("on"), field="计划献血日期", default=as_of)
        values["birth"] = parse_birth(query.get("birth"), on=on, required=False)
        values["on"] = on
    except BadInput as exc:
        errors.append(str(exc))
    try:
        values["repeat"] = parse_flag(query.get("repeat_no_reaction"), field="多次献血者")
    except BadInput as exc:
        errors.append(str(exc))

    answer = {}
    if not errors:
        if donations:
            answer["entitlement"] = rules.entitlement(
                donations,
                as_of=as_of,
                used_self_ml=values["used_self"],
                used_relatives_ml=values["used_relatives"],
                figures=measure.entitlement_figures,
            )
            answer["honour"] = _honour(measure, answer["entitlement"].cumulative_ml)
        if values["birth"] is not None:
            answer["age"] = rules.age_check(
                birth=values["birth"],
                on=values["on"],
                repeat_no_reaction=values["repeat"],
                figures=measure.age_figures,
            )

    status = rules.validity_status(
        as_of, effective_from=measure.effective_from, effective_to=measure.effective_to
    )
    blank_rows = BLANK_ROWS + (1 if "add_row" in query else 0)
    context = {
        "measure": measure,
        "as_of": as_of,
        "status": Status(status),
        "in_force": status == Status.IN_FORCE,
        "errors": errors,
        "submitted": bool(query),
        "answer": answer,
        "rows": rows,
        "blank_rows": range(blank_rows),
        "volume_choices": [str(v) for v in measure.whole_blood_volumes],
        "form": {
            "as_of": _date_field(query.get("as_of", as_of.isoformat())),
            "birth": _date_field(query.get("birth", "")),
            "on": _date_field(query.get("on", "")),
            "used_self": query.get("used_self", ""),
            "used_relatives": query.get("used_relatives", ""),
            "repeat": query.get("repeat_no_reaction", "") == "1",
        },
        "links": {
            name: measure.article_url(getattr(measure, f"{name}_article"))
            for name in ("validity", "age", "entitlement", "benefit")
        },
    }
    if answer.get("honour"):
        context["honour_level"] = _level(measure, answer["honour"].code)
        context["next_level"] = _level(measure, answer["honour"].next_code)
        shown = context["honour_level"] or context["next_level"]
        context["honour_article"] = shown.article if shown else ""
    return render(request, "blood_donation/calculator.html", context)


@require_GET
def entitlement_json(request):
    """Answer the free-blood entitlement as JSON (the contract in issue 6)."""
    try:
        as_of = parse_as_of(request)
        measure = measure_for_date(as_of)
        if measure is None:
            return json_error(NO_DATA, status=503)
        donations = parse_donation_list(request.GET.get("donations"), as_of=as_of, measure=measure)
        used_self = parse_used(request.GET.get("used_self"), field="本人已免费用血量（used_self）")
        used_relatives = parse_used(
            request.GET.get("used_relatives"), field="亲属已免费用血量（used_relatives）"
        )
    except BadInput as exc:
        return json_error(str(exc))
    result = rules.entitlement(
        donations,
        as_of=as_of,
        used_self_ml=used_self,
        used_relatives_ml=used_relatives,
        figures=measure.entitlement_figures,
    )
    status = rules.validity_status(
        as_of, effective_from=measure.effective_from, effective_to=measure.effective_to
    )
    return json_ok(
        {
            "cumulative_ml": result.cumulative_ml,
            "unlimited": result.unlimited,
            "self_ml": result.self_ml,
            "relatives_ml": result.relatives_ml,
            "honour": _honour(measure, result.cumulative_ml).code,
            "in_force": status == Status.IN_FORCE,
        }
    )


@require_GET
def age_check_json(request):
    """Answer whether age allows a donation on a date (the contract in issue 6)."""
    try:
        on = parse_date(request.GET.get("on"), field="献血日期（on）", default=today())
        birth = parse_birth(request.GET.get("birth"), on=on, required=True)
        repeat = parse_flag(
            request.GET.get("repeat_no_reaction"),
            field="是否既往无献血反应的多次献血者（repeat_no_reaction）",
        )
        measure = measure_for_date(on)
        if measure is None:
            return json_error(NO_DATA, status=503)
    except BadInput as exc:
        return json_error(str(exc))
    check = rules.age_check(
        birth=birth, on=on, repeat_no_reaction=repeat, figures=measure.age_figures
    )
    return json_ok({"age": check.age, "may_donate": check.may_donate, "reason": check.reason})


def _honour(measure, cumulative_ml: int) -> rules.Honour:
    return rules.honour(cumulative_ml, [level.threshold for level in measure.honour_levels.all()])


def _level(measure, code: str | None):
    return next((level for level in measure.honour_levels.all() if level.code == code), None)


def _date_field(value: str) -> dict:
    """Keep a typed date as typed: a value a date input cannot show goes in a text input."""
    return {"value": value, "type": "date" if not value or is_iso_date(value) else "text"}
