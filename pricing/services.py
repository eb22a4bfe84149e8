"""Writes of the pricing app: districts, enterprises and their evaluation results."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pricing.models import District, Enterprise, Evaluation


def normalize_credit_code(value: str | None) -> str:
    """Drop the spaces around a pasted credit code; letters keep their case (and are checked)."""
    return (value or "").strip()


@transaction.atomic
def district_create(*, name: str, order: int = 0, source_note: str = "") -> District:
    """Add a district to the editable list."""
    district = District(name=name.strip(), order=order, source_note=source_note)
    district.full_clean()
    district.save()
    return district


@transaction.atomic
def enterprise_create(*, name: str, credit_code: str, district: District) -> Enterprise:
    """Register an enterprise; an invalid credit code is refused with a Chinese message."""
    enterprise = Enterprise(
        name=name.strip(), credit_code=normalize_credit_code(credit_code), district=district
    )
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_update(
    *, enterprise: Enterprise, name: str | None = None, district: District | None = None
) -> Enterprise:
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
        enterprise.save()
    return enterprise


@transaction.atomic
def evaluation_record(
    *, enterprise: Enterprise, year: int, grade: str, published_on: dt.date
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
    evaluation.save()
    return evaluation
