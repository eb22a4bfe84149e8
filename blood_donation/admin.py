"""Clerks keep the measure's figures current here; every change is kept in history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from blood_donation.models import Benefit, DonationOption, Fine, HonourLevel, Measure, Relative
from blood_donation.resources import DonationOptionResource, FineResource, HonourLevelResource
from gazette_site.importing import GazetteImportExportAdmin


class DonationOptionInline(admin.TabularInline):
    model = DonationOption
    extra = 0


class RelativeInline(admin.TabularInline):
    model = Relative
    extra = 0


class HonourLevelInline(admin.StackedInline):
    model = HonourLevel
    extra = 0


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0


class FineInline(admin.StackedInline):
    model = Fine
    extra = 0


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ("title", "document")
    list_select_related = ("document",)
    search_fields = ("title", "document__doc_number")
    inlines = [DonationOptionInline, RelativeInline, HonourLevelInline, BenefitInline, FineInline]
    fieldsets = [
        (None, {"fields": ["document", "title"]}),
        ("时效", {"fields": ["validity_article"]}),
        ("献血年龄", {"fields": ["min_age", "max_age", "repeat_donor_max_age", "age_article"]}),
        (
            "免费用血",
            {
                "fields": [
                    "unlimited_threshold_ml",
                    "window_years",
                    "window_multiple",
                    "lifetime_multiple",
                    "relatives_multiple",
                    "entitlement_article",
                    "reimbursement_text",
                    "reimbursement_article",
                ]
            },
        ),
        ("表彰奖励后的优待", {"fields": ["benefit_recipients", "benefit_note", "benefit_article"]}),
        ("转录说明", {"fields": ["source_note"]}),
    ]


@admin.register(DonationOption)
class DonationOptionAdmin(GazetteImportExportAdmin):
    resource_classes = [DonationOptionResource]
    list_display = ("measure", "kind", "amount", "article")
    list_filter = ("measure", "kind")
    search_fields = ("measure__title",)


@admin.register(Relative)
class RelativeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "measure", "position")
    list_filter = ("measure",)
    search_fields = ("name",)


@admin.register(HonourLevel)
class HonourLevelAdmin(GazetteImportExportAdmin):
    resource_classes = [HonourLevelResource]
    list_display = ("code", "min_ml", "below_ml", "measure", "article")
    list_filter = ("measure", "code")
    search_fields = ("printed_text", "granted_by")


@admin.register(Benefit)
class BenefitAdmin(SimpleHistoryAdmin):
    list_display = ("text", "measure", "position")
    list_filter = ("measure",)
    search_fields = ("text",)


@admin.register(Fine)
class FineAdmin(GazetteImportExportAdmin):
    resource_classes = [FineResource]
    list_display = ("offence", "offender", "min_yuan", "max_yuan", "measure", "article")
    list_filter = ("measure", "offender")
    search_fields = ("offence",)
