"""Writes to the wildlife registry; each validates with the model rules and saves whole."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from documents.models import District, Document
from gazette_site.services import record_save
from wildlife.models import (
    BreedingEntity,
    CompensationPlan,
    Disposal,
    DisposalMethod,
    ScopeCategory,
    Species,
    StockRegistration,
)
from wildlife.parsing import StandardDraft


@transaction.atomic
def entity_create(
    *,
    district: District,
    name: str,
    licence_no: str = "",
    scope: ScopeCategory | None = None,
    is_poor_household: bool = False,
    notes: str = "",
    acting_user=None,
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
    _save(entity, acting_user=acting_user, reason=reason)
    return entity


@transaction.atomic
def entity_set_licence(
    *, entity: BreedingEntity, licence_no: str, acting_user=None, reason: str = ""
) -> BreedingEntity:
    """Record the licence number of an entity registered without one."""
    entity.licence_no = licence_no.strip()
    _save(entity, acting_user=acting_user, reason=reason)
    return entity


def _save(instance, *, acting_user, reason: str) -> None:
    """Validate and save, crediting the change to the user (and reason) in the history."""
    instance.full_clean()
    record_save(instance=instance, acting_user=acting_user, reason=reason)


@transaction.atomic
def registration_create(
    *,
    entity: BreedingEntity,
    species: Species,
    quantity: Decimal | int | str,
    verified_on: dt.date,
    is_juvenile: bool = False,
    signed_by_both: bool = False,
    acting_user=None,
    reason: str = "",
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
    _save(registration, acting_user=acting_user, reason=reason)
    return registration


@transaction.atomic
def registration_convert(
    *,
    registration: StockRegistration,
    conversion_reference: str,
    acting_user=None,
    reason: str = "",
) -> StockRegistration:
    """Mark a stock converted to non-food use with the county forestry department's consent."""
    registration = StockRegistration.objects.select_for_update().get(pk=registration.pk)
    registration.converted_to_non_food = True
    registration.conversion_reference = conversion_reference.strip()
    _save(registration, acting_user=acting_user, reason=reason)
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
    acting_user=None,
    reason: str = "",
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
    _save(disposal, acting_user=acting_user, reason=reason)
    return disposal


@transaction.atomic
def standard_revision_store(
    *, standard: StandardDraft, acting_user=None, reason: str = "补偿标准修订"
) -> CompensationPlan:
    """Store a revised standard as a new plan beside the one it revises; the old one is untouched.

    The new plan belongs to the revising document (already stored), takes the batch's
    plan parameters from the latest earlier plan of that batch, and gets the printed
    species and prices. Clerks' annotations (origin, national key) carry over by species.
    """
    document = Document.objects.filter(doc_number=standard.doc_number).first()
    if document is None:
        raise ValidationError(f"请先保存文件 {standard.doc_number}，再读取其中的补偿标准。")
    if CompensationPlan.objects.filter(document=document, batch=standard.batch).exists():
        raise ValidationError(f"{standard.doc_number} 的第{standard.batch}批补偿标准已经保存过。")
    previous = (
        CompensationPlan.objects.filter(batch=standard.batch)
        .exclude(document=document)
        .order_by("-document__signed_date", "-pk")
        .first()
    )
    if previous is None:
        raise ValidationError(f"没有第{standard.batch}批的补偿方案可供修订。")
    earlier = {s.name: s for s in previous.species.all()}
    changes = []
    for row in standard.rows:
        old = earlier.get(row["name"])
        if old is None:
            changes.append(f"新增{row['name']}（{row['price']}元/{row['unit']}）")
        elif old.price != row["price"] or old.unit != row["unit"]:
            changes.append(
                f"{row['name']}由{old.price}元/{old.unit}改为{row['price']}元/{row['unit']}"
            )
    dropped = [name for name in earlier if name not in {r["name"] for r in standard.rows}]
    changes += [f"不再列{name}" for name in dropped]
    plan = CompensationPlan(
        document=document,
        batch=standard.batch,
        standard_title=standard.title,
        city_share_parts=previous.city_share_parts,
        county_share_parts=previous.county_share_parts,
        registration_cutoff=previous.registration_cutoff,
        completion_deadline=previous.completion_deadline,
        supersedes=previous,
        source_note=(
            f"{standard.doc_number}修订{previous.doc_number}所附补偿标准："
            + ("；".join(changes) or "价格未变")
            + "。补偿比例、登记截止日期和完成时限未重新印发，沿用上一版。"
        ),
    )
    _save(plan, acting_user=acting_user, reason=reason)
    for row in standard.rows:
        old = earlier.get(row["name"])
        juvenile = (
            standard.juvenile if standard.juvenile and standard.juvenile[0] == row["name"] else None
        )
        species = Species(
            plan=plan,
            number=row["number"],
            name=row["name"],
            unit=row["unit"],
            price=row["price"],
            juvenile_price=juvenile[2] if juvenile else None,
            juvenile_definition=juvenile[1] if juvenile else "",
            origin=old.origin if old else Species.Origin.UNKNOWN,
            national_key=old.national_key if old else None,
            source_note=f"{standard.title}第{row['number']}行。",
        )
        _save(species, acting_user=acting_user, reason=reason)
    return plan
