"""Writes of the pricing app: enterprises and their evaluation results."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from documents.models import District
from gazette_site.history import mark_change
from pricing.models import Enterprise, Evaluation


def normalize_credit_code(value: str | None) -> str:
    """Drop the spaces around a pasted credit code; letters keep their case (and are checked)."""
    return (value or "").strip()


@transaction.atomic
def enterprise_create(
    *, name: str, credit_code: str, district: District, acting_user=None, reason: str = ""
) -> Enterprise:
    """Register an enterprise; an invalid credit code is refused with a Chinese message."""
    enterprise = Enterprise(
        name=name.strip(), credit_code=normalize_credit_code(credit_code), district=district
    )
    enterprise.full_clean()
    mark_change(enterprise, acting_user=acting_user, reason=reason)
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_update(
    *,
    enterprise: Enterprise,
    name: str | None = None,
    district: District | None = None,
    acting_user=None,
    reason: str = "",
) -> bool:
    """Change an enterprise's name or district; save only when something changed."""
    changed = False
    if name is not None and name.strip() != enterprise.name:
        enterprise.name = name.strip()
        changed = True
    if district is not None and district.pk != enterprise.district_id:
        enterprise.district = district
        changed = True
    if changed:
        enterprise.full_clean()
        mark_change(enterprise, acting_user=acting_user, reason=reason)
        enterprise.save()
    return changed


@transaction.atomic
def evaluation_record(
    *,
    enterprise: Enterprise,
    year: int,
    grade: str,
    published_on: dt.date,
    acting_user=None,
    reason: str = "",
) -> Evaluation:
    """Record (or correct) an enterprise's class for a year and the date it was published."""
    evaluation = Evaluation.objects.filter(enterprise=enterprise, year=year).first()
    if evaluation is None:
        evaluation = Evaluation(enterprise=enterprise, year=year)
    elif evaluation.grade == grade and evaluation.published_on == published_on:
        return evaluation
    evaluation.grade = grade
    evaluation.published_on = published_on
    evaluation.full_clean()
    mark_change(evaluation, acting_user=acting_user, reason=reason)
    evaluation.save()
    return evaluation
