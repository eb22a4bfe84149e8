"""Regenerate fixtures/rewards/01_rewards.json from the gazette text."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gazette_text import TextError
from rewards import parsing


def render(objects: list[dict]) -> str:
    """Serialise fixture objects the way the committed file is written."""
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = (
        "从公报原文解析威政发〔2020〕6号（金融发展贡献奖）和威市监发〔2020〕56号"
        "（知识产权质押融资风险补偿），重写 fixtures/rewards/01_rewards.json。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, help="公报文本路径，默认 settings.GAZETTE_SOURCE"
        )
        parser.add_argument(
            "--check", action="store_true", help="只检查数据文件是否与原文解析结果一致，不写入。"
        )

    def handle(self, *args, **options):
        try:
            objects = parsing.build_fixture(options["source"])
        except (OSError, TextError) as exc:
            raise CommandError(f"无法解析原文：{exc}")
        text = render(objects)
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
        # One rename, so others' test runs never load a half-written file.
        tmp.replace(path)
        counts = {}
        for obj in objects:
            counts[obj["model"]] = counts.get(obj["model"], 0) + 1
        summary = "，".join(f"{model} {n} 条" for model, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"已写入 {path.name}：{summary}。"))
