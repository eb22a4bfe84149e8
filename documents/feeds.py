"""Atom feeds: new issues, documents per section and per issuing body."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from documents.models import Document, Issue, Organisation, Section

FEED_SIZE = 50


def at_noon(day: dt.date | None) -> dt.datetime | None:
    """A date as a moment (Atom wants date-times): noon in the portal's time zone."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class IssueFeed(Feed):
    feed_type = Atom1Feed
    title = "威海市人民政府公报：新一期"
    subtitle = "每期公报出版时更新。"

    def link(self):
        return reverse("documents:issues")

    def items(self):
        return Issue.objects.annotate(latest_signed=Max("documents__signed_date")).order_by(
            "-year", "-number"
        )[:FEED_SIZE]

    def item_title(self, item):
        return f"威海市人民政府公报 {item.label}"

    def item_description(self, item):
        return f"{item.label}，{item.sponsor}。"

    def item_pubdate(self, item):
        # An issue without a printed publication date is dated by its latest document.
        return at_noon(item.published_on or item.latest_signed)

    def item_updateddate(self, item):
        return self.item_pubdate(item)


class _DocumentFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item):
        return f"{item.title}（{item.doc_number}）"

    def item_description(self, item):
        issue = f"刊载于{item.issue.label}。" if item.issue_id else ""
        return f"{item.doc_number}，{issue}"

    def item_pubdate(self, item):
        return at_noon(item.signed_date or (item.issue.published_on if item.issue_id else None))

    def item_updateddate(self, item):
        return self.item_pubdate(item)

    def _documents(self):
        return (
            Document.objects.filter(is_stub=False)
            .select_related("issue")
            .order_by("-issue__year", "-issue__number", "position")
        )


class SectionFeed(_DocumentFeed):
    """Documents printed under one section name (市政府文件, 部门规范性文件, …)."""

    def get_object(self, request, name: str):
        if not Section.objects.filter(name=name).exists():
            raise Http404("没有这个栏目")
        return name

    def title(self, obj):
        return f"威海市人民政府公报：{obj}"

    def link(self, obj):
        return reverse("documents:list")

    def items(self, obj):
        return self._documents().filter(section__name=obj)[:FEED_SIZE]


class OrganisationFeed(_DocumentFeed):
    """Documents an organisation issued, alone or jointly."""

    def get_object(self, request, slug: str):
        try:
            return Organisation.objects.get(slug=slug)
        except Organisation.DoesNotExist:
            raise Http404("没有这个单位")

    def title(self, obj):
        return f"威海市人民政府公报：{obj.full_name or obj.name}发布的文件"

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self._documents().filter(issuer_links__organisation=obj)[:FEED_SIZE]
