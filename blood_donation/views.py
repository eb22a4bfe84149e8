"""The free-blood calculator page and its two JSON endpoints."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from blood_donation import rules, selectors
from blood_donation.forms import (
    AgeCheckForm,
    EntitlementForm,
    is_iso_date,
    read_calculator,
)
from documents.choices import Status
from gazette_site.forms import json_400
from gazette_site.history import printed_changes
from gazette_site.http import (
    BadInput,
    json_error,
    json_ok,
    parse_as_of,
)

BLANK_ROWS = 3
# The measure's figures the calculator applies; a change since the print is pointed out.
MEASURE_FIGURES = [
    "min_age",
    "max_age",
    "repeat_donor_max_age",
    "unlimited_threshold_ml",
    "window_years",
    "window_multiple",
    "lifetime_multiple",
    "relatives_multiple",
]
NO_DATA = "尚未录入无偿献血办法的数据。"


@require_safe
def calculator(request):
    """Answer how much blood a donor and the relatives may use free, with the articles."""
    query = request.GET
    measure, form = read_calculator(query, measure_for=selectors.measure_for_date)
    if measure is None:
        return render(request, "blood_donation/no_data.html", {"message": NO_DATA}, status=503)
    as_of, errors = form.as_of, form.errors
    answer = {} if errors else selectors.calculator_answer(measure, form)
    status = measure.status_on(as_of)
    blank_rows = BLANK_ROWS + (1 if "add_row" in query else 0)
    context = {
        "measure": measure,
        "as_of": as_of,
        "status": status,
        "in_force": status == Status.IN_FORCE,
        "errors": errors,
        "submitted": bool(query),
        "answer": answer,
        "rows": form.rows,
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
        "printed_changes": printed_changes([measure], MEASURE_FIGURES),
        "links": {
            name: measure.document_url(getattr(measure, f"{name}_article"))
            for name in ("validity", "age", "entitlement", "reimbursement", "benefit")
        },
    }
    context.update(selectors.honour_context(measure, answer.get("honour")))
    return render(request, "blood_donation/calculator.html", context, status=400 if errors else 200)


@require_safe
def entitlement_json(request):
    """Answer the free-blood entitlement as JSON (the contract in docs/blood_donation.md)."""
    form = EntitlementForm(request.GET, measure_for=selectors.measure_for_date)
    valid = form.is_valid()
    if form.no_measure:
        return json_error(NO_DATA, status=503)
    if not valid:
        return json_400(form)
    data, measure = form.cleaned_data, form.measure
    result = rules.entitlement(
        data["donations"],
        as_of=data["as_of"],
        used_self_ml=data["used_self"],
        used_relatives_ml=data["used_relatives"],
        figures=measure.entitlement_figures,
    )
    return json_ok(
        {
            "cumulative_ml": result.cumulative_ml,
            "unlimited": result.unlimited,
            "self_ml": result.self_ml,
            "relatives_ml": result.relatives_ml,
            "honour": selectors.honour(measure, result.cumulative_ml).code,
            "in_force": measure.status_on(data["as_of"]) == Status.IN_FORCE,
        }
    )


@require_safe
def age_check_json(request):
    """Answer whether age allows a donation on a date (the contract in docs/blood_donation.md)."""
    form = AgeCheckForm(request.GET)
    if not form.is_valid():
        return json_400(form)
    data = form.cleaned_data
    # Only the measure's own age figures are needed, none of its rule rows.
    measure = selectors.measure_for_date(data["on"], with_rows=False)
    if measure is None:
        return json_error(NO_DATA, status=503)
    check = rules.age_check(
        birth=data["birth"],
        on=data["on"],
        repeat_no_reaction=data["repeat_no_reaction"],
        figures=measure.age_figures,
    )
    return json_ok({"age": check.age, "may_donate": check.may_donate, "reason": check.reason})


def _date_field(value: str) -> dict:
    """Keep a typed date as typed: a value a date input cannot show goes in a text input."""
    return {"value": value, "type": "date" if not value or is_iso_date(value) else "text"}


@require_safe
def rules_json(request):
    """List the figures of the measure governing ?as_of (default today), fines included."""
    try:
        as_of = parse_as_of(request)
    except BadInput as exc:
        return json_error(str(exc))
    measure = selectors.measure_for_date(as_of)
    if measure is None:
        return json_error(NO_DATA, status=503)
    return json_ok(selectors.rules_rows(measure))
