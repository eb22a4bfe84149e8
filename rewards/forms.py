"""The public query forms: eligibility (第三条、第七条、第十条) and the IP-pledge calculator."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django import forms
from django.core.exceptions import ValidationError

from gazette_site.forms import ParsedField, QueryForm
from gazette_site.http import BadInput, parse_amount, parse_int
from rewards import rules
from rewards.models import Condition, Sector
from rewards.rules import OTHER_SECTOR, Applicant, Level

SECTOR_CHOICES = [
    (Sector.BANK.value, "银行业金融机构"),
    (Sector.INSURANCE.value, "保险业金融机构"),
    (Sector.SECURITIES.value, "证券业金融机构"),
    (Sector.LOCAL_FINANCE.value, "地方金融组织"),
    (Sector.REGULATOR.value, "监管机构（人民银行威海市中心支行、威海银保监分局）"),
    (OTHER_SECTOR, "其他机构"),
]
LEVEL_CHOICES = [
    (Level.LEGAL_ENTITY, "在本市设立的地方法人金融机构"),
    (Level.CITY_BRANCH, "在本市设立的市级及以上分支机构"),
    (Level.LOWER_BRANCH, "市级以下分支机构（如县级支行、营业网点）"),
]
APPLICANT_CHOICES = [
    (Applicant.LOCAL, "在本市设立的机构"),
    (Applicant.OUT_OF_TOWN, "外地机构"),
    (Applicant.INDIVIDUAL, "个人"),
]
YES_NO = [("yes", "是"), ("no", "否")]
FINANCIAL = (Sector.BANK, Sector.INSURANCE, Sector.SECURITIES)
# One small or micro enterprise's pledge loan: a loss above 10亿元 is a typing slip.
MAX_IP_LOSS_YUAN = Decimal(1_000_000_000)


class EligibilityForm(QueryForm):
    applicant = forms.ChoiceField(
        label="申报主体", choices=APPLICANT_CHOICES, widget=forms.RadioSelect
    )
    sector = forms.ChoiceField(label="机构类别", choices=SECTOR_CHOICES, widget=forms.RadioSelect)
    level = forms.ChoiceField(
        label="机构层级（银行、保险、证券机构填写）",
        choices=LEVEL_CHOICES,
        widget=forms.RadioSelect,
        required=False,
    )
    province_approved = forms.ChoiceField(
        label="是否由山东省地方金融监督管理局批准设立（地方金融组织填写）",
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    operating_years = forms.IntegerField(
        label="在本市正常经营的完整会计年度数",
        min_value=0,
        max_value=200,
        required=False,
        help_text="监管机构不用填写。",
    )
    disqualified = forms.MultipleChoiceField(
        label="当年是否有下列情形（有则勾选）",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, disqualifications: list[Condition], **kwargs):
        super().__init__(*args, **kwargs)
        self.disqualifications = {str(c.pk): c for c in disqualifications}
        self.fields["disqualified"].choices = [
            (str(c.pk), f"{c.item}{c.text}") for c in disqualifications
        ]

    def clean(self):
        data = super().clean()
        sector = data.get("sector")
        if sector in FINANCIAL and not data.get("level"):
            self.add_error(
                "level", "请选择机构层级（第三条区分地方法人机构、市级及以上分支机构）。"
            )
        if sector == Sector.LOCAL_FINANCE and not data.get("province_approved"):
            self.add_error("province_approved", "请说明是否由山东省地方金融监督管理局批准设立。")
        if sector and sector != Sector.REGULATOR and data.get("operating_years") is None:
            self.add_error(
                "operating_years", "请填写在本市正常经营的完整会计年度数（0 或正整数）。"
            )
        return data

    def chosen_disqualifications(self) -> list[Condition]:
        return [self.disqualifications[pk] for pk in self.cleaned_data.get("disqualified", [])]

    def facts(self) -> rules.ApplicantFacts:
        """The applicant as the rules read it."""
        data = self.cleaned_data
        return rules.ApplicantFacts(
            sector=data["sector"],
            level=data.get("level") or None,
            province_approved={"yes": True, "no": False}.get(data.get("province_approved")),
            applicant=data["applicant"],
            operating_years=data.get("operating_years") or 0,
            disqualifications=[
                rules.Disqualification(c.item, c.text) for c in self.chosen_disqualifications()
            ],
        )


def _optional_amount(value: str | None, *, field: str) -> Decimal | None:
    if value is None or not value.strip():
        return None
    return parse_amount(value, field=field, maximum=MAX_IP_LOSS_YUAN)


class IpCompensationForm(QueryForm):
    """A bad IP-pledge loan: the principal lost, the business year, the city's cap if set."""

    loss = ParsedField(
        partial(parse_amount, field="本金损失", maximum=MAX_IP_LOSS_YUAN), label="本金损失"
    )
    business_year = ParsedField(
        partial(parse_int, field="业务年度", minimum=1, maximum=1000), label="业务年度"
    )
    city_cap = ParsedField(partial(_optional_amount, field="市级补偿上限"), label="市级补偿上限")

    def __init__(self, *args, figures: rules.IpFigures, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures

    def clean(self):
        """Compute the split; what the article refuses (a cap in the first year…) is an error."""
        data = super().clean()
        if not self.errors:
            try:
                data["answer"] = rules.ip_compensation(
                    loss=data["loss"],
                    business_year=data["business_year"],
                    city_cap=data["city_cap"],
                    figures=self.figures,
                )
            except BadInput as error:
                raise ValidationError(str(error)) from error
        return data
