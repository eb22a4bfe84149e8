"""Give every record that has no history yet its first entry, 印刷版 (a database loaded before
history from the print existed, or rows written without history).

The entry holds the record's current values: with no history at all, nobody has changed the
record through the portal since it was loaded, so these are the printed values. A record whose
history starts with a change instead of 印刷版 is listed, not touched: its printed values can no
longer be told from the database (`load_gazette --force` lists what differs from the fixtures).
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from documents.models import Issue
from gazette_site.history import PRINTED, has_history, printed_reason, record_printed_history

CHUNK = 2000


class Command(BaseCommand):
    help = "为没有任何修改记录的数据补记第一条“印刷版”记录（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出数量，不写入。")

    def handle(self, *args, dry_run: bool = False, **options):
        issue = Issue.objects.order_by("-year", "-number").first()
        total = 0
        with transaction.atomic():
            for model in apps.get_models():
                if not has_history(model) or model._meta.proxy:
                    continue
                created, unprinted = self._backfill(model, issue, dry_run)
                label = model._meta.verbose_name_plural
                if created:
                    verb = "需补记" if dry_run else "已补记"
                    self.stdout.write(f"{label}：{verb}印刷版记录 {created} 条")
                if unprinted:
                    self.stdout.write(
                        self.style.WARNING(
                            f"{label}：{len(unprinted)} 条记录的第一条修改记录不是印刷版，未补记"
                            f"（编号 {', '.join(map(str, unprinted[:20]))}"
                            f"{' 等' if len(unprinted) > 20 else ''}）"
                        )
                    )
                total += created
        verb = "需补记" if dry_run else "共补记"
        self.stdout.write(self.style.SUCCESS(f"{verb} {total} 条印刷版记录。"))

    def _backfill(self, model, issue, dry_run: bool) -> tuple[int, list]:
        manager = getattr(model, model._meta.simple_history_manager_attribute)
        pk_name = model._meta.pk.attname
        with_history = manager.values(pk_name)
        lacking = model._base_manager.exclude(pk__in=with_history).order_by("pk")
        if dry_run:
            created = lacking.count()
        else:
            created = 0
            while chunk := list(lacking[:CHUNK]):
                # Each pass takes the first records still lacking an entry.
                created += record_printed_history(
                    objects=chunk, reason=printed_reason(issue=issue), issue=issue
                )
        first_reasons = {}
        for pk, reason in manager.order_by(pk_name, "history_date", "history_id").values_list(
            pk_name, "history_change_reason"
        ):
            first_reasons.setdefault(pk, reason or "")
        unprinted = sorted(
            pk for pk, reason in first_reasons.items() if not reason.startswith(PRINTED)
        )
        return created, unprinted
