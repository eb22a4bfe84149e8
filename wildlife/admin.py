"""Admin for the plan's data (with history) and the districts' registry (with import)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import F, Sum
from simple_history.admin import SimpleHistoryAdmin

from gazette_site.formatting import yuan
from gazette_site.importing import GazetteImportExportAdmin
from wildlife.models import (
    BreedingEntity,
    CompensationPlan,
    Disposal,
    DisposalMethod,
    ScopeCategory,
    Species,
    StockRegistration,
)
from wildlife.resources import SpeciesResource, StockRegistrationResource


class ScopeInline(admin.TabularInline):
    model = ScopeCategory
    extra = 0


class MethodInline(admin.StackedInline):
    model = DisposalMethod
    extra = 0


class SpeciesInline(admin.TabularInline):
    model = Species
    extra = 0
    fields = ("number", "name", "unit", "price", "juvenile_price", "juvenile_definition")


@admin.register(CompensationPlan)
class CompensationPlanAdmin(SimpleHistoryAdmin):
    list_display = (
        "document",
        "batch",
        "split_label",
        "registration_cutoff",
        "completion_deadline",
    )
    search_fields = ("document__doc_number", "document__title")
    list_select_related = ("document",)
    inlines = [SpeciesInline, ScopeInline, MethodInline]

    @admin.display(description="市:县")
    def split_label(self, obj):
        return obj.split_label


@admin.register(Species)
class SpeciesAdmin(GazetteImportExportAdmin):
    resource_classes = [SpeciesResource]
    list_display = ("number", "name", "unit", "price", "juvenile_price", "origin", "national_key")
    list_display_links = ("name",)
    list_filter = ("unit", "origin", "national_key")
    search_fields = ("name",)
    ordering = ("plan", "number")


@admin.register(ScopeCategory)
class ScopeCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("label", "short_name", "city_compensated")
    list_filter = ("city_compensated",)
    search_fields = ("short_name", "text")


@admin.register(DisposalMethod)
class DisposalMethodAdmin(SimpleHistoryAdmin):
    list_display = (
        "label",
        "name",
        "native_species_only",
        "needs_assessment",
        "approval",
        "needs_receiving_unit",
    )
    list_filter = ("approval",)
    search_fields = ("name", "text")


class RegistrationInline(admin.TabularInline):
    model = StockRegistration
    extra = 0
    fields = (
        "species",
        "quantity",
        "is_juvenile",
        "verified_on",
        "signed_by_both",
        "converted_to_non_food",
        "conversion_reference",
    )
    autocomplete_fields = ("species",)


@admin.register(BreedingEntity)
class BreedingEntityAdmin(SimpleHistoryAdmin):
    list_display = ("name", "district", "licence_no", "scope", "is_poor_household")
    list_filter = ("district", "scope", "is_poor_household")
    search_fields = ("name", "licence_no")
    list_select_related = ("district", "scope")
    inlines = [RegistrationInline]


class DisposalStatusFilter(admin.SimpleListFilter):
    """Which registrations still have animals to dispose of."""

    title = "处置进度"
    parameter_name = "disposal"

    def lookups(self, request, model_admin):
        return [("none", "未处置"), ("part", "部分处置"), ("done", "已处置完毕")]

    def queryset(self, request, queryset):
        queryset = queryset.annotate(disposed_total=Sum("disposals__quantity"))
        if self.value() == "none":
            return queryset.filter(disposed_total__isnull=True)
        if self.value() == "part":
            return queryset.filter(disposed_total__lt=F("quantity"))
        if self.value() == "done":
            return queryset.filter(disposed_total__gte=F("quantity"))
        return queryset


class DisposalInline(admin.TabularInline):
    model = Disposal
    extra = 0
    fields = (
        "method",
        "quantity",
        "disposed_on",
        "responsible_person",
        "receiving_unit",
        "approval_reference",
        "assessment_confirmed",
    )


@admin.register(StockRegistration)
class StockRegistrationAdmin(GazetteImportExportAdmin):
    resource_classes = [StockRegistrationResource]
    list_display = (
        "entity",
        "district",
        "species",
        "quantity",
        "is_juvenile",
        "verified_on",
        "signed_by_both",
        "converted_to_non_food",
        "amount",
    )
    list_filter = (
        "entity__district",
        "species",
        "is_juvenile",
        "signed_by_both",
        "converted_to_non_food",
        DisposalStatusFilter,
    )
    search_fields = ("entity__name", "entity__licence_no", "species__name")
    list_select_related = ("entity__district", "entity__scope", "species")
    autocomplete_fields = ("entity", "species")
    readonly_fields = ("amount",)
    inlines = [DisposalInline]

    @admin.display(description="区市", ordering="entity__district__position")
    def district(self, obj):
        return obj.entity.district

    @admin.display(description="补偿金额（计算）")
    def amount(self, obj):
        if obj.pk is None:
            return "保存后计算"
        return yuan(obj.compensation())


@admin.register(Disposal)
class DisposalAdmin(SimpleHistoryAdmin):
    list_display = (
        "registration",
        "method",
        "quantity",
        "disposed_on",
        "responsible_person",
        "receiving_unit",
        "approval_reference",
    )
    list_filter = ("method", "registration__entity__district", "disposed_on")
    search_fields = (
        "registration__entity__name",
        "responsible_person",
        "receiving_unit",
        "approval_reference",
    )
    list_select_related = ("registration__entity", "registration__species", "method")
    autocomplete_fields = ("registration",)
    date_hierarchy = "disposed_on"
