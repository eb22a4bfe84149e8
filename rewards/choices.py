"""The enumerations and constants of the rewards app, shared by its models and its rules."""

from __future__ import annotations

from django.db.models import TextChoices


class MeasureKind(TextChoices):
    AWARD = "award", "金融业发展奖励办法"
    IP_COMPENSATION = "ip_compensation", "知识产权质押融资风险补偿办法"


class Sector(TextChoices):
    """The recipients of 第六条, in printed order."""

    BANK = "bank", "银行业金融机构"
    INSURANCE = "insurance", "保险业金融机构"
    SECURITIES = "securities", "证券业金融机构"
    LOCAL_FINANCE = "local_finance", "地方金融组织"
    REGULATOR = "regulator", "监管机构"


SECTOR_ORDER = {value: i for i, value in enumerate(Sector.values)}
INSTITUTION_SECTORS = (Sector.BANK, Sector.INSURANCE, Sector.SECURITIES, Sector.LOCAL_FINANCE)


class ClawbackReason(TextChoices):
    """The misuses 第八条 names, and the rest of 未按要求使用."""

    SALARIES = "salaries", "抵扣高管人员和工作人员薪资"
    PARENT = "parent", "被上级机构划走"
    OTHER = "other", "其他未按要求使用的情形"


class ConditionRole(TextChoices):
    DISQUALIFICATION = "disqualification", "取消当年奖励资格的情形"
    ENTERPRISE = "enterprise", "中小微企业应具备的条件"
    BANK = "bank", "合作银行应具备的条件"
    COMPENSATION = "compensation", "补偿条件与程序"
