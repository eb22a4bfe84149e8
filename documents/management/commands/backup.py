"""Write a backup of the whole database (data, history, users) to a file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette_site.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "备份整个数据库（数据、修改历史、账号和权限组）到文件，如 backups/gazette.json.gz。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件（.json 或 .json.gz）")

    def handle(self, *args, file, **options):
        try:
            size = backup_write(path=Path(file))
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(self.style.SUCCESS(f"已备份到 {file}（{size:,} 字节）。"))
