from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from gazette_site.formatting import cn_month
from gazette_site.importing import GazetteImportExportAdmin
from pricing.models import Enterprise, Evaluation, Policy, PolicyRule, Surcharge
from pricing.resources import EvaluationResource, SurchargeResource


class SurchargeInline(admin.TabularInline):
    model = Surcharge
    extra = 0
    fields = ("resource", "consecutive_years", "and_more", "rate", "basis", "unit", "source_text")


class PolicyRuleInline(admin.StackedInline):
    model = PolicyRule
    extra = 0
    fields = ("topic", "order", "anchor", "article", "plain", "quote", "computed", "source_note")


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ("document", "issuer")
    list_select_related = ("document",)
    search_fields = ("document__doc_number", "document__title")
    inlines = [SurchargeInline, PolicyRuleInline]


@admin.register(Surcharge)
class SurchargeAdmin(GazetteImportExportAdmin):
    resource_classes = [SurchargeResource]
    list_display = ("policy", "resource", "consecutive_years", "and_more", "rate", "unit")
    list_filter = ("policy", "resource")
    search_fields = ("policy__doc_number", "source_text")
    list_select_related = ("policy",)


@admin.register(PolicyRule)
class PolicyRuleAdmin(SimpleHistoryAdmin):
    list_display = ("policy", "topic", "article", "computed", "order")
    list_filter = ("policy", "topic", "computed")
    search_fields = ("plain", "quote")
    list_select_related = ("policy",)


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0
    fields = ("year", "grade", "published_on")
    ordering = ("-year",)


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "credit_code", "district")
    list_filter = ("district",)
    search_fields = ("name", "credit_code")
    list_select_related = ("district",)
    inlines = [EvaluationInline]


@admin.register(Evaluation)
class EvaluationAdmin(GazetteImportExportAdmin):
    resource_classes = [EvaluationResource]
    list_display = ("enterprise", "year", "grade", "published_on", "charging_from")
    list_filter = ("year", "grade", "enterprise__district")
    search_fields = ("enterprise__name", "enterprise__credit_code")
    list_select_related = ("enterprise",)
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "published_on"

    @admin.display(description="自何月抄见表量起适用")
    def charging_from(self, evaluation: Evaluation) -> str:
        return cn_month(evaluation.charging_from)
