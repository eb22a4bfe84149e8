"""Writes of any app's record as a clerk makes them in admin: save or delete, with who and why.

An app whose record needs more than a plain save (a rule set checked as a whole, a draft
being corrected) has its own service, which the app's admin names; every other record is
saved or deleted here. Either way the history entry carries the clerk and the reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction

from gazette_site.history import mark_change


@transaction.atomic
def record_save(*, instance: models.Model, acting_user, reason: str | None) -> models.Model:
    """Save a record (new or changed) and credit the change to the user, with the reason."""
    mark_change(instance, acting_user=acting_user, reason=reason)
    instance.save()
    return instance


@transaction.atomic
def record_delete(*, instance: models.Model, acting_user, reason: str | None) -> None:
    """Delete a record; its history keeps the deletion, who made it and why."""
    mark_change(instance, acting_user=acting_user, reason=reason)
    instance.delete()


@transaction.atomic
def records_delete(*, objects: Iterable[models.Model], acting_user, reason: str | None) -> int:
    """Delete several records one by one, so each history entry names the user and reason."""
    count = 0
    for instance in objects:
        record_delete(instance=instance, acting_user=acting_user, reason=reason)
        count += 1
    return count


@transaction.atomic
def records_save(
    *,
    saved: Iterable[models.Model],
    deleted: Iterable[models.Model] = (),
    acting_user,
    reason: str | None,
) -> None:
    """Save and delete the rows edited together on one form (an inline), as one change."""
    records_delete(objects=deleted, acting_user=acting_user, reason=reason)
    for instance in saved:
        record_save(instance=instance, acting_user=acting_user, reason=reason)
