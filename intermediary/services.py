"""Writes of the intermediary catalogue: items and matters a spreadsheet row brings in."""

from __future__ import annotations

from django.db import transaction

from gazette_site.services import record_save
from intermediary.models import Department, IntermediaryService, ServiceMatter


@transaction.atomic
def catalogue_item_create(
    *, no: int, name: str, department: Department, acting_user, reason: str
) -> IntermediaryService:
    """Add an item (中介服务项目) under its 序号; refused (ValidationError) when invalid."""
    item = IntermediaryService(no=no, name=name, department=department)
    item.full_clean()
    record_save(instance=item, acting_user=acting_user, reason=reason)
    return item


@transaction.atomic
def service_matter_create(
    *, name: str, matter_type: str, acting_user, reason: str
) -> ServiceMatter:
    """Add a matter (政务服务事项) of the given type; refused (ValidationError) when invalid."""
    matter = ServiceMatter(name=name, matter_type=matter_type)
    matter.full_clean()
    record_save(instance=matter, acting_user=acting_user, reason=reason)
    return matter
