"""The value of a field as printed in the gazette, to mark imports that change it.

The printed values are the records loaded from ``fixtures/`` (transcribed from the
gazette). ``printed_value`` is the one place that knows where they are kept: when the
first history record of each loaded row holds them (印刷版), only this function changes.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from gazette_site.formatting import plain_number

NOT_PRINTED = object()
_UNIT = re.compile(r"[（(]([^）)]+)[）)]\s*$")


@lru_cache(maxsize=1)
def _fixture_records() -> dict[tuple[str, object], dict]:
    records: dict[tuple[str, object], dict] = {}
    for path in sorted((Path(settings.BASE_DIR) / "fixtures").glob("*/*.json")):
        try:
            objects = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for obj in objects:
            if isinstance(obj, dict) and "model" in obj:
                key = _record_key(obj["model"], obj.get("fields", {}))
                if key is not None:
                    records[(obj["model"], key)] = obj.get("fields", {})
    return records


def _flat(values) -> tuple:
    out = []
    for value in values:
        out.extend(_flat(value) if isinstance(value, list | tuple) else [value])
    return tuple(out)


def _record_key(label: str, fields: dict):
    """A fixture record's natural key: its fields named by the model's natural-key paths."""
    from django.apps import apps

    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    heads = list(dict.fromkeys(p.split("__")[0] for p in getattr(model, "natural_key_fields", ())))
    if not heads or any(h not in fields for h in heads):
        return None
    return _flat(fields[h] for h in heads)


def printed_value(instance, attribute: str):
    """The printed value of ``instance``'s model field ``attribute``, or ``NOT_PRINTED``."""
    if instance is None or instance.pk is None or not attribute or "__" in attribute:
        return NOT_PRINTED
    natural_key = getattr(instance, "natural_key", None)
    if natural_key is None:
        return NOT_PRINTED
    fields = _fixture_records().get((instance._meta.label_lower, _flat(natural_key())))
    if fields is None or attribute not in fields:
        return NOT_PRINTED
    try:
        model_field = instance._meta.get_field(attribute)
        if model_field.is_relation:
            return NOT_PRINTED
        return model_field.to_python(fields[attribute])
    except Exception:
        return NOT_PRINTED


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
