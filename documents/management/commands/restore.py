"""Replace the database's data by a backup written with `manage.py backup`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette_site.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "用备份文件替换数据库中的全部数据（先运行 migrate；全部成功才生效）。"
        "会先询问确认，--noinput 不询问。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="manage.py backup 写出的备份文件")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="不询问确认"
        )

    def handle(self, *args, file, interactive, **options):
        if interactive:
            answer = input(
                f"将用 {file} 替换当前数据库中的全部数据（含账号和修改历史）。确认请输入 yes："
            )
            if answer.strip().lower() != "yes":
                raise CommandError("已取消，数据库未改动。")
        try:
            summary = backup_restore(path=Path(file))
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(self.style.SUCCESS(f"已从 {file} 恢复。{summary}"))
