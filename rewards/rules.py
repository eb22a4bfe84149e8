"""Pure rules of the financial-industry rewards and the IP-pledge risk compensation.

Every figure comes from the database (schemes, prizes, parameters editable in admin) and
is passed in; these functions hold the logic only, so they can be tested without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from gazette_site.errors import BadInput
from gazette_site.formatting import to_fen, wan_yuan, yuan
from rewards.choices import INSTITUTION_SECTORS, Sector

HUNDRED = Decimal(100)

# --------------------------------------------------------------------------- scheme sums


@dataclass(frozen=True)
class PrizeFigures:
    """One prize as the sums need it."""

    sector: str
    name: str
    count: int
    amount: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.count * self.amount


@dataclass(frozen=True)
class SchemeFigures:
    """A year's scheme: the three caps, each sector's budget and every prize."""

    total_cap: Decimal
    institution_cap: Decimal
    regulator_cap: Decimal
    budgets: Mapping[str, Decimal]
    prizes: Sequence[PrizeFigures]


@dataclass(frozen=True)
class SumLine:
    """A stated figure beside the sum of its parts."""

    key: str
    label: str
    stated: Decimal
    computed: Decimal
    parts: str

    @property
    def ok(self) -> bool:
        return self.stated == self.computed


def scheme_sums(figures: SchemeFigures) -> list[SumLine]:
    """Add up a year's prizes, sector budgets and caps (威政发〔2020〕6号 第六条)."""
    lines: list[SumLine] = []
    by_sector: dict[str, Decimal] = {}
    for prize in figures.prizes:
        by_sector[prize.sector] = by_sector.get(prize.sector, Decimal(0)) + prize.subtotal
    for sector in Sector:
        if sector not in figures.budgets and sector not in by_sector:
            continue
        lines.append(
            SumLine(
                key=sector.value,
                label=f"{sector.label}奖金",
                stated=figures.budgets.get(sector, Decimal(0)),
                computed=by_sector.get(sector, Decimal(0)),
                parts="各奖项名额×每名奖金之和",
            )
        )
    institutions = sum(
        (figures.budgets.get(s, Decimal(0)) for s in INSTITUTION_SECTORS), Decimal(0)
    )
    lines.append(
        SumLine(
            key="institutions",
            label="金融机构和地方金融组织奖金上限",
            stated=figures.institution_cap,
            computed=institutions,
            parts="银行业、保险业、证券业金融机构和地方金融组织奖金之和",
        )
    )
    lines.append(
        SumLine(
            key="regulators",
            label="监管机构奖金上限",
            stated=figures.regulator_cap,
            computed=figures.budgets.get(Sector.REGULATOR, Decimal(0)),
            parts="监管机构奖金",
        )
    )
    lines.append(
        SumLine(
            key="total",
            label="奖金总额上限",
            stated=figures.total_cap,
            computed=figures.institution_cap + figures.regulator_cap,
            parts="两项上限之和",
        )
    )
    return lines


def scheme_problems(figures: SchemeFigures) -> list[str]:
    """List every sum of a scheme that does not add up (威政发〔2020〕6号 第六条)."""
    problems = []
    names_seen: set[tuple[str, str]] = set()
    for prize in figures.prizes:
        key = (prize.sector, prize.name)
        if key in names_seen:
            problems.append(f"{Sector(prize.sector).label}的奖项“{prize.name}”重复出现。")
        names_seen.add(key)
        if prize.count < 1 or prize.amount <= 0:
            problems.append(
                f"{Sector(prize.sector).label}的奖项“{prize.name}”名额至少为 1 名，奖金应大于 0。"
            )
    for line in scheme_sums(figures):
        if not line.ok:
            problems.append(
                f"{line.label}为{wan_yuan(line.stated)}，而{line.parts}为"
                f"{wan_yuan(line.computed)}，两者应相等（第六条）。"
            )
    return problems


# --------------------------------------------------------------------------- roster


def year_within(year: int, *, effective_from: dt.date, effective_to: dt.date) -> bool:
    """Tell whether any day of a calendar year falls within a validity (威政发〔2020〕6号 第十三条)."""
    return effective_from <= dt.date(year, 12, 31) and effective_to >= dt.date(year, 1, 1)


@dataclass(frozen=True)
class RosterFacts:
    """What the roster rules need to know about one new or changed winner."""

    year: int
    institution: str
    institution_sector: str
    prize: str
    prize_sector: str
    prize_count: int
    prize_taken: int  # other winners of the same prize
    amount: Decimal
    sector_budget: Decimal | None
    sector_awarded: Decimal  # the other winners' money in the same sector and year
    holds_prize_already: bool
    recipient: str | None = None
    growth_indicator: str = ""
    min_growth_pct: Decimal | None = None
    growth_pct: Decimal | None = None


def roster_problems(facts: RosterFacts) -> list[str]:
    """Check one roster line against its prize's quota and its sector's budget (威政发〔2020〕6号 第六条)."""
    problems = []
    sector_label = Sector(facts.prize_sector).label
    if facts.institution_sector != facts.prize_sector:
        problems.append(
            f"{facts.institution}属于{Sector(facts.institution_sector).label}，"
            f"不能获得{sector_label}的奖项“{facts.prize}”（第六条）。"
        )
    if facts.recipient and facts.recipient != facts.institution:
        problems.append(
            f"奖项“{facts.prize}”由第六条（二）指定给{facts.recipient}，不能授予{facts.institution}。"
        )
    if facts.min_growth_pct is not None:
        if facts.growth_pct is None:
            problems.append(
                f"奖项“{facts.prize}”要求{facts.growth_indicator}不低于"
                f"{_pct(facts.min_growth_pct)}（第六条（二）），请填写实际增速。"
            )
        elif facts.growth_pct < facts.min_growth_pct:
            problems.append(
                f"{facts.growth_indicator}为{_pct(facts.growth_pct)}，低于第六条（二）要求的"
                f"{_pct(facts.min_growth_pct)}，不能获得奖项“{facts.prize}”。"
            )
    if facts.holds_prize_already:
        problems.append(
            f"{facts.institution}已获得{facts.year}年{sector_label}“{facts.prize}”，"
            "同一奖项不能重复授予同一机构（同一机构可以获得不同奖项）。"
        )
    elif facts.prize_taken + 1 > facts.prize_count:
        problems.append(
            f"{facts.year}年{sector_label}“{facts.prize}”名额为{facts.prize_count}名，"
            f"已有{facts.prize_taken}家机构获奖，不能再增加（第六条）。"
        )
    if facts.sector_budget is None:
        problems.append(f"{facts.year}年方案中没有{sector_label}的奖金（第六条）。")
    elif facts.sector_awarded + facts.amount > facts.sector_budget:
        problems.append(
            f"{facts.year}年{sector_label}奖金为{wan_yuan(facts.sector_budget)}，"
            f"已授予{wan_yuan(facts.sector_awarded)}，再授予{wan_yuan(facts.amount)}"
            f"将超出预算（第六条）。"
        )
    return problems


def _pct(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return f"{text}%"


# --------------------------------------------------------------------------- eligibility

ARTICLE_DEFINITIONS = "第三条"
ARTICLE_APPLICANTS = "第七条"
ARTICLE_DISQUALIFICATIONS = "第十条"
ARTICLE_REGULATOR_AWARDS = "第六条"


class Applicant:
    """Who is asking (第七条)."""

    LOCAL = "local"
    OUT_OF_TOWN = "out_of_town"
    INDIVIDUAL = "individual"


class Level:
    """Where a bank, insurer or securities firm sits (第三条)."""

    LEGAL_ENTITY = "legal_entity"
    CITY_BRANCH = "city_branch"
    LOWER_BRANCH = "lower_branch"


OTHER_SECTOR = "other"


@dataclass(frozen=True)
class Check:
    """One rule applied to the applicant: passed or not, why, and its article."""

    passed: bool
    text: str
    article: str


@dataclass(frozen=True)
class Disqualification:
    """A situation of 第十条 the applicant says applies to it."""

    item: str
    text: str


@dataclass(frozen=True)
class ApplicantFacts:
    sector: str  # a Sector value or OTHER_SECTOR
    level: str | None
    province_approved: bool | None
    applicant: str
    operating_years: int
    disqualifications: Sequence[Disqualification] = field(default_factory=tuple)


@dataclass(frozen=True)
class EligibilityAnswer:
    checks: list[Check]

    @property
    def eligible(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def reasons(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]


def award_eligibility(
    facts: ApplicantFacts,
    *,
    min_operating_years: int,
    in_force: bool,
    validity: str,
    validity_article: str,
) -> EligibilityAnswer:
    """Decide whether an institution may apply for the award (威政发〔2020〕6号 第三条、第七条、第十条)."""
    checks: list[Check] = []
    if in_force:
        checks.append(Check(True, f"本办法在所选日期有效（{validity}）。", validity_article))
    else:
        checks.append(
            Check(
                False,
                f"本办法在所选日期不在有效期内（{validity}），不能据此申报。",
                validity_article,
            )
        )

    if facts.applicant == Applicant.INDIVIDUAL:
        checks.append(Check(False, "不接受个人申报。", ARTICLE_APPLICANTS))
    elif facts.applicant == Applicant.OUT_OF_TOWN:
        checks.append(Check(False, "不接受外地机构申报。", ARTICLE_APPLICANTS))
    else:
        checks.append(Check(True, "申报主体是在本市设立的机构。", ARTICLE_APPLICANTS))

    is_regulator = facts.sector == Sector.REGULATOR
    checks.append(_kind_check(facts))
    if not is_regulator:
        if facts.operating_years >= min_operating_years:
            checks.append(
                Check(
                    True,
                    f"已在本市正常经营{facts.operating_years}个会计年度，"
                    f"达到{min_operating_years}个会计年度以上的要求。",
                    ARTICLE_APPLICANTS,
                )
            )
        else:
            checks.append(
                Check(
                    False,
                    f"在本市正常经营{facts.operating_years}个会计年度，"
                    f"不足{min_operating_years}个会计年度。",
                    ARTICLE_APPLICANTS,
                )
            )

    if facts.disqualifications:
        for situation in facts.disqualifications:
            checks.append(
                Check(
                    False,
                    f"存在第十条{situation.item}所列情形（{situation.text.rstrip('；。;')}），"
                    "取消当年奖励资格。",
                    ARTICLE_DISQUALIFICATIONS,
                )
            )
    else:
        checks.append(Check(True, "没有第十条所列取消奖励资格的情形。", ARTICLE_DISQUALIFICATIONS))
    return EligibilityAnswer(checks)


def _kind_check(facts: ApplicantFacts) -> Check:
    if facts.sector == Sector.REGULATOR:
        return Check(
            False,
            "监管机构不申报金融发展贡献奖；人民银行威海市中心支行、威海银保监分局的奖金"
            "按第六条（二）的条件直接确定。",
            ARTICLE_APPLICANTS,
        )
    if facts.sector == Sector.LOCAL_FINANCE:
        if facts.province_approved:
            return Check(
                True, "属于由山东省地方金融监督管理局批准设立的地方金融组织。", ARTICLE_DEFINITIONS
            )
        return Check(
            False,
            "地方金融组织须由山东省地方金融监督管理局批准设立。",
            ARTICLE_DEFINITIONS,
        )
    if facts.sector in (Sector.BANK, Sector.INSURANCE, Sector.SECURITIES):
        label = Sector(facts.sector).label
        if facts.level == Level.LEGAL_ENTITY:
            return Check(
                True, f"属于在本市设立的{label}（地方法人金融机构）。", ARTICLE_DEFINITIONS
            )
        if facts.level == Level.CITY_BRANCH:
            return Check(True, f"属于{label}在本市设立的市级及以上分支机构。", ARTICLE_DEFINITIONS)
        return Check(
            False,
            "金融机构限于地方法人金融机构或在本市设立的市级及以上分支机构，"
            "市级以下分支机构不在其列。",
            ARTICLE_DEFINITIONS,
        )
    return Check(
        False,
        "本办法所指金融机构限于银行、保险、证券三类，另有地方金融组织和监管机构；"
        "其他类型的机构不在奖励范围内。",
        ARTICLE_DEFINITIONS,
    )


# --------------------------------------------------------------------------- IP-pledge compensation


@dataclass(frozen=True)
class IpFigures:
    """The figures of 威市监发〔2020〕56号 第八条（二）, and the article that states them."""

    article: str
    provincial_pct: Decimal
    city_pct: Decimal
    first_year_city_cap: Decimal
    later_city_cap_ceiling: Decimal


@dataclass(frozen=True)
class IpCompensation:
    loss: Decimal
    business_year: int
    provincial: Decimal
    city_uncapped: Decimal
    city: Decimal
    city_cap: Decimal
    bank_remaining: Decimal
    cap_given: bool

    @property
    def city_capped(self) -> bool:
        return self.city < self.city_uncapped


def ip_city_cap_ceiling(*, business_year: int, figures: IpFigures) -> Decimal:
    """Return the most the city pays per loan in a business year (威市监发〔2020〕56号 第八条)."""
    return figures.first_year_city_cap if business_year == 1 else figures.later_city_cap_ceiling


def ip_compensation(
    *,
    loss: Decimal,
    business_year: int,
    figures: IpFigures,
    city_cap: Decimal | None = None,
) -> IpCompensation:
    """Split a bad IP-pledge loan's principal loss between province, city and bank (威市监发〔2020〕56号 第八条)."""
    if loss < 0:
        raise BadInput("本金损失不能为负数。")
    if loss != to_fen(loss):
        raise BadInput("本金损失以元为单位，最多保留两位小数（到分）。")
    if business_year < 1:
        raise BadInput("业务年度应为 1（第一个业务年度）或更大的整数。")
    ceiling = ip_city_cap_ceiling(business_year=business_year, figures=figures)
    if city_cap is not None:
        if business_year == 1:
            raise BadInput(
                f"第一个业务年度市级单笔补偿上限由{figures.article}规定为{yuan(ceiling)}，"
                "不按绩效考核确定，请不要填写市级补偿上限。"
            )
        if city_cap < 0:
            raise BadInput("市级补偿上限不能为负数。")
        if city_cap > ceiling:
            raise BadInput(
                f"以后年度市级单笔补偿上限根据银行绩效考核情况确定，最高不超过{yuan(ceiling)}"
                f"（{figures.article}），填写的{yuan(city_cap)}超过了这一数额。"
            )
        cap = city_cap
    else:
        cap = ceiling
    provincial = to_fen(loss * figures.provincial_pct / HUNDRED)
    city_uncapped = to_fen(loss * figures.city_pct / HUNDRED)
    city = min(city_uncapped, to_fen(cap))
    return IpCompensation(
        loss=loss,
        business_year=business_year,
        provincial=provincial,
        city_uncapped=city_uncapped,
        city=city,
        city_cap=to_fen(cap),
        bank_remaining=loss - provincial - city,
        cap_given=city_cap is not None,
    )
