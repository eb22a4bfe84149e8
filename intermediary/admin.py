"""Admin for clerks: items, matters, links, departments; history of every change; import."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gazette_site.importing import GazetteImportExportAdmin
from gazette_site.readings import ReadingsAdminMixin
from intermediary.models import (
    Catalogue,
    Department,
    IntermediaryService,
    NoticeRule,
    ServiceLink,
    ServiceMatter,
)
from intermediary.resources import (
    IntermediaryServiceResource,
    ServiceLinkResource,
    ServiceMatterResource,
)


@admin.register(Catalogue)
class CatalogueAdmin(SimpleHistoryAdmin):
    list_display = ("title", "document", "repeals")
    list_select_related = ("document",)
    autocomplete_fields = ("document",)


class ServiceLinkInline(ReadingsAdminMixin, admin.StackedInline):
    model = ServiceLink
    extra = 0
    autocomplete_fields = ["matter"]
    fields = [
        "matter",
        "position",
        "sub_items",
        "legal_basis",
        "fee_basis",
        "time_limit",
        "printed_readings",
    ]
    readonly_fields = ["printed_readings"]
    ordering = ["position", "pk"]


class AbolishedFilter(admin.SimpleListFilter):
    title = "是否已取消"
    parameter_name = "abolished"

    def lookups(self, request, model_admin):
        return [("yes", "已取消"), ("no", "现行")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(abolished_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(abolished_on__isnull=True)
        return queryset


@admin.register(IntermediaryService)
class IntermediaryServiceAdmin(GazetteImportExportAdmin):
    resource_classes = [IntermediaryServiceResource]
    list_display = ["no", "name", "department", "abolished_on", "abolished_by"]
    list_display_links = ["no", "name"]
    list_filter = ["department", AbolishedFilter]
    search_fields = ["name", "links__matter__name", "links__sub_items", "links__legal_basis"]
    list_select_related = ["department"]
    ordering = ["no"]
    inlines = [ServiceLinkInline]
    fieldsets = [
        (None, {"fields": ["no", "name", "department"]}),
        (
            "取消",
            {
                "fields": ["abolished_on", "abolished_by"],
                "description": "项目被取消时填写取消日期和取消依据的文件文号；"
                "取消后该项目不再出现在默认的公开清单中，但其页面仍可访问并标明已取消。",
            },
        ),
        ("转录", {"fields": ["source_lines", "source_note"], "classes": ["collapse"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(ServiceMatter)
class ServiceMatterAdmin(ReadingsAdminMixin, GazetteImportExportAdmin):
    resource_classes = [ServiceMatterResource]
    exclude = ["readings"]
    readonly_fields = ["printed_readings"]
    list_display = ["name", "matter_type"]
    list_filter = ["matter_type"]
    search_fields = ["name"]
    ordering = ["pk"]


@admin.register(ServiceLink)
class ServiceLinkAdmin(ReadingsAdminMixin, GazetteImportExportAdmin):
    resource_classes = [ServiceLinkResource]
    exclude = ["readings"]
    readonly_fields = ["printed_readings"]
    list_display = ["service", "matter", "fee_basis", "time_limit"]
    list_filter = ["service__department", "matter__matter_type", "fee_basis"]
    search_fields = ["service__name", "matter__name", "sub_items", "legal_basis"]
    list_select_related = ["service", "matter"]
    autocomplete_fields = ["service", "matter"]
    ordering = ["service__no", "position", "pk"]


@admin.register(Department)
class DepartmentAdmin(ReadingsAdminMixin, SimpleHistoryAdmin):
    list_display = ["order", "name"]
    exclude = ["readings"]
    readonly_fields = ["printed_readings"]
    search_fields = ["name"]
    ordering = ["order"]


@admin.register(NoticeRule)
class NoticeRuleAdmin(SimpleHistoryAdmin):
    list_display = ["position", "topic", "source_line"]
    ordering = ["position"]
