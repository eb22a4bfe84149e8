"""Create a clerk account: staff, in the groups of the apps they keep, without superuser rights."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from documents.clerks import groups_by_key
from documents.services import clerk_create, clerk_group_names


class Command(BaseCommand):
    help = (
        "创建工作人员账号，只加入 --apps 所列数据组（如 --apps documents,publishing）。"
        "密码从环境变量 CLERK_PASSWORD 读取，未设置时提示输入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--apps",
            required=True,
            help="逗号分隔的数据组：" + ",".join(groups_by_key()),
        )
        parser.add_argument("--email", default="")

    def handle(self, *args, username, apps, email, **options):
        keys = [key.strip() for key in apps.split(",") if key.strip()]
        if not keys:
            raise CommandError("请用 --apps 指定至少一个数据组。")
        try:
            names = clerk_group_names(keys)
        except ValueError as exc:
            raise CommandError(str(exc))
        if get_user_model().objects.filter(username=username).exists():
            raise CommandError(f"用户“{username}”已存在。")
        password = os.environ.get("CLERK_PASSWORD") or getpass.getpass("密码：")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages))
        clerk_create(username=username, password=password, apps=keys, email=email)
        self.stdout.write(
            self.style.SUCCESS(f"已创建工作人员账号“{username}”（{'、'.join(names)}）。")
        )
