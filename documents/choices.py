"""Enumerations of the documents app, shared by its models and its rules."""

from __future__ import annotations

from django.db.models import TextChoices


class DocumentKind(TextChoices):
    MEASURES = "办法", "办法"
    NOTICE = "通知", "通知"
    OPINION = "意见", "意见"
    PLAN = "方案", "方案"
    ACTION_PLAN = "计划", "计划"
    PROCEDURE = "规程", "规程"
    LIST = "名单", "名单"
    OTHER = "其他", "其他"


class Status(TextChoices):
    NOT_YET = "not_yet", "尚未施行"
    IN_FORCE = "in_force", "现行有效"
    NO_TERM = "no_term", "未载明有效期"
    EXPIRED = "expired", "已失效"
    ENDED = "ended", "已到期"
    REPEALED = "repealed", "已废止"
