"""The public eligibility form (第三条、第七条、第十条); it saves nothing."""

from __future__ import annotations

from django import forms

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


class EligibilityForm(forms.Form):
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
