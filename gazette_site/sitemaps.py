"""sitemap.xml: every public page, each dated by the last change of the data it shows."""

from __future__ import annotations

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from gazette_site import opendata


def _last_history(model):
    """A subquery: the latest history date of the row (load baseline included)."""
    history = model.history.model
    pk = model._meta.pk.attname
    return Subquery(
        history.objects.filter(**{pk: OuterRef("pk")})
        .order_by("-history_date")
        .values("history_date")[:1]
    )


class ModelSitemap(Sitemap):
    """The detail pages of one model, each dated by its own history."""

    def __init__(self, label: str, *, filters: dict | None = None):
        self.model = apps.get_model(label)
        self.filters = filters or {}

    def items(self):
        model = self.model
        return (
            model.objects.filter(**self.filters)
            .annotate(changed_at=_last_history(model))
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.changed_at


class PlaceholderSitemap(Sitemap):
    """Placeholders of cited works, dated by the latest change of a document citing them."""

    def items(self):
        from documents.models import Document, ExternalWork

        changed = dict(
            Document.objects.annotate(at=_last_history(Document)).values_list("pk", "at")
        )
        works = list(ExternalWork.objects.prefetch_related("citations").order_by("key"))
        for work in works:
            dates = [changed.get(r.document_id) for r in work.citations.all()]
            work.changed_at = max((d for d in dates if d), default=None)
        return works

    def lastmod(self, item):
        return item.changed_at


class PageSitemap(Sitemap):
    """Index and tool pages, dated by the last change of the datasets they show."""

    # page → datasets it is built from
    PAGES = {
        "/": ("documents", "issues"),
        "/issues/": ("issues",),
        "/documents/": ("documents",),
        "/organisations/": ("documents",),
        "/data/": (),
        "/intermediary/": ("intermediary",),
        "/intermediary/matters/": ("intermediary",),
        "/blood-donation/": ("blood-donation/rules",),
        "/wildlife/": ("wildlife/species",),
        "/wildlife/calculator/": ("wildlife/species",),
        "/wildlife/public-list/": ("wildlife/species",),
        "/wildlife/reports/": ("wildlife/species",),
        "/pricing/": ("pricing/surcharges",),
        "/pricing/calculator/": ("pricing/surcharges",),
        "/pricing/class-d/": ("pricing/surcharges",),
        "/rewards/": ("rewards/tiers",),
        "/rewards/eligibility/": ("rewards/tiers",),
        "/rewards/roster/": ("rewards/tiers",),
        "/rewards/ip-compensation/": ("rewards/tiers",),
    }

    def items(self):
        return list(self.PAGES)

    def location(self, item):
        return item

    def lastmod(self, item):
        names = self.PAGES[item] or tuple(d.name for d in opendata.datasets())
        if not hasattr(self, "_changed"):
            self._changed = {d.name: opendata.last_changed(d) for d in opendata.datasets()}
        dates = [self._changed[n] for n in names if self._changed.get(n)]
        return max(dates, default=None)


def sitemaps() -> dict:
    return {
        "pages": PageSitemap(),
        "issues": ModelSitemap("documents.Issue"),
        "documents": ModelSitemap("documents.Document"),
        "organisations": ModelSitemap("documents.Organisation"),
        "cited": PlaceholderSitemap(),
        "intermediary-items": ModelSitemap("intermediary.IntermediaryService"),
        "intermediary-matters": ModelSitemap("intermediary.ServiceMatter"),
        "intermediary-departments": ModelSitemap("intermediary.Department"),
        "pricing-enterprises": ModelSitemap("pricing.Enterprise"),
        "rewards-schemes": ModelSitemap("rewards.AwardScheme"),
    }
