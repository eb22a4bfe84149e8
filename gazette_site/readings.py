"""Printed value and reading, side by side, for every app.

Where the portal uses a value that differs from what the gazette prints, the record keeps
both in its `readings` field (one entry per field):

- `printed`: the value exactly as printed, with the source `line`; `None` when the value is
  not printed at all (a department heading the print lacks, a date it does not give);
- `value`: the reading the portal computes and links with;
- `basis`: why, in one Chinese sentence.

A reading whose `printed` is `None` is *inferred*. Open data serves the printed value by
default with the readings beside it, and marks inferred values `inferred: true`; pages show
the printed value with the reading as an annotation, and 推定 for inferred values.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join

INFERRED_LABEL = "推定"


@dataclass(frozen=True)
class Reading:
    """One field of a record: as printed, as read, and why."""

    field: str
    printed: str | None
    value: str
    basis: str
    line: int | None = None

    @property
    def inferred(self) -> bool:
        """Tell whether the value is not printed at all."""
        return self.printed is None

    def as_data(self) -> dict:
        """The reading as open data and as stored in a `readings` field."""
        return {
            "field": self.field,
            "printed": self.printed,
            "line": self.line,
            "value": self.value,
            "basis": self.basis,
            "inferred": self.inferred,
        }

    @classmethod
    def from_data(cls, data: dict) -> Reading:
        return cls(
            field=data["field"],
            printed=data.get("printed"),
            value=data.get("value", ""),
            basis=data.get("basis", ""),
            line=data.get("line"),
        )

    @property
    def annotation(self) -> str:
        """The reading as a page annotates the printed value: 读作“…”（basis）."""
        if self.inferred:
            return f"原文未印，{INFERRED_LABEL}为“{self.value}”：{self.basis}"
        where = f"第{self.line}行" if self.line else "原文"
        return f"{where}印作“{self.printed}”，读作“{self.value}”：{self.basis}"


def readings_field() -> models.JSONField:
    """The `readings` field a model adds to keep its printed values beside its readings."""
    return models.JSONField(
        "印刷版与读法",
        default=list,
        blank=True,
        help_text=(
            "与印刷版不同的字段：每项记 field（字段）、printed（印刷版原文，原文未印为 null）、"
            "line（原文行号）、value（所取读法）、basis（理由）。"
        ),
    )


def readings_of(instance, field: str | None = None) -> list[Reading]:
    """The readings stored on a record, all or those of one field."""
    entries = [Reading.from_data(d) for d in (getattr(instance, "readings", None) or [])]
    return [r for r in entries if field is None or r.field == field]


def printed_value(instance, field: str, value=None):
    """The value of `field` as printed: each reading's value put back to its printed text.

    `value` is the stored value to undo the readings in (default: the field's value, as
    text); a summary joining several records' values (收费依据 of an item) passes its own.
    An inferred value has no printed text and is returned as it is; the caller marks it
    with `is_inferred`.
    """
    current = getattr(instance, field) if value is None else value
    readings = [r for r in readings_of(instance, field) if not r.inferred]
    if not readings:
        return current
    text = str(current)
    for reading in readings:
        if reading.value and reading.value in text:
            text = text.replace(reading.value, reading.printed, 1)
    return text


def printed_items(instance, field: str, values: list[str]) -> list[str]:
    """Each value of a list field (issuers) as printed, where a reading says it is read."""
    printed = {r.value: r.printed for r in readings_of(instance, field) if not r.inferred}
    return [printed.get(value, value) for value in values]


def is_inferred(instance, field: str) -> bool:
    """Tell whether the record's value of `field` is not printed at all."""
    return any(r.inferred for r in readings_of(instance, field))


class ReadingsAdminMixin:
    """Admin: the record's printed values beside their readings, read-only (`printed_readings`)."""

    @admin.display(description="印刷版与读法")
    def printed_readings(self, obj) -> str:
        annotations = [r.annotation for r in readings_of(obj)]
        return format_html_join("", "<p>{}</p>", ((a,) for a in annotations)) or "与印刷版一致"


def open_data(instance, names: dict[str, str] | None = None) -> list[dict]:
    """The record's readings for open data, fields renamed to the dataset's keys (`names`)."""
    names = names or {}
    return [{**r.as_data(), "field": names.get(r.field, r.field)} for r in readings_of(instance)]
