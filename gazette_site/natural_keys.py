"""Natural keys from declared field paths, so fixtures identify rows by what print shows.

A model sets `natural_key_fields` (paths such as "measure__document__doc_number", "code"),
uses `NaturalKeyManager` and inherits `NaturalKeyMixin`. Fixtures then carry no ids:
loading finds an existing row by its key and updates it, and rows of another document
get keys of their own instead of overwriting the first document's rows.
"""

from __future__ import annotations

from django.db import models


class NaturalKeyManager(models.Manager):
    def get_by_natural_key(self, *values):
        fields = self.model.natural_key_fields
        return self.get(**dict(zip(fields, values, strict=True)))


class NaturalKeyMixin:
    natural_key_fields: tuple[str, ...] = ()

    def natural_key(self) -> tuple:
        values = []
        for path in self.natural_key_fields:
            value = self
            for part in path.split("__"):
                value = getattr(value, part)
            values.append(value)
        return tuple(values)
