"""Admin for clerks: schemes are edited as a whole and refused unless their sums add up."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html_join
from simple_history.admin import SimpleHistoryAdmin

from gazette_site.formatting import wan_yuan
from gazette_site.importing import GazetteImportExportAdmin
from rewards import rules, services, validation
from rewards.models import (
    AwardPrize,
    AwardScheme,
    AwardWinner,
    Clawback,
    Condition,
    Institution,
    IpCompensationParameters,
    Measure,
    SectorBudget,
)
from rewards.resources import AwardPrizeResource, AwardWinnerResource
from rewards.selectors import scheme_figures


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ("title", "document", "kind")
    list_filter = ("kind",)
    list_select_related = ("document",)
    search_fields = ("title", "document__doc_number")


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "sector")
    list_filter = ("sector",)
    search_fields = ("name",)


# --------------------------------------------------------------------------- schemes


class _SchemeFormSet(BaseInlineFormSet):
    """An inline of the scheme page that knows its sibling inline, to check sums across both."""

    def __init__(self, *args, siblings: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.siblings = siblings if siblings is not None else []
        self.siblings.append(self)

    def live_rows(self) -> list[dict]:
        """Return the cleaned rows that will be saved (deleted and blank extra rows left out)."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            rows.append(data)
        return rows


class SectorBudgetFormSet(_SchemeFormSet):
    pass


class AwardPrizeFormSet(_SchemeFormSet):
    def clean(self):
        super().clean()
        sectors = next((s for s in self.siblings if isinstance(s, SectorBudgetFormSet)), None)
        scheme = self.instance
        if sectors is None or not sectors.is_valid() or any(self.errors):
            return
        if None in (scheme.total_cap, scheme.institution_cap, scheme.regulator_cap):
            return
        figures = rules.SchemeFigures(
            total_cap=scheme.total_cap,
            institution_cap=scheme.institution_cap,
            regulator_cap=scheme.regulator_cap,
            budgets={row["sector"]: row["budget"] for row in sectors.live_rows()},
            prizes=[
                rules.PrizeFigures(row["sector"], row["name"], row["count"], row["amount"])
                for row in self.live_rows()
            ],
        )
        problems = rules.scheme_problems(figures)
        if problems:
            raise ValidationError(["方案数额不一致，未保存：", *problems])


class SectorBudgetInline(admin.TabularInline):
    model = SectorBudget
    formset = SectorBudgetFormSet
    extra = 0
    fields = ("sector", "budget", "printed_text", "source_note")


class AwardPrizeInline(admin.StackedInline):
    model = AwardPrize
    formset = AwardPrizeFormSet
    extra = 0
    autocomplete_fields = ("recipient",)
    fields = (
        ("sector", "name", "position", "is_additional"),
        ("count", "amount"),
        "recipient",
        "requirements",
        ("growth_indicator", "min_growth_pct"),
        "source_note",
    )


@admin.register(AwardScheme)
class AwardSchemeAdmin(SimpleHistoryAdmin):
    list_display = ("year", "measure", "total_cap_wan", "sums_ok")
    list_select_related = ("measure__document",)
    search_fields = ("year",)
    readonly_fields = ("sum_check",)
    fields = (
        "measure",
        "year",
        ("total_cap", "institution_cap", "regulator_cap"),
        "min_operating_years",
        "source_note",
        "sum_check",
    )
    inlines = [SectorBudgetInline, AwardPrizeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sectors", "prizes")

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Both inlines share one list so the prize inline can read the sector budgets.
        if not hasattr(request, "_rewards_scheme_formsets"):
            request._rewards_scheme_formsets = []
        kwargs["siblings"] = request._rewards_scheme_formsets
        return kwargs

    @admin.display(description="奖金总额上限")
    def total_cap_wan(self, obj):
        return wan_yuan(obj.total_cap)

    @admin.display(description="数额一致", boolean=True)
    def sums_ok(self, obj):
        return not services.award_scheme_problems(scheme=obj)

    @admin.display(description="数额核对")
    def sum_check(self, obj):
        if obj is None or obj.pk is None:
            return "保存后显示。"
        lines = rules.scheme_sums(scheme_figures(obj))
        return format_html_join(
            "",
            "<div>{}：规定 {}，各项合计 {} — {}</div>",
            (
                (
                    line.label,
                    wan_yuan(line.stated),
                    wan_yuan(line.computed),
                    "一致" if line.ok else "不一致",
                )
                for line in lines
            ),
        )


class AwardPrizeAdminForm(forms.ModelForm):
    """Editing one prize alone must keep its year's scheme adding up."""

    class Meta:
        model = AwardPrize
        fields = [
            "scheme",
            "sector",
            "name",
            "position",
            "is_additional",
            "count",
            "amount",
            "recipient",
            "requirements",
            "growth_indicator",
            "min_growth_pct",
            "source_note",
        ]

    def clean(self):
        data = super().clean()
        scheme = data.get("scheme")
        if scheme is None or self.errors:
            return data
        others = [p for p in scheme.prizes.all() if p.pk != self.instance.pk]
        figures = rules.SchemeFigures(
            total_cap=scheme.total_cap,
            institution_cap=scheme.institution_cap,
            regulator_cap=scheme.regulator_cap,
            budgets={s.sector: s.budget for s in scheme.sectors.all()},
            prizes=[rules.PrizeFigures(p.sector, p.name, p.count, p.amount) for p in others]
            + [
                rules.PrizeFigures(
                    data["sector"], data["name"], data["count"], data.get("amount") or Decimal(0)
                )
            ],
        )
        problems = rules.scheme_problems(figures)
        if problems:
            raise ValidationError(
                [
                    "这样修改后年度方案的数额不一致，未保存；"
                    "如需同时调整行业奖金，请在“金融发展贡献奖年度方案”页面一并修改：",
                    *problems,
                ]
            )
        return data


@admin.register(AwardPrize)
class AwardPrizeAdmin(GazetteImportExportAdmin):
    form = AwardPrizeAdminForm
    resource_classes = [AwardPrizeResource]
    list_display = ("scheme", "sector", "name", "count", "amount_wan", "recipient")
    list_filter = ("scheme__year", "sector")
    list_select_related = ("scheme", "recipient")
    search_fields = ("name", "recipient__name")
    autocomplete_fields = ("recipient",)

    @admin.display(description="每名奖金")
    def amount_wan(self, obj):
        return wan_yuan(obj.amount)


# --------------------------------------------------------------------------- roster


class AwardWinnerAdminForm(forms.ModelForm):
    """A roster line, checked against its prize's quota and its sector's budget as the service does."""

    def _post_clean(self):
        super()._post_clean()
        for problem in validation.award_winner_problems(winner=self.instance):
            self.add_error(None, problem)


class ClawbackAdminForm(forms.ModelForm):
    """A clawback, checked against what the institution won that year as the service does."""

    def _post_clean(self):
        super()._post_clean()
        for problem in validation.clawback_problems(clawback=self.instance):
            self.add_error(None, problem)


@admin.register(AwardWinner)
class AwardWinnerAdmin(GazetteImportExportAdmin):
    form = AwardWinnerAdminForm
    resource_classes = [AwardWinnerResource]
    list_display = ("year", "sector", "prize_name", "institution", "amount_wan")
    list_filter = ("prize__scheme__year", "prize__sector")
    list_select_related = ("prize__scheme", "institution")
    search_fields = ("institution__name", "prize__name")
    autocomplete_fields = ("institution",)
    readonly_fields = ("amount",)
    fields = ("prize", "institution", "growth_pct", "note", "amount")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "prize":
            kwargs["queryset"] = AwardPrize.objects.select_related("scheme").order_by(
                "-scheme__year", "sector", "position"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="年度", ordering="prize__scheme__year")
    def year(self, obj):
        return f"{obj.prize.scheme.year}年"

    @admin.display(description="奖励对象", ordering="prize__sector")
    def sector(self, obj):
        return obj.prize.get_sector_display()

    @admin.display(description="奖项", ordering="prize__name")
    def prize_name(self, obj):
        return obj.prize.name

    @admin.display(description="奖金")
    def amount_wan(self, obj):
        return wan_yuan(obj.amount)


@admin.register(Clawback)
class ClawbackAdmin(SimpleHistoryAdmin):
    form = ClawbackAdminForm
    list_display = ("year", "institution", "amount", "reason", "decided_on")
    list_filter = ("year", "reason")
    list_select_related = ("institution",)
    search_fields = ("institution__name", "detail")
    autocomplete_fields = ("institution",)


# --------------------------------------------------------------------------- IP-pledge compensation


@admin.register(IpCompensationParameters)
class IpCompensationParametersAdmin(SimpleHistoryAdmin):
    list_display = (
        "measure",
        "provincial_pct",
        "city_pct",
        "first_year_city_cap",
        "later_city_cap_ceiling",
    )
    list_select_related = ("measure__document",)


@admin.register(Condition)
class ConditionAdmin(SimpleHistoryAdmin):
    list_display = ("measure", "role", "article", "item", "short_text")
    list_filter = ("measure", "role")
    list_select_related = ("measure__document",)
    search_fields = ("text",)

    @admin.display(description="原文")
    def short_text(self, obj):
        return obj.text[:40]
