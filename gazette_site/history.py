"""History from the print: every record's first history entry is the printed version.

Loading a fixture (``load_gazette``) or publishing an issue records that entry with its
source (issue and document); later changes are ordinary history entries with who, when and
why, which every write service names through ``mark_change``. Public pages ask
``printed_differences`` which current values differ from the print.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

PRINTED = "印刷版"
RELOADED = "重新载入"
IMPORTED = "表格导入"
# The history table keeps 100 characters of reason.
REASON_LENGTH = 100


def _history_manager(model):
    name = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, name) if name else None


def has_history(model) -> bool:
    """Tell whether a model keeps history (django-simple-history)."""
    return _history_manager(model) is not None


def issue_label(issue) -> str:
    """Name an issue as printed on its masthead: 2020年第8期（总第144期）."""
    if issue is None:
        return ""
    return f"{issue.year}年第{issue.number}期（总第{issue.cumulative_number}期）"


def printed_reason(*, issue=None, doc_number: str = "", note: str = "") -> str:
    """Write the reason of a printed entry: 印刷版：2020年第8期（总第144期）威政办字〔2020〕50号."""
    parts = [part for part in (issue_label(issue), doc_number, note) if part]
    return _fit(f"{PRINTED}：{' '.join(parts)}" if parts else PRINTED)


def import_reason(file_name: str | None, note: str = "") -> str:
    """Write the reason of a change a spreadsheet import makes: 表格导入：单位.csv."""
    return _fit(f"{IMPORTED}：{file_name or ''}{note}")


def _fit(text: str) -> str:
    return text if len(text) <= REASON_LENGTH else text[: REASON_LENGTH - 1] + "…"


def mark_change(instance: models.Model, *, acting_user, reason: str | None) -> models.Model:
    """Credit the record's next save or delete to ``acting_user``, with ``reason``, in history.

    The one place a write names its author and its reason: services call it just before
    they save or delete. An anonymous or missing user leaves the author to the request (the
    history middleware) or empty; an empty reason leaves the entry without one.
    """
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        instance._history_user = acting_user
    reason = (reason or "").strip()
    if reason:
        instance._change_reason = _fit(reason)
    return instance


@transaction.atomic
def record_printed_history(
    *,
    objects: Iterable[models.Model],
    reason: str | None = None,
    issue=None,
    acting_user=None,
    when: dt.datetime | None = None,
) -> int:
    """Give each saved record without history its first entry, 印刷版, and return the count.

    The source is the record's own document where it has one (a document, or a row with a
    ``document``), else ``reason`` (or the issue alone). A record that already has history
    is left alone, so calling this twice, or after a clerk's edit, changes nothing.
    """
    when = when or timezone.now()
    by_model: dict[type, list[models.Model]] = defaultdict(list)
    for obj in objects:
        if obj.pk is not None and has_history(type(obj)):
            by_model[type(obj)].append(obj)
    created = 0
    for model, items in by_model.items():
        manager = _history_manager(model)
        pk_name = model._meta.pk.attname
        known = set(
            manager.filter(**{f"{pk_name}__in": [o.pk for o in items]}).values_list(
                pk_name, flat=True
            )
        )
        fresh = [o for o in items if o.pk not in known]
        documents = _documents_of(fresh)
        for obj in fresh:
            document = documents.get(obj.pk)
            if document is not None:
                obj._change_reason = printed_reason(
                    issue=document.issue or issue, doc_number=document.doc_number
                )
            else:
                obj._change_reason = reason or printed_reason(issue=issue)
        manager.bulk_history_create(fresh, default_user=acting_user, default_date=when)
        created += len(fresh)
    return created


def _documents_of(objects: list[models.Model]) -> dict:
    """Map each record to the gazette document it is, belongs to, or hangs from (or None)."""
    from documents.models import Document

    parents: dict[tuple[type, object], models.Model | None] = {}

    def document_id(obj, depth: int):
        if isinstance(obj, Document):
            return obj.pk
        if getattr(obj, "document_id", None) is not None:
            return obj.document_id
        if depth == 0:
            return None
        for model_field in obj._meta.concrete_fields:
            if not model_field.many_to_one or model_field.name == "history_user":
                continue
            parent_pk = getattr(obj, model_field.attname)
            if parent_pk is None:
                continue
            key = (model_field.related_model, parent_pk)
            if key not in parents:
                parents[key] = model_field.related_model._base_manager.filter(pk=parent_pk).first()
            found = document_id(parents[key], depth - 1) if parents[key] else None
            if found is not None:
                return found
        return None

    wanted = {obj.pk: document_id(obj, 2) for obj in objects}
    found = Document.objects.select_related("issue").in_bulk(
        {pk for pk in wanted.values() if pk is not None}
    )
    return {pk: found.get(doc_pk) for pk, doc_pk in wanted.items() if doc_pk is not None}


@transaction.atomic
def record_reload_history(*, objects: Iterable[models.Model], reason: str, acting_user=None) -> int:
    """Add an entry to each record saying what a reload did to it (its current values)."""
    by_model: dict[type, list[models.Model]] = defaultdict(list)
    for obj in objects:
        if has_history(type(obj)):
            obj._change_reason = _fit(getattr(obj, "_change_reason", None) or reason)
            by_model[type(obj)].append(obj)
    for model, items in by_model.items():
        _history_manager(model).bulk_history_create(items, update=True, default_user=acting_user)
    return sum(len(items) for items in by_model.values())


@dataclass(frozen=True)
class PrintedDifference:
    """A field whose current value differs from the printed one."""

    printed: object
    changed_on: dt.date


def printed_differences(
    objects: Iterable[models.Model], fields: Iterable[str]
) -> dict[tuple[object, str], PrintedDifference]:
    """Find fields whose current value differs from the printed entry, in one query.

    The answer is keyed by (pk, field) and gives the printed value and the day the current
    value was set. Records without a printed entry (typed in by a clerk) have no difference.
    """
    objects = [o for o in objects if o.pk is not None]
    fields = list(fields)
    if not objects:
        return {}
    model = type(objects[0])
    manager = _history_manager(model)
    pk_name = model._meta.pk.attname
    attnames = [model._meta.get_field(name).attname for name in fields]
    entries = manager.filter(**{f"{pk_name}__in": [o.pk for o in objects]}).order_by(
        pk_name, "history_date", "history_id"
    )
    history: dict[object, list] = defaultdict(list)
    for entry in entries.values(pk_name, "history_date", "history_change_reason", *attnames):
        history[entry[pk_name]].append(entry)
    found = {}
    for obj in objects:
        rows = history.get(obj.pk, [])
        printed = next(
            (r for r in rows if (r["history_change_reason"] or "").startswith(PRINTED)), None
        )
        if printed is None:
            continue
        for name, attname in zip(fields, attnames, strict=True):
            current = getattr(obj, attname)
            if printed[attname] == current:
                continue
            since = _set_on(rows, attname, current) or printed["history_date"]
            found[(obj.pk, name)] = PrintedDifference(
                printed=printed[attname], changed_on=timezone.localdate(since)
            )
    return found


def printed_entry(instance: models.Model):
    """The record's 印刷版 history entry (its values as printed), or None."""
    manager = _history_manager(type(instance))
    if manager is None or instance.pk is None:
        return None
    pk_name = type(instance)._meta.pk.attname
    return (
        manager.filter(**{pk_name: instance.pk}, history_change_reason__startswith=PRINTED)
        .order_by("history_date", "history_id")
        .first()
    )


def _set_on(rows: list[dict], attname: str, current) -> dt.datetime | None:
    """Return when a field last took its current value, from the record's history rows."""
    since = None
    previous = object()
    for row in rows:
        if row[attname] == current and previous != current:
            since = row["history_date"]
        previous = row[attname]
    return since


def attach_printed(objects: Iterable[models.Model], fields: Iterable[str]) -> list:
    """Give each record ``printed_diff``: {field: PrintedDifference} (empty when as printed)."""
    objects = list(objects)
    fields = list(fields)
    found = printed_differences(objects, fields)
    for obj in objects:
        obj.printed_diff = {
            name: found[(obj.pk, name)] for name in fields if (obj.pk, name) in found
        }
    return objects


@dataclass(frozen=True)
class PrintedChange:
    """A figure shown on a public page that differs from the print, for a notice."""

    label: str
    current: object
    printed: object
    changed_on: dt.date


def printed_changes(
    objects: Iterable[models.Model], fields: Iterable[str], *, name_of=str
) -> list[PrintedChange]:
    """List every figure of the records that differs from its printed value, labelled.

    With several records each label starts with ``name_of(record)``.
    """
    objects = list(objects)
    fields = list(fields)
    found = printed_differences(objects, fields)
    changes = []
    for obj in objects:
        for name in fields:
            diff = found.get((obj.pk, name))
            if diff is None:
                continue
            verbose = obj._meta.get_field(name).verbose_name
            label = verbose if len(objects) == 1 else f"{name_of(obj)} {verbose}"
            changes.append(
                PrintedChange(
                    label=str(label),
                    current=getattr(obj, name),
                    printed=diff.printed,
                    changed_on=diff.changed_on,
                )
            )
    return changes
