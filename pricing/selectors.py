"""Reads of the pricing app, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from documents.selectors import StatusInfo, status_of
from pricing import rules
from pricing.models import (
    Enterprise,
    Evaluation,
    Grade,
    Policy,
    PolicyRule,
    RuleTopic,
    Surcharge,
)


def policy_get() -> Policy | None:
    """Return the latest pricing notice with its steps and rules (3 queries)."""
    return (
        Policy.objects.select_related("document")
        .prefetch_related(
            Prefetch(
                "surcharges", queryset=Surcharge.objects.order_by("resource", "consecutive_years")
            ),
            Prefetch("rules", queryset=PolicyRule.objects.order_by("order", "pk")),
        )
        .order_by("-document__effective_from")
        .first()
    )


def schedule_of(policy: Policy) -> rules.Schedule:
    """Turn a prefetched policy into the pure rules' schedule."""
    return rules.Schedule(
        doc_number=policy.doc_number,
        effective_from=policy.effective_from,
        effective_to=policy.effective_to,
        steps=tuple(s.as_step() for s in policy.surcharges.all()),
    )


def policy_status(policy: Policy, *, as_of: dt.date) -> StatusInfo:
    """Say whether the notice is in force on a date, repeals recorded in documents included."""
    return status_of(policy.document, as_of=as_of)


def rules_by_topic(policy: Policy) -> dict[str, PolicyRule]:
    """Index a prefetched policy's rules by topic."""
    return {rule.topic: rule for rule in policy.rules.all()}


def step_rows(policy: Policy) -> list[dict]:
    """Pair a prefetched policy's electricity and water steps by consecutive years."""
    rows: dict[int, dict] = {}
    for step in policy.surcharges.all():
        row = rows.setdefault(
            step.consecutive_years, {"years": step.consecutive_years, "label": step.step_label}
        )
        row[step.resource] = step
        if step.and_more:
            row["label"] = step.step_label
    return [rows[k] for k in sorted(rows)]


def steps_offered(policy: Policy | None) -> list[tuple[int, bool]]:
    """List the schedule's steps as (consecutive years, and more), for filters."""
    if policy is None:
        return []
    seen: dict[int, bool] = {}
    for step in policy.surcharges.all():
        seen[step.consecutive_years] = seen.get(step.consecutive_years, False) or step.and_more
    return sorted(seen.items())


def enterprise_get(credit_code: str) -> Enterprise | None:
    """Return an enterprise with its district and evaluation history (2 queries)."""
    return (
        Enterprise.objects.select_related("district")
        .prefetch_related(Prefetch("evaluations", queryset=Evaluation.objects.order_by("-year")))
        .filter(credit_code=credit_code)
        .first()
    )


def enterprise_choices() -> list[tuple[str, str]]:
    """List the enterprises ever rated class D, for the calculator (1 query)."""
    rows = (
        Enterprise.objects.filter(evaluations__grade=Grade.D)
        .distinct()
        .order_by("name", "credit_code")
        .values_list("credit_code", "name")
    )
    return [(code, f"{name}（{code}）") for code, name in rows]


def facts_of(enterprise: Enterprise) -> list[rules.EvaluationFact]:
    """Turn a prefetched enterprise's evaluations into the pure rules' facts."""
    return [e.as_fact() for e in enterprise.evaluations.all()]


def class_d_years() -> list[int]:
    """Return the evaluation years that have class-D results, latest first (1 query)."""
    return list(
        Evaluation.objects.filter(grade=Grade.D)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def d_in_year_before(years_back: int) -> Exists:
    """Tell, per evaluation row, whether the same enterprise was class D `years_back` years earlier."""
    return Exists(
        Evaluation.objects.filter(
            enterprise=OuterRef("enterprise"),
            year=OuterRef("year") - years_back,
            grade=Grade.D,
        )
    )


def class_d_evaluations() -> QuerySet[Evaluation]:
    """Class-D results with their enterprise and district, for the yearly list."""
    return (
        Evaluation.objects.filter(grade=Grade.D)
        .select_related("enterprise__district")
        .order_by("enterprise__district__position", "enterprise__name", "enterprise__credit_code")
    )


def d_runs(evaluations: list[Evaluation]) -> dict[int, int]:
    """Count, for each listed result, its enterprise's class-D run ending that year (1 query)."""
    if not evaluations:
        return {}
    enterprise_ids = {e.enterprise_id for e in evaluations}
    latest = max(e.year for e in evaluations)
    history: dict[int, list[rules.EvaluationFact]] = defaultdict(list)
    for enterprise_id, year, grade, published_on in Evaluation.objects.filter(
        enterprise_id__in=enterprise_ids, year__lte=latest
    ).values_list("enterprise_id", "year", "grade", "published_on"):
        history[enterprise_id].append(rules.EvaluationFact(year, grade, published_on))
    return {e.pk: rules.d_run_ending(history[e.enterprise_id], year=e.year) for e in evaluations}


def citations(policy: Policy, topics: list[str]) -> list[PolicyRule]:
    """Pick the rules an answer relies on, in the notice's order."""
    by_topic = rules_by_topic(policy)
    return [by_topic[t] for t in by_topic if t in topics]


def _answer_topics(result: rules.MonthSurcharge, *, from_history: bool) -> list[str]:
    topics = [RuleTopic.VALIDITY]
    if result.in_force:
        topics += [RuleTopic.ELECTRICITY_STEPS, RuleTopic.WATER_STEPS, RuleTopic.WATER_OVER_PLAN]
        if result.other_kwh_rate > 0:
            topics.append(RuleTopic.NO_DOUBLE)
    if from_history:
        topics.append(RuleTopic.START_MONTH)
    return topics


def month_answer(policy: Policy, data, *, enterprise: Enterprise | None = None) -> dict:
    """Compute one month's surcharge, from an enterprise's history when one is given.

    `data` is a checked calculator input (pricing.forms.CalculatorInput). The answer is the
    calculator page's context: the run of D years, later results not yet counted, the
    result and the rules it cites.
    """
    run: tuple[rules.EvaluationFact, ...] = ()
    pending = []
    if enterprise is not None:
        facts = facts_of(enterprise)
        run = rules.d_run(facts, month=data.month)
        consecutive = len(run)
        pending = [f for f in facts if f.published_on >= data.month]
    else:
        consecutive = data.consecutive_years
    result = rules.surcharge_for_month(
        schedule_of(policy),
        consecutive_years=consecutive,
        month=data.month,
        kwh=data.kwh,
        water_m3=data.water_m3,
        other_kwh_rate=data.other_kwh_rate,
    )
    topics = _answer_topics(result, from_history=enterprise is not None)
    return {
        "data": data,
        "enterprise": enterprise,
        "run": run,
        "pending": pending,
        "result": result,
        "citations": citations(policy, topics),
    }


def default_start(policy: Policy, facts: list[rules.EvaluationFact]) -> dt.date:
    """Start the table at the first month a class-D result was charged, else at the notice's start."""
    d_results = [f for f in facts if f.grade == rules.CLASS_D]
    if d_results:
        return rules.charging_start_month(min(f.published_on for f in d_results))
    return rules.month_start(policy.effective_from)


def evaluation_history(enterprise: Enterprise, facts: list[rules.EvaluationFact]) -> list[dict]:
    """Each evaluation of a prefetched enterprise with its run of D years and first charged month."""
    return [
        {
            "evaluation": e,
            "run": rules.d_run_ending(facts, year=e.year),
            "charged_from": rules.charging_start_month(e.published_on),
        }
        for e in enterprise.evaluations.all()
    ]


def surcharge_table(
    policy: Policy,
    facts: list[rules.EvaluationFact],
    *,
    start: dt.date,
    months: int,
    volumes: list[tuple[Decimal, Decimal]],
    other_kwh_rate: Decimal,
) -> dict:
    """An enterprise's surcharge month by month from `start`, with totals and the rules cited."""
    table = rules.surcharge_table(
        schedule_of(policy),
        facts,
        months=rules.months_from(start, months),
        volumes=volumes,
        other_kwh_rate=other_kwh_rate,
    )
    topics = [
        RuleTopic.ELECTRICITY_STEPS,
        RuleTopic.WATER_STEPS,
        RuleTopic.START_MONTH,
        RuleTopic.VALIDITY,
        *([RuleTopic.NO_DOUBLE] if other_kwh_rate > 0 else []),
    ]
    return {
        "table": list(enumerate(table, start=1)),
        "totals": {
            "electricity": sum((r.electricity_yuan for r in table), Decimal(0)),
            "water": sum((r.water_yuan for r in table), Decimal(0)),
            "total": sum((r.total_yuan for r in table), Decimal(0)),
        },
        "citations": citations(policy, topics),
    }
