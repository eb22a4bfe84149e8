"""Read a gazette text of any shape into drafts: `manage.py ingest FILE [--dry-run] [--json]`."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.ingest import parse_bytes
from gazette_text import TextError


class Command(BaseCommand):
    help = (
        "读取一份公报文本（整期、无目录的若干文件或单个文件；UTF-8 或 GB18030/GBK），"
        "解析并校验。--dry-run 只解析校验、不写入；--json 在标准输出打印结果。"
        "不带 --dry-run 时把草稿写入与文本同名的 .drafts.json 文件，供核对。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只解析和校验，不写入任何数据")
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")

    def handle(self, *args, file, dry_run: bool, as_json: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            result = parse_bytes(path.read_bytes())
        except TextError as exc:
            raise CommandError(f"{path.name}：{exc}")
        if as_json:
            self.stdout.write(json.dumps(result.data, ensure_ascii=False, indent=1))
        else:
            self._summary(result.data)
        if result.problems:
            raise CommandError("校验未通过：" + "；".join(result.problems))
        if dry_run:
            return
        out = drafts_path(path)
        out.write_text(
            json.dumps(result.data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        if not as_json:
            self.stdout.write(self.style.SUCCESS(f"草稿已写入 {out}，请核对。"))

    def _summary(self, data: dict) -> None:
        issue = data["issue"]
        if issue:
            self.stdout.write(
                f"{issue['year']}年第{issue['number']}期（总第{issue['cumulative']}期），"
                f"目录 {len(issue['contents'])} 条"
            )
        self.stdout.write(f"文件 {len(data['documents'])} 个")
        for doc in data["documents"]:
            counts = f"章 {doc['chapters']}，条 {doc['articles']}，项 {doc['items']}"
            self.stdout.write(
                f"- {doc['doc_number'] or '（无文号）'} {doc['title']}"
                f"（{'、'.join(doc['issuers'])}，{doc['signed_date'] or '未署日期'}；{counts}；"
                f"读法 {len(doc['readings'])} 处）"
            )


def drafts_path(source: Path) -> Path:
    """Where the drafts of a text are written for review: beside it, `NAME.drafts.json`."""
    return source.with_name(f"{source.stem}.drafts.json")
