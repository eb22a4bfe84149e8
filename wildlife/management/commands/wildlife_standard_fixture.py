"""Regenerate fixtures/wildlife/02_standard.json from the gazette text."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette_text import TextError
from wildlife import parsing


def render(objects: list[dict]) -> str:
    """Serialise fixture objects the way the committed file is written."""
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "从公报原文解析威政办字〔2020〕50号（补偿标准、比例、时限、补偿范围、处置方式），重写数据文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, help="公报文本路径，默认 settings.GAZETTE_SOURCE"
        )
        parser.add_argument(
            "--check", action="store_true", help="只检查数据文件是否与原文解析结果一致，不写入。"
        )

    def handle(self, *args, **options):
        try:
            plan = parsing.parse_plan(parsing.read_source(options["source"]))
        except (OSError, TextError) as exc:
            raise CommandError(f"无法解析原文：{exc}")
        text = render(parsing.fixture_objects(plan))
        path = parsing.fixture_path()
        if options["check"]:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                raise CommandError(f"{path} 与原文解析结果不一致，请运行本命令重写。")
            self.stdout.write(self.style.SUCCESS(f"{path.name} 与原文一致。"))
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        # Written in one step so that others' test runs never load a half-written file.
        tmp.replace(path)
        self.stdout.write(
            self.style.SUCCESS(
                f"已写入 {path.name}：{len(plan.species)} 个物种，{len(plan.scopes)} 类补偿范围，"
                f"{len(plan.methods)} 种处置方式。"
            )
        )
