"""Writes to the wildlife registry; each validates with the model rules and saves whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from documents.models import District
from wildlife.models import (
    BreedingEntity,
    Disposal,
    DisposalMethod,
    ScopeCategory,
    Species,
    StockRegistration,
)


@transaction.atomic
def entity_create(
    *,
    district: District,
    name: str,
    licence_no: str = "",
    scope: ScopeCategory | None = None,
    is_poor_household: bool = False,
    notes: str = "",
    user=None,
    reason: str = "",
) -> BreedingEntity:
    """Register a breeding entity in a district."""
    entity = BreedingEntity(
        district=district,
        name=name.strip(),
        licence_no=licence_no.strip(),
        scope=scope,
        is_poor_household=is_poor_household,
        notes=notes,
    )
    _save(entity, user=user, reason=reason)
    return entity


@transaction.atomic
def entity_set_licence(
    *, entity: BreedingEntity, licence_no: str, user=None, reason: str = ""
) -> BreedingEntity:
    """Record the licence number of an entity registered without one."""
    entity.licence_no = licence_no.strip()
    _save(entity, user=user, reason=reason)
    return entity


def _save(instance, *, user, reason: str = "") -> None:
    """Validate and save, crediting the change to the user (and reason) in the history."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    if reason:
        instance._change_reason = reason[:100]
    instance.full_clean()
    instance.save()


@transaction.atomic
def registration_create(
    *,
    entity: BreedingEntity,
    species: Species,
    quantity: Decimal | int | str,
    verified_on: dt.date,
    is_juvenile: bool = False,
    signed_by_both: bool = False,
) -> StockRegistration:
    """Record a verified stock of one species at one entity (三、(一))."""
    registration = StockRegistration(
        entity=entity,
        species=species,
        quantity=Decimal(quantity),
        is_juvenile=is_juvenile,
        verified_on=verified_on,
        signed_by_both=signed_by_both,
    )
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def registration_convert(
    *, registration: StockRegistration, conversion_reference: str
) -> StockRegistration:
    """Mark a stock converted to non-food use with the county forestry department's consent."""
    registration = StockRegistration.objects.select_for_update().get(pk=registration.pk)
    registration.converted_to_non_food = True
    registration.conversion_reference = conversion_reference.strip()
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def disposal_record(
    *,
    registration: StockRegistration,
    method: DisposalMethod,
    quantity: Decimal | int | str,
    disposed_on: dt.date,
    responsible_person: str,
    receiving_unit: str = "",
    approval_reference: str = "",
    assessment_confirmed: bool = False,
    has_images: bool = False,
    notes: str = "",
) -> Disposal:
    """Record the disposal of (part of) a registration's animals (三、(三)(四))."""
    # Lock the registration so two clerks cannot dispose of the same animals twice.
    registration = StockRegistration.objects.select_for_update().get(pk=registration.pk)
    disposal = Disposal(
        registration=registration,
        method=method,
        quantity=Decimal(quantity),
        disposed_on=disposed_on,
        responsible_person=responsible_person.strip(),
        receiving_unit=receiving_unit.strip(),
        approval_reference=approval_reference.strip(),
        assessment_confirmed=assessment_confirmed,
        has_images=has_images,
        notes=notes,
    )
    disposal.full_clean()
    disposal.save()
    return disposal
