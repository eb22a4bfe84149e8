"""The value of a field as printed in the gazette, to mark imports that change it.

The printed values are kept in each record's first history entry, 印刷版, written when
the record is loaded from the gazette's fixtures or published from an issue
(``gazette_site.history``).
"""

from __future__ import annotations

import re
from decimal import Decimal

from gazette_site.formatting import plain_number
from gazette_site.history import printed_entry

NOT_PRINTED = object()
_UNIT = re.compile(r"[（(]([^）)]+)[）)]\s*$")


def printed_value(instance, attribute: str):
    """The printed value of ``instance``'s model field ``attribute``, or ``NOT_PRINTED``."""
    if instance is None or instance.pk is None or not attribute or "__" in attribute:
        return NOT_PRINTED
    try:
        model_field = instance._meta.get_field(attribute)
    except Exception:
        return NOT_PRINTED
    if model_field.is_relation:
        return NOT_PRINTED
    entry = printed_entry(instance)
    if entry is None:
        return NOT_PRINTED
    return getattr(entry, model_field.attname, NOT_PRINTED)


def printed_note(*, instance, field) -> str:
    """“印刷版为 800 元” for a cell whose field is printed in the gazette, else ""."""
    value = printed_value(instance, field.attribute)
    if value is NOT_PRINTED or value is None or value == "":
        return ""
    if isinstance(value, bool):
        shown = "是" if value else "否"
    elif isinstance(value, Decimal | int):
        shown = plain_number(value)
    else:
        shown = str(value)
    unit = _UNIT.search(field.column_name or "")
    suffix = f" {unit.group(1)}" if unit and isinstance(value, Decimal | int) else ""
    return f"印刷版为 {shown}{suffix}"
