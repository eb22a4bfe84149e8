"""Parse an issue's text into a fixture file for a clerk to review."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.drafts import render_fixture

DEFAULT_SOURCE = settings.GAZETTE_SOURCE
DEFAULT_OUT = Path(settings.BASE_DIR) / "fixtures" / "documents" / "10_issue_2020_08.json"


class Command(BaseCommand):
    help = "把一期公报的文本解析为 fixtures/documents 下的数据文件（--check 只比较不写入）。"

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", default=str(DEFAULT_SOURCE))
        parser.add_argument("--out", default=str(DEFAULT_OUT))
        parser.add_argument("--check", action="store_true", help="与已提交的数据文件比较")

    def handle(self, *args, source, out, check, **options):
        source_path, out_path = Path(source), Path(out)
        if not source_path.exists():
            raise CommandError(f"找不到公报文本：{source_path}")
        content = render_fixture(source_path)
        if check:
            if not out_path.exists() or out_path.read_text(encoding="utf-8") != content:
                raise CommandError(f"{out_path} 与解析结果不一致，请重新运行 parse_issue。")
            self.stdout.write("数据文件与解析结果一致。")
            return
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out_path.write_text(content, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已写入 {out_path}"))
