"""Atom feed of each dataset's changes, read from the change history (django-simple-history)."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed

from gazette_site import opendata
from gazette_site.history import PRINTED, RELOADED

FEED_SIZE = 50
ACTIONS = {"+": "新增", "~": "修改", "-": "删除"}


@dataclass
class Change:
    label: str
    history_id: int
    at: object
    title: str
    lines: list[str]
    user: str


def _text(value) -> str:
    return "（空）" if value in (None, "") else str(value)


def changes(dataset: opendata.Dataset, *, limit: int = FEED_SIZE) -> list[Change]:
    """The latest changes to a dataset's models, each with its fields' old → new values.

    Two queries per model: the latest records, then the records before them.
    """
    found: list[Change] = []
    for label in dataset.history_models:
        model = apps.get_model(label)
        history = model.history.model
        pk = model._meta.pk.attname
        recent = list(
            history.objects.exclude(
                Q(history_change_reason__startswith=PRINTED)
                | Q(history_change_reason__startswith=RELOADED)
            )
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
        earlier = history.objects.filter(**{f"{pk}__in": {getattr(r, pk) for r in recent}})
        by_object: dict = {}
        for row in earlier.order_by("history_date", "history_id"):
            by_object.setdefault(getattr(row, pk), []).append(row)
        fields = [f for f in model._meta.concrete_fields if f.attname != pk]
        for record in recent:
            rows = by_object.get(getattr(record, pk), [])
            before = [
                r
                for r in rows
                if (r.history_date, r.history_id) < (record.history_date, record.history_id)
            ]
            previous = before[-1] if before else None
            lines = []
            for field in fields:
                new = getattr(record, field.attname)
                old = getattr(previous, field.attname) if previous is not None else None
                if record.history_type == "-" or (previous is not None and old == new):
                    continue
                if previous is None and new in (None, ""):
                    continue
                lines.append(f"{field.verbose_name}：{_text(old)} → {_text(new)}")
            name = (
                getattr(record, "name", "")
                or getattr(record, "title", "")
                or f"#{getattr(record, pk)}"
            )
            action = ACTIONS.get(record.history_type, "修改")
            found.append(
                Change(
                    label=label,
                    history_id=record.history_id,
                    at=record.history_date,
                    title=f"{model._meta.verbose_name}“{name}”{action}",
                    lines=lines,
                    user=record.history_user.get_username() if record.history_user else "",
                )
            )
    found.sort(key=lambda c: c.at, reverse=True)
    return found[:limit]


class DataChangesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, name: str):
        try:
            return opendata.get(name)
        except KeyError:
            raise Http404("没有这个数据集")

    def title(self, obj):
        return f"威海市人民政府公报 数据变更：{obj.title}"

    def link(self, obj):
        return f"/data/#{obj.name}"

    def items(self, obj):
        return changes(obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "；".join(item.lines) or item.title

    def item_link(self, item):
        return f"/data/#{item.label}-{item.history_id}"

    def item_guid(self, item):
        return f"urn:weihai-gazette:change:{item.label}:{item.history_id}"

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

    def item_author_name(self, item):
        return item.user or None
