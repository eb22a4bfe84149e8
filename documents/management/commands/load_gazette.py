"""Load every fixture of the portal, in dependency order, idempotently.

A file is loaded when it is new or its content changed since it was last loaded, so a
second run changes nothing and does not overwrite what clerks corrected in admin.
`--force` loads every file again.
"""

import hashlib
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from documents.models import LoadedFixture
from documents.services import BASELINE_REASON

# Apps whose data others point at come first.
APP_ORDER = ["documents", "rewards", "blood_donation", "intermediary", "wildlife", "pricing"]


def fixture_files(apps: list[str] | None = None) -> list[Path]:
    """List fixture files: per app folder in APP_ORDER, by file name within a folder."""
    root = Path(settings.BASE_DIR) / "fixtures"
    files: list[Path] = []
    for app in APP_ORDER:
        if apps and app not in apps:
            continue
        folder = root / app
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.json")))
    return files


class Command(BaseCommand):
    help = "载入 fixtures/ 下全部公报数据（按顺序；未改动的文件不重复载入，--force 全部重新载入）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--apps",
            default="",
            help="只载入这些应用的数据（逗号分隔），默认全部。",
        )
        parser.add_argument("--force", action="store_true", help="忽略记录，全部重新载入")

    def handle(self, *args, **options):
        apps = [a.strip() for a in options["apps"].split(",") if a.strip()]
        files = fixture_files(apps)
        loaded = 0
        with transaction.atomic():
            for path in files:
                name = str(path.relative_to(settings.BASE_DIR))
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                known = LoadedFixture.objects.filter(path=name).first()
                if known and known.sha256 == digest and not options["force"]:
                    self.stdout.write(f"未改动，跳过 {name}")
                    continue
                call_command("loaddata", str(path), verbosity=0)
                LoadedFixture.objects.update_or_create(path=name, defaults={"sha256": digest})
                loaded += 1
                self.stdout.write(f"已载入 {name}")
            if loaded:
                _record_baseline(apps)
                for hook in _after_load_hooks(apps):
                    hook()
        self.stdout.write(self.style.SUCCESS(f"共 {len(files)} 个数据文件，本次载入 {loaded} 个。"))


def _record_baseline(apps: list[str]) -> None:
    """Record in the history each loaded row that the history does not show as it now is.

    Fixture saves record nothing; with this baseline a clerk's later edit shows old → new in
    the data-change feeds (which leave baseline records out). Rows unchanged since their
    last record get none, so loading the same files again adds nothing.
    """
    from django.apps import apps as registry

    for app in apps or APP_ORDER:
        for model in registry.get_app_config(app).get_models():
            manager = getattr(model, "history", None)
            if manager is None or not hasattr(manager, "bulk_history_create"):
                continue
            pk = model._meta.pk.attname
            fields = [f.attname for f in model._meta.concrete_fields if f.attname != pk]
            latest = {}
            for record in manager.order_by("history_date", "history_id").iterator():
                latest[getattr(record, pk)] = record
            stale = [
                row
                for row in model.objects.all()
                if row.pk not in latest
                or any(getattr(row, f) != getattr(latest[row.pk], f) for f in fields)
            ]
            if stale:
                manager.bulk_history_create(
                    stale, batch_size=500, update=True, default_change_reason=BASELINE_REASON
                )


def _after_load_hooks(apps: list[str]):
    """Collect `after_fixtures_loaded` callables that apps expose in their services.

    The search index is rebuilt last, after every loaded app has checked its data.
    """
    hooks = []
    for app in [*(a for a in APP_ORDER if not apps or a in apps), "search"]:
        try:
            module = import_module(f"{app}.services")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.services":
                raise
            continue
        hook = getattr(module, "after_fixtures_loaded", None)
        if callable(hook):
            hooks.append(hook)
    return hooks
