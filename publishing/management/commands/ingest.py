"""Store an issue's text as a draft for review, or publish a reviewed draft (for scripts)."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gazette_site.http import today
from gazette_site.importing.files import ImportRefused
from publishing import selectors, services
from publishing.models import DraftIssue
from publishing.uploads import read_upload


class Command(BaseCommand):
    help = (
        "把一期公报（.txt / .docx / .pdf）存为草稿供核对（打印草稿编号）；"
        "--publish 草稿编号 发布已核对的草稿。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--json", action="store_true", dest="as_json", help="以 JSON 输出结果")
        parser.add_argument("--publish", type=int, metavar="DRAFT_ID", help="发布该草稿")
        parser.add_argument("--user", default="", help="记录为操作人的用户名")

    def handle(self, *args, file, as_json: bool, publish, user, **options):
        acting_user = None
        if user:
            acting_user = get_user_model().objects.filter(username=user).first()
            if acting_user is None:
                raise CommandError(f"找不到用户“{user}”。")
        if publish is not None:
            return self._publish(publish, acting_user, as_json=as_json)
        if not file:
            raise CommandError("请给出公报文件的路径，或用 --publish 草稿编号 发布草稿。")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            text, fmt = read_upload(name=path.name, data=path.read_bytes())
        except ImportRefused as exc:
            raise CommandError(exc.message)
        draft = services.draft_create(
            text=text, source_name=path.name, source_format=fmt, acting_user=acting_user
        )
        preview = selectors.draft_preview(draft, as_of=today())
        if as_json:
            self.stdout.write(_dumps(_summary(draft, preview)))
            return
        self.stdout.write(f"草稿 {draft.pk}")
        for message in preview.blocking:
            self.stdout.write(f"不能发布：{message}")
        for message in preview.warnings:
            self.stdout.write(f"提醒：{message}")

    def _publish(self, draft_id: int, acting_user, *, as_json: bool):
        if not DraftIssue.objects.filter(pk=draft_id).exists():
            raise CommandError(f"没有编号为 {draft_id} 的草稿。")
        draft = DraftIssue.objects.get(pk=draft_id)
        # Scripts confirm every difference that no clerk has edited since the last publish.
        confirmed = {d.key for d in selectors.republish_differences(draft) if not d.edited_by_clerk}
        try:
            issue = services.draft_publish(
                draft_id=draft_id, acting_user=acting_user, confirmed=confirmed
            )
        except services.PublishRefused as exc:
            raise CommandError("不能发布：" + "；".join(exc.messages))
        if as_json:
            self.stdout.write(_dumps({"draft_id": draft_id, "issue": issue.label}))
        else:
            self.stdout.write(f"已发布 {issue.label}（草稿 {draft_id}）")


def _dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=1)


def _summary(draft, preview) -> dict:
    return {
        "draft_id": draft.pk,
        "issue": {
            "year": draft.year,
            "number": draft.number,
            "cumulative": draft.cumulative_number,
        }
        if draft.year
        else None,
        "documents": [
            {
                "doc_number": v.document.doc_number,
                "title": v.document.title,
                "status": v.status,
                "readings": len(v.readings),
            }
            for v in preview.documents
        ],
        "blocking": preview.blocking,
        "warnings": preview.warnings,
    }
