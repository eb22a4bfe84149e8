"""Regenerate fixtures/intermediary/*.json from the gazette text."""

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gazette_text import TextError
from intermediary.parsing import fixture_objects, parse_source


def fixture_dir() -> Path:
    """Return the folder the intermediary fixtures live in."""
    return Path(settings.BASE_DIR) / "fixtures" / "intermediary"


def render(objects: list[dict]) -> str:
    """Write fixture objects the way they are committed (stable, readable Chinese)."""
    return json.dumps(objects, ensure_ascii=False, indent=2) + "\n"


class Command(BaseCommand):
    help = "从公报文本解析中介服务项目清单（威政字〔2020〕49号），重新生成 fixtures/intermediary/*.json。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=Path, help="公报文本路径，默认 settings.GAZETTE_SOURCE"
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="只比较，不写文件：解析结果与已提交的数据文件不同则报错退出。",
        )

    def handle(self, *args, **options):
        try:
            catalogue = parse_source(options["source"])
        except TextError as error:
            raise CommandError(f"解析失败：{error}")
        files = {name: render(objects) for name, objects in fixture_objects(catalogue).items()}
        folder = fixture_dir()
        if options["check"]:
            stale = [
                name
                for name, text in files.items()
                if not (folder / name).exists()
                or (folder / name).read_text(encoding="utf-8") != text
            ]
            if stale:
                raise CommandError(f"数据文件与解析结果不一致：{'、'.join(stale)}")
            self.stdout.write(self.style.SUCCESS("数据文件与解析结果一致。"))
            return
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            # Others load these files while we write: replace each one whole, never half-written.
            handle, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(temp, 0o644)
            os.replace(temp, folder / name)
            self.stdout.write(f"已写入 fixtures/intermediary/{name}")
        self.stdout.write(
            self.style.SUCCESS(
                f"共 {len(catalogue.departments)} 个部门、{len(catalogue.services)} 个中介服务项目、"
                f"{len(catalogue.matters)} 个政务服务事项。"
            )
        )
