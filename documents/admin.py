"""Admin screens for clerks: every change is kept with who and when (django-simple-history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from documents import selectors
from documents.models import (
    Appointment,
    Attachment,
    District,
    Document,
    DocumentIssuer,
    DocumentRelation,
    Issue,
    Organisation,
    OrganisationAlias,
    Provision,
    Responsibility,
    Section,
)
from documents.resources import DistrictResource, OrganisationResource
from gazette_site.http import today
from gazette_site.importing import GazetteImportExportAdmin
from gazette_site.readings import ReadingsAdminMixin


class AnchorLockedMixin:
    """Anchors are fixed once created, and the unit cannot be deleted: citations link to them."""

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("anchor")
        return fields


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Issue)
class IssueAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "year", "number", "cumulative_number", "published_on")
    list_filter = ("year",)
    search_fields = ("year", "cumulative_number")
    inlines = [SectionInline]


class DocumentIssuerInline(admin.TabularInline):
    model = DocumentIssuer
    extra = 0
    autocomplete_fields = ["organisation"]


class ProvisionInline(admin.TabularInline):
    model = Provision
    fk_name = "document"
    extra = 0
    fields = ("position", "kind", "label", "anchor", "heading", "text")
    readonly_fields = ("anchor",)
    can_delete = False
    show_change_link = True
    classes = ["collapse"]


class AttachmentInline(admin.StackedInline):
    model = Attachment
    extra = 0
    readonly_fields = ("anchor",)
    can_delete = False
    classes = ["collapse"]


class RelationInline(admin.TabularInline):
    model = DocumentRelation
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]
    verbose_name = "本文件与其他文件的关系"
    verbose_name_plural = "本文件与其他文件的关系"


@admin.register(Document)
class DocumentAdmin(ReadingsAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "doc_number",
        "title",
        "kind",
        "signed_date",
        "effective_from",
        "effective_to",
        "status_today",
        "is_stub",
    )
    list_filter = ("issue", "section__name", "kind", "is_stub", "issuer_code")
    search_fields = ("doc_number", "title", "body", "registration_no")
    readonly_fields = ("issuer_code", "doc_year", "serial", "status_today", "printed_readings")
    inlines = [DocumentIssuerInline, RelationInline, ProvisionInline, AttachmentInline]
    autocomplete_fields = ["issue", "section"]
    date_hierarchy = "signed_date"
    fieldsets = (
        (None, {"fields": ("doc_number", "title", "kind", "slug", "is_stub")}),
        ("刊载", {"fields": ("issue", "section", "position", "page")}),
        (
            "日期与时效",
            {
                "fields": (
                    "signed_date",
                    "effective_from",
                    "effective_to",
                    "status_today",
                    "registration_no",
                )
            },
        ),
        ("正文", {"fields": ("addressees", "preamble", "body"), "classes": ["collapse"]}),
        ("文号解析", {"fields": ("issuer_code", "doc_year", "serial")}),
        ("转录说明", {"fields": ("source_note", "printed_readings")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not obj.is_stub:
            # The slug is the document's public address; changing it breaks links.
            fields.append("slug")
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(selectors.repealers_prefetch())

    def has_delete_permission(self, request, obj=None):
        # A published document's address is cited elsewhere; only stubs may go.
        return obj is not None and obj.is_stub and super().has_delete_permission(request, obj)

    @admin.display(description="今日时效")
    def status_today(self, obj):
        if obj.pk is None:
            return "-"
        info = selectors.status_of(obj, as_of=today())
        return f"{info.label}（按{today():%Y-%m-%d}计算）"


@admin.register(Section)
class SectionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "issue", "position")
    list_filter = ("issue",)
    search_fields = ("name",)


@admin.register(Provision)
class ProvisionAdmin(AnchorLockedMixin, SimpleHistoryAdmin):
    list_display = ("anchor", "document", "kind", "heading")
    list_filter = ("kind", "document")
    search_fields = ("anchor", "label", "heading", "text", "document__doc_number")
    list_select_related = ("document",)
    autocomplete_fields = ["document", "parent"]


@admin.register(Attachment)
class AttachmentAdmin(AnchorLockedMixin, SimpleHistoryAdmin):
    list_display = ("label", "title", "document")
    search_fields = ("title", "document__doc_number")
    list_select_related = ("document",)


class AliasInline(admin.TabularInline):
    model = OrganisationAlias
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(GazetteImportExportAdmin):
    resource_classes = [OrganisationResource]
    list_display = ("name", "full_name", "slug")
    search_fields = ("name", "full_name", "aliases__name")
    inlines = [AliasInline]

    def get_readonly_fields(self, request, obj=None):
        return ("slug",) if obj is not None else ()


@admin.register(OrganisationAlias)
class OrganisationAliasAdmin(SimpleHistoryAdmin):
    list_display = ("name", "organisation")
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ["organisation"]


@admin.register(DocumentRelation)
class DocumentRelationAdmin(SimpleHistoryAdmin):
    list_display = ("source", "kind", "target", "provision_anchor")
    list_filter = ("kind",)
    search_fields = ("source__doc_number", "target__doc_number", "cited_title")
    autocomplete_fields = ["source", "target"]
    list_select_related = ("source", "target")


@admin.register(Responsibility)
class ResponsibilityAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "is_lead", "document", "provision", "printed_name")
    list_filter = ("is_lead", "document")
    search_fields = ("organisation__name", "printed_name", "duty", "document__doc_number")
    autocomplete_fields = ["document", "provision", "organisation"]
    list_select_related = ("organisation", "document", "provision")


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ("person", "action", "position_title", "document")
    list_filter = ("action",)
    search_fields = ("person", "position_title")
    autocomplete_fields = ["document"]


@admin.register(District)
class DistrictAdmin(GazetteImportExportAdmin):
    resource_classes = [DistrictResource]
    list_display = ("name", "short_name", "kind", "position")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
