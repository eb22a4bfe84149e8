"""Regenerate the blood-donation fixture from the gazette text."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blood_donation.parsing import (
    FIXTURE,
    default_source,
    fixture_records,
    parse_measure,
)
from gazette_text import TextError


def render(records: list[dict]) -> str:
    """Write records the way the committed fixture is written."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "从公报文本读出《威海市无偿献血管理办法》的各项数字，重新生成 fixtures/blood_donation/01_measure.json。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, help="公报文本路径，默认 settings.GAZETTE_SOURCE"
        )
        parser.add_argument("--output", type=Path, default=FIXTURE, help="输出的 fixture 文件")
        parser.add_argument(
            "--check", action="store_true", help="只比较，不写文件；不一致时以非零状态退出"
        )

    def handle(self, *args, **options):
        source = options["source"] or default_source()
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法读取公报文本 {source}：{exc}")
        try:
            records = fixture_records(parse_measure(text))
        except TextError as exc:
            raise CommandError(str(exc))
        content = render(records)
        output: Path = options["output"]
        if options["check"]:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != content:
                raise CommandError(f"{output} 与公报文本读出的结果不一致，请重新生成。")
            self.stdout.write(self.style.SUCCESS(f"{output} 与公报文本一致。"))
            return
        # Write to a temporary file first so others' test runs never load half a fixture.
        tmp = output.with_suffix(".json.tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(output)
        self.stdout.write(self.style.SUCCESS(f"已写入 {output}（{len(records)} 条记录）。"))
