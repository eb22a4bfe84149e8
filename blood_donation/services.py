"""Writes of the blood-donation rules: a measure is superseded, never edited away or deleted."""

from __future__ import annotations

from django.db import transaction

from blood_donation.models import Measure
from blood_donation.selectors import RULE_RELATIONS
from gazette_site.services import record_save


@transaction.atomic
def measure_supersede(*, measure: Measure, document, acting_user, reason: str) -> Measure:
    """Start a new version of a measure under a new document (its own dates); keep the old.

    Every rule row is copied to the new version, which clerks then correct; the calculator
    applies each version to the dates its document is in force.
    """
    rows = {name: list(getattr(measure, name).all()) for name in RULE_RELATIONS}
    new = Measure.objects.get(pk=measure.pk)
    new.pk = None
    new.document = document
    note = f"{reason}（取代 {measure.doc_number} 的版本）"
    record_save(instance=new, acting_user=acting_user, reason=note)
    for items in rows.values():
        for row in items:
            row.pk = None
            row.measure = new
            record_save(instance=row, acting_user=acting_user, reason=note)
    return new
