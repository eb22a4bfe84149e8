"""Regenerate fixtures/pricing/ from the gazette text (威发改发〔2020〕227号)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette_text import TextError
from pricing import parsing


class Command(BaseCommand):
    help = "从公报原文解析威发改发〔2020〕227号，重新生成 fixtures/pricing/ 下的数据文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="只检查已提交的数据文件是否与解析结果一致，不写文件。",
        )
        parser.add_argument(
            "--source", default=None, help="公报原文路径，默认 settings.GAZETTE_SOURCE。"
        )

    def handle(self, *args, **options):
        source = Path(options["source"]) if options["source"] else None
        try:
            notice = parsing.read_notice(source)
        except (OSError, TextError) as exc:
            raise CommandError(f"无法解析公报原文：{exc}")
        folder = parsing.fixture_dir()
        stale = []
        for name, text in parsing.fixture_texts(notice).items():
            path = folder / name
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(name)
            if not options["check"]:
                folder.mkdir(parents=True, exist_ok=True)
                # Write to a temporary name first so others' test runs never load half a file.
                tmp = path.with_suffix(".json.tmp")
                tmp.write_text(text, encoding="utf-8")
                tmp.replace(path)
                self.stdout.write(f"已写入 {path}")
        if options["check"] and stale:
            raise CommandError(f"数据文件与原文解析结果不一致：{', '.join(stale)}")
        if not stale:
            self.stdout.write("数据文件已是最新。")
