"""Load every fixture of the portal, in dependency order, idempotently, never losing edits.

A file is loaded when it is new or its content changed since it was last loaded, so a
second run changes nothing. `--force` loads every file again. A record a clerk has changed
since it was loaded (its value differs from the file and its history has a change that is
not a load) is listed and left alone, unless `--overwrite-edits` is given; either way its
history says what the reload did. A record loaded for the first time gets its first history
entry, 印刷版, with the issue and document it was printed in.
"""

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from documents.models import Issue, LoadedFixture
from gazette_site.contract import by_fixture_order, declared
from gazette_site.history import (
    PRINTED,
    RELOADED,
    has_history,
    printed_reason,
    record_printed_history,
    record_reload_history,
)


def fixture_files(apps: list[str] | None = None) -> list[Path]:
    """List fixture files: per app folder in the apps' declared order, by file name within one."""
    files: list[Path] = []
    for config in by_fixture_order():
        if apps and config.label not in apps:
            continue
        folder = config.fixture_folder()
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.json")))
    return files


@dataclass
class Edited:
    """A record whose current value differs from the file because a clerk changed it."""

    entry: dict
    current: object
    fields: list[tuple[str, object, object]] = field(default_factory=list)  # name, file, now

    def describe(self) -> str:
        changes = "；".join(
            f"{name}：数据文件 {old} / 现值 {new}" for name, old, new in self.fields
        )
        return f"{self.current._meta.verbose_name}“{self.current}”（{changes}）"


class Command(BaseCommand):
    help = (
        "载入 fixtures/ 下全部公报数据（按顺序；未改动的文件不重复载入，--force 全部重新载入）。"
        "工作人员修改过的记录保持不变并列出，除非加 --overwrite-edits。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apps",
            default="",
            help="只载入这些应用的数据（逗号分隔），默认全部。",
        )
        parser.add_argument("--force", action="store_true", help="忽略记录，全部重新载入")
        parser.add_argument(
            "--overwrite-edits",
            action="store_true",
            help="重新载入时用数据文件覆盖工作人员的修改（默认保留修改）",
        )

    def handle(self, *args, **options):
        apps = [a.strip() for a in options["apps"].split(",") if a.strip()]
        files = fixture_files(apps)
        loaded = 0
        with transaction.atomic():
            for path in files:
                name = str(path.relative_to(settings.BASE_DIR))
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                known = LoadedFixture.objects.filter(path=name).first()
                if known and known.sha256 == digest and not options["force"]:
                    self.stdout.write(f"未改动，跳过 {name}")
                    continue
                self._load(path, name, data, overwrite=options["overwrite_edits"])
                LoadedFixture.objects.update_or_create(path=name, defaults={"sha256": digest})
                loaded += 1
                self.stdout.write(f"已载入 {name}")
            if loaded:
                for hook in _after_load_hooks(apps):
                    try:
                        hook()
                    except ValidationError as error:
                        # An app refusing the loaded data: everything loaded is rolled back.
                        raise CommandError("；".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"共 {len(files)} 个数据文件，本次载入 {loaded} 个。"))

    def _load(self, path: Path, name: str, data: bytes, *, overwrite: bool) -> None:
        entries = json.loads(data)
        existing, edited, differing = _compare(entries)
        skipped = set() if overwrite else {id(item.entry) for item in edited}
        if skipped:
            kept = [entry for entry in entries if id(entry) not in skipped]
            with tempfile.TemporaryDirectory() as folder:
                partial = Path(folder) / path.name
                partial.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
                call_command("loaddata", str(partial), verbosity=0)
        else:
            call_command("loaddata", str(path), verbosity=0)
        objects = [item.object for item in _deserialize(entries)]
        new = [obj for obj in objects if (type(obj), obj.pk) not in existing]
        record_printed_history(
            objects=new, reason=printed_reason(issue=_issue(), note=name), issue=_issue()
        )
        for item in edited:
            self.stdout.write(
                self.style.WARNING(
                    f"  {'已覆盖' if overwrite else '保留'}工作人员的修改：{item.describe()}"
                )
            )
        action = "按数据文件覆盖了工作人员的修改" if overwrite else "保留了工作人员的修改"
        record_reload_history(
            objects=[_fresh(item.current) for item in edited],
            reason=f"{RELOADED} {name}：{action}",
        )
        record_reload_history(
            objects=[_fresh(obj) for obj in differing],
            reason=f"{RELOADED} {name}：按数据文件更新（{PRINTED}）",
        )


def _issue():
    return Issue.objects.order_by("-year", "-number").first()


def _fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


def _deserialize(entries: list[dict]):
    return list(
        serializers.deserialize(
            "json", json.dumps(entries), handle_forward_references=True, ignorenonexistent=True
        )
    )


def _compare(entries: list[dict]):
    """Compare a file with the database.

    Returns the (model, pk) pairs already there, the records a clerk changed (with their
    entries), and the records that differ from the file without a clerk's change.
    """
    existing: set[tuple[type, object]] = set()
    edited: list[Edited] = []
    differing: list = []
    try:
        items = _deserialize(entries)
    except (serializers.base.DeserializationError, ObjectDoesNotExist):
        # A file that refers to records not loaded yet is new: nothing of it can be edited.
        return existing, edited, differing
    by_model: dict[type, list[tuple[dict, object]]] = {}
    for entry, item in zip(entries, items, strict=True):
        if item.object.pk is not None:
            by_model.setdefault(type(item.object), []).append((entry, item.object))
    for model, pairs in by_model.items():
        current = model._base_manager.in_bulk([obj.pk for _, obj in pairs])
        changed_by_clerk = _changed_since_load(model, list(current))
        for entry, obj in pairs:
            row = current.get(obj.pk)
            if row is None:
                continue
            existing.add((model, obj.pk))
            fields = []
            for field_name in entry.get("fields", {}):
                model_field = model._meta.get_field(field_name)
                if model_field.many_to_many:
                    continue
                old, new = getattr(obj, model_field.attname), getattr(row, model_field.attname)
                if old != new:
                    fields.append((str(model_field.verbose_name), old, new))
            if not fields:
                continue
            if obj.pk in changed_by_clerk:
                edited.append(Edited(entry=entry, current=row, fields=fields))
            else:
                differing.append(row)
    return existing, edited, differing


def _changed_since_load(model, pks: list) -> set:
    """Return the pks whose history has an entry not written by a load (a clerk's change)."""
    if not pks or not has_history(model):
        return set()
    manager = getattr(model, model._meta.simple_history_manager_attribute)
    pk_name = model._meta.pk.attname
    entries = manager.filter(**{f"{pk_name}__in": pks}).exclude(
        history_change_reason__startswith=PRINTED
    )
    entries = entries.exclude(history_change_reason__startswith=RELOADED)
    return set(entries.values_list(pk_name, flat=True))


def _after_load_hooks(apps: list[str]):
    """Collect the after-load hooks the loaded apps declare, in fixture order.

    Hooks declared to run after any load (the search index's rebuild) come last, after every
    loaded app has checked its data.
    """
    configs = by_fixture_order()
    chosen = [c.after_load for c in configs if not apps or c.label in apps]
    return [declared(path) for path in [*chosen, *(c.after_any_load for c in configs)] if path]
