"""Read a gazette text of any shape into drafts: `manage.py ingest FILE [--dry-run] [--json]`.

Without --dry-run the text is stored as a draft issue for review in admin (导入新一期公报),
the same draft an upload there makes; `--publish DRAFT_ID` publishes a reviewed draft.
"""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from documents.ingest import parse_text
from gazette_site.importing.files import ImportRefused
from gazette_text import TextError


class Command(BaseCommand):
    help = (
        "读取一份公报文本（整期、无目录的若干文件或单个文件；UTF-8 或 GB18030/GBK 文本、.docx、"
        "带文字层的 PDF），解析并校验。--dry-run 只解析校验、不写入；--json 在标准输出打印结果。"
        "不带 --dry-run 时存为草稿（打印“草稿 编号”），在管理后台“导入新一期公报”中核对；"
        "--publish 草稿编号 发布已核对的草稿。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--dry-run", action="store_true", help="只解析和校验，不写入任何数据")
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")
        parser.add_argument("--publish", type=int, metavar="DRAFT_ID", help="发布该草稿")
        parser.add_argument("--user", default="", help="记录为操作人的用户名")
        parser.add_argument("--reason", default="", help="记入修改历史的原因（可选）")

    def handle(
        self, *args, file, dry_run: bool, as_json: bool, publish, user, reason: str, **options
    ):
        acting_user = _user(user)
        if publish is not None:
            return self._publish(publish, acting_user, reason=reason, as_json=as_json)
        if not file:
            raise CommandError("请给出公报文件的路径，或用 --publish 草稿编号 发布草稿。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        from publishing.uploads import read_upload

        try:
            text, fmt = read_upload(name=path.name, data=path.read_bytes(), default_format="txt")
            result = parse_text(text)
        except ImportRefused as exc:
            raise CommandError(f"{path.name}：{exc.message}")
        except TextError as exc:
            raise CommandError(f"{path.name}：{exc}")
        if dry_run:
            self._show(result.data, as_json=as_json)
            if result.problems:
                raise CommandError("校验未通过：" + "；".join(result.problems))
            return
        from publishing import services

        draft = services.draft_create(
            text=text,
            source_name=path.name,
            source_format=fmt,
            acting_user=acting_user,
            reason=reason,
        )
        self._show({**result.data, "draft_id": draft.pk}, as_json=as_json)
        if not as_json:
            self.stdout.write(f"草稿 {draft.pk}")
        if result.problems:
            raise CommandError(
                f"草稿 {draft.pk} 已保存，但校验未通过：" + "；".join(result.problems)
            )

    def _show(self, data: dict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            self._summary(data)

    def _publish(self, draft_id: int, acting_user, *, reason: str, as_json: bool):
        from publishing import selectors, services
        from publishing.models import DraftIssue

        draft = DraftIssue.objects.filter(pk=draft_id).first()
        if draft is None:
            raise CommandError(f"没有编号为 {draft_id} 的草稿。")
        # A script confirms every difference no clerk has edited since the last publish.
        confirmed = {d.key for d in selectors.republish_differences(draft) if not d.edited_by_clerk}
        try:
            issue = services.draft_publish(
                draft_id=draft_id, acting_user=acting_user, confirmed=confirmed, reason=reason
            )
        except services.PublishRefused as exc:
            raise CommandError("不能发布：" + "；".join(exc.messages))
        if as_json:
            self.stdout.write(
                json.dumps({"draft_id": draft_id, "issue": issue.label}, ensure_ascii=False)
            )
        else:
            self.stdout.write(f"已发布 {issue.label}（草稿 {draft_id}）")

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


def _user(username: str):
    if not username:
        return None
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise CommandError(f"找不到用户“{username}”。")
    return found
