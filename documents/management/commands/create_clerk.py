"""Create a clerk account: staff, in the `clerks` group, without superuser rights."""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "创建工作人员（clerks 组）账号。密码从环境变量 CLERK_PASSWORD 读取，未设置时提示输入。"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"用户“{username}”已存在。")
        password = os.environ.get("CLERK_PASSWORD") or getpass.getpass("密码：")
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages))
        group = Group.objects.get(name="clerks")
        user = User.objects.create_user(username=username, email=email, password=password)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"已创建工作人员账号“{username}”（clerks 组）。"))
